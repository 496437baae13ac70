"""The hostile site for Chromium: its database, and the visit that counts what runs.

Used by ``test_browser_injection.py`` and ``bench/hostile.py``. The database holds the
actions of ``tests/fixtures/hostile/seed_navigateur.yaml`` (loaded by the atlas
itself through ``ATLAS_SEED_FILE``), one hostile action submitted for review, a
moderator, and a ``javascript:`` source written straight into the database (as an old
row would be: the loaders refuse it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import sqlalchemy as sa

from data import textes
from tests.hostile import catalogue as cat

SEED = cat.FIXTURES / "seed_navigateur.yaml"
MAP_FRAME = 'iframe[title="components.map.carte_atlas"]'
PASSWORD = "mot de passe de test 123"
LEGACY_SOURCE = ("javascript:alert(5)", "Ancienne source à ne jamais suivre")
SUBMITTED_TITLE = "<img src=x onerror=alert(11)> en relecture"
# An imported indicator whose name, unit and source carry payloads (legend, catalogue page).
INDICATOR = {"nom": "<img src=x onerror=alert(31)> Indicateur", "unite": "`${alert(33)}`",
             "source": '"><svg onload=alert(32)>', "millesime": "2024", "niveau": "departement"}
# Elements that would mean an injected payload became HTML.
INJECTED = "img[src='x'], svg[onload], iframe[src^='javascript'], a[href^='javascript'], [onerror], [onmouseover], [onclick]"
PROBE_RE = re.compile(r"^404 https?://[^/]+/[a-z-]+/_stcore/(health|host-config)$")


def hostile_env(tmp: Path, cache_dir: Path) -> dict[str, str]:
    """Environment of the hostile site: its own database and seed file."""
    return {
        "ATLAS_DATABASE_URL": f"sqlite:///{tmp / 'hostile.db'}",
        "ATLAS_CACHE_DIR": str(cache_dir),
        "ATLAS_SEED_FILE": str(SEED),
    }


def prepare_site(env: dict[str, str]) -> dict[str, int]:
    """Open the atlas on the hostile seed, add the moderator, the submitted action and the
    old ``javascript:`` source; return the action ids by external id."""
    from data.accounts.auth import AccountRepository
    from data.accounts.roles import CONTRIBUTOR, User
    from data.actions.imports import commit, preview
    from data.actions.validation import Context
    from data.actions.workflow import ContributionStore
    from data.atlas import PlacePoints, open_atlas
    from data.config import load_settings
    from data.store import schema
    from geo.layers import load_locator

    settings = load_settings(env)
    atlas = open_atlas(settings)
    ids: dict[str, Any] = {}
    try:
        AccountRepository(atlas.engine).create("mod", "moderateur", PASSWORD)
        store = ContributionStore(atlas.engine)
        ctx = Context(atlas.guide, atlas.territories, PlacePoints(settings.cache_dir), load_locator(settings.cache_dir))
        row = ["hostile-soumise", SUBMITTED_TITLE, '<script>alert(12)</script> "><svg onload=alert(13)>',
               "`${alert(14)}`", "https://example.org/s <img src=x onerror=alert(15)>", "33063"]
        content = cat.csv_bytes([["identifiant", "titre", "resume", "porteurs", "sources", "code_commune"], row])
        commit(preview(content, "hostile.csv", ctx, store), store, User("equipe", CONTRIBUTOR, mode="local"))
        from data.indicators.import_plan import ImportOptions
        from data.indicators.imports import apply_import, import_context, prepare_import

        departements = atlas.territories.departements["code"].tolist()
        values = cat.csv_bytes([["code", "valeur"], *[[code, str(i % 17)] for i, code in enumerate(departements)]], "utf-8")
        plan = prepare_import("indicateur.csv", values, ImportOptions(**INDICATOR), *import_context(atlas))
        apply_import(plan, atlas.indicators)
        ids["indicateur"] = plan.indicators[0].indicator.code
        a = schema.actions.c
        with atlas.engine.begin() as conn:
            found = dict(conn.execute(sa.select(a.external_id, a.id)).all())
            conn.execute(sa.insert(schema.action_sources).values(
                action_id=found["hostile-lille"], position=1, url=LEGACY_SOURCE[0], titre=LEGACY_SOURCE[1]))
        return {**found, **ids}
    finally:
        atlas.engine.dispose()


@dataclass
class Visit:
    """What Chromium saw: dialogs, console errors, requests an injected element would make."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    injected_requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    injected_elements: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    popups: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # responses with an HTTP error status
    not_found: int = 0  # Streamlit's « Page not found » dialogs closed
    legend: str = ""

    @property
    def probes(self) -> list[str]:
        """Streamlit's own probes of a deep address (``/action/_stcore/health`` answers 404
        before the app falls back to ``/_stcore/health``): expected, not the payloads'."""
        return [f for f in self.failed if PROBE_RE.search(f)]

    @property
    def unexpected_errors(self) -> list[str]:
        """Console errors and failed responses, the probes' « 404 » excepted."""
        errors = list(self.errors)
        for _ in self.probes:
            errors.remove(next(e for e in errors if "404" in e))
        return errors + [f for f in self.failed if not PROBE_RE.search(f)]

    @property
    def scripts_run(self) -> int:
        """Dialogs opened by payloads, plus elements or requests an injection would create."""
        payload_dialogs = [d for d in self.dialogs if not d.startswith("canari")]
        return len(payload_dialogs) + len(self.injected_requests) + len(self.injected_elements)


