"""Feeding the catalogue to the atlas and measuring what happens.

Shared by the tests of ``tests/hostile/`` and by ``bench/hostile.py`` (which prints
the figures): rows lost by imports, formulas left in exports, tracebacks and
non-French messages shown by the pages (AppTest), dialogs opened in Chromium.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from data import textes
from tests.hostile.catalogue import PAGES, Case

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_CELL = re.compile(r"^-?\d+(?:[.,]\d+)?$")
PASSWORD = "mot de passe de test 123"
USERS = {"alice": "contributeur", "mod": "moderateur", "adm": "admin"}


# --- French messages --------------------------------------------------------------------------


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _templates() -> list[re.Pattern[str]]:
    patterns = []
    for name in dir(textes):
        if not name.isupper():
            continue
        for template in _strings(getattr(textes, name)):
            parts = re.split(r"\{[^{}]*\}", template)
            if sum(len(p.strip()) for p in parts) < 8:
                continue
            patterns.append(re.compile(".*?".join(re.escape(p) for p in parts), re.DOTALL))
    return patterns


TEMPLATES = _templates()


def plain(markdown: str) -> str:
    """A Markdown message as the reader sees it (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def is_french(message: str) -> bool:
    """True when ``message`` comes from ``data/textes.py`` (a French template, values
    filled in) and carries no traceback."""
    text = plain(message)
    if "Traceback" in text or 'File "' in text:
        return False
    return any(t.search(text) for t in TEMPLATES)


# --- imports ------------------------------------------------------------------------------------


@dataclass
class ImportOutcome:
    """What one import file gave: refused (message), or rows read / accepted / rejected."""

    case: Case
    seconds: float
    refused: str | None = None
    read: int = 0
    accepted: int = 0
    rejected: int = 0
    reasons_missing: int = 0  # rejected rows without a French reason
    problems: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        """Rows read that are neither accepted nor rejected with a French reason."""
        return abs(self.read - self.accepted - self.rejected) + self.reasons_missing


def run_action_import(case: Case, ctx: Any, store: Any) -> ImportOutcome:
    """Preview one ``import_actions`` file (nothing is written)."""
    from data.actions.imports import preview
    from data.files.tabular import ImportFileError

    name, data = case.payload()
    start = time.perf_counter()
    try:
        report = preview(data, name, ctx, store)
    except ImportFileError as exc:
        outcome = ImportOutcome(case, time.perf_counter() - start, refused=str(exc))
        if not is_french(str(exc)):
            outcome.problems.append(f"message non français : {exc}")
        return outcome
    outcome = ImportOutcome(case, time.perf_counter() - start, read=report.read, accepted=report.accepted,
                            rejected=report.rejected)
    for row in report.rows:
        if row.status == "rejetee" and (not row.errors or not all(is_french(e) for e in row.errors)):
            outcome.reasons_missing += 1
            outcome.problems.append(f"ligne {row.line} : motif absent ou non français {row.errors}")
    return outcome


def indicator_counts(plan: Any) -> tuple[int, int, int]:
    """(read, matched, rejected) of an indicator plan. A file blocked before its rows are
    checked (no code recognised, ambiguous level) rejects every row read, with its reason."""
    if plan.errors and plan.read and not plan.problems and not plan.matched:
        return plan.read, 0, plan.read
    return plan.read, plan.matched, len(plan.problems)


def run_indicator_import(case: Case, territories: Any, existing: list[Any], families: list[str]) -> ImportOutcome:
    """Prepare one ``import_indicateurs`` file (nothing is written)."""
    from data.indicators.import_plan import ImportOptions
    from data.indicators.imports import prepare_import

    name, data = case.payload()
    start = time.perf_counter()
    plan = prepare_import(name, data, ImportOptions(**case.options), territories, existing, families)
    outcome = ImportOutcome(case, time.perf_counter() - start)
    if plan.errors and not plan.layout:
        outcome.refused = plan.errors[0]
    outcome.read, outcome.accepted, outcome.rejected = indicator_counts(plan)
    for problem in plan.problems:
        if not is_french(problem.message):
            outcome.reasons_missing += 1
            outcome.problems.append(f"ligne {problem.line} : motif non français {problem.message}")
    for message in plan.errors + plan.notes:
        if not is_french(message):
            outcome.problems.append(f"message non français : {message}")
    return outcome


def check_outcome(outcome: ImportOutcome) -> list[str]:
    """Differences between an import outcome and what its case expects (empty: as expected)."""
    case = outcome.case
    problems = list(outcome.problems)
    if case.outcome == "fichier_refuse":
        if outcome.refused != case.message:
            problems.append(f"refus attendu « {case.message} », obtenu « {outcome.refused} » (lues={outcome.read})")
    else:
        if outcome.refused:
            problems.append(f"fichier refusé : {outcome.refused}")
        got = (outcome.read, outcome.accepted, outcome.rejected)
        if got != case.counts:
            problems.append(f"lignes (lues, acceptées, rejetées) attendues {case.counts}, obtenues {got}")
    if outcome.lost:
        problems.append(f"{outcome.lost} ligne(s) perdue(s)")
    return problems


# --- exports ----------------------------------------------------------------------------------------


def evaluable_csv_cells(data: bytes, numeric: tuple[str, ...]) -> list[str]:
    """Cells of an exported CSV a spreadsheet would run as a formula.

    Text cells must not start with ``= + - @``, a tab or a carriage return; numeric
    columns must hold plain numbers (``-4,48`` is a number, ``-1+1`` a formula).
    """
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    header, body = rows[0], rows[1:]
    bad = []
    for row in body:
        for name, cell in zip(header, row):
            if name in numeric:
                if cell and not NUMBER_CELL.match(cell):
                    bad.append(f"{name}={cell!r}")
            elif cell.startswith(FORMULA_START):
                bad.append(f"{name}={cell[:40]!r}")
    return bad


def evaluable_xlsx_cells(data: bytes, numeric: tuple[str, ...]) -> list[str]:
    """Cells of an exported XLSX that are formulas, or texts a spreadsheet would run."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), data_only=False)
    bad = []
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows())
        header = [c.value for c in rows[0]]
        for row in rows[1:]:
            for name, cell in zip(header, row):
                if cell.value is None:
                    continue
                if cell.data_type == "f":
                    bad.append(f"{name}: formule {cell.value!r}")
                elif name in numeric:
                    if not isinstance(cell.value, (int, float)):
                        bad.append(f"{name}: nombre attendu, {cell.value!r}")
                elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    bad.append(f"{name}={cell.value[:40]!r}")
    return bad


# --- pages (AppTest) ---------------------------------------------------------------------------------


def prepare_database(database_url: str) -> None:
    """Migrate a database and create one account per role (alice, mod, adm)."""
    from data.accounts.auth import AccountRepository
    from data.store.db import make_engine, migrate

    engine = make_engine(database_url)
    migrate(engine)
    accounts = AccountRepository(engine)
    for identifiant, role in USERS.items():
        if accounts.get(identifiant) is None:
            accounts.create(identifiant, role, PASSWORD)
    engine.dispose()


def new_app(user: str | None = None, query: dict[str, Any] | None = None):
    """A first run of ``navigation.py`` (the map page), signed in as ``user``, with ``query``."""
    from streamlit.testing.v1 import AppTest

    from data.config import PROJECT_DIR

    at = AppTest.from_file(str(PROJECT_DIR / "navigation.py"), default_timeout=180)
    if user:
        at.session_state["auth.user"] = user
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def goto(at, page: str, query: dict[str, Any] | None = None):
    """Open another page in the same session, with exactly ``query`` in the address."""
    at.switch_page(PAGES.get(page, page))
    at.query_params.clear()
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    return at


def alerts(at) -> list[str]:
    """Every error, warning, info and success message shown by the page."""
    return [e.value for kind in (at.error, at.warning, at.info, at.success) for e in kind]


def ui_problems(at, where: str) -> list[str]:
    """Tracebacks and messages that are not French, for one run."""
    problems = [f"{where} : exception {str(e.value)[:300]}" for e in at.exception]
    problems += [f"{where} : message non français « {m[:200]} »" for m in alerts(at) if not is_french(m)]
    return problems


def tracebacks(at) -> int:
    """Exceptions shown to the user by this run."""
    return len(at.exception)


def url_case(case: Case, user: str = "adm") -> tuple[list[str], int]:
    """Every address variant of a ``url`` case on every page; (problems, runs)."""
    problems, runs = [], 0
    for number, query in enumerate(case.payload(), start=1):
        at = new_app(user, query)  # a pasted address: the first run of a session
        problems += ui_problems(at, f"{case.id}.{number}:/")
        runs += 1
        for page in list(PAGES)[1:]:
            goto(at, page, query)
            problems += ui_problems(at, f"{case.id}.{number}:{page}")
            runs += 1
    return problems, runs


TEXT_AREAS = ("resume", "porteurs", "sources")
MAX_CHARS = {"titre": 200, "resume": 3000, "porteurs": 5000, "sources": 10000, "contact_structure": 200,
             "contact_email": 200, "contact_telephone": 40, "date_debut": 20, "date_fin": 20}
FORM_BASE = {"titre": "Action hostile", "resume": "Un résumé sans donnée personnelle."}
MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "geojson": "application/geo+json", "umap": "application/json", "json": "application/json"}


def fill_form(at, values: dict[str, str]) -> None:
    """Type values in the contribution form (what a browser sends); a value longer than
    the field is put in the widget's state, as a client bypassing the browser would."""
    for name, value in values.items():
        if len(value) > MAX_CHARS[name]:
            at.session_state[f"contrib.{name}"] = value
            continue
        widget = at.text_area(key=f"contrib.{name}") if name in TEXT_AREAS else at.text_input(key=f"contrib.{name}")
        widget.set_value(value)
    at.run()


def pick_mezin(at) -> None:
    """Choose Mézin (47167) with the place search of the form."""
    at.text_input(key="contrib.lieu_texte").set_value("Mézin").run()
    at.selectbox(key="contrib.lieu_choix").set_value("47167").run()


def submit_form_case(case: Case):
    """Fill the form with a ``formulaire`` case (valid title, summary and place around it) and submit."""
    at = goto(new_app("alice"), "/contribuer")
    fill_form(at, {**FORM_BASE, **case.payload()})
    pick_mezin(at)
    at.button(key="contrib.soumettre").click().run()
    return at


def _place(at):
    return at.session_state["contrib.lieu"] if "contrib.lieu" in at.session_state else None


def coordinates_case(case: Case) -> list[str]:
    """Each (latitude, longitude) of the case typed in the form: a French error, no place."""
    at = goto(new_app("alice"), "/contribuer")
    at.radio(key="contrib.lieu_mode").set_value("coordonnees").run()
    problems = []
    for lat, lon in case.payload():
        at.text_input(key="contrib.lieu_lat").set_value(lat)
        at.text_input(key="contrib.lieu_lon").set_value(lon)
        at.button(key="contrib.lieu_placer").click().run()
        problems += ui_problems(at, f"{lat} ; {lon}")
        errors = [plain(e.value) for e in at.error]
        if not any(textes.CONTRIB_COORD_INVALIDES in e or "n'est dans aucune commune française" in e for e in errors):
            problems.append(f"{lat} ; {lon} : aucun message d'erreur ({errors})")
        if _place(at) is not None:
            problems.append(f"{lat} ; {lon} : un lieu a été retenu")
    return problems


def place_search_case(case: Case) -> list[str]:
    """Each text of the case typed in the place search: no exception, no place chosen."""
    at = goto(new_app("alice"), "/contribuer")
    problems = []
    for text in case.payload():
        at.text_input(key="contrib.lieu_texte").set_value(text).run()
        problems += ui_problems(at, text[:30])
        if _place(at) is not None:
            problems.append(f"{text[:30]} : un lieu a été retenu sans choix")
        if text == "99999" and textes.CONTRIB_LIEU_AUCUN_RESULTAT.format(texte=text) not in [plain(w.value) for w in at.warning]:
            problems.append("99999 : « aucune commune » attendu")
    return problems


class Page:
    """One signed-in session on one upload page, reused from file to file (opened again
    when the previous file broke it)."""

    def __init__(self, user: str, page: str, widget: str) -> None:
        self.user, self.page, self.widget = user, page, widget
        self.at = None

    def __call__(self):
        if self.at is None or self.at.exception or not any(w.key == self.widget for w in self.at.get("file_uploader")):
            self.at = goto(new_app(self.user), self.page)
        return self.at


def upload_action_file(page: Page, case: Case):
    """Upload an ``import_actions`` file on ``/import``; the AppTest after the preview."""
    at = page()
    name, data = case.payload()
    at.file_uploader(key="imp.fichier").set_value((name, data, MIME.get(name.rsplit(".", 1)[-1], "text/csv"))).run()
    return at


def upload_indicator_file(page: Page, case: Case):
    """Upload an ``import_indicateurs`` file, describe it and press « Prévisualiser »."""
    at = page()
    name, data = case.payload()
    at.file_uploader(key="import_indicateurs_fichier").set_value((name, data, "text/csv")).run()
    for key in ("nom", "unite", "millesime"):
        at.text_input(key=f"import_{key}").set_value(case.options.get(key, ""))
    at.selectbox(key="import_niveau").set_value(case.options.get("niveau", ""))
    next(b for b in at.button if b.label == textes.IMPORT_PREVISUALISER).click().run()
    return at


# --- timing --------------------------------------------------------------------------------------------


def timed(function: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def env_database(database_url: str, cache_dir: str) -> dict[str, str]:
    """The environment of an AppTest or a server on this database."""
    return {**os.environ, "ATLAS_DATABASE_URL": database_url, "ATLAS_CACHE_DIR": cache_dir}


def json_texts(data: bytes) -> list[dict[str, Any]]:
    """Properties of each feature of an exported GeoJSON."""
    return [f["properties"] for f in json.loads(data.decode("utf-8"))["features"]]
