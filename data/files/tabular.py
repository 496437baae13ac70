"""Reading an uploaded table (CSV) from memory: one decoder, one delimiter sniffer.

Both importers (actions, indicators) read their files through here and through
:mod:`data.files.xlsx`, each with its own :class:`Limits`. A file that cannot be read
raises :class:`ImportFileError` with a :class:`Problem` kind and its parameters; each
importer words it in its own French message (:meth:`ImportFileError.worded`).

A NUL byte in a cell is no reason to refuse a text file: the byte is removed, the
row is listed in :attr:`RawTable.nul_cells` and the importer rejects that row only.
Binary content (NUL bytes in the first line, or two in a row) is refused whole.
"""
from __future__ import annotations

import csv
import enum
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from data import textes

DELIMITERS = (";", ",", "\t")
#: Non-blank lines looked at for a header when choosing the delimiter.
HEADER_SCAN = 30
#: Bytes looked at for binary content.
BINARY_SCAN = 4096
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters but tab, line feed, carriage return and NUL (a NUL rejects its row only):
# C0, DEL and C1 (the latter come from the Latin-1 fallback: bytes Windows-1252 leaves undefined).
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A valid UTF-8 sequence of two to four bytes (used to tell broken UTF-8 from Windows-1252).
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class Problem(enum.Enum):
    """Why a file cannot be read; the parameters an importer gets are in brackets."""

    NOT_TEXT = "contenu_binaire"  # NUL bytes in the first line (or header row), or in a run
    ENCODING = "encodage"  # UTF-16 not accepted or undecodable, control characters not accepted
    BROKEN_UTF8 = "utf8_casse"  # (ligne)
    CSV_STRUCTURE = "structure_csv"  # (ligne)
    TOO_MANY_COLUMNS = "trop_de_colonnes"  # (max)
    TOO_MANY_ROWS = "trop_de_lignes"  # (max)
    ARCHIVE_TOO_LARGE = "archive_trop_grosse"  # (refus: French message of check_zip_sizes)
    NOT_A_WORKBOOK = "pas_un_classeur"  # a ZIP without xl/workbook.xml
    WORKBOOK_UNREADABLE = "classeur_illisible"  # (detail: the exception's name)
    WORKBOOK_INVALID_XML = "classeur_xml_invalide"


class ImportFileError(ValueError):
    """A file that cannot be imported at all; the message is in French.

    ``kind`` is the reader's :class:`Problem` (None for an importer's own reasons) and
    ``params`` its details, so that each importer can word it its own way.
    """

    def __init__(self, message: str | None = None, kind: Problem | None = None, **params: Any) -> None:
        """An error with its French message, or a reader's kind not worded yet."""
        if message is None:
            message = textes.LECTURE_ILLISIBLE.format(motif=kind.value if kind else "?")
        super().__init__(message)
        self.kind = kind
        self.params = params

    def worded(self, message: str) -> ImportFileError:
        """The same problem with an importer's French message."""
        return ImportFileError(message, self.kind, **self.params)


@dataclass(frozen=True)
class Limits:
    """What an importer accepts from a file."""

    max_columns: int
    max_rows: int  # rows kept, the first one included
    max_uncompressed: int = 100 * 1024 * 1024  # bytes of an XLSX once inflated
    max_ratio: int = 100  # inflation of one part of an XLSX
    skip_blank_rows: bool = False  # blank rows after the first left out (and not counted)
    utf16: bool = False  # UTF-16 with a byte order mark accepted
    controls: bool = True  # control characters (other than NUL) accepted in a text file


@dataclass
class RawTable:
    """Cells of a file as read, each row with its line number (the first row included)."""

    format: str  # "csv" or "xlsx"
    rows: list[tuple[int, list[Any]]]
    encoding: str | None = None
    delimiter: str | None = None
    nul_cells: dict[int, int] = field(default_factory=dict)  # line → index of the first cell that held a NUL


def broken_utf8_line(data: bytes) -> int | None:
    """Line of the first invalid byte of a file that is otherwise UTF-8, else None.

    A file holding valid UTF-8 accents *and* an invalid byte was damaged (or mixes two
    encodings): decoding it as Windows-1252 would silently store « Ã© » for « é ».
    A file with no valid UTF-8 sequence at all is plain Windows-1252/Latin-1 (None).
    """
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        if not _UTF8_MULTIBYTE.search(data):
            return None
        return data[: exc.start].count(b"\n") + 1


def looks_binary(data: bytes) -> bool:
    """True when the first bytes are no text: a NUL byte in the first line, or two in a row."""
    head = data[:BINARY_SCAN]
    return b"\x00" in head.split(b"\n", 1)[0] or b"\x00\x00" in head


