"""The guide catalogue: shipped fiches, administrator imports (CSV/YAML), never invented titles."""
from __future__ import annotations

from pathlib import Path

import pytest

from data import textes
from data.config import load_settings
from data.files.yamlfile import DataFileError
from data.guide.catalogue import (
    import_fiches,
    list_fiches,
    load_guide,
    read_fiche_file,
    sync_shipped_fiches,
)
from data.store.db import make_engine, migrate

GUIDE = load_guide(load_settings().guide_file)


@pytest.fixture
def engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    migrate(engine)
    sync_shipped_fiches(engine, GUIDE.fiches)
    return engine


def test_shipped_catalogue_has_26_fiches_and_only_confirmed_titles() -> None:
    assert [f.numero for f in GUIDE.fiches] == list(range(1, 27))
    confirmed = {f.numero for f in GUIDE.fiches if f.statut == "confirmee"}
    assert confirmed == {1, 3, 5, 6}
    assert all(f.titre is None for f in GUIDE.fiches if f.statut == "a_completer")
    assert len(GUIDE.methodes) >= 12 and GUIDE.methode("theatre-forum") is not None
    assert GUIDE.illustration("esat-village").fiches == (1, 3)


def test_import_csv_completes_titles_and_is_idempotent(engine, tmp_path: Path) -> None:
    path = tmp_path / "fiches.csv"
    path.write_text("numero;titre;partie\n2;Titre officiel deux;Partie 1\n7;Titre officiel sept;\n", encoding="utf-8")
    fiches, report = read_fiche_file(path)
    assert report.ok
    assert import_fiches(engine, fiches) == (2, 0)
    assert import_fiches(engine, fiches) == (0, 2)
    stored = {f.numero: f for f in list_fiches(engine)}
    assert stored[2].titre == "Titre officiel deux" and stored[2].statut == "confirmee"
    assert stored[7].partie is None and stored[8].statut == "a_completer"
    # The shipped file never overwrites what an administrator imported.
    sync_shipped_fiches(engine, GUIDE.fiches)
    assert {f.numero: f for f in list_fiches(engine)}[2].titre == "Titre officiel deux"


def test_import_yaml(engine, tmp_path: Path) -> None:
    path = tmp_path / "fiches.yaml"
    path.write_text("fiches:\n  - numero: 4\n    titre: \"Quatre\"\n    mots_cles: [a, b]\n", encoding="utf-8")
    fiches, report = read_fiche_file(path)
    assert report.ok and import_fiches(engine, fiches) == (1, 0)
    assert {f.numero: f for f in list_fiches(engine)}[4].mots_cles == ("a", "b")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("numero;titre\n27;Vingt-sept\n", textes.ERR_FICHE_HORS_BORNES.format(numero=27)),
        ("numero;titre\ndeux;Deux\n", textes.ERR_ENTIER.format(valeur="deux")),
        ("numero;titre;statut\n2;;confirmee\n", textes.ERR_FICHE_SANS_TITRE),
        ("numero;titre\n2;A\n2;B\n", textes.ERR_DOUBLON.format(valeur=2, ligne=2)),
        ("numero;titre;source\n2;A;javascript:alert(1)\n", "invalide"),
    ],
)
def test_bad_fiche_files_are_refused_with_a_line(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "fiches.csv"
    path.write_text(content, encoding="utf-8")
    _, report = read_fiche_file(path)
    assert not report.ok
    assert expected in report.errors[0] and "fiches.csv, ligne" in report.errors[0]


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="format non reconnu"):
        read_fiche_file(tmp_path / "fiches.txt")
    with pytest.raises(DataFileError, match="introuvable"):
        read_fiche_file(tmp_path / "absent.csv")
