"""The shared reader of uploaded tables, and what each importer makes of it.

A NUL byte in one cell rejects that row only (both importers); binary content and a
NUL in the header still refuse the file; every problem of the reader is worded in
French by each importer, in its own way.
"""
from __future__ import annotations

import io
import math

import pytest
from openpyxl import Workbook

from data import textes
from data.actions import import_read
from data.actions.import_read import read_upload
from data.actions.imports import preview
from data.actions.workflow import ContributionStore
from data.files.tabular import (
    ImportFileError,
    Limits,
    Problem,
    decode_text,
    read_csv,
    sniff_delimiter,
)
from data.files.xlsx import read_xlsx
from data.indicators import import_layout
from data.indicators.import_plan import ImportOptions
from data.indicators.imports import prepare_import
from data.store.db import make_engine, migrate

HEADER = "identifiant;titre;resume;code_commune\r\n"
INDICATOR = ImportOptions(nom="Indicateur d'essai", unite="nombre", millesime="2024")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """An empty SQLite atlas: previews look up existing ids, nothing is written."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('tabular') / 'atlas.db'}")
    migrate(engine)
    yield ContributionStore(engine)
    engine.dispose()


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- a NUL byte rejects its row only ----------------------------------------------------------------


def test_action_row_with_a_nul_byte_is_rejected_and_the_others_read(contrib_ctx, store) -> None:  # noqa: F811
    content = (
        HEADER
        + "nul-1;Atelier du lundi;Un résumé valide.;47167\r\n"
        + "nul-2;Atelier\x00 du mardi;Un résumé valide.;47167\r\n"
        + "nul-3;Atelier du jeudi;Un résumé valide.;47001\r\n"
    ).encode()
    report = preview(content, "nul.csv", contrib_ctx, store)
    assert (report.read, report.accepted, report.rejected) == (3, 2, 1)
    assert report.read == report.accepted + report.rejected
    bad = next(r for r in report.rows if r.status == "rejetee")
    assert bad.line == 3 and bad.external_id == "nul-2"
    assert bad.errors[0] == textes.LECTURE_OCTET_NUL.format(colonne="titre")
    assert bad.contribution is None
    assert [r.external_id for r in report.rows if r.status == "nouvelle"] == ["nul-1", "nul-3"]
    assert store.status_counts() == {}  # a preview never writes


def test_action_row_holding_only_a_nul_byte_is_not_lost(contrib_ctx, store) -> None:  # noqa: F811
    content = (HEADER + "ok-1;Atelier;Un résumé valide.;47167\r\n\x00\r\n").encode("cp1252")
    report = preview(content, "nul.csv", contrib_ctx, store)
    assert (report.read, report.accepted, report.rejected) == (2, 1, 1)
    assert report.rows[1].errors[0] == textes.LECTURE_OCTET_NUL.format(colonne="identifiant")


def test_action_nul_in_a_utf16_file_rejects_its_row(contrib_ctx, store) -> None:  # noqa: F811
    content = (HEADER + "u-1;Été\x00;Un résumé valide.;47167\r\nu-2;Hiver;Un résumé valide.;47167\r\n").encode("utf-16")
    report = preview(content, "nul16.csv", contrib_ctx, store)
    assert report.encoding == "utf-16"
    assert (report.read, report.accepted, report.rejected) == (2, 1, 1)
    assert report.rows[0].errors[0] == textes.LECTURE_OCTET_NUL.format(colonne="titre")


def test_indicator_row_with_a_nul_byte_is_invalid_and_the_others_imported(territories) -> None:
    content = b"code;valeur\r\n47;1\x00\r\n24;2\r\n33;3\r\n"
    plan = prepare_import("nul.csv", content, INDICATOR, territories, [], ["demographie"])
    assert plan.ok, plan.errors
    assert (plan.read, plan.matched, plan.invalid, plan.unknown) == (3, 2, 1, 0)
    [problem] = plan.problems
    assert (problem.line, problem.code, problem.kind) == (2, "47", "invalide")
    assert problem.message == textes.LECTURE_OCTET_NUL.format(colonne="valeur")
    values = plan.indicators[0].values
    assert sorted(values["code"]) == ["24", "33"] and sorted(values["valeur"]) == [2.0, 3.0]
    statuses = dict(zip(plan.preview[textes.IMPORT_COL_CODE], plan.preview[textes.IMPORT_COL_STATUT]))
    assert statuses["47"] == textes.IMPORT_STATUT["invalide"]
    assert any(textes.LECTURE_OCTET_NUL.format(colonne="valeur") in line for line in plan.lines())


def test_indicator_nul_row_does_not_count_as_a_duplicate(territories) -> None:
    content = b"code;valeur\r\n47;1\x00\r\n47;2\r\n"
    plan = prepare_import("nul.csv", content, INDICATOR, territories, [], ["demographie"])
    assert plan.ok, plan.errors
    assert plan.indicators[0].values["valeur"].tolist() == [2.0]
    assert [p.kind for p in plan.problems] == ["invalide"]


def test_nul_in_a_title_line_is_removed_and_the_file_read(territories) -> None:
    content = "Source : Insee\r\nTaux\x00 de pauvreté\r\ncodgeo;libgeo;taux\r\n47;Lot-et-Garonne;12,5\r\n".encode()
    options = ImportOptions(unite="%", millesime="2024", niveau="departement")
    plan = prepare_import("ot.csv", content, options, territories, [], ["demographie"])
    assert plan.ok, plan.errors
    assert (plan.read, plan.matched, plan.problems) == (1, 1, [])
    assert plan.indicators[0].values["valeur"].tolist() == [12.5]


def test_nul_in_the_header_refuses_the_file(contrib_ctx, store, territories) -> None:  # noqa: F811
    with pytest.raises(ImportFileError) as caught:
        preview(b"titre\x00;resume;code_commune\r\nA;b;47167\r\n", "h.csv", contrib_ctx, store)
    assert str(caught.value) == textes.IMPORT_ACT_FORMAT_INCONNU
    plan = prepare_import("h.csv", b"Titre\r\ncode;valeur\x00\r\n47;1\r\n", INDICATOR, territories, [], ["demographie"])
    assert plan.errors == [textes.IMPORT_ENCODAGE.format(fichier="h.csv")] and not plan.layout


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",  # two NUL bytes in a row
        "titre;resume\r\nA;b\r\n".encode("utf-16-le"),  # UTF-16 without BOM: NUL bytes in the first line
    ],
)
def test_binary_content_is_still_refused_whole(content: bytes, territories) -> None:
    with pytest.raises(ImportFileError) as caught:
        read_upload(content)
    assert str(caught.value) == textes.IMPORT_ACT_FORMAT_INCONNU
    plan = prepare_import("b.csv", content, INDICATOR, territories, [], ["demographie"])
    assert plan.errors == [textes.IMPORT_ENCODAGE.format(fichier="b.csv")]


# --- the reader itself ------------------------------------------------------------------------------


def test_decoder_encodings_and_broken_utf8() -> None:
    assert decode_text("é;à".encode()) == ("é;à", "utf-8")
    assert decode_text("\ufeffé".encode()) == ("é", "utf-8")
    assert decode_text("Fête €".encode("cp1252")) == ("Fête €", "cp1252")
    assert decode_text(b"\x81\x8d") == ("\x81\x8d", "latin-1")
    assert decode_text("é".encode("utf-16")) == ("é", "utf-16")
    with pytest.raises(ImportFileError) as caught:
        decode_text("é".encode("utf-16"), utf16=False)
    assert caught.value.kind is Problem.ENCODING
    with pytest.raises(ImportFileError) as caught:
        decode_text(b"\x81\x8d", controls=False)
    assert caught.value.kind is Problem.ENCODING
    with pytest.raises(ImportFileError) as caught:
        decode_text("é\n".encode() + b"\xff")
    assert caught.value.kind is Problem.BROKEN_UTF8 and caught.value.params == {"ligne": 2}


def test_delimiter_sniffer() -> None:
    assert sniff_delimiter("a;b,c;d\n1,2,3,4,5,6\n") == ";"
    assert sniff_delimiter("\n\na,b\n") == ","
    assert sniff_delimiter("a\tb\n") == "\t"
    assert sniff_delimiter("x") == ";"
    header = import_layout._is_header
    assert sniff_delimiter("Titre, avec, virgules\ncode\tvaleur\n1\t2\n", header) == "\t"


def test_limits_blank_rows_and_nul_cells_of_a_csv() -> None:
    limits = Limits(max_columns=3, max_rows=3, skip_blank_rows=True)
    table = read_csv(b"a;b\r\n\r\n;  \r\n1;2\x00\r\n3;4\r\n", limits)
    assert table.rows == [(1, ["a", "b"]), (4, ["1", "2"]), (5, ["3", "4"])]
    assert table.nul_cells == {4: 1} and table.delimiter == ";"
    with pytest.raises(ImportFileError) as caught:
        read_csv(b"a;b\r\n1;2\r\n3;4\r\n5;6\r\n", limits)
    assert caught.value.kind is Problem.TOO_MANY_ROWS and caught.value.params == {"max": 3}
    with pytest.raises(ImportFileError) as caught:
        read_csv(b"a;b\r\n1;2;3;4\r\n", limits)
    assert caught.value.kind is Problem.TOO_MANY_COLUMNS
    kept = read_csv(b"a;b\r\n\r\n1;2\r\n", Limits(max_columns=3, max_rows=3))
    assert kept.rows == [(1, ["a", "b"]), (2, []), (3, ["1", "2"])]


def test_xlsx_sheet_choice_and_trimmed_rows() -> None:
    book = Workbook()
    book.active.append(["notes", None, None])
    other = book.create_sheet("données")
    other.append(["code", "valeur", None])
    other.append([47, 1.5])
    out = io.BytesIO()
    book.save(out)
    limits = Limits(max_columns=5, max_rows=10)
    assert read_xlsx(out.getvalue(), limits).rows == [(1, ["notes"])]
    chosen = read_xlsx(out.getvalue(), limits, lambda rows: any("code" in cells for _, cells in rows))
    assert chosen.rows == [(1, ["code", "valeur"]), (2, [47, 1.5])]
    with pytest.raises(ImportFileError) as caught:
        read_xlsx(_xlsx([["a", "b", "c", "d", "e", "f"]]), limits)
    assert caught.value.kind is Problem.TOO_MANY_COLUMNS


@pytest.mark.parametrize("kind", list(Problem))
def test_every_problem_is_worded_in_french_by_both_importers(kind: Problem) -> None:
    error = ImportFileError(kind=kind, ligne=7, max=9, refus=textes.HOSTILE_ZIP_RATIO.format(ratio=100), detail="BadZipFile")
    fallback = textes.LECTURE_ILLISIBLE.format(motif=kind.value)
    assert str(error) == fallback
    action, indicator = import_read._worded(error), import_layout._worded(error, "f.csv")
    assert action.kind is indicator.kind is kind
    assert str(action) != fallback and str(action)[0].isupper()
    assert str(indicator) != fallback and str(indicator).startswith("f.csv : ")


def test_number_cells_of_an_xlsx_indicator_file_read_through_the_shared_reader(territories) -> None:
    content = _xlsx([["code", "valeur"], ["47", 1.5], ["24", None], ["33", "abc"]])
    plan = prepare_import("x.xlsx", content, INDICATOR, territories, [], ["demographie"])
    assert (plan.read, plan.matched, plan.invalid) == (3, 2, 1)
    values = dict(zip(plan.indicators[0].values["code"], plan.indicators[0].values["valeur"]))
    assert values["47"] == 1.5 and math.isnan(values["24"]) and "33" not in values