def decode_text(data: bytes, utf16: bool = True, controls: bool = True) -> tuple[str, str]:
    """Text of a file and its encoding: UTF-16 with BOM (when accepted), UTF-8 with or
    without BOM, else Windows-1252, else Latin-1. Damaged UTF-8 is refused with its line."""
    if data[:2] in UTF16_BOMS:
        if not utf16:
            raise ImportFileError(kind=Problem.ENCODING)
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(kind=Problem.ENCODING) from None
    else:
        line = broken_utf8_line(data)
        if line is not None:
            raise ImportFileError(kind=Problem.BROKEN_UTF8, ligne=line)
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # latin-1 decodes anything
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        encoding = encoding.replace("-sig", "")
    if not controls and _CONTROLS.search(text):
        raise ImportFileError(kind=Problem.ENCODING)
    return text, encoding


def sniff_delimiter(text: str, is_header: Callable[[list[str]], bool] | None = None) -> str:
    """``;``, ``,`` or tab: the one that splits a recognised header (among the first
    non-blank lines), else the most frequent in the first non-blank line (``;`` on a tie)."""
    lines: list[str] = []
    for line in io.StringIO(text, newline=None):  # lines end at \n, \r\n or a lone \r
        if line.strip():
            lines.append(line.rstrip("\n"))
            if len(lines) >= HEADER_SCAN or is_header is None:
                break
    if is_header is not None:
        for line in lines:
            for delimiter in DELIMITERS:
                try:
                    cells = next(csv.reader([line], delimiter=delimiter), [])
                except csv.Error:  # an unbalanced quote: not a header
                    continue
                if len(cells) > 1 and is_header(cells):
                    return delimiter
    first = lines[0] if lines else ""
    return max(DELIMITERS, key=first.count)


def is_blank(cells: list[Any]) -> bool:
    """True for a row whose cells are all empty or blank."""
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


class RowCollector:
    """Rows kept within the limits, with the lines whose cells held a NUL byte."""

    def __init__(self, limits: Limits, nul_possible: bool = True) -> None:
        """An empty collection for ``limits`` (cells not searched for NUL when none is possible)."""
        self.limits = limits
        self.nul_possible = nul_possible
        self.rows: list[tuple[int, list[Any]]] = []
        self.nul_cells: dict[int, int] = {}

    def add(self, line: int, cells: list[Any]) -> None:
        """Keep one row (blank ones left out when asked), or refuse the file."""
        if self.rows and self.limits.skip_blank_rows and is_blank(cells):
            return
        if len(cells) > self.limits.max_columns:
            raise ImportFileError(kind=Problem.TOO_MANY_COLUMNS, max=self.limits.max_columns)
        nul = None
        if self.nul_possible:
            nul = next((i for i, c in enumerate(cells) if isinstance(c, str) and "\x00" in c), None)
        if nul is not None:
            if not self.rows:  # the first row (a header) cannot be rejected alone
                raise ImportFileError(kind=Problem.NOT_TEXT)
            self.nul_cells[line] = nul
            cells = [c.replace("\x00", "") if isinstance(c, str) else c for c in cells]
        self.rows.append((line, cells))
        if len(self.rows) > self.limits.max_rows:
            raise ImportFileError(kind=Problem.TOO_MANY_ROWS, max=self.limits.max_rows)


def read_csv(data: bytes, limits: Limits, is_header: Callable[[list[str]], bool] | None = None) -> RawTable:
    """Rows of a CSV file (``;``, ``,`` or tab), from its bytes; raise :class:`ImportFileError`."""
    if data[:2] not in UTF16_BOMS and looks_binary(data):
        raise ImportFileError(kind=Problem.NOT_TEXT)
    text, encoding = decode_text(data, limits.utf16, limits.controls)
    delimiter = sniff_delimiter(text, is_header)
    if csv.field_size_limit() < len(text):
        csv.field_size_limit(len(text))  # a huge cell is read; each importer caps or rejects it
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    collector = RowCollector(limits, nul_possible="\x00" in text)
    line = 1
    try:
        for cells in reader:
            collector.add(line, cells)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(kind=Problem.CSV_STRUCTURE, ligne=reader.line_num) from exc
    return RawTable("csv", collector.rows, encoding, delimiter, collector.nul_cells)


def nul_reason(header: list[Any], index: int) -> str:
    """French reason for a row whose cell ``index`` held a NUL byte (named by its header)."""
    name = str(header[index]).strip() if index < len(header) and header[index] is not None else ""
    name = name.replace("\x00", "")[:60]
    if name:
        return textes.LECTURE_OCTET_NUL.format(colonne=name)
    return textes.LECTURE_OCTET_NUL_NUMERO.format(numero=index + 1)
