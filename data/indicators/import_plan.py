"""Planning an indicator import: the options, the report, and the checks of each row.

:func:`data.indicators.imports.prepare_import` runs these steps in order: options
checked, one year kept, rows read, level told, codes padded, each row checked (code,
value, bounds, duplicates, a NUL byte), former commune codes folded. Nothing here writes.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from data import textes
from data.indicators.catalogue import Indicator
from data.indicators.import_layout import (
    NAME_MAX,
    Detected,
    clean_code,
    detect_level,
    pad_code,
    parse_value,
    shape_of,
    slug,
    text_of,
)
from data.indicators.insee import Folded, fold_communes
from geo.territories import Territories, normalize

IMPORT_LEVELS = ("commune", "epci", "departement", "region")
IMPORT_AGGREGATIONS = ("aucune", "somme")
ORIGINE_IMPORT = "import"
COUNT_UNITS = frozenset(
    {"hab", "hab.", "habitants", "personnes", "nombre", "nb", "logements", "menages", "familles", "communes",
     "emplois", "etablissements", "places", "actions", "allocataires", "beneficiaires", "foyers", "eleves"}
)
_VINTAGE_RE = re.compile(r"^\d{4}(-\d{4})?$")


@dataclass(frozen=True)
class ImportOptions:
    """What the form or the command line says about the file."""

    nom: str | None = None
    unite: str | None = None
    source: str | None = None
    millesime: str | None = None
    niveau: str | None = None
    code_indicateur: str | None = None
    agregation: str = "aucune"
    famille: str | None = None
    definition: str | None = None



@dataclass(frozen=True)
class RowProblem:
    """One skipped row: its line, code and why."""

    line: int
    code: str
    kind: str  # "inconnu", "invalide", "hors_bornes", "doublon", "ancien_code"
    message: str


@dataclass
class PlannedIndicator:
    """One indicator ready to be written."""

    indicator: Indicator
    millesime: str
    values: pd.DataFrame  # niveau, code, valeur (every level written by this import)


@dataclass
class ImportPlan:
    """Preview and report of an import; nothing is written until :func:`apply_import`."""

    fichier: str
    layout: str | None = None
    niveau: str | None = None
    read: int = 0
    matched: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    indicators: list[PlannedIndicator] = field(default_factory=list)
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def unknown(self) -> int:
        """Rows skipped because their code is unknown (or a former code not taken)."""
        return sum(p.kind in ("inconnu", "ancien_code") for p in self.problems)

    @property
    def invalid(self) -> int:
        """Rows skipped for their value (text, out of range) and duplicated codes."""
        return sum(p.kind in ("invalide", "hors_bornes", "doublon") for p in self.problems)

    @property
    def ok(self) -> bool:
        """True when the import can be written."""
        return not self.errors and bool(self.indicators)

    def summary(self) -> str:
        """The machine-readable last line of the command."""
        return f"read={self.read} matched={self.matched} unknown={self.unknown} invalid={self.invalid}"

    def bilan(self) -> str:
        """Counts of the rows in one French sentence."""
        return textes.IMPORT_BILAN.format(
            lues=self.read, retenues=self.matched, inconnues=self.unknown, invalides=self.invalid
        )

    def lines(self, limit: int = 20) -> list[str]:
        """The report in French."""
        out: list[str] = []
        if self.layout:
            out.append(textes.IMPORT_FORMAT_DETECTE.format(format=textes.IMPORT_FORMATS[self.layout]))
        if self.niveau:
            out.append(textes.IMPORT_NIVEAU_DETECTE.format(niveau=textes.IMPORT_NIVEAUX[self.niveau]))
        out += self.notes
        if self.layout:
            out.append(self.bilan())
        for kind, title in textes.IMPORT_PROBLEMES.items():
            found = [p for p in self.problems if p.kind == kind]
            if found:
                out.append(title.format(n=len(found)))
                out += [textes.IMPORT_PROBLEME_LIGNE.format(ligne=p.line, code=p.code, message=p.message) for p in found[:limit]]
                if len(found) > limit:
                    out.append(textes.IMPORT_ET_AUTRES.format(n=len(found) - limit))
        if self.problems and not self.errors:
            out.append(textes.IMPORT_LIGNES_IGNOREES)
        for planned in self.indicators:
            out.append(
                textes.IMPORT_INDICATEUR_PREVU.format(
                    code=planned.indicator.code, libelle=planned.indicator.libelle, millesime=planned.millesime,
                    n=len(planned.values), agregation=textes.IMPORT_AGREGATIONS[planned.indicator.agregation],
                )
            )
        out += self.errors
        return out


# --- range -----------------------------------------------------------------------------


def bounds_for(unite: str, existing: Indicator | None = None) -> tuple[float, float] | None:
    """Plausible range of values: the catalogue's, else from the unit (% in 0–100, counts ≥ 0)."""
    if existing is not None and existing.bounds:
        return existing.bounds
    unit = normalize(unite or "").replace(" ", "")
    if unit in ("%", "pourcent", "pourcentage"):
        return 0.0, 100.0
    if unit in ("‰", "pourmille"):
        return 0.0, 1000.0
    if unit in COUNT_UNITS:
        return 0.0, math.inf
    return None


