"""Territory dossier: time to build the PDF (content + drawing) and its size, per level.

Server-side only (what the download button waits for after the click, without the
network): each territory twice in one process, the first read of the layers apart.
Baseline in the same run: the same territory's profile data alone (indicators and
actions, no map, no PDF). Run: python bench/dossier.py
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from data.atlas import open_atlas  # noqa: E402
from data.config import load_settings  # noqa: E402
from data.dossier.content import build_dossier, indicator_lines  # noqa: E402
from data.dossier.pdf import render_pdf  # noqa: E402

TERRITORIES = [("commune", "76351"), ("epci", "200084952"), ("departement", "47"), ("region", "75")]


def main() -> None:
    """Print one line per territory and run."""
    folder = Path(tempfile.mkdtemp())
    settings = load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{folder / 'bench.db'}"})
    atlas = open_atlas(settings)
    print("territoire | passage | données du profil seules (s) | dossier complet (s) | taille (Ko) | pages")
    for level, code in TERRITORIES:
        if atlas.territories.get(level, code) is None:
            continue
        for run in ("1er", "2e"):
            started = time.perf_counter()
            indicator_lines(atlas, level, code)
            baseline = time.perf_counter() - started
            started = time.perf_counter()
            data = render_pdf(build_dossier(atlas, level, code))
            elapsed = time.perf_counter() - started
            pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page")
            print(f"{level}:{code} | {run} | {baseline:.2f} | {elapsed:.2f} | {len(data) / 1024:.0f} | {pages}")


if __name__ == "__main__":
    main()
