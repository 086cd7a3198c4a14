"""Day-by-day prospective surveillance over a date range (what ``rukun detect`` runs)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator

import numpy as np

from rukun.detect.alerts import merge_alerts, open_after
from rukun.detect.engine import SurveillanceEngine
from rukun.detect.types import Alert, Areas, DetectionConfig, Events

EMIT_CHOICES = ("new", "all")


def _as_date(value, name: str) -> dt.date:
    try:
        return np.datetime64(value, "D").astype(dt.date)
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be a date or 'YYYY-MM-DD', got {value!r}") from None


def iter_backtest(
    areas: Areas, events: Events, start, end, config: DetectionConfig | None = None
) -> Iterator[tuple[dt.date, list[Alert]]]:
    """Yield ``(day, alerts touched that day)`` for every day from ``start`` to ``end``.

    Each day's analysis reads only reports up to that day; the alerts are merged
    with the alerts still open from earlier days (:func:`rukun.detect.merge_alerts`).
    """
    first, last = _as_date(start, "start"), _as_date(end, "end")
    if last < first:
        raise ValueError(f"end ({last}) is before start ({first})")
    engine = SurveillanceEngine(config).fit(areas)
    gap = engine.config_.alert_gap_days
    open_alerts: list[Alert] = []
    day = first
    while day <= last:
        touched = merge_alerts(open_alerts, engine.detect(events, day), gap_days=gap)
        by_id = {a.alert_id: a for a in open_alerts}
        by_id.update({a.alert_id: a for a in touched})
        open_alerts = open_after(list(by_id.values()), day, gap_days=gap)
        yield day, [copy.deepcopy(a) for a in touched]
        day += dt.timedelta(days=1)


def backtest(
    areas: Areas,
    events: Events,
    start,
    end,
    config: DetectionConfig | None = None,
    *,
    emit: str = "new",
    progress: Callable[[dt.date], None] | None = None,
) -> list[Alert]:
    """Alerts raised day by day from ``start`` to ``end`` (inclusive).

    Parameters
    ----------
    emit : {"new", "all"}
        ``"new"``: each alert once, on the day it is raised (the ``rukun detect``
        contract). ``"all"``: also every later day on which it grows.
    """
    if emit not in EMIT_CHOICES:
        raise ValueError(f"emit must be one of {EMIT_CHOICES}, got {emit!r}")
    out: list[Alert] = []
    for day, alerts in iter_backtest(areas, events, start, end, config):
        out += [a for a in alerts if emit == "all" or a.status == "new"]
        if progress is not None:
            progress(day)
    return out
