"""The deployment's topology without Docker: one PostgreSQL, two `streamlit run app.py`
replicas and Debian's nginx in front with the production template
(``deploy/nginx/atlas.conf.template``).

A moderator publishes through replica A; a visitor on replica B sees the action at
its next page load (cached reads are keyed by the database's data version, not a
timer); a sign-in made through one replica is honoured by the other (the signed
cookie and the sessions table are shared); the page, its websocket and the sign-in
work through nginx (sticky by cookie).
"""
from __future__ import annotations

import os
import re
import shutil
import string
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from data import textes
from tests.support.app_server import free_port, serve_app
from tests.support.browser import _count
from tests.support.pg import fresh_pg_database

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx" / "atlas.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PASSWORD = "mot de passe de test 123"
TITLE = "L'ESAT L'Essor fait revivre le village de Mézin"
SEARCH = "/?texte=Essor+fait+revivre"


@contextmanager
def nginx_in_front(tmp: Path, upstreams: list[str]) -> Iterator[str]:
    """Debian's nginx on a free loopback port with the production template; yields its URL."""
    port = free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    servers = " ".join(f"server {u.split('://')[1]};" for u in upstreams)
    site = string.Template(TEMPLATE.read_text(encoding="utf-8")).safe_substitute(
        ATLAS_LISTEN=f"127.0.0.1:{port}", ATLAS_UPSTREAMS=servers
    )
    (tmp / "atlas.conf").write_text(site, encoding="utf-8")
    temp = "".join(f"{name}_temp_path {tmp / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'};\ndaemon off;\n"
        f"events {{ worker_connections 256; }}\nhttp {{\naccess_log {tmp / 'access.log'};\n{temp}"
        f"include {tmp / 'atlas.conf'};\n}}\n",
        encoding="utf-8",
    )
    log = open(tmp / "nginx.out", "w")  # noqa: SIM115 - closed after nginx stops
    proc = subprocess.Popen([NGINX, "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], stderr=subprocess.STDOUT, stdout=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as resp:
                    if resp.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError((tmp / "nginx.out").read_text() + (tmp / "error.log").read_text())
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@dataclass
class Topology:
    a: str
    b: str
    front: str
    action_id: int


@pytest.fixture(scope="module")
def topology(tmp_path_factory, geo_cache: Path, pg_server_url: str) -> Iterator[Topology]:
    """A fresh PostgreSQL database, two replicas on it, nginx in front; Mézin's action archived."""
    from data.accounts.auth import AccountRepository
    from data.accounts.roles import ADMIN, ARCHIVED, User
    from data.actions.workflow import ContributionStore
    from data.atlas import open_atlas
    from data.config import load_settings

    tmp = tmp_path_factory.mktemp("replicas")
    db_url, drop = fresh_pg_database(pg_server_url)
    env = {
        "ATLAS_DATABASE_URL": db_url,
        "ATLAS_CACHE_DIR": str(geo_cache),
        "ATLAS_SECRET_KEY": "clé partagée par les répliques, assez longue pour signer",
        "ATLAS_VAR_DIR": str(tmp / "var"),
    }
    opened = open_atlas(load_settings({**os.environ, **env}))  # migrated and seeded once, like `python -m data init`
    AccountRepository(opened.engine).create("mona", "moderateur", PASSWORD, nom="Mona")
    store = ContributionStore(opened.engine)
    action_id = store.by_external_id("mezin-essor-esat")
    full = store.full(action_id)
    assert store.transition(User(identifiant="admin", role=ADMIN, nom="Admin", mode="local"), action_id, full.version, ARCHIVED).ok
    opened.engine.dispose()
    try:
        with ExitStack() as stack:
            a = stack.enter_context(serve_app(tmp, env))
            b = stack.enter_context(serve_app(tmp, env))  # logs named by port: two files
            front = stack.enter_context(nginx_in_front(tmp / "nginx", [a, b]))
            yield Topology(a, b, front, action_id)
    finally:
        drop()


def _sign_in(page, base: str, address: str) -> None:
    page.goto(base + address, wait_until="domcontentloaded")
    page.get_by_text(textes.ROLE_CONNECTEZ_VOUS).wait_for(timeout=60_000)
    page.get_by_label(textes.CONNEXION_IDENTIFIANT).fill("mona")
    page.get_by_label(textes.CONNEXION_MOT_DE_PASSE).fill(PASSWORD)
    page.get_by_role("button", name=textes.CONNEXION_BOUTON).click()
    page.get_by_role("heading", name=textes.MODERATION_TITRE).first.wait_for(timeout=60_000)


def _cookie_set(context) -> None:
    for _ in range(100):
        if any(c["name"] == "atlas_session" for c in context.cookies()):
            return
        time.sleep(0.1)
    raise AssertionError("pas de cookie de session")


def test_publication_on_a_reaches_b_and_a_sign_in_on_a_is_honoured_by_b(browser, topology: Topology) -> None:
    visitor = browser.new_context(viewport={"width": 1300, "height": 900}, locale="fr-FR").new_page()
    visitor.goto(topology.b + SEARCH, wait_until="domcontentloaded")
    before = _count(visitor)  # replica B has read (and cached) the selection without the action

    moderator = browser.new_context(viewport={"width": 1300, "height": 1000}, locale="fr-FR")
    page = moderator.new_page()
    _sign_in(page, topology.a, f"/moderation?id={topology.action_id}")
    page.get_by_role("button", name=textes.MODERATION_REPUBLIER).click()
    page.get_by_text(textes.MODERATION_FAIT["publiee"]).first.wait_for(timeout=30_000)

    visitor.goto(topology.b + SEARCH, wait_until="domcontentloaded")  # the visitor's next page load on B
    assert _count(visitor) == before + 1
    visitor.get_by_text(TITLE).first.wait_for(timeout=30_000)

    # The sign-in made through A: the same browser on B is signed in (cookie + sessions table).
    _cookie_set(moderator)
    other = moderator.new_page()
    other.goto(topology.b + "/moderation", wait_until="domcontentloaded")
    other.get_by_role("heading", name=textes.MODERATION_TITRE).first.wait_for(timeout=60_000)
    assert other.get_by_text(textes.ROLE_CONNECTEZ_VOUS).count() == 0
    moderator.close()
    visitor.context.close()


def test_through_nginx_the_page_its_websocket_and_the_session_work(browser, topology: Topology) -> None:
    with urllib.request.urlopen(topology.front + "/", timeout=30) as resp:
        headers = {k.lower(): v for k, v in resp.headers.items()}
        cookies = resp.headers.get_all("Set-Cookie") or []
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert any(c.startswith("atlas_replica=") and "HttpOnly" in c for c in cookies)  # sticky by cookie

    context = browser.new_context(viewport={"width": 1300, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    page.goto(topology.front + "/", wait_until="domcontentloaded")
    assert _count(page) > 40  # the page ran over the websocket proxied by nginx
    _sign_in(page, topology.front, "/moderation")
    _cookie_set(context)
    page.reload(wait_until="domcontentloaded")
    page.get_by_role("heading", name=textes.MODERATION_TITRE).first.wait_for(timeout=60_000)
    route = next(c["value"] for c in context.cookies() if c["name"] == "atlas_replica")
    assert re.fullmatch(r"[0-9a-f]{32}", route)
    context.close()


def _wrong_password(page, base: str) -> str:
    """One failed sign-in of « zoe » through ``base``; the French message shown."""
    page.goto(base + "/connexion", wait_until="domcontentloaded")
    page.get_by_label(textes.CONNEXION_IDENTIFIANT).fill("zoe")
    page.get_by_label(textes.CONNEXION_MOT_DE_PASSE).fill("pas le bon mot de passe")
    page.get_by_role("button", name=textes.CONNEXION_BOUTON).click()
    shown = page.get_by_text(textes.CONNEXION_ECHEC).or_(page.get_by_text(textes.CONNEXION_TROP_ESSAIS.split("{")[0]))
    shown.first.wait_for(timeout=60_000)
    return shown.first.inner_text()


def test_failed_sign_ins_are_counted_across_replicas(browser, topology: Topology) -> None:
    """Three failures through A and two through B reach the identifier's free allowance (5):
    the next attempt through B is slowed down, which one replica alone would not do."""
    page = browser.new_context(locale="fr-FR").new_page()
    messages = [_wrong_password(page, topology.a) for _ in range(3)]
    messages += [_wrong_password(page, topology.b) for _ in range(3)]
    assert all(textes.CONNEXION_ECHEC in m for m in messages[:5]), messages
    assert textes.CONNEXION_TROP_ESSAIS.split("{")[0] in messages[5], messages
