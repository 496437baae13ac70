"""Signed in until signing out: a reload, a typed address and a new tab keep the
local-account session (a signed HttpOnly cookie set by the app server); signing out
in one tab signs the other out at its next action."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from data import textes
from data.accounts.sessions import COOKIE_NAME
from tests.support.app_server import serve_app
from tests.support.seeded import seeded_with_account

pytestmark = pytest.mark.e2e
PASSWORD = "mot de passe de test 123"


@pytest.fixture(scope="module")
def session_url(tmp_path_factory, geo_cache: Path, seeded_db: Path) -> Iterator[str]:
    """The app with one moderator account."""
    tmp = tmp_path_factory.mktemp("e2e-session")
    url = seeded_with_account(seeded_db, tmp / "session.db", "mona", "moderateur", PASSWORD, nom="Mona")
    env = {"ATLAS_DATABASE_URL": url, "ATLAS_CACHE_DIR": str(geo_cache), "ATLAS_VAR_DIR": str(tmp / "var")}
    with serve_app(tmp, env) as base:
        yield base


def _signed_in(page) -> None:
    """Wait for the moderation page's content (only a moderator sees it)."""
    page.get_by_role("heading", name=textes.MODERATION_TITRE).first.wait_for(timeout=60_000)
    page.get_by_text(textes.ROLE_CONNECTEZ_VOUS).wait_for(state="detached", timeout=30_000)


def _sign_in(page, base: str) -> None:
    page.goto(base + "/moderation", wait_until="domcontentloaded")
    page.get_by_text(textes.ROLE_CONNECTEZ_VOUS).wait_for(timeout=60_000)
    page.get_by_label(textes.CONNEXION_IDENTIFIANT).fill("mona")
    page.get_by_label(textes.CONNEXION_MOT_DE_PASSE).fill(PASSWORD)
    page.get_by_role("button", name=textes.CONNEXION_BOUTON).click()
    _signed_in(page)


def _wait_cookie(context) -> dict:
    for _ in range(100):
        found = [c for c in context.cookies() if c["name"] == COOKIE_NAME]
        if found:
            return found[0]
        context.pages[0].wait_for_timeout(100)
    raise AssertionError("pas de cookie de session")


def test_reload_typed_address_and_new_tab_keep_the_session_until_sign_out(browser, session_url: str) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    _sign_in(page, session_url)
    cookie = _wait_cookie(context)
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax" and cookie["secure"] is False  # plain HTTP here
    assert page.evaluate("document.cookie").find(COOKIE_NAME) == -1  # scripts cannot read it

    page.reload(wait_until="domcontentloaded")
    _signed_in(page)

    page.goto(session_url + "/comptes", wait_until="domcontentloaded")  # a typed address
    page.get_by_text(textes.ROLE_PAGE_REFUSEE.split("{")[0].strip()).first.wait_for(timeout=60_000)  # signed in, not admin
    page.goto(session_url + "/moderation", wait_until="domcontentloaded")
    _signed_in(page)

    other = context.new_page()  # a new tab
    other.goto(session_url + "/moderation", wait_until="domcontentloaded")
    _signed_in(other)

    # Sign out in the first tab: the second is signed out at its next action.
    page.goto(session_url + "/connexion", wait_until="domcontentloaded")
    page.get_by_role("button", name=textes.CONNEXION_DECONNEXION).click()
    page.get_by_text(textes.CONNEXION_ANONYME).wait_for(timeout=30_000)

    nav = other.locator('[data-testid="stSidebarNav"]')
    nav.get_by_text(textes.PAGE_CARTE).first.click()  # any action in the other tab
    nav.get_by_text(textes.PAGE_MODERATION).wait_for(state="detached", timeout=30_000)
    other.goto(session_url + "/moderation", wait_until="domcontentloaded")
    other.get_by_text(textes.ROLE_CONNECTEZ_VOUS).wait_for(timeout=60_000)

    for _ in range(50):  # the app server cleared the cookie too
        if not [c for c in context.cookies() if c["name"] == COOKIE_NAME]:
            break
        page.wait_for_timeout(100)
    assert not [c for c in context.cookies() if c["name"] == COOKIE_NAME]
    page.reload(wait_until="domcontentloaded")
    page.get_by_text(textes.CONNEXION_ANONYME).wait_for(timeout=60_000)
    context.close()
