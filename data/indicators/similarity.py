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


#: Population bands used to keep communes with communes of a similar size.
SIZE_BANDS = (500, 2_000, 10_000, 50_000)


def size_band(population: float) -> int:
    """Index of the population band (``< 500`` → 0 … ``≥ 50 000`` → 4); -1 when unknown."""
    if population is None or not np.isfinite(population):
        return -1
    return int(np.searchsorted(SIZE_BANDS, population, side="right"))


def rank_similar(
    matrix: pd.DataFrame,
    target: str,
    k: int = 10,
    allowed: set[str] | None = None,
    log_columns: tuple[str, ...] = ("population",),
    sizes: pd.Series | None = None,
) -> pd.DataFrame:
    """The ``k`` territories nearest to ``target`` on the indicators both have (``target`` excluded).

    Each indicator the target has is standardised over every territory with a
    value (``log_columns`` on a log scale first: a population size). The distance
    is the root mean square of the standardised differences over the indicators a
    candidate shares with the target; candidates missing some of them come after
    all complete ones (column ``manquants``), candidates sharing none are left out.
    With ``sizes`` (populations), candidates are taken in the target's population
    band when at least ``k`` of them are there. ``allowed`` restricts candidates.
    Returns ``code``, ``distance``, ``compares`` (indicators used) and ``manquants``
    (names of the indicators missing), ordered; ties keep the order of codes.
    """
    empty = pd.DataFrame(columns=["code", "distance", "compares", "manquants"])
    if target not in matrix.index:
        return empty
    data = matrix.astype(float).copy()
    for column in log_columns:
        if column in data:
            data[column] = np.log10(data[column].where(data[column] > 0))
    own = data.loc[target]
    usable = [c for c in data.columns if np.isfinite(own[c])]
    if not usable:
        return empty
    values = data[usable].to_numpy(dtype=float)
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(values, axis=0)
        std = np.nanstd(values, axis=0)
    std[~np.isfinite(std) | (std == 0)] = 1.0
    z = (values - mean) / std
    codes = data.index.to_numpy(dtype=str)
    diff2 = (z - z[codes == target][0]) ** 2
    present = np.isfinite(diff2)
    shared = present.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        distance = np.sqrt(np.where(present, diff2, 0.0).sum(axis=1) / shared)
    keep = (codes != target) & (shared > 0)
    if allowed is not None:
        keep &= np.fromiter((c in allowed for c in codes), dtype=bool, count=len(codes))
    if sizes is not None:
        population = sizes.reindex(data.index).to_numpy(dtype=float)
        bands = np.where(np.isfinite(population), np.searchsorted(SIZE_BANDS, population, side="right"), -1)
        own_band = size_band(float(sizes.get(target, np.nan)))
        same = keep & (bands == own_band)
        if own_band >= 0 and same.sum() >= k:
            keep = same
    idx = np.flatnonzero(keep)
    incomplete = shared[idx] < len(usable)
    order = idx[np.lexsort((codes[idx], distance[idx], incomplete))][:k]
    missing = [[usable[j] for j in range(len(usable)) if not present[i, j]] for i in order]
    return pd.DataFrame(
        {"code": codes[order], "distance": distance[order], "compares": shared[order], "manquants": missing}
    ).reset_index(drop=True)
