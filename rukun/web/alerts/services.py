"""Triage of alerts: confirm, dismiss with a reason, merge, close with an outcome.

Each action checks the alert's state, writes the alert and an audit row together.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from rukun.web.alerts.models import Alert, AlertStatus, DismissReason, Outcome
from rukun.web.audit.log import record


class TriageError(ValueError):
    """An action that the alert's current state does not allow."""


def _require_open(alert: Alert) -> None:
    if not alert.is_open:
        raise TriageError(
            f"alert {alert.pk} is {alert.status}; only new or confirmed alerts can change"
        )


@transaction.atomic
def confirm(request: HttpRequest, alert: Alert, note: str = "") -> None:
    if alert.status != AlertStatus.NEW:
        raise TriageError(f"alert {alert.pk} is {alert.status}; only a new alert can be confirmed")
    alert.status, alert.triage_note = AlertStatus.CONFIRMED, note
    alert.triaged_by, alert.triaged_at = request.user, timezone.now()
    alert.save(update_fields=("status", "triage_note", "triaged_by", "triaged_at", "updated"))
    record(request, "update", "alert", alert.pk, status="confirmed")


@transaction.atomic
def dismiss(request: HttpRequest, alert: Alert, reason: str, note: str = "") -> None:
    _require_open(alert)
    if reason not in DismissReason.values:
        raise TriageError(
            f"reason {reason!r} is not allowed; allowed: {', '.join(DismissReason.values)}"
        )
    if reason == DismissReason.OTHER and not note.strip():
        raise TriageError("a dismissal for another reason needs a note")
    alert.status, alert.dismiss_reason, alert.triage_note = AlertStatus.DISMISSED, reason, note
    alert.triaged_by, alert.triaged_at = request.user, timezone.now()
    alert.save(
        update_fields=(
            "status",
            "dismiss_reason",
            "triage_note",
            "triaged_by",
            "triaged_at",
            "updated",
        )
    )
    record(request, "update", "alert", alert.pk, status="dismissed", reason=reason)


@transaction.atomic
def merge(request: HttpRequest, alert: Alert, into: Alert) -> None:
    """Fold ``alert`` into ``into``: its areas and evidence join the other alert."""
    _require_open(alert)
    if into.pk == alert.pk or not into.is_open:
        raise TriageError("merge into another open alert")
    into.krts.add(*alert.krts.all())
    into.districts.add(*alert.districts.all())
    into.evidence.add(*alert.evidence.all())
    into.start, into.end = min(into.start, alert.start), max(into.end, alert.end)
    into.save(update_fields=("start", "end", "updated"))
    alert.status, alert.merged_into = AlertStatus.MERGED, into
    alert.triaged_by, alert.triaged_at = request.user, timezone.now()
    alert.save(update_fields=("status", "merged_into", "triaged_by", "triaged_at", "updated"))
    record(request, "update", "alert", alert.pk, status="merged", into=into.pk)


@transaction.atomic
def close(
    request: HttpRequest, alert: Alert, outcome: str, note: str = "", figures: Any = None
) -> None:
    if alert.status != AlertStatus.CONFIRMED:
        raise TriageError(
            f"alert {alert.pk} is {alert.status}; confirm it before closing it with an outcome"
        )
    if outcome not in Outcome.values:
        raise TriageError(
            f"outcome {outcome!r} is not allowed; allowed: {', '.join(Outcome.values)}"
        )
    alert.status, alert.outcome, alert.outcome_note = AlertStatus.CLOSED, outcome, note
    alert.closed_at = timezone.now()
    alert.save(update_fields=("status", "outcome", "outcome_note", "closed_at", "updated"))
    detail = {"status": "closed", "outcome": outcome}
    if figures is not None:
        detail.update(before=figures.before, after=figures.after, days_after=figures.days_after)
    record(request, "update", "alert", alert.pk, **detail)
