"""Reading a file of declared actions (CSV, XLSX or GeoJSON, uMap exports included) into rows.

The file is read **in memory** (never from a path a user chose, never executed: no
formula is evaluated, no pickle, no macro); its format is sniffed from its bytes,
never taken from its name. CSV and XLSX go through the shared reader
(:mod:`data.files.tabular`, :mod:`data.files.xlsx`) with this importer's limits; its
problems are worded here. Each row is keyed by canonical column names; a row whose
cell held a NUL byte is kept with its reason (:attr:`ActionRows.rejected`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from data import textes
from data.files.tabular import (
    ImportFileError,
    Limits,
    Problem,
    RawTable,
    decode_text,
    nul_reason,
    read_csv,
)
from data.files.xlsx import read_xlsx
from data.validation import clean_text
from geo.territories import normalize as normalize_name

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL = 20_000
MAX_JSON_DEPTH = 64
MAX_VERTICES = 10_000
# An XLSX is a ZIP: a small upload may inflate to gigabytes. Refused before openpyxl reads it.
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_RATIO = 100
#: What the shared reader accepts for this importer: the header row and MAX_ROWS rows, blank rows
#: left out; UTF-16 with a byte order mark (Excel's « texte Unicode »).
LIMITS = Limits(
    max_columns=MAX_COLUMNS, max_rows=MAX_ROWS + 1, max_uncompressed=MAX_XLSX_UNCOMPRESSED,
    max_ratio=MAX_XLSX_RATIO, skip_blank_rows=True, utf16=True,
)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

ALIASES: dict[str, tuple[str, ...]] = {
    "external_id": ("identifiant", "id", "external_id", "identifiant_externe", "reference", "ref"),
    "titre": ("titre", "name", "title", "intitule", "nom_de_l_action"),
    "resume": ("resume", "description", "summary", "presentation"),
    "date_debut": ("date_debut", "debut", "date_de_debut", "start_date"),
    "date_fin": ("date_fin", "fin", "date_de_fin", "end_date"),
    "annee_debut": ("annee_debut", "annee_de_debut"),
    "annee_fin": ("annee_fin", "annee_de_fin"),
    "en_cours": ("en_cours",),
    "methodes": ("methodes", "methode"),
    "publics": ("publics", "public"),
    "porteurs": ("porteurs", "porteur", "structures_porteuses"),
    "fiches": ("fiches", "fiche", "fiches_du_guide"),
    "sources": ("sources", "source", "liens"),
    "contact_structure": ("contact_structure", "structure"),
    "contact_email": ("contact_email", "courriel_structure", "email_structure"),
    "contact_telephone": ("contact_telephone", "telephone_structure"),
    "niveau_lieu": ("niveau_lieu",),
    "code_lieu": ("code_lieu",),
    "code_commune": ("code_commune", "code_insee", "insee", "commune_insee"),
    "commune": ("commune", "nom_commune", "ville"),
    "code_postal": ("code_postal", "cp"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng", "long"),
}

@dataclass
class ActionRows:
    """Rows of an uploaded file, keyed by canonical column names."""

    format: str
    rows: list[dict[str, Any]]
    lines: list[int]
    columns: list[str]
    unknown_columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    rejected: dict[int, str] = field(default_factory=dict)  # line → why the row is refused whatever it holds


def column_key(header: Any) -> str:
    """Canonical form of a column header: 'Date de début' → 'date_de_debut'."""
    return normalize_name(str(header or "")).replace(" ", "_")


_CANONICAL = {alias: name for name, aliases in ALIASES.items() for alias in aliases}

def _map_columns(headers: list[Any]) -> tuple[list[str | None], list[str]]:
    mapped: list[str | None] = []
    unknown: list[str] = []
    seen: set[str] = set()
    for header in headers:
        name = _CANONICAL.get(column_key(header))
        if name is None or name in seen:
            if clean_text(header):
                unknown.append(clean_text(header)[:60])
            mapped.append(None)
        else:
            seen.add(name)
            mapped.append(name)
    return mapped, unknown


def _unquote(value: Any) -> Any:
    """Undo the export's formula neutralisation ('=… → =…) and cap the length."""
    if isinstance(value, str):
        if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
            value = value[1:]
        return value[:MAX_CELL]
    return value


def _worded(error: ImportFileError) -> ImportFileError:
    """The shared reader's problem in this importer's French message."""
    params = error.params
    messages = {
        Problem.NOT_TEXT: lambda: textes.IMPORT_ACT_FORMAT_INCONNU,
        Problem.NOT_A_WORKBOOK: lambda: textes.IMPORT_ACT_FORMAT_INCONNU,
        Problem.ENCODING: lambda: textes.IMPORT_ACT_ENCODAGE_ERREUR,
        Problem.BROKEN_UTF8: lambda: textes.HOSTILE_UTF8_CASSE.format(ligne=params["ligne"]),
        Problem.CSV_STRUCTURE: lambda: textes.IMPORT_ACT_ILLISIBLE.format(
            detail=textes.HOSTILE_CSV_STRUCTURE.format(ligne=params["ligne"])
        ),
        Problem.TOO_MANY_COLUMNS: lambda: textes.IMPORT_ACT_TROP_DE_COLONNES.format(max=MAX_COLUMNS),
        Problem.TOO_MANY_ROWS: lambda: textes.IMPORT_ACT_TROP_DE_LIGNES.format(max=MAX_ROWS),
        Problem.ARCHIVE_TOO_LARGE: lambda: params["refus"],
        Problem.WORKBOOK_UNREADABLE: lambda: textes.IMPORT_ACT_ILLISIBLE.format(detail=params["detail"]),
        Problem.WORKBOOK_INVALID_XML: lambda: textes.IMPORT_ACT_ILLISIBLE.format(detail=textes.HOSTILE_XLSX_ILLISIBLE),
    }
    if error.kind is None:
        return error
    return error.worded(messages[error.kind]())


def _mapped(raw: RawTable) -> ActionRows:
    """Rows of a CSV or XLSX table keyed by canonical names; the first row is the header."""
    if not raw.rows or (raw.format == "xlsx" and not raw.rows[0][1]):
        raise ImportFileError(textes.IMPORT_ACT_VIDE)
    headers = raw.rows[0][1]
    mapped, unknown = _map_columns(headers)
    rows, lines = [], []
    for line, values in raw.rows[1:]:
        rows.append({name: _unquote(values[i]) if i < len(values) else None for i, name in enumerate(mapped) if name})
        lines.append(line)
    rejected = {line: nul_reason(headers, index) for line, index in raw.nul_cells.items()}
    return ActionRows(raw.format, rows, lines, [m for m in mapped if m], unknown, raw.encoding, rejected)



def _json_depth_ok(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return False
        elif char in "]}":
            depth -= 1
    return True


def _number(value: Any) -> float:
    """A finite coordinate from a JSON number (strings, booleans, NaN and infinities refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(value)
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _position(value: Any) -> tuple[float, float]:
    """(lat, lon) of a GeoJSON position ``[lon, lat, (altitude)]``."""
    if not isinstance(value, list) or len(value) < 2:
        raise ValueError(value)
    return _number(value[1]), _number(value[0])


def _positions_over(coords: Any, limit: int) -> bool:
    """True when nested coordinate arrays hold more than ``limit`` positions (counted
    before shapely builds anything, stopping as soon as the limit is passed)."""
    count = 0
    stack = [coords]
    while stack:
        item = stack.pop()
        if not isinstance(item, list):
            continue
        if item and not isinstance(item[0], list):
            count += 1
            if count > limit:
                return True
        else:
            stack.extend(item)
    return False


def _rings_closed(kind: str, coords: list[Any]) -> bool:
    """RFC 7946: each ring of a polygon has 4 positions or more, the last equal to the
    first (shapely would silently close an open ring)."""
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return False
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                return False
    return True


def _feature_point(geometry: Any) -> tuple[float, float] | None | str:
    """(lat, lon) of a feature; a French error string for unusable geometries."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict):
        return textes.IMPORT_ACT_GEOMETRIE_INVALIDE
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    try:
        if kind == "Point":
            return _position(coords)
        if kind == "MultiPoint" and isinstance(coords, list) and coords:
            return _position(coords[0])
        if kind in ("Polygon", "MultiPolygon", "LineString", "MultiLineString") and isinstance(coords, list):
            import shapely
            import shapely.geometry

            if _positions_over(coords, MAX_VERTICES):
                return textes.IMPORT_ACT_GEOMETRIE_TROP_GRANDE.format(max=MAX_VERTICES)
            if not _rings_closed(kind, coords):
                return textes.IMPORT_ACT_GEOMETRIE_INVALIDE
            shape = shapely.geometry.shape({"type": kind, "coordinates": coords})
            bounds = shape.bounds
            if shape.is_empty or not all(math.isfinite(b) for b in bounds):
                return textes.IMPORT_ACT_GEOMETRIE_INVALIDE
            if kind in ("Polygon", "MultiPolygon") and not shape.is_valid:
                reason = shapely.is_valid_reason(shape)
                if "self-intersection" in reason.lower():
                    return textes.HOSTILE_POLYGONE_RECOUPE
                return textes.IMPORT_ACT_GEOMETRIE_INVALIDE
            point = shape.representative_point()
            return float(point.y), float(point.x)
    except Exception:  # noqa: BLE001 - any malformed geometry (shapely/GEOS errors included)
        return textes.IMPORT_ACT_GEOMETRIE_INVALIDE
    return textes.IMPORT_ACT_GEOMETRIE_INVALIDE


def read_geojson_bytes(data: bytes) -> ActionRows:
    """Rows of a GeoJSON FeatureCollection (or a uMap backup with ``layers``).

    ``name``/``description`` (uMap) map to title/summary; the geometry gives the
    place (a point, or a representative point of a line or polygon).
    """
    text, _encoding = decode_text(data)
    if not _json_depth_ok(text):
        raise ImportFileError(textes.IMPORT_ACT_JSON_PROFOND.format(max=MAX_JSON_DEPTH))
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, or an integer of 5,000 digits
        raise ImportFileError(textes.IMPORT_ACT_ILLISIBLE.format(detail="JSON")) from exc
    features: list[Any] = []
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features") or []
    elif isinstance(doc, dict) and isinstance(doc.get("layers"), list):  # uMap backup (.umap)
        for layer in doc["layers"]:
            if isinstance(layer, dict):
                found = layer.get("features") or []
                if not isinstance(found, list):
                    raise ImportFileError(textes.IMPORT_ACT_GEOJSON_ATTENDU)
                features += found
    elif isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    else:
        raise ImportFileError(textes.IMPORT_ACT_GEOJSON_ATTENDU)
    if not isinstance(features, list):
        raise ImportFileError(textes.IMPORT_ACT_GEOJSON_ATTENDU)
    if len(features) > MAX_ROWS:
        raise ImportFileError(textes.IMPORT_ACT_TROP_DE_LIGNES.format(max=MAX_ROWS))
    seen_keys: dict[str, None] = {}
    records: list[tuple[int, dict[str, Any]]] = []
    for index, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            feature = {}
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        row = {k: v for k, v in props.items() if not str(k).startswith("_") and not isinstance(v, (dict, list))}
        point = _feature_point(feature.get("geometry"))
        if isinstance(point, tuple):
            row["latitude"], row["longitude"] = point
        elif isinstance(point, str):
            row["__geometrie__"] = point
        seen_keys.update(dict.fromkeys(row))
        if len(seen_keys) > MAX_COLUMNS + 3:  # + latitude, longitude and the geometry error
            raise ImportFileError(textes.IMPORT_ACT_TROP_DE_COLONNES.format(max=MAX_COLUMNS))
        records.append((index, row))
    headers = list(seen_keys)
    mapped, unknown = _map_columns([h for h in headers if h != "__geometrie__"])
    names = dict(zip([h for h in headers if h != "__geometrie__"], mapped))
    rows, lines = [], []
    for index, row in records:
        out = {names[k]: _unquote(v) for k, v in row.items() if names.get(k)}
        if "__geometrie__" in row:
            out["__geometrie__"] = row["__geometrie__"]
        rows.append(out)
        lines.append(index)
    return ActionRows("geojson", rows, lines, [m for m in mapped if m], unknown)


def read_upload(data: bytes, max_bytes: int = MAX_BYTES) -> ActionRows:
    """Read an uploaded file from its bytes; the format is sniffed, never taken from its name."""
    if len(data) > max_bytes:
        raise ImportFileError(textes.IMPORT_ACT_TROP_GROS.format(max=max_bytes // (1024 * 1024)))
    if not data.strip():
        raise ImportFileError(textes.IMPORT_ACT_VIDE)
    try:
        if data[:4] == b"PK\x03\x04":
            return _mapped(read_xlsx(data, LIMITS))
        head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
        if head[:1] in (b"{", b"["):
            return read_geojson_bytes(data)
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise ImportFileError(textes.IMPORT_ACT_XLS_ANCIEN)
        return _mapped(read_csv(data, LIMITS))
    except ImportFileError as exc:
        raise _worded(exc) from exc.__cause__
