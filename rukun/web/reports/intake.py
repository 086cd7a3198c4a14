"""Accepting reports: validate, store the raw payload first, then enrich.

A report is committed as it arrived before any processing. Enrichment runs
after the commit; if it fails, the report stays with ``enrichment=failed`` and
``rukun reprocess`` runs it again. Nothing accepted is lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from rukun.web.registry.locate import locator
from rukun.web.registry.models import Krt
from rukun.web.reports.models import Channel, LocationStatus, Report
from rukun.web.reports.validation import (
    FieldError,
    Submission,
    SubmissionInvalid,
    validate_submission,
)

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What happened to one submitted report."""

    status: str  # "accepted", "duplicate" or "rejected"
    report: Report | None = None
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"status": self.status}
        if self.report is not None:
            body["id"] = self.report.pk
        if self.errors:
            body["errors"] = self.errors
        return body


def _existing(submission: Submission) -> Report | None:
    if not submission.external_id:
        return None
    return Report.objects.filter(
        source=submission.source, external_id=submission.external_id
    ).first()


def _location(submission: Submission, principal: Any) -> dict[str, Any]:
    if submission.krt_code:
        krt = Krt.objects.select_related("district").filter(code=submission.krt_code).first()
        if krt is None:
            raise SubmissionInvalid(
                [FieldError("krt_code", f"{submission.krt_code!r} is not a registered KRT")]
            )
        return {
            "krt": krt,
            "district_id": krt.district_id,
            "state_id": krt.district.state_id,
            "location_status": LocationStatus.RESOLVED,
        }
    if submission.lat is not None and submission.lon is not None:
        place = locator().place(submission.lat, submission.lon)
        if place.krt_id:
            status = LocationStatus.RESOLVED
        elif place.district_id:
            status = LocationStatus.DISTRICT_ONLY
        else:
            status = LocationStatus.UNRESOLVED
        return {
            "krt_id": place.krt_id,
            "district_id": place.district_id,
            "state_id": place.state_id,
            "location_status": status,
        }
    # A KRT member's own reports default to their KRT.
    krt_id = getattr(principal, "krt_id", None)
    if krt_id:
        krt = Krt.objects.select_related("district").get(pk=krt_id)
        return {
            "krt": krt,
            "district_id": krt.district_id,
            "state_id": krt.district.state_id,
            "location_status": LocationStatus.RESOLVED,
        }
    return {"location_status": LocationStatus.UNRESOLVED}


def submit(
    payload: Any,
    *,
    channel: str,
    principal: Any = None,
    now: dt.datetime | None = None,
    enrich: bool = True,
) -> Outcome:
    """Validate and store one report; a repeat of (source, external_id) changes nothing."""
    now = now or timezone.now()
    try:
        submission = validate_submission(payload, now)
        existing = _existing(submission)
        if existing is not None:
            return Outcome("duplicate", existing)
        location = _location(submission, principal)
    except SubmissionInvalid as exc:
        return Outcome("rejected", errors=exc.as_list())

    from rukun.web.accounts.models import ApiToken, User

    report = Report(
        source=submission.source,
        external_id=submission.external_id,
        channel=channel,
        received_at=now,
        occurred_at=submission.occurred_at or now,
        text=submission.text,
        raw_payload=payload,
        lat=submission.lat,
        lon=submission.lon,
        reporter_name=submission.reporter_name,
        reporter_contact=submission.reporter_contact,
        anonymous=submission.anonymous,
        tags=submission.tags,
        submitted_by=principal if isinstance(principal, User) else None,
        submitted_token=principal if isinstance(principal, ApiToken) else None,
        **location,
    )
    try:
        with transaction.atomic():
            report.save(force_insert=True)
    except IntegrityError:
        # Two clients raced on the same (source, external_id): the first one won.
        existing = _existing(submission)
        if existing is None:
            raise
        return Outcome("duplicate", existing)
    if enrich:
        enrich_reports([report])
    return Outcome("accepted", report)


def submit_many(
    payloads: list[Any], *, channel: str, principal: Any = None, now: dt.datetime | None = None
) -> list[Outcome]:
    """Per-item intake: each valid report is kept even when others in the batch fail."""
    now = now or timezone.now()
    outcomes = [
        submit(p, channel=channel, principal=principal, now=now, enrich=False) for p in payloads
    ]
    enrich_reports([o.report for o in outcomes if o.status == "accepted" and o.report is not None])
    return outcomes


def enrich_reports(reports: list[Report]) -> None:
    """Label, redact and group stored reports; failures are recorded, never raised."""
    if not reports:
        return
    from rukun.web.reports.enrichment import enrich

    try:
        enrich(reports)
    except Exception as exc:
        log.exception("enrichment failed for %d reports", len(reports))
        Report.objects.filter(pk__in=[r.pk for r in reports]).update(
            enrichment="failed", enrichment_error=f"{type(exc).__name__}: {exc}"[:2000]
        )


__all__ = ["Channel", "Outcome", "enrich_reports", "submit", "submit_many"]
