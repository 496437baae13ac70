"""Issue 15, point 3: one run of the home page at 10,000 and 100,000 actions, cold and warm caches.

Run: python bench/home_run.py [--sizes 10000,100000] [--runs 5]

The home page script runs in-process (Streamlit's AppTest) on a temporary SQLite file
of synthetic actions. "Cold": a search word never asked before (the selection's cached
read misses); "warm": the same word again (every cached read hits). The time is the
whole page run, filters, map data, table and export buttons included.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


WORDS = ("jardin", "atelier", "quartier", "village", "insertion", "parents", "santé", "épicerie", "théâtre", "aînés")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from streamlit.testing.v1 import AppTest

    from bench.scale import prepare_database

    print("| actions | relance, cache froid (médiane / max) | relance, cache chaud (médiane / max) | toute la France (chaud) |")
    print("|---:|---:|---:|---:|")
    for n in [int(s) for s in args.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            env = prepare_database(n, Path(tmp))
            os.environ.update(env)
            at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "navigation.py"), default_timeout=600)
            at.run()
            cold, warm, whole = [], [], []
            for word in WORDS[: args.runs]:
                start = time.perf_counter()
                at.text_input(key="texte").set_value(word).run()
                cold.append(time.perf_counter() - start)
                at.text_input(key="texte").set_value("").run()
                start = time.perf_counter()
                at.run()
                whole.append(time.perf_counter() - start)
                start = time.perf_counter()
                at.text_input(key="texte").set_value(word).run()
                warm.append(time.perf_counter() - start)
                assert not at.exception, at.exception
            print(
                f"| {n:,} | {statistics.median(cold) * 1000:,.0f} / {max(cold) * 1000:,.0f} ms | "
                f"{statistics.median(warm) * 1000:,.0f} / {max(warm) * 1000:,.0f} ms | "
                f"{statistics.median(whole) * 1000:,.0f} ms |".replace(",", " "),
                flush=True,
            )
            for key in env:
                os.environ.pop(key, None)


if __name__ == "__main__":
    main()
