"""Figures of the hostile-input suite (the catalogue is ``tests/hostile/catalogue.py``).

    python bench/hostile.py                      # everything, about 3 minutes on 2 cores
    python bench/hostile.py --sans-navigateur    # without Chromium
    python bench/hostile.py --mutations 1250     # mutated files per seed file (8 seeds)

Prints, in French:

* the size of the catalogue per channel;
* **tracebacks shown to the user**: AppTest runs of ``app.py`` for every address variant
  on every page, every form case and every upload (and messages not from ``textes``);
* **scripts run in the browser**: dialogs, injected elements and requests in Chromium,
  over the map popups, tooltips, action pages, guide, fiches, a territory, garbage
  addresses and the moderation queue (two canary dialogs prove the counter works);
* **formulas evaluated**: exported CSV/XLSX cells a spreadsheet would run;
* **rows lost**: for every import file, rows read − accepted − rejected (and rejected rows
  without a French reason), then the same over thousands of mutated files;
* time and Python memory peak of the refusals of big files (10 MB, bombs, 10,000 columns).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from data.config import PROJECT_DIR  # noqa: E402
from tests.hostile import catalogue as cat  # noqa: E402
from tests.hostile import harness  # noqa: E402

CACHE = Path(os.environ.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache"))
BIG = ("A13", "A14", "A15", "A16", "A25", "A26", "A32", "A35", "A36", "A37", "A42", "N09", "N10", "N11", "N15")


def contribution_context():
    from data.actions.validation import Context
    from data.atlas import PlacePoints
    from data.config import load_settings
    from data.guide.catalogue import load_guide
    from geo.layers import ensure_layers, load_locator
    from geo.territories import Territories

    ensure_layers(CACHE)
    return Context(load_guide(load_settings({}).guide_file), Territories.load(), PlacePoints(CACHE), load_locator(CACHE))


def indicator_context(territories):
    from data.config import load_settings
    from data.indicators.catalogue import load_catalogue

    families, catalogue = load_catalogue(load_settings({}).indicators_file)
    return territories, catalogue, [f.slug for f in families]


def empty_store(folder: Path):
    from data.actions.workflow import ContributionStore
    from data.store.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{folder / 'vide.db'}")
    migrate(engine)
    return ContributionStore(engine)


def imports(ctx, store, indicators) -> dict[str, int]:
    """Every import file of the catalogue; the big ones with time and memory peak."""
    figures = {"fichiers": 0, "lus": 0, "refuses": 0, "lignes": 0, "perdues": 0, "ecarts": 0}
    print("\n## Imports (aperçu, rien n'est écrit)")
    print(f"{'cas':<5} {'taille':>9} {'durée':>8} {'pic Python':>11}  résultat")
    for case in cat.of("import_actions") + cat.of("import_indicateurs"):
        run = (lambda c=case: harness.run_action_import(c, ctx, store)) if case.channel == "import_actions" else (
            lambda c=case: harness.run_indicator_import(c, *indicators))
        if case.id in BIG:
            size = case.size
            tracemalloc.start()
            outcome = run()
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            result = f"refusé : {outcome.refused}" if outcome.refused else f"lues {outcome.read}, acceptées {outcome.accepted}, rejetées {outcome.rejected}"
            print(f"{case.id:<5} {size / 1e6:>7.1f}Mo {outcome.seconds:>7.2f}s {peak / 1e6:>9.0f}Mo  {result[:90]}")
        else:
            outcome = run()
        figures["fichiers"] += 1
        figures["refuses" if outcome.refused else "lus"] += 1
        figures["lignes"] += outcome.read
        figures["perdues"] += outcome.lost
        figures["ecarts"] += len(harness.check_outcome(outcome))
    return figures


def fuzz(ctx, store, indicators, per_seed: int) -> dict[str, int]:
    """Mutated files: exceptions other than a French refusal, and rows lost."""
    from data.actions.imports import preview
    from data.files.tabular import ImportFileError
    from data.indicators.import_plan import ImportOptions
    from data.indicators.imports import prepare_import
    from tests.hostile.test_fuzz import ACTION_SEEDS, INDICATOR_SEEDS, mutate

    figures = {"variantes": 0, "exceptions": 0, "perdues": 0, "refusees": 0}
    start = time.perf_counter()
    for case_id in ACTION_SEEDS + INDICATOR_SEEDS:
        case = cat.BY_ID[case_id]
        name, data = case.payload()
        rng = random.Random(f"bench-{case_id}")
        for _ in range(per_seed):
            content = mutate(data, rng)
            figures["variantes"] += 1
            try:
                if case.channel == "import_actions":
                    report = preview(content, name, ctx, store)
                    read, accepted, rejected = report.read, report.accepted, report.rejected
                else:
                    plan = prepare_import(name, content, ImportOptions(**case.options), *indicators)
                    read, accepted, rejected = harness.indicator_counts(plan)
            except ImportFileError:
                figures["refusees"] += 1
                continue
            except Exception as exc:  # noqa: BLE001 - counted, printed
                figures["exceptions"] += 1
                print(f"  exception {case_id}: {type(exc).__name__}: {str(exc)[:120]}")
                continue
            figures["perdues"] += abs(read - accepted - rejected)
    print(f"\n## Fichiers mutés : {figures['variantes']} en {time.perf_counter() - start:.0f} s")
    return figures


def exports(ctx, folder: Path) -> dict[str, int]:
    """Hostile rows imported, published and exported: cells a spreadsheet would run."""
    from data.accounts.roles import CONTRIBUTOR, User
    from data.actions.exports import NUMERIC_COLUMNS, export_frame, to_csv, to_xlsx
    from data.actions.imports import commit, preview, rejected_rows_csv
    from data.actions.workflow import ContributionStore
    from data.store import schema
    from data.store.db import make_engine, migrate

    engine = make_engine(f"sqlite:///{folder / 'exports.db'}")
    migrate(engine)
    store = ContributionStore(engine)
    for case_id in ("A01", "A03", "A06", "A24", "A34"):
        name, data = cat.BY_ID[case_id].payload()
        commit(preview(data, name, ctx, store), store, User("bench", CONTRIBUTOR, mode="local"))
    with engine.begin() as conn:
        conn.execute(sa.update(schema.actions).values(statut="publiee"))
    frame = export_frame(store, ctx.territories)
    csv_bad = harness.evaluable_csv_cells(to_csv(frame), NUMERIC_COLUMNS)
    xlsx_bad = harness.evaluable_xlsx_cells(to_xlsx(frame), NUMERIC_COLUMNS)
    content = cat.csv_bytes([["identifiant", "titre", "resume"], *[[t, t, ""] for t in cat.FORMULA_TEXTS]])
    rejected_bad = harness.evaluable_csv_cells(rejected_rows_csv(preview(content, "r.csv", ctx, store)), ("Ligne",))
    formula_prefixed = sum(str(v).startswith(harness.FORMULA_START) for v in frame[["identifiant", "titre", "resume", "porteurs", "contact_structure"]].to_numpy().ravel())
    engine.dispose()
    return {"actions": len(frame), "hostiles": formula_prefixed, "formules": len(csv_bad) + len(xlsx_bad) + len(rejected_bad)}


def ui(folder: Path) -> dict[str, int]:
    """Every UI channel through AppTest: tracebacks and messages not from textes."""
    import streamlit as st

    database = f"sqlite:///{folder / 'ui.db'}"
    os.environ["ATLAS_DATABASE_URL"] = database
    os.environ["ATLAS_CACHE_DIR"] = str(CACHE)
    st.cache_data.clear()
    st.cache_resource.clear()
    harness.prepare_database(database)
    figures = {"executions": 0, "cas": 0, "tracebacks": 0, "non_francais": 0}
    problems: list[str] = []
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):  # Streamlit prints each exception it shows
        harness.new_app()
        _ui_cases(figures, problems)
    figures["tracebacks"] = sum(": exception " in p for p in problems)
    figures["non_francais"] = sum("message non français" in p for p in problems)
    for problem in problems:
        print(f"  {problem[:160]}")
    print(f"\n## Pages (AppTest) : {figures['cas']} entrées, dont {figures['executions']} pages ouvertes avec une "
          f"adresse hostile, en {time.perf_counter() - start:.0f} s")
    return figures


def _ui_cases(figures: dict[str, int], problems: list[str]) -> None:
    for case in cat.of("url"):
        found, runs = harness.url_case(case)
        figures["executions"] += runs
        figures["cas"] += 1
        problems += found
    for case in cat.of("formulaire"):
        if case.id == "F19":
            problems += harness.coordinates_case(case)
        elif case.id == "F20":
            problems += harness.place_search_case(case)
        else:
            problems += harness.ui_problems(harness.submit_form_case(case), case.id)
        figures["cas"] += 1
    actions_page = harness.Page("alice", "/import", "imp.fichier")
    for case in cat.of("import_actions"):
        problems += harness.ui_problems(harness.upload_action_file(actions_page, case), case.id)
        figures["cas"] += 1
    indicators_page = harness.Page("mod", "/import-indicateurs", "import_indicateurs_fichier")
    for case in cat.of("import_indicateurs"):
        problems += harness.ui_problems(harness.upload_indicator_file(indicators_page, case), case.id)
        figures["cas"] += 1


def browser(folder: Path) -> dict[str, int] | None:
    """The hostile site in Debian Chromium (outside hosts refused)."""
    from tests.hostile.browser import hostile_env, prepare_site, summary, visit_site
    from tests.support.app_server import CHROMIUM, CHROMIUM_ARGS, serve_app

    if not Path(CHROMIUM).exists():
        print(f"\n(Chromium absent : {CHROMIUM})")
        return None
    from playwright.sync_api import sync_playwright

    env = hostile_env(folder, CACHE)
    ids = prepare_site(env)
    start = time.perf_counter()
    with serve_app(folder, env) as url, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            visit = visit_site(chromium, url, ids)
        finally:
            chromium.close()
    figures = summary(visit)
    print(f"\n## Navigateur : {figures['pages']} pages, {figures['popups']} popups en {time.perf_counter() - start:.0f} s")
    for item in visit.injected_elements + visit.injected_requests + visit.unexpected_errors:
        print(f"  {item[:160]}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sans-navigateur", action="store_true")
    parser.add_argument("--sans-pages", action="store_true", help="sans les exécutions AppTest")
    parser.add_argument("--mutations", type=int, default=1250, help="fichiers mutés par fichier de départ")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="atlas-hostile-"))
    started = time.perf_counter()
    try:
        ctx = contribution_context()
        store = empty_store(folder)
        indicators = indicator_context(ctx.territories)
        sizes = cat.sizes()
        print(f"# Entrées hostiles — catalogue : {len(cat.CASES)} entrées")
        print("  " + ", ".join(f"{channel} {n}" for channel, n in sizes.items()))
        imported = imports(ctx, store, indicators)
        mutated = fuzz(ctx, store, indicators, args.mutations)
        exported = exports(ctx, folder)
        pages = None if args.sans_pages else ui(folder)
        seen = None if args.sans_navigateur else browser(folder)

        print("\n# Chiffres")
        print(f"entrées du catalogue : {len(cat.CASES)} ({', '.join(f'{c} {n}' for c, n in sizes.items())})")
        if pages is not None:
            print(f"tracebacks montrés à l'utilisateur : {pages['tracebacks']} "
                  f"(entrées passées par AppTest : {pages['cas']}, dont {pages['executions']} pages ouvertes avec une adresse "
                  f"hostile ; messages hors textes.py : {pages['non_francais']})")
        if seen is not None:
            print(f"scripts exécutés dans le navigateur : {seen['scripts_run']} (dialogues {seen['dialogs']}, "
                  f"canaris vus {seen['canaries']}/2, erreurs console {seen['console_errors']}, "
                  f"requêtes extérieures {seen['outside_requests']}, pages {seen['pages']}, popups {seen['popups']})")
        print(f"formules évaluées : {exported['formules']} ({exported['actions']} actions exportées en CSV et XLSX, "
              f"{exported['hostiles']} textes commençant par = + - @)")
        print(f"lignes perdues : {imported['perdues'] + mutated['perdues']} (fichiers du catalogue : {imported['fichiers']}, "
              f"{imported['lus']} lus / {imported['refuses']} refusés, {imported['lignes']} lignes ; écarts au catalogue : "
              f"{imported['ecarts']} ; fichiers mutés : {mutated['variantes']}, {mutated['refusees']} refusés en français, "
              f"{mutated['exceptions']} exceptions)")
        print(f"durée totale : {time.perf_counter() - started:.0f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
