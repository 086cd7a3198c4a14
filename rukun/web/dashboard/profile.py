"""The KRT profile: who lives there, what has been reported, alerts and interventions."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from rukun.web.accounts.scoping import alert_scope_q, scope_q
from rukun.web.alerts.models import Alert, Hotspot
from rukun.web.dashboard import access, geo, trends
from rukun.web.dashboard.areas import HEAVY_ALERT_FIELDS, category_names
from rukun.web.dashboard.risk import COLOURS, LEVELS, krt_risks
from rukun.web.interventions.models import Intervention
from rukun.web.registry.models import ETHNIC_FIELDS, Krt
from rukun.web.reports.models import Report

ETHNIC_COLOURS = ("#0b5d8a", "#4a90c2", "#b8860b", "#a1262b", "#2f7d32", "#8a94a0")
MONTHS = 12


def ethnic_labels() -> list[str]:
    return [
        _("Bumiputera Malay"),
        _("Other Bumiputera"),
        _("Chinese"),
        _("Indian"),
        _("Other citizens"),
        _("Non-citizens"),
    ]


def ethnic_mix(krt: Krt) -> list[dict]:
    counts = [getattr(krt, f) for f in ETHNIC_FIELDS]
    total = sum(counts) or 1
    return [
        {"label": label, "n": n, "share": 100 * n / total, "colour": colour}
        for label, n, colour in zip(ethnic_labels(), counts, ETHNIC_COLOURS, strict=True)
    ]


def _since(days: int, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))
    return end - dt.timedelta(days=days), end


def rates(request: HttpRequest, krt: Krt, last: dt.date) -> dict:
    """Reports per 1,000 residents over the last 365 days, the KRT's and its district's.

    The district's rate is shown only to users who see the whole district:
    counted through a KRT member's scope it would be the KRT's own count.
    """
    start, end = _since(365, last)
    window = {"occurred_at__gte": start, "occurred_at__lt": end}
    reports = Report.objects.filter(scope_q(request.user), **window).exclude(category="none")
    n_krt = reports.filter(krt=krt).count()
    out = {
        "krt_count": n_krt,
        "krt_rate": 1000 * n_krt / krt.population if krt.population else None,
        "district_rate": None,
    }
    district = krt.district
    if access.sees_district(request.user, district):
        n_district = reports.filter(district=district).count()
        population = district.population or sum(
            Krt.objects.filter(district=district).values_list("population", flat=True)
        )
        out["district_count"] = n_district
        out["district_rate"] = 1000 * n_district / population if population else None
    if out["krt_rate"] is not None and out["district_rate"]:
        out["ratio"] = out["krt_rate"] / out["district_rate"]
    return out


def monthly_chart(request: HttpRequest, krt: Krt, last: dt.date) -> dict:
    months = trends.last_months(last, MONTHS)
    reports = Report.objects.filter(scope_q(request.user), krt=krt)
    counts = trends.daily_counts(reports, months[0], last)
    by_category = trends.monthly(counts, months)
    series = trends.category_series(by_category, category_names(request.LANGUAGE_CODE))
    return trends.stacked_bars(series, [f"{m:%m/%y}" for m in months])


def krt_context(request: HttpRequest, krt: Krt, last: dt.date) -> dict:
    user = request.user
    lang = request.LANGUAGE_CODE
    risk = krt_risks(user, {"pk": krt.pk}, last)[0]
    alerts_qs = Alert.objects.filter(alert_scope_q(user), krts=krt)
    alerts = list(
        alerts_qs.select_related("district")
        .defer(*HEAVY_ALERT_FIELDS)
        .order_by("-opened", "-id")[:50]
    )
    names = category_names(lang)
    for a in alerts:
        a.summary = a.summary_ms if lang == "ms" else a.summary_en
        a.category_name = names.get(a.category, "")
    interventions = list(
        Intervention.objects.filter(alert__in=alerts_qs.values("pk"))
        .select_related("owner")
        .order_by("-due", "-id")[:50]
    )
    hotspot = Hotspot.objects.filter(krt=krt).order_by("-z_score").first()
    latest = list(
        Report.objects.filter(scope_q(user), krt=krt)
        .select_related("krt", "district")
        .order_by("-occurred_at", "-id")[:10]
    )
    outline = geo.district_outlines([krt.district_id]).get(krt.district_id)
    return {
        "krt": krt,
        "risk": risk,
        "risk_colour": COLOURS[LEVELS[risk.level]],
        "ethnic": ethnic_mix(krt),
        "rates": rates(request, krt, last),
        "monthly": monthly_chart(request, krt, last),
        "alerts": alerts,
        "interventions": interventions,
        "hotspot": hotspot,
        "latest": latest,
        "as_of": last,
        "map": {
            "districts": [
                {
                    "key": krt.district.key,
                    "n": krt.district.name,
                    "la": krt.district.lat,
                    "lo": krt.district.lon,
                    "l": 0,
                    "k": [],
                    "u": "",
                    "g": outline,
                }
            ],
            "krts": [
                {
                    "c": krt.code,
                    "n": krt.name,
                    "la": krt.lat,
                    "lo": krt.lon,
                    "l": risk.level,
                    "r": risk.recent,
                }
            ],
            "alerts": [],
            "focus": "krt",
            "krt_url": "",
            "colours": [COLOURS[c] for c in LEVELS],
            "labels": [],
        },
    }
