"""Shared helpers for the benchmarks: a real app server and Debian Chromium."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(env: dict[str, str], port: int) -> subprocess.Popen:
    """Start `streamlit run app.py` on ``port``."""
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def wait_health(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("le serveur n'a pas démarré")


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
        if response.url.endswith(".geojson"):
            shapes[0] += len(response.body())

    page.on("websocket", on_ws)
    page.on("response", on_response)
    start = time.perf_counter()
    page.goto(url)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    frame.locator("path.leaflet-interactive").nth(89).wait_for(timeout=120_000)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(500)
    page.close()
    return elapsed, received[0], shapes[0]
