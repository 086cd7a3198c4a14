"""Dashboard pages: national → state → district → KRT, and the weekly district brief."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rukun.web.accounts.scoping import NATIONWIDE
from rukun.web.audit.log import record
from rukun.web.dashboard import access, areas, brief, profile
from rukun.web.dashboard.risk import COLOURS, LEVELS, krt_risks, level_counts
from rukun.web.registry.models import District, State


def level_labels() -> list[str]:
    return [_("Calm"), _("Watch"), _("Elevated"), _("High")]


def _yesterday() -> dt.date:
    return timezone.localdate() - dt.timedelta(days=1)


def _legend() -> list[dict]:
    return [
        {"code": code, "label": label, "colour": COLOURS[code]}
        for code, label in zip(LEVELS, level_labels(), strict=True)
    ]


def _render_area(request, area, title, crumbs, districts, risks, children, **extra):
    lang = request.LANGUAGE_CODE
    last = _yesterday()
    min_level = 2 if area.level == "national" else 0
    context = {
        "title": title,
        "crumbs": crumbs,
        "area_level": area.level,
        "legend": _legend(),
        "levels": level_labels(),
        "level_counts": level_counts(risks),
        "stats": areas.report_counts(request.user, area, None, last),
        "queue": areas.alert_queue(request.user, area, lang),
        "map": {
            **areas.map_payload(request.user, area, districts, risks, min_level),
            "colours": [COLOURS[code] for code in LEVELS],
            "labels": level_labels(),
        },
        "children": children,
        "as_of": last,
        "marker_note": min_level,
        **areas.trend_context(request.user, area, last, lang),
        **extra,
    }
    record(request, "view", "dashboard", title, level=area.level)
    return render(request, "dashboard/area.html", context)


def _district_rows(user, area, districts, risks, last):
    rollup = areas.district_rollup(risks)
    counts = areas.report_counts(user, area, "district_id", last)
    alerts = areas.open_alert_counts(user, area, "district")
    return [
        {
            "name": d["name"],
            "url": reverse("dashboard_district", args=[d["key"]]),
            "level": rollup.get(d["pk"], {}).get("level", 0),
            "at_risk": sum(rollup.get(d["pk"], {}).get("counts", [0, 0, 0, 0])[2:]),
            "n7": counts.get(d["pk"], {}).get("n7", 0),
            "n28": counts.get(d["pk"], {}).get("n28", 0),
            "alerts": alerts.get(d["pk"], 0),
        }
        for d in districts
    ]


DISTRICT_FIELDS = ("pk", "key", "name", "lat", "lon", "state_id")


@login_required
@require_http_methods(["GET"])
def national(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role not in NATIONWIDE:
        target = access.home_area(user)
        if target is None:
            raise PermissionDenied("your account has no area; ask an administrator")
        return redirect(*target)
    area = areas.national_area()
    last = _yesterday()
    risks = krt_risks(user, area.krt, report_area=area.report, as_of=last)
    districts = list(District.objects.values(*DISTRICT_FIELDS))
    rollup = areas.district_rollup(risks)
    counts = areas.report_counts(user, area, "state_id", last)
    alerts = areas.open_alert_counts(user, area, "state")
    state_of = {d["pk"]: d["state_id"] for d in districts}
    children = []
    for state in State.objects.all():
        mine = [r for pk, r in rollup.items() if state_of.get(pk) == state.pk]
        children.append(
            {
                "name": state.name,
                "url": reverse("dashboard_state", args=[state.code]),
                "level": max((r["level"] for r in mine), default=0),
                "at_risk": sum(sum(r["counts"][2:]) for r in mine),
                "n7": counts.get(state.pk, {}).get("n7", 0),
                "n28": counts.get(state.pk, {}).get("n28", 0),
                "alerts": alerts.get(state.pk, 0),
            }
        )
    crumbs = [(_("Malaysia"), None)]
    return _render_area(
        request, area, _("Malaysia"), crumbs, districts, risks, children, child_kind=_("State")
    )


@login_required
@require_http_methods(["GET"])
def state(request: HttpRequest, code: int) -> HttpResponse:
    user = request.user
    obj = access.state_or_404(user, code)
    area = areas.state_area(obj)
    last = _yesterday()
    risks = krt_risks(user, area.krt, report_area=area.report, as_of=last)
    districts = list(District.objects.filter(state=obj).values(*DISTRICT_FIELDS))
    children = _district_rows(user, area, districts, risks, last)
    crumbs = [(_("Malaysia"), reverse("dashboard") if user.role in NATIONWIDE else None)]
    crumbs.append((obj.name, None))
    return _render_area(
        request, area, obj.name, crumbs, districts, risks, children, child_kind=_("District")
    )


@login_required
@require_http_methods(["GET"])
def district(request: HttpRequest, key: str) -> HttpResponse:
    user = request.user
    obj = access.district_or_404(user, key)
    area = areas.district_area(obj)
    risks = krt_risks(user, area.krt, report_area=area.report, as_of=_yesterday())
    districts = [{f: getattr(obj, f) for f in DISTRICT_FIELDS}]
    crumbs = [
        (_("Malaysia"), reverse("dashboard") if user.role in NATIONWIDE else None),
        (
            obj.state.name,
            reverse("dashboard_state", args=[obj.state.code])
            if access.sees_state(user, obj.state)
            else None,
        ),
        (obj.name, None),
    ]
    return _render_area(
        request,
        area,
        obj.name,
        crumbs,
        districts,
        risks,
        [],
        district=obj,
        krts_at_risk=areas.krts_at_risk(risks),
    )


@login_required
@require_http_methods(["GET"])
def krt_profile(request: HttpRequest, code: str) -> HttpResponse:
    user = request.user
    krt = access.krt_or_404(user, code)
    context = profile.krt_context(request, krt, _yesterday())
    context["legend"] = _legend()
    context["level_label"] = level_labels()[context["risk"].level]
    context["map"]["labels"] = level_labels()
    district = krt.district
    context["crumbs"] = [
        (_("Malaysia"), reverse("dashboard") if user.role in NATIONWIDE else None),
        (
            district.state.name,
            reverse("dashboard_state", args=[district.state.code])
            if access.sees_state(user, district.state)
            else None,
        ),
        (
            district.name,
            reverse("dashboard_district", args=[district.key])
            if access.sees_district(user, district)
            else None,
        ),
        (krt.name, None),
    ]
    record(request, "view", "krt", krt.code, reports_listed=len(context["latest"]))
    return render(request, "dashboard/krt.html", context)


def _brief_request(request: HttpRequest, key: str):
    district = access.district_or_404(request.user, key)
    raw = request.GET.get("week_end", "")
    if not raw:
        return district, _yesterday(), None
    try:
        week_end = dt.date.fromisoformat(raw)
    except ValueError:
        return district, None, f"week_end must be a date YYYY-MM-DD, got {raw!r}"
    if week_end.year < 2000:
        return district, None, f"week_end {week_end} is before 2000; allowed: 2000-01-01 up to today"
    if week_end > timezone.localdate():
        return district, None, f"week_end {week_end} is in the future; allowed: up to today"
    return district, week_end, None


def _bad_request(message: str) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")


@login_required
@require_http_methods(["GET"])
def district_brief(request: HttpRequest, key: str) -> HttpResponse:
    district, week_end, error = _brief_request(request, key)
    if error:
        return _bad_request(error)
    context = brief.brief_context(request, district, week_end)
    context["legend"] = _legend()
    record(request, "export", "brief", district.key, format="html", week_end=str(week_end))
    return render(request, "dashboard/brief.html", context)


@login_required
@require_http_methods(["GET"])
def district_brief_pdf(request: HttpRequest, key: str) -> HttpResponse:
    from rukun.web.dashboard.pdf import render_brief

    district, week_end, error = _brief_request(request, key)
    if error:
        return _bad_request(error)
    context = brief.brief_context(request, district, week_end)
    context["legend"] = _legend()
    pdf = render_brief(context)
    record(request, "export", "brief", district.key, format="pdf", week_end=str(week_end))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brief-{district.key}-{week_end}.pdf"'
    return response
