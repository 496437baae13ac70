"""Serve Leaflet, MarkerCluster and jQuery from Python packages so the map draws offline.

Each XStatic folder is declared as a Streamlit component: Streamlit then serves its
files at ``/component/<module>.<name>/<file>`` with proper MIME types (its static
folder would serve ``.js`` as text/plain). The map iframe of streamlit-folium lives
at ``/component/streamlit_folium.st_folium/…``, so relative ``../`` links reach them.
"""
from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit.components.v1 as st_components
import xstatic.pkg.jquery as xs_jquery
import xstatic.pkg.leaflet as xs_leaflet
import xstatic.pkg.leaflet_markercluster as xs_cluster

if TYPE_CHECKING:  # folium is imported by the one page that draws with it (a third of a second)
    import folium

_FOLDERS = {
    "leaflet": xs_leaflet.BASE_DIR,
    "markercluster": xs_cluster.BASE_DIR,
    "jquery": xs_jquery.BASE_DIR,
}


def register(shapes_folder: Path | None = None) -> dict[str, str]:
    """Declare the asset folders (cheap, call on every run) and return their URL prefixes.

    ``shapes_folder`` holds the GeoJSON files of the territory layers (key ``couches``).
    """
    prefixes = {}
    folders = dict(_FOLDERS)
    if shapes_folder is not None:
        folders["couches"] = str(shapes_folder)
    for name, folder in folders.items():
        component = st_components.declare_component(name, path=folder)
        prefixes[name] = f"../{component.name}/"
    return prefixes


#: The home map's libraries, in loading order: (asset folder, file).
HOME_MAP_CSS = (("leaflet", "leaflet.css"), ("markercluster", "MarkerCluster.css"), ("markercluster", "MarkerCluster.Default.css"))
HOME_MAP_JS = (("leaflet", "leaflet.js"), ("markercluster", "leaflet.markercluster.js"))


def hashed_copy(source: Path, folder: Path) -> str:
    """Copy ``source`` into ``folder`` as ``name.<hash>.ext`` (atomic, once) and return that name.

    The content hash in the address lets the server send a long cache lifetime: a new
    version of the file gets a new address.
    """
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:12]
    name = f"{source.stem}.{digest}{source.suffix}"
    target = folder / name
    if not target.is_file():
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return name


@cache
def home_map_libraries(folder: str) -> dict[str, list[str]]:
    """File names (with content hash) of the home map's stylesheets and scripts, copied into ``folder``."""
    target = Path(folder)
    return {
        "css": [hashed_copy(Path(_FOLDERS[name]) / file, target) for name, file in HOME_MAP_CSS],
        "js": [hashed_copy(Path(_FOLDERS[name]) / file, target) for name, file in HOME_MAP_JS],
    }


def map_js(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """Scripts a folium map needs, served locally (jQuery is required by streamlit-folium)."""
    return [
        ("jquery", prefixes["jquery"] + "jquery.min.js"),
        ("leaflet", prefixes["leaflet"] + "leaflet.js"),
    ]


def map_css(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """Stylesheets a folium map needs, served locally."""
    return [("leaflet_css", prefixes["leaflet"] + "leaflet.css")]


def cluster_js(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """MarkerCluster script, served locally."""
    return [("markerclusterjs", prefixes["markercluster"] + "leaflet.markercluster.js")]


def cluster_css(prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """MarkerCluster stylesheets, served locally."""
    return [
        ("markerclustercss", prefixes["markercluster"] + "MarkerCluster.css"),
        ("markerclusterdefaultcss", prefixes["markercluster"] + "MarkerCluster.Default.css"),
    ]


def make_offline(element: folium.MacroElement, prefixes: dict[str, str]) -> None:
    """Point the CDN links of a folium Map or MarkerCluster at the local copies."""
    import folium
    import folium.plugins

    if isinstance(element, folium.Map):
        element.default_js = map_js(prefixes)
        element.default_css = map_css(prefixes)
    elif isinstance(element, folium.plugins.MarkerCluster):
        element.default_js = cluster_js(prefixes)
        element.default_css = cluster_css(prefixes)
