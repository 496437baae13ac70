"""The app server's HTTP layer, given to ``st.App`` in ``app.py``: routes and middleware.

Starlette only, no Streamlit internals; the Streamlit script is ``navigation.py``.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

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


@asynccontextmanager
async def lifespan(app: object) -> AsyncIterator[None]:
    """At server start, warm up in the background (``components/warm_up.py``); nothing to close."""
    from components import warm_up

    warm_up.start()
    yield None
