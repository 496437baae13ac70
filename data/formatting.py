"""French number formatting with Babel (never locale.setlocale, which is not thread-safe)."""
from __future__ import annotations

import math

from babel.numbers import format_decimal

from data import textes

DECIMALS_BY_UNIT = {"%": 1, "hab./km²": 1, "km²": 0, "hab.": 0, "communes": 0, "€": 0, "points": 1, "indice": 3}
#: Units shown by their number alone (an index from 0 to 1).
UNITS_WITHOUT_SUFFIX = frozenset({"indice"})


def fmt_number(value: float | None, decimals: int = 1) -> str:
    """'21,3', '332 842' (narrow no-break spaces as thousand separators)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return textes.VALEUR_ABSENTE
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(value, format=pattern, locale="fr_FR")


def fmt_value(value: float | None, unit: str) -> str:
    """A value with its unit: '21,3 %', '332 842 hab.', 'n.d.' when missing."""
    text = fmt_number(value, DECIMALS_BY_UNIT.get(unit, 1))
    if text == textes.VALEUR_ABSENTE or not unit or unit in UNITS_WITHOUT_SUFFIX:
        return text
    return f"{text} {unit}"
