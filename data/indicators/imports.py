"""Import of a user's indicator file (CSV or XLSX): preview and report first, then one write.

Three layouts are recognised from the header row:

* ``insee``: a ``CODGEO`` column (upper case, as INSEE writes it) and one or more
  variable columns, possibly after a few title lines and followed by a line of
  labels; each numeric column becomes one indicator;
* ``observatoire``: an export of the Observatoire des territoires: title lines, then
  ``codgeo``, ``libgeo``, sometimes ``an``, and one indicator column;
* ``simple``: ``code`` and ``valeur`` (and optionally ``libelle``), the name, unit,
  source and vintage given by the form or the command-line options.

Rows with an unknown code or an invalid value (text in a number cell, value out of
range) are skipped and listed; the matched valid rows are imported. A code present
twice blocks the whole import, as do unreadable files and missing columns. Nothing
is written by :func:`prepare_import`; :func:`apply_import` writes one transaction
per indicator, and re-importing the same file writes nothing. Reading and layouts are
:mod:`data.indicators.import_layout`, the checks of each row :mod:`data.indicators.import_plan`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from data import textes
from data.files.tabular import ImportFileError
from data.indicators.builtin import membership
from data.indicators.catalogue import Indicator, IndicatorStore, aggregate
from data.indicators.import_layout import Detected, detect_layout, read_table
from data.indicators.import_plan import (
    IMPORT_AGGREGATIONS,
    ORIGINE_IMPORT,
    DataRow,
    ImportOptions,
    ImportPlan,
    PlannedIndicator,
    bounds_for,
    check_options,
    check_rows,
    choose_level,
    data_rows,
    fold_former_codes,
    indicator_for,
    indicator_targets,
    pad_codes,
    select_year,
)
from data.indicators.insee import Folded
from geo.history import former_communes
from geo.territories import Territories

if TYPE_CHECKING:
    from data.atlas import Atlas


def prepare_import(
    name: str,
    content: bytes,
    options: ImportOptions,
    territories: Territories,
    existing: list[Indicator] | None = None,
    families: list[str] | None = None,
) -> ImportPlan:
    """Read, check and preview an import; never writes.

    ``existing`` are the indicators already known (catalogue and database): an
    import may not overwrite one the atlas computes itself. ``families`` are the
    catalogue's family slugs (the first one is the default).
    """
    name = str(name)[:120]  # a file name is only displayed; a browser may send anything
    plan = ImportPlan(name)
    try:
        table = read_table(name, content)
        detected = detect_layout(table, name)
    except ImportFileError as exc:
        plan.errors.append(str(exc))
        return plan
    plan.layout = detected.layout
    if table.encoding == "cp1252":
        plan.notes.append(textes.IMPORT_ENCODAGE_WINDOWS)
    if detected.ignored_columns:
        plan.notes.append(textes.IMPORT_COLONNES_IGNOREES.format(colonnes=", ".join(detected.ignored_columns)))
    data, year = select_year(detected, options, plan)
    millesime = check_options(options, detected, year, families or [], plan)
    rows = data_rows(data, detected)
    plan.read = len(rows)
    if not rows:
        plan.errors.append(textes.IMPORT_AUCUNE_LIGNE.format(fichier=name))
        return plan
    level = plan.niveau = choose_level(rows, options, territories, plan)
    if level is None:
        return plan
    pad_codes(rows, level, plan)

    by_code = {i.code: i for i in existing or []}
    targets = indicator_targets(detected, options, plan)
    limits = []
    for code, _ in targets:
        unit = options.unite if options.unite is not None else (by_code[code].unite if code in by_code else "")
        limits.append((unit, bounds_for(unit, by_code.get(code))))
    former = former_communes() if level == "commune" else {}
    kept, status = check_rows(rows, level, limits, territories, former, plan)

    agregation = options.agregation if options.agregation in IMPORT_AGGREGATIONS else "aucune"
    if agregation == "somme" and level != "commune":
        plan.notes.append(textes.IMPORT_SOMME_IGNOREE)
        agregation = "aucune"
    frames = [
        pd.DataFrame({"code": [rows[i].code for i in kept], "valeur": [rows[i].values[k][0] for i in kept]})
        for k in range(len(targets))
    ]
    folded: list[Folded] = []
    if level == "commune":
        folded, kept = fold_former_codes(rows, kept, frames, agregation, territories, former, status, plan)
    for index in kept:
        status.setdefault(index, textes.IMPORT_STATUT["ok"])
    plan.matched = len(kept)
    missing = sum(math.isnan(value) for i in kept for value, _ in rows[i].values)
    if missing:
        plan.notes.append(textes.IMPORT_SANS_DONNEE.format(n=missing))
    plan.preview = _preview(rows, status, detected, level, territories, former)
    if plan.errors:
        return plan
    if not kept:
        plan.errors.append(textes.IMPORT_RIEN_A_IMPORTER)
        return plan

    next_position = max([i.position for i in existing or []] + [999]) + 1
    for k, (code, libelle) in enumerate(targets):
        current = by_code.get(code)
        if current is not None and current.origine != ORIGINE_IMPORT:
            plan.errors.append(textes.IMPORT_CODE_RESERVE.format(code=code, origine=current.origine))
            continue
        if level == "commune":
            values = _commune_values(folded[k], territories, agregation)
        else:
            values = pd.DataFrame({"niveau": level, "code": frames[k]["code"], "valeur": frames[k]["valeur"]})
        indicator = indicator_for(code, libelle, options, name, level, agregation, current, families or [], next_position + k)
        plan.indicators.append(PlannedIndicator(indicator, millesime, values.reset_index(drop=True)))
    if plan.errors:
        plan.indicators = []
    return plan



def _commune_values(folded: Folded, territories: Territories, agregation: str) -> pd.DataFrame:
    """Commune values, and upper levels when the values add up and every commune is there."""
    communes = folded.communes
    arm = pd.DataFrame(
        {"niveau": "commune", "code": folded.arrondissements["code"], "valeur": folded.arrondissements["valeur"]}
    )
    if agregation != "somme":
        own = pd.DataFrame({"niveau": "commune", "code": communes["code"], "valeur": communes["valeur"]})
        return pd.concat([own, arm], ignore_index=True)
    # Every commune of France enters the sums: a territory with a commune missing gets no sum.
    members = membership(territories)
    complete = members[["code"]].merge(communes, on="code", how="left")
    values = aggregate(complete, members, "somme")
    upper = values.loc[(values["niveau"] != "commune") & values["valeur"].notna()]
    imported = set(communes["code"].tolist())
    is_imported = pd.Series([c in imported for c in values["code"].tolist()], index=values.index)
    own = values.loc[(values["niveau"] == "commune") & is_imported]
    return pd.concat([own, upper, arm], ignore_index=True)


def _preview(
    rows: list[DataRow],
    status: dict[int, str],
    detected: Detected,
    level: str,
    territories: Territories,
    former: dict[str, str],
) -> pd.DataFrame:
    """One line per row read: line, code, territory, value(s), status."""
    records = []
    for index, row in enumerate(rows):
        territory = territories.get(level, row.code)
        if territory is None and row.code in former and not row.label:
            territory = territories.get(level, former[row.code])
        record: dict[str, Any] = {
            textes.IMPORT_COL_LIGNE: row.line,
            textes.IMPORT_COL_CODE: row.code or row.raw,
            textes.IMPORT_COL_TERRITOIRE: territory.nom if territory else row.label,
        }
        for (value, message), (_, column, _) in zip(row.values, detected.value_columns):
            record[column] = None if message or math.isnan(value) else value
        record[textes.IMPORT_COL_STATUT] = status.get(index, "")
        records.append(record)
    return pd.DataFrame.from_records(records)


# --- writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteResult:
    """What was written for one indicator."""

    code: str
    millesime: str
    written: int
    unchanged: int


def apply_import(plan: ImportPlan, store: IndicatorStore) -> list[WriteResult]:
    """Write a checked plan: the catalogue entry, then the values (one transaction each).

    Levels of the same indicator and vintage that this import does not carry are kept.
    """
    if not plan.ok:
        raise ValueError(textes.IMPORT_NON_VALIDE)
    results = []
    for planned in plan.indicators:
        code, millesime = planned.indicator.code, planned.millesime
        store.save_indicator(replace(planned.indicator, millesime=_latest(store, code, millesime)))
        levels = set(planned.values["niveau"])
        kept = []
        for level in ("commune", "epci", "departement", "region", "france"):
            if level in levels:
                continue
            series = store.values(code, level, millesime)
            if not series.empty:
                kept.append(pd.DataFrame({"niveau": level, "code": series.index.astype(str), "valeur": series.to_numpy()}))
        values = pd.concat([planned.values, *kept], ignore_index=True)
        written, unchanged = store.replace_values(code, millesime, values)
        results.append(WriteResult(code, millesime, written, unchanged))
    return results


def _latest(store: IndicatorStore, code: str, millesime: str) -> str:
    current = store.latest_vintage(code)
    return max(current, millesime) if current else millesime


def import_context(atlas: Atlas) -> tuple[Territories, list[Indicator], list[str]]:
    """What checking an import needs: territories, known indicators (catalogue and base), family slugs."""
    families, catalogue = atlas.indicator_catalogue
    known = {i.code: i for i in catalogue} | {i.code: i for i in atlas.indicators.indicators()}
    return atlas.territories, list(known.values()), [f.slug for f in families]
