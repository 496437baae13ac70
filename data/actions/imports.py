"""Bulk import of declared actions from CSV, XLSX or GeoJSON (uMap exports included).

Two steps, so that a person sees everything before anything is written:

1. :func:`preview` reads the file **in memory** (never from a path a user chose,
   never executed: no formula is evaluated, no pickle, no macro), maps its columns,
   validates every row with the contribution form's validator and returns an
   :class:`ImportReport` (each row with its errors). Rows read = accepted + rejected.
2. :func:`commit` writes the accepted new rows in **one transaction** (all or
   none) as ``soumise``, provenance ``declaree``, origine ``import``. A process
   killed half-way leaves none of them; a locked, full or read-only database
   raises ``data.store.db.DatabaseUnavailable`` (French message) with nothing written.

Idempotence: each row carries an external id, the file's ``identifiant`` column,
or when absent a stable hash of the normalised title, place and start date
(``imp-<20 hex>``): re-importing the same file creates nothing new. A row whose id
is already used by an action with another title is rejected (two teams using
"1, 2, 3" never overwrite each other).
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from data import textes
from data.accounts.roles import SUBMITTED, User
from data.actions.contributions import (
    Context,
    Contribution,
    ContributionStore,
    validate,
)
from data.validation import broken_utf8_line, check_zip_sizes, clean_text
from geo.territories import normalize as normalize_name

Progress = Callable[[float, str], None]
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL = 20_000
MAX_JSON_DEPTH = 64
MAX_VERTICES = 10_000
# An XLSX is a ZIP: a small upload may inflate to gigabytes. Refused before openpyxl reads it.
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_RATIO = 100
# Empty rows skipped in a sheet before giving up (a sheet is at most 1,048,576 rows).
MAX_XLSX_BLANK_ROWS = 1_048_576
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
REQUIRED = ("titre", "resume")
PLACE_COLUMNS = ("code_lieu", "code_commune", "commune", "code_postal", "latitude")
TRUE_WORDS = {"oui", "o", "vrai", "true", "1", "x", "yes"}


class ImportFileError(ValueError):
    """The file cannot be read at all; the message is in French."""


@dataclass
class RawTable:
    """Rows of an uploaded file, keyed by canonical column names."""

    format: str
    rows: list[dict[str, Any]]
    lines: list[int]
    columns: list[str]
    unknown_columns: list[str] = field(default_factory=list)
    encoding: str | None = None


@dataclass
class RowResult:
    """One row of the file after validation."""

    line: int
    external_id: str
    titre: str
    errors: list[str]
    status: str  # "nouvelle", "deja_presente" or "rejetee"
    raw: dict[str, Any]
    contribution: Contribution | None = None


@dataclass
class ImportReport:
    """What a file holds and what an import would do (or did)."""

    file_name: str
    format: str
    encoding: str | None
    rows: list[RowResult] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    created: int = 0

    @property
    def read(self) -> int:
        """Rows read from the file."""
        return len(self.rows)

    @property
    def accepted(self) -> int:
        """Valid rows (new ones and those already imported)."""
        return sum(r.status != "rejetee" for r in self.rows)

    @property
    def rejected(self) -> int:
        """Rows with at least one error."""
        return sum(r.status == "rejetee" for r in self.rows)

    @property
    def new(self) -> int:
        """Valid rows that an import would create."""
        return sum(r.status == "nouvelle" for r in self.rows)

    @property
    def existing(self) -> int:
        """Valid rows already in the atlas (nothing to create)."""
        return sum(r.status == "deja_presente" for r in self.rows)

    def summary_line(self) -> str:
        """``read=N accepted=A rejected=R`` (the command line's last line)."""
        return f"read={self.read} accepted={self.accepted} rejected={self.rejected}"


# --- reading ---------------------------------------------------------------------------


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


def decode_text(data: bytes) -> tuple[str, str]:
    """Text of a CSV file: UTF-16 with BOM (Excel's « texte Unicode »), UTF-8 (with or
    without BOM), else Windows-1252, else Latin-1."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(textes.IMPORT_ACT_ENCODAGE_ERREUR) from None
    line = broken_utf8_line(data)
    if line is not None:
        raise ImportFileError(textes.HOSTILE_UTF8_CASSE.format(ligne=line))
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding.replace("-sig", "")
        except UnicodeDecodeError:
            continue
    raise ImportFileError(textes.IMPORT_ACT_ENCODAGE_ERREUR)  # pragma: no cover (latin-1 decodes anything)


def _unquote(value: Any) -> Any:
    """Undo the export's formula neutralisation ('=… → =…) and cap the length."""
    if isinstance(value, str):
        if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_PREFIXES:
            value = value[1:]
        return value[:MAX_CELL]
    return value


def _table(fmt: str, headers: list[Any], records: list[tuple[int, list[Any]]], encoding: str | None = None) -> RawTable:
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(textes.IMPORT_ACT_TROP_DE_COLONNES.format(max=MAX_COLUMNS))
    mapped, unknown = _map_columns(headers)
    rows, lines = [], []
    for line, values in records:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue  # blank line
        row = {name: _unquote(values[i]) if i < len(values) else None for i, name in enumerate(mapped) if name}
        rows.append(row)
        lines.append(line)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(textes.IMPORT_ACT_TROP_DE_LIGNES.format(max=MAX_ROWS))
    return RawTable(fmt, rows, lines, [m for m in mapped if m], unknown, encoding)


def read_csv_bytes(data: bytes) -> RawTable:
    """Rows of a CSV file (``;``, ``,`` or tab; UTF-8 with or without BOM, or Latin-1)."""
    text, encoding = decode_text(data) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("", "")
    if not encoding:
        if b"\x00" in data[:4096]:
            raise ImportFileError(textes.IMPORT_ACT_FORMAT_INCONNU)
        text, encoding = decode_text(data)
    if "\x00" in text:
        raise ImportFileError(textes.IMPORT_ACT_FORMAT_INCONNU)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)  # a 10 MB cell is read, capped, and its row rejected
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportFileError(textes.IMPORT_ACT_VIDE) from None
    records: list[tuple[int, list[Any]]] = []
    try:
        line = reader.line_num + 1
        for values in reader:
            records.append((line, values))
            line = reader.line_num + 1
            if len(records) > MAX_ROWS + 1:
                break
    except csv.Error as exc:
        detail = textes.HOSTILE_CSV_STRUCTURE.format(ligne=reader.line_num)
        raise ImportFileError(textes.IMPORT_ACT_ILLISIBLE.format(detail=detail)) from exc
    return _table("csv", headers, records, encoding)


def _trimmed(values: tuple[Any, ...]) -> list[Any]:
    """A row's values without the empty cells at its end."""
    end = len(values)
    while end and values[end - 1] is None:
        end -= 1
    return list(values[:end])


