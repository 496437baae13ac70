"""Choosing territories to compare, and the side-by-side views."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from components import cache, stores
from components.charts import family_charts, series_charts
from components.html_view import Cell, Link, show_link_list, show_links, show_table
from components.territory_view import (
    cell_texts,
    label_of,
    ordered_indicators,
    profile_link,
)
from data import textes
from data.actions.models import ActionFilter
from data.formatting import fmt_number
from data.guide.catalogue import fiche_label
from data.indicators.catalogue import FRANCE_CODE
from data.indicators.profile import comparison_table, gap_sentences

SEARCH_LEVELS = ("departement", "region", "epci", "commune")


def _remove(key: str, ref: tuple[str, str]) -> None:
    st.session_state[key] = [r for r in st.session_state[key] if r != ref]


def _add(key: str) -> None:
    ref = st.session_state.get("comparer.resultat")
    if ref and ref not in st.session_state[key] and len(st.session_state[key]) < 4:
        st.session_state[key] = [*st.session_state[key], ref]


def territory_picker(key: str) -> list[tuple[str, str]]:
    """The chosen territories (removable), and a search to add one (4 at most)."""
    chosen: list[tuple[str, str]] = st.session_state[key]
    st.markdown(f"**{textes.COMPARER_CHOIX}**")
    for ref in chosen:
        left, right = st.columns([5, 1])
        with left:
            show_links([Link(label_of(*ref), profile_link(*ref))], before=f"• {textes.NIVEAUX_LIBELLES[ref[0]]} :")
        right.button("Retirer", key=f"retirer.{ref[0]}.{ref[1]}", on_click=_remove, args=(key, ref))
    if len(chosen) >= 4:
        st.caption(textes.COMPARER_TROP)
        return chosen
    query = st.text_input(textes.COMPARER_RECHERCHE, key="comparer.recherche", max_chars=100)
    if query.strip():
        terr = stores.territories()
        found = [(t.level, t.code) for level in SEARCH_LEVELS for t in terr.search(query, level=level, limit=5)]
        labels = {ref: f"{label_of(*ref)} — {textes.NIVEAUX_LIBELLES[ref[0]]}" for ref in found}
        st.selectbox(textes.COMPARER_RESULTATS, found, format_func=labels.get, placeholder=textes.CHOISIR_OPTION, key="comparer.resultat")
        st.button(textes.COMPARER_AJOUTER, on_click=_add, args=(key,), disabled=not found)
    return chosen


def compare(chosen: list[tuple[str, str]]) -> None:
    """Indicators side by side, charts, actions per fiche and large gaps with France."""
    columns = {label_of(*ref): cache.territory_values(*ref) for ref in chosen}
    france = cache.territory_values("france", FRANCE_CODE)
    indicators = ordered_indicators()
    st.subheader(textes.COMPARER_TABLEAU)
    texts = {label_of(*ref): cell_texts(*ref, columns[label_of(*ref)], indicators) for ref in chosen}
    texts[textes.FRANCE] = cell_texts("france", FRANCE_CODE, france, indicators)
    table = comparison_table(indicators, {**columns, textes.FRANCE: france}, cache.vintages(), texts)
    show_table(_headers(table.columns, chosen), table.to_numpy().tolist(), caption=textes.COMPARER_TABLEAU,
               numeric=range(1, len(chosen) + 2))
    st.caption(textes.TERRITOIRE_FRANCE_ABSENTE)
    st.subheader(textes.COMPARER_ECARTS)
    sentences = gap_sentences(indicators, columns, france)
    if sentences:
        show_link_list(_linked_sentence(s, chosen) for s in sentences)  # each territory's name links to its profile
    else:
        st.markdown(textes.COMPARER_AUCUN_ECART)
    st.subheader(textes.COMPARER_GRAPHIQUE)
    family_charts({**columns, textes.FRANCE: france})
    st.subheader(textes.COMPARER_SERIES)
    if not series_charts({label_of(*ref): ref for ref in chosen}):
        st.caption(textes.TERRITOIRE_SANS_SERIE)
    st.subheader(textes.COMPARER_FICHES)
    fiches = {f.numero: f for f in stores.fiches()}
    counts = {}
    for ref in chosen:
        found = cache.actions(ActionFilter(**{ref[0]: ref[1]}))
        counts[label_of(*ref)] = pd.Series([n for f in found["fiches"] for n in f], dtype=int).value_counts()
    frame = pd.DataFrame(counts).fillna(0).astype(int).sort_index()
    rows = [
        [Link(fiche_label(fiches[n]), f"/fiche?numero={n}"), *(fmt_number(v, 0) for v in values)]
        for n, values in zip(frame.index, frame.to_numpy().tolist())
    ]
    show_table(_headers([textes.COL_FICHE, *frame.columns], chosen), rows, caption=textes.COMPARER_FICHES,
               numeric=range(1, len(frame.columns) + 1))


def _linked_sentence(sentence: str, chosen: list[tuple[str, str]]) -> tuple[Link, str] | str:
    """A gap sentence whose leading territory name becomes a link to its profile."""
    for ref in chosen:
        label = label_of(*ref)
        if sentence.startswith(f"{label} — "):
            return Link(label, profile_link(*ref)), sentence[len(label) + 3:]
    return sentence


def _headers(labels: Iterable[str], chosen: list[tuple[str, str]]) -> list[Cell]:
    """Column headers: each chosen territory's name links to its profile."""
    refs = {label_of(*ref): ref for ref in chosen}
    return [Link(label, profile_link(*refs[label])) if label in refs else label for label in labels]
