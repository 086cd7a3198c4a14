"""Assigning interventions to an alert and following them up."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rukun.web.accounts.scoping import TRIAGE_ROLES
from rukun.web.alerts.views import visible_alerts
from rukun.web.audit.log import record
from rukun.web.interventions.models import Initiative, Intervention, Kind, Status, eligible_owners


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("%(name)s must be a date YYYY-MM-DD") % {"name": name}) from None


@login_required
@require_POST
def create(request: HttpRequest, alert_id: int) -> HttpResponse:
    if request.user.role not in TRIAGE_ROLES:
        raise PermissionDenied("only unity officers assign interventions")
    alert = visible_alerts(request.user).filter(pk=alert_id).first()
    if alert is None:
        raise Http404("no such alert in your area")
    data = request.POST
    try:
        kind = data.get("kind", "")
        if kind not in Kind.values:
            raise ValueError(_("choose a kind of intervention"))
        initiative = data.get("initiative", "")
        if kind == Kind.PROGRAMME and initiative not in Initiative.values:
            raise ValueError(_("a community programme needs one of the eight KRT initiatives"))
        owner_id = data.get("owner", "")
        owner = (
            eligible_owners(alert).filter(pk=int(owner_id)).first() if owner_id.isdigit() else None
        )
        if owner is None:
            raise ValueError(_("choose an owner who works in the alert's area"))
        due = _date(data.get("due", ""), "due")
        started = _date(data["started_on"], "started_on") if data.get("started_on") else None
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("alert_detail", alert.pk)
    if not alert.is_open:
        messages.error(request, _("Interventions are assigned to open alerts only."))
        return redirect("alert_detail", alert.pk)
    item = Intervention.objects.create(
        alert=alert,
        kind=kind,
        initiative=initiative if kind == Kind.PROGRAMME else "",
        owner=owner,
        due=due,
        started_on=started,
        notes=data.get("notes", "").strip(),
        created_by=request.user,
    )
    record(
        request, "create", "intervention", item.pk, alert=alert.pk, kind=kind, owner=owner.username
    )
    messages.success(request, _("Intervention assigned."))
    return redirect("alert_detail", alert.pk)


@login_required
@require_POST
def update(request: HttpRequest, intervention_id: int) -> HttpResponse:
    item = (
        Intervention.objects.filter(pk=intervention_id, alert__in=visible_alerts(request.user))
        .select_related("alert")
        .first()
    )
    if item is None:
        raise Http404("no such intervention in your area")
    if request.user.role not in TRIAGE_ROLES and request.user.pk != item.owner_id:
        raise PermissionDenied("only officers and the owner update an intervention")
    status = request.POST.get("status", item.status)
    if status not in Status.values:
        messages.error(request, _("Unknown status."))
        return redirect("alert_detail", item.alert_id)
    item.status = status
    if status == Status.IN_PROGRESS and item.started_on is None:
        item.started_on = dt.date.today()
    note = request.POST.get("note", "").strip()
    if note:
        item.notes = (
            f"{item.notes}\n{dt.date.today():%Y-%m-%d} {request.user.username}: {note}".strip()
        )
    item.save(update_fields=("status", "started_on", "notes", "updated"))
    record(request, "update", "intervention", item.pk, status=status)
    return redirect("alert_detail", item.alert_id)
