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
from django.db.models import Q
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


class _Lookups:
    """What a batch needs from the database, fetched once: the stored reports its
    (source, external_id) pairs repeat, and the KRTs its codes name."""

    def __init__(self, submissions: list[Submission], principal: Any) -> None:
        ids = {s.external_id for s in submissions if s.external_id}
        self.existing: dict[tuple[str, str], Report] = {}
        if ids:
            for report in Report.objects.filter(external_id__in=ids):
                self.existing[(report.source, report.external_id)] = report
        codes = {s.krt_code for s in submissions if s.krt_code}
        own_krt = getattr(principal, "krt_id", None)
        krts = Krt.objects.select_related("district").filter(Q(code__in=codes) | Q(pk=own_krt or 0))
        self.krts = {k.code: k for k in krts}
        self.own_krt = next((k for k in self.krts.values() if k.pk == own_krt), None)

    def location(self, submission: Submission) -> dict[str, Any]:
        krt = None
        if submission.krt_code:
            krt = self.krts.get(submission.krt_code)
            if krt is None:
                raise SubmissionInvalid(
                    [FieldError("krt_code", f"{submission.krt_code!r} is not a registered KRT")]
                )
        elif submission.lat is not None and submission.lon is not None:
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
        else:
            # A KRT member's own reports default to their KRT.
            krt = self.own_krt
        if krt is None:
            return {"location_status": LocationStatus.UNRESOLVED}
        return {
            "krt": krt,
            "district_id": krt.district_id,
            "state_id": krt.district.state_id,
            "location_status": LocationStatus.RESOLVED,
        }


def _without_contact(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in ("reporter_name", "reporter_contact")}


def _build(
    payload: Any,
    submission: Submission,
    location: dict[str, Any],
    *,
    channel: str,
    principal: Any,
    now: dt.datetime,
) -> Report:
    from rukun.web.accounts.models import ApiToken, User

    return Report(
        source=submission.source,
        external_id=submission.external_id,
        channel=channel,
        received_at=now,
        occurred_at=submission.occurred_at or now,
        text=submission.text,
        # Stored unchanged, except that an anonymous reporter's details are not kept at all.
        raw_payload=_without_contact(payload) if submission.anonymous else payload,
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


def _insert_one(report: Report) -> Outcome:
    try:
        with transaction.atomic():
            report.save(force_insert=True)
    except IntegrityError:
        # Another client stored the same (source, external_id) first.
        existing = Report.objects.filter(
            source=report.source, external_id=report.external_id
        ).first()
        if existing is None:
            raise
        return Outcome("duplicate", existing)
    return Outcome("accepted", report)


def submit_many(
    payloads: list[Any],
    *,
    channel: str,
    principal: Any = None,
    now: dt.datetime | None = None,
    enrich: bool = True,
) -> list[Outcome]:
    """Per-item intake: each valid report is stored even when others in the batch fail;
    a repeat of (source, external_id), stored or earlier in the batch, changes nothing."""
    now = now or timezone.now()
    outcomes: list[Outcome | None] = [None] * len(payloads)
    valid: list[tuple[int, Submission]] = []
    for i, payload in enumerate(payloads):
        try:
            valid.append((i, validate_submission(payload, now)))
        except SubmissionInvalid as exc:
            outcomes[i] = Outcome("rejected", errors=exc.as_list())
    lookups = _Lookups([s for _, s in valid], principal)
    fresh: list[tuple[int, Report]] = []
    first_in_batch: dict[tuple[str, str], int] = {}
    for i, submission in valid:
        key = (submission.source, submission.external_id)
        if submission.external_id and key in lookups.existing:
            outcomes[i] = Outcome("duplicate", lookups.existing[key])
            continue
        if submission.external_id and key in first_in_batch:
            continue  # resolved after the insert, to the report stored for its first copy
        try:
            location = lookups.location(submission)
        except SubmissionInvalid as exc:
            outcomes[i] = Outcome("rejected", errors=exc.as_list())
            continue
        if submission.external_id:
            first_in_batch[key] = i
        fresh.append(
            (
                i,
                _build(
                    payloads[i], submission, location, channel=channel, principal=principal, now=now
                ),
            )
        )
    try:
        with transaction.atomic():
            Report.objects.bulk_create([r for _, r in fresh])
        for i, report in fresh:
            outcomes[i] = Outcome("accepted", report)
    except IntegrityError:
        # A concurrent client stored some of the same reports: fall back to one by one.
        for i, report in fresh:
            report.pk = None
            outcomes[i] = _insert_one(report)
    stored = {
        (o.report.source, o.report.external_id): o.report
        for o in outcomes
        if o is not None and o.report is not None
    }
    for i, submission in valid:
        if outcomes[i] is None:
            outcomes[i] = Outcome("duplicate", stored[(submission.source, submission.external_id)])
    if enrich:
        enrich_reports(
            [
                o.report
                for o in outcomes
                if o is not None and o.status == "accepted" and o.report is not None
            ]
        )
    done = [o for o in outcomes if o is not None]
    if len(done) != len(payloads):
        raise RuntimeError("intake left a submission without an outcome")
    return done


def submit(
    payload: Any,
    *,
    channel: str,
    principal: Any = None,
    now: dt.datetime | None = None,
    enrich: bool = True,
) -> Outcome:
    """Validate and store one report; a repeat of (source, external_id) changes nothing."""
    return submit_many([payload], channel=channel, principal=principal, now=now, enrich=enrich)[0]


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
