"""Open data served by the app server: ``/api/actions.geojson`` and ``/api/actions.csv``.

Same filters and codes as the home map's address (``?departement=47&fiche=3&texte=…``,
read by :func:`data.actions.url_filter.action_filter`), published actions only, the
Table Schema's field names (``data/shipped/schema.json``). ``ETag`` comes from the
actions' data version and the selection, so a client (a uMap remote-data layer, a
harvester) gets ``304 Not Modified`` until an action changes; reads are open to
every origin (CORS).
"""
from __future__ import annotations

import hashlib
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from data.actions.exports import MIME, export_bytes, export_frame, table_schema
from data.actions.url_filter import action_filter
from server.state import atlas

MAX_AGE = 60
CORS = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, HEAD, OPTIONS",
    "access-control-allow-headers": "If-None-Match",
    "access-control-expose-headers": "ETag",
    "access-control-max-age": "86400",
}


def _params(request: Request) -> dict[str, list[str]]:
    return {key: request.query_params.getlist(key) for key in request.query_params}


def _etag(version: tuple[int, int], selection: object, fmt: str) -> str:
    schema_digest = hashlib.sha256(json.dumps(table_schema(), sort_keys=True).encode()).hexdigest()[:12]
    raw = f"{version}|{selection!r}|{fmt}|{schema_digest}"
    return '"' + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32] + '"'


def _answer(params: dict[str, list[str]], fmt: str, if_none_match: str | None) -> tuple[int, bytes, str]:
    """Status, body and ETag of one feed request (runs in a worker thread)."""
    opened = atlas()
    repo = opened.actions
    selection = action_filter(params, opened.guide, opened.territories, repo.year_bounds())
    etag = _etag(repo.data_version(), selection, fmt)
    if if_none_match and etag in [t.strip() for t in if_none_match.split(",")]:
        return 304, b"", etag
    frame = export_frame(repo, opened.territories, selection)
    return 200, export_bytes(frame, fmt), etag


def _feed(fmt: str):
    async def endpoint(request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers=CORS)
        status, body, etag = await run_in_threadpool(_answer, _params(request), fmt, request.headers.get("if-none-match"))
        headers = {
            **CORS,
            "etag": etag,
            "cache-control": f"public, max-age={MAX_AGE}, must-revalidate",
        }
        if status == 304:
            return Response(status_code=304, headers=headers)
        media = f"{MIME[fmt]}; charset=utf-8"
        headers["content-disposition"] = f'inline; filename="actions.{fmt}"'
        return Response(body if request.method != "HEAD" else b"", status_code=200, media_type=media, headers=headers)

    return endpoint


ROUTES = [
    Route("/api/actions.geojson", _feed("geojson"), methods=["GET", "HEAD", "OPTIONS"]),
    Route("/api/actions.csv", _feed("csv"), methods=["GET", "HEAD", "OPTIONS"]),
]
