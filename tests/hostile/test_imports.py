"""Every import file of the catalogue: refused in French before anything heavy, or read with
rows in = accepted + rejected and a French reason for each rejected row (nothing written)."""
from __future__ import annotations

import unicodedata

import pytest

from data import textes
from data.actions.imports import preview
from data.actions.workflow import ContributionStore
from data.store.db import make_engine, migrate
from tests.hostile import catalogue as cat
from tests.hostile.harness import check_outcome, run_action_import, run_indicator_import


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> ContributionStore:
    """An empty SQLite atlas: previews look up existing ids, nothing is written."""
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('hostile-imports') / 'atlas.db'}")
    migrate(engine)
    yield ContributionStore(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def indicator_context(territories):
    from data.config import load_settings
    from data.indicators.catalogue import load_catalogue

    families, catalogue = load_catalogue(load_settings({}).indicators_file)
    return territories, catalogue, [f.slug for f in families]


@pytest.mark.parametrize("case", cat.of("import_actions"), ids=lambda c: c.id)
def test_action_import_file(case: cat.Case, contrib_ctx, store) -> None:  # noqa: F811
    outcome = run_action_import(case, contrib_ctx, store)
    assert check_outcome(outcome) == []
    assert store.status_counts() == {}  # a preview never writes


@pytest.mark.parametrize("case", cat.of("import_indicateurs"), ids=lambda c: c.id)
def test_indicator_import_file(case: cat.Case, indicator_context) -> None:
    outcome = run_indicator_import(case, *indicator_context)
    assert check_outcome(outcome) == []


def _rows(case_id: str, ctx, store) -> dict[str, object]:
    name, data = cat.BY_ID[case_id].payload()
    report = preview(data, name, ctx, store)
    return {r.external_id: r for r in report.rows}


def test_html_and_javascript_are_kept_as_typed(contrib_ctx, store) -> None:  # noqa: F811
    rows = _rows("A01", contrib_ctx, store)
    first = rows["html-1"].contribution
    assert first.titre == "<img src=x onerror=alert(1)>"
    assert first.resume == "<script>alert(2)</script>"
    assert first.porteurs == ('"><svg onload=alert(3)>', "Centre social <b>gras</b>")
    assert first.contact_structure == "<iframe src=javascript:alert(7)></iframe>"
    assert [(s.url, s.titre) for s in first.sources] == [("https://example.org/a", "<img src=x onerror=alert(1)>")]
    assert rows["html-2"].contribution.titre == "`${alert(4)}`"
    assert rows["html-4"].contribution.titre == "'; DROP TABLE actions; --"


def test_dangerous_addresses_are_named_in_the_reason(contrib_ctx, store) -> None:  # noqa: F811
    rows = _rows("A02", contrib_ctx, store)
    for external_id, row in rows.items():
        if external_id == "url-ok":
            assert row.status == "nouvelle"
            continue
        assert row.status == "rejetee" and any("seules les adresses http:// ou https://" in e for e in row.errors), row.errors


def test_unicode_is_cleaned_but_kept(contrib_ctx, store) -> None:  # noqa: F811
    rows = {k: r.contribution for k, r in _rows("A06", contrib_ctx, store).items()}
    assert rows["uni-emoji"].titre == "Jardin 🌱 partagé 👩\u200d👧 🏳️\u200d🌈"  # emoji sequences intact
    assert rows["uni-arabe"].titre == "حديقة مشتركة" and rows["uni-hebreu"].titre == "גינה קהילתית"
    assert rows["uni-rlo"].titre == "Atelier txt.exe" and "\u202e" not in rows["uni-rlo"].resume
    assert "\u2066" not in rows["uni-rlo"].resume and rows["uni-rlo"].porteurs == ("Porteur 1",)
    assert rows["uni-nfd"].titre == "Café des parents" == unicodedata.normalize("NFC", rows["uni-nfd"].titre)
    assert rows["uni-invisibles"].titre == "Réunion de quartier"
    assert rows["uni-long"].titre == "L" + "é" * 199


def test_geojson_texts_lose_surrogates_and_nul(contrib_ctx, store) -> None:  # noqa: F811
    name, data = cat.BY_ID["A34"].payload()
    report = preview(data, name, contrib_ctx, store)
    kept = [r.contribution for r in report.rows if r.contribution]
    assert [r.titre for r in kept] == ["Atelier  demi-caractère", "Octet nul dans le titre"]
    assert [r.resume for r in kept] == ["Substitut  isolé.", "xy"]
    for record in kept:
        record.titre.encode("utf-8")  # writable by any database driver


def test_xlsx_formulas_are_read_as_their_values_never_run(contrib_ctx, store) -> None:  # noqa: F811
    rows = _rows("A24", contrib_ctx, store)
    first = rows["xf-1"].contribution
    assert (first.titre, first.resume, first.porteurs) == ("clic", "2", ("xf-1Texte",))
    second = rows["xf-2"].contribution
    assert second.titre == "=cmd|' /C calc'!A0" and second.code_lieu == "47167"  # a text cell stays text
    assert rows["xf-3"].errors == [f"{textes.CHAMP_LIBELLES['titre']} : {textes.ERR_CHAMP_OBLIGATOIRE}"]
    assert rows["xf-4"].contribution.resume == "#VALUE!"


def test_former_codes_name_the_current_commune(contrib_ctx, store) -> None:  # noqa: F811
    rows = _rows("A05", contrib_ctx, store)
    assert "01138 (Culoz-Béon)" in rows["in-ancien"].errors[0]
    assert "01033 (Valserhône)" in rows["in-ancien-lieu"].errors[0]
    assert rows["in-zero"].contribution.code_lieu == "01001"


def test_oversized_cells_reject_their_row_only(contrib_ctx, store) -> None:  # noqa: F811
    rows = _rows("A14", contrib_ctx, store)
    assert rows["big"].status == "rejetee" and "texte trop long" in rows["big"].errors[0]
    assert rows["ok-1"].status == "nouvelle"
    assert len(rows["big"].titre) <= 200  # the preview never carries the 9 MB cell


def test_indicator_names_and_values_are_bounded(indicator_context) -> None:
    from data.indicators.import_plan import ImportOptions
    from data.indicators.imports import prepare_import

    case = cat.BY_ID["N15"]
    name, data = case.payload()
    plan = prepare_import(name, data, ImportOptions(**case.options), *indicator_context)
    assert plan.ok and len(plan.indicators[0].indicator.libelle) == 200
    assert all(len(str(v)) <= 200 for v in plan.preview.iloc[:, 2])
    case = cat.BY_ID["N03"]
    name, data = case.payload()
    plan = prepare_import(name, data, ImportOptions(**case.options), *indicator_context)
    values = plan.indicators[0].values["valeur"].tolist()
    assert values == [12.5]
