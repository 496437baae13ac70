"""Territory profiles and comparisons, assembled from stored indicator values."""
from __future__ import annotations

import math
import re
from typing import Protocol

import pandas as pd

from data import textes
from data.formatting import fmt_value
from data.indicators.catalogue import FRANCE_CODE, Indicator

REF_RE = re.compile(r"^(region|departement|epci|commune):([0-9AB]{2,9})$")
LARGE_GAP = 0.20
#: Order of the families of the official social statistics: income and poverty first.
SOCIAL_FAMILIES = ("revenus", "emploi", "familles", "age", "demographie")


class TerritoryLookup(Protocol):
    """What profiles need from ``geo.territories.Territories``."""

    def get(self, level: str, code: str): ...

    def parents(self, level: str, code: str) -> list: ...


def parse_ref(text: str, territories: TerritoryLookup) -> tuple[str, str] | None:
    """``"departement:47"`` → ("departement", "47") when that territory exists."""
    match = REF_RE.match((text or "").strip()[:20])
    if not match or territories.get(match.group(1), match.group(2)) is None:
        return None
    return match.group(1), match.group(2)


def parse_refs(text: str, territories: TerritoryLookup, limit: int = 4) -> list[tuple[str, str]]:
    """A comma-separated list of references; invalid or repeated items are dropped."""
    out: list[tuple[str, str]] = []
    for item in (text or "").split(",")[:20]:
        ref = parse_ref(item, territories)
        if ref and ref not in out:
            out.append(ref)
    return out[:limit]


def ref_text(level: str, code: str) -> str:
    """("departement", "47") → "departement:47"."""
    return f"{level}:{code}"


def parent_ref(level: str, code: str, territories: TerritoryLookup) -> tuple[str, str] | None:
    """The territory a profile compares with: département for a commune or an EPCI,
    région for a département, none for a région (France is always shown)."""
    wanted = {"commune": "departement", "epci": "departement", "departement": "region"}.get(level)
    if wanted is None:
        return None
    for parent in territories.parents(level, code):
        if parent.level == wanted:
            return parent.level, parent.code
    return None


def social_first(indicators: list[Indicator], family_order: list[str]) -> list[Indicator]:
    """Official social statistics first (income and poverty, then employment, housing, ages, population), then the others by family."""
    from data.indicators.official import is_official

    rank = {slug: i for i, slug in enumerate(family_order)}
    social = {slug: i for i, slug in enumerate(SOCIAL_FAMILIES)}

    def key(ind: Indicator) -> tuple[bool, int, int]:
        if is_official(ind):
            return False, social.get(ind.famille, len(social) + rank.get(ind.famille, 0)), ind.position
        return True, rank.get(ind.famille, len(rank)), ind.position

    return sorted(indicators, key=key)


Texts = dict[str, dict[str, str]]


def _text(texts: Texts | None, column: str, ind: Indicator, values: dict[str, float] | None) -> str:
    """The text of a cell: the given one (secret, spread…), else the formatted value."""
    if texts and ind.code in texts.get(column, {}):
        return texts[column][ind.code]
    return fmt_value((values or {}).get(ind.code, math.nan), ind.unite)


def profile_table(
    indicators: list[Indicator],
    own: dict[str, float],
    parent: dict[str, float] | None,
    france: dict[str, float],
    parent_label: str | None,
    vintages: dict[str, str],
    texts: Texts | None = None,
) -> pd.DataFrame:
    """One row per indicator with a value (or a stated reason) here: value, parent, France, source, vintage.

    ``texts`` maps a column (``COL_VALEUR``, the parent's label, ``FRANCE``) to the
    text of some indicators (« secret statistique », the spread of the parts…).
    """
    rows = []
    for ind in indicators:
        if ind.code not in own and not (texts and ind.code in texts.get(textes.COL_VALEUR, {})):
            continue
        row = {
            textes.COL_INDICATEUR: ind.libelle,
            textes.COL_VALEUR: _text(texts, textes.COL_VALEUR, ind, own),
        }
        if parent is not None and parent_label:
            row[parent_label] = _text(texts, parent_label, ind, parent)
        row[textes.FRANCE] = _text(texts, textes.FRANCE, ind, france)
        row[textes.COL_SOURCE] = ind.source
        row[textes.COL_MILLESIME] = vintages.get(ind.code, ind.millesime or "")
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_table(
    indicators: list[Indicator], columns: dict[str, dict[str, float]], vintages: dict[str, str],
    texts: Texts | None = None,
) -> pd.DataFrame:
    """Indicators side by side: one column per territory label (France included); gaps say why."""
    rows = []
    for ind in indicators:
        explained = any(ind.code in t for label, t in (texts or {}).items() if label != textes.FRANCE)
        if not explained and not any(ind.code in values for values in columns.values()):
            continue
        row = {textes.COL_INDICATEUR: ind.libelle}
        for label, values in columns.items():
            row[label] = _text(texts, label, ind, values)
        row[textes.COL_SOURCE] = ind.source
        row[textes.COL_MILLESIME] = vintages.get(ind.code, ind.millesime or "")
        rows.append(row)
    return pd.DataFrame(rows)


def gap_sentences(indicators: list[Indicator], columns: dict[str, dict[str, float]], france: dict[str, float]) -> list[str]:
    """Sentences for each indicator where a territory differs from France by more than 20 %.

    Sums (population, area…) are left out: their size says nothing about a gap.
    """
    sentences = []
    for ind in indicators:
        if ind.agregation == "somme":
            continue
        reference = france.get(ind.code, math.nan)
        if reference is None or math.isnan(reference) or reference == 0:
            continue
        for label, values in columns.items():
            value = values.get(ind.code, math.nan)
            if value is None or math.isnan(value):
                continue
            if abs(value - reference) / abs(reference) > LARGE_GAP:
                sentences.append(
                    textes.COMPARER_ECART.format(
                        territoire=label,
                        indicateur=ind.libelle[0].lower() + ind.libelle[1:],
                        valeur=fmt_value(value, ind.unite),
                        france=fmt_value(reference, ind.unite),
                    )
                )
    return sentences


def france_values(store_values: dict[str, float]) -> dict[str, float]:
    """Identity helper kept for readability at call sites (values of level ``france``)."""
    return store_values


__all__ = ["FRANCE_CODE", "comparison_table", "gap_sentences", "parent_ref", "parse_ref", "parse_refs", "profile_table"]
