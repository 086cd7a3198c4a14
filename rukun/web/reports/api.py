"""Report endpoints: submit one or a batch, list with filters, get one."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from rukun.core.taxonomy import CATEGORIES, SOURCES
from rukun.web.accounts.models import ApiToken, Role
from rukun.web.accounts.scoping import can_see_personal_data
from rukun.web.audit.log import record
from rukun.web.reports.intake import Outcome, submit, submit_many
from rukun.web.reports.models import Channel, Report
from rukun.web.reports.validation import MAX_BATCH, MAX_BODY_BYTES

router = Router(tags=["reports"])


class ReportIn(Schema):
    source: str
    text: str
    external_id: str | None = None
    occurred_at: dt.datetime | None = None
    lat: float | None = None
    lon: float | None = None
    krt_code: str | None = None
    reporter_name: str | None = None
    reporter_contact: str | None = None
    anonymous: bool = False
    tags: list[str] = []


class BatchIn(Schema):
    reports: list[ReportIn]


def _report_in_schema() -> dict[str, Any]:
    schema = ReportIn.model_json_schema()
    schema["properties"]["source"]["enum"] = list(SOURCES)
    schema["additionalProperties"] = False
    return schema


def _json_body(request: HttpRequest) -> Any:
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > MAX_BODY_BYTES:
        raise HttpError(413, f"body is {declared} bytes; at most {MAX_BODY_BYTES}")
    try:
        return json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HttpError(400, f"body is not valid JSON: {exc}") from None


def _require(request: HttpRequest, ability: str) -> Any:
    principal = request.auth  # type: ignore[attr-defined]
    if isinstance(principal, ApiToken):
        if not getattr(principal, ability):
            raise HttpError(403, f"this token may not {ability.removeprefix('can_')}")
    elif ability == "can_submit" and principal.role == Role.AUDITOR:
        raise HttpError(403, "auditors have read-only access")
    return principal


def _answer(outcome: Outcome, principal: Any) -> dict[str, Any]:
    """An outcome as JSON; a duplicate's id is given only when the caller may see that report."""
    body = outcome.as_dict()
    hidden = (
        outcome.status == "duplicate"
        and outcome.report is not None
        and not Report.objects.visible_to(principal).filter(pk=outcome.report.pk).exists()
    )
    if hidden:
        body.pop("id", None)
    return body


def _error(status: int, code: str, detail: Any) -> Status[dict[str, Any]]:
    return Status(status, {"error": code, "detail": detail})


@router.post(
    "",
    summary="Submit one report",
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": _report_in_schema()}},
            "required": True,
        }
    },
    response={200: dict, 201: dict, 400: dict, 403: dict, 413: dict, 422: dict},
)
def create_report(request: HttpRequest) -> Status[dict[str, Any]]:
    """Idempotent on (source, external_id): a repeat returns the stored id with status "duplicate"."""
    principal = _require(request, "can_submit")
    payload = _json_body(request)
    outcome = submit(payload, channel=Channel.API, principal=principal)
    if outcome.status == "rejected":
        return _error(422, "invalid", outcome.errors)
    assert outcome.report is not None
    if outcome.status == "accepted":
        record(request, "create", "report", outcome.report.pk, channel="api")
    return Status(201 if outcome.status == "accepted" else 200, _answer(outcome, principal))


@router.post(
    "/batch",
    summary=f"Submit up to {MAX_BATCH} reports",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "reports": {
                                "type": "array",
                                "maxItems": MAX_BATCH,
                                "items": _report_in_schema(),
                            }
                        },
                        "required": ["reports"],
                    }
                }
            },
            "required": True,
        }
    },
    response={200: dict, 400: dict, 403: dict, 413: dict, 422: dict},
)
def create_batch(request: HttpRequest) -> Status[dict[str, Any]]:
    """Per item, not all-or-nothing: every valid report is stored, each invalid one is
    returned with its errors under its index, and a repeat is reported as a duplicate."""
    principal = _require(request, "can_submit")
    body = _json_body(request)
    if not isinstance(body, dict) or not isinstance(body.get("reports"), list):
        return _error(
            422,
            "invalid",
            [
                {
                    "field": "reports",
                    "message": "is required",
                    "allowed": f"a list of 1 to {MAX_BATCH} reports",
                }
            ],
        )
    items = body["reports"]
    if not 1 <= len(items) <= MAX_BATCH:
        return _error(
            413 if items else 422,
            "too_large" if items else "invalid",
            [
                {
                    "field": "reports",
                    "message": f"has {len(items)} items",
                    "allowed": f"1 to {MAX_BATCH}",
                }
            ],
        )
    outcomes = submit_many(items, channel=Channel.API, principal=principal)
    accepted = [o.report.pk for o in outcomes if o.status == "accepted" and o.report]
    if accepted:
        record(request, "create", "report", "batch", channel="api", ids=accepted)
    counts = {
        s: sum(o.status == s for o in outcomes) for s in ("accepted", "duplicate", "rejected")
    }
    results = [{"index": i, **_answer(o, principal)} for i, o in enumerate(outcomes)]
    return Status(200, {**counts, "results": results})


