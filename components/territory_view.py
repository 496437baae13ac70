"""Territory profile and comparison: tables, charts, actions and similar territories."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from components import cache, stores
from components.html_view import Link, show_links, show_sentence, show_table
from components.links import page_links
from components.territory_links import profile_link
from data import textes
from data.actions.models import ActionFilter
from data.formatting import fmt_number
from data.guide.catalogue import fiche_label, is_confirmed
from data.indicators.catalogue import FRANCE_CODE, Indicator
from data.indicators.official import describe
from data.indicators.profile import parent_ref, profile_table, social_first
from data.indicators.similarity import rank_similar


def label_of(level: str, code: str) -> str:
    """Display name of a territory ('France' for the country)."""
    if level == "france":
        return textes.FRANCE
    territory = stores.territories().get(level, code)
    return territory.label if territory else code


def show_parents(level: str, code: str) -> None:
    """Links to the enclosing territories' profiles."""
    parents = stores.territories().parents(level, code)
    if parents:
        items = [Link(p.label, profile_link(p.level, p.code)) for p in reversed(parents)]
        show_links(items, separator=" › ", before=f"{textes.TERRITOIRE_PARENTS} :")


def ordered_indicators() -> list[Indicator]:
    """Indicators with values, the official social statistics first, by family."""
    return social_first(cache.indicators(), [f.slug for f in cache.families()])


def cell_texts(level: str, code: str, values: dict[str, float], indicators: list[Indicator]) -> dict[str, str]:
    """For indicators published as is and missing here: « secret statistique », why not, or the spread of the parts."""
    levels = cache.indicator_levels()
    out = {}
    for ind in indicators:
        value = values.get(ind.code)
        if ind.agregation != "aucune" or (value is not None and not math.isnan(value)):
            continue
        cell = describe(ind, level, code, values, levels.get(ind.code, []), cache.indicator_values, stores.territories())
        out[ind.code] = cell.text
    return out


def indicator_table(level: str, code: str) -> tuple[dict[str, float], dict[str, float] | None, str | None]:
    """Key indicators (social ones first) with the parent's and France's values; returns the raw values."""
    indicators = ordered_indicators()
    own = cache.territory_values(level, code)
    parent = parent_ref(level, code, stores.territories())
    parent_values = cache.territory_values(*parent) if parent else None
    parent_label = label_of(*parent) if parent else None
    france = cache.territory_values("france", FRANCE_CODE)
    texts = {textes.COL_VALEUR: cell_texts(level, code, own, indicators), textes.FRANCE: cell_texts("france", FRANCE_CODE, france, indicators)}
    if parent and parent_label:
        texts[parent_label] = cell_texts(*parent, parent_values or {}, indicators)
    table = profile_table(indicators, own, parent_values, france, parent_label, cache.vintages(), texts)
    st.dataframe(table, hide_index=True, width="stretch", key="tableau_indicateurs")
    st.caption(textes.TERRITOIRE_FRANCE_ABSENTE)
    return own, parent_values, parent_label


def actions_and_fiches(level: str, code: str) -> None:
    """Actions located in the territory (and its children), the fiches they use, the others as leads."""
    found = cache.actions(ActionFilter(**{level: code}))
    st.subheader(textes.TERRITOIRE_ACTIONS)
    if found.empty:
        st.info(textes.TERRITOIRE_AUCUNE_ACTION)
    else:
        page_links((t, f"/action?id={i}") for i, t in zip(found["id"], found["titre"]))
    used = sorted({n for fiches in found["fiches"] for n in fiches})
    fiches = {f.numero: f for f in stores.fiches()}
    st.subheader(textes.TERRITOIRE_FICHES)
    page_links((fiche_label(fiches[n]), f"/fiche?numero={n}") for n in used)
    st.subheader(textes.TERRITOIRE_PISTES)
    leads = [n for n in fiches if n not in used and is_confirmed(fiches[n])]
    show_links(Link(fiche_label(fiches[n]), f"/fiche?numero={n}") for n in leads)
    to_complete = sum(1 for n in fiches if n not in used and not is_confirmed(fiches[n]))
    if to_complete:  # the guide's gaps: one line, not a wall of "intitulé à compléter"
        show_sentence(textes.TERRITOIRE_PISTES_A_COMPLETER.format(n=to_complete, lien="{lien}"), Link(textes.LE_GUIDE, "/guide"))


