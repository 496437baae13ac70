"""Classes for choropleth maps: quantiles or natural breaks (Fisher–Jenks)."""
from __future__ import annotations

import numpy as np

#: Five-class viridis: perceptually ordered and readable by colour-blind users.
PALETTE = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
NO_DATA_COLOR = "#bdbdbd"
METHODS = ("quantiles", "seuils_naturels")
MAX_JENKS_VALUES = 600


def quantile_breaks(values: np.ndarray, k: int = 5) -> list[float]:
    """Upper bounds of ``k`` classes holding about the same number of territories."""
    clean = np.sort(values[np.isfinite(values)])
    if clean.size == 0:
        return []
    distinct = np.unique(clean)
    if distinct.size <= k:
        return [float(v) for v in distinct]
    edges = np.quantile(clean, np.linspace(0, 1, k + 1)[1:], method="linear")
    return _dedupe([float(e) for e in edges])


def natural_breaks(values: np.ndarray, k: int = 5) -> list[float]:
    """Upper bounds of ``k`` Fisher–Jenks classes (minimal within-class variance).

    Above ``MAX_JENKS_VALUES`` distinct values the optimisation runs on evenly
    spaced quantiles of the data, which keeps it fast for all communes.
    """
    clean = np.sort(values[np.isfinite(values)])
    if clean.size == 0:
        return []
    sample = clean
    if clean.size > MAX_JENKS_VALUES:
        sample = np.quantile(clean, np.linspace(0, 1, MAX_JENKS_VALUES))
    k = min(k, len(np.unique(sample)))
    if k <= 1:
        return [float(clean[-1])]
    n = sample.size
    cost = np.full((k + 1, n + 1), np.inf)
    split = np.zeros((k + 1, n + 1), dtype=int)
    cost[0, 0] = 0.0
    prefix = np.concatenate([[0.0], np.cumsum(sample)])
    prefix2 = np.concatenate([[0.0], np.cumsum(sample**2)])

    def ssd(i: np.ndarray, j: int) -> np.ndarray:
        count = j - i
        total = prefix[j] - prefix[i]
        return prefix2[j] - prefix2[i] - total**2 / count

    for classes in range(1, k + 1):
        for j in range(classes, n + 1):
            starts = np.arange(classes - 1, j)
            candidates = cost[classes - 1, starts] + ssd(starts, j)
            best = int(np.argmin(candidates))
            cost[classes, j] = candidates[best]
            split[classes, j] = starts[best]
    bounds, j = [], n
    for classes in range(k, 0, -1):
        bounds.append(float(sample[j - 1]))
        j = split[classes, j]
    bounds = sorted(bounds)
    bounds[-1] = float(clean[-1])
    return _dedupe(bounds)


def breaks(values: np.ndarray, method: str, k: int = 5) -> list[float]:
    """Class upper bounds for ``method`` (``quantiles`` or ``seuils_naturels``)."""
    return natural_breaks(values, k) if method == "seuils_naturels" else quantile_breaks(values, k)


def class_of(value: float, bounds: list[float]) -> int | None:
    """Index of the class of ``value`` (None when missing)."""
    if value is None or not np.isfinite(value) or not bounds:
        return None
    return int(min(np.searchsorted(bounds, value, side="left"), len(bounds) - 1))


def colors_for(n_classes: int) -> list[str]:
    """Colours for ``n_classes`` classes, spread over the palette."""
    if n_classes >= len(PALETTE):
        return list(PALETTE)
    idx = np.round(np.linspace(0, len(PALETTE) - 1, n_classes)).astype(int)
    return [PALETTE[i] for i in idx]


def _dedupe(bounds: list[float]) -> list[float]:
    out: list[float] = []
    for b in bounds:
        if not out or b > out[-1]:
            out.append(b)
    return out
