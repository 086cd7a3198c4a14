"""Pattern detection: space-time scans, temporal detectors, escalation chains, hotspots.

The public API for the service layer (plain arrays in, plain values out; no Django):

Inputs
    :class:`Areas` ``.from_arrays(ids, lat, lon, population, district=None)``
    :class:`Events` ``.from_arrays(areas, ids, day, area, category=None, severity=None,
    duplicate_group=None, place=None)`` — ``day`` as ``datetime64[D]``/``date``/ISO
    strings, ``area`` as area ids or indices; reports of one near-duplicate group
    count once in the count-based methods.
    :class:`DetectionConfig` — thresholds (``recurrence_threshold_days``, default
    365), ``max_radius_km``, ``max_population_share``, ``max_window_days``,
    ``n_replications``, ``random_state``, categories and methods.

Daily analysis
    ``engine = SurveillanceEngine(config).fit(areas)`` once per state, then
    ``engine.detect(events, day) -> list[Signal]`` (all methods, overall and per
    category, only reports up to ``day``) and
    ``engine.hotspots(events, day, days=365) -> list[Hotspot]`` (chronic, apart
    from alerts). :func:`detect_day` does both steps in one call.

Alerts
    ``merge_alerts(open_alerts, signals, gap_days=2) -> list[Alert]``: the
    alerts touched today (``status`` "new" or "updated", stable ``alert_id``);
    ``open_after(alerts, day)`` keeps those that may still grow.

Backtest
    ``backtest(areas, events, start, end, config, emit="new") -> list[Alert]``,
    the loop behind ``rukun detect``; ``Alert.to_record()`` is its JSON line.

Lower-level statistics: :func:`space_time_permutation_scan`,
:func:`expectation_based_poisson_scan`, :func:`build_neighbourhoods`,
:func:`ears`, :func:`poisson_cusum`, :func:`getis_ord_gi_star`,
:func:`escalation_chains`. See ``docs/detection.md`` for the methods and figures.
"""

from __future__ import annotations

from rukun.detect.alerts import merge_alerts, open_after
from rukun.detect.backtest import backtest, iter_backtest
from rukun.detect.baselines import history_baseline, poisson_trend_baseline
from rukun.detect.engine import SurveillanceEngine
from rukun.detect.escalation import Escalation, escalation_chains
from rukun.detect.geometry import Neighbourhoods, build_neighbourhoods
from rukun.detect.hotspots import GiStar, Hotspot, chronic_hotspots, getis_ord_gi_star
from rukun.detect.scan import (
    ScanCluster,
    ScanResult,
    expectation_based_poisson_scan,
    space_time_permutation_scan,
)
from rukun.detect.temporal import ears, poisson_cusum, poisson_tail
from rukun.detect.types import Alert, Areas, DetectionConfig, Events, Signal


def detect_day(
    areas: Areas, events: Events, day, config: DetectionConfig | None = None
) -> list[Signal]:
    """One day's signals over all methods (fits a :class:`SurveillanceEngine` each call;
    keep an engine when analysing many days)."""
    return SurveillanceEngine(config).fit(areas).detect(events, day)


__all__ = [
    "Alert",
    "Areas",
    "DetectionConfig",
    "Escalation",
    "Events",
    "GiStar",
    "Hotspot",
    "Neighbourhoods",
    "ScanCluster",
    "ScanResult",
    "Signal",
    "SurveillanceEngine",
    "backtest",
    "build_neighbourhoods",
    "chronic_hotspots",
    "detect_day",
    "ears",
    "escalation_chains",
    "expectation_based_poisson_scan",
    "getis_ord_gi_star",
    "history_baseline",
    "iter_backtest",
    "merge_alerts",
    "open_after",
    "poisson_cusum",
    "poisson_tail",
    "poisson_trend_baseline",
    "space_time_permutation_scan",
]
