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
per indicator, and re-importing the same file writes nothing.
"""
from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from data import textes
from data.indicators.builtin import membership
from data.indicators.catalogue import Indicator, IndicatorStore, aggregate
from data.indicators.insee import SECRET_MARKERS, Folded, fold_communes
from data.validation import broken_utf8_line, check_zip_sizes
from geo.history import former_communes
from geo.territories import Territories, normalize

if TYPE_CHECKING:
    from data.atlas import Atlas

LAYOUTS = ("insee", "observatoire", "simple")
IMPORT_LEVELS = ("commune", "epci", "departement", "region")
IMPORT_AGGREGATIONS = ("aucune", "somme")
ORIGINE_IMPORT = "import"
MAX_ROWS = 200_000
MAX_BYTES = 50_000_000
#: INSEE files have a few hundred columns at most (their « dossier complet » goes through fetch-insee).
MAX_COLUMNS = 2_000
#: An XLSX is a ZIP: refused before openpyxl reads it when it would inflate beyond this.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100
HEADER_SCAN = 30
#: Longest indicator name or territory label kept from a file (a title line may hold megabytes).
NAME_MAX = 200
CODE_WIDTH = {"commune": 5, "epci": 9, "departement": 2, "region": 2}
#: Columns of INSEE and Observatoire files that describe the territory, not an indicator.
META_COLUMNS = frozenset(
    {"libgeo", "an", "annee", "reg", "dep", "arr", "cv", "epci", "libreg", "libdep", "libepci", "libarr",
     "libcv", "nom", "libelle", "ze2020", "uu2020", "aav2020", "bv2022", "taav2017", "tdaav2017", "cateaav2020"}
)
CODE_NAMES = frozenset({"code", "code_insee", "codeinsee", "code_commune"})
COUNT_UNITS = frozenset(
    {"hab", "hab.", "habitants", "personnes", "nombre", "nb", "logements", "menages", "familles", "communes",
     "emplois", "etablissements", "places", "actions", "allocataires", "beneficiaires", "foyers", "eleves"}
)
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_CODE_LIKE_RE = re.compile(r"^(\d{1,9}|2[AB]\d{0,3}|\d{1,9}\.0)$")
_VINTAGE_RE = re.compile(r"^\d{4}(-\d{4})?$")
_COLUMN_YEAR_RE = re.compile(r"^[A-Z]+(\d\d)_|(\d\d)$")


class ImportFileError(ValueError):
    """The file cannot be imported at all; the message is in French."""


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


@dataclass
class RawTable:
    """Cells of a file as read, each row with its line number."""

    name: str
    rows: list[tuple[int, list[Any]]]
    encoding: str | None = None
    delimiter: str | None = None


@dataclass
class Detected:
    """The layout of a file and what it says about its indicator(s)."""

    layout: str
    header_line: int
    code_index: int
    value_columns: list[tuple[int, str, str]]  # (index, column header, label)
    label_index: int | None
    year_index: int | None
    data: list[tuple[int, list[Any]]]
    title: str | None = None
    millesime: str | None = None
    ignored_columns: list[str] = field(default_factory=list)


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


# --- reading the file ------------------------------------------------------------------


def _decode(name: str, content: bytes) -> tuple[str, str]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4096]:
        raise ImportFileError(textes.IMPORT_ENCODAGE.format(fichier=name))
    line = broken_utf8_line(content)
    if line is not None:
        raise ImportFileError(textes.HOSTILE_IND_UTF8_CASSE.format(fichier=name, ligne=line))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
            break
        return text, "utf-8" if encoding == "utf-8-sig" else encoding
    raise ImportFileError(textes.IMPORT_ENCODAGE.format(fichier=name))


def _header_cells(cells: list[Any]) -> set[str]:
    return {normalize(str(c)).replace(" ", "_") for c in cells if c not in (None, "")}


def _is_header(cells: list[Any]) -> bool:
    names = _header_cells(cells)
    return "codgeo" in names or (bool(names & CODE_NAMES) and "valeur" in names)


def _choose_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:HEADER_SCAN] if line.strip()]
    for line in lines:
        for delimiter in (";", "\t", ","):
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if len(cells) > 1 and _is_header(cells):
                return delimiter
    counts = {d: sum(line.count(d) for line in lines) for d in (";", "\t", ",")}
    return max(counts, key=lambda d: (counts[d], d == ";"))


def _read_csv(name: str, content: bytes) -> RawTable:
    text, encoding = _decode(name, content)
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)  # a huge cell is read (labels are capped later)
    delimiter = _choose_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    line = 1
    try:
        for cells in reader:
            if len(cells) > MAX_COLUMNS:
                raise ImportFileError(textes.HOSTILE_IND_TROP_DE_COLONNES.format(fichier=name, max=MAX_COLUMNS))
            rows.append((line, cells))
            line = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise ImportFileError(textes.IMPORT_TROP_DE_LIGNES.format(fichier=name, max=MAX_ROWS))
    except csv.Error as exc:
        detail = textes.HOSTILE_CSV_STRUCTURE.format(ligne=reader.line_num)
        raise ImportFileError(textes.IMPORT_ILLISIBLE.format(fichier=name, detail=detail)) from exc
    return RawTable(name, rows, encoding, delimiter)


def _read_xlsx(name: str, content: bytes) -> RawTable:
    """Rows of the first sheet with a recognised header (else the first sheet).

    The archive's declared sizes are checked before openpyxl inflates anything; the
    sheets' declared dimensions are ignored (a row is as long as its last filled
    cell); rows longer than ``MAX_COLUMNS`` or more than ``MAX_ROWS`` rows refuse the
    file; values only (a formula gives its last computed value, never runs).
    """
    from openpyxl import load_workbook

    message = check_zip_sizes(content, MAX_XLSX_UNCOMPRESSED, MAX_XLSX_RATIO)
    if message:
        raise ImportFileError(textes.HOSTILE_IND_ZIP.format(fichier=name, message=message))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(textes.IMPORT_XLSX_ILLISIBLE.format(fichier=name)) from exc
    except Exception as exc:  # noqa: BLE001 - malformed XML inside the archive
        raise ImportFileError(textes.HOSTILE_IND_XLSX_ILLISIBLE.format(fichier=name)) from exc
    try:
        first: list[tuple[int, list[Any]]] | None = None
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            rows: list[tuple[int, list[Any]]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = list(values)
                while cells and cells[-1] is None:
                    cells.pop()
                if len(cells) > MAX_COLUMNS:
                    raise ImportFileError(textes.HOSTILE_IND_TROP_DE_COLONNES.format(fichier=name, max=MAX_COLUMNS))
                rows.append((number, cells))
                if len(rows) > MAX_ROWS:
                    raise ImportFileError(textes.IMPORT_TROP_DE_LIGNES.format(fichier=name, max=MAX_ROWS))
            if first is None:
                first = rows
            if any(_is_header(cells) for _, cells in rows[:HEADER_SCAN]):
                return RawTable(name, rows)
        return RawTable(name, first or [])
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed sheet XML, found while reading rows
        raise ImportFileError(textes.HOSTILE_IND_XLSX_ILLISIBLE.format(fichier=name)) from exc
    finally:
        workbook.close()


def read_table(name: str, content: bytes) -> RawTable:
    """Rows of a CSV (``;``, ``,`` or tab; UTF-8, UTF-8-BOM or Windows-1252) or XLSX file."""
    if not content:
        raise ImportFileError(textes.IMPORT_VIDE.format(fichier=name))
    if len(content) > MAX_BYTES:
        raise ImportFileError(textes.IMPORT_TROP_GROS.format(fichier=name, mo=MAX_BYTES // 1_000_000))
    if content[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(name, content)
    if name.lower().endswith(".xls"):
        raise ImportFileError(textes.IMPORT_XLS.format(fichier=name))
    return _read_csv(name, content)


# --- cells -----------------------------------------------------------------------------


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def clean_code(cell: Any) -> str:
    """A territory code as a string (``1001.0`` → ``"1001"``, ``" 2a004"`` → ``"2A004"``)."""
    text = _text(cell).strip("\"'").replace(" ", "").upper()
    return text[:-2] if re.fullmatch(r"\d+\.0", text) else text


def parse_value(cell: Any) -> tuple[float, str | None]:
    """``(number, None)``; ``(nan, None)`` for an empty or secret cell; ``(nan, message)`` for text."""
    if cell is None:
        return math.nan, None
    if isinstance(cell, bool):
        return math.nan, textes.IMPORT_TEXTE_NOMBRE.format(valeur=cell)
    if isinstance(cell, (int, float)):
        try:
            number = float(cell)
        except OverflowError:  # an integer of hundreds of digits
            number = math.inf
        if not math.isfinite(number):
            return math.nan, textes.HOSTILE_VALEUR_NON_FINIE.format(valeur=str(cell)[:40])
        return number, None
    raw = str(cell).strip()
    text = raw.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if text.lower() in SECRET_MARKERS:
        return math.nan, None
    if text.endswith("%"):
        text = text[:-1]
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    if not _NUMBER_RE.match(text):
        return math.nan, textes.IMPORT_TEXTE_NOMBRE.format(valeur=raw[:40])
    number = float(text)
    if not math.isfinite(number):  # « 1e999 »: no infinity reaches the maps
        return math.nan, textes.HOSTILE_VALEUR_NON_FINIE.format(valeur=raw[:40])
    return number, None


def slug(text: str) -> str:
    """Indicator code from a name: ``"Part des 75 ans"`` → ``"part_des_75_ans"``."""
    return re.sub(r"[^a-z0-9]+", "_", normalize(text)).strip("_")[:60] or "indicateur"


def _vintage_of_column(name: str) -> str | None:
    match = _COLUMN_YEAR_RE.search(name.upper())
    if not match:
        return None
    return f"20{match.group(1) or match.group(2)}"


# --- layout ----------------------------------------------------------------------------


def detect_layout(table: RawTable) -> Detected:
    """Find the header row and the layout; raise :class:`ImportFileError` when none fits."""
    rows = table.rows
    header_at = next((i for i, (_, cells) in enumerate(rows[:HEADER_SCAN]) if _is_header(cells)), None)
    if header_at is None:
        names = _header_cells(rows[0][1]) if rows else set()
        if names & CODE_NAMES:
            raise ImportFileError(textes.IMPORT_COLONNE_VALEUR.format(fichier=table.name))
        raise ImportFileError(textes.IMPORT_COLONNES.format(fichier=table.name))
    line, header = rows[header_at]
    names = [normalize(_text(c)).replace(" ", "_") for c in header]
    raw_names = [_text(c) for c in header]
    title_lines = [_text(c) for _, cells in rows[:header_at] for c in cells[:1] if _text(c)]
    title = title_lines[0][:NAME_MAX] if title_lines else None
    data = rows[header_at + 1 :]
    if "codgeo" in names:
        code_index = names.index("codgeo")
        layout = "insee" if raw_names[code_index] == "CODGEO" else "observatoire"
        label_index = names.index("libgeo") if "libgeo" in names else None
        year_index = names.index("an") if "an" in names else (names.index("annee") if "annee" in names else None)
        candidates = [
            (i, raw_names[i]) for i, n in enumerate(names) if i != code_index and n and n not in META_COLUMNS
        ]
    else:
        code_index = next(i for i, n in enumerate(names) if n in CODE_NAMES)
        layout = "simple"
        label_index = names.index("libelle") if "libelle" in names else None
        year_index = None
        candidates = [(names.index("valeur"), raw_names[names.index("valeur")])]
    labels: dict[int, str] = {}
    if layout != "simple":
        # INSEE workbooks put a line of long labels just before or just after the codes.
        before = rows[header_at - 1][1] if header_at > 0 else []
        after = data[0][1] if data else []
        if _is_label_row(after, code_index, candidates):
            labels = {i: _text(c)[:NAME_MAX] for i, c in enumerate(after)}
            data = data[1:]
        elif _is_label_row(before, code_index, candidates):
            labels = {i: _text(c)[:NAME_MAX] for i, c in enumerate(before)}
            title_lines = [t for t in title_lines if t != _text(before[code_index])]
            title = title_lines[0][:NAME_MAX] if title_lines else None
    ignored: list[str] = []
    if layout == "insee":
        numeric = []
        for index, column in candidates:
            parsed = [parse_value(cells[index]) for _, cells in data if index < len(cells)]
            filled = [p for p in parsed if p[1] is not None or not math.isnan(p[0])]
            if filled and sum(p[1] is None for p in filled) * 2 >= len(filled):
                numeric.append((index, column))
            else:
                ignored.append(column)
        candidates = numeric
    elif layout == "observatoire" and len(candidates) != 1:
        raise ImportFileError(textes.IMPORT_OT_COLONNES.format(fichier=table.name, n=len(candidates)))
    if not candidates:
        raise ImportFileError(textes.IMPORT_AUCUNE_COLONNE.format(fichier=table.name))
    value_columns = [(i, column, labels.get(i) or column[:NAME_MAX]) for i, column in candidates]
    millesime = None
    if layout == "insee":
        vintages = {_vintage_of_column(column) for _, column in candidates}
        millesime = vintages.pop() if len(vintages) == 1 else None
    return Detected(layout, line, code_index, value_columns, label_index, year_index, data, title, millesime, ignored)


def _is_label_row(cells: list[Any], code_index: int, candidates: list[tuple[int, str]]) -> bool:
    """A row of labels: text (not a code) in the code column and above most value columns."""
    code = clean_code(cells[code_index]) if code_index < len(cells) else ""
    if not code or _CODE_LIKE_RE.match(code):
        return False
    texts = [i for i, _ in candidates if i < len(cells) and _text(cells[i]) and parse_value(cells[i])[1] is not None]
    return len(texts) * 2 >= len(candidates)


def _shape(code: str) -> str | None:
    if re.fullmatch(r"\d{9}", code):
        return "epci"
    if re.fullmatch(r"\d{4,5}|2[AB]\d{3}", code):
        return "commune"
    if re.fullmatch(r"\d{1,3}|2[AB]", code):
        return "dep_reg"
    return None


def _pad(code: str, level: str) -> str:
    if code.isdigit() and len(code) < CODE_WIDTH[level]:
        return code.zfill(CODE_WIDTH[level])
    return code


def detect_level(codes: list[str], labels: list[str], territories: Territories) -> str | None:
    """Level of the codes (commune, epci, departement, region), or None when ambiguous."""
    shapes = [s for s in (_shape(c) for c in codes) if s]
    if not shapes:
        return None
    shape = max(set(shapes), key=shapes.count)
    if shape != "dep_reg":
        return shape
    padded = [c.zfill(2) if c.isdigit() else c for c in codes if _shape(c) == "dep_reg"]
    regions = set(territories.regions["code"])
    if any(c not in regions for c in padded):
        return "departement"
    # Every code is both a région and a département code: the names may tell.
    wanted = {normalize(x) for x in labels if x}
    if wanted:
        region_names = {normalize(x) for x in territories.regions["nom"]}
        dep_names = {normalize(x) for x in territories.departements["nom"]}
        in_regions, in_deps = len(wanted & region_names), len(wanted & dep_names)
        if in_regions != in_deps:
            return "region" if in_regions > in_deps else "departement"
    return None


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
class _Row:
    line: int
    raw: str
    code: str
    label: str
    values: list[tuple[float, str | None]]


def _check_options(
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


def _select_year(
    detected: Detected, options: ImportOptions, plan: ImportPlan
) -> tuple[list[tuple[int, list[Any]]], str | None]:
    """Observatoire files may hold several years: keep one (the option's, else the latest)."""
    data = detected.data
    column = detected.year_index
    if column is None:
        return data, None
    years = sorted({_text(cells[column]) for _, cells in data if column < len(cells)} - {""})
    if not years:
        return data, None
    wanted = (options.millesime or "").strip() or years[-1]
    if len(years) > 1:
        plan.notes.append(textes.IMPORT_ANNEES.format(annees=", ".join(years), annee=wanted))
    return [(n, c) for n, c in data if column < len(c) and _text(c[column]) == wanted], wanted


def _rows(data: list[tuple[int, list[Any]]], detected: Detected) -> list[_Row]:
    """Data rows (blank rows left out) with their code, label and parsed values."""
    rows = []
    for line, cells in data:
        if all(_text(c) == "" for c in cells):
            continue

        def cell(index: int | None) -> Any:
            return cells[index] if index is not None and index < len(cells) else None

        code = clean_code(cell(detected.code_index))
        values = [parse_value(cell(i)) for i, _, _ in detected.value_columns]
        rows.append(_Row(line, code, code, _text(cell(detected.label_index))[:NAME_MAX], values))
    return rows


def _level(rows: list[_Row], options: ImportOptions, territories: Territories, plan: ImportPlan) -> str | None:
    """The option's level, else the detected one; a blocking error when none can be told."""
    if options.niveau in IMPORT_LEVELS:
        return options.niveau
    codes = [r.code for r in rows if r.code]
    level = detect_level(codes, [r.label for r in rows], territories)
    if level is None:
        known_shape = any(_shape(c) for c in codes)
        plan.errors.append(textes.IMPORT_NIVEAU_AMBIGU if known_shape else textes.IMPORT_CODES_NON_RECONNUS)
    return level


def _pad_codes(rows: list[_Row], level: str, plan: ImportPlan) -> None:
    """Codes read as numbers get their leading zeros back (``1001`` → ``01001``)."""
    padded = [r for r in rows if _pad(r.code, level) != r.code]
    for row in padded:
        row.code = _pad(row.code, level)
    if padded:
        plan.notes.append(textes.IMPORT_CODES_COMPLETES.format(n=len(padded), avant=padded[0].raw, apres=padded[0].code))


def _targets(detected: Detected, options: ImportOptions, plan: ImportPlan) -> list[tuple[str, str]]:
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


def _check_rows(
    rows: list[_Row],
    level: str,
    limits: list[tuple[str, tuple[float, float] | None]],
    territories: Territories,
    former: dict[str, str],
    plan: ImportPlan,
) -> tuple[list[int], dict[int, str]]:
    """Indexes of the rows that may be imported, and the status of the others."""
    lines_of: dict[str, list[int]] = {}
    for row in rows:
        lines_of.setdefault(row.code, []).append(row.line)
    duplicates = {code for code, found in lines_of.items() if code and len(found) > 1}
    if duplicates:
        plan.errors.append(textes.IMPORT_DOUBLONS_BLOQUENT.format(n=len(duplicates)))
    kept: list[int] = []
    status: dict[int, str] = {}
    for index, row in enumerate(rows):
        problem: tuple[str, str] | None = None
        if not row.code:
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


def _fold_former_codes(
    rows: list[_Row],
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
            message = textes.IMPORT_ANCIEN_NON_REPRIS.format(nouveau=new, nom=_commune_name(territories, new))
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


def _indicator_for(
    code: str, libelle: str, options: ImportOptions, fichier: str, level: str, agregation: str,
    existing: Indicator | None, families: list[str], position: int,
) -> Indicator:
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
        detected = detect_layout(table)
    except ImportFileError as exc:
        plan.errors.append(str(exc))
        return plan
    plan.layout = detected.layout
    if table.encoding == "cp1252":
        plan.notes.append(textes.IMPORT_ENCODAGE_WINDOWS)
    if detected.ignored_columns:
        plan.notes.append(textes.IMPORT_COLONNES_IGNOREES.format(colonnes=", ".join(detected.ignored_columns)))
    data, year = _select_year(detected, options, plan)
    millesime = _check_options(options, detected, year, families or [], plan)
    rows = _rows(data, detected)
    plan.read = len(rows)
    if not rows:
        plan.errors.append(textes.IMPORT_AUCUNE_LIGNE.format(fichier=name))
        return plan
    level = plan.niveau = _level(rows, options, territories, plan)
    if level is None:
        return plan
    _pad_codes(rows, level, plan)

    by_code = {i.code: i for i in existing or []}
    targets = _targets(detected, options, plan)
    limits = []
    for code, _ in targets:
        unit = options.unite if options.unite is not None else (by_code[code].unite if code in by_code else "")
        limits.append((unit, bounds_for(unit, by_code.get(code))))
    former = former_communes() if level == "commune" else {}
    kept, status = _check_rows(rows, level, limits, territories, former, plan)

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
        folded, kept = _fold_former_codes(rows, kept, frames, agregation, territories, former, status, plan)
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
        indicator = _indicator_for(code, libelle, options, name, level, agregation, current, families or [], next_position + k)
        plan.indicators.append(PlannedIndicator(indicator, millesime, values.reset_index(drop=True)))
    if plan.errors:
        plan.indicators = []
    return plan


def _commune_name(territories: Territories, code: str) -> str:
    territory = territories.get("commune", code)
    return territory.nom if territory else code


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
    rows: list[_Row],
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
