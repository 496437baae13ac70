"""Reading YAML and CSV data files while keeping line numbers for error messages."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from data import textes


class DataFileError(ValueError):
    """A data file cannot be read at all (missing, wrong format, bad syntax)."""


@dataclass
class Row:
    """One record of a data file with where it stands in the file."""

    data: dict[str, Any]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        """Line of field ``name``, or of the record when the field is absent."""
        return self.field_lines.get(name, self.line)


def read_text(path: Path) -> str:
    """Read a UTF-8 (or Latin-1) text file, with a French error when it fails."""
    if not path.is_file():
        raise DataFileError(textes.ERREUR_FICHIER_ABSENT.format(fichier=path))
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def yaml_rows(path: Path, key: str | None = None) -> list[Row]:
    """Records of a YAML list (the whole document, or the list under ``key``)."""
    text = read_text(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DataFileError(textes.ERREUR_FICHIER_ILLISIBLE.format(fichier=path, detail=exc)) from exc
    if key is not None:
        if not isinstance(data, dict) or key not in data or root is None:
            raise DataFileError(textes.ERREUR_FICHIER_ILLISIBLE.format(fichier=path, detail=f"liste « {key} » absente"))
        data = data[key]
        root = next(v for k, v in root.value if k.value == key)
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise DataFileError(textes.ERREUR_FICHIER_ILLISIBLE.format(fichier=path, detail="une liste est attendue"))
    rows = []
    for item, node in zip(data, root.value):
        if not isinstance(item, dict):
            item = {}
        lines = {}
        if isinstance(node, yaml.MappingNode):
            lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        rows.append(Row(item, node.start_mark.line + 1, lines))
    return rows


def csv_rows(path: Path) -> list[Row]:
    """Records of a CSV file (``;`` or ``,`` separated, header on the first line)."""
    text = read_text(path)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for index, record in enumerate(reader):
        cleaned = {(k or "").strip(): (v.strip() if isinstance(v, str) else v) for k, v in record.items()}
        rows.append(Row(cleaned, reader.line_num if reader.line_num else index + 2))
    return rows


def error(path: Path, row: Row, field_name: str, message: str) -> str:
    """Format one French error naming the file, the line and the field."""
    return textes.ERREUR_FICHIER.format(fichier=path.name, ligne=row.line_of(field_name), champ=field_name, message=message)
