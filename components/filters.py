"""Sidebar filters of the map page, kept in the URL query parameters.

A copied URL restores the view: ``?region=75&departement=47&fiche=3&texte=esat``.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components import cache, stores
from components.url_state import first, seed_from_url, write_to_url
from data import textes
from data.actions import url_filter
from data.actions.models import ActionFilter
from data.actions.search import normalize
from data.guide.catalogue import fiche_choices
from data.indicators.profile import social_first

LEVEL_OPTIONS = {
    "region": textes.NIVEAU_REGIONS,
    "departement": textes.NIVEAU_DEPARTEMENTS,
    "epci": textes.NIVEAU_EPCI,
    "commune": textes.NIVEAU_COMMUNES,
}
CLASS_OPTIONS = textes.CLASSES_LIBELLES
TERRITORY_KEYS = url_filter.TERRITORY_KEYS
KEYS = ("niveau", "indicateur", "classes", *TERRITORY_KEYS, "fiche", "methode", "public", "annees", "texte", "page")
#: Session key of the page of the table under the map (``?page=3``; back to 1 when the selection changes).
PAGE_KEY = "page"


def territory_options(level: str, within: tuple[str, str] | None = None) -> dict[str, str]:
    """Codes → labels of the territories of ``level`` (inside ``within``), sorted by name."""
    terr = stores.territories()
    if within is None:
        codes = {"region": terr.regions, "departement": terr.departements, "epci": terr.epcis}[level]["code"].tolist()
    else:
        codes = terr.children(within[0], within[1], level)
    items = [terr.get(level, code) for code in codes]
    return {t.code: t.label for t in sorted((t for t in items if t), key=lambda t: normalize(t.nom))}


def _clear() -> None:
    for key in KEYS:
        st.session_state.pop(key, None)


def _territory_select(label: str, key: str, options: dict[str, str], placeholder: str) -> str | None:
    """A selectbox over territory codes showing their names; None means all."""
    if st.session_state.get(key) is not None and st.session_state[key] not in options:
        st.session_state[key] = None
    return st.selectbox(label, list(options), index=None, format_func=options.get, placeholder=placeholder, key=key)


def _url_parsers(years: tuple[int, int]) -> dict:
    """How each widget reads its value from the URL (the parsing lives in ``data.actions.url_filter``)."""
    guide = stores.guide()
    return {
        "niveau": lambda p: p["niveau"][0] if p.get("niveau", [""])[0] in LEVEL_OPTIONS else None,
        "indicateur": first("indicateur"),
        "classes": lambda p: p["classes"][0] if p.get("classes", [""])[0] in CLASS_OPTIONS else None,
        **{k: first(k) for k in TERRITORY_KEYS},
        "fiche": url_filter.fiches,
        "methode": lambda p: url_filter.slugs(p, "methode", guide.methode),
        "public": lambda p: url_filter.slugs(p, "public", guide.public),
        "annees": lambda p: url_filter.year_range(p, years),
        "texte": url_filter.text,
        PAGE_KEY: lambda p: int(p[PAGE_KEY][0]) if url_filter.is_plain_int(p.get(PAGE_KEY, [""])[0], 6) else None,
    }


@dataclass(frozen=True)
class MapChoice:
    """How the map is drawn: level of shapes, and an optional indicator."""

    level: str
    indicator: str | None
    classes: str


def _map_controls() -> MapChoice:
    st.session_state.setdefault("niveau", "departement")
    level = st.segmented_control(textes.NIVEAU_CARTE, list(LEVEL_OPTIONS), format_func=LEVEL_OPTIONS.get, key="niveau") or "departement"
    families = {f.slug: f.libelle for f in cache.families()}
    levels = cache.indicator_levels()
    available = [i for i in cache.indicators() if level in levels.get(i.code, [])]
    # Official social statistics first, grouped by family ("Revenus et pauvreté — Taux de pauvreté…").
    options = {i.code: f"{families.get(i.famille, i.famille)} — {i.libelle}" for i in social_first(available, list(families))}
    if st.session_state.get("indicateur") not in (None, *options):
        st.session_state["indicateur"] = None
    indicator = st.selectbox(
        textes.CARTE_INDICATEUR, list(options), index=None, format_func=options.get,
        placeholder=textes.CARTE_SANS_INDICATEUR, key="indicateur",
    )
    classes = st.radio(
        textes.CARTE_CLASSES, list(CLASS_OPTIONS), format_func=CLASS_OPTIONS.get, key="classes", horizontal=True,
        disabled=indicator is None,
    )
    return MapChoice(level, indicator, classes or "quantiles")


def sidebar_filters() -> tuple[ActionFilter, MapChoice]:
    """Draw the filters, keep them in the URL, return the selection and the map choice."""
    guide = stores.guide()
    years = cache.year_bounds() or (2000, 2026)
    seed_from_url("carte", _url_parsers(years))
    with st.sidebar:
        choice = _map_controls()
        st.header(textes.FILTRES)
        region = _territory_select(textes.FILTRE_REGION, "region", territory_options("region"), textes.FILTRE_TOUTES)
        departement = _territory_select(
            textes.FILTRE_DEPARTEMENT,
            "departement",
            territory_options("departement", within=("region", region) if region else None),
            textes.FILTRE_TOUS,
        )
        epci = commune = None
        if departement:
            epci = _territory_select(textes.FILTRE_EPCI, "epci", territory_options("epci", within=("departement", departement)), textes.FILTRE_TOUS)
            within = ("epci", epci) if epci else ("departement", departement)
            commune = _territory_select(textes.FILTRE_COMMUNE, "commune", territory_options("commune", within=within), textes.FILTRE_TOUTES)
        fiches = fiche_choices(stores.fiches())  # confirmed titles first, the others by number
        chosen_fiches = st.multiselect(
            textes.FILTRE_FICHES, list(fiches), format_func=fiches.get, key="fiche", placeholder=textes.FILTRE_TOUTES
        )
        methods = {m.slug: m.libelle for m in guide.methodes}
        chosen_methods = st.multiselect(
            textes.FILTRE_METHODES, list(methods), format_func=methods.get, key="methode", placeholder=textes.FILTRE_TOUTES
        )
        publics = {p.slug: p.libelle for p in guide.publics}
        chosen_publics = st.multiselect(
            textes.FILTRE_PUBLICS, list(publics), format_func=publics.get, key="public", placeholder=textes.FILTRE_TOUS
        )
        low, high = st.slider(textes.FILTRE_ANNEES, min_value=years[0], max_value=years[1], value=years, key="annees")
        text = st.text_input(textes.FILTRE_TEXTE, key="texte", help=textes.FILTRE_TEXTE_AIDE, max_chars=200)
        st.button(textes.FILTRE_REINITIALISER, on_click=_clear)
        st.caption(textes.PARTAGE_URL)
    selection = ActionFilter(
        region=region,
        departement=departement,
        epci=epci,
        commune=commune,
        fiches=tuple(sorted(chosen_fiches)),
        methodes=tuple(sorted(chosen_methods)),
        publics=tuple(sorted(chosen_publics)),
        annee_min=low if low > years[0] else None,
        annee_max=high if high < years[1] else None,
        texte=(text or "").strip(),
    )
    if st.session_state.get("page.selection", selection) != selection:
        st.session_state[PAGE_KEY] = 1  # a new selection starts at its first page
    st.session_state["page.selection"] = selection
    page = st.session_state.get(PAGE_KEY)
    write_to_url(
        {
            "niveau": choice.level if choice.level != "departement" else None,
            "indicateur": choice.indicator,
            "classes": choice.classes if choice.indicator and choice.classes != "quantiles" else None,
            "region": region,
            "departement": departement,
            "epci": epci,
            "commune": commune,
            "fiche": [str(n) for n in selection.fiches],
            "methode": list(selection.methodes),
            "public": list(selection.publics),
            "annee_min": str(selection.annee_min) if selection.annee_min else None,
            "annee_max": str(selection.annee_max) if selection.annee_max else None,
            "texte": selection.texte or None,
            PAGE_KEY: str(page) if isinstance(page, int) and page > 1 else None,
        }
    )
    return selection, choice
