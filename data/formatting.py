"""French numbers and dates with Babel (never locale.setlocale, which is not thread-safe)."""
from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal

from data import textes
from data.plurals import plural

#: Times are stored in UTC and always shown in metropolitan French time.
PARIS = ZoneInfo("Europe/Paris")
#: Units that are nouns and agree with their value (« 1 commune », « 2 communes »).
UNIT_SINGULARS = {"communes": "commune"}

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
    return f"{text} {plural(value, UNIT_SINGULARS.get(unit, unit), unit)}"


def _missing(value: object) -> bool:
    """None, NaN or pandas' NA."""
    try:
        return value is None or math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def years_label(debut: int | float | None, fin: int | float | None) -> str:
    """'2008–2016', 'depuis 2014' or 'années non précisées' (missing years may come as NaN)."""
    if _missing(debut):
        return textes.ANNEES_INCONNUES
    debut = int(debut)
    if _missing(fin):
        return textes.ANNEES_DEPUIS.format(debut=debut)
    fin = int(fin)
    return str(debut) if fin == debut else textes.ANNEES_PERIODE.format(debut=debut, fin=fin)


def fmt_date(value: dt.date | None) -> str:
    """« 1 décembre 2026 » (empty text for no date)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = to_paris(value).date()
    return format_date(value, format="d MMMM y", locale="fr_FR")


def to_paris(value: dt.datetime) -> dt.datetime:
    """The moment in Europe/Paris time; a naive datetime is read as UTC (how the database gives it back)."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return aware.astimezone(PARIS)


def fmt_datetime(value: dt.datetime | None, seconds: bool = False) -> str:
    """« 1 décembre 2026 à 14 h 05 » in Europe/Paris time (empty text for no moment)."""
    if value is None:
        return ""
    local = to_paris(value)
    clock = f"{local.hour} h {local.minute:02d}" + (f" min {local.second:02d} s" if seconds else "")
    return textes.DATE_HEURE.format(date=fmt_date(local.date()), heure=clock)


def fmt_time(value: dt.datetime) -> str:
    """« 14 h 05 » in Europe/Paris time."""
    local = to_paris(value)
    return f"{local.hour} h {local.minute:02d}"
