"""Replicas on one PostgreSQL: how long until a publication made by another process shows on B.

Run: python bench/replicas.py [--rounds 5]   (needs ATLAS_TEST_PG_URL, a PostgreSQL server)
Creates a fresh database, starts a `streamlit run app.py` replica B on it and opens a
visitor's page on B (search for Mézin's action, archived beforehand). Each round
publishes the action from this process through the repository (the same write a
moderator's page on replica A makes; the two-replica test does it through A's page), then the visitor does one action (switches the map's level) and the time until
B's page has run and shows the action is measured; then the same action with nothing
changed (baseline, same page, same run); then the same after archiving it again.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from data import textes  # noqa: E402
from tests.support.app_server import serve_app  # noqa: E402
from tests.support.pg import fresh_pg_database  # noqa: E402

COUNT = re.compile(r"(\d+) (?:action correspond|actions correspondent)")


def shown(page) -> int:
    """The count the page announces now."""
    return int(COUNT.search(page.get_by_text(COUNT).first.inner_text()).group(1))


def one_action(page, regions: bool, expected: int) -> float:
    """Seconds from a click on the map's level (régions or départements) until the page's run
    is over (the level is in the address) and it announces ``expected``."""
    start = time.perf_counter()
    page.get_by_text(textes.NIVEAU_REGIONS if regions else textes.NIVEAU_DEPARTEMENTS, exact=True).first.click()
    page.wait_for_function(
        """([re, n, regions]) => {
            const m = document.body.innerText.match(new RegExp(re));
            return m && Number(m[1]) === n && location.search.includes("niveau=region") === regions;
        }""",
        arg=[COUNT.pattern, expected, regions], timeout=60_000,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    server = os.environ.get("ATLAS_TEST_PG_URL")
    if not server:
        sys.exit("ATLAS_TEST_PG_URL manquant : un serveur PostgreSQL est nécessaire (scripts/pg_test_server.sh start)")
    from playwright.sync_api import sync_playwright

    from data.accounts.roles import ADMIN, ARCHIVED, PUBLISHED, User
    from data.actions.workflow import ContributionStore
    from data.atlas import open_atlas
    from data.config import PROJECT_DIR, load_settings

    admin = User(identifiant="admin", role=ADMIN, nom="Admin", mode="local")
    db_url, drop = fresh_pg_database(server)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = {"ATLAS_DATABASE_URL": db_url, "ATLAS_CACHE_DIR": os.environ.get("ATLAS_CACHE_DIR", str(PROJECT_DIR / ".cache")),
                   "ATLAS_SECRET_KEY": "clé de mesure partagée par les deux répliques", "ATLAS_VAR_DIR": str(Path(tmp) / "var")}
            opened = open_atlas(load_settings({**os.environ, **env}))
            store = ContributionStore(opened.engine)
            action_id = store.by_external_id("mezin-essor-esat")

            def move(target: str) -> None:
                assert store.transition(admin, action_id, store.full(action_id).version, target).ok

            move(ARCHIVED)
            with serve_app(Path(tmp), env, timeout=180) as b:
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                    page = browser.new_page(viewport={"width": 1300, "height": 900})
                    page.goto(b + "/?texte=Essor+fait+revivre", wait_until="domcontentloaded")
                    page.get_by_text(COUNT).first.wait_for(timeout=120_000)
                    before = shown(page)
                    baseline, propagation = [], []
                    for _ in range(args.rounds):
                        move(PUBLISHED)
                        propagation.append(one_action(page, True, before + 1))
                        baseline.append(one_action(page, False, before + 1))
                        move(ARCHIVED)
                        propagation.append(one_action(page, True, before))
                        baseline.append(one_action(page, False, before))
                    browser.close()
            print(f"réplique B : {b} ; écritures faites par un autre processus sur la même base PostgreSQL")
            print(f"action du visiteur sur B sans publication : médiane {statistics.median(baseline):.2f} s "
                  f"(min {min(baseline):.2f}, max {max(baseline):.2f}, n={len(baseline)})")
            print(f"publication ailleurs puis action du visiteur sur B : médiane {statistics.median(propagation):.2f} s "
                  f"(min {min(propagation):.2f}, max {max(propagation):.2f}, n={len(propagation)})")
            opened.engine.dispose()
    finally:
        drop()


if __name__ == "__main__":
    main()