class ReportFilters(Schema):
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    state: int | None = None
    district: str | None = None
    krt: str | None = None
    category: str | None = None
    severity_min: int | None = None
    three_r: bool | None = None
    review: str | None = None
    enrichment: str | None = None
    source: str | None = None
    cursor: str | None = None
    limit: int = 100


def _encode_cursor(report: Report) -> str:
    raw = f"{report.received_at.isoformat()}|{report.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str) -> tuple[dt.datetime, int]:
    try:
        when, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return dt.datetime.fromisoformat(when), int(pk)
    except (ValueError, UnicodeDecodeError):
        raise HttpError(400, "cursor is not one this API returned") from None


def _check_choice(name: str, value: str | None, allowed: tuple[str, ...] | list[str]) -> None:
    if value is not None and value not in allowed:
        raise HttpError(400, f"{name}={value!r} is not allowed; allowed: {', '.join(allowed)}")


def serialise(report: Report, *, personal: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": report.pk,
        "source": report.source,
        "external_id": report.external_id,
        "channel": report.channel,
        "received_at": report.received_at.isoformat(),
        "occurred_at": report.occurred_at.isoformat(),
        "text": report.display_text,
        "location_status": report.location_status,
        "krt": report.krt.code if report.krt_id else None,
        "krt_name": report.krt.name if report.krt_id else None,
        "district": report.district.key if report.district_id else None,
        "district_name": report.district.name if report.district_id else None,
        "state": report.state.code if report.state_id else None,
        "enrichment": report.enrichment,
        "category": report.category or None,
        "three_r": report.three_r,
        "severity": report.severity,
        "language": report.language or None,
        "scores": report.scores,
        "model_version": report.model_version or None,
        "duplicate_of": report.duplicate_of_id,
        "review": report.review,
        "tags": report.tags,
    }
    if personal:
        body["reporter"] = {
            "anonymous": report.anonymous,
            "name": report.reporter_name,
            "contact": report.reporter_contact,
            "text": report.text,
        }
    return body


def _scoped(request: HttpRequest) -> Any:
    return Report.objects.visible_to(request.auth).select_related("krt", "district", "state")  # type: ignore[attr-defined]


@router.get("", summary="List reports, newest first", response={200: dict, 400: dict, 403: dict})
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> dict[str, Any]:
    """Cursor-paginated: pass ``next_cursor`` back as ``cursor`` for the next page."""
    _require(request, "can_read")
    _check_choice("category", filters.category, CATEGORIES)
    _check_choice("source", filters.source, SOURCES)
    _check_choice("review", filters.review, ["new", "reviewed", "actioned", "dismissed"])
    _check_choice("enrichment", filters.enrichment, ["pending", "done", "failed"])
    if not 1 <= filters.limit <= 500:
        raise HttpError(400, f"limit={filters.limit} is not allowed; allowed: 1 to 500")
    if filters.severity_min is not None and filters.severity_min not in (1, 2, 3, 4):
        raise HttpError(400, f"severity_min={filters.severity_min} is not allowed; allowed: 1 to 4")
    qs = _scoped(request)
    conditions = {
        "occurred_at__gte": filters.since,
        "occurred_at__lt": filters.until,
        "state__code": filters.state,
        "district__key": filters.district,
        "krt__code": filters.krt,
        "category": filters.category,
        "severity__gte": filters.severity_min,
        "three_r": filters.three_r,
        "review": filters.review,
        "enrichment": filters.enrichment,
        "source": filters.source,
    }
    qs = qs.filter(**{k: v for k, v in conditions.items() if v is not None})
    if filters.cursor:
        when, pk = _decode_cursor(filters.cursor)
        qs = qs.filter(Q(received_at__lt=when) | Q(received_at=when, id__lt=pk))
    page = list(qs.order_by("-received_at", "-id")[: filters.limit + 1])
    more = len(page) > filters.limit
    page = page[: filters.limit]
    record(
        request,
        "list",
        "report",
        "",
        count=len(page),
        filters={k: str(v) for k, v in filters.dict().items() if v is not None},
    )
    return {
        "items": [serialise(r) for r in page],
        "next_cursor": _encode_cursor(page[-1]) if more else None,
    }


