"""Files of the simplified layers served to the browser, written once, named by their content.

The map fetches these files instead of receiving the shapes in every rerun: the
payload of a filter change stays small and the browser reuses them. Each name carries
a hash of the content (``departement.3f2a9c1b04de.json``), so the server may send a
long cache lifetime: new shapes get a new address.

The format is a topology (``geo/topology.py``): every border shared by two territories
is stored once, as an arc, instead of once per side::

    {"q": 5000, "a": [arc, …], "f": [[code, nom, polygons], …]}

Coordinates are integers ``round(lon * q)``, ``round(lat * q)``. Each arc is an encoded
polyline of the differences between successive points (its first point relative to the
end of the previous arc); each polygon is a list of rings, each ring a list of arc
indices, ``~i`` meaning arc ``i`` walked backwards, written as an encoded polyline of the
differences between successive indices (the first one relative to the last index of the
previous ring of the file). ``q`` depends on the layer
(``QUANTA``), from the zooms at which it is drawn (measured by ``bench/shapes.py``):

* régions, départements, EPCI, drawn on the whole of France (zoom 5 to 8, 3.4 km to
  425 m per pixel at 46° N): a grid of 1/5000° (22 m north–south, 15 m east–west); the
  vertices move by at most 16 m, and the layers are simplified at 0.02° (EPCI 0.012°), 1 to 2 km.
* communes, drawn zoomed on one département (zoom 8 to 10, 425 to 106 m per pixel): a
  grid of 1/20000° (5.6 m); the vertices move by at most 4 m.

Départements: 44 KB gzip with the former delta-encoded rings at 5 decimals (every border
written twice), 20 KB now; EPCI 248 → 118 KB; communes of the Nord 53 → 35 KB.
The map's script (``components/carte/carte.js``, ``decodeShapes``) turns the file back
into GeoJSON. The folder name carries the format (``WEB_FOLDER``): files of an older
format are never served to the new script.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from geo.layers import load_layer, version_dir
from geo.topology import encode_topology, polyline, ring_texts

#: Bump the number when the format of the files changes.
WEB_FOLDER = "carte-2"
_DEPARTEMENT = re.compile(r"^(\d{2}|2[AB]|97\d)$")
_HASHED = re.compile(r"^(?P<base>[a-z]+(-[0-9AB]{2,3})?)\.[0-9a-f]{12}\.json$")
#: Grid of the coordinates per layer: ``q`` steps per degree.
QUANTA = {"region": 5_000, "departement": 5_000, "epci": 5_000, "commune": 20_000}
_FOUND: dict[tuple[str, str], Path] = {}


def web_dir(cache_dir: Path) -> Path:
    """Folder of the served files for the installed package version."""
    folder = version_dir(cache_dir) / WEB_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def layer_base_name(level: str, departement: str | None = None) -> str:
    """Name of a layer without hash: ``departement``, ``commune-47``."""
    if level == "commune":
        if not departement or not _DEPARTEMENT.match(departement):
            raise ValueError("Un code de département est nécessaire pour la couche des communes.")
        return f"commune-{departement}"
    return level


def layer_text(cache_dir: Path, level: str, departement: str | None = None) -> str:
    """The text of a layer's file: grid, shared arcs, and the code, name and rings of each territory."""
    layer = load_layer(cache_dir, level, departement=departement if level == "commune" else None)
    q = QUANTA[level]
    arcs, polygons = encode_topology(layer.geometry, q)
    rings = ring_texts(polygons)
    features = [[str(code), str(nom), shape] for code, nom, shape in zip(layer["code"], layer["nom"], rings)]
    data = {"q": q, "a": [polyline(arc) for arc in arcs], "f": features}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def ensure_layer_file(cache_dir: Path, level: str, departement: str | None = None) -> Path:
    """Write the file of a layer if missing (atomic, named by its content) and return its path."""
    base = layer_base_name(level, departement)
    folder = web_dir(cache_dir)
    known = _FOUND.get((str(folder), base))
    if known is not None and known.is_file():
        return known
    existing = sorted(p for p in folder.glob(f"{base}.*.json") if (m := _HASHED.match(p.name)) and m["base"] == base)
    if existing:
        path = existing[0]
    else:
        data = layer_text(cache_dir, level, departement).encode("utf-8")
        path = folder / f"{base}.{hashlib.sha256(data).hexdigest()[:12]}.json"
        tmp = folder / f".{path.name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, path)
    _FOUND[(str(folder), base)] = path
    return path
