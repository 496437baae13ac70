"""What the app server's HTTP layer sends: bytes with and without gzip, cache lifetimes.

Starts `streamlit run app.py` on a temporary database and prints, for Streamlit's main
script, the département shapes and the open-data feed: size without compression, size
with gzip (``Accept-Encoding: gzip``), and the ``Cache-Control`` header received.
Usage: python bench/http_layer.py
"""
from __future__ import annotations

import os
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.webfiles import ensure_layer_file  # noqa: E402
from tests.support.app_server import serve_app  # noqa: E402


def fetch(url: str, gzip: bool) -> tuple[int, str, str]:
    """Bytes received, Content-Encoding and Cache-Control of one GET."""
    headers = {"Accept-Encoding": "gzip"} if gzip else {"Accept-Encoding": "identity"}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=120) as resp:
        body = resp.read()
        return len(body), resp.headers.get("Content-Encoding", "-"), resp.headers.get("Cache-Control", "-")


def _open_once_in_chromium(base: str) -> None:
    from playwright.sync_api import sync_playwright

    from tests.support.app_server import CHROMIUM, CHROMIUM_ARGS
    from tests.support.browser import MAP_FRAME

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(base + "/")
        page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=120_000)
        browser.close()


def main() -> None:
    cache = Path(os.environ.get("ATLAS_CACHE_DIR", ROOT / ".cache"))
    shapes = ensure_layer_file(cache, "departement")
    with tempfile.TemporaryDirectory() as tmp:
        env = {"ATLAS_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}", "ATLAS_CACHE_DIR": str(cache),
               "ATLAS_VAR_DIR": str(Path(tmp) / "var")}
        with serve_app(Path(tmp), env, timeout=180) as base:
            with urllib.request.urlopen(base + "/", timeout=60) as resp:
                page = resp.read().decode()
            script = next(p for p in page.split('src="')[1:] if p.startswith("./static/js/index.")).split('"')[0][1:]
            urllib.request.urlopen(base + "/api/actions.geojson", timeout=300).read()  # opens the atlas once
            _open_once_in_chromium(base)  # a first session declares the map's file folders
            targets = {
                "script principal de Streamlit": base + script,
                "contours des départements": f"{base}/component/components.assets.couches/{shapes.name}",
                "flux /api/actions.geojson": base + "/api/actions.geojson",
            }
            print(f"{'fichier':32} {'brut':>10} {'gzip':>10}  cache")
            for name, url in targets.items():
                raw, _, _ = fetch(url, gzip=False)
                packed, encoding, cache_control = fetch(url, gzip=True)
                sizes = f"{raw:>10,} {packed:>10,}".replace(",", " ")
                print(f"{name:32} {sizes}  {cache_control} ({encoding}) — {url.rsplit('/', 1)[-1]}")


if __name__ == "__main__":
    main()
