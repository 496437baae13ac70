"""French number format in Altair charts.

Streamlit keeps only ``theme``, ``renderer`` and ``padding`` of Vega-Embed's options,
so ``formatLocale`` cannot be passed: axes format their labels with a Vega
expression, and tooltips show a text already formatted by ``data.formatting``.
"""
from __future__ import annotations

import altair as alt

#: Axis labels: ``1234.5`` → ``1 234,5`` (narrow no-break space, decimal comma).
FRENCH_LABELS = "replace(replace(format(datum.value, ',~f'), /,/g, '\u202f'), '.', ',')"


def french_axis(title: str | None = None) -> alt.Axis:
    """An axis whose numbers read the French way."""
    return alt.Axis(title=title, labelExpr=FRENCH_LABELS)
