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
#: Deeper pages are for exports, not for paging (and SQLite refuses huge offsets).
MAX_OFFSET = 100_000


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
        offset = min(max(0, int(request.GET.get("offset", "0"))), MAX_OFFSET)
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
    from rukun.core.taxonomy import LANGUAGES
    from rukun.web.accounts.scoping import TRIAGE_ROLES

    names = CATEGORY_NAMES_MS if request.LANGUAGE_CODE == "ms" else CATEGORY_NAMES_EN
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "personal": personal,
            "can_correct": request.user.role in TRIAGE_ROLES and report.enrichment == "done",
            "categories": [(c, names[c]) for c in CATEGORIES],
            "languages": LANGUAGES,
            "explanation": _explanation_rows(report),
            "corrections": report.corrections.select_related("by")[:20],
        },
    )


def _explanation_rows(report: Report) -> list[tuple[str, str]]:
    """Per label, the terms of this text that pushed it, as "term (+weight)".

    Computed for the one report shown, by the current model; when that model is not the
    one that labelled the report, the page says so.
    """
    if report.enrichment != "done":
        return []
    from rukun.nlp.classify import classify

    # On the redacted text: the terms shown must not carry names or numbers.
    [result] = classify([report.redacted_text], explain=True)
    rows = []
    for task, terms in (result.get("explanation") or {}).items():
        shown = ", ".join(f"{t} ({w:+.2f})" for t, w in terms[:5] if isinstance(w, (int, float)))
        if shown:
            rows.append((task, shown))
    if result.get("model_version") != report.model_version:
        rows.append(("model", f"{result.get('model_version')} (labels by {report.model_version})"))
    return rows


@login_required
@require_http_methods(["POST"])
def correct_labels(request: HttpRequest, report_id: int) -> HttpResponse:
    """An officer corrects the model's labels; each change is kept as training data."""
    from django.contrib import messages

    from rukun.core.taxonomy import LANGUAGES
    from rukun.web.accounts.scoping import TRIAGE_ROLES
    from rukun.web.reports.models import LabelCorrection

    if request.user.role not in TRIAGE_ROLES:
        raise PermissionDenied("only unity officers correct labels")
    report = _visible(request).filter(pk=report_id).first()
    if report is None:
        raise Http404("no such report in your area")
    if report.enrichment != "done":
        messages.error(request, _("This report has no labels yet."))
        return redirect("report_detail", report.pk)
    wanted = {
        "category": request.POST.get("category", report.category),
        "three_r": request.POST.get("three_r", "1" if report.three_r else "0") == "1",
        "severity": request.POST.get("severity", str(report.severity)),
        "language": request.POST.get("language", report.language),
    }
    if (
        wanted["category"] not in CATEGORIES
        or wanted["language"] not in LANGUAGES
        or wanted["severity"] not in ("1", "2", "3", "4")
    ):
        messages.error(request, _("Choose a category, severity 1–4 and a language from the lists."))
        return redirect("report_detail", report.pk)
    wanted["severity"] = int(wanted["severity"])
    changes = {f: (getattr(report, f), v) for f, v in wanted.items() if getattr(report, f) != v}
    for field, (old, new) in changes.items():
        LabelCorrection.objects.create(
            report=report,
            field=field,
            old_value=old,
            new_value=new,
            model_version=report.model_version,
            by=request.user,
        )
        setattr(report, field, new)
    if changes:
        report.review = "reviewed"
        report.save(update_fields=(*changes, "review"))
        record(
            request,
            "update",
            "report",
            report.pk,
            corrected={f: [o, n] for f, (o, n) in changes.items()},
        )
        messages.success(request, _("Labels corrected; the correction will train the next model."))
    return redirect("report_detail", report.pk)
