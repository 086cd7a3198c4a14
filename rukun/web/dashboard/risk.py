"""Current risk of each KRT, as the dashboard colours it.

A KRT's level is the highest that any of these pieces of evidence gives it:

============  =========================================================================
level         when
============  =========================================================================
``high``      an open alert (new or confirmed) of high priority has evidence (reports)
              in the KRT
``elevated``  an open medium-priority alert has evidence in it, or a strong surge: at
              least 5 reports in the last 28 days with a Poisson tail p < 0.001
              against the KRT's own baseline, or a chronic hotspot that is also surging
``watch``     an open low-priority alert has evidence in it, or the KRT lies inside an
              open alert's area without evidence of its own, or a surge: at least 3
              reports in the last 28 days with p < 0.01 against its baseline, or a
              chronic hotspot (Getis-Ord Gi* in the latest surveillance run)
``calm``      none of these
============  =========================================================================

A scan's window can span a whole district (600 KRTs in the demo data) while
its reports come from a few dozen; only those are coloured by the alert's
priority, the rest of the area is outlined on the map. A chronic hotspot alone
is only ``watch``: it is a known, long-standing pattern over a year (in the
demo data more than half of the KRTs with reports), and colouring all of them as
urgent would hide what is new.

The baseline is the KRT's own report rate over the 336 days before the last 28
(reports of category ``none`` and near-duplicates of another report are not
counted), scaled to 28 days and floored at 0.25 so that a KRT with an empty
history still needs several reports to surge.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from scipy.stats import poisson

from rukun.web.accounts.scoping import alert_scope_q, scope_q
from rukun.web.alerts.models import Alert, AlertStatus, Hotspot
from rukun.web.reports.models import Report

LEVELS: tuple[str, ...] = ("calm", "watch", "elevated", "high")
COLOURS: dict[str, str] = {
    "calm": "#2f7d32",
    "watch": "#d4a20b",
    "elevated": "#e06c00",
    "high": "#a1262b",
}
PRIORITY_LEVEL: dict[str, int] = {"high": 3, "medium": 2, "low": 1}
OPEN_STATUSES = (AlertStatus.NEW, AlertStatus.CONFIRMED)

RECENT_DAYS = 28
BASELINE_DAYS = 336
MIN_EXPECTED = 0.25
SURGE = (3, 0.01)
STRONG_SURGE = (5, 0.001)


def surge_p_value(observed: int, expected: float) -> float:
    """P(X >= observed) for X ~ Poisson(expected): how surprising the recent count is."""
    if observed <= 0:
        return 1.0
    return float(poisson.sf(observed - 1, max(expected, MIN_EXPECTED)))


def risk_level(
    alert_priority: str | None,
    hotspot: bool,
    observed: int,
    expected: float,
    in_alert_area: bool = False,
) -> tuple[int, list[str]]:
    """Return the level index into ``LEVELS`` and the reasons that set it.

    ``alert_priority`` is the highest priority of the open alerts whose evidence
    lies in the KRT; ``in_alert_area`` whether an open alert's area covers the
    KRT without evidence in it. Reasons are codes: ``alert_high``,
    ``alert_medium``, ``alert_low``, ``alert_area``, ``hotspot``,
    ``strong_surge``, ``surge``.
    """
    level, reasons = 0, []
    if alert_priority in PRIORITY_LEVEL:
        level = PRIORITY_LEVEL[alert_priority]
        reasons.append(f"alert_{alert_priority}")
    elif in_alert_area:
        level = 1
        reasons.append("alert_area")
    # Too few reports to surge whatever the baseline: skip the tail probability,
    # which is the costly part for thousands of quiet KRTs.
    p = surge_p_value(observed, expected) if observed >= SURGE[0] else 1.0
    surging = observed >= SURGE[0] and p < SURGE[1]
    if hotspot:
        level = max(level, 2 if surging else 1)
        reasons.append("hotspot")
    if observed >= STRONG_SURGE[0] and p < STRONG_SURGE[1]:
        level = max(level, 2)
        reasons.append("strong_surge")
    elif surging:
        level = max(level, 1)
        reasons.append("surge")
    return level, reasons


@dataclass
class KrtRisk:
    id: int
    code: str
    name: str
    lat: float
    lon: float
    population: int
    district_id: int
    level: int = 0
    reasons: list[str] = field(default_factory=list)
    recent: int = 0
    expected: float = 0.0
    alerts: int = 0

    @property
    def level_name(self) -> str:
        return LEVELS[self.level]


def _day_start(day: dt.date) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def open_alerts(user: Any):
    """Open alerts visible to ``user``: the one place the dashboard reads alerts from."""
    return Alert.objects.filter(alert_scope_q(user), status__in=OPEN_STATUSES)


def krt_risks(
    user: Any, area: dict[str, Any], as_of: dt.date, report_area: dict[str, Any] | None = None
) -> list[KrtRisk]:
    """Risk of every KRT matched by ``area`` as of the end of ``as_of``.

    ``area`` holds lookups on ``Krt`` (``{}``, ``{"district__state_id": 10}``,
    ``{"district_id": 5}``, ``{"pk": 7}``). Five queries whatever the number of
    KRTs: the KRTs, report counts grouped by KRT, the evidence of open alerts,
    the open alerts covering them, and hotspots. ``report_area`` is the same area as lookups on ``Report``
    (``{"district_id": 5}``), which lets the database use the report's own
    indexes instead of joining KRTs.
    """
    from rukun.web.registry.models import Krt

    krts = {
        row[0]: KrtRisk(*row)
        for row in Krt.objects.filter(**area).values_list(
            "id", "code", "name", "lat", "lon", "population", "district_id"
        )
    }
    if not krts:
        return []
    through_krt = {f"krt__{k}": v for k, v in area.items()}
    end = _day_start(as_of + dt.timedelta(days=1))
    recent_from = end - dt.timedelta(days=RECENT_DAYS)
    counts = (
        Report.objects.filter(
            scope_q(user), **(through_krt if report_area is None else report_area)
        )
        .filter(
            occurred_at__gte=recent_from - dt.timedelta(days=BASELINE_DAYS), occurred_at__lt=end
        )
        .exclude(category="none")
        .filter(duplicate_of__isnull=True, krt__isnull=False)
        .values("krt_id")
        .annotate(
            recent=Count("id", filter=Q(occurred_at__gte=recent_from)),
            base=Count("id", filter=Q(occurred_at__lt=recent_from)),
        )
    )
    scale = RECENT_DAYS / BASELINE_DAYS
    for row in counts:
        risk = krts.get(row["krt_id"])
        if risk is not None:
            risk.recent, risk.expected = row["recent"], row["base"] * scale
    # An alert's level goes to the KRTs that hold its evidence; the rest of its
    # area (a scan window can span a whole district) is only to be watched.
    open_pks = open_alerts(user).values("pk")
    evidence = set(
        Alert.evidence.through.objects.filter(
            scope_q(user, "report__"),
            alert__in=open_pks,
            **{f"report__{k}": v for k, v in through_krt.items()},
        ).values_list("alert_id", "report__krt_id")
    )
    priorities: dict[int, str] = {}
    in_area: set[int] = set()
    covering = Alert.krts.through.objects.filter(alert__in=open_pks, **through_krt).values_list(
        "krt_id", "alert_id", "alert__priority"
    )
    for krt_id, alert_id, prio in covering:
        if krt_id not in krts:
            continue
        krts[krt_id].alerts += 1
        if (alert_id, krt_id) not in evidence:
            in_area.add(krt_id)
        elif PRIORITY_LEVEL.get(prio, 0) > PRIORITY_LEVEL.get(priorities.get(krt_id, ""), 0):
            priorities[krt_id] = prio
    hot = set(Hotspot.objects.filter(**through_krt).values_list("krt_id", flat=True))
    for risk in krts.values():
        risk.expected = max(risk.expected, MIN_EXPECTED)
        risk.level, risk.reasons = risk_level(
            priorities.get(risk.id),
            risk.id in hot,
            risk.recent,
            risk.expected,
            in_alert_area=risk.id in in_area,
        )
    return list(krts.values())


def level_counts(risks: list[KrtRisk]) -> list[int]:
    counts = [0] * len(LEVELS)
    for r in risks:
        counts[r.level] += 1
    return counts
