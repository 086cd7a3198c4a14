"""Enrichment of stored reports through ``rukun.nlp``: labels, redaction, place names
and near-duplicate groups (the same incident reported twice counts once
in detection)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from rukun.web.reports.models import Enrichment, Report

#: Reports of one incident arrive within this many days of each other.
DUPLICATE_WINDOW_DAYS = 3.0


def _group(reports: list[Report]) -> dict[int, int]:
    """Map each new report's id to the id of the earlier report it repeats, if any.

    Reports already stored in the same districts around the same days seed the
    grouper, so a report arriving today joins an incident reported yesterday.
    """
    from rukun.nlp.dedupe import IncidentGrouper

    by_district: dict[int | None, list[Report]] = defaultdict(list)
    for report in reports:
        by_district[report.district_id].append(report)
    roots: dict[int, int] = {}
    margin = dt.timedelta(days=DUPLICATE_WINDOW_DAYS)  # older or newer seeds cannot match
    for district_id, batch in by_district.items():
        if district_id is None:
            continue
        lo = min(r.occurred_at for r in batch) - margin
        hi = max(r.occurred_at for r in batch) + margin
        seeds = list(
            Report.objects.filter(
                district_id=district_id, enrichment=Enrichment.DONE, occurred_at__range=(lo, hi)
            )
            .exclude(pk__in=[r.pk for r in batch])
            .only("id", "redacted_text", "krt_id", "occurred_at", "category", "duplicate_of_id")
        )
        stored_root = {s.pk: s.duplicate_of_id or s.pk for s in seeds}
        grouper = IncidentGrouper(window_days=DUPLICATE_WINDOW_DAYS)
        # Group on redacted text: a forwarded copy differs from its original only in
        # the personal details it quotes, and redaction makes those equal.
        items = [
            (s.occurred_at, s.pk, s.redacted_text, s.krt_id, s.category or None) for s in seeds
        ]
        items += [
            (r.occurred_at, r.pk, r.redacted_text, r.krt_id, r.category or None) for r in batch
        ]
        new_ids = {r.pk for r in batch}
        for when, pk, text, krt_id, category in sorted(items):
            if not text.strip():
                continue
            group = int(grouper.add(str(pk), text, krt_id, when, category))
            if pk in new_ids and group != pk:
                roots[pk] = stored_root.get(group, group)
    return {pk: root for pk, root in roots.items() if root != pk}


def enrich(reports: list[Report]) -> None:
    """Label, redact, extract places and group ``reports``; save them as done.

    Explanations are not stored: the report page computes them for the one report shown,
    which costs milliseconds there and would cost most of the enrichment time here.
    """
    from rukun.nlp.classify import classify
    from rukun.nlp.places import extract_places
    from rukun.nlp.redact import redact

    results = classify([r.text for r in reports])
    now = timezone.now()
    for report, result in zip(reports, results, strict=True):
        report.category = result["category"]
        report.three_r = bool(result["three_r"])
        report.severity = int(result["severity"])
        report.language = result["language"]
        report.scores = {k: round(float(v), 4) for k, v in result["scores"].items()}
        report.redacted_text = redact(report.text).text
        report.places = [p.name for p in extract_places(report.text)]
        report.model_version = result["model_version"]
        report.enrichment, report.enrichment_error, report.enriched_at = Enrichment.DONE, "", now
    duplicates = _group(reports)
    fields = (
        "category",
        "three_r",
        "severity",
        "language",
        "scores",
        "redacted_text",
        "places",
        "model_version",
        "enrichment",
        "enrichment_error",
        "enriched_at",
        "duplicate_of_id",
    )
    # One UPDATE per report: bulk_update's CASE expressions cost far more with a dozen fields.
    with transaction.atomic():
        for report in reports:
            report.duplicate_of_id = duplicates.get(report.pk)
            Report.objects.filter(pk=report.pk).update(**{f: getattr(report, f) for f in fields})
