"""Figures of issue 3: first geodata build, cold start to a visible map, home map payload.

Run: python bench/startup.py   (needs Debian's chromium at /usr/bin/chromium)
"""
from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    open_map,
    start_app,
    wait_health,
)
from data.config import PROJECT_DIR  # noqa: E402
from geo.layers import ensure_layers  # noqa: E402


def main() -> None:
    print(f"Machine : {os.cpu_count()} cœurs, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ensure_layers(Path(tmp) / "cache")
        print(f"Première préparation des contours (cache vide) : {time.perf_counter() - start:.1f} s   (cible ≤ 30 s)")

    cache = os.environ.get("ATLAS_CACHE_DIR", str(PROJECT_DIR / ".cache"))
    ensure_layers(Path(cache))
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        env = {"ATLAS_DATABASE_URL": f"sqlite:///{tmp}/bench.db", "ATLAS_CACHE_DIR": cache}
        for label in ("base neuve (migration, actions, indicateurs)", "base existante"):
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            t0 = time.perf_counter()
            proc = start_app(env, port)
            try:
                if not wait_health(url):
                    raise RuntimeError("le serveur n\'a pas démarré")
                seconds, _, _ = open_map(browser, url + "/")
                total = time.perf_counter() - t0
                print(f"Démarrage à froid jusqu'à la carte visible, cache chaud, {label} : {total:.1f} s   (cible ≤ 5 s)")
                seconds, payload, shapes = open_map(browser, url + "/")
                print(
                    f"  rechargement de la page : {seconds:.2f} s ; reçu par le navigateur : {payload / 1024:.0f} Ko (websocket) "
                    f"+ {shapes / 1024:.0f} Ko (contours) = {(payload + shapes) / 1024:.0f} Ko   (cible ≤ 600 Ko)"
                )
            finally:
                proc.terminate()
                proc.wait(timeout=20)
        browser.close()


if __name__ == "__main__":
    main()
