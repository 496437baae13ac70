"""Reading an indicator file (CSV or XLSX) and recognising its layout.

Three layouts are recognised from the header row (see :mod:`data.indicators.imports`):
``insee`` (a ``CODGEO`` column), ``observatoire`` (``codgeo``, ``libgeo``) and
``simple`` (``code`` and ``valeur``). The file goes through the shared reader
(:mod:`data.files.tabular`, :mod:`data.files.xlsx`) with this importer's limits; its
problems are worded here, naming the file. A data row whose cell held a NUL byte is
kept with its reason (:attr:`Detected.rejected`): that row only is reported invalid.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from data import textes
from data.files.tabular import (
    ImportFileError,
    Limits,
    Problem,
    RawTable,
    nul_reason,
    read_csv,
)
from data.files.xlsx import read_xlsx
from data.indicators.insee import SECRET_MARKERS
from geo.territories import Territories, normalize

LAYOUTS = ("insee", "observatoire", "simple")
MAX_ROWS = 200_000
MAX_BYTES = 50_000_000
#: INSEE files have a few hundred columns at most (their « dossier complet » goes through fetch-insee).
MAX_COLUMNS = 2_000
#: An XLSX is a ZIP: refused before openpyxl reads it when it would inflate beyond this.
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 100
#: What the shared reader accepts for this importer: no UTF-16, no control character but tab and line ends.
LIMITS = Limits(
    max_columns=MAX_COLUMNS, max_rows=MAX_ROWS, max_uncompressed=MAX_XLSX_UNCOMPRESSED, max_ratio=MAX_XLSX_RATIO,
    utf16=False, controls=False,
)
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
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_CODE_LIKE_RE = re.compile(r"^(\d{1,9}|2[AB]\d{0,3}|\d{1,9}\.0)$")
_COLUMN_YEAR_RE = re.compile(r"^[A-Z]+(\d\d)_|(\d\d)$")


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
    rejected: dict[int, str] = field(default_factory=dict)  # line → why the row is invalid whatever it holds


# --- reading the file ------------------------------------------------------------------


def _header_cells(cells: list[Any]) -> set[str]:
    return {normalize(str(c)).replace(" ", "_") for c in cells if c not in (None, "")}


def _is_header(cells: list[Any]) -> bool:
    names = _header_cells(cells)
    return "codgeo" in names or (bool(names & CODE_NAMES) and "valeur" in names)


def _worded(error: ImportFileError, name: str) -> ImportFileError:
    """The shared reader's problem in this importer's French message (naming the file)."""
    params = error.params
    messages = {
        Problem.NOT_TEXT: lambda: textes.IMPORT_ENCODAGE.format(fichier=name),
        Problem.ENCODING: lambda: textes.IMPORT_ENCODAGE.format(fichier=name),
        Problem.BROKEN_UTF8: lambda: textes.HOSTILE_IND_UTF8_CASSE.format(fichier=name, ligne=params["ligne"]),
        Problem.CSV_STRUCTURE: lambda: textes.IMPORT_ILLISIBLE.format(
            fichier=name, detail=textes.HOSTILE_CSV_STRUCTURE.format(ligne=params["ligne"])
        ),
        Problem.TOO_MANY_COLUMNS: lambda: textes.HOSTILE_IND_TROP_DE_COLONNES.format(fichier=name, max=MAX_COLUMNS),
        Problem.TOO_MANY_ROWS: lambda: textes.IMPORT_TROP_DE_LIGNES.format(fichier=name, max=MAX_ROWS),
        Problem.ARCHIVE_TOO_LARGE: lambda: textes.HOSTILE_IND_ZIP.format(fichier=name, message=params["refus"]),
        Problem.NOT_A_WORKBOOK: lambda: textes.IMPORT_XLSX_ILLISIBLE.format(fichier=name),
        Problem.WORKBOOK_UNREADABLE: lambda: textes.IMPORT_XLSX_ILLISIBLE.format(fichier=name),
        Problem.WORKBOOK_INVALID_XML: lambda: textes.HOSTILE_IND_XLSX_ILLISIBLE.format(fichier=name),
    }
    if error.kind is None:
        return error
    return error.worded(messages[error.kind]())


def _has_header(rows: list[tuple[int, list[Any]]]) -> bool:
    return any(_is_header(cells) for _, cells in rows[:HEADER_SCAN])


def read_table(name: str, content: bytes) -> RawTable:
    """Rows of a CSV (``;``, ``,`` or tab; UTF-8, UTF-8-BOM, Windows-1252 or Latin-1) or XLSX
    file (the first sheet with a recognised header, else the first sheet)."""
    if not content:
        raise ImportFileError(textes.IMPORT_VIDE.format(fichier=name))
    if len(content) > MAX_BYTES:
        raise ImportFileError(textes.IMPORT_TROP_GROS.format(fichier=name, mo=MAX_BYTES // 1_000_000))
    try:
        if content[:4] == b"PK\x03\x04" or name.lower().endswith((".xlsx", ".xlsm")):
            return read_xlsx(content, LIMITS, _has_header)
        if name.lower().endswith(".xls"):
            raise ImportFileError(textes.IMPORT_XLS.format(fichier=name))
        return read_csv(content, LIMITS, _is_header)
    except ImportFileError as exc:
        raise _worded(exc, name) from exc.__cause__


# --- cells -----------------------------------------------------------------------------


def text_of(cell: Any) -> str:
    """A cell as stripped text (``12.0`` → ``"12"``)."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def clean_code(cell: Any) -> str:
    """A territory code as a string (``1001.0`` → ``"1001"``, ``" 2a004"`` → ``"2A004"``)."""
    text = text_of(cell).strip("\"'").replace(" ", "").upper()
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


