"""The weekly district brief: the figures shared by its HTML and PDF forms.

The week is the 7 days ending on ``week_end`` (inclusive). Risk and trends are
computed as of that day; alerts and interventions are as they stand now, since
their past states are not kept.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from rukun.web.dashboard import areas, geo
from rukun.web.dashboard.risk import COLOURS, LEVELS, krt_risks, open_alerts
from rukun.web.interventions.models import Intervention
from rukun.web.interventions.models import Status as InterventionStatus
from rukun.web.registry.models import District

#: Interventions due up to this many days after the week are listed as due.
DUE_AHEAD_DAYS = 7


def interventions_due(user, area: areas.Area, week_end: dt.date) -> list[Intervention]:
    alerts = open_alerts(user).filter(area.alert).values("pk")
    items = list(
        Intervention.objects.filter(
            alert__in=alerts,
            status__in=(InterventionStatus.PLANNED, InterventionStatus.IN_PROGRESS),
            due__lte=week_end + dt.timedelta(days=DUE_AHEAD_DAYS),
        )
        .select_related("owner", "alert")
        .defer("alert__history")
        .order_by("due", "id")
    )
    today = timezone.localdate()
    for item in items:
        item.overdue = item.due < today
    return items


def brief_context(request: HttpRequest, district: District, week_end: dt.date) -> dict:
    user = request.user
    lang = request.LANGUAGE_CODE
    area = areas.district_area(district)
    risks = krt_risks(user, area.krt, week_end, area.report)
    trend = areas.trend_context(user, area, week_end, lang)
    clusters = trend["cluster_chart"]["series"]
    week_by_cluster = [{"label": s.label, "colour": s.colour, "n": s.values[-1]} for s in clusters]
    outline = geo.district_outlines([district.pk]).get(district.pk)
    markers = [
        {"lat": r.lat, "lon": r.lon, "level": r.level, "colour": COLOURS[LEVELS[r.level]]}
        for r in sorted(risks, key=lambda r: r.level)
    ]
    alert_shapes = geo.alert_areas(areas.alert_outline_rows(user, area))
    queue = areas.alert_queue(user, area, lang, limit=50)
    stats = areas.report_counts(user, area, None, week_end)
    previous = max(stats["n28"] - stats["n7"], 0) / 3
    counts = [0] * len(LEVELS)
    for r in risks:
        counts[r.level] += 1
    return {
        "district": district,
        "week_start": week_end - dt.timedelta(days=6),
        "week_end": week_end,
        "generated": timezone.localtime(),
        "stats": stats,
        "previous_mean": previous,
        "week_by_cluster": week_by_cluster,
        "static_map": geo.static_map(outline, markers, alert_shapes),
        "alerts": queue,
        "alert_colours": {
            "high": COLOURS["high"],
            "medium": COLOURS["elevated"],
            "low": COLOURS["watch"],
        },
        "interventions": interventions_due(user, area, week_end),
        "krts_at_risk": areas.krts_at_risk(risks, limit=10),
        "level_counts": counts,
        "n_krts": len(risks),
        **trend,
    }
