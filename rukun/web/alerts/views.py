"""Alert pages: the queue, one alert with its evidence, and triage."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rukun.core.taxonomy import CATEGORIES, CATEGORY_NAMES_EN, CATEGORY_NAMES_MS
from rukun.web.accounts.scoping import TRIAGE_ROLES, alert_scope_q, scope_label, scope_q
from rukun.web.alerts import services
from rukun.web.alerts.explain import recurrence_label
from rukun.web.alerts.models import Alert, AlertStatus, DismissReason, Outcome
from rukun.web.alerts.outcome import outcome_figures
from rukun.web.audit.log import record
from rukun.web.interventions.models import Initiative, Kind, eligible_owners
from rukun.web.interventions.models import Status as InterventionStatus


def visible_alerts(user):
    # A district's boundary is kilobytes of GeoJSON; lists never need it.
    return (
        Alert.objects.filter(alert_scope_q(user))
        .select_related("district", "state")
        .defer("district__boundary", "history")
    )


def _names(request: HttpRequest) -> dict[str, str]:
    return CATEGORY_NAMES_MS if request.LANGUAGE_CODE == "ms" else CATEGORY_NAMES_EN


@login_required
@require_http_methods(["GET"])
def alert_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    qs = visible_alerts(request.user)
    if status == "open":
        qs = qs.filter(status__in=(AlertStatus.NEW, AlertStatus.CONFIRMED))
    elif status in AlertStatus.values:
        qs = qs.filter(status=status)
    category = request.GET.get("category", "")
    if category in CATEGORIES:
        qs = qs.filter(category=category)
    alerts = list(qs.prefetch_related("krts")[:200])
    names = _names(request)
    for a in alerts:
        a.category_name = names.get(a.category, _("All categories"))
        a.summary = a.summary_ms if request.LANGUAGE_CODE == "ms" else a.summary_en
    record(request, "list", "alert", "", count=len(alerts), status=status)
    return render(
        request,
        "alerts/list.html",
        {
            "alerts": alerts,
            "status": status,
            "statuses": [("open", _("Open")), *AlertStatus.choices],
            "category": category,
            "categories": [(c, names[c]) for c in CATEGORIES],
            "scope": scope_label(request.user),
        },
    )


def _get(request: HttpRequest, alert_id: int) -> Alert:
    alert = visible_alerts(request.user).filter(pk=alert_id).first()
    if alert is None:
        raise Http404("no such alert in your area")
    return alert


def _timeline(alert: Alert, evidence) -> list[dict]:
    """Reports per day in the alert's KRTs, from a week before its window to its end."""
    first = alert.start - dt.timedelta(days=7)
    counts = Counter(
        timezone.localtime(t).date() for t in evidence.values_list("occurred_at", flat=True)
    )
    days = [(first + dt.timedelta(days=i)) for i in range((alert.end - first).days + 1)]
    top = max([counts.get(d, 0) for d in days] + [1])
    bars = []
    for i, d in enumerate(days):
        height = round(96 * counts.get(d, 0) / top)
        bars.append(
            {
                "day": d,
                "n": counts.get(d, 0),
                "x": 10 * i,
                "y": 100 - height,
                "height": height,
                "in_window": d >= alert.start,
            }
        )
    return bars


@login_required
@require_http_methods(["GET"])
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _get(request, alert_id)
    krts = list(alert.krts.all())
    # An alert is in scope when any of its areas is; its evidence from other areas is not.
    evidence = list(
        alert.evidence.filter(scope_q(request.user)).select_related("krt").order_by("occurred_at")
    )
    hidden_evidence = alert.evidence.count() - len(evidence)
    names = _names(request)
    for r in evidence:
        r.category_name = names.get(r.category, r.category)
    can_triage = request.user.role in TRIAGE_ROLES
    open_alerts = (
        visible_alerts(request.user)
        .filter(status__in=(AlertStatus.NEW, AlertStatus.CONFIRMED))
        .exclude(pk=alert.pk)[:50]
        if can_triage
        else []
    )
    owners = eligible_owners(alert).order_by("role", "username") if can_triage else []
    record(request, "view", "alert", alert.pk)
    return render(
        request,
        "alerts/detail.html",
        {
            "alert": alert,
            "summary": alert.summary_ms if request.LANGUAGE_CODE == "ms" else alert.summary_en,
            "category_name": names.get(alert.category, _("All categories")),
            "recurrence": recurrence_label(alert.recurrence_interval_days, request.LANGUAGE_CODE),
            "krts": krts,
            "map_points": [
                {"code": k.code, "name": k.name, "lat": k.lat, "lon": k.lon} for k in krts
            ],
            "evidence": evidence,
            "hidden_evidence": hidden_evidence,
            "timeline": (
                timeline := _timeline(alert, alert.evidence.filter(scope_q(request.user)))
            ),
            "timeline_width": 10 * len(timeline),
            "interventions": alert.interventions.select_related("owner"),
            "figures": outcome_figures(alert),
            "can_triage": can_triage,
            "open_alerts": open_alerts,
            "owners": owners,
            "reasons": DismissReason.choices,
            "outcomes": Outcome.choices,
            "kinds": Kind.choices,
            "initiatives": Initiative.choices,
            "intervention_statuses": InterventionStatus.choices,
            "today": timezone.localdate(),
        },
    )


def _triage(request: HttpRequest, alert_id: int) -> Alert:
    if request.user.role not in TRIAGE_ROLES:
        raise PermissionDenied("only unity officers triage alerts")
    return _get(request, alert_id)


@login_required
@require_POST
def alert_action(request: HttpRequest, alert_id: int, action: str) -> HttpResponse:
    alert = _triage(request, alert_id)
    note = request.POST.get("note", "").strip()
    try:
        if action == "confirm":
            services.confirm(request, alert, note)
        elif action == "dismiss":
            services.dismiss(request, alert, request.POST.get("reason", ""), note)
        elif action == "merge":
            target = request.POST.get("into", "")
            into = (
                visible_alerts(request.user).filter(pk=int(target)).first()
                if target.isdigit()
                else None
            )
            if into is None:
                raise services.TriageError("choose an open alert in your area to merge into")
            services.merge(request, alert, into)
        elif action == "close":
            services.close(
                request, alert, request.POST.get("outcome", ""), note, outcome_figures(alert)
            )
        else:
            raise Http404(f"unknown action {action}")
    except services.TriageError as exc:
        messages.error(request, str(exc))
        return redirect("alert_detail", alert.pk)
    messages.success(request, _("Alert updated."))
    return redirect("alert_detail", alert.pk)