def _format_number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


# --- planning --------------------------------------------------------------------------


@dataclass
class DataRow:
    """One data row: its line, code as read and as padded, label, parsed values."""

    line: int
    raw: str
    code: str
    label: str
    values: list[tuple[float, str | None]]
    rejected: str | None = None  # why the row is invalid whatever it holds (a NUL byte)


def check_options(
    options: ImportOptions, detected: Detected, year: str | None, families: list[str], plan: ImportPlan
) -> str:
    """Blocking errors on the options; returns the vintage."""
    if options.niveau and options.niveau not in IMPORT_LEVELS:
        plan.errors.append(textes.IMPORT_NIVEAU_INVALIDE.format(niveau=options.niveau, attendus=", ".join(IMPORT_LEVELS)))
    if options.agregation not in IMPORT_AGGREGATIONS:
        plan.errors.append(
            textes.IMPORT_AGREGATION_INVALIDE.format(agregation=options.agregation, attendus=", ".join(IMPORT_AGGREGATIONS))
        )
    if options.famille and families and options.famille not in families:
        plan.errors.append(textes.IMPORT_FAMILLE_INVALIDE.format(famille=options.famille, attendues=", ".join(families)))
    millesime = (options.millesime or year or detected.millesime or "").strip()
    if not millesime:
        plan.errors.append(textes.IMPORT_MILLESIME_MANQUANT)
    elif not _VINTAGE_RE.match(millesime):
        plan.errors.append(textes.IMPORT_MILLESIME_INVALIDE.format(millesime=millesime))
    if detected.layout == "simple" and not (options.nom or "").strip():
        plan.errors.append(textes.IMPORT_NOM_MANQUANT)
    return millesime


def select_year(
    detected: Detected, options: ImportOptions, plan: ImportPlan
) -> tuple[list[tuple[int, list[Any]]], str | None]:
    """Observatoire files may hold several years: keep one (the option's, else the latest)."""
    data = detected.data
    column = detected.year_index
    if column is None:
        return data, None
    years = sorted({text_of(cells[column]) for _, cells in data if column < len(cells)} - {""})
    if not years:
        return data, None
    wanted = (options.millesime or "").strip() or years[-1]
    if len(years) > 1:
        plan.notes.append(textes.IMPORT_ANNEES.format(annees=", ".join(years), annee=wanted))
    return [(n, c) for n, c in data if column < len(c) and text_of(c[column]) == wanted], wanted


