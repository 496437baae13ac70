"""The small guards the hostile inputs rely on: text cleaning, addresses, links, URL numbers,
encodings, ZIP sizes, and the seed loader refusing a ``javascript:`` source."""
from __future__ import annotations

import pytest

from components.markdown import md_escape, md_link
from components.url_state import ints, is_plain_int
from data import textes
from data.actions.exports import neutralise
from data.actions.validation import validate
from data.files.tabular import broken_utf8_line
from data.files.xlsx import check_zip_sizes
from data.validation import check_url, clean_text
from tests.hostile import catalogue as cat


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("  a\x00b\x01c\x7f  ", "abc"),
        ("\u202eexe.txt\u202c", "exe.txt"),
        ("\u2066isolé\u2069", "isolé"),
        ("Cafe\u0301", "Café"),
        ("\ufeffRé\u200bunion\u2060\xad", "Réunion"),
        ("a\x85b\x9fc", "abc"),
        ("x\ud800y\udfff", "xy"),
        ("👩\u200d👧 حديقة \u200fשלום", "👩\u200d👧 حديقة \u200fשלום"),  # ZWJ, RTL text and marks kept
        ("ligne 1\nligne 2\tfin", "ligne 1\nligne 2\tfin"),
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(5)", "JaVaScRiPt:alert(5)", " javascript:alert(5)", "\x01javascript:alert(5)",
        "\tjavascript:alert(5)", "java\tscript:alert(5)", "java\nscript:alert(5)", "vbscript:msgbox(5)",
        "data:text/html;base64,PHNjcmlwdD4=", "//evil.example/x", "file:///etc/passwd", "https://exa mple.org",
        "https://", "http:/example.org", "https:example.org", "mailto:a@b.fr", "https://" + "a" * 2000 + ".fr",
    ],
)
def test_only_complete_http_addresses_pass(url: str) -> None:
    message = check_url(url)
    assert message and message.startswith("adresse « ")


@pytest.mark.parametrize("url", ["https://example.org/a", "http://example.org/a?b=<c>&d='e'", "HTTPS://EXAMPLE.ORG/"])
def test_http_addresses_pass(url: str) -> None:
    assert check_url(url) is None


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(5)", "JAVASCRIPT:alert(5)", " javascript:alert(5)", "\x01javascript:x", "java\tscript:x",
     "vbscript:x", "data:text/html,x", "//evil.example", "https://a.fr/\nx", "mailto:a@b.fr"],
)
def test_markdown_links_never_carry_a_script(url: str) -> None:
    label = "<img src=x onerror=alert(1)>"
    assert md_link(label, url) == md_escape(label)


def test_markdown_links_escape_what_could_end_them() -> None:
    assert md_link("](javascript:alert(1))", "https://a.fr/x) [y](javascript:z") == (
        r"[\]\(javascript\:alert\(1\)\)](https://a.fr/x%29%20[y]%28javascript:z)"
    )
    assert md_link("a", "/action?id=3") == "[a](/action?id=3)"
    assert md_link("a", "/\\evil.example") == "[a](/%5Cevil.example)"  # stays a local path


@pytest.mark.parametrize("value", ["²", "٣", "𝟙", "9" * 5000, "-1", "1e3", " 3", "", "0x1A", "1\x00"])
def test_url_numbers_are_plain_ascii_digits(value: str) -> None:
    assert not is_plain_int(value)
    assert ints([value]) == [] or value == " 3"


def test_url_numbers() -> None:
    assert is_plain_int("47") and ints(["3", "²", "27", " 5 ", "99999999"]) == [3, 27, 5]


def test_broken_utf8_is_told_apart_from_windows_1252() -> None:
    assert broken_utf8_line("é\nà\n".encode() + b"\xff") == 3
    assert broken_utf8_line("Fête à Noël".encode("cp1252")) is None
    assert broken_utf8_line("déjà".encode()) is None


