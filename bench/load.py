"""Issue 7: simultaneous browser sessions — filter-change time and memory per session.

Run: python bench/load.py [--steps 1,2,4,8,16,24]
Starts the app on a loopback port with a temporary database, opens N Chromium
pages at once (one Streamlit session each), changes a filter in all of them at the
same time and reports the median time until each page shows its new count. Stops
at the first N whose median passes 1 s. Then opens sessions one by one (16 by
default, ``--memoire``) and fits a line through the server's settled memory to give
the memory per session. The server's CPU time per filter change tells how much of
the delay is the server's (the rest is Chromium drawing N pages on the same cores).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from bench._browser import CHROMIUM, CHROMIUM_ARGS, free_port, start_app, wait_health  # noqa: E402
from data.config import PROJECT_DIR  # noqa: E402

COUNT = re.compile(r"(\d+) (?:action correspond|actions correspondent)")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, in seconds (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def open_session(browser, url: str):
    page = await browser.new_page(viewport={"width": 1300, "height": 900})
    await page.goto(url + "/")
    await page.get_by_text(COUNT).first.wait_for(timeout=180_000)
    return page


async def change_filter(page, word: str) -> float:
    box = page.get_by_role("textbox", name="Recherche libre")
    before = await page.get_by_text(COUNT).first.inner_text()
    start = time.perf_counter()
    await box.fill(word)
    await box.press("Enter")
    await page.wait_for_function(
        "b => { const t = [...document.querySelectorAll('h3')].map(h => h.innerText).find(x => /actions? correspond/.test(x));"
        " return t && t !== b; }",
        arg=before,
        timeout=180_000,
    )
    return time.perf_counter() - start


async def main_async(steps: list[int], memory_sessions: int) -> None:
    from playwright.async_api import async_playwright

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {"ATLAS_DATABASE_URL": f"sqlite:///{tmp}/load.db", "ATLAS_CACHE_DIR": str(PROJECT_DIR / ".cache")}
        proc = start_app(env, port)
        try:
            if not wait_health(url):
                raise RuntimeError("le serveur n\'a pas démarré")
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                pages = [await open_session(browser, url)]
                print(f"Serveur, une session ouverte : {rss_mb(proc.pid):.0f} Mo")
                print("| sessions | changement de filtre médiane | p95 | CPU serveur par changement | mémoire serveur |")
                print("|---:|---:|---:|---:|---:|")
                for n in steps:
                    while len(pages) < n:
                        pages.append(await open_session(browser, url))
                    times: list[float] = []
                    cpu_before = cpu_seconds(proc.pid)
                    for word in ("jardin", "", "atelier", ""):
                        times += await asyncio.gather(*(change_filter(p, word) for p in pages))
                    med = statistics.median(times)
                    p95 = float(np.percentile(times, 95))
                    cpu = (cpu_seconds(proc.pid) - cpu_before) / len(times)
                    print(f"| {n} | {med * 1000:.0f} ms | {p95 * 1000:.0f} ms | {cpu * 1000:.0f} ms | {rss_mb(proc.pid):.0f} Mo |", flush=True)
                    if med > 1.0:
                        print(f"Le changement de filtre dépasse 1 s (médiane) à {n} sessions simultanées sur cette machine.")
                        break
                await memory_per_session(browser, url, proc.pid, pages, memory_sessions)
                await browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


async def settled_rss(pid: int) -> float:
    """Server memory once it settles: the median of five samples, half a second apart."""
    samples = []
    for _ in range(5):
        await asyncio.sleep(0.5)
        samples.append(rss_mb(pid))
    return statistics.median(samples)


async def memory_per_session(browser, url: str, pid: int, pages: list, upto: int) -> None:
    """Open sessions one by one up to ``upto`` (each changes a filter once) and print
    the server memory at each count and the slope of a line fitted through them."""
    print(f"\nMémoire du serveur selon le nombre de sessions ouvertes (jusqu'à {upto}) :")
    points: list[tuple[int, float]] = []
    marks = sorted({1, 2, 4, 8, 12, 16, 24, 32, upto} & set(range(1, upto + 1)))
    for n in range(1, upto + 1):
        if len(pages) < n:
            page = await open_session(browser, url)
            await change_filter(page, "atelier")
            pages.append(page)
        if n in marks:
            points.append((n, await settled_rss(pid)))
            print(f"  {n} session(s) : {points[-1][1]:.0f} Mo", flush=True)
    xs, ys = np.array([p[0] for p in points], float), np.array([p[1] for p in points], float)
    slope = float(np.polyfit(xs, ys, 1)[0]) if len(points) > 1 else float("nan")
    print(f"Mémoire par session (pente de la droite ajustée) : {slope:.1f} Mo ; "
          f"de {ys[0]:.0f} Mo à 1 session à {ys[-1]:.0f} Mo à {points[-1][0]} sessions.")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", default="1,2,4,8,12,16,24,32")
    parser.add_argument("--memoire", type=int, default=16, help="sessions ouvertes pour mesurer la mémoire")
    args = parser.parse_args()
    print(f"Machine : {os.cpu_count()} cœurs ; navigateur et serveur sur la même machine.")
    asyncio.run(main_async([int(s) for s in args.steps.split(",")], args.memoire))


if __name__ == "__main__":
    main()
