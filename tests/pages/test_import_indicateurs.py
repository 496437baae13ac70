"""The indicator import page through app.py: access, upload, form, preview and report, confirmation.

Streamlit 1.67's AppTest supports ``file_uploader``: the real page runs with an
uploaded file (kept in memory only). Only admins and moderators may use it.
"""
from __future__ import annotations

import os

import pytest

from components.auth import SESSION_KEY
from components.markdown import md_escape
from data import textes
from data.accounts.auth import AccountRepository
from data.config import PROJECT_DIR
from data.indicators.catalogue import IndicatorStore
from data.store.db import make_engine
from tests.support.apptest import open_page

FIXTURES = PROJECT_DIR / "tests" / "fixtures" / "indicateurs"
PAGE = "app_pages/import_indicateurs.py"


def _open(make_app, role: str | None = "moderateur"):
    """The import page, signed in with ``role`` (None: anonymous visitor)."""
    at = make_app()
    at.run()  # migrates the temporary database
    if role:
        identifiant = f"compte-{role}"
        AccountRepository(make_engine(os.environ["ATLAS_DATABASE_URL"])).create(
            identifiant, role, password="mot de passe de test assez long"
        )
        at.session_state[SESSION_KEY] = identifiant
    return open_page(at, PAGE)


def _store() -> IndicatorStore:
    return IndicatorStore(make_engine(os.environ["ATLAS_DATABASE_URL"]))


def _upload(at, name: str, content: bytes | None = None):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    at.file_uploader(key="import_indicateurs_fichier").set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("role", [None, "contributeur"])
def test_page_is_refused_below_moderator(make_app, role) -> None:
    at = _open(make_app, role)
    assert textes.PAGE_IMPORT_INDICATEURS not in [t.value for t in at.title]
    assert not at.file_uploader
    assert at.error  # the French refusal of components.auth


@pytest.mark.parametrize("role", ["moderateur", "admin"])
def test_page_asks_for_a_file(make_app, role) -> None:
    at = _open(make_app, role)
    assert [t.value for t in at.title] == [textes.PAGE_IMPORT_INDICATEURS]
    assert at.file_uploader(key="import_indicateurs_fichier").allowed_type == [".csv", ".txt", ".xlsx"]
    assert not at.button  # no confirmation before a file and a preview


def test_upload_preview_then_confirm_writes_once(make_app) -> None:
    at = _upload(_open(make_app), "codes_inconnus.csv")
    at.text_input(key="import_nom").set_value("Places en crèche")
    at.text_input(key="import_unite").set_value("places")
    at.text_input(key="import_millesime").set_value("2023")
    at.button[0].click().run()  # « Prévisualiser » (form submit)
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == textes.IMPORT_RAPPORT
    assert "5 lignes lues : 3 retenues, 2 codes inconnus, 0 invalide." in at.warning[0].value
    report = at.code[0].value
    assert "ligne 4, code « 99999 »" in report and "ligne 5, code « 92999 »" in report
    preview = at.dataframe[0].value
    assert list(preview["Code"]) == ["92002", "92004", "99999", "92999", "92007"]
    assert _store().values("places_en_creche", "commune").empty  # nothing before confirmation
    at.button(key="import_confirmer").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == textes.IMPORT_SUCCES.format(
        details=textes.IMPORT_SUCCES_INDICATEUR.format(code="places_en_creche", millesime="2023", ecrites=3, inchangees=0)
    )
    assert sorted(_store().values("places_en_creche", "commune", "2023").index) == ["92002", "92004", "92007"]


def test_blocked_file_shows_the_french_error_and_cannot_be_confirmed(make_app) -> None:
    at = _open(make_app)
    before = _store().count_values()
    _upload(at, "doublons.csv")
    at.text_input(key="import_nom").set_value("Taux")
    at.text_input(key="import_millesime").set_value("2023")
    at.button[0].click().run()
    assert md_escape(textes.IMPORT_DOUBLONS_BLOQUENT.format(n=1)) in at.error[0].value  # escaped: errors quote the file
    assert at.button(key="import_confirmer").disabled
    assert _store().count_values() == before
    assert "taux" not in {i.code for i in _store().indicators()}


def test_bad_encoding_is_reported(make_app) -> None:
    at = _upload(_open(make_app), "mauvais_encodage.csv")
    at.text_input(key="import_nom").set_value("X")
    at.button[0].click().run()
    assert "encodage non reconnu" in at.error[0].value


def test_uploaded_file_name_is_shown_as_text(make_app) -> None:
    """A file name holding Markdown/HTML is escaped in the error that quotes it."""
    at = _open(make_app)
    hostile = "<b>gras</b>[lien](javascript:alert(1)).csv"
    _upload(at, hostile, b"code;valeur\n")
    at.text_input(key="import_nom").set_value("Taux")
    at.text_input(key="import_millesime").set_value("2023")
    at.button[0].click().run()
    assert not at.exception
    shown = at.error[0].value
    assert md_escape(hostile) in shown
    assert "<b>" not in shown and "](javascript" not in shown