def data_rows(data: list[tuple[int, list[Any]]], detected: Detected) -> list[DataRow]:
    """Data rows (blank rows left out) with their code, label and parsed values."""
    rows = []
    for line, cells in data:
        rejected = detected.rejected.get(line)
        if rejected is None and all(text_of(c) == "" for c in cells):
            continue

        def cell(index: int | None) -> Any:
            return cells[index] if index is not None and index < len(cells) else None

        code = clean_code(cell(detected.code_index))
        values = [parse_value(cell(i)) for i, _, _ in detected.value_columns]
        rows.append(DataRow(line, code, code, text_of(cell(detected.label_index))[:NAME_MAX], values, rejected))
    return rows


def choose_level(rows: list[DataRow], options: ImportOptions, territories: Territories, plan: ImportPlan) -> str | None:
    """The option's level, else the detected one; a blocking error when none can be told."""
    if options.niveau in IMPORT_LEVELS:
        return options.niveau
    codes = [r.code for r in rows if r.code]
    level = detect_level(codes, [r.label for r in rows], territories)
    if level is None:
        known_shape = any(shape_of(c) for c in codes)
        plan.errors.append(textes.IMPORT_NIVEAU_AMBIGU if known_shape else textes.IMPORT_CODES_NON_RECONNUS)
    return level


def pad_codes(rows: list[DataRow], level: str, plan: ImportPlan) -> None:
    """Codes read as numbers get their leading zeros back (``1001`` → ``01001``)."""
    padded = [r for r in rows if pad_code(r.code, level) != r.code]
    for row in padded:
        row.code = pad_code(row.code, level)
    if padded:
        plan.notes.append(textes.IMPORT_CODES_COMPLETES.format(n=len(padded), avant=padded[0].raw, apres=padded[0].code))


def indicator_targets(detected: Detected, options: ImportOptions, plan: ImportPlan) -> list[tuple[str, str]]:
    """Code and name of the indicator of each value column."""
    if len(detected.value_columns) > 1:
        if options.nom or options.code_indicateur:
            plan.notes.append(textes.IMPORT_PLUSIEURS_COLONNES)
        return [(slug(column), label) for _, column, label in detected.value_columns]
    _, column, label = detected.value_columns[0]
    libelle = (options.nom or "").strip()[:NAME_MAX]
    if not libelle:
        libelle = detected.title if detected.layout == "observatoire" and detected.title else label
    code = (options.code_indicateur or "").strip()[:60] or slug(libelle if detected.layout == "simple" else column)
    return [(code, libelle)]


def _out_of_range(value: float, unit: str, bounds: tuple[float, float] | None) -> str | None:
    if bounds is None or math.isnan(value) or bounds[0] <= value <= bounds[1]:
        return None
    high = "∞" if math.isinf(bounds[1]) else _format_number(bounds[1])
    return textes.IMPORT_HORS_BORNES.format(valeur=_format_number(value), bas=_format_number(bounds[0]), haut=high, unite=unit)


def check_rows(
    rows: list[DataRow],
    level: str,
    limits: list[tuple[str, tuple[float, float] | None]],
    territories: Territories,
    former: dict[str, str],
    plan: ImportPlan,
) -> tuple[list[int], dict[int, str]]:
    """Indexes of the rows that may be imported, and the status of the others."""
    lines_of: dict[str, list[int]] = {}
    for row in rows:
        if row.rejected is None:
            lines_of.setdefault(row.code, []).append(row.line)
    duplicates = {code for code, found in lines_of.items() if code and len(found) > 1}
    if duplicates:
        plan.errors.append(textes.IMPORT_DOUBLONS_BLOQUENT.format(n=len(duplicates)))
    kept: list[int] = []
    status: dict[int, str] = {}
    for index, row in enumerate(rows):
        problem: tuple[str, str] | None = None
        if row.rejected:
            problem = ("invalide", row.rejected)
        elif not row.code:
            problem = ("invalide", textes.IMPORT_CODE_VIDE)
        elif row.code in duplicates:
            problem = ("doublon", textes.IMPORT_DOUBLON.format(lignes=", ".join(map(str, lines_of[row.code]))))
        elif not territories.exists(level, row.code) and row.code not in former:
            problem = ("inconnu", textes.IMPORT_CODE_INCONNU.format(niveau=textes.IMPORT_NIVEAUX[level]))
        elif bad := next((message for _, message in row.values if message), None):
            problem = ("invalide", bad)
        elif far := next(
            (m for (value, _), (unit, bounds) in zip(row.values, limits) if (m := _out_of_range(value, unit, bounds))),
            None,
        ):
            problem = ("hors_bornes", far)
        if problem:
            plan.problems.append(RowProblem(row.line, row.code or row.raw, *problem))
            status[index] = textes.IMPORT_STATUT[problem[0]]
        else:
            kept.append(index)
    return kept, status


