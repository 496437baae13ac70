"""Colouring the map by an indicator: classes, colours and an escaped legend."""
from __future__ import annotations

import numpy as np
import pandas as pd

from components.map import Choropleth, escape
from data import textes
from data.formatting import fmt_value
from data.indicators.catalogue import Indicator
from data.indicators.classes import NO_DATA_COLOR, breaks, class_of, colors_for

LEGEND_STYLE = (
    "position:absolute;bottom:28px;right:10px;z-index:1000;background:#fff;padding:8px 10px;"
    "border:1px solid #888;border-radius:4px;font:13px/1.35 sans-serif;color:#222;max-width:260px"
)
SWATCH = "display:inline-block;width:14px;height:12px;margin-right:6px;vertical-align:middle;border:1px solid #555"


def legend_html(indicator: Indicator, vintage: str, bounds: list[float], colors: list[str], low: float) -> str:
    """The legend: title, unit, one line per class, 'no data', source and vintage."""
    lines = [f'<div class="atlas-legende" role="note" lang="fr" style="{LEGEND_STYLE}">']
    lines.append(f"<strong>{escape(indicator.libelle)}</strong> ({escape(indicator.unite)})<br>")
    previous = low
    for upper, color in zip(bounds, colors):
        text = textes.LEGENDE_CLASSE.format(bas=fmt_value(previous, indicator.unite), haut=fmt_value(upper, indicator.unite))
        lines.append(f'<span style="{SWATCH};background:{color}"></span>{escape(text)}<br>')
        previous = upper
    lines.append(
        f'<span style="{SWATCH};background:{NO_DATA_COLOR};border-style:dashed"></span>{escape(textes.LEGENDE_SANS_DONNEE)}<br>'
    )
    source = textes.LEGENDE_SOURCE.format(source=indicator.source, millesime=vintage)
    lines.append(f'<small>{escape(source)}</small></div>')
    return "".join(lines)


def make_choropleth(indicator: Indicator, values: pd.Series, method: str, vintage: str) -> Choropleth | None:
    """Classes and colours of ``values`` (indexed by territory code); None if no value."""
    finite = values[np.isfinite(values.to_numpy(dtype=float))]
    if finite.empty:
        return None
    bounds = breaks(finite.to_numpy(dtype=float), method)
    colors = colors_for(len(bounds))
    fill = {code: colors[class_of(v, bounds)] for code, v in finite.items()}
    text = {code: fmt_value(v, indicator.unite) for code, v in finite.items()}
    return Choropleth(
        colors=fill,
        values_text=text,
        legend_html=legend_html(indicator, vintage, bounds, colors, float(finite.min())),
        no_data_color=NO_DATA_COLOR,
    )
