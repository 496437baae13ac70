"""Colouring the map by an indicator: classes, colours and the legend (as data, written by the browser)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from components.map import Choropleth
from data import textes
from data.formatting import fmt_value
from data.indicators.catalogue import Indicator
from data.indicators.classes import NO_DATA_COLOR, breaks, class_of, colors_for


def legend_data(indicator: Indicator, vintage: str, bounds: list[float], colors: list[str], low: float) -> dict:
    """The legend as data: title, unit, one [colour, text] per class, 'no data', source and vintage."""
    classes = []
    previous = low
    for upper, color in zip(bounds, colors):
        text = textes.LEGENDE_CLASSE.format(bas=fmt_value(previous, indicator.unite), haut=fmt_value(upper, indicator.unite))
        classes.append([color, text])
        previous = upper
    return {
        "title": indicator.libelle,
        "unit": indicator.unite,
        "classes": classes,
        "absent": textes.LEGENDE_SANS_DONNEE,
        "source": textes.LEGENDE_SOURCE.format(source=indicator.source, millesime=vintage),
    }


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
        legend=legend_data(indicator, vintage, bounds, colors, float(finite.min())),
        no_data_color=NO_DATA_COLOR,
    )
