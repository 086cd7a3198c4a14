"""Expected counts for the expectation-based scans and the temporal detectors.

* :func:`poisson_trend_baseline` — a log-linear Poisson regression of counts on
  time with the population as offset, ``log E[y] = log(pop) + b0 + b1 t``, as in
  the scanstatistics vignette (Allévius 2018) for the New Mexico data.
* :func:`history_baseline` — each area's own recent rate, shrunk towards its
  population share when the history is short (a gamma–Poisson empirical-Bayes
  estimate, Clayton and Kaldor 1987, Biometrics 43:671), times day-of-week
  factors estimated region-wide, times a region-wide level factor so that a
  surge seen everywhere (a festival, a national news event) raises every area's
  expectation instead of becoming local alerts.
"""

from __future__ import annotations

import numpy as np


def poisson_trend_baseline(
    counts: np.ndarray,
    population: np.ndarray,
    times: np.ndarray,
    predict_population: np.ndarray,
    predict_times: np.ndarray,
    *,
    max_iter: int = 50,
    tol: float = 1e-10,
) -> np.ndarray:
    """Fit ``y ~ Poisson(pop * exp(b0 + b1 t))`` by IRLS and predict expected counts.

    Parameters
    ----------
    counts, population : ndarray, shape (n_times, n_areas)
        Training counts and populations.
    times : ndarray, shape (n_times,)
        The covariate ``t`` of each training row (e.g. ``year - 1985``).
    predict_population : ndarray, shape (m_times, n_areas)
    predict_times : ndarray, shape (m_times,)

    Returns
    -------
    ndarray, shape (m_times, n_areas)
        Expected counts; the fit is the maximum-likelihood GLM (the same
        estimate as R's ``glm(family = poisson)``).
    """
    y = np.asarray(counts, dtype=float).ravel()
    pop = np.asarray(population, dtype=float)
    if pop.shape != np.shape(counts) or (pop <= 0).any():
        raise ValueError(f"population must be > 0 with shape {np.shape(counts)}, got {pop.shape}")
    t = np.repeat(np.asarray(times, dtype=float), pop.shape[1])
    design = np.column_stack((np.ones_like(t), t))
    offset = np.log(pop.ravel())
    beta = np.array([np.log(max(y.sum(), 1e-9) / pop.sum()), 0.0])
    for _ in range(max_iter):
        mu = np.exp(offset + design @ beta)
        z = design @ beta + (y - mu) / mu
        wx = design * mu[:, None]
        new = np.linalg.solve(design.T @ wx, wx.T @ z)
        if np.max(np.abs(new - beta)) < tol:
            beta = new
            break
        beta = new
    pt = np.asarray(predict_times, dtype=float)[:, None]
    return np.asarray(predict_population, dtype=float) * np.exp(beta[0] + beta[1] * pt)


def day_of_week_factors(totals: np.ndarray, weekday: np.ndarray) -> np.ndarray:
    """Multiplicative day-of-week factors (mean 1) from region-wide daily totals.

    Parameters
    ----------
    totals : ndarray, shape (n_days,)
    weekday : ndarray of int, shape (n_days,)
        0 = Monday … 6 = Sunday.

    Returns
    -------
    ndarray, shape (7,)
        Factors shrunk towards 1 with a prior of 5 reports per weekday, so that a
        few sparse weeks do not produce extreme factors.
    """
    sums = np.bincount(weekday, weights=totals, minlength=7)
    days = np.bincount(weekday, minlength=7).astype(float)
    mean_rate = totals.sum() / max(len(totals), 1)
    prior = 5.0
    rate = (sums + prior) / (days + prior / max(mean_rate, 1e-9))
    return rate / rate.mean() if rate.mean() > 0 else np.ones(7)


def history_baseline(
    history: np.ndarray,
    history_weekday: np.ndarray,
    window_weekday: np.ndarray,
    population: np.ndarray | None = None,
    *,
    prior_days: float = 14.0,
    window_totals: np.ndarray | None = None,
) -> np.ndarray:
    """Expected counts per area and window day from each area's own history.

    Parameters
    ----------
    history : ndarray, shape (n_areas, n_history_days)
        Counts on the days before the window (none of the window's own days).
    history_weekday : ndarray of int, shape (n_history_days,)
    window_weekday : ndarray of int, shape (n_window_days,)
        Weekday of each window day, offset 0 = the analysis day first.
    population : ndarray, shape (n_areas,), optional
        Prior rate of each area ∝ its population (uniform when absent).
    prior_days : float
        Weight of the prior in days of history: an area with a short history
        leans on its population share, a long one on its own rate.
    window_totals : ndarray, shape (n_window_days,), optional
        Observed region-wide totals on the window days. When given, each day's
        expectation is scaled up by observed/expected region-wide if that ratio
        exceeds 1 (a region-wide surge is not a local excess).

    Returns
    -------
    ndarray, shape (n_areas, n_window_days)
    """
    history = np.asarray(history, dtype=float)
    n_areas, n_days = history.shape
    weights = np.ones(n_areas) if population is None else np.asarray(population, dtype=float)
    share = weights / weights.sum() if weights.sum() > 0 else np.full(n_areas, 1.0 / n_areas)
    totals = history.sum(axis=0)
    dow = day_of_week_factors(totals, np.asarray(history_weekday)) if n_days else np.ones(7)
    exposure = dow[np.asarray(history_weekday)].sum() if n_days else 0.0
    region_rate = totals.sum() / max(exposure, 1e-9)
    # a region with no history at all still needs a small positive expectation
    region_rate = max(region_rate, 0.1)
    prior_rate = region_rate * share
    rate = (history.sum(axis=1) + prior_days * prior_rate) / (exposure + prior_days)
    expected = rate[:, None] * dow[np.asarray(window_weekday)][None, :]
    if window_totals is not None:
        level = np.asarray(window_totals, dtype=float) / np.maximum(expected.sum(axis=0), 1e-9)
        expected = expected * np.maximum(level, 1.0)[None, :]
    return expected
