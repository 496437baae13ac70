"""French everywhere a person reads: plurals, dates in Paris time, numbers, the command line's own texts."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

from data import textes
from data.cli.main import main
from data.formatting import fmt_date, fmt_datetime, fmt_value
from data.plurals import Plural, plural

ROOT = Path(__file__).resolve().parents[2]


def test_plurals_agree_with_their_number() -> None:
    assert textes.COMPTE_ACTIONS.format(n=63) == "63 actions"
    assert textes.COMPTE_ACTIONS.format(n=1) == "1 action"
    assert textes.COMPTE_ACTIONS.format(n=0) == "0 action"  # French: singular for 0 and 1
    assert textes.RESULTATS_COMPTE.format(n=1) == "1 action correspond à la sélection"
    assert textes.INSEE_LU.format(n=4, archive="a.zip", millesime=2021).startswith("4 lignes lues dans a.zip")
    assert textes.IMPORT_ACT_BILAN.format(lues=1, acceptees=1, nouvelles=1, presentes=0, rejetees=0) == (
        "1 ligne lue : 1 acceptée (1 nouvelle, 0 déjà présente), 0 rejetée."
    )
    assert fmt_value(1, "communes") == "1 commune" and fmt_value(2, "communes") == "2 communes"
    assert plural("1 234", "valeur", "valeurs") == "valeurs"
    assert Plural("{x} {x:fiche|fiches} ({y})").format(x=2, y="ok") == "2 fiches (ok)"


def test_no_catalogue_text_writes_a_plural_in_brackets() -> None:
    source = (ROOT / "data" / "textes.py").read_text(encoding="utf-8")
    found = [line for line in source.splitlines() if re.search(r"\w\((s|es|x)\)", line) and "http(s)" not in line]
    assert found == []


def test_dates_are_long_french_dates_in_paris_time() -> None:
    winter = dt.datetime(2026, 12, 1, 13, 5, tzinfo=dt.timezone.utc)
    assert fmt_datetime(winter) == "1 décembre 2026 à 14 h 05"
    summer = dt.datetime(2026, 7, 14, 20, 30)  # naive: read as UTC, as the database gives it back
    assert fmt_datetime(summer) == "14 juillet 2026 à 22 h 30"
    assert fmt_datetime(winter, seconds=True) == "1 décembre 2026 à 14 h 05 min 00 s"
    assert fmt_date(dt.date(2021, 6, 30)) == "30 juin 2021"
    assert fmt_date(None) == "" and fmt_datetime(None) == ""


def test_command_line_errors_and_help_are_in_french(capsys) -> None:
    try:
        main(["nimporte"])
    except SystemExit as exit_:
        assert exit_.code == 2
    err = capsys.readouterr().err
    assert err.startswith("utilisation : python -m data")
    assert "erreur : argument COMMANDE : choix invalide : 'nimporte' (choix possibles : 'init'" in err
    assert "usage" not in err and "invalid choice" not in err
    try:
        main(["import-actions"])
    except SystemExit:
        pass
    assert "arguments obligatoires manquants : file" in capsys.readouterr().err
    shown = subprocess.run([sys.executable, "-m", "data", "--help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "afficher cette aide et quitter" in shown and "show this help" not in shown and "options:" in shown
