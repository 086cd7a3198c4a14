"""Alert endpoints: the scoped queue and one alert with its evidence ids."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.errors import HttpError

from rukun.web.accounts.models import ApiToken
from rukun.web.accounts.scoping import alert_scope_q, scope_q
from rukun.web.alerts.models import Alert, AlertStatus
from rukun.web.audit.log import record

router = Router(tags=["alerts"])


def _scoped(request: HttpRequest):
    principal = request.auth  # type: ignore[attr-defined]
    if isinstance(principal, ApiToken) and not principal.can_read:
        raise HttpError(403, "this token may not read")
    return Alert.objects.filter(alert_scope_q(principal)).select_related("district", "state")


def serialise(alert: Alert, *, evidence_of: Any = None) -> dict[str, Any]:
    """The alert as JSON; with ``evidence_of``, the ids of its evidence that principal may see."""
    body = {
        "id": alert.pk,
        "key": alert.key,
        "status": alert.status,
        "priority": alert.priority,
        "priority_score": alert.priority_score,
        "category": alert.category or None,
        "method": alert.method,
        "methods": alert.methods,
        "opened": alert.opened.isoformat(),
        "last_signal_date": alert.last_signal_date.isoformat(),
        "start": alert.start.isoformat(),
        "end": alert.end.isoformat(),
        "observed": alert.observed,
        "expected": alert.expected,
        "p_value": alert.p_value,
        "recurrence_interval_days": alert.recurrence_interval_days,
        "district": alert.district.key,
        "state": alert.state.code,
        "krts": sorted(k.code for k in alert.krts.all()),
        "severity_mean": alert.severity_mean,
        "three_r_share": alert.three_r_share,
        "summary_ms": alert.summary_ms,
        "summary_en": alert.summary_en,
    }
    if evidence_of is not None:
        visible = alert.evidence.filter(scope_q(evidence_of))
        body["evidence"] = sorted(visible.values_list("id", flat=True))
        body["evidence_outside_your_area"] = alert.evidence.count() - len(body["evidence"])
    return body


@router.get(
    "",
    summary="Alerts in the caller's area, highest priority first",
    response={200: dict, 400: dict, 403: dict},
)
def list_alerts(request: HttpRequest, status: str = "open", limit: int = 100) -> dict[str, Any]:
    if status != "open" and status not in AlertStatus.values:
        raise HttpError(
            400, f"status={status!r} is not allowed; allowed: open, {', '.join(AlertStatus.values)}"
        )
    if not 1 <= limit <= 500:
        raise HttpError(400, f"limit={limit} is not allowed; allowed: 1 to 500")
    qs = _scoped(request)
    qs = (
        qs.filter(status__in=(AlertStatus.NEW, AlertStatus.CONFIRMED))
        if status == "open"
        else qs.filter(status=status)
    )
    alerts = list(qs.prefetch_related("krts")[:limit])
    record(request, "list", "alert", "", count=len(alerts), status=status)
    return {"items": [serialise(a) for a in alerts]}


@router.get(
    "/{int:alert_id}",
    summary="One alert with the ids of its evidence reports",
    response={200: dict, 403: dict, 404: dict},
)
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    alert = _scoped(request).filter(pk=alert_id).first()
    if alert is None:
        raise HttpError(404, f"no alert {alert_id} in your area")
    record(request, "view", "alert", alert.pk)
    return serialise(alert, evidence_of=request.auth)  # type: ignore[attr-defined]
