"""The app server's HTTP layer, given to ``st.App`` in ``app.py``: routes and middleware.

Starlette only, no Streamlit internals; the Streamlit script is ``navigation.py``.
"""
from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from data.config import load_server_settings
from server.headers import Compression, SecurityHeaders


def middleware() -> list[Middleware]:
    """The middleware stack, outermost first: security headers, then compression."""
    settings = load_server_settings()
    return [Middleware(SecurityHeaders, settings=settings), Middleware(Compression)]


def routes() -> list[BaseRoute]:
    """The atlas's own HTTP routes (session cookie, open data)."""
    from server import opendata, session

    return [*session.ROUTES, *opendata.ROUTES]
