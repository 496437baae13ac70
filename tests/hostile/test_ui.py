"""Every UI channel of the catalogue through the real app (``app.py`` in AppTest): garbage in
the address of every page, hostile form fields, hostile uploads. No traceback ever reaches
the user and every message shown is one of ``data/textes.py`` (French)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
import streamlit as st

from data import textes
from data.actions.workflow import ContributionStore
from data.store import schema
from data.store.db import make_engine
from tests.hostile import catalogue as cat
from tests.hostile.harness import (
    Page,
    alerts,
    coordinates_case,
    is_french,
    new_app,
    place_search_case,
    plain,
    prepare_database,
    submit_form_case,
    ui_problems,
    upload_action_file,
    upload_indicator_file,
    url_case,
)


@pytest.fixture(scope="module")
def ui(tmp_path_factory, geo_cache):
    """One database for the module (accounts alice, mod, adm); the atlas opens once."""
    database = f"sqlite:///{tmp_path_factory.mktemp('hostile-ui') / 'ui.db'}"
    patch = pytest.MonkeyPatch()
    patch.setenv("ATLAS_DATABASE_URL", database)
    patch.setenv("ATLAS_CACHE_DIR", str(geo_cache))
    st.cache_data.clear()
    st.cache_resource.clear()
    prepare_database(database)
    engine = make_engine(database)
    yield engine
    engine.dispose()
    st.cache_data.clear()
    st.cache_resource.clear()
    patch.undo()


def _count(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(schema.actions)).scalar_one()


# --- URL query parameters on every page ---------------------------------------------------------


@pytest.mark.parametrize("case", cat.of("url"), ids=lambda c: c.id)
def test_url_garbage_on_every_page(ui, case: cat.Case) -> None:
    new_app()  # the atlas is open and its actions loaded
    before = _count(ui)
    problems, runs = url_case(case)
    assert problems == []
    assert runs >= len(cat.PAGES)
    assert _count(ui) == before  # nothing written, nothing dropped


def test_url_script_is_never_shown_as_html(ui) -> None:
    at = new_app(None, {"texte": "<script>alert(1)</script>"})
    assert not at.exception
    assert at.text_input(key="texte").value == "<script>alert(1)</script>"  # searched as text
    assert not [m for m in at.markdown if "<script>" in m.value]  # never put in Markdown unescaped


# --- the contribution form ---------------------------------------------------------------------------


def _stored(record, full, name: str):
    if name == "porteurs":
        return record.porteurs
    if name == "sources":
        return tuple((s.url, s.titre) for s in record.sources)
    if name == "contact_structure":
        return full.contact_structure
    return getattr(record, name)


@pytest.mark.parametrize("case", [c for c in cat.of("formulaire") if c.id not in ("F19", "F20")], ids=lambda c: c.id)
def test_form_fields(ui, case: cat.Case) -> None:
    store = ContributionStore(ui)
    new_app()
    before = _count(ui)
    at = submit_form_case(case)
    assert ui_problems(at, case.id) == []
    if case.outcome == "enregistre":
        assert textes.CONTRIB_SOUMISE in [s.value for s in at.success], [plain(m) for m in alerts(at)]
        newest = int(store.queue(statuts=("soumise",), auteur="alice")["id"].max())
        full = store.full(newest)
        for name, value in case.stored.items():
            assert _stored(full, full, name) == value, name
        assert _count(ui) == before + 1
    else:
        assert textes.CONTRIB_A_CORRIGER in [plain(e.value) for e in at.error]
        errors = at.session_state["contrib.errors"]
        assert set(case.fields) <= set(errors), errors
        assert all(is_french(m) for messages in errors.values() for m in messages)
        assert _count(ui) == before


def test_form_coordinates(ui) -> None:
    assert coordinates_case(cat.BY_ID["F19"]) == []


def test_form_place_search(ui) -> None:
    assert place_search_case(cat.BY_ID["F20"]) == []


# --- uploads -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def import_page(ui) -> Page:
    return Page("alice", "/import", "imp.fichier")


@pytest.mark.parametrize("case", cat.of("import_actions"), ids=lambda c: c.id)
def test_action_upload(import_page, ui, case: cat.Case) -> None:
    before = _count(ui)
    at = upload_action_file(import_page, case)
    assert ui_problems(at, case.id) == []
    if case.outcome == "fichier_refuse":
        assert [plain(e.value) for e in at.error] == [case.message]
    else:
        read, accepted, rejected = case.counts
        bilan = textes.IMPORT_ACT_BILAN.format(lues=read, acceptees=accepted, nouvelles=accepted, presentes=0, rejetees=rejected)
        assert bilan in [i.value for i in at.info], [plain(m) for m in alerts(at)]
    assert _count(ui) == before  # a preview writes nothing


@pytest.fixture(scope="module")
def indicator_page(ui) -> Page:
    return Page("mod", "/import-indicateurs", "import_indicateurs_fichier")


@pytest.mark.parametrize("case", cat.of("import_indicateurs"), ids=lambda c: c.id)
def test_indicator_upload(indicator_page, case: cat.Case) -> None:
    at = upload_indicator_file(indicator_page, case)
    assert ui_problems(at, case.id) == []
    if case.outcome == "fichier_refuse":
        assert case.message in plain(at.error[0].value)
    else:
        read, matched, _skipped = case.counts
        shown = " ".join(plain(m) for m in alerts(at))
        lues = textes.IMPORT_BILAN.format(lues=read, retenues=matched, inconnues=0, invalides=0).split(",")[0]
        assert lues in shown, shown
