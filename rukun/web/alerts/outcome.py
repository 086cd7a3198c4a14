"""Did reports in the alert's areas fall after the intervention?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from rukun.web.alerts.models import Alert
from rukun.web.reports.models import Report

WINDOW_DAYS = 30
#: A change over fewer days after the pivot is mostly noise; it is not shown.
MIN_DAYS_AFTER = 7


@dataclass(frozen=True)
class OutcomeFigures:
    pivot: dt.date
    before: int
    after: int
    days_after: int

    @property
    def rate_before(self) -> float:
        return self.before / WINDOW_DAYS

    @property
    def rate_after(self) -> float | None:
        return self.after / self.days_after if self.days_after else None

    @property
    def change(self) -> float | None:
        """Relative change of the daily rate; None until a week has passed or with no baseline."""
        after = self.rate_after
        if after is None or self.before == 0 or self.days_after < MIN_DAYS_AFTER:
            return None
        return after / self.rate_before - 1.0


def outcome_figures(alert: Alert, today: dt.date | None = None) -> OutcomeFigures:
    """Reports in the alert's KRTs in the 30 days before and after its first intervention
    (or, without one, the alert's last signal), counting near-duplicates once."""
    today = today or timezone.localdate()
    first = (
        alert.interventions.exclude(started_on=None)
        .order_by("started_on")
        .values_list("started_on", flat=True)
        .first()
    )
    pivot = first or alert.last_signal_date
    reports = Report.objects.filter(krt__in=alert.krts.all(), duplicate_of__isnull=True)
    if alert.category:
        reports = reports.filter(category=alert.category)

    def count(start: dt.date, end: dt.date) -> int:
        lo = timezone.make_aware(dt.datetime.combine(start, dt.time()))
        hi = timezone.make_aware(dt.datetime.combine(end, dt.time()))
        return reports.filter(occurred_at__gte=lo, occurred_at__lt=hi).count()

    after_end = min(pivot + dt.timedelta(days=WINDOW_DAYS), today)
    days_after = max(0, (after_end - pivot).days)
    return OutcomeFigures(
        pivot=pivot,
        before=count(pivot - dt.timedelta(days=WINDOW_DAYS), pivot),
        after=count(pivot, after_end) if days_after else 0,
        days_after=days_after,
    )
