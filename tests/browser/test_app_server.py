"""The app server's HTTP layer through a real HTTP client and Chromium: security headers on
every response, gzip and cache lifetimes, the open-data feeds (same selection as the map,
ETag, CORS), and the map-only view framed by an allowed origin and refused by another."""
from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from data import textes
from tests.support.app_server import free_port, serve_app
from tests.support.browser import MAP_FRAME, _count
from tests.support.seeded import seeded_copy

pytestmark = pytest.mark.e2e
ALLOWED_PORT = free_port()
DATABASE: dict[str, str] = {}


@pytest.fixture(scope="module")
def server_url(tmp_path_factory, geo_cache: Path, seeded_db: Path) -> Iterator[str]:
    """The app with one allowed partner origin."""
    tmp = tmp_path_factory.mktemp("e2e-server")
    env = {
        "ATLAS_DATABASE_URL": seeded_copy(seeded_db, tmp / "server.db"),
        "ATLAS_CACHE_DIR": str(geo_cache),
        "ATLAS_VAR_DIR": str(tmp / "var"),
        "ATLAS_EMBED_ORIGINS": f"http://127.0.0.1:{ALLOWED_PORT}",
    }
    DATABASE["url"] = env["ATLAS_DATABASE_URL"]
    with serve_app(tmp, env) as base:
        yield base


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def test_every_response_carries_the_security_headers(server_url: str) -> None:
    _, page, body = _get(server_url + "/")
    script = next(p for p in body.decode().split('src="')[1:] if p.startswith("./static/js/index.")).split('"')[0]
    paths = ["/", "/moderation", "/connexion", "/_stcore/health", "/api/actions.geojson", script[1:], "/inexistant"]
    for path in paths:
        status, headers, _ = _get(server_url + path)
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert headers["x-frame-options"] == "SAMEORIGIN", path
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'self';" in csp + ";" and "object-src 'none'" in csp, path
        assert "strict-transport-security" not in headers, path  # plain HTTP here
    csp = page["content-security-policy"]
    scripts = csp.split("script-src ")[1].split(";")[0].split()
    assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])  # no inline, no eval
    _, behind_https, _ = _get(server_url + "/", {"X-Forwarded-Proto": "https"})
    assert behind_https["strict-transport-security"].startswith("max-age=31536000")


