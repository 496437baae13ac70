"""The atlas's Altair charts (indicator series and families, French number format).

Altair takes a quarter of a second to import: only the pages that draw a chart load
this module. Streamlit keeps only ``theme``, ``renderer`` and ``padding`` of Vega-Embed's options,
so ``formatLocale`` cannot be passed: axes format their labels with a Vega
expression, and tooltips show a text already formatted by ``data.formatting``.
"""
from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from components import cache
from components.markdown import md_escape
from components.territory_view import ordered_indicators
from data.formatting import fmt_value
from data.indicators.catalogue import vintage_key

#: Axis labels: ``1234.5`` → ``1 234,5`` (narrow no-break space, decimal comma).
FRENCH_LABELS = "replace(replace(format(datum.value, ',~f'), /,/g, '\u202f'), '.', ',')"


def french_axis(title: str | None = None) -> alt.Axis:
    """An axis whose numbers read the French way."""
    return alt.Axis(title=title, labelExpr=FRENCH_LABELS)


def series_charts(refs: dict[str, tuple[str, str]]) -> bool:
    """Small multiples of the indicators with several vintages (2018–2022 publications, Filosofi 2020–2021)."""
    rows = []
    for ind in ordered_indicators():
        for label, (level, code) in refs.items():
            series = cache.indicator_series(ind.code, level, code)
            finite = {v: x for v, x in series.items() if x is not None and not math.isnan(x)}
            if len(finite) < 2:
                continue
            for vintage, value in finite.items():
                rows.append({"Indicateur": f"{ind.libelle} ({ind.unite})" if ind.unite else ind.libelle,
                             "Millésime": vintage, "Territoire": label, "Valeur": value})
    if not rows:
        return False
    frame = pd.DataFrame(rows)
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("Millésime:N", title=None, sort=sorted(frame["Millésime"].unique(), key=vintage_key)),
            y=alt.Y("Valeur:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color("Territoire:N", scale=alt.Scale(scheme="viridis"), sort=list(refs)),
            tooltip=["Indicateur", "Territoire", "Millésime", alt.Tooltip("Valeur:Q", format=",.1f")],
        )
        .properties(width=220, height=140)
        .facet(facet=alt.Facet("Indicateur:N", title=None), columns=3)
        .resolve_scale(y="independent", x="independent")
    )
    st.altair_chart(chart, width="content")
    return True


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
