"""CSV and GeoJSON exports of alerts and (redacted) reports; every export is audited."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_http_methods

from rukun.web.alerts.views import visible_alerts
from rukun.web.audit.log import record
from rukun.web.reports.models import Report

ALERT_COLUMNS = (
    "id",
    "status",
    "priority",
    "category",
    "method",
    "start",
    "end",
    "observed",
    "expected",
    "p_value",
    "recurrence_interval_days",
    "district",
    "state",
    "krts",
    "summary_en",
    "summary_ms",
)
REPORT_COLUMNS = (
    "id",
    "occurred_at",
    "source",
    "krt",
    "district",
    "state",
    "lat",
    "lon",
    "category",
    "three_r",
    "severity",
    "language",
    "text",
)
MAX_REPORTS = 100_000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(rows: Iterable[Iterable[object]], header: tuple[str, ...]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)


def _alert_rows(alerts):
    for a in alerts:
        krts = list(a.krts.all())
        yield (
            a,
            krts,
            [
                a.pk,
                a.status,
                a.priority,
                a.category,
                a.method,
                a.start,
                a.end,
                a.observed,
                a.expected,
                a.p_value,
                a.recurrence_interval_days,
                a.district.key,
                a.state.code,
                " ".join(k.code for k in krts),
                a.summary_en,
                a.summary_ms,
            ],
        )


def _geojson(features: Iterable[dict]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    for i, feature in enumerate(features):
        yield ("," if i else "") + json.dumps(feature, default=str)
    yield "]}"


def _response(chunks: Iterator[str], fmt: str, name: str) -> StreamingHttpResponse:
    kind = "text/csv" if fmt == "csv" else "application/geo+json"
    response = StreamingHttpResponse(chunks, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET"])
def export_alerts(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    if fmt not in ("csv", "geojson"):
        raise Http404("formats: csv, geojson")
    alerts = visible_alerts(request.user).prefetch_related("krts").order_by("-opened", "-id")
    record(request, "export", "alert", "", format=fmt, count=alerts.count())
    if fmt == "csv":
        return _response(
            _csv((row for _, _, row in _alert_rows(alerts)), ALERT_COLUMNS), fmt, "rukun-alerts"
        )
    features = (
        {
            "type": "Feature",
            "geometry": {"type": "MultiPoint", "coordinates": [[k.lon, k.lat] for k in krts]},
            "properties": dict(zip(ALERT_COLUMNS, row, strict=True)),
        }
        for _, krts, row in _alert_rows(alerts)
    )
    return _response(_geojson(features), fmt, "rukun-alerts")


@login_required
@require_http_methods(["GET"])
def export_reports(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Redacted reports in the caller's area (newest first, at most 100,000)."""
    if fmt not in ("csv", "geojson"):
        raise Http404("formats: csv, geojson")
    qs = (
        Report.objects.visible_to(request.user)
        .filter(enrichment="done")
        .select_related("krt", "district", "state")
        .order_by("-occurred_at")[:MAX_REPORTS]
    )
    record(request, "export", "report", "", format=fmt, count=qs.count())

    def rows():
        for r in qs.iterator(chunk_size=2000):
            lat = r.krt.lat if r.krt_id else r.lat
            lon = r.krt.lon if r.krt_id else r.lon
            yield (
                r,
                lat,
                lon,
                [
                    r.pk,
                    r.occurred_at.isoformat(),
                    r.source,
                    r.krt.code if r.krt_id else "",
                    r.district.key if r.district_id else "",
                    r.state.code if r.state_id else "",
                    lat,
                    lon,
                    r.category,
                    r.three_r,
                    r.severity,
                    r.language,
                    r.redacted_text,
                ],
            )

    if fmt == "csv":
        return _response(_csv((row for *_, row in rows()), REPORT_COLUMNS), fmt, "rukun-reports")
    features = (
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None,
            "properties": dict(zip(REPORT_COLUMNS, row, strict=True)),
        }
        for _, lat, lon, row in rows()
    )
    return _response(_geojson(features), fmt, "rukun-reports")
