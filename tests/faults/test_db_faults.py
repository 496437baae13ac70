"""A locked, read-only, full or missing database while someone types on /contribuer.

Each fault is real, not a mock (see ``tests.support.faults.fault``): a second
connection holding ``BEGIN EXCLUSIVE`` longer than the busy timeout; the database
file, its WAL and its folder made immutable (``chattr +i``: tests run as root, who
ignores ``chmod``); the database on a tmpfs filled to the last byte; the files
deleted while the app runs, then restored from a backup.

In every case: no traceback, a French message, the form still holds what was
typed, and the next save once the fault is gone writes it to the database.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data import textes
from data.config import PROJECT_DIR, load_settings
from tests.support.faults import FAULTS, NO_TMPFS, TYPED, fault_drill


@pytest.mark.parametrize("kind", FAULTS)
def test_a_fault_shows_french_and_keeps_the_draft(kind: str, tmp_path: Path, geo_cache: Path) -> None:
    try:
        drill = fault_drill(kind, tmp_path, geo_cache)
    except RuntimeError as exc:
        if str(exc) != NO_TMPFS:
            raise
        pytest.fail(NO_TMPFS, pytrace=False)
    raison = textes.BASE_PANNE_RAISONS[kind]

    # During the fault: a French message, no traceback, what was typed is still there.
    assert drill.exceptions_during == []
    if kind == "introuvable":
        # Even the sign-in check cannot read: the page stops with the message (st.stop
        # keeps every widget's value in the session) and the file is not re-created empty.
        assert drill.errors_during == [textes.BASE_PANNE_SAISIE.format(raison=raison)]
        assert not drill.file_recreated
    else:
        assert drill.errors_during == [textes.CONTRIB_PANNE_BROUILLON.format(raison=raison)]
        assert drill.retry_offered
        assert drill.stored_during == ""  # nothing half-written
    assert drill.typed_kept_during

    # The fault is gone: the next save writes what was typed.
    assert drill.exceptions_after == [] and drill.errors_after == []
    assert drill.typed_shown_after and drill.saved_caption_after
    assert drill.stored_after == TYPED
    assert drill.integrity_after == "ok"


def test_a_database_folder_that_cannot_be_created(tmp_path: Path, geo_cache: Path, monkeypatch) -> None:
    blocker = tmp_path / "un-fichier"
    blocker.write_text("pas un dossier")
    monkeypatch.setenv("ATLAS_DATABASE_URL", f"sqlite:///{blocker / 'var' / 'atlas.db'}")
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(geo_cache))
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(PROJECT_DIR / "navigation.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    raison = textes.BASE_DOSSIER_IMPOSSIBLE.format(dossier=blocker / "var")
    expected = textes.BASE_PANNE_OUVERTURE.format(raison=raison, contact=load_settings().contact)
    assert [re.sub(r"\\(.)", r"\1", e.value) for e in at.error] == [expected]
    st.cache_resource.clear()
