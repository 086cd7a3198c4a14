"""The daily prospective analysis over all methods, overall and per category.

:class:`SurveillanceEngine` follows the scikit-learn contract: ``__init__``
stores the configuration, :meth:`~SurveillanceEngine.fit` validates it and
builds the circles of the areas (``neighbourhoods_``), and
:meth:`~SurveillanceEngine.detect` runs one day's analysis using only the
reports up to that day.

Multiplicity. Each scan method is run on the overall counts and on every
category with enough reports in the window; its p-values are Bonferroni-adjusted
over those scans (Gumbel p-values, Abrams et al. 2010, resolve the small
p-values this needs). The temporal detector's exact Poisson p-values are
Bonferroni-adjusted over all series and categories. A signal is raised when the adjusted recurrence interval ``1/p`` is
at least ``recurrence_threshold_days``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from rukun.detect import temporal
from rukun.detect.baselines import day_of_week_factors, history_baseline
from rukun.detect.escalation import escalation_chains
from rukun.detect.geometry import build_neighbourhoods
from rukun.detect.hotspots import Hotspot, chronic_hotspots
from rukun.detect.scan import (
    ScanResult,
    expectation_based_poisson_scan,
    space_time_permutation_scan,
)
from rukun.detect.types import Areas, DetectionConfig, Events, Signal

_EPOCH = np.datetime64("1970-01-01", "D")
_METHOD_SEED = {"space_time_permutation": 1, "poisson_scan": 2}


def _day_number(day) -> int:
    """Days since 1970-01-01 of a date, ``datetime64`` or ISO string."""
    try:
        value = np.datetime64(day, "D")
    except (ValueError, TypeError):
        raise ValueError(f"day must be a date or 'YYYY-MM-DD', got {day!r}") from None
    return int(value.astype(np.int64))


def _date(day_number: int) -> dt.date:
    return (_EPOCH + np.timedelta64(int(day_number), "D")).astype(dt.date)


@dataclass(frozen=True)
class _Prepared:
    """Events sorted by day, with what every day's analysis needs precomputed."""

    source: Events
    day: np.ndarray  # int64 day numbers, sorted
    area: np.ndarray
    family: np.ndarray  # index into (None, *categories); -1 when not scanned
    counted: np.ndarray  # first report of its near-duplicate group
    order: np.ndarray  # positions in source


def _prepare(events: Events, categories: tuple[str, ...]) -> _Prepared:
    day = (events.day - _EPOCH).astype(np.int64)
    order = np.lexsort((events.ids, day))
    counted = np.ones(len(events), dtype=bool)
    if events.duplicate_group is not None:
        groups = events.duplicate_group[order]
        has = np.array([g is not None and g == g and str(g) != "" for g in groups], dtype=bool)
        _, first = np.unique(groups[has].astype(str), return_index=True)
        keep = np.zeros(has.sum(), dtype=bool)
        keep[first] = True
        counted[has] = keep
    family = np.full(len(events), -1, dtype=np.int64)
    if events.category is not None:
        cats = events.category[order]
        for i, c in enumerate(categories):
            family[cats == c] = i + 1
    return _Prepared(events, day[order], events.area[order], family, counted, order)


