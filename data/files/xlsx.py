"""Reading an uploaded XLSX workbook safely, from memory: values only, sizes checked first.

Before openpyxl reads anything, the archive's declared sizes are checked (a
decompression bomb is refused without being inflated). The sheets' declared
dimensions are ignored (a tiny file may claim 16,384 columns × 1,048,576 rows): a row
is as long as its last filled cell, and a row longer than the importer's column limit,
or more rows than its row limit, refuse the file at once. Formulas are never run (a
formula cell gives its last computed value, or nothing).
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from data import textes
from data.files.tabular import ImportFileError, Limits, Problem, RawTable, RowCollector

#: Rows of an Excel sheet: no row beyond is read (a malformed sheet may claim row 99,999,999).
EXCEL_MAX_ROWS = 1_048_576

Rows = list[tuple[int, list[Any]]]


def check_zip_sizes(data: bytes, max_total: int, max_ratio: int = 100, max_members: int = 10_000) -> str | None:
    """French message when a ZIP archive (an XLSX workbook) would inflate too much.

    Only the sizes declared by the archive are read, nothing is inflated (Python's
    ``zipfile`` never inflates a member beyond its declared size). Refused: more than
    ``max_total`` bytes in all, more than ``max_members`` parts, or a part of more than
    1 MB that inflates more than ``max_ratio`` times (XML usually does 5 to 30 times).
    None also for an unreadable archive: the reader reports it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    if len(infos) > max_members:
        return textes.HOSTILE_ZIP_TROP_DE_PARTIES.format(max=max_members)
    if sum(info.file_size for info in infos) > max_total:
        return textes.HOSTILE_ZIP_TROP_GROS.format(max=max_total // (1024 * 1024))
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > max_ratio * max(info.compress_size, 1):
            return textes.HOSTILE_ZIP_RATIO.format(ratio=max_ratio)
    return None


def _open(data: bytes, limits: Limits) -> Any:
    import openpyxl

    message = check_zip_sizes(data, limits.max_uncompressed, limits.max_ratio)
    if message:
        raise ImportFileError(kind=Problem.ARCHIVE_TOO_LARGE, refus=message)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(kind=Problem.NOT_A_WORKBOOK)
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(kind=Problem.WORKBOOK_UNREADABLE, detail=type(exc).__name__) from exc
    except Exception as exc:  # noqa: BLE001 - malformed XML inside the archive (ParseError and others)
        raise ImportFileError(kind=Problem.WORKBOOK_INVALID_XML) from exc


def _sheet_rows(sheet: Any, limits: Limits) -> Rows:
    """Rows of one sheet, each without the empty cells at its end."""
    sheet.reset_dimensions()
    collector = RowCollector(limits)
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > EXCEL_MAX_ROWS:
            break
        cells = list(values)
        while cells and cells[-1] is None:
            cells.pop()
        collector.add(number, cells)
    return collector.rows


def read_xlsx(data: bytes, limits: Limits, wanted: Callable[[Rows], bool] | None = None) -> RawTable:
    """Rows of the first sheet that ``wanted`` accepts (else of the first sheet); without
    ``wanted``, of the first sheet only. An empty workbook gives no row."""
    workbook = _open(data, limits)
    try:
        first: Rows | None = None
        for sheet in workbook.worksheets:
            rows = _sheet_rows(sheet, limits)
            if wanted is None or wanted(rows):
                return RawTable("xlsx", rows)
            if first is None:
                first = rows
        return RawTable("xlsx", first or [])
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed sheet XML, discovered while reading rows
        raise ImportFileError(kind=Problem.WORKBOOK_INVALID_XML) from exc
    finally:
        workbook.close()