def read_xlsx_bytes(data: bytes) -> RawTable:
    """Rows of the first sheet of an XLSX workbook (values only, formulas never run).

    Before openpyxl reads anything, the archive's declared sizes are checked (a
    decompression bomb is refused without being inflated). The sheet's declared
    dimensions are ignored (a tiny file may claim 16,384 columns × 1,048,576 rows): a
    row is as long as its last filled cell, and a row longer than ``MAX_COLUMNS`` or
    more than ``MAX_ROWS`` rows refuse the file at once.
    """
    import openpyxl

    message = check_zip_sizes(data, MAX_XLSX_UNCOMPRESSED, MAX_XLSX_RATIO)
    if message:
        raise ImportFileError(message)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise ImportFileError(textes.IMPORT_ACT_FORMAT_INCONNU)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(textes.IMPORT_ACT_ILLISIBLE.format(detail=type(exc).__name__)) from exc
    except Exception as exc:  # noqa: BLE001 - malformed XML inside the archive (ParseError and others)
        raise ImportFileError(textes.IMPORT_ACT_ILLISIBLE.format(detail=textes.HOSTILE_XLSX_ILLISIBLE)) from exc
    try:
        if not workbook.worksheets:
            raise ImportFileError(textes.IMPORT_ACT_VIDE)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        headers = _trimmed(next(rows, None) or ())
        if not headers:
            raise ImportFileError(textes.IMPORT_ACT_VIDE)
        if len(headers) > MAX_COLUMNS:
            raise ImportFileError(textes.IMPORT_ACT_TROP_DE_COLONNES.format(max=MAX_COLUMNS))
        records = []
        blank = 0
        for index, values in enumerate(rows, start=2):
            values = _trimmed(values)
            if not values:
                blank += 1
                if blank > MAX_XLSX_BLANK_ROWS:
                    break
                continue
            if len(values) > MAX_COLUMNS:
                raise ImportFileError(textes.IMPORT_ACT_TROP_DE_COLONNES.format(max=MAX_COLUMNS))
            records.append((index, values))
            if len(records) > MAX_ROWS:
                raise ImportFileError(textes.IMPORT_ACT_TROP_DE_LIGNES.format(max=MAX_ROWS))
    except ImportFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - malformed sheet XML, discovered while reading rows
        raise ImportFileError(textes.IMPORT_ACT_ILLISIBLE.format(detail=textes.HOSTILE_XLSX_ILLISIBLE)) from exc
    finally:
        workbook.close()
    return _table("xlsx", headers, records)


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


