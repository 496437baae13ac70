"""Issue 6: the map from 100 to 100,000 actions, against a naive folium build.

Run: python bench/scale.py [--sizes 100,1000,10000,100000] [--runs 20]
Synthetic actions (titles say so) go to a temporary SQLite database, never the real one.
Prints a table and writes it to bench/results.md with the date.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")

import folium  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from streamlit_folium import _get_header, _get_html, _get_map_string  # noqa: E402

from data.actions.synthetic import synthetic_actions, write_synthetic  # noqa: E402
from data.config import PROJECT_DIR  # noqa: E402
from data.store.db import make_engine, migrate  # noqa: E402
from geo.layers import ensure_layers, load_full_communes, load_layer  # noqa: E402
from geo.territories import Territories  # noqa: E402
from geo.webfiles import ensure_layer_file  # noqa: E402

LEVELS = ("region", "departement", "epci", "commune")
DEPARTEMENT = "33"  # Gironde: communes of one département
CACHE = Path(os.environ.get("ATLAS_CACHE_DIR", PROJECT_DIR / ".cache"))


def rss_mb() -> float:
    """Peak resident memory of this process, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def communes_frame(territories: Territories) -> pd.DataFrame:
    com = territories.communes.loc[territories.communes["type"] == "COM"].copy()
    layer = load_layer(CACHE, "commune")
    points = layer.geometry.representative_point()
    centers = pd.DataFrame({"code": layer["code"], "lat": points.y, "lon": points.x})
    return com.merge(centers, on="code")[["code", "nom", "epci", "departement", "region", "population", "lat", "lon"]]


def naive_layers() -> dict[str, object]:
    """Full-resolution polygons, dissolved the way a first-time user would."""
    full = load_full_communes(CACHE)
    terr = Territories.load()
    members = terr.communes.set_index("code")
    full = full.join(members[["epci", "region"]], on="code")
    out = {"commune": full.loc[full["departement"] == DEPARTEMENT, ["code", "nom", "geometry"]]}
    for level in ("epci", "departement", "region"):
        dissolved = full.loc[full[level].fillna("") != "", [level, "geometry"]].dissolve(by=level).reset_index()
        out[level] = dissolved.rename(columns={level: "code"})[["code", "geometry"]]
    return out


def naive_map(layer, actions: pd.DataFrame) -> str:
    """What a first-time folium user writes: polygons + one Marker with a popup per action."""
    fmap = folium.Map(location=(46.6, 2.5), zoom_start=5)
    folium.GeoJson(layer.to_json()).add_to(fmap)
    for row in actions.itertuples(index=False):
        folium.Marker((row.lat, row.lon), popup=row.titre, tooltip=row.titre).add_to(fmap)
    return _get_map_string(fmap) + _get_header(fmap) + _get_html(fmap)


def atlas_runs(db_url: str, level: str, runs: int) -> tuple[list[float], int]:
    """Filter changes through AppTest on the home page: times and the map payload (bytes)."""
    os.environ["ATLAS_DATABASE_URL"] = db_url
    at = AppTest.from_file(str(PROJECT_DIR / "navigation.py"), default_timeout=600)
    if level != "departement":
        at.query_params["niveau"] = level
    if level == "commune":
        at.query_params["departement"] = DEPARTEMENT
    at.run()
    times = []
    words = ("jardin", "", "atelier", "")
    for run in range(runs):
        start = time.perf_counter()
        at.text_input(key="texte").set_value(words[run % len(words)]).run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    payload = sum(len(e.proto.json_args) for e in at.get("component_instance"))
    return times, payload


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--naive-runs", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ensure_layers(Path(tmp) / "cache")
        first_build = time.perf_counter() - start
    ensure_layers(CACHE)
    territories = Territories.load()
    communes = communes_frame(territories)
    print("Préparation des couches naïves (pleine résolution)…", flush=True)
    naive = naive_layers()
    gc.collect()

    lines = [
        f"# Mesures — carte de 100 à 100 000 actions ({dt.date.today().isoformat()})",
        "",
        f"Machine : {os.cpu_count()} cœurs, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} Go ; "
        f"Python {platform.python_version()}, folium {folium.__version__}, shapely {shapely.__version__}.",
        f"Première préparation des contours : {first_build:.1f} s.",
        "",
        "| actions | niveau | charge atlas (par relance) | contours atlas (une fois) | charge naïve | ratio (total) | filtre médiane | filtre p95 | naïf médiane | ratio temps | mémoire pic |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            db_url = f"sqlite:///{tmp}/synthetique.db"
            engine = make_engine(db_url)
            migrate(engine)
            frame = synthetic_actions(n, communes)
            write_synthetic(engine, frame)
            os.environ["ATLAS_SEED_FILE"] = str(Path(tmp) / "vide.yaml")
            (Path(tmp) / "vide.yaml").write_text("[]\n", encoding="utf-8")
            for level in LEVELS:
                times, payload = atlas_runs(db_url, level, args.runs)
                subset = frame if level != "commune" else frame.loc[frame["departement"] == DEPARTEMENT]
                naive_times, naive_payload = [], 0
                for _ in range(args.naive_runs if n <= 10000 else 1):
                    t0 = time.perf_counter()
                    naive_payload = len(naive_map(naive[level], subset).encode())
                    naive_times.append(time.perf_counter() - t0)
                med, p95 = statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]
                naive_med = statistics.median(naive_times)
                shapes = ensure_layer_file(CACHE, level, DEPARTEMENT if level == "commune" else None).stat().st_size
                row = (
                    f"| {n:,} | {level} | {payload / 1024:,.0f} Ko | {shapes / 1024:,.0f} Ko | {naive_payload / 1024:,.0f} Ko | "
                    f"1/{naive_payload / max(payload + shapes, 1):,.1f} | {med * 1000:,.0f} ms | {p95 * 1000:,.0f} ms | "
                    f"{naive_med * 1000:,.0f} ms | 1/{naive_med / med:,.1f} | {rss_mb():,.0f} Mo |"
                ).replace(",", " ")
                lines.append(row)
                print(row, flush=True)
            engine.dispose()
    lines += ["", "Charge : octets envoyés au navigateur pour la carte à chaque relance (arguments du composant st_folium) ; "
              "les contours sont un fichier GeoJSON servi à part, chargé une fois par page ; le ratio compare la somme des deux "
              "à la carte naïve. "
              "Filtre : relance complète de la page d'accueil (AppTest) après un changement de recherche libre. "
              "Naïf : polygones pleine résolution + un folium.Marker avec popup par action, construit et rendu."]
    Path(__file__).with_name("results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:4]))


if __name__ == "__main__":
    main()
