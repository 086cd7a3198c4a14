"""The figures behind the national, state and district pages.

Each function reads through the scoping helpers (``scope_q`` for reports,
``alert_scope_q`` for alerts) and aggregates in the database, so that a page
costs the same handful of queries whether it covers one district or Malaysia.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from rukun.core.taxonomy import CATEGORY_NAMES_EN, CATEGORY_NAMES_MS
from rukun.web.accounts.scoping import scope_q
from rukun.web.alerts.models import Alert
from rukun.web.dashboard import geo, trends
from rukun.web.dashboard.risk import LEVELS, KrtRisk, open_alerts
from rukun.web.reports.models import Report

TREND_WEEKS = 12
#: Large JSON columns that lists of alerts never show; a district's boundary alone is ~10 KB.
HEAVY_ALERT_FIELDS = ("history", "district__boundary")
QUEUE_LENGTH = 20


@dataclass
class Area:
    """One page's area: how to filter KRTs, reports and alerts to it."""

    level: str  # "national", "state" or "district"
    krt: dict[str, Any]
    report: dict[str, Any]
    alert: Q


def national_area() -> Area:
    return Area("national", {}, {}, Q())


def state_area(state) -> Area:
    return Area(
        "state", {"district__state_id": state.pk}, {"state_id": state.pk}, Q(state_id=state.pk)
    )


def district_area(district) -> Area:
    through = Alert.districts.through.objects.filter(district_id=district.pk)
    return Area(
        "district",
        {"district_id": district.pk},
        {"district_id": district.pk},
        Q(pk__in=through.values("alert_id")),
    )


def category_names(lang: str) -> dict[str, str]:
    return CATEGORY_NAMES_MS if lang == "ms" else CATEGORY_NAMES_EN


def area_reports(user: Any, area: Area):
    return Report.objects.filter(scope_q(user), **area.report)


def alert_queue(user: Any, area: Area, lang: str, limit: int = QUEUE_LENGTH) -> list[Alert]:
    names = category_names(lang)
    alerts = list(
        open_alerts(user)
        .filter(area.alert)
        .select_related("district")
        .defer(*HEAVY_ALERT_FIELDS)
        .order_by("-priority_score", "-last_signal_date", "-id")[:limit]
    )
    for a in alerts:
        a.summary = a.summary_ms if lang == "ms" else a.summary_en
        a.category_name = names.get(a.category, "")
    return alerts


def alert_outline_rows(user: Any, area: Area) -> list[tuple[int, str, float, float]]:
    """(alert id, priority, lat, lon) of every KRT of the area's open alerts."""
    alerts = open_alerts(user).filter(area.alert).values("pk")
    return list(
        Alert.krts.through.objects.filter(alert__in=alerts).values_list(
            "alert_id", "alert__priority", "krt__lat", "krt__lon"
        )
    )


def trend_context(user: Any, area: Area, last: dt.date, lang: str) -> dict:
    """Weekly counts by JPNIN cluster (chart) and by category (table with sparklines)."""
    first = last - dt.timedelta(days=7 * TREND_WEEKS - 1)
    counts = trends.daily_counts(area_reports(user, area), first, last)
    ends, by_category = trends.weekly(counts, last, TREND_WEEKS)
    labels = [f"{(e - dt.timedelta(days=6)):%d/%m}" for e in ends]
    clusters = trends.cluster_series(by_category, lang, TREND_WEEKS)
    names = category_names(lang)
    rows = []
    for s in trends.category_series(by_category, names):
        prior = s.values[-5:-1]
        mean = sum(prior) / 4
        rows.append(
            {
                "series": s,
                "last": s.values[-1],
                "mean": mean,
                "change": None if mean == 0 else (s.values[-1] - mean) / mean,
                "spark": trends.sparkline(s.values),
            }
        )
    rows.sort(key=lambda r: -r["series"].total)
    return {
        "cluster_chart": trends.stacked_bars(clusters, labels),
        "category_rows": rows,
        "trend_first": ends[0] - dt.timedelta(days=6),
        "trend_last": last,
    }


def report_counts(user: Any, area: Area, group: str | None, last: dt.date) -> dict:
    """Reports in the last 7 and 28 days, overall or grouped by ``group`` (a field name)."""
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))
    week, month = end - dt.timedelta(days=7), end - dt.timedelta(days=28)
    qs = area_reports(user, area).filter(occurred_at__gte=month, occurred_at__lt=end)
    figures = {
        "n7": Count("id", filter=Q(occurred_at__gte=week)),
        "n28": Count("id"),
        "severe28": Count("id", filter=Q(severity__gte=3)),
        "three_r28": Count("id", filter=Q(three_r=True)),
    }
    if group is None:
        return qs.aggregate(**figures)
    return {row[group]: row for row in qs.values(group).annotate(**figures).order_by()}


def open_alert_counts(user: Any, area: Area, group: str) -> dict[int, int]:
    """Open alerts per state (``state``) or per district (``district``) touched."""
    scoped = open_alerts(user).filter(area.alert)
    if group == "state":
        rows = scoped.values("state_id").annotate(n=Count("id")).order_by()
        return {r["state_id"]: r["n"] for r in rows}
    rows = (
        Alert.districts.through.objects.filter(alert__in=scoped.values("pk"))
        .values("district_id")
        .annotate(n=Count("alert_id"))
        .order_by()
    )
    return {r["district_id"]: r["n"] for r in rows}


def marker(risk: KrtRisk) -> dict:
    return {
        "c": risk.code,
        "n": risk.name,
        "la": round(risk.lat, 5),
        "lo": round(risk.lon, 5),
        "l": risk.level,
        "r": risk.recent,
    }


def district_rollup(risks: list[KrtRisk]) -> dict[int, dict]:
    """Per district: the worst KRT level and the number of KRTs at each level."""
    out: dict[int, dict] = {}
    for r in risks:
        d = out.setdefault(r.district_id, {"level": 0, "counts": [0] * len(LEVELS)})
        d["level"] = max(d["level"], r.level)
        d["counts"][r.level] += 1
    return out


def map_payload(
    user: Any,
    area: Area,
    districts: list[dict],
    risks: list[KrtRisk],
    min_marker_level: int = 0,
) -> dict:
    """The JSON that ``dashboard.js`` draws: districts, KRT markers and alert areas."""
    rollup = district_rollup(risks)
    outlines = geo.district_outlines([d["pk"] for d in districts], area.level)
    shapes = []
    for d in districts:
        roll = rollup.get(d["pk"], {"level": 0, "counts": [0] * len(LEVELS)})
        shapes.append(
            {
                "key": d["key"],
                "n": d["name"],
                "la": d["lat"],
                "lo": d["lon"],
                "l": roll["level"],
                "k": roll["counts"],
                "u": reverse("dashboard_district", args=[d["key"]]),
                "g": outlines.get(d["pk"]),
            }
        )
    alerts = geo.alert_areas(alert_outline_rows(user, area))
    for a in alerts:
        a["u"] = reverse("alert_detail", args=[a["id"]])
    return {
        "districts": shapes,
        "krts": [marker(r) for r in risks if r.level >= min_marker_level],
        "alerts": alerts,
        "focus": area.level,
        "krt_url": reverse("krt_profile", args=["CODE"]),
    }


def krts_at_risk(risks: list[KrtRisk], limit: int = 30) -> list[KrtRisk]:
    ranked = sorted(risks, key=lambda r: (-r.level, -r.recent / r.expected, r.code))
    return [r for r in ranked if r.level > 0][:limit]