def detect_layout(table: RawTable, name: str) -> Detected:
    """Find the header row and the layout of file ``name``; raise :class:`ImportFileError` when none fits."""
    rows = table.rows
    header_at = next((i for i, (_, cells) in enumerate(rows[:HEADER_SCAN]) if _is_header(cells)), None)
    if header_at is None:
        names = _header_cells(rows[0][1]) if rows else set()
        if names & CODE_NAMES:
            raise ImportFileError(textes.IMPORT_COLONNE_VALEUR.format(fichier=name))
        raise ImportFileError(textes.IMPORT_COLONNES.format(fichier=name))
    line, header = rows[header_at]
    if line in table.nul_cells:  # a header cannot be rejected alone
        raise ImportFileError(textes.IMPORT_ENCODAGE.format(fichier=name))
    rejected = {n: nul_reason(header, index) for n, index in table.nul_cells.items() if n > line}
    names = [normalize(text_of(c)).replace(" ", "_") for c in header]
    raw_names = [text_of(c) for c in header]
    title_lines = [text_of(c) for _, cells in rows[:header_at] for c in cells[:1] if text_of(c)]
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
            labels = {i: text_of(c)[:NAME_MAX] for i, c in enumerate(after)}
            data = data[1:]
        elif _is_label_row(before, code_index, candidates):
            labels = {i: text_of(c)[:NAME_MAX] for i, c in enumerate(before)}
            title_lines = [t for t in title_lines if t != text_of(before[code_index])]
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
        raise ImportFileError(textes.IMPORT_OT_COLONNES.format(fichier=name, n=len(candidates)))
    if not candidates:
        raise ImportFileError(textes.IMPORT_AUCUNE_COLONNE.format(fichier=name))
    value_columns = [(i, column, labels.get(i) or column[:NAME_MAX]) for i, column in candidates]
    millesime = None
    if layout == "insee":
        vintages = {_vintage_of_column(column) for _, column in candidates}
        millesime = vintages.pop() if len(vintages) == 1 else None
    return Detected(
        layout, line, code_index, value_columns, label_index, year_index, data, title, millesime, ignored, rejected
    )


def _is_label_row(cells: list[Any], code_index: int, candidates: list[tuple[int, str]]) -> bool:
    """A row of labels: text (not a code) in the code column and above most value columns."""
    code = clean_code(cells[code_index]) if code_index < len(cells) else ""
    if not code or _CODE_LIKE_RE.match(code):
        return False
    texts = [i for i, _ in candidates if i < len(cells) and text_of(cells[i]) and parse_value(cells[i])[1] is not None]
    return len(texts) * 2 >= len(candidates)


def shape_of(code: str) -> str | None:
    """The level a code looks like: commune, epci or dep_reg (a département or région), else None."""
    if re.fullmatch(r"\d{9}", code):
        return "epci"
    if re.fullmatch(r"\d{4,5}|2[AB]\d{3}", code):
        return "commune"
    if re.fullmatch(r"\d{1,3}|2[AB]", code):
        return "dep_reg"
    return None


def pad_code(code: str, level: str) -> str:
    """A code read as a number with its leading zeros back (``1001`` → ``01001``)."""
    if code.isdigit() and len(code) < CODE_WIDTH[level]:
        return code.zfill(CODE_WIDTH[level])
    return code


def detect_level(codes: list[str], labels: list[str], territories: Territories) -> str | None:
    """Level of the codes (commune, epci, departement, region), or None when ambiguous."""
    shapes = [s for s in (shape_of(c) for c in codes) if s]
    if not shapes:
        return None
    shape = max(set(shapes), key=shapes.count)
    if shape != "dep_reg":
        return shape
    padded = [c.zfill(2) if c.isdigit() else c for c in codes if shape_of(c) == "dep_reg"]
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

