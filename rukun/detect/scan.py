"""Prospective space-time scan statistics over circular cylinders.

Two scans share one kernel (:mod:`rukun.detect._kernels`): cylinders are circles
of neighbouring areas (:mod:`rukun.detect.geometry`) crossed with time windows
that end on the analysis day and last 1 to ``max_window_days`` days.

* :func:`space_time_permutation_scan` — Kulldorff, Heffernan, Hartman, Assunção
  and Mostashari (2005), "A space-time permutation scan statistic for disease
  outbreak detection", PLoS Medicine 2(3):e59. Needs only case counts; it adjusts
  for purely spatial and purely temporal variation, so a region-wide surge is
  not a cluster.
* :func:`expectation_based_poisson_scan` — Neill, Moore, Sabhnani and Daniel
  (2005), "Detection of emerging space-time clusters", KDD '05; the statistic of
  the R package scanstatistics (``scan_eb_poisson``). Counts are compared with
  a baseline (population, or each area's own history), which works on short
  histories and does not need the absence of a purely temporal trend.

Monte Carlo p-values follow Dwass (1957) and SaTScan: ``(1 + #{replicate maxima
>= observed}) / (1 + R)``; secondary clusters are the next best cylinders that
share no area with a better one ("no geographic overlap"). For a daily analysis
the recurrence interval is ``1 / p`` days (SaTScan User Guide v10.1, p. 94).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from rukun.detect import _kernels
from rukun.detect.geometry import Neighbourhoods

_REPS_PER_CHUNK = 256
#: Smallest p-value reported (Gumbel tails and exact Poisson tails underflow to 0).
P_FLOOR = 1e-15
#: Early acceptance: after this many replicates without an exceedance, stop when the
#: Gumbel p-value is below alpha / _EARLY_ACCEPT_MARGIN.
_MIN_REPS_EARLY_ACCEPT = 120
_EARLY_ACCEPT_MARGIN = 100.0
_FIRST_SEQUENTIAL_CHUNK = 2
#: Fewest positive replicate maxima to which a Gumbel is fitted.
_MIN_POSITIVE_FOR_GUMBEL = 10


@dataclass(frozen=True)
class ScanCluster:
    """One cylinder reported by a scan.

    ``areas`` are area indices, nearest to the centre first; ``window_days`` is
    the length of the time window that ends on the analysis day.
    """

    centre: int
    areas: np.ndarray
    radius_km: float
    window_days: int
    observed: float
    expected: float
    llr: float
    p_value: float
    recurrence_interval_days: float


@dataclass(frozen=True)
class ScanResult:
    """Clusters in decreasing order of LLR (the first is the most likely cluster)."""

    clusters: list[ScanCluster]
    replicate_maxima: np.ndarray = field(repr=False)
    n_cases: float
    n_replications: int


def _check_common(n_replications: int, max_window_days: int, min_cases: float) -> None:
    if not isinstance(n_replications, int | np.integer) or n_replications < 0:
        raise ValueError(f"n_replications must be an integer >= 0, got {n_replications!r}")
    if not isinstance(max_window_days, int | np.integer) or max_window_days < 1:
        raise ValueError(f"max_window_days must be an integer >= 1, got {max_window_days!r}")
    if min_cases < 1:
        raise ValueError(f"min_cases must be >= 1, got {min_cases!r}")


def _rng(random_state) -> np.random.Generator:
    if isinstance(random_state, np.random.Generator):
        return random_state
    if random_state is None or isinstance(random_state, int | np.integer):
        return np.random.default_rng(random_state)
    raise TypeError(
        f"random_state must be None, an int or a numpy.random.Generator, got {type(random_state)}"
    )


def gumbel_p_value(llr: float, maxima: np.ndarray) -> float:
    """Tail probability of ``llr`` under a Gumbel fitted to the replicate maxima by moments.

    Abrams, Kleinman and Kulldorff (2010), "Gumbel based p-value approximations
    for spatial scan statistics", Int J Health Geogr 9:61: it resolves p-values
    below ``1 / (R + 1)``, which a Monte Carlo estimate cannot.

    Sparse data (a rare category, a few reports in a region) leave many
    replicates with no cylinder of ``min_cases`` reports, so their maximum is 0:
    a point mass that a single Gumbel fits badly (it inflates the spread and
    overstates the tail several-fold). Then the tail is that of a hurdle model,
    ``P(max >= x) = P(max > 0) * P_Gumbel(x)`` with the Gumbel fitted to the
    positive maxima only; with no zeros it is the plain approximation. Checked
    against 20,000 further replicates in ``tests/detect/test_kernels.py``: still
    on the conservative side, several times closer than the plain fit.
    """
    maxima = np.asarray(maxima, dtype=float)
    floor = 1.0 / (len(maxima) + 1.0)
    positive = maxima[maxima > 0]
    if len(positive) < _MIN_POSITIVE_FOR_GUMBEL:
        return floor
    sd = float(np.std(positive, ddof=1))
    if sd <= 0:
        return floor
    beta = sd * np.sqrt(6.0) / np.pi
    loc = float(np.mean(positive)) - np.euler_gamma * beta
    tail = float(-np.expm1(-np.exp(-(llr - loc) / beta))) * len(positive) / len(maxima)
    # floored: a p-value of exactly 0 would mean an infinite recurrence interval
    return max(tail, P_FLOOR)


def _p_value(llr: float, maxima: np.ndarray, n_planned: int) -> float:
    """Monte Carlo p-value; Gumbel when no replicate reached the observed value (as
    SaTScan's default p-value reporting); Besag–Clifford ``k / l`` when the run stopped
    early with ``k`` exceedances."""
    if len(maxima) == 0:
        return float("nan")
    k = int((maxima >= llr - 1e-9).sum())
    if k == 0:
        return min(gumbel_p_value(llr, maxima), 1.0 / (len(maxima) + 1.0))
    if len(maxima) < n_planned:
        return k / len(maxima)
    return (1.0 + k) / (1.0 + len(maxima))


def _clusters(
    best, nbh: Neighbourhoods, maxima: np.ndarray, max_clusters: int, n_planned: int
) -> list:
    llr, k, w, n, mu = best
    order = np.lexsort((k, -llr))  # ties: the more compact cylinder first
    taken = np.zeros(len(nbh.inv_ptr) - 1, dtype=bool)
    found: list[ScanCluster] = []
    for c in order:  # stops at the first centre without a cluster: not a loop over cylinders
        if llr[c] <= 0 or len(found) >= max_clusters:
            break
        members = nbh.members(int(c), int(k[c]))
        if taken[members].any():
            continue
        taken[members] = True
        p = _p_value(float(llr[c]), maxima, n_planned)
        found.append(
            ScanCluster(
                centre=int(c),
                areas=members.copy(),
                radius_km=float(nbh.dist_km[nbh.ptr[c] + int(k[c]) - 1]),
                window_days=int(w[c]) + 1,
                observed=float(n[c]),
                expected=float(mu[c]),
                llr=float(llr[c]),
                p_value=p,
                recurrence_interval_days=1.0 / p if p == p else float("nan"),
            )
        )
    return found


def _scan(
    x,
    e,
    size,
    size_cap,
    nbh,
    total,
    model,
    min_cases,
    draw_chunk,
    n_reps,
    backend,
    max_clusters,
    stop_after,
    alpha=None,
) -> tuple[list[ScanCluster], np.ndarray]:
    args = (size, float(size_cap), nbh.ptr, nbh.idx, nbh.close)
    best = _kernels.best_per_centre(backend, x, e, *args, float(total), model, float(min_cases))
    observed_max = float(best[0].max(initial=0.0))
    parts: list[np.ndarray] = []
    done = exceed = 0
    sequential = stop_after is not None or alpha is not None
    chunk = _FIRST_SEQUENTIAL_CHUNK if sequential else _REPS_PER_CHUNK
    while observed_max > 0 and done < n_reps:
        size_now = min(chunk, n_reps - done)
        rep_ptr, rep_area, rep_w = draw_chunk(size_now)
        part = _kernels.replicate_maxima(
            backend,
            rep_ptr,
            rep_area,
            rep_w,
            e,
            *args,
            nbh.inv_ptr,
            nbh.inv_idx,
            total,
            model,
            min_cases,
        )
        parts.append(part)
        done += size_now
        exceed += int((part >= observed_max - 1e-9).sum())
        if stop_after is not None and exceed >= stop_after:
            break  # Besag and Clifford (1991): the p-value is clearly large
        if alpha is not None and exceed and (1.0 + exceed) / (1.0 + n_reps) > alpha:
            break  # curtailed: a full run could no longer reach alpha (k = 0 goes to Gumbel)
        if alpha is not None and not exceed and done >= _MIN_REPS_EARLY_ACCEPT:
            maxima_so_far = np.concatenate(parts)
            if gumbel_p_value(observed_max, maxima_so_far) < alpha / _EARLY_ACCEPT_MARGIN:
                break  # significant by a wide margin: more replicates cannot change it
        chunk = min(2 * chunk, _REPS_PER_CHUNK) if sequential else chunk
    maxima = np.concatenate(parts) if parts else np.zeros(0)
    return _clusters(best, nbh, maxima, max_clusters, n_reps), maxima


def space_time_permutation_scan(
    case_area: np.ndarray,
    case_day: np.ndarray,
    n_areas: int,
    neighbourhoods: Neighbourhoods,
    analysis_day: int,
    *,
    max_window_days: int = 7,
    min_cases: int = 2,
    max_case_share: float = 0.5,
    n_replications: int = 999,
    random_state=None,
    max_clusters: int = 10,
    backend: str | None = None,
    stop_after: int | None = None,
    alpha: float | None = None,
) -> ScanResult:
    """Prospective space-time permutation scan (Kulldorff et al. 2005, PLoS Med 2(3):e59).

    Parameters
    ----------
    case_area : ndarray of int, shape (n_cases,)
        Area index of each case, ``0 <= case_area < n_areas``.
    case_day : ndarray of int, shape (n_cases,)
        Day number of each case; the study period is every day up to
        ``analysis_day`` present here (filter the history beforehand).
    n_areas : int
    neighbourhoods : Neighbourhoods
        Circles from :func:`rukun.detect.geometry.build_neighbourhoods`.
    analysis_day : int
        Windows end on this day; later cases are ignored.
    max_window_days : int
        Windows last 1 to this many days.
    min_cases : int
        Smallest number of cases in a reported cylinder.
    max_case_share : float
        Largest share of all cases (the permutation model's "population") in a circle.
    n_replications : int
        Monte Carlo replications (random permutations of the case days).
    random_state : None, int or numpy.random.Generator
    max_clusters : int
        Most clusters to report (the most likely one, then secondary clusters).
    backend : {"numba", "numpy"}, optional
    stop_after : int or None
        Sequential Monte Carlo (Besag and Clifford 1991, Biometrika 78:301): stop
        once this many replicate maxima reach the observed maximum; the p-value
        is then ``stop_after / replications run``. None runs every replication.
    alpha : float or None
        Curtailed testing: stop as soon as the Monte Carlo p-value of the most
        likely cluster can no longer reach ``alpha`` whatever the remaining
        replications give (decisions at ``alpha`` are those of a full run;
        reported p-values of stopped scans are ``exceedances / replications run``);
        and stop after 120 replications without an exceedance when the Gumbel
        p-value is already below ``alpha / 100``.

    Returns
    -------
    ScanResult
        Expected counts are ``C_z * C_d / C`` (areas' and days' totals), the LLR is
        the Poisson form used by SaTScan; p-values are Monte Carlo values.
    """
    _check_common(n_replications, max_window_days, min_cases)
    backend = _kernels.resolve_backend(backend)
    case_area = np.asarray(case_area, dtype=np.int64)
    case_day = np.asarray(case_day, dtype=np.int64)
    if case_area.shape != case_day.shape:
        raise ValueError(f"case_area {case_area.shape} and case_day {case_day.shape} differ")
    keep = case_day <= analysis_day
    case_area, offset = case_area[keep], analysis_day - case_day[keep]
    if len(case_area) and (case_area.min() < 0 or case_area.max() >= n_areas):
        raise ValueError(
            f"case_area must lie in [0, {n_areas}), got {case_area.min()}..{case_area.max()}"
        )
    width = int(max_window_days)
    total = float(len(case_area))
    area_total = np.bincount(case_area, minlength=n_areas).astype(float)
    in_window = offset < width
    window_offsets = np.sort(offset[in_window])
    day_cum = np.cumsum(np.bincount(window_offsets, minlength=width)[:width]).astype(float)
    e = area_total[:, None] * day_cum[None, :] / max(total, 1.0)
    x = np.zeros((n_areas, width))
    np.add.at(x, (case_area[in_window], offset[in_window]), 1.0)
    x = np.cumsum(x, axis=1)
    rng = _rng(random_state)
    m = len(window_offsets)

    def draw_chunk(n_reps: int):
        uniforms = rng.random((n_reps, m))
        areas = _kernels.permutation_draws(backend, case_area, uniforms)
        return (
            np.arange(n_reps + 1, dtype=np.int64) * m,
            areas.ravel(),
            np.tile(window_offsets, n_reps).astype(np.int64),
        )

    clusters, maxima = _scan(
        x,
        e,
        area_total,
        max_case_share * total,
        neighbourhoods,
        total,
        1,
        min_cases,
        draw_chunk,
        n_replications,
        backend,
        max_clusters,
        stop_after,
        alpha,
    )
    return ScanResult(clusters, maxima, total, n_replications)


def expectation_based_poisson_scan(
    counts: np.ndarray,
    baseline: np.ndarray,
    neighbourhoods: Neighbourhoods,
    *,
    population: np.ndarray | None = None,
    max_population_share: float = 1.0,
    min_cases: int = 2,
    n_replications: int = 999,
    random_state=None,
    max_clusters: int = 10,
    backend: str | None = None,
    stop_after: int | None = None,
    alpha: float | None = None,
) -> ScanResult:
    """Expectation-based Poisson space-time scan (Neill et al. 2005; scanstatistics).

    Parameters
    ----------
    counts : ndarray, shape (n_areas, n_window_days)
        ``counts[a, d]`` = events in area ``a`` ``d`` days before the analysis day.
    baseline : ndarray, shape (n_areas, n_window_days)
        Expected counts under no outbreak, same layout, all > 0 where counts > 0.
    neighbourhoods : Neighbourhoods
    population : ndarray, shape (n_areas,), optional
        Limits circles to ``max_population_share`` of the total; default: no limit.
    min_cases, n_replications, random_state, max_clusters, backend
        As in :func:`space_time_permutation_scan`.

    Returns
    -------
    ScanResult
        Replicates draw counts from Poisson(baseline) independently (the null of
        the expectation-based statistic); the LLR is ``n log(n/b) + b - n``.
    """
    counts = np.asarray(counts, dtype=float)
    baseline = np.asarray(baseline, dtype=float)
    if counts.ndim != 2 or counts.shape != baseline.shape:
        raise ValueError(
            f"counts and baseline must be 2-D arrays of the same shape, got {counts.shape} "
            f"and {baseline.shape}"
        )
    if (baseline < 0).any() or not np.isfinite(baseline).all():
        raise ValueError("baseline must be finite and >= 0")
    _check_common(n_replications, counts.shape[1], min_cases)
    backend = _kernels.resolve_backend(backend)
    n_areas, width = counts.shape
    size = np.ones(n_areas) if population is None else np.asarray(population, dtype=float)
    cap = max_population_share * size.sum() if population is not None else np.inf
    x = np.cumsum(counts, axis=1)
    e = np.cumsum(baseline, axis=1)
    cum = np.cumsum(baseline.ravel())
    total_b = float(cum[-1]) if len(cum) else 0.0
    rng = _rng(random_state)

    def draw_chunk(n_reps: int):
        sizes = rng.poisson(total_b, n_reps)
        cells = np.searchsorted(cum, rng.random(sizes.sum()) * total_b, side="right")
        cells = np.minimum(cells, len(cum) - 1)
        ptr = np.r_[0, np.cumsum(sizes)].astype(np.int64)
        return ptr, (cells // width).astype(np.int64), (cells % width).astype(np.int64)

    clusters, maxima = _scan(
        x,
        e,
        size,
        cap,
        neighbourhoods,
        0.0,
        0,
        min_cases,
        draw_chunk,
        n_replications,
        backend,
        max_clusters,
        stop_after,
        alpha,
    )
    return ScanResult(clusters, maxima, float(counts.sum()), n_replications)