#: Indicators compared by default, in this order, where the level has them.
SIMILAR_DEFAULTS = {
    "commune": ("revenu_median", "densite", "population", "part_logements_sociaux", "part_75_ans_plus"),
    "default": ("taux_pauvrete", "densite", "part_60_ans_plus", "population", "taux_logements_sociaux"),
}


def default_similarity_indicators(level: str) -> list[str]:
    """The indicators compared by default for territories of ``level`` (those the level has)."""
    available = {i.code for i in ordered_indicators() if level in cache.indicator_levels().get(i.code, [])}
    return [c for c in SIMILAR_DEFAULTS.get(level, SIMILAR_DEFAULTS["default"]) if c in available]


def similar_territories(
    level: str, code: str, indicators: list[str], allowed: set[str] | None, k: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicator matrix of ``level`` and the ``k`` territories nearest to ``code`` on it (see ``rank_similar``)."""
    matrix = pd.DataFrame({c: cache.indicator_values(c, level) for c in indicators})
    sizes = cache.indicator_values("population", level) if level == "commune" else None
    return matrix, rank_similar(matrix, code, k=k, allowed=allowed, sizes=sizes)


def similar_section(level: str, code: str) -> None:
    """The ten most similar territories of the same level, with their documented actions."""
    st.subheader(textes.TERRITOIRE_SEMBLABLES)
    available = [i for i in ordered_indicators() if level in cache.indicator_levels().get(i.code, [])]
    options = {
        i.code: textes.SEMBLABLES_TAILLE if i.code == "population" else i.libelle
        for i in available
        if i.agregation != "somme" or i.code == "population"
    }
    default = [c for c in SIMILAR_DEFAULTS.get(level, SIMILAR_DEFAULTS["default"]) if c in options]
    chosen = st.multiselect(
        textes.TERRITOIRE_SEMBLABLES_CHOIX, list(options), default=default, format_func=options.get, key="semblables",
        placeholder=textes.CHOISIR_OPTIONS,
    )
    only_actions = st.checkbox(textes.SEMBLABLES_AVEC_ACTIONS, key="semblables.actions")
    st.caption(textes.TERRITOIRE_SEMBLABLES_EXPLICATION)
    if not chosen:
        st.info(textes.TERRITOIRE_SEMBLABLES_VIDE)
        return
    counts = cache.action_counts_by(level)
    allowed = {c for c, n in counts.items() if n > 0} if only_actions else None
    matrix, nearest = similar_territories(level, code, chosen, allowed, k=10)
    if nearest.empty:
        st.info(textes.SEMBLABLES_AUCUN)
        return
    used = [c for c in chosen if c in matrix and not math.isnan(matrix[c].get(code, math.nan))]
    left_out = [options[c] for c in chosen if c not in used]
    if left_out:
        st.caption(textes.SEMBLABLES_SANS_VALEUR.format(indicateurs=", ".join(left_out)))

    def compared(shared: int, missing: list[str]) -> str:
        text = textes.SEMBLABLES_COMPARES.format(n=shared, total=len(used))
        return text + (textes.SEMBLABLES_MANQUE.format(indicateurs=", ".join(options[m] for m in missing)) if missing else "")

    rows = [
        [Link(label_of(level, c), profile_link(level, c)), fmt_number(d, 2), compared(n, m), fmt_number(counts.get(c, 0), 0)]
        for c, d, n, m in zip(nearest["code"], nearest["distance"], nearest["compares"], nearest["manquants"])
    ]
    columns = [textes.COL_TERRITOIRE, textes.COL_DISTANCE, textes.COL_COMPARES, textes.COL_ACTIONS]
    show_table(columns, rows, caption=textes.TERRITOIRE_SEMBLABLES, numeric=(1, 3))


def indicator_by_code(code: str) -> Indicator | None:
    """The catalogue entry of an indicator."""
    return next((i for i in cache.indicators(with_values_only=False) if i.code == code), None)
