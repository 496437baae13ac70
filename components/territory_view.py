"""Territory profile and comparison: tables, charts, actions and similar territories."""
from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from components import cache, stores
from components.charts import french_axis
from components.links import page_links
from components.markdown import md_escape, md_link
from components.territory_links import link_column, profile_cell, profile_link
from data import textes
from data.actions.models import ActionFilter
from data.formatting import fmt_value
from data.guide.catalogue import fiche_label, is_confirmed
from data.indicators.catalogue import FRANCE_CODE, Indicator
from data.indicators.profile import parent_ref, profile_table
from data.indicators.similarity import similar_territories


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
        links = " › ".join(md_link(p.label, profile_link(p.level, p.code)) for p in reversed(parents))
        st.markdown(f"{textes.TERRITOIRE_PARENTS} : {links}")


def indicator_table(level: str, code: str) -> tuple[dict[str, float], dict[str, float] | None, str | None]:
    """Key indicators with the parent's and France's values; returns the raw values."""
    own = cache.territory_values(level, code)
    parent = parent_ref(level, code, stores.territories())
    parent_values = cache.territory_values(*parent) if parent else None
    parent_label = label_of(*parent) if parent else None
    france = cache.territory_values("france", FRANCE_CODE)
    table = profile_table(cache.indicators(), own, parent_values, france, parent_label, cache.vintages())
    st.dataframe(table, hide_index=True, width="stretch", key="tableau_indicateurs")
    return own, parent_values, parent_label


def family_charts(columns: dict[str, dict[str, float]]) -> None:
    """One small chart per family: each rate or mean indicator, territory by territory."""
    indicators = [i for i in cache.indicators() if i.agregation != "somme"]
    for family in cache.families():
        members = [i for i in indicators if i.famille == family.slug]
        rows = [
            {"Indicateur": f"{i.libelle} ({i.unite})", "Territoire": label, "Valeur": values.get(i.code),
             "Texte": fmt_value(values.get(i.code), i.unite)}
            for i in members
            for label, values in columns.items()
            if values.get(i.code) is not None and not math.isnan(values.get(i.code))
        ]
        if not rows:
            continue
        st.markdown(f"**{md_escape(family.libelle)}**")
        chart = (
            alt.Chart(pd.DataFrame(rows))
            .mark_bar()
            .encode(
                x=alt.X("Valeur:Q", axis=french_axis()),
                y=alt.Y("Territoire:N", title=None, sort=list(columns)),
                color=alt.Color("Territoire:N", legend=None, scale=alt.Scale(scheme="viridis")),
                tooltip=["Indicateur", "Territoire", alt.Tooltip("Texte:N", title="Valeur")],
            )
            .properties(height=22 * len(columns))
            .facet(row=alt.Row("Indicateur:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")))
            .resolve_scale(x="independent")
        )
        st.altair_chart(chart, width="content")


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
    st.markdown(", ".join(md_link(fiche_label(fiches[n]), f"/fiche?numero={n}") for n in leads) or "—")
    to_complete = sum(1 for n in fiches if n not in used and not is_confirmed(fiches[n]))
    if to_complete:  # the guide's gaps: one line, not a wall of "intitulé à compléter"
        st.markdown(textes.TERRITOIRE_PISTES_A_COMPLETER.format(n=to_complete))


def similar_section(level: str, code: str) -> None:
    """The ten most similar territories of the same level, with their documented actions."""
    st.subheader(textes.TERRITOIRE_SEMBLABLES)
    available = [i for i in cache.indicators() if level in cache.indicator_levels().get(i.code, [])]
    options = {i.code: i.libelle for i in available if i.agregation != "somme" or i.code == "population"}
    default = [c for c in ("densite", "part_pop_petites_communes", "part_75_ans_plus", "taux_pauvrete", "taux_chomage") if c in options]
    chosen = st.multiselect(
        textes.TERRITOIRE_SEMBLABLES_CHOIX, list(options), default=default, format_func=options.get, key="semblables",
        placeholder=textes.CHOISIR_OPTIONS,
    )
    st.caption(textes.TERRITOIRE_SEMBLABLES_EXPLICATION)
    if not chosen:
        st.info(textes.TERRITOIRE_SEMBLABLES_VIDE)
        return
    matrix = pd.DataFrame({c: cache.indicator_values(c, level) for c in chosen})
    nearest = similar_territories(matrix, code, k=11)
    counts = cache.action_counts_by(level)
    table = pd.DataFrame(
        {
            textes.COL_TERRITOIRE: [profile_cell(level, c, label_of(level, c)) for c in nearest["code"]],
            textes.COL_DISTANCE: nearest["distance"].round(2),
            textes.COL_ACTIONS: [counts.get(c, 0) for c in nearest["code"]],
            textes.COL_PROFIL: [profile_link(level, c) for c in nearest["code"]],
        }
    )
    st.dataframe(
        table.iloc[1:],
        hide_index=True,
        width="stretch",
        column_config={
            textes.COL_PROFIL: st.column_config.LinkColumn(textes.COL_PROFIL, display_text=textes.VOIR_PROFIL),
            textes.COL_TERRITOIRE: link_column(textes.COL_TERRITOIRE),
        },
        key="tableau_semblables",
    )


def indicator_by_code(code: str) -> Indicator | None:
    """The catalogue entry of an indicator."""
    return next((i for i in cache.indicators(with_values_only=False) if i.code == code), None)