class SurveillanceEngine:
    """Prospective daily surveillance over all methods (see the module docstring).

    Parameters
    ----------
    config : DetectionConfig, optional

    Attributes
    ----------
    config_ : DetectionConfig
    areas_ : Areas
    neighbourhoods_ : Neighbourhoods
    district_of_area_ : ndarray of int or None
    """

    def __init__(self, config: DetectionConfig | None = None):
        self.config = config

    def fit(self, areas: Areas) -> SurveillanceEngine:
        if not isinstance(areas, Areas):
            raise TypeError(f"areas must be rukun.detect.Areas, got {type(areas).__name__}")
        self.config_ = (self.config or DetectionConfig()).validate()
        self.areas_ = areas
        self.neighbourhoods_ = build_neighbourhoods(
            areas.lat, areas.lon, self.config_.max_radius_km, self.config_.max_cluster_areas
        )
        self.district_ids_, self.district_of_area_ = (None, None)
        if areas.district is not None:
            self.district_ids_, self.district_of_area_ = np.unique(
                areas.district.astype(str), return_inverse=True
            )
        self._prepared: _Prepared | None = None
        return self

    def _prepared_events(self, events: Events) -> _Prepared:
        if not isinstance(events, Events):
            raise TypeError(f"events must be rukun.detect.Events, got {type(events).__name__}")
        if self._prepared is None or self._prepared.source is not events:
            self._prepared = _prepare(events, self.config_.categories)
        return self._prepared

    def detect(self, events: Events, day) -> list[Signal]:
        """All signals of the analysis ``day`` (a date or ``datetime64[D]``).

        Only reports dated up to ``day`` are read, so a day-by-day backtest is
        exactly what the system would have raised on each day.
        """
        if not hasattr(self, "config_"):
            raise ValueError("call fit(areas) before detect()")
        cfg = self.config_
        prep = self._prepared_events(events)
        d = _day_number(day)
        span = max(cfg.study_days, cfg.baseline_days + cfg.max_window_days)
        lo, hi = np.searchsorted(prep.day, [d - span + 1, d + 1])
        window = slice(lo, hi)
        families = [None, *cfg.categories]
        overall = prep.counted[window]
        daily_all = self._daily_counts(
            prep.area[window][overall], prep.day[window][overall], d, span
        )
        base_all = self._history_expectation(daily_all, d)
        scans: dict[str, dict[int, ScanResult]] = {m: {} for m in _METHOD_SEED}
        signals: list[Signal] = []
        recent = prep.day[window] > d - cfg.max_window_days
        fam = prep.family[window]
        n_recent = [int((overall & recent).sum())] + [
            int((overall & recent & (fam == f)).sum()) for f in range(1, len(families))
        ]
        eligible = [f for f in range(len(families)) if n_recent[f] >= cfg.min_cases]
        # the scans' Bonferroni factor is known up front, so hopeless scans stop early
        alpha = 1.0 / (max(cfg.recurrence_threshold_days, 1.0) * max(len(eligible), 1))
        for f in eligible:
            category = families[f]
            member = overall & ((fam == f) if f else True)
            area = prep.area[window][member]
            days = prep.day[window][member]
            daily = daily_all if f == 0 else self._daily_counts(area, days, d, span)
            expected = self._family_expectation(daily, daily_all, base_all)
            self._run_scans(f, area, days, daily, expected, d, scans, alpha)
            if "ears_c2" in cfg.methods:
                signals += self._temporal(
                    daily, expected, d, category, prep, window, f, len(families)
                )
        for method, results in scans.items():
            signals += self._scan_signals(method, results, families, d, prep, window)
        if "escalation" in cfg.methods:
            signals += self._escalations(events, d)
        return signals

    def _history_expectation(self, daily_all: np.ndarray, d: int) -> np.ndarray:
        """Each area's expected overall counts on the window days, from its own history."""
        w, b = self.config_.max_window_days, self.config_.baseline_days
        weekday = (d - np.arange(daily_all.shape[1]) + 3) % 7  # 1970-01-01 was a Thursday
        return history_baseline(
            daily_all[:, w : w + b], weekday[w : w + b], weekday[:w], self.areas_.population
        )

    def _family_expectation(self, daily, daily_all, base_all) -> np.ndarray:
        """Expected window counts of one family, raised by any region-wide surge.

        A category's expectation is the area's overall expectation times the
        category's region-wide share of the history (sparse categories borrow
        the areas' overall rates). The surge factor compares observed with
        expected outside the busiest district (or the busiest areas), so that a
        local cluster cannot explain itself away but a region-wide rise does; it
        is computed for each window day.
        """
        w, b = self.config_.max_window_days, self.config_.baseline_days
        share = (daily[:, w : w + b].sum() + 1.0) / (daily_all[:, w : w + b].sum() + 14.0)
        expected = base_all * min(share, 1.0)
        observed = daily[:, :w]
        if self.district_of_area_ is not None:
            by_obs = np.bincount(self.district_of_area_, observed.sum(axis=1))
            by_exp = np.bincount(self.district_of_area_, expected.sum(axis=1))
            top = int(np.argmax(by_obs - by_exp))
            outside = self.district_of_area_ != top
        else:
            excess = observed.sum(axis=1) - expected.sum(axis=1)
            outside = np.ones(len(excess), dtype=bool)
            outside[np.argsort(-excess)[: self.config_.max_cluster_areas]] = False
        # per window day, shrunk by 5 pseudo-reports so sparse categories do not jitter
        level = (observed[outside].sum(axis=0) + 5.0) / (expected[outside].sum(axis=0) + 5.0)
        return expected * np.maximum(level, 1.0)[None, :]

    def _daily_counts(self, area, days, d, span) -> np.ndarray:
        """``daily[a, k]`` = counted reports in area ``a`` ``k`` days before ``d``."""
        n = len(self.areas_)
        offset = d - days
        return np.bincount(area * span + offset, minlength=n * span).reshape(n, span).astype(float)

    def _rng(self, d: int, family: int, method: str) -> np.random.Generator:
        seed = self.config_.random_state
        entropy = [0 if seed is None else int(seed), d, family, _METHOD_SEED[method]]
        if seed is None:
            return np.random.default_rng()
        return np.random.default_rng(entropy)

    def _run_scans(self, f, area, days, daily, expected, d, scans, alpha) -> None:
        cfg = self.config_
        n = len(self.areas_)
        common = dict(
            min_cases=cfg.min_cases,
            n_replications=cfg.n_replications,
            backend=cfg.backend,
            stop_after=cfg.sequential_stop,
            alpha=alpha,
        )
        if "space_time_permutation" in cfg.methods:
            recent = days > d - cfg.study_days
            scans["space_time_permutation"][f] = space_time_permutation_scan(
                area[recent],
                days[recent],
                n,
                self.neighbourhoods_,
                d,
                max_window_days=cfg.max_window_days,
                max_case_share=1.0,
                random_state=self._rng(d, f, "space_time_permutation"),
                **common,
            )
        if "poisson_scan" in cfg.methods:
            scans["poisson_scan"][f] = expectation_based_poisson_scan(
                daily[:, : cfg.max_window_days],
                expected,
                self.neighbourhoods_,
                population=self.areas_.population,
                max_population_share=cfg.max_population_share,
                random_state=self._rng(d, f, "poisson_scan"),
                **common,
            )

    def _scan_signals(self, method, results, families, d, prep, window) -> list[Signal]:
        """Signals of one scan method, p-values Bonferroni-adjusted over the families scanned."""
        out = []
        m = len(results)
        for f, result in results.items():
            for cluster in result.clusters:
                p = min(1.0, cluster.p_value * m)
                if not p > 0 or 1.0 / p < self.config_.recurrence_threshold_days:
                    continue
                start = d - cluster.window_days + 1
                out.append(
                    self._signal(
                        method,
                        families[f],
                        f,
                        cluster.areas,
                        start,
                        d,
                        cluster.observed,
                        cluster.expected,
                        p,
                        cluster.llr,
                        prep,
                        window,
                    )
                )
        return out

    def _signal(
        self, method, category, f, areas, start, d, observed, expected, p, score, prep, window
    ) -> Signal:
        sl_day, sl_area = prep.day[window], prep.area[window]
        hit = (sl_day >= start) & np.isin(sl_area, areas)
        if f:
            hit &= prep.family[window] == f
        evidence = prep.source.ids[prep.order[window][hit]]
        return Signal(
            signal_date=_date(d),
            method=method,
            category=category,
            area_ids=tuple(str(a) for a in self.areas_.ids[np.asarray(areas, dtype=np.int64)]),
            start=_date(start),
            end=_date(d),
            observed=float(observed),
            expected=None if expected is None else float(expected),
            p_value=float(p),
            recurrence_interval_days=1.0 / float(p),
            evidence_event_ids=tuple(evidence),
            score=float(score),
        )

    def _temporal(self, daily, expected, d, category, prep, window, f, n_families):
        cfg = self.config_
        weekday = (d - np.arange(daily.shape[1]) + 3) % 7
        dow = day_of_week_factors(daily.sum(axis=0), weekday)
        out = []
        for level in cfg.temporal_levels:
            if level == "district" and self.district_of_area_ is None:
                continue
            group = None if level == "area" else self.district_of_area_
            series = daily if group is None else _by_group(daily, group)
            longrun = expected[:, 0] if group is None else np.bincount(group, expected[:, 0])
            out += self._ears_level(
                series,
                longrun,
                dow,
                weekday,
                group,
                d,
                category,
                prep,
                window,
                f,
                n_families,
                daily[:, 0],
            )
        return out

    def _ears_level(
        self,
        series,
        longrun,
        dow,
        weekday,
        group,
        d,
        category,
        prep,
        window,
        f,
        n_families,
        area_today,
    ):
        """EARS C2 on day-of-week adjusted counts, judged by an exact Poisson tail.

        The Poisson mean is the C2 baseline mean (days t-9..t-3) or the area's
        long-run expectation, whichever is larger, so that sparse series are not
        judged against a baseline of zeros. A district's signal names the areas
        that reported on the day, not every area of the district: those are where
        an officer has to look, and a whole district would swallow every other
        alert it touches when alerts merge.
        """
        cfg = self.config_
        adjusted = series / dow[weekday][None, :]
        c2 = temporal.ears(adjusted[:, 9::-1], "C2")[:, -1]  # oldest first, today last
        mu = np.maximum(adjusted[:, 3:10].mean(axis=1) * dow[weekday[0]], longrun)
        today = series[:, 0]
        candidates = np.flatnonzero((today >= cfg.min_cases) & (c2 >= cfg.ears_threshold))
        if not len(candidates):
            return []
        m = len(series) * n_families
        p = np.minimum(1.0, temporal.poisson_tail(today[candidates], mu[candidates]) * m)
        out = []
        for i, pi in zip(candidates, p, strict=True):
            if not pi > 0 or 1.0 / pi < cfg.recurrence_threshold_days:
                continue
            areas = [i] if group is None else np.flatnonzero((group == i) & (area_today > 0))
            out.append(
                self._signal(
                    "ears_c2",
                    category,
                    f,
                    areas,
                    d,
                    d,
                    today[i],
                    mu[i],
                    pi,
                    float(c2[i]),
                    prep,
                    window,
                )
            )
        return out

    def _escalations(self, events: Events, d: int) -> list[Signal]:
        cfg = self.config_
        out = []
        for chain in escalation_chains(
            events, _EPOCH + np.timedelta64(d, "D"), lookback_days=cfg.escalation_lookback_days
        ):
            idx = chain.event_index
            area_ids = tuple(dict.fromkeys(str(a) for a in self.areas_.ids[events.area[idx]]))
            first = int((events.day[idx].min() - _EPOCH).astype(np.int64))
            out.append(
                Signal(
                    signal_date=_date(d),
                    method="escalation",
                    category=chain.category,
                    area_ids=area_ids,
                    start=_date(first),
                    end=_date(d),
                    observed=float(len(idx)),
                    expected=None,
                    p_value=None,
                    recurrence_interval_days=None,
                    evidence_event_ids=tuple(events.ids[idx]),
                    score=float(chain.severity),
                )
            )
        return out

    def hotspots(self, events: Events, day, *, days: int = 365, fdr: float = 0.05) -> list[Hotspot]:
        """Chronic hotspots over the ``days`` up to ``day`` (Getis–Ord Gi*), apart from alerts."""
        if not hasattr(self, "config_"):
            raise ValueError("call fit(areas) before hotspots()")
        prep = self._prepared_events(events)
        d = _day_number(day)
        lo, hi = np.searchsorted(prep.day, [d - days + 1, d + 1])
        keep = prep.counted[lo:hi]
        counts = np.bincount(prep.area[lo:hi][keep], minlength=len(self.areas_))
        return chronic_hotspots(
            self.areas_.ids, counts, self.areas_.population, self.neighbourhoods_, fdr=fdr
        )


def _by_group(daily: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Sum the rows of ``daily`` by ``group`` (a sparse indicator product, not ``np.add.at``)."""
    n_groups = int(group.max()) + 1
    indicator = sp.csr_matrix(
        (np.ones(len(group)), (group, np.arange(len(group)))), shape=(n_groups, len(group))
    )
    return np.asarray(indicator @ daily)
