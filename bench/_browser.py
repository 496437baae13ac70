"""Shared helpers for the benchmarks: a real app server and Debian Chromium (tests/support/app_server.py)."""
from __future__ import annotations

import time
from pathlib import Path

from tests.support.app_server import (  # noqa: F401 - used by the benches
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    start_app,
    wait_health,
)

ROOT = Path(__file__).resolve().parents[1]


def open_map(browser, url: str) -> tuple[float, int, int]:
    """Load ``url`` until the map shows its shapes.

    Returns (seconds, websocket bytes received, bytes of the territory files fetched).
    """
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    received = [0]
    shapes = [0]

    def on_ws(ws) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    def on_response(response) -> None:
        if response.url.endswith(".json") and "/component/" in response.url:
            shapes[0] += len(response.body())

    page.on("websocket", on_ws)
    page.on("response", on_response)
    start = time.perf_counter()
    page.goto(url)
    frame = page.frame_locator('iframe[title="components.map.carte_atlas"]')
    frame.locator("path.leaflet-interactive").nth(89).wait_for(timeout=120_000)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(500)
    page.close()
    return elapsed, received[0], shapes[0]
