"""Report counts over time by category and by JPNIN cluster, and their SVG charts.

Counts are aggregated in the database by local day and category (at most a
few thousand rows), then folded into 7-day weeks that end on a chosen day or
into calendar months; charts are drawn on the server as SVG so that they work
offline and print.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from rukun.core.taxonomy import (
    CATEGORIES,
    CLUSTER_NAMES_EN,
    CLUSTER_NAMES_MS,
    CLUSTER_OF_CATEGORY,
    CLUSTERS,
)

CLUSTER_COLOURS: dict[str, str] = {
    "governance_development": "#0b5d8a",
    "security": "#e06c00",
    "religion": "#5a2d88",
    "politics": "#2f7d32",
    "hate_speech": "#a1262b",
    "race": "#b8860b",
}
CATEGORY_COLOURS: dict[str, str] = dict(
    zip(
        CATEGORIES,
        (
            "#0b5d8a", "#4a90c2", "#2f7d32", "#7fb069", "#5a2d88", "#b8860b", "#a1262b",
            "#e06c00", "#5b6776", "#c05299", "#1b9e9e", "#8c564b", "#d4a20b", "#c8ced6",
        ),
        strict=True,
    )
)  # fmt: skip


def _start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def daily_counts(
    reports: QuerySet, first: dt.date, last: dt.date
) -> dict[tuple[dt.date, str], int]:
    """Reports per (local day, category) from ``first`` to ``last`` inclusive; one query."""
    rows = (
        reports.filter(
            occurred_at__gte=_start(first), occurred_at__lt=_start(last + dt.timedelta(1))
        )
        .exclude(category="")
        .annotate(day=TruncDate("occurred_at"))
        .values("day", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["day"], row["category"]): row["n"] for row in rows}


@dataclass
class Series:
    key: str
    label: str
    colour: str
    values: list[int]

    @property
    def total(self) -> int:
        return sum(self.values)


def weekly(
    counts: dict[tuple[dt.date, str], int], last: dt.date, weeks: int
) -> tuple[list[dt.date], dict[str, list[int]]]:
    """Fold day counts into ``weeks`` 7-day weeks ending on ``last``; returns week ends, counts."""
    ends = [last - dt.timedelta(days=7 * i) for i in reversed(range(weeks))]
    first = ends[0] - dt.timedelta(days=6)
    by_category: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    for (day, category), n in counts.items():
        if first <= day <= last:
            by_category[category][(day - first).days // 7] += n
    return ends, dict(by_category)


def monthly(counts: dict[tuple[dt.date, str], int], months: list[dt.date]) -> dict[str, list[int]]:
    """Fold day counts into calendar months (given by their first days)."""
    index = {(m.year, m.month): i for i, m in enumerate(months)}
    by_category: dict[str, list[int]] = defaultdict(lambda: [0] * len(months))
    for (day, category), n in counts.items():
        i = index.get((day.year, day.month))
        if i is not None:
            by_category[category][i] += n
    return dict(by_category)


def last_months(last: dt.date, n: int) -> list[dt.date]:
    """First days of the ``n`` calendar months ending with ``last``'s month."""
    year, month = last.year, last.month
    out = []
    for _ in range(n):
        out.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def category_series(by_category: dict[str, list[int]], names: dict[str, str]) -> list[Series]:
    width = len(next(iter(by_category.values()))) if by_category else 0
    return [
        Series(c, names.get(c, c), CATEGORY_COLOURS[c], by_category.get(c, [0] * width))
        for c in CATEGORIES
        if c in by_category
    ]


def cluster_series(by_category: dict[str, list[int]], lang: str, width: int) -> list[Series]:
    names = CLUSTER_NAMES_MS if lang == "ms" else CLUSTER_NAMES_EN
    totals = {cluster: [0] * width for cluster in CLUSTERS}
    for category, values in by_category.items():
        cluster = CLUSTER_OF_CATEGORY.get(category)
        if cluster:
            totals[cluster] = [a + b for a, b in zip(totals[cluster], values, strict=True)]
    return [Series(c, names[c], CLUSTER_COLOURS[c], v) for c, v in totals.items()]


def stacked_bars(
    series: list[Series], labels: list[str], width: int = 600, height: int = 180
) -> dict:
    """Geometry of a stacked bar chart: bars, y-axis ticks and x labels, in SVG units."""
    n = len(labels)
    pad_left, pad_bottom, pad_top = 34, 22, 6
    plot_h = height - pad_bottom - pad_top
    slot = (width - pad_left) / max(n, 1)
    totals = [sum(s.values[i] for s in series) for i in range(n)]
    top = _nice_max(max(totals, default=0))
    bars = []
    for i in range(n):
        y = pad_top + plot_h
        for s in series:
            v = s.values[i]
            if not v:
                continue
            h = plot_h * v / top
            y -= h
            bars.append(
                {
                    "x": round(pad_left + i * slot + slot * 0.12, 1),
                    "y": round(y, 1),
                    "w": round(slot * 0.76, 1),
                    "h": round(h, 1),
                    "colour": s.colour,
                    "title": f"{labels[i]} · {s.label}: {v}",
                }
            )
    ticks = [
        {"y": round(pad_top + plot_h - plot_h * t / top, 1), "label": t} for t in (0, top // 2, top)
    ]
    xlabels = [
        {"x": round(pad_left + (i + 0.5) * slot, 1), "label": label, "total": totals[i]}
        for i, label in enumerate(labels)
    ]
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "ticks": ticks,
        "xlabels": xlabels,
        "label_y": height - 6,
        "axis_x": pad_left,
        "base_y": pad_top + plot_h,
        "series": [s for s in series if s.total],
    }


def _nice_max(value: int) -> int:
    """The smallest even 'round' number at or above ``value`` (at least 2), for the y axis."""
    for step in (2, 4, 6, 10, 20, 40, 60, 100, 200, 400, 600, 1000, 2000, 4000, 6000, 10000):
        if value <= step:
            return step
    return int(-(-value // 10000) * 10000)


def sparkline(values: list[int], width: int = 120, height: int = 24) -> str:
    """SVG polyline points for a small trend line."""
    top = max(max(values, default=0), 1)
    step = width / max(len(values) - 1, 1)
    return " ".join(
        f"{round(i * step, 1)},{round(height - 2 - (height - 4) * v / top, 1)}"
        for i, v in enumerate(values)
    )
