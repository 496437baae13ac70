"""One indicator of the catalogue, and the indicators related to a fiche."""
from __future__ import annotations

import streamlit as st

from components import cache, stores
from components.html_view import Link, show_link_list, show_links
from components.markdown import md_escape
from data import textes
from data.formatting import fmt_number
from data.guide.catalogue import fiche_label
from data.indicators.catalogue import Indicator


def show_indicator(indicator: Indicator, family: str) -> None:
    """Definition, unit, producer, vintages, licence, levels and counts, upper-level rule, related fiches."""
    levels = cache.indicator_levels().get(indicator.code, [])
    counts = cache.value_counts()
    fiches = {f.numero: f for f in stores.fiches()}
    with st.expander(f"{indicator.libelle} — {family}"):
        st.markdown(f"**{textes.INDICATEUR_DEFINITION}** : {md_escape(indicator.definition)}")
        st.markdown(f"**{textes.INDICATEUR_UNITE}** : {md_escape(indicator.unite or textes.INDICATEUR_SANS_UNITE)}")
        producer, _sep, licence = indicator.source.partition(" — ")
        st.markdown(f"**{textes.INDICATEUR_SOURCE}** : {md_escape(producer)}")
        if licence:
            st.markdown(f"**{textes.INDICATEUR_LICENCE}** : {md_escape(licence)}")
        vintages = cache.vintage_lists().get(indicator.code) or [indicator.millesime or "—"]
        st.markdown(f"**{textes.INDICATEUR_MILLESIME}** : {md_escape(', '.join(vintages))}")
        level_text = ", ".join(
            textes.INDICATEUR_NIVEAU_COMPTE.format(niveau=textes.NIVEAUX_LIBELLES[lv], n=fmt_number(counts.get((indicator.code, lv), 0), 0))
            for lv in levels
        ) or textes.INDICATEUR_SANS_VALEUR
        st.markdown(f"**{textes.INDICATEUR_NIVEAUX}** : {md_escape(level_text)}")
        rule = textes.AGREGATION_LIBELLES[indicator.agregation]
        if indicator.agregation == "aucune":
            rule = textes.AGREGATION_AUCUNE_DETAIL
        st.markdown(f"**{textes.INDICATEUR_AGREGATION}** : {md_escape(rule)}")
        links = [Link(fiche_label(fiches[n]), f"/fiche?numero={n}") for n in indicator.fiches if n in fiches]
        show_links(links, empty=textes.INDICATEUR_SANS_FICHE, before=f"{textes.INDICATEUR_FICHES} :")
        if indicator.lien_fiches:
            st.caption(md_escape(indicator.lien_fiches))


def indicators_of_fiche(numero: int) -> None:
    """The indicators whose bridge points to this fiche."""
    st.subheader(textes.FICHE_INDICATEURS)
    related = [i for i in cache.indicators(with_values_only=False) if numero in i.fiches]
    if not related:
        st.caption(textes.FICHE_AUCUN_INDICATEUR)
    show_link_list((Link(i.libelle, "/indicateurs"), i.lien_fiches or "") for i in related)