def read_geojson_bytes(data: bytes) -> RawTable:
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
    return RawTable("geojson", rows, lines, [m for m in mapped if m], unknown)


def read_upload(data: bytes, max_bytes: int = MAX_BYTES) -> RawTable:
    """Read an uploaded file from its bytes; the format is sniffed, never taken from its name."""
    if len(data) > max_bytes:
        raise ImportFileError(textes.IMPORT_ACT_TROP_GROS.format(max=max_bytes // (1024 * 1024)))
    if not data.strip():
        raise ImportFileError(textes.IMPORT_ACT_VIDE)
    if data[:4] == b"PK\x03\x04":
        return read_xlsx_bytes(data)
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        return read_geojson_bytes(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(textes.IMPORT_ACT_XLS_ANCIEN)
    return read_csv_bytes(data)


# --- mapping a row to a form ------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10] if isinstance(value, dt.datetime) else value.isoformat()
    return clean_text(value)


def _items(value: Any, separators: str = r"[|;,\n]") -> list[str]:
    return [v.strip() for v in re.split(separators, _text(value)) if v.strip()]


_UNESCAPED_BAR = re.compile(r"(?<!\\)((?:\\\\)*)\|")


def split_escaped(value: Any) -> list[str]:
    """Items of a `` | ``-separated cell (or one per line); ``\\|`` is a literal bar."""
    text = _UNESCAPED_BAR.sub(lambda m: m.group(1) + "\n", _text(value).replace("\r", ""))
    items = [v.replace("\\|", "|").replace("\\\\", "\\").strip() for v in text.split("\n")]
    return [v for v in items if v]


class _Vocabulary:
    """Method and public slugs from their slug or their French label."""

    def __init__(self, ctx: Context) -> None:
        self.methodes = {normalize_name(m.libelle): m.slug for m in ctx.guide.methodes}
        self.methodes.update({m.slug: m.slug for m in ctx.guide.methodes})
        self.publics = {normalize_name(p.libelle): p.slug for p in ctx.guide.publics}
        self.publics.update({p.slug: p.slug for p in ctx.guide.publics})

    def methode(self, value: str) -> str:
        return self.methodes.get(value) or self.methodes.get(normalize_name(value)) or value

    def public(self, value: str) -> str:
        return self.publics.get(value) or self.publics.get(normalize_name(value)) or value


def _place_indexes(ctx: Context) -> tuple[dict[str, list[Any]], dict[str, set[str]]]:
    """Communes by normalised name and by postal code (built once per context)."""
    if "noms" not in ctx.indexes:
        by_name: dict[str, list[Any]] = {}
        by_postal: dict[str, set[str]] = {}
        table = getattr(ctx.territories, "communes", None)
        if table is not None:
            com = table[table["type"] == "COM"]
            shorts = com["nom_sans_article"] if "nom_sans_article" in com else com["nom"]
            for code, nom, short, postcodes in zip(com["code"], com["nom"], shorts, com["codes_postaux"]):
                for key in {normalize_name(nom), normalize_name(short)}:  # "La Rochelle" and "Rochelle"
                    by_name.setdefault(key, []).append(code)
                for postcode in postcodes:
                    by_postal.setdefault(str(postcode), set()).add(code)
        ctx.indexes["noms"], ctx.indexes["postaux"] = by_name, by_postal
    return ctx.indexes["noms"], ctx.indexes["postaux"]


def _commune_by_name(ctx: Context, name: str, postal: str) -> tuple[dict[str, Any] | None, str | None]:
    by_name, by_postal = _place_indexes(ctx)
    wanted = normalize_name(name)
    if by_name:
        codes = list(by_name.get(wanted, []))
        if postal:
            codes = [c for c in codes if c in by_postal.get(postal, set())]
        candidates = [ctx.territories.get("commune", c) for c in codes]
    else:  # a look-up without tables (tests): use the search
        candidates = [t for t in ctx.territories.search(name, "commune", limit=50) if normalize_name(t.nom) == wanted]
        if postal:
            in_postal = {t.code for t in ctx.territories.search(postal, "commune", limit=200)}
            candidates = [t for t in candidates if t.code in in_postal]
    if not candidates:
        return None, textes.CONTRIB_COMMUNE_INCONNUE.format(valeur=f"{name} {postal}".strip()[:80])
    if len(candidates) > 1:
        return None, textes.IMPORT_ACT_COMMUNE_AMBIGUE.format(
            valeur=name[:80], codes=", ".join(t.label for t in candidates[:5])
        )
    return {"niveau": "commune", "code": candidates[0].code, "mode": "import"}, None


def _former_code_error(ctx: Context, code: str) -> str | None:
    """A French hint when ``code`` is the former code of a merged commune (else None)."""
    if ctx.territories.get("commune", code) is not None:
        return None
    from geo.history import former_communes

    current = former_communes().get(code)
    if current is None:
        return None
    territory = ctx.territories.get("commune", current)
    return textes.HOSTILE_ANCIEN_CODE.format(code=code, nouveau=current, nom=territory.nom if territory else current)


def resolve_place(ctx: Context, row: dict[str, Any], located: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """The place of a row from (by priority) niveau+code, INSEE code, point, commune name, postal code."""
    if row.get("__geometrie__"):
        return None, row["__geometrie__"]
    level, code = _text(row.get("niveau_lieu")), _text(row.get("code_lieu")).upper()
    if code:
        level = level or "commune"
        if level == "departement" and code.isdigit() and len(code) == 1:
            code = code.zfill(2)
        if level == "commune" and (former := _former_code_error(ctx, code)):
            return None, former
        return {"niveau": level, "code": code, "mode": "import"}, None
    insee = _text(row.get("code_commune")).upper()
    if insee:
        if len(insee) == 4 and insee.isdigit():
            insee = insee.zfill(5)  # a spreadsheet dropped the leading zero
        if former := _former_code_error(ctx, insee):
            return None, former
        return {"niveau": "commune", "code": insee, "mode": "import"}, None
    lat, lon = row.get("latitude"), row.get("longitude")
    if _text(lat) or _text(lon):
        try:
            y = float(_text(lat).replace(",", "."))
            x = float(_text(lon).replace(",", "."))
        except ValueError:
            return None, textes.CONTRIB_COORD_INVALIDES
        if not (math.isfinite(y) and math.isfinite(x) and -90 <= y <= 90 and -180 <= x <= 180):
            return None, textes.CONTRIB_COORD_INVALIDES  # NaN, infinities, out of range
        if located is None:
            return None, textes.CONTRIB_HORS_FRANCE.format(lat=round(y, 5), lon=round(x, 5))
        return {"niveau": "commune", "code": located, "mode": "import", "lat": y, "lon": x}, None
    name, postal = _text(row.get("commune")), _text(row.get("code_postal"))
    if len(postal) == 4 and postal.isdigit():
        postal = postal.zfill(5)
    if name:
        return _commune_by_name(ctx, name, postal)
    if postal:
        _names, by_postal = _place_indexes(ctx)
        if by_postal:
            found = [ctx.territories.get("commune", c) for c in sorted(by_postal.get(postal, set()))]
        else:
            found = ctx.territories.search(postal, "commune", limit=20)
        if len(found) == 1:
            return {"niveau": "commune", "code": found[0].code, "mode": "import"}, None
        if not found:
            return None, textes.CONTRIB_COMMUNE_INCONNUE.format(valeur=postal)
        return None, textes.IMPORT_ACT_COMMUNE_AMBIGUE.format(valeur=postal, codes=", ".join(t.label for t in found[:5]))
    return None, textes.CONTRIB_LIEU_MANQUANT


def row_saisie(row: dict[str, Any], vocabulary: _Vocabulary, lieu: dict[str, Any] | None) -> dict[str, Any]:
    """The contribution form a row stands for."""
    sources = split_escaped(row.get("sources"))
    return {
        "titre": _text(row.get("titre")),
        "resume": _text(row.get("resume")),
        "date_debut": _text(row.get("date_debut")) or _text(row.get("annee_debut")),
        "date_fin": _text(row.get("date_fin")) or _text(row.get("annee_fin")),
        "en_cours": _text(row.get("en_cours")).lower() in TRUE_WORDS,
        "methodes": [vocabulary.methode(v) for v in _items(row.get("methodes"))],
        "publics": [vocabulary.public(v) for v in _items(row.get("publics"))],
        "porteurs": "\n".join(split_escaped(row.get("porteurs"))),
        "fiches": _items(row.get("fiches")),
        "sources": "\n".join(sources),
        "contact_structure": _text(row.get("contact_structure")),
        "contact_email": _text(row.get("contact_email")),
        "contact_telephone": _text(row.get("contact_telephone")),
        "lieu": lieu,
    }


def stable_id(saisie: dict[str, Any]) -> str:
    """External id of a row without one: hash of its normalised title, place and start."""
    lieu = saisie.get("lieu") or {}
    key = "|".join(
        [normalize_name(saisie.get("titre", "")), str(lieu.get("niveau", "")), str(lieu.get("code", "")), str(saisie.get("date_debut", ""))]
    )
    return "imp-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def _field_label(name: str) -> str:
    return textes.CHAMP_LIBELLES.get(name, name)


def _flatten(errors: dict[str, list[str]]) -> list[str]:
    return [f"{_field_label(name)} : {message}" for name, messages in errors.items() for message in messages]


def _existing_titles(store: ContributionStore, ids: list[str]) -> dict[str, str]:
    from data.store import schema

    a = schema.actions.c
    out: dict[str, str] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            out.update(dict(conn.execute(sa.select(a.external_id, a.titre).where(a.external_id.in_(chunk))).all()))
    return out


def preview(
    data: bytes,
    file_name: str,
    ctx: Context,
    store: ContributionStore,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportReport:
    """Read and validate a whole file; nothing is written."""
    report_progress = progress or (lambda _f, _m: None)
    report_progress(0.0, textes.IMPORT_ACT_LECTURE)
    table = read_upload(data, max_bytes)
    report = ImportReport(file_name=file_name, format=table.format, encoding=table.encoding, unknown_columns=table.unknown_columns)
    present = set(table.columns)
    missing = [name for name in REQUIRED if name not in present]
    if not present & set(PLACE_COLUMNS) and table.format != "geojson":
        missing.append("lieu")
    report.missing_columns = missing
    if missing:
        message = textes.IMPORT_ACT_COLONNES_MANQUANTES.format(colonnes=", ".join(_field_label(m) for m in missing))
        report.rows = [
            RowResult(line, _text(row.get("external_id")), _text(row.get("titre"))[:200], [message], "rejetee", row)
            for line, row in zip(table.lines, table.rows)
        ]
        return report

    # Points first, all at once (much faster than one by one).
    located: dict[int, str | None] = {}
    need = [
        i for i, row in enumerate(table.rows)
        if not _text(row.get("code_lieu")) and not _text(row.get("code_commune")) and (_text(row.get("latitude")) or _text(row.get("longitude")))
    ]
    if need and ctx.locator is not None:
        lats, lons = [], []
        for i in need:
            try:  # both parsed before either is kept: a valid latitude with a bad longitude
                lat = float(_text(table.rows[i].get("latitude")).replace(",", "."))
                lon = float(_text(table.rows[i].get("longitude")).replace(",", "."))
            except ValueError:
                lat = lon = float("nan")
            lats.append(lat)
            lons.append(lon)
        many = getattr(ctx.locator, "locate_many", None)
        codes = many(lats, lons) if many else [ctx.locator.locate(y, x) for y, x in zip(lats, lons)]
        located = dict(zip(need, codes))

    vocabulary = _Vocabulary(ctx)
    results: list[RowResult] = []
    seen: dict[str, int] = {}
    total = max(len(table.rows), 1)
    for i, (line, row) in enumerate(zip(table.lines, table.rows)):
        lieu, place_error = resolve_place(ctx, row, located.get(i))
        saisie = row_saisie(row, vocabulary, lieu)
        external_id = _text(row.get("external_id"))[:120] or stable_id(saisie)
        validation = validate(saisie, ctx, external_id, origine="import", statut=SUBMITTED)
        errors = _flatten(validation.errors)
        if place_error and "lieu" not in validation.errors:
            errors.append(f"{_field_label('lieu')} : {place_error}")
        elif place_error:
            errors = [e for e in errors if not e.startswith(_field_label("lieu"))] + [f"{_field_label('lieu')} : {place_error}"]
        if external_id in seen:
            errors.append(textes.IMPORT_ACT_DOUBLON.format(ligne=seen[external_id]))
        else:
            seen[external_id] = line
        results.append(
            RowResult(
                line, external_id, _text(row.get("titre"))[:200], errors, "rejetee" if errors else "nouvelle", row,
                None if errors else validation.contribution,
            )
        )
        if i % 500 == 0:
            report_progress(0.1 + 0.8 * i / total, textes.IMPORT_ACT_VALIDATION.format(n=i, total=len(table.rows)))

    candidates = [r.external_id for r in results if r.status == "nouvelle"]
    existing = _existing_titles(store, candidates)
    for result in results:
        if result.status != "nouvelle" or result.external_id not in existing:
            continue
        stored_title = existing[result.external_id]
        if result.contribution is not None and normalize_name(stored_title) == normalize_name(result.contribution.record.titre):
            result.status = "deja_presente"
        else:
            result.status = "rejetee"
            result.contribution = None
            result.errors.append(textes.IMPORT_ACT_ID_PRIS.format(identifiant=result.external_id[:60], titre=stored_title[:80]))
    report.rows = results
    report_progress(1.0, textes.IMPORT_ACT_PRET)
    return report


class ImportConflictError(RuntimeError):
    """Another import wrote some of the same actions meanwhile; nothing was written."""


def commit(
    report: ImportReport, store: ContributionStore, user: User, progress: Progress | None = None
) -> int:
    """Write the accepted new rows in one transaction (all or none); return how many."""
    report_progress = progress or (lambda _f, _m: None)
    new = [r for r in report.rows if r.status == "nouvelle" and r.contribution is not None]
    already = store.existing_external_ids([r.external_id for r in new])
    for row in new:
        if row.external_id in already:
            row.status = "deja_presente"
    todo = [r for r in new if r.status == "nouvelle"]
    report_progress(0.0, textes.IMPORT_ACT_ECRITURE)
    try:
        created = store.insert_many(
            user,
            [r.contribution for r in todo if r.contribution is not None],
            source=report.file_name[:120],
            progress=lambda f: report_progress(f, textes.IMPORT_ACT_ECRITURE),
        )
    except sa.exc.IntegrityError as exc:
        raise ImportConflictError(textes.IMPORT_ACT_CONFLIT) from exc
    report.created = created
    return created


def rejected_rows_csv(report: ImportReport) -> bytes:
    """The rejected rows and their reasons, as a CSV for Excel (``;``, UTF-8 BOM)."""
    from data.actions.exports import neutralise

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([textes.IMPORT_ACT_COL_LIGNE, textes.IMPORT_ACT_COL_IDENTIFIANT, textes.IMPORT_ACT_COL_TITRE, textes.IMPORT_ACT_COL_MOTIFS])
    for row in report.rows:
        if row.status == "rejetee":
            writer.writerow([row.line, neutralise(row.external_id), neutralise(row.titre), neutralise(" ; ".join(row.errors))])
    return out.getvalue().encode("utf-8-sig")
