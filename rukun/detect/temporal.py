"""Temporal aberration detectors over many daily count series at once.

* :func:`ears` — the CDC's Early Aberration Reporting System C1, C2 and C3
  (Hutwagner, Thompson, Seeman and Treadwell 2003, J Urban Health 80(2 Suppl 1):
  i89–i96; definitions as in Fricker, Hegler and Dunfee 2008, Stat Med 27:3407).
  C1: ``(x_t - mean(x_{t-7..t-1})) / sd``; C2: the same baseline lagged by two
  days (``t-9..t-3``); C3: ``sum_{i=0..2} max(0, C2_{t-i} - 1)``.
* :func:`poisson_cusum` — Poisson CUSUM for a shift from ``mu`` to ``ratio*mu``
  (Lucas 1985, Technometrics 27:129): ``S_t = max(0, S_{t-1} + x_t - k_t)``,
  ``k_t = mu_t (ratio - 1) / log(ratio)``.
* :func:`poisson_tail` — ``P(X >= x)`` for ``X ~ Poisson(mu)``: the exact
  p-value the engine attaches to a temporal signal, so that sparse counts (a
  handful of reports where there are usually none) are judged on the count
  scale rather than by a standard deviation estimated from zeros.

All take ``(n_series, n_days)`` arrays; the day-of-week adjustment divides the
counts by region-wide weekday factors (:func:`rukun.detect.baselines.day_of_week_factors`).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

EARS_VARIANTS = ("C1", "C2", "C3")


def _rolling_mean_sd(counts: np.ndarray, lag: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sd of ``counts[:, t-lag-width+1 .. t-lag]`` for every ``t`` (NaN when short)."""
    n_series, n_days = counts.shape
    c1 = np.zeros((n_series, n_days + 1))
    c2 = np.zeros((n_series, n_days + 1))
    np.cumsum(counts, axis=1, out=c1[:, 1:])
    np.cumsum(counts**2, axis=1, out=c2[:, 1:])
    t = np.arange(n_days)
    hi = t - lag + 1
    lo = hi - width
    valid = lo >= 0
    mean = np.full((n_series, n_days), np.nan)
    sd = np.full((n_series, n_days), np.nan)
    s1 = c1[:, hi[valid]] - c1[:, lo[valid]]
    s2 = c2[:, hi[valid]] - c2[:, lo[valid]]
    mean[:, valid] = s1 / width
    var = np.maximum(s2 - s1**2 / width, 0.0) / max(width - 1, 1)
    sd[:, valid] = np.sqrt(var)
    return mean, sd


def ears(
    counts: np.ndarray, variant: str = "C2", *, baseline_days: int = 7, min_sd: float = 0.5
) -> np.ndarray:
    """EARS statistic for every series and day (Hutwagner et al. 2003).

    Parameters
    ----------
    counts : ndarray, shape (n_series, n_days)
        Daily counts (optionally already divided by day-of-week factors).
    variant : {"C1", "C2", "C3"}
    baseline_days : int
        Length of the baseline (7 in EARS).
    min_sd : float
        Floor of the baseline standard deviation: with sparse counts a baseline
        of zeros would otherwise make any single report infinitely surprising.

    Returns
    -------
    ndarray, shape (n_series, n_days)
        NaN where the history is too short. The usual thresholds are 3 (C1, C2)
        and 2 (C3).
    """
    if variant not in EARS_VARIANTS:
        raise ValueError(f"variant must be one of {EARS_VARIANTS}, got {variant!r}")
    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    if baseline_days < 2:
        raise ValueError(f"baseline_days must be >= 2, got {baseline_days!r}")
    lag = 1 if variant == "C1" else 3
    mean, sd = _rolling_mean_sd(counts, lag, baseline_days)
    stat = (counts - mean) / np.maximum(sd, min_sd)
    if variant != "C3":
        return stat
    part = np.maximum(np.nan_to_num(stat, nan=0.0) - 1.0, 0.0)
    c3 = part.copy()
    c3[:, 1:] += part[:, :-1]
    c3[:, 2:] += part[:, :-2]
    c3[np.isnan(stat)] = np.nan
    c3[:, : min(2, c3.shape[1])] = np.nan
    return c3


def poisson_cusum(counts: np.ndarray, expected: np.ndarray, *, ratio: float = 2.0) -> np.ndarray:
    """Poisson CUSUM path for every series (Lucas 1985).

    Parameters
    ----------
    counts, expected : ndarray, shape (n_series, n_days)
        Observed counts and in-control means (> 0).
    ratio : float
        The out-of-control mean the chart is tuned to detect, as a multiple of
        ``expected`` (> 1).

    Returns
    -------
    ndarray, shape (n_series, n_days)
        ``S_t``; signal when it exceeds a decision interval ``h`` (e.g. 4–6).
    """
    if not ratio > 1:
        raise ValueError(f"ratio must be > 1, got {ratio!r}")
    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    expected = np.broadcast_to(np.asarray(expected, dtype=float), counts.shape)
    if (expected <= 0).any():
        raise ValueError("expected must be > 0 everywhere")
    k = expected * (ratio - 1.0) / np.log(ratio)
    path = np.zeros_like(counts)
    s = np.zeros(counts.shape[0])
    for t in range(counts.shape[1]):  # a recursion over days, vectorised over series
        s = np.maximum(0.0, s + counts[:, t] - k[:, t])
        path[:, t] = s
    return path


def poisson_tail(observed, mu) -> np.ndarray:
    """``P(X >= observed)`` for ``X ~ Poisson(mu)``, elementwise, floored at 1e-15."""
    observed = np.asarray(observed, dtype=float)
    # floored like the scans' p-values: 0 would mean an infinite recurrence interval
    return np.maximum(stats.poisson.sf(observed - 1.0, np.asarray(mu, dtype=float)), 1e-15)
