"""Enrichment of stored reports through ``rukun.nlp`` (wired once the library lands)."""

from __future__ import annotations

from rukun.web.reports.models import Report


def enrich(reports: list[Report]) -> None:
    raise NotImplementedError("rukun.nlp is not wired yet")
