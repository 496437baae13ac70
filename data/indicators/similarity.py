"""Territories like mine: a standardised distance on chosen indicators."""
from __future__ import annotations

import numpy as np
import pandas as pd


def similar_territories(matrix: pd.DataFrame, target: str, k: int = 10) -> pd.DataFrame:
    """The ``k`` territories nearest to ``target`` (itself first, at distance 0).

    ``matrix`` has one row per territory (index: codes) and one column per
    indicator. Each indicator is standardised (minus its mean, divided by its
    standard deviation over the territories of the level), then territories are
    ranked by the Euclidean distance between their standardised values divided by
    the square root of the number of indicators. Territories missing one of the
    indicators are left out. Ties keep the order of codes.
    """
    if target not in matrix.index:
        return pd.DataFrame(columns=["code", "distance"])
    complete = matrix.dropna(how="any")
    if target not in complete.index or complete.shape[1] == 0:
        return pd.DataFrame(columns=["code", "distance"])
    values = complete.to_numpy(dtype=float)
    std = values.std(axis=0)
    std[std == 0] = 1.0
    z = (values - values.mean(axis=0)) / std
    target_z = z[complete.index.get_loc(target)]
    distance = np.sqrt(((z - target_z) ** 2).sum(axis=1) / z.shape[1])
    codes = complete.index.to_numpy(dtype=str)
    not_target = codes != target
    order = np.lexsort((codes, distance, not_target))[:k]
    return pd.DataFrame({"code": codes[order], "distance": distance[order]}).reset_index(drop=True)