@router.get("/{int:report_id}", summary="One report", response={200: dict, 403: dict, 404: dict})
def get_report(request: HttpRequest, report_id: int) -> dict[str, Any]:
    """Reports outside the caller's area answer 404, as if they did not exist."""
    principal = _require(request, "can_read")
    report = _scoped(request).filter(pk=report_id).first()
    if report is None:
        raise HttpError(404, f"no report {report_id} in your area")
    personal = can_see_personal_data(principal)
    record(request, "view", "report", report.pk, personal=personal)
    return serialise(report, personal=personal)


def _gateway_key(principal: Any) -> str:
    """Namespaces a gateway's message ids by who relays them, so two gateways never collide."""
    return f"token{principal.pk}" if isinstance(principal, ApiToken) else f"user{principal.pk}"


class MessageIn(Schema):
    message_id: str
    sender: str
    text: str
    sent_at: dt.datetime | None = None
    lat: float | None = None
    lon: float | None = None
    krt_code: str | None = None


@router.post(
    "/messages",
    summary="Messaging-gateway webhook (WhatsApp, Telegram, SMS)",
    response={200: dict, 201: dict, 400: dict, 403: dict, 413: dict, 422: dict},
    openapi_extra={
        "requestBody": {
            "content": {"application/json": {"schema": MessageIn.model_json_schema()}},
            "required": True,
        }
    },
)
def receive_message(request: HttpRequest) -> Status[dict[str, Any]]:
    """A resident's message relayed by a gateway: idempotent on the gateway's message id;
    the sender's number is kept as protected contact data, never shown on pages."""
    principal = _require(request, "can_submit")
    body = _json_body(request)
    if not isinstance(body, dict):
        return _error(
            422,
            "invalid",
            [
                {
                    "field": "body",
                    "message": "must be a JSON object",
                    "allowed": "message_id, sender, text, sent_at, lat, lon, krt_code",
                }
            ],
        )
    unknown = sorted(set(body) - set(MessageIn.model_fields))
    if unknown:
        return _error(
            422,
            "invalid",
            [
                {
                    "field": name,
                    "message": "unknown field",
                    "allowed": ", ".join(MessageIn.model_fields),
                }
                for name in unknown
            ],
        )
    if isinstance(body.get("message_id"), str) and len(body["message_id"]) > 100:
        return _error(
            422,
            "invalid",
            [
                {
                    "field": "message_id",
                    "message": f"is {len(body['message_id'])} characters long",
                    "allowed": "at most 100 characters",
                }
            ],
        )
    missing = [
        name
        for name in ("message_id", "sender")
        if not isinstance(body.get(name), str) or not body[name].strip()
    ]
    if missing:
        return _error(
            422,
            "invalid",
            [
                {"field": name, "message": "is required", "allowed": "a non-empty string"}
                for name in missing
            ],
        )
    payload = {
        "source": "resident_message",
        "external_id": f"{_gateway_key(principal)}:{body['message_id']}",
        "text": body.get("text"),
        "occurred_at": body.get("sent_at"),
        "lat": body.get("lat"),
        "lon": body.get("lon"),
        "krt_code": body.get("krt_code"),
        "reporter_contact": body["sender"][:120],
    }
    outcome = submit(
        {k: v for k, v in payload.items() if v is not None},
        channel=Channel.WEBHOOK,
        principal=principal,
    )
    if outcome.status == "rejected":
        return _error(422, "invalid", outcome.errors)
    assert outcome.report is not None
    if outcome.status == "accepted":
        record(request, "create", "report", outcome.report.pk, channel="webhook")
    return Status(201 if outcome.status == "accepted" else 200, _answer(outcome, principal))
