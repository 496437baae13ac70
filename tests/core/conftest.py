"""Session fixtures of the geo tests: layers built once in a fresh folder (the build itself is tested), point locator."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest


@dataclass
class GeoBuild:
    """The layers built once for the whole session, and how the build went."""

    cache_dir: Path
    folder: Path
    progress: list[tuple[float, str]] = field(default_factory=list)


@pytest.fixture(scope="session")
def geo_build(tmp_path_factory: pytest.TempPathFactory) -> GeoBuild:
    from geo.layers import ensure_layers

    cache_dir = tmp_path_factory.mktemp("geo-cache")
    calls: list[tuple[float, str]] = []
    folder = ensure_layers(cache_dir, progress=lambda fraction, message: calls.append((fraction, message)))
    return GeoBuild(cache_dir, folder, calls)


@pytest.fixture(scope="session")
def geo_locator(geo_build: GeoBuild):
    from geo.layers import load_locator

    return load_locator(geo_build.cache_dir)