def test_zip_sizes_are_read_without_inflating() -> None:
    assert check_zip_sizes(cat.bomb_xlsx(300), 100 * cat.MB) == textes.HOSTILE_ZIP_TROP_GROS.format(max=100)
    assert check_zip_sizes(cat.bomb_xlsx(60), 100 * cat.MB) == textes.HOSTILE_ZIP_RATIO.format(ratio=100)
    assert check_zip_sizes(cat.formulas_xlsx(), 100 * cat.MB) is None
    assert check_zip_sizes(b"PK\x03\x04 pas une archive", 100) is None  # the reader reports it


def test_the_bomb_really_inflates() -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(cat.bomb_xlsx(60))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 60 * cat.MB and info.compress_size < 100_000
        with archive.open(info) as member:
            assert len(member.read(5 * cat.MB)) == 5 * cat.MB  # genuine deflate data, not a lie


def test_neutralise() -> None:
    for text in cat.FORMULA_TEXTS + ("\t=1", "\r=1"):
        assert neutralise(text) == "'" + text
    assert neutralise("Atelier") == "Atelier" and neutralise(-1.5) == -1.5


def test_seed_with_a_javascript_source_is_refused_at_load(contrib_ctx) -> None:  # noqa: F811
    from data.actions.seed import SeedError, read_seed

    path = cat.FIXTURES / "seed_url_javascript.yaml"
    with pytest.raises(SeedError) as caught:
        read_seed(path, contrib_ctx.guide, contrib_ctx.territories, contrib_ctx.points)
    message = str(caught.value)
    assert message.startswith("seed_url_javascript.yaml, ligne ") and "« sources »" in message
    assert "javascript:alert(5)" in message and "http://" in message


def test_validation_refuses_ten_megabytes(contrib_ctx) -> None:  # noqa: F811
    """What a client bypassing the widgets' limits would send: refused, not stored."""
    saisie = {"titre": cat.ten_megabytes(), "resume": cat.ten_megabytes("é"), "porteurs": cat.ten_megabytes("p"),
              "lieu": {"niveau": "commune", "code": "47167"}}
    result = validate(saisie, contrib_ctx, "x")
    assert not result.ok
    assert result.errors["titre"] == [textes.ERR_TEXTE_LONG.format(n=10 * cat.MB, max=200)]
    assert result.errors["resume"] == [textes.ERR_TEXTE_LONG.format(n=10 * cat.MB, max=3000)]
    assert "porteurs" in result.errors


def test_the_checkers_catch_what_they_look_for() -> None:
    """The figures are only worth their detectors: English, tracebacks and formulas are seen."""
    import io

    from openpyxl import Workbook

    from tests.hostile.harness import (
        evaluable_csv_cells,
        evaluable_xlsx_cells,
        is_french,
    )

    assert is_french(textes.IMPORT_ACT_VIDE) and is_french(textes.ERR_URL.format(url="javascript:x"))
    assert is_french(r"Sources : adresse « javascript\:alert\(5\) » invalide (seules les adresses http:// ou https:// complètes sont acceptées)")
    for english in ("Invalid file extension: `.xls`", "Page not found", "Traceback (most recent call last): ValueError",
                    "This app has encountered an error."):
        assert not is_french(english)
    csv_data = "titre;latitude\r\n=1+1;-4,48\r\n'=1+1;-1+1\r\n@SUM(1);\r\n".encode("utf-8-sig")
    assert evaluable_csv_cells(csv_data, ("latitude",)) == ["titre='=1+1'", "latitude='-1+1'", "titre='@SUM(1)'"]
    workbook = Workbook()
    workbook.active.append(["titre", "longitude"])
    workbook.active.append(["=1+1", -4.48])
    workbook.active.append(["'=1+1", "-4,48"])
    out = io.BytesIO()
    workbook.save(out)
    assert evaluable_xlsx_cells(out.getvalue(), ("longitude",)) == ["titre: formule '=1+1'", "longitude: nombre attendu, '-4,48'"]
