"""Persistent (chronic) hotspots: Getis–Ord Gi* over area report rates.

Getis and Ord (1992), "The analysis of spatial association by use of distance
statistics", Geographical Analysis 24(3):189; Ord and Getis (1995), Geographical
Analysis 27(4):286 for the moments. The statistic, its expectation, variance and
z-score are computed exactly as ``esda.G_Local(y, w, transform, star=True)``
(the tests compare them), from sparse weights built on the distance-band
neighbour lists of :mod:`rukun.detect.geometry`; the self-weight is 1.

Chronic hotspots are reported separately from emerging alerts: areas whose
Gi* z-score is significant after a Benjamini–Hochberg false-discovery-rate
correction (Benjamini and Hochberg 1995, JRSS B 57:289) over all areas.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse, stats

from rukun.detect.geometry import Neighbourhoods


@dataclass(frozen=True)
class GiStar:
    """Gi* per area: statistic ``G``, its ``expected`` value and ``variance``, ``z``,
    and the two-sided normal ``p_norm`` = P(|Z| >= |z|) / 2, as esda reports it."""

    G: np.ndarray
    expected: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    p_norm: np.ndarray


@dataclass(frozen=True)
class Hotspot:
    """A chronic hotspot: an area whose neighbourhood has persistently high rates."""

    area_id: str
    rate_per_100k: float
    z: float
    p_value: float
    q_value: float


def weights_from_neighbourhoods(nbh: Neighbourhoods) -> sparse.csr_matrix:
    """Binary distance-band weights with self-weight 1, shape (n_areas, n_areas)."""
    n = nbh.n_centres
    rows = np.repeat(np.arange(n), np.diff(nbh.ptr))
    return sparse.csr_matrix((np.ones(len(nbh.idx)), (rows, nbh.idx)), shape=(n, n))


def getis_ord_gi_star(y, weights, *, transform: str = "B") -> GiStar:
    """Local Gi* with the self included (Getis and Ord 1992; Ord and Getis 1995).

    Parameters
    ----------
    y : array_like, shape (n,)
        Values per area (here: report rates).
    weights : scipy.sparse matrix or Neighbourhoods, shape (n, n)
        Spatial weights whose diagonal holds the self-weight (> 0).
    transform : {"B", "R"}
        Binary weights or row-standardised weights, as in esda.

    Returns
    -------
    GiStar
    """
    if transform not in ("B", "R"):
        raise ValueError(f"transform must be 'B' or 'R', got {transform!r}")
    y = np.asarray(y, dtype=float).ravel()
    w = (
        weights_from_neighbourhoods(weights)
        if isinstance(weights, Neighbourhoods)
        else (sparse.csr_matrix(weights, dtype=float))
    )
    if w.shape != (len(y), len(y)):
        raise ValueError(f"weights must have shape {(len(y), len(y))}, got {w.shape}")
    if transform == "R":
        row = np.asarray(w.sum(axis=1)).ravel()
        w = sparse.diags(1.0 / np.where(row > 0, row, 1.0)) @ w
    n = len(y)
    g = (w @ y) / y.sum()
    mean = y.sum() / n
    variance_y = (y**2).sum() / n - mean**2
    card = np.asarray(w.sum(axis=1)).ravel()
    expected = card / n
    variance = card * (n - card) / (n - 1) / n**2 * variance_y / mean**2
    z = (g - expected) / np.sqrt(variance)
    return GiStar(g, expected, variance, z, stats.norm.sf(np.abs(z)))


def benjamini_hochberg(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values)."""
    p = np.asarray(p, dtype=float)
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(q)
    out[order] = np.minimum(q, 1.0)
    return out


def chronic_hotspots(
    area_ids,
    counts,
    population,
    neighbourhoods: Neighbourhoods,
    *,
    fdr: float = 0.05,
    min_count: int = 1,
) -> list[Hotspot]:
    """Areas at the centre of a significant high-rate Gi* cluster.

    Parameters
    ----------
    area_ids : sequence of str, length n
    counts : ndarray, shape (n,)
        Reports per area over the period (e.g. the last 365 days).
    population : ndarray, shape (n,)
    neighbourhoods : Neighbourhoods
        Distance band (e.g. ``build_neighbourhoods(lat, lon, 5.0)``).
    fdr : float
        False-discovery rate for the one-sided (high) test.
    min_count : int
        Areas with fewer reports are never reported themselves.

    Returns
    -------
    list of Hotspot, strongest first.
    """
    if not 0 < fdr < 1:
        raise ValueError(f"fdr must be in (0, 1), got {fdr!r}")
    counts = np.asarray(counts, dtype=float)
    rate = counts / np.asarray(population, dtype=float) * 1e5
    if rate.sum() <= 0:
        return []
    gi = getis_ord_gi_star(rate, neighbourhoods)
    p_high = stats.norm.sf(gi.z)
    q = benjamini_hochberg(p_high)
    hits = np.flatnonzero((q <= fdr) & (gi.z > 0) & (counts >= min_count))
    hits = hits[np.argsort(-gi.z[hits])]
    return [
        Hotspot(str(area_ids[i]), float(rate[i]), float(gi.z[i]), float(p_high[i]), float(q[i]))
        for i in hits
    ]
