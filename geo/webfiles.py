"""GeoJSON files of the simplified layers, written once and served to the browser.

The map fetches these files instead of receiving the shapes in every rerun: the
payload of a filter change stays small and the browser can reuse them.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from geo.layers import load_layer, version_dir

WEB_FOLDER = "web"
_DEPARTEMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")


def web_dir(cache_dir: Path) -> Path:
    """Folder of the served GeoJSON files for the installed package version."""
    folder = version_dir(cache_dir) / WEB_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def layer_file_name(level: str, departement: str | None = None) -> str:
    """File name of a layer: ``departement.geojson``, ``commune-47.geojson``."""
    if level == "commune":
        if not departement or not _DEPARTEMENT.match(departement):
            raise ValueError("Un code de département est nécessaire pour la couche des communes.")
        return f"commune-{departement}.geojson"
    return f"{level}.geojson"


def ensure_layer_file(cache_dir: Path, level: str, departement: str | None = None) -> Path:
    """Write the GeoJSON file of a layer if missing (atomic) and return its path.

    Properties are only ``code`` and ``nom``; coordinates keep the layers' 5 decimals.
    """
    path = web_dir(cache_dir) / layer_file_name(level, departement)
    if path.is_file():
        return path
    layer = load_layer(cache_dir, level, departement=departement if level == "commune" else None)
    text = layer[["code", "nom", "geometry"]].to_json(drop_id=True, ensure_ascii=False)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
