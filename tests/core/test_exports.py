"""Exports: round trip through the import, formula neutralisation, Table Schema, uMap GeoJSON."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from data.accounts.roles import CONTRIBUTOR, MODERATOR, User
from data.actions.exports import (
    columns,
    export_bytes,
    export_frame,
    neutralise,
    table_schema,
)
from data.actions.fields import empty_saisie
from data.actions.imports import commit, preview
from data.actions.models import ActionFilter
from data.actions.workflow import ContributionStore
from data.atlas import open_atlas
from data.config import load_settings

ALICE = User("alice", CONTRIBUTOR, mode="local")
MOD = User("mod", MODERATOR, mode="local")
SHIPPED = len(yaml.safe_load(load_settings().seed_file.read_text(encoding="utf-8")))  # rows of the shipped file
TRICKY_TITLES = ["=1+1 atelier", "-Atelier en Bretagne", "@collectif des habitants", "+ de lien social"]


@pytest.fixture(scope="module")
def source(tmp_path_factory, geo_cache: Path, contrib_ctx):
    """An atlas with the seed plus published declared actions (dates, contact, tricky titles)."""
    tmp = tmp_path_factory.mktemp("export")
    atlas = open_atlas(load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{tmp / 'src.db'}", "ATLAS_CACHE_DIR": str(geo_cache)}))
    store = ContributionStore(atlas.engine)
    for i, title in enumerate(TRICKY_TITLES):
        saisie = empty_saisie() | {
            "titre": title,
            "resume": "=SOMME(A1:A9) ; un résumé qui commence comme une formule" if i == 0 else "Un résumé ordinaire.",
            "date_debut": "2020-02-01", "date_fin": "2021-12-31" if i % 2 else "",
            "methodes": ["theatre-forum"], "publics": ["habitants", "jeunes"], "fiches": [3, 1],
            "porteurs": "Association A | B\nCommune de Brest", "sources": "https://www.exemple.org/a Titre ; avec | barre",
            "contact_structure": "Centre social", "contact_email": "contact@cs.example.org",
            "lieu": {"niveau": "commune", "code": "29019" if i == 1 else "47167"},
        }
        draft = store.save_draft(ALICE, saisie)
        outcome = store.submit(ALICE, draft.id, contrib_ctx)
        assert outcome.ok, outcome.errors
        store.transition(MOD, outcome.action_id, 1, "publiee")
    return atlas


def comparable(store, external_id: str) -> dict:
    """The exported meaning of an action (what a round trip must keep)."""
    full = store.full(store.by_external_id(external_id))
    d = full
    return {
        "titre": d.titre, "resume": d.resume, "niveau_lieu": d.niveau_lieu, "code_lieu": d.code_lieu,
        "commune": d.commune, "departement": d.departement, "region": d.region,
        "lat": round(d.lat, 5), "lon": round(d.lon, 5),
        "annee_debut": d.annee_debut, "annee_fin": d.annee_fin, "date_debut": full.date_debut, "date_fin": full.date_fin,
        "methodes": sorted(d.methodes), "publics": sorted(d.publics), "porteurs": list(d.porteurs),
        "fiches": sorted(f.numero for f in d.fiches), "sources": [(s.url, s.titre) for s in d.sources],
        "contact_structure": full.contact_structure,
    }


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
def test_export_then_import_gives_the_same_actions(source, engine, contrib_ctx, fmt: str) -> None:
    frame = export_frame(source.actions, source.territories)
    assert len(frame) == source.actions.count() == SHIPPED + len(TRICKY_TITLES)
    target = ContributionStore(engine)
    report = preview(export_bytes(frame, fmt), f"export.{fmt}", contrib_ctx, target)
    assert (report.read, report.accepted, report.rejected) == (len(frame), len(frame), 0), [
        (r.line, r.errors) for r in report.rows if r.errors
    ][:5]
    commit(report, target, MOD)
    src = ContributionStore(source.engine)
    for external_id in frame["identifiant"]:
        assert comparable(target, external_id) == comparable(src, external_id), external_id
    # Re-importing the export creates nothing new.
    again = preview(export_bytes(frame, fmt), f"export.{fmt}", contrib_ctx, target)
    assert again.new == 0 and again.existing == len(frame)


def test_csv_is_for_excel_in_french_and_neutralises_formulas(source) -> None:
    data = export_bytes(export_frame(source.actions, source.territories), "csv")
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == columns()
    by_id = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    titles = {r["titre"] for r in by_id.values()}
    assert {"'=1+1 atelier", "'-Atelier en Bretagne", "'@collectif des habitants", "'+ de lien social"} <= titles
    assert any(r["resume"].startswith("'=SOMME") for r in by_id.values())
    for row in by_id.values():
        for name, value in row.items():
            if name not in ("latitude", "longitude", "annee_debut", "annee_fin"):
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (name, value)
    brest = next(r for r in by_id.values() if r["titre"] == "'-Atelier en Bretagne")
    assert brest["longitude"].startswith("-4,") and "," in brest["latitude"]  # a number, never quoted
    assert "contact@" not in data.decode("utf-8-sig")  # e-mails and phones stay in the atlas


def test_xlsx_neutralises_text_and_keeps_numbers(source) -> None:
    from openpyxl import load_workbook

    data = export_bytes(export_frame(source.actions, source.territories), "xlsx")
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header == columns()
    values = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "'=1+1 atelier" in values and "'-Atelier en Bretagne" in values
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.startswith(("=", "+", "-", "@"))
    lon = header.index("longitude")
    assert any(isinstance(r[lon], float) and r[lon] < 0 for r in sheet.iter_rows(min_row=2, values_only=True))


def test_neutralise() -> None:
    assert [neutralise(v) for v in ["=A1", "+33", "-x", "@a", "\tx", "\rx", "a=b", "", 3, -4.5]] == [
        "'=A1", "'+33", "'-x", "'@a", "'\tx", "'\rx", "a=b", "", 3, -4.5,
    ]


def test_exports_follow_the_table_schema(source, tmp_path) -> None:
    from frictionless import Dialect, Resource, Schema, formats

    schema = Schema.from_descriptor(table_schema())
    assert [f.name for f in schema.fields] == columns() and schema.primary_key == ["identifiant"]
    assert all(f.title and f.description for f in schema.fields)
    frame = export_frame(source.actions, source.territories)
    for fmt in ("csv", "xlsx"):
        (tmp_path / f"actions.{fmt}").write_bytes(export_bytes(frame, fmt))
    dialect = Dialect(controls=[formats.CsvControl(delimiter=";")])
    csv_report = Resource(path="actions.csv", basepath=str(tmp_path), schema=schema, dialect=dialect, encoding="utf-8-sig").validate()
    assert csv_report.valid, csv_report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert csv_report.task.stats["rows"] == len(frame)
    xlsx_report = Resource(path="actions.xlsx", basepath=str(tmp_path), schema=schema).validate()
    assert xlsx_report.valid, xlsx_report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    doc = json.loads(export_bytes(frame, "geojson"))
    rows = [[f["properties"][name] for name in columns()] for f in doc["features"]]
    geo_report = Resource(data=[columns(), *rows], schema=schema).validate()
    assert geo_report.valid, geo_report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_geojson_is_umap_compatible_and_follows_the_selection(source) -> None:
    selection = ActionFilter(departement="47")
    frame = export_frame(source.actions, source.territories, selection)
    assert set(frame["identifiant"]) == set(
        export_frame(source.actions, source.territories).query("code_departement == '47'")["identifiant"]
    )
    assert len(frame) == len(source.actions.list_actions(selection))
    doc = json.loads(export_bytes(frame, "geojson"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(frame)
    feature = doc["features"][0]
    assert feature["geometry"]["type"] == "Point" and len(feature["geometry"]["coordinates"]) == 2
    lon, lat = feature["geometry"]["coordinates"]
    assert -5.5 < lon < 10 and 41 < lat < 52
    assert feature["properties"]["name"] == feature["properties"]["titre"]
    assert feature["properties"]["description"] == feature["properties"]["resume"]
