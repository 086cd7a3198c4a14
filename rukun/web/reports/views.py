"""Report pages: the public form, the officer form, the list and one report."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from rukun.core.taxonomy import CATEGORIES, CATEGORY_NAMES_EN, CATEGORY_NAMES_MS
from rukun.web.accounts.models import Role
from rukun.web.accounts.scoping import can_see_personal_data, scope_label
from rukun.web.audit.log import record
from rukun.web.registry.models import Krt
from rukun.web.reports.forms import OfficerReportForm, PublicReportForm, attach_errors
from rukun.web.reports.intake import submit
from rukun.web.reports.models import Channel, Report

PAGE = 50


def _rate_limited(request: HttpRequest) -> bool:
    key = f"public-report:{getattr(request, 'client_ip', None) or 'unknown'}:{timezone.now():%Y%m%d%H}"
    count = cache.get_or_set(key, 0, timeout=3600)
    if count >= settings.PUBLIC_REPORTS_PER_HOUR:
        return True
    cache.incr(key)
    return False


@require_http_methods(["GET", "POST"])
def public_report(request: HttpRequest) -> HttpResponse:
    form = PublicReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _rate_limited(request):
            return render(
                request,
                "reports/form.html",
                {
                    "form": form,
                    "public": True,
                    "heading": _(
                        "Too many reports from this connection; please try again in an hour."
                    ),
                },
                status=429,
            )
        outcome = submit(form.payload(), channel=Channel.FORM)
        if outcome.status == "rejected":
            attach_errors(form, outcome.errors)
        else:
            assert outcome.report is not None
            record(request, "create", "report", outcome.report.pk, channel="form")
            return render(
                request,
                "reports/thanks.html",
                {"reference": f"R{outcome.report.pk:06d}"},
                status=201,
            )
    return render(
        request,
        "reports/form.html",
        {"form": form, "public": True, "heading": _("Report an incident")},
    )


def _krt_options(user) -> list[Krt]:
    """KRTs offered in the officer form; nationwide roles type a code instead."""
    if user.role in (Role.DISTRICT_OFFICER, Role.MEDIATOR):
        qs = Krt.objects.filter(district_id=user.district_id)
    elif user.role == Role.STATE_OFFICER:
        qs = Krt.objects.filter(district__state_id=user.state_id)
    elif user.role == Role.KRT_MEMBER:
        qs = Krt.objects.filter(pk=user.krt_id)
    else:
        return []
    return list(qs.only("code", "name").order_by("name")[:1500])


@login_required
@require_http_methods(["GET", "POST"])
def officer_report(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.AUDITOR:
        raise PermissionDenied("auditors have read-only access")
    form = OfficerReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = submit(form.payload(), channel=Channel.OFFICER_FORM, principal=request.user)
        if outcome.status == "rejected":
            attach_errors(form, outcome.errors)
        else:
            assert outcome.report is not None
            if outcome.status == "accepted":
                record(request, "create", "report", outcome.report.pk, channel="officer_form")
            return redirect("report_detail", outcome.report.pk)
    return render(
        request,
        "reports/form.html",
        {"form": form, "heading": _("New report"), "krt_options": _krt_options(request.user)},
    )


def _visible(request: HttpRequest):
    return Report.objects.visible_to(request.user).select_related("krt", "district", "state")


@login_required
@require_http_methods(["GET"])
def report_list(request: HttpRequest) -> HttpResponse:
    f = {k: request.GET.get(k, "") for k in ("category", "severity_min", "three_r", "since", "krt")}
    qs = _visible(request)
    if f["category"] in CATEGORIES:
        qs = qs.filter(category=f["category"])
    if f["severity_min"] in ("1", "2", "3", "4"):
        qs = qs.filter(severity__gte=int(f["severity_min"]))
    if f["three_r"] == "1":
        qs = qs.filter(three_r=True)
    if f["since"]:
        try:
            qs = qs.filter(occurred_at__date__gte=f["since"])
        except Exception:
            f["since"] = ""
    if f["krt"]:
        qs = qs.filter(krt__code=f["krt"])
    try:
        offset = max(0, int(request.GET.get("offset", "0")))
    except ValueError:
        offset = 0
    page = list(qs.order_by("-occurred_at", "-id")[offset : offset + PAGE + 1])
    names = CATEGORY_NAMES_MS if request.LANGUAGE_CODE == "ms" else CATEGORY_NAMES_EN
    record(
        request,
        "list",
        "report",
        "",
        count=min(len(page), PAGE),
        filters={k: v for k, v in f.items() if v},
    )
    return render(
        request,
        "reports/list.html",
        {
            "page": page[:PAGE],
            "f": f,
            "query": urlencode({k: v for k, v in f.items() if v}),
            "next_offset": offset + PAGE if len(page) > PAGE else None,
            "prev_offset": max(0, offset - PAGE) if offset else None,
            "categories": [(c, names[c]) for c in CATEGORIES],
            "scope": scope_label(request.user),
        },
    )


@login_required
@require_http_methods(["GET"])
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _visible(request).filter(pk=report_id).first()
    if report is None:
        raise Http404("no such report in your area")
    personal = can_see_personal_data(request.user)
    record(request, "view", "report", report.pk, personal=personal)
    return render(request, "reports/detail.html", {"report": report, "personal": personal})