def _page(browser, base_url: str, visit: Visit):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    host = urlsplit(base_url).netloc

    def guard(route) -> None:
        url = route.request.url
        if urlsplit(url).netloc != host:
            visit.refused.append(url)
            route.abort()
            return
        if urlsplit(url).path.rstrip("/").endswith("/x"):
            visit.injected_requests.append(url)  # <img src=x> turned into an element
        route.continue_()

    context.route("**/*", guard)
    page = context.new_page()

    def on_dialog(dialog) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: visit.errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: visit.errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: visit.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return context, page


def _check_dom(page, visit: Visit, where: str) -> None:
    """Look for injected elements in the page and in every frame (the map is an iframe)."""
    for frame in page.frames:
        try:
            found = frame.eval_on_selector_all(INJECTED, "els => els.map(e => e.outerHTML.slice(0, 120))")
        except Exception:  # noqa: BLE001 - a frame that went away meanwhile
            continue
        visit.injected_elements += [f"{where}: {html}" for html in found]


def _wait_app(page) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)


def close_not_found(page, visit: Visit | None = None) -> None:
    """Close Streamlit's own « Page not found » dialog, which its frontend sometimes opens
    on a deep address (``/a-propos``…) before the list of pages arrives (the page is then
    shown normally): it would make the page inert for the next clicks."""
    dialog = page.locator('[role="dialog"]:has-text("Page not found")')
    if dialog.count():
        if visit is not None:
            visit.not_found += 1
        page.keyboard.press("Escape")
        dialog.first.wait_for(state="detached", timeout=10_000)


