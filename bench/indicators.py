"""Figures of issue 4: choropleth rerun and payload, similar-territories query over all communes.

Run: python bench/indicators.py
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from components.choropleth import make_choropleth  # noqa: E402
from components.map import MapContent, action_points, map_args  # noqa: E402
from data.atlas import open_atlas  # noqa: E402
from data.config import PROJECT_DIR, load_settings  # noqa: E402
from data.indicators.similarity import similar_territories  # noqa: E402
from geo.webfiles import ensure_layer_file  # noqa: E402

LIBS = {"css": [], "js": []}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"ATLAS_DATABASE_URL": f"sqlite:///{tmp}/b.db", "ATLAS_CACHE_DIR": str(PROJECT_DIR / ".cache")})
        atlas = open_atlas(settings)
        actions = atlas.actions.list_actions()
        catalogue = {i.code: i for i in atlas.indicators.indicators(with_values_only=True)}
        for level in ("departement", "epci"):
            shapes = ensure_layer_file(settings.cache_dir, level)
            times, size = [], 0
            for run in range(20):
                code = ("densite", "part_pop_petites_communes")[run % 2]
                start = time.perf_counter()
                values = atlas.indicators.values(code, level)
                choro = make_choropleth(catalogue[code], values, "seuils_naturels", "v")
                content = MapContent(points=action_points(actions, {}))
                payload = json.dumps(map_args("../c/" + shapes.name, content, LIBS, choropleth=choro), ensure_ascii=False)
                times.append(time.perf_counter() - start)
                size = len(payload.encode())
            print(
                f"Carte choroplèthe, niveau {level} : construction médiane {statistics.median(times) * 1000:.0f} ms "
                f"(p95 {sorted(times)[18] * 1000:.0f} ms) ; charge utile par relance {size / 1024:.0f} Ko "
                f"+ fichier de contours chargé une fois {shapes.stat().st_size / 1024:.0f} Ko"
            )

        matrix = pd.DataFrame({c: atlas.indicators.values(c, "commune") for c in ("densite", "part_pop_petites_communes", "population")})
        times = []
        for target in matrix.index[:50]:
            start = time.perf_counter()
            similar_territories(matrix, target, k=11)
            times.append(time.perf_counter() - start)
        print(f"Territoires semblables sur {len(matrix)} communes : médiane {statistics.median(times) * 1000:.1f} ms   (cible ≤ 200 ms)")

    # Rerun of the whole page after a change of indicator, through AppTest (server side).
    import os

    os.environ.setdefault("ATLAS_CACHE_DIR", str(PROJECT_DIR / ".cache"))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ATLAS_DATABASE_URL"] = f"sqlite:///{tmp}/a.db"
        at = AppTest.from_file(str(PROJECT_DIR / "navigation.py"), default_timeout=120)
        at.run()
        times = []
        for run in range(20):
            start = time.perf_counter()
            at.selectbox(key="indicateur").set_value(("densite", "part_pop_petites_communes")[run % 2]).run()
            times.append(time.perf_counter() - start)
        print(
            f"Page d'accueil, changement d'indicateur (AppTest, départements) : médiane {statistics.median(times) * 1000:.0f} ms "
            f"(p95 {sorted(times)[18] * 1000:.0f} ms)   (cible ≤ 300 ms)"
        )


if __name__ == "__main__":
    main()