def fold_former_codes(
    rows: list[DataRow],
    kept: list[int],
    frames: list[pd.DataFrame],
    agregation: str,
    territories: Territories,
    former: dict[str, str],
    status: dict[int, str],
    plan: ImportPlan,
) -> tuple[list[Folded], list[int]]:
    """Put commune values on current communes; former codes not taken are reported."""
    folded = [fold_communes(frame, territories, agregation, former) for frame in frames]
    first = folded[0]
    taken = []
    for index in kept:
        row = rows[index]
        if row.code in first.not_mapped:
            new = first.not_mapped[row.code]
            message = textes.IMPORT_ANCIEN_NON_REPRIS.format(nouveau=new, nom=commune_name(territories, new))
            plan.problems.append(RowProblem(row.line, row.code, "ancien_code", message))
            status[index] = textes.IMPORT_STATUT["ancien_code"]
            continue
        if row.code in first.mapped:
            status[index] = textes.IMPORT_STATUT_ANCIEN.format(nouveau=first.mapped[row.code])
        taken.append(index)
    if first.mapped:
        pairs = ", ".join(f"{old} → {new}" for old, new in sorted(first.mapped.items())[:10])
        rule = textes.IMPORT_ANCIENS_SOMME if agregation == "somme" else textes.IMPORT_ANCIENS_SEULS
        plan.notes.append(textes.IMPORT_ANCIENS_CODES.format(n=len(first.mapped), paires=pairs, regle=rule))
    if first.rebuilt_parents:
        plan.notes.append(textes.IMPORT_ARRONDISSEMENTS.format(communes=", ".join(first.rebuilt_parents)))
    return folded, taken


def indicator_for(
    code: str, libelle: str, options: ImportOptions, fichier: str, level: str, agregation: str,
    existing: Indicator | None, families: list[str], position: int,
) -> Indicator:
    """The catalogue entry an import writes (unit, bounds, family, definition and source filled in)."""
    unite = (options.unite if options.unite is not None else (existing.unite if existing else ""))[:40]
    spec: dict[str, Any] = {"niveau_importe": level}
    bounds = bounds_for(unite)
    if bounds and math.isfinite(bounds[1]):
        spec["bornes"] = [bounds[0], bounds[1]]
    famille = options.famille or (existing.famille if existing else ("importes" if "importes" in families else (families[0] if families else "territoire")))
    definition = (options.definition or "").strip()[:2000] or textes.IMPORT_DEFINITION_DEFAUT.format(libelle=libelle, fichier=fichier)
    return Indicator(
        code=code,
        libelle=libelle,
        definition=definition,
        unite=unite.strip(),
        famille=famille,
        origine=ORIGINE_IMPORT,
        source=(options.source or "").strip()[:2 * NAME_MAX] or textes.IMPORT_SOURCE_DEFAUT.format(fichier=fichier),
        agregation=agregation,
        spec=spec,
        position=existing.position if existing else position,
    )



def commune_name(territories: Territories, code: str) -> str:
    """Name of a commune (its code when unknown)."""
    territory = territories.get("commune", code)
    return territory.nom if territory else code

