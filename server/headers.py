"""Security headers, compression and cache lifetimes on every HTTP response.

One pure ASGI middleware adds the headers to every response (pages, Streamlit's own
files, component frames, the open-data routes). The policy is as strict as Streamlit
allows: the page's scripts come from the app itself (the one inline script of
Streamlit's ``index.html`` and the atlas's page-language script are allowed by their
hashes); styles may be inline because
Streamlit's widgets write their own; component frames (the folium map) may run
inline and evaluated scripts, because streamlit-folium evaluates the map's script.
Frames: only the app itself may frame its pages, except the map-only view
(``?integration=1``) and the files it loads, which the origins of
``ATLAS_EMBED_ORIGINS`` may frame too.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import streamlit
from starlette.datastructures import MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from data.config import ServerSettings

#: Documents framed inside the map-only view (the map component), framed by partners too.
EMBEDDABLE_PREFIXES = ("/component/", "/media/")
#: Files whose name carries a content hash: they never change under the same address.
HASHED_NAME = re.compile(r"[.-][0-9A-Za-z_-]{8,}\.(?:js|css|woff2?|ttf|svg|png|geojson|json)$")
YEAR = 365 * 24 * 3600


def inline_script_hashes(index_html: Path | None = None) -> list[str]:
    """CSP sources (``'sha256-…'``) of the inline scripts of Streamlit's ``index.html``."""
    path = index_html or Path(streamlit.__file__).parent / "static" / "index.html"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    bodies = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", text, flags=re.DOTALL)
    return [script_hash(b) for b in bodies]


def script_hash(body: str) -> str:
    """The CSP source (``'sha256-…'``) allowing one inline script of this exact text."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"


def is_embed_request(path: str, query: str) -> bool:
    """True for the map-only view's page (``/?integration=1``)."""
    return path in ("", "/") and re.search(r"(?:^|&)integration=1(?:&|$)", query) is not None


class SecurityHeaders:
    """ASGI middleware: security headers and cache lifetimes on every HTTP response."""

    def __init__(self, app: ASGIApp, settings: ServerSettings) -> None:
        self.app = app
        self.settings = settings
        from components.page_setup import (
            LANGUAGE_SCRIPT_BODY,  # the page's one script of its own
        )

        hashes = " ".join([*inline_script_hashes(), script_hash(LANGUAGE_SCRIPT_BODY)])
        common = (
            "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
            "media-src 'self' blob:; worker-src 'self' blob:; frame-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'"
        )
        self.page_policy = f"{common}; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'"
        self.frame_policy = f"{common}; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'"
        self.partners = " ".join(settings.embed_origins)

    def headers_for(self, scope: Scope) -> dict[str, str]:
        """The headers to add to the response of the request ``scope``."""
        path = scope.get("path", "")
        query = scope.get("query_string", b"").decode("latin-1")
        embeddable = bool(self.partners) and (is_embed_request(path, query) or path.startswith(EMBEDDABLE_PREFIXES))
        policy = self.frame_policy if path.startswith("/component/") else self.page_policy
        ancestors = f"'self' {self.partners}" if embeddable else "'self'"
        headers = {
            "x-content-type-options": "nosniff",
            "referrer-policy": "strict-origin-when-cross-origin",
            "content-security-policy": f"{policy}; frame-ancestors {ancestors}",
            "cross-origin-opener-policy": "same-origin",
            "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
        }
        if not embeddable:
            headers["x-frame-options"] = "SAMEORIGIN"
        if self.settings.https or _forwarded_https(scope):
            headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers_for(scope)
        path = scope.get("path", "")
        long_lived = path.startswith(("/static/", "/component/")) and HASHED_NAME.search(path) is not None

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    if name not in headers:
                        headers[name] = value
                if long_lived and message.get("status") == 200:
                    headers["cache-control"] = f"public, max-age={YEAR}, immutable"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _forwarded_https(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"x-forwarded-proto":
            return value.split(b",")[0].strip().lower() == b"https"
    return False


class Compression:
    """ASGI middleware: gzip for text answers (Streamlit's scripts, the shapes, the feeds), never for media."""

    def __init__(self, app: ASGIApp, minimum_size: int = 1024) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not scope.get("path", "").startswith("/media/"):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