def _open(page, url: str, text: str, visit: Visit, where: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    _wait_app(page)
    page.get_by_text(text, exact=False).first.wait_for(timeout=60_000)
    page.wait_for_timeout(400)
    close_not_found(page, visit)
    visit.steps.append(where)
    _check_dom(page, visit, where)


def _map_frame(page):
    frame_element = page.locator(MAP_FRAME).first
    frame_element.wait_for(timeout=60_000)
    return page.frame_locator(MAP_FRAME).first


def sign_in(page, visit: Visit | None = None) -> None:
    """Sign in as the moderator on the page itself (the address is kept)."""
    page.get_by_text(textes.ROLE_CONNECTEZ_VOUS).wait_for(timeout=60_000)
    page.wait_for_timeout(400)
    close_not_found(page, visit)
    page.get_by_label(textes.CONNEXION_IDENTIFIANT).fill("mod")
    page.get_by_label(textes.CONNEXION_MOT_DE_PASSE).fill(PASSWORD)
    page.get_by_role("button", name=textes.CONNEXION_BOUTON).click()


def visit_site(browser, base_url: str, ids: dict[str, int]) -> Visit:
    """Open every place a hostile text is drawn, hover and click what can be; count what ran."""
    visit = Visit()
    context, page = _page(browser, base_url, visit)
    try:
        # The map: a popup per marker, a tooltip per hovered shape.
        _open(page, base_url + "/", "correspond", visit, "carte")
        frame = _map_frame(page)
        markers = frame.locator(".atlas-marker")
        markers.nth(4).wait_for(timeout=60_000)
        frame.locator("path.leaflet-interactive").nth(50).wait_for(timeout=60_000)
        for index in range(markers.count()):
            markers.nth(index).click()
            popup = frame.locator(".leaflet-popup-content")
            for _ in range(50):  # the previous popup fades out; wait for the new one alone
                if popup.count() == 1 and popup.inner_text() not in visit.popups:
                    break
                page.wait_for_timeout(100)
            visit.popups.append(popup.first.inner_text())
            if popup.first.locator("img, script, svg, iframe, style").count():
                visit.injected_elements.append(f"popup {index}: {popup.first.inner_html()[:200]}")
        for index in (10, 40, 70):
            frame.locator("path.leaflet-interactive").nth(index).hover(force=True)
            frame.locator(".leaflet-tooltip").first.wait_for(timeout=10_000)
        page.mouse.move(5, 5)
        _check_dom(page, visit, "carte après clics")

        # Each action page, the guide, fiches and a territory.
        for external_id in ("hostile-brest", "hostile-strasbourg", "hostile-marseille", "hostile-lille", "hostile-mezin"):
            _open(page, f"{base_url}/action?id={ids[external_id]}", textes.ACTION_SOURCES, visit, external_id)
        for link in page.locator("a").all():
            href = link.get_attribute("href") or ""
            if href.lower().lstrip().startswith(("javascript", "data", "vbscript")):
                visit.injected_elements.append(f"lien {href}")
        _open(page, base_url + "/guide", textes.GUIDE_METHODES, visit, "guide")
        for summary in page.locator('[data-testid="stExpander"] summary').all():
            summary.click()
        page.wait_for_timeout(500)
        _check_dom(page, visit, "guide ouvert")
        _open(page, base_url + "/fiche?numero=1", "alert(1)", visit, "fiche 1")
        _open(page, base_url + "/fiche?numero=3", "alert(2)", visit, "fiche 3")
        _open(page, base_url + "/territoire?code=commune:29019", "Brest", visit, "territoire")
        # The imported indicator: the map's legend, then the catalogue (its expander opened).
        _open(page, f"{base_url}/?indicateur={ids['indicateur']}", "correspond", visit, "choroplèthe")
        legend = _map_frame(page).locator(".atlas-legende")
        legend.wait_for(timeout=60_000)
        visit.legend = legend.inner_text()
        _check_dom(page, visit, "légende")
        _open(page, base_url + "/indicateurs", "Indicateur", visit, "indicateurs")
        page.get_by_text("alert(31)").first.click()
        page.wait_for_timeout(500)
        _check_dom(page, visit, "indicateur ouvert")

        # Garbage in the address, in a real browser.
        for query, shown in (
            ("/?texte=" + quote("<script>alert(21)</script>") + "&departement=" + quote('"><svg onload=alert(22)>'),
             "correspond"),
            ("/action?id=" + quote("<img src=x onerror=alert(23)>"), textes.ACTION_ID_INVALIDE),
            ("/territoire?code=" + quote("<svg onload=alert(24)>"), textes.TERRITOIRE_INVALIDE.split(".")[0]),
            ("/fiche?numero=" + quote("`${alert(25)}`"), textes.FICHE_INVALIDE.split(":")[0]),
        ):
            _open(page, base_url + query, shown, visit, query)

        # The moderation queue and the review of the submitted action, signed in on the page.
        page.goto(f"{base_url}/moderation?id={ids['hostile-soumise']}", wait_until="domcontentloaded")
        sign_in(page, visit)
        page.get_by_text(textes.JOURNAL_TITRE).first.wait_for(timeout=60_000)
        page.get_by_text(SUBMITTED_TITLE).first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        _check_dom(page, visit, "moderation")
        visit.steps.append("moderation")

        # Canaries: the counter sees a dialog from the page and from the map's frame.
        page.goto(base_url + "/", wait_until="domcontentloaded")
        _map_frame(page).locator(".atlas-marker").first.wait_for(timeout=60_000)
        close_not_found(page, visit)
        page.evaluate("alert('canari-page')")
        map_frame = next(f for f in page.frames if f != page.main_frame and f.query_selector(".leaflet-container"))
        map_frame.evaluate("alert('canari-carte')")
        page.wait_for_timeout(300)
    finally:
        context.close()
    return visit


def summary(visit: Visit) -> dict[str, Any]:
    """The figures of a visit."""
    return {
        "pages": len(visit.steps),
        "popups": len(visit.popups),
        "dialogs": len([d for d in visit.dialogs if not d.startswith("canari")]),
        "canaries": len([d for d in visit.dialogs if d.startswith("canari")]),
        "scripts_run": visit.scripts_run,
        "console_errors": len(visit.unexpected_errors),
        "outside_requests": len(visit.refused),
        "not_found_dialogs": visit.not_found,
    }