def test_scripts_and_shapes_are_compressed_and_hashed_files_cached_long(server_url: str) -> None:
    _, _, body = _get(server_url + "/")
    script = next(p for p in body.decode().split('src="')[1:] if p.startswith("./static/js/index.")).split('"')[0]
    status, headers, _ = _get(server_url + script[1:], {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    status, headers, _ = _get(server_url + "/", {"Accept-Encoding": "gzip"})
    assert "immutable" not in headers.get("cache-control", "")  # the page itself is revalidated


def test_the_websocket_is_compressed_and_a_filter_change_travels_compressed(browser, server_url: str) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="fr-FR")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    handshakes: list[dict[str, str]] = []
    cdp.on("Network.webSocketHandshakeResponseReceived", lambda e: handshakes.append(
        {k.lower(): v for k, v in e["response"]["headers"].items()}))
    page.goto(server_url + "/", wait_until="domcontentloaded")
    _count(page)
    assert handshakes, "no websocket opened"
    assert "permessage-deflate" in handshakes[0].get("sec-websocket-extensions", "")
    context.close()


def test_the_server_opens_the_atlas_at_start_before_any_visit(tmp_path: Path, geo_cache: Path) -> None:
    import sqlalchemy as sa

    database = tmp_path / "neuf.db"
    env = {"ATLAS_DATABASE_URL": f"sqlite:///{database}", "ATLAS_CACHE_DIR": str(geo_cache), "ATLAS_VAR_DIR": str(tmp_path / "var")}
    with serve_app(tmp_path, env):
        # No browser, no page request: the warm-up alone migrates and seeds the new database.
        deadline = time.monotonic() + 120
        published = 0
        while time.monotonic() < deadline and not published:
            time.sleep(0.5)
            if database.is_file():
                engine = sa.create_engine(f"sqlite:///{database}")
                try:
                    with engine.connect() as conn:
                        published = conn.execute(sa.text("SELECT count(*) FROM actions WHERE statut = 'publiee'")).scalar() or 0
                except sa.exc.OperationalError:  # tables not created yet
                    published = 0
                finally:
                    engine.dispose()
        assert published > 0


def test_feeds_select_what_the_map_shows(browser, server_url: str) -> None:
    context = browser.new_context(viewport={"width": 1300, "height": 900}, locale="fr-FR")
    page = context.new_page()
    for query in ("", "departement=47", "fiche=3&fiche=5", "texte=%C3%A9sat", "region=75&departement=13",
                  "departement=%3Cb%3E&fiche=%C2%B2&annee_min=1900"):
        page.goto(f"{server_url}/?{query}", wait_until="domcontentloaded")
        shown = _count(page)
        status, headers, body = _get(f"{server_url}/api/actions.geojson?{query}")
        assert status == 200 and headers["access-control-allow-origin"] == "*"
        assert headers["content-type"].startswith("application/geo+json")
        features = json.loads(body)["features"]
        assert len(features) == shown, query
        assert all("code_departement" in f["properties"] for f in features)
        if "departement=47" in query:
            assert {f["properties"]["code_departement"] for f in features} == {"47"}
        status, headers, csv_body = _get(f"{server_url}/api/actions.csv?{query}")
        lines = csv_body.decode("utf-8-sig").strip().split("\r\n")
        assert status == 200 and len(lines) == shown + 1
        assert lines[0].split(";")[:3] == ["identifiant", "titre", "resume"]  # the Table Schema's names
        page.close()
        page = context.new_page()
    context.close()


def test_feed_etag_answers_not_modified(server_url: str) -> None:
    status, headers, _ = _get(server_url + "/api/actions.geojson?fiche=3")
    etag = headers["etag"]
    assert status == 200 and "max-age" in headers["cache-control"]
    status, headers, body = _get(server_url + "/api/actions.geojson?fiche=3", {"If-None-Match": etag})
    assert status == 304 and body == b""
    status, other, _ = _get(server_url + "/api/actions.geojson?fiche=5", {"If-None-Match": etag})
    assert status == 200 and other["etag"] != etag
    request = urllib.request.Request(server_url + "/api/actions.csv", method="OPTIONS",
                                     headers={"Origin": "https://umap.exemple.org", "Access-Control-Request-Method": "GET"})
    with urllib.request.urlopen(request, timeout=30) as resp:  # a browser's preflight from another site
        assert resp.status == 204 and resp.headers["Access-Control-Allow-Origin"] == "*"


def test_cookie_routes_set_a_secure_cookie_behind_https_and_refuse_other_sites(server_url: str) -> None:
    from data.accounts.auth import AccountRepository
    from data.accounts.sessions import COOKIE_NAME, SessionRepository
    from data.store.db import make_engine

    engine = make_engine(DATABASE["url"])
    _get(server_url + "/api/actions.csv")  # the server has migrated its database
    AccountRepository(engine).create("paul", "contributeur", "mot de passe de test 123")
    sessions = SessionRepository(engine)
    _, ticket = sessions.open("paul")
    status, _, _ = _get(f"{server_url}/connexion/session?ticket={ticket}", {"Sec-Fetch-Site": "cross-site"})
    assert status == 403  # another site cannot plant a session
    status, headers, _ = _get(f"{server_url}/connexion/session?ticket={ticket}", {"X-Forwarded-Proto": "https"})
    cookie = headers["set-cookie"]
    assert status == 204 and cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" in cookie and "Path=/" in cookie
    assert headers["cache-control"] == "no-store"
    status, headers, _ = _get(f"{server_url}/connexion/session?ticket={ticket}")
    assert status == 400 and "set-cookie" not in headers  # a ticket works once
    value = cookie.split(";")[0]
    status, headers, _ = _get(server_url + "/deconnexion", {"Cookie": value})
    assert status == 204 and 'atlas_session=""' in headers["set-cookie"] and "Max-Age=0" in headers["set-cookie"]
    token = value.split("=", 1)[1].rsplit(".", 1)[0]
    assert sessions.check(sessions.find(token)) is None  # revoked on the server
    engine.dispose()


class _Partner:
    """A partner's web site on its own origin, whose page frames ``src``."""

    def __init__(self, tmp: Path, port: int, src: str) -> None:
        (tmp / "index.html").write_text(
            f'<!doctype html><html lang="fr"><body><h1>Partenaire</h1>'
            f'<iframe id="atlas" src="{src}" width="1000" height="700"></iframe></body></html>',
            encoding="utf-8",
        )
        handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{port}/index.html"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _framed_app(page) -> bool:
    """True when the framed atlas drew its map; False when Chromium refused the frame."""
    frame = page.frame_locator("#atlas")
    try:
        frame.locator(MAP_FRAME).wait_for(timeout=60_000)
        frame.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=60_000)
        return True
    except Exception:  # noqa: BLE001 - a refused frame never shows the map
        return False


def test_embed_view_is_framed_only_by_allowed_origins(browser, server_url: str, tmp_path: Path) -> None:
    embed = f"{server_url}/?integration=1&departement=47"
    (tmp_path / "ok").mkdir()
    (tmp_path / "ko").mkdir()
    allowed = _Partner(tmp_path / "ok", ALLOWED_PORT, embed)
    refused = _Partner(tmp_path / "ko", free_port(), embed)
    try:
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="fr-FR")
        page = context.new_page()
        blocked: list[str] = []
        page.on("console", lambda msg: blocked.append(msg.text) if "frame-ancestors" in msg.text or "X-Frame-Options" in msg.text else None)
        page.goto(allowed.url)
        assert _framed_app(page)
        inner = page.frame_locator("#atlas")
        assert inner.locator('[data-testid="stSidebar"]').count() == 0  # no sidebar, no menu
        inner.get_by_text(textes.RESULTATS_COMPTE.format(n=1)).wait_for(timeout=30_000)
        assert blocked == []

        other = context.new_page()
        other.on("console", lambda msg: blocked.append(msg.text) if "frame-ancestors" in msg.text else None)
        other.goto(refused.url)
        assert not _framed_app(other)
        assert any("frame-ancestors" in text for text in blocked)

        # The allowed partner still cannot frame any other page of the atlas.
        (tmp_path / "ok" / "index.html").write_text(
            f'<!doctype html><iframe id="atlas" src="{server_url}/moderation" width="900" height="600"></iframe>',
            encoding="utf-8",
        )
        blocked.clear()
        third = context.new_page()
        third.on("console", lambda msg: blocked.append(msg.text) if "frame-ancestors" in msg.text or "X-Frame-Options" in msg.text else None)
        third.goto(allowed.url)
        third.wait_for_timeout(3000)
        assert blocked, "la page de modération a pu être encadrée"
        context.close()
    finally:
        allowed.close()
        refused.close()
