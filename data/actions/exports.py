"""Exports of actions as CSV (Excel in French), XLSX and GeoJSON (uMap-compatible).

The columns are described by the Table Schema shipped in ``data/shipped/schema.json``
(Frictionless format, field names in French); each action field says its column
(:data:`data.actions.fields.FIELDS`). Text cells starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return are neutralised with a leading
``'`` in CSV and XLSX (OWASP ASVS 1.2.10); numbers (coordinates, years) stay
numbers, so negative longitudes are never quoted. The import undoes this quote,
so an export re-imports as the same actions.

Only public fields are exported: the e-mail and phone of a structure stay in the
atlas (moderators see them), the structure's name is exported.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from data.accounts.roles import PUBLISHED
from data.actions.fields import export_row
from data.actions.models import ActionFilter
from data.actions.repository import ActionRepository
from data.store import schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "shipped" / "schema.json"
FORMATS = ("csv", "xlsx", "geojson")
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_COLUMNS = ("annee_debut", "annee_fin", "latitude", "longitude")


def table_schema() -> dict[str, Any]:
    """The Table Schema descriptor of the exported dataset."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def columns() -> list[str]:
    """Export column names, in order (from the Table Schema)."""
    return [f["name"] for f in table_schema()["fields"]]


def neutralise(value: Any) -> Any:
    """Prefix a text that a spreadsheet would run as a formula with ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_frame(
    repo: ActionRepository,
    territories: Any,
    flt: ActionFilter | None = None,
    statuts: tuple[str, ...] = (PUBLISHED,),
) -> pd.DataFrame:
    """One row per action of the selection, with the Table Schema's columns.

    With the default ``statuts`` the rows are exactly the published actions the map
    shows for ``flt``.
    """
    a = schema.actions
    if statuts == (PUBLISHED,):
        ids_query = repo._filtered_ids(flt or ActionFilter())
    else:
        ids_query = sa.select(a.c.id).where(a.c.statut.in_(statuts))
    records = []
    for action in repo.stored_actions(ids_query):
        place = territories.get(action.niveau_lieu, action.code_lieu) if action.niveau_lieu else None
        records.append(
            export_row(action)
            | {
                "nom_lieu": place.nom if place else None,
                "mise_a_jour": action.updated_at.date().isoformat() if action.updated_at else None,
            }
        )
    frame = pd.DataFrame(records, columns=columns())
    for name in ("annee_debut", "annee_fin"):
        frame[name] = frame[name].astype("Int64")
    return frame


def _cells(frame: pd.DataFrame) -> list[list[Any]]:
    out = []
    for row in frame.itertuples(index=False):
        cells = []
        for name, value in zip(frame.columns, row):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append(None)
            elif name in NUMERIC_COLUMNS:
                cells.append(int(value) if name.startswith("annee") else float(value))
            else:
                cells.append(neutralise(str(value)))
        out.append(cells)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV for Excel in French: ``;``, UTF-8 with BOM, CRLF, decimal comma."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(list(frame.columns))
    for cells in _cells(frame):
        writer.writerow(
            [
                "" if v is None else (str(v).replace(".", ",") if isinstance(v, float) else v)
                for v in cells
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame) -> bytes:
    """XLSX workbook (one sheet ``actions``): numbers as numbers, texts neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("actions")
    sheet.append(list(frame.columns))
    for cells in _cells(frame):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in cells])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_geojson(frame: pd.DataFrame) -> bytes:
    """GeoJSON FeatureCollection of points; ``name``/``description`` for uMap's popups."""
    features = []
    for row in frame.to_dict(orient="records"):
        props = {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in row.items()}
        for name in ("annee_debut", "annee_fin"):
            if props[name] is not None:
                props[name] = int(props[name])
        lat, lon = props["latitude"], props["longitude"]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}
                if lat is not None and lon is not None
                else None,
                "properties": {"name": props["titre"], "description": props["resume"], **props},
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def export_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The frame in one of ``FORMATS``."""
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "xlsx":
        return to_xlsx(frame)
    if fmt == "geojson":
        return to_geojson(frame)
    raise ValueError(fmt)


def file_name(fmt: str, today: dt.date | None = None) -> str:
    """Server-chosen download name: ``atlas-actions-2026-12-01.csv``."""
    return f"atlas-actions-{(today or dt.date.today()).isoformat()}.{fmt}"
