"""Builders of stored records that several test modules need."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rukun.web.reports.models import Report


def labelled_report(krt: Any, when: dt.datetime, **fields: Any) -> Report:
    """An unsaved report in ``krt`` at ``when``, already enriched (labels set)."""
    values: dict[str, Any] = {
        "source": "krt_report",
        "channel": "api",
        "received_at": when,
        "occurred_at": when,
        "text": "x",
        "raw_payload": {},
        "krt": krt,
        "district": krt.district,
        "state": krt.district.state,
        "location_status": "resolved",
        "enrichment": "done",
        **fields,
    }
    return Report(**values)
