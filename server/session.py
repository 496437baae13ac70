"""Routes that set and clear the session cookie (``/connexion/session``, ``/deconnexion``).

The page opens the session on the server and loads ``/connexion/session?ticket=…``
in a one-pixel frame; the route exchanges the one-time ticket for the session's
token and sets the signed cookie (HttpOnly, SameSite=Lax, Secure behind HTTPS).
``/deconnexion`` revokes the cookie's session and clears the cookie. Requests a
browser marks as coming from another site are refused (no sign-in or sign-out
forced from elsewhere).
"""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from data.accounts.sessions import (
    COOKIE_MAX_AGE,
    COOKIE_NAME,
    SessionRepository,
    sign,
    unsign,
)
from data.config import ServerSettings, load_server_settings
from server.state import atlas


def _secure(request: Request, settings: ServerSettings) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return settings.https or request.url.scheme == "https" or forwarded == "https"


def _cross_site(request: Request) -> bool:
    return request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none")


def _no_store(status: int = 204) -> Response:
    return Response(status_code=status, headers={"cache-control": "no-store"})


def _repository(settings: ServerSettings) -> SessionRepository:
    return SessionRepository(atlas().engine, settings.session_idle_hours)


def _revoke(settings: ServerSettings, token: str) -> None:
    repository = _repository(settings)
    session_id = repository.find(token)
    if session_id is not None:
        repository.revoke(session_id, "deconnexion")


async def set_cookie(request: Request) -> Response:
    """Exchange the one-time ticket for the signed session cookie."""
    settings = load_server_settings()
    if _cross_site(request):
        return _no_store(403)
    ticket = request.query_params.get("ticket", "")
    token = await run_in_threadpool(lambda: _repository(settings).redeem(ticket))
    if token is None:
        return _no_store(400)
    response = _no_store()
    response.set_cookie(
        COOKIE_NAME, sign(token, settings.secret_key), max_age=COOKIE_MAX_AGE, path="/",
        httponly=True, samesite="lax", secure=_secure(request, settings),
    )
    return response


async def clear_cookie(request: Request) -> Response:
    """Revoke the cookie's session on the server and clear the cookie."""
    settings = load_server_settings()
    if _cross_site(request):
        return _no_store(403)
    token = unsign(request.cookies.get(COOKIE_NAME), settings.secret_key)
    if token:
        await run_in_threadpool(_revoke, settings, token)
    response = _no_store()
    response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=_secure(request, settings))
    return response


ROUTES = [
    Route("/connexion/session", set_cookie, methods=["GET", "POST"]),
    Route("/deconnexion", clear_cookie, methods=["GET", "POST"]),
]
