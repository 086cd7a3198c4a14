"""The daily surveillance run: reports in the database → ``rukun.detect`` → stored alerts.

Each (day, state) is analysed once. The analysis is computed first and written in
one transaction at the end, so an interrupted run leaves nothing behind and a
repeated run of a finished day does nothing: alerts are never duplicated and
never half-written.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Max, Q
from django.utils import timezone

from rukun.web.alerts.explain import priority, summarise
from rukun.web.alerts.models import Alert, AlertStatus, Hotspot, Signal, SurveillanceRun
from rukun.web.registry.models import Krt, State
from rukun.web.reports.models import Enrichment, Report

log = logging.getLogger(__name__)

#: Reports older than this are not read (the hotspot window is a year).
HISTORY_DAYS = 400
MYT = np.timedelta64(8, "h")


class _AlreadyDone(Exception):
    """Raised inside the run's transaction to roll it back when another run won."""


@dataclass
class RunResult:
    state: str
    day: dt.date
    status: str
    n_reports: int = 0
    n_signals: int = 0
    n_new: int = 0
    n_updated: int = 0
    seconds: float = 0.0
    alerts: tuple[int, ...] = ()


def _areas(state: State):
    from rukun.detect import Areas

    krts = list(
        Krt.objects.filter(district__state=state).values_list(
            "id", "code", "lat", "lon", "population", "district__key"
        )
    )
    if not krts:
        return None, {}
    codes = [k[1] for k in krts]
    areas = Areas.from_arrays(
        ids=codes,
        lat=[k[2] for k in krts],
        lon=[k[3] for k in krts],
        population=[max(k[4], 1) for k in krts],
        district=[k[5] for k in krts],
    )
    return areas, {k[1]: k[0] for k in krts}


def _events(state: State, areas, day: dt.date):
    from rukun.detect import Events

    since = timezone.make_aware(
        dt.datetime.combine(day - dt.timedelta(days=HISTORY_DAYS), dt.time())
    )
    until = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    rows = list(
        Report.objects.filter(
            state=state,
            krt__isnull=False,
            enrichment=Enrichment.DONE,
            occurred_at__gte=since,
            occurred_at__lt=until,
        )
        .order_by("occurred_at", "id")
        .values_list(
            "id",
            "occurred_at",
            "krt__code",
            "category",
            "severity",
            "duplicate_of_id",
            "krt_id",
            "places",
        )
    )
    if not rows:
        return None
    stamps = np.array([int(r[1].timestamp()) for r in rows], dtype=np.int64).astype("datetime64[s]")
    local_days = (stamps + MYT).astype("datetime64[D]")
    return Events.from_arrays(
        areas,
        ids=[str(r[0]) for r in rows],
        day=local_days,
        area=[r[2] for r in rows],
        category=[r[3] or None for r in rows],
        severity=[r[4] or 0 for r in rows],
        duplicate_group=[str(r[5] or r[0]) for r in rows],
        # "The same place" is a named place (a taman, a flat, a street) within one
        # KRT; a report naming none joins chains only through its duplicate group.
        place=[f"{r[6]}:{r[7][0].lower()}" if r[7] else None for r in rows],
    )


def _open_alerts(state: State, day: dt.date, gap_days: int):
    from rukun.detect import Alert as DetectAlert

    stored = Alert.objects.filter(
        state=state,
        status__in=(AlertStatus.NEW, AlertStatus.CONFIRMED),
        last_signal_date__gte=day - dt.timedelta(days=gap_days),
        last_signal_date__lt=day,
    )
    out = []
    for a in stored.prefetch_related("krts", "evidence"):
        out.append(
            DetectAlert(
                alert_id=a.key,
                opened=a.opened,
                last_signal_date=a.last_signal_date,
                method=a.method,
                category=a.category or None,
                area_ids=tuple(k.code for k in a.krts.all()),
                start=a.start,
                end=a.end,
                observed=a.observed,
                expected=a.expected,
                p_value=a.p_value,
                recurrence_interval_days=a.recurrence_interval_days,
                methods=tuple(a.methods),
                evidence_event_ids=tuple(str(r.pk) for r in a.evidence.all()),
                n_signals=a.n_signals,
                status=a.status,
                history=list(a.history),
            )
        )
    return out


def _store_alert(merged, state: State, krt_ids: dict[str, int]) -> tuple[Alert, bool]:
    krts = list(
        Krt.objects.filter(
            pk__in=[krt_ids[c] for c in merged.area_ids if c in krt_ids]
        ).select_related("district")
    )
    evidence = [int(i) for i in merged.evidence_event_ids]
    stats = Report.objects.filter(pk__in=evidence).aggregate(
        mean=Avg("severity"),
        top=Max("severity"),
        n=Count("id"),
        r3=Count("id", filter=Q(three_r=True)),
    )
    by_district = Counter(k.district_id for k in krts)
    main_district = by_district.most_common(1)[0][0]
    counts = Counter(Report.objects.filter(pk__in=evidence).values_list("krt_id", flat=True))
    place_krt = max(krts, key=lambda k: (counts.get(k.pk, 0), k.code))
    three_r_share = stats["r3"] / stats["n"] if stats["n"] else None
    score, level = priority(
        recurrence_days=merged.recurrence_interval_days,
        severity_mean=stats["mean"],
        severity_max=stats["top"],
        three_r_share=three_r_share,
        method=merged.method,
    )
    ms, en = summarise(
        observed=merged.observed,
        expected=merged.expected,
        category=merged.category,
        n_areas=len(krts),
        place=place_krt.name,
        days=(merged.end - merged.start).days + 1,
        recurrence_days=merged.recurrence_interval_days,
    )
    fields = {
        "state": state,
        "district_id": main_district,
        "method": merged.method,
        "methods": list(merged.methods),
        "category": merged.category or "",
        "opened": merged.opened,
        "last_signal_date": merged.last_signal_date,
        "start": merged.start,
        "end": merged.end,
        "observed": merged.observed,
        "expected": merged.expected,
        "p_value": merged.p_value,
        "recurrence_interval_days": merged.recurrence_interval_days,
        "n_signals": merged.n_signals,
        "history": merged.history,
        "severity_max": stats["top"],
        "severity_mean": stats["mean"],
        "three_r_share": three_r_share,
        "priority_score": score,
        "priority": level,
        "summary_ms": ms,
        "summary_en": en,
    }
    alert, created = Alert.objects.update_or_create(key=merged.alert_id, defaults=fields)
    alert.krts.set(krts)
    alert.districts.set(sorted(by_district))
    alert.evidence.set(evidence)
    return alert, created


def run_state(state: State, day: dt.date, config=None) -> RunResult:
    """Analyse one state on one day; a finished (day, state) is not analysed again."""
    from rukun.detect import DetectionConfig, SurveillanceEngine, merge_alerts

    done = SurveillanceRun.objects.filter(state=state, status=SurveillanceRun.Status.DONE)
    if done.filter(day=day).exists():
        return RunResult(state.name, day, "skipped")
    if done.filter(day__gt=day).exists():
        # Alerts grow day by day; analysing a day after a later one would raise them
        # again as new. Catch-up runs go oldest first (``rukun surveil --from``).
        return RunResult(state.name, day, "later day done")
    began = time.perf_counter()
    config = config or DetectionConfig()
    areas, krt_ids = _areas(state)
    events = _events(state, areas, day) if areas is not None else None
    signals, hotspots = [], []
    if events is not None:
        engine = SurveillanceEngine(config).fit(areas)
        signals = engine.detect(events, day)
        hotspots = engine.hotspots(events, day)
    merged = (
        merge_alerts(
            _open_alerts(state, day, config.alert_gap_days), signals, gap_days=config.alert_gap_days
        )
        if signals
        else []
    )

    try:
        with transaction.atomic():
            # Another process may have finished this day (or a later one) meanwhile.
            finished = SurveillanceRun.objects.filter(
                state=state, status=SurveillanceRun.Status.DONE
            )
            if finished.filter(day__gte=day).exists():
                raise _AlreadyDone
            SurveillanceRun.objects.filter(state=state, day=day).delete()  # a failed attempt
            run = SurveillanceRun.objects.create(
                state=state,
                day=day,
                n_reports=len(events) if events is not None else 0,
                n_signals=len(signals),
            )
            stored: dict[str, Alert] = {}
            new = 0
            for m in merged:
                alert, created = _store_alert(m, state, krt_ids)
                stored[m.alert_id] = alert
                new += created
            for s in signals:
                target = next(
                    (
                        stored[m.alert_id]
                        for m in merged
                        if set(s.area_ids) & set(m.area_ids) and s.category == m.category
                    ),
                    None,
                )
                Signal.objects.create(
                    run=run,
                    alert=target,
                    signal_date=s.signal_date,
                    method=s.method,
                    category=s.category or "",
                    area_codes=list(s.area_ids),
                    start=s.start,
                    end=s.end,
                    observed=s.observed,
                    expected=s.expected,
                    p_value=s.p_value,
                    recurrence_interval_days=s.recurrence_interval_days,
                    evidence_ids=[int(i) for i in s.evidence_event_ids],
                )
            Hotspot.objects.filter(run__state=state).exclude(run=run).delete()
            Hotspot.objects.bulk_create(
                [
                    Hotspot(
                        run=run,
                        krt_id=krt_ids[h.area_id],
                        z_score=h.z,
                        p_value=h.p_value,
                        rate=h.rate_per_100k / 100,
                    )
                    for h in hotspots
                    if h.area_id in krt_ids
                ]
            )
            run.status = SurveillanceRun.Status.DONE
            run.finished = timezone.now()
            run.seconds = time.perf_counter() - began
            run.n_new, run.n_updated = new, len(merged) - new
            run.save()
    except (IntegrityError, _AlreadyDone):
        # Another process finished the same (day, state) first.
        return RunResult(state.name, day, "skipped")
    from rukun.web.alerts.notify import notify

    for alert in stored.values():
        notify(alert)
    return RunResult(
        state.name,
        day,
        "done",
        run.n_reports,
        len(signals),
        run.n_new,
        run.n_updated,
        run.seconds,
        tuple(a.pk for a in stored.values()),
    )


def surveil(day: dt.date, states: list[State] | None = None, config=None) -> list[RunResult]:
    """Run the daily analysis for every state (or the given ones) that has KRTs."""
    chosen = states or list(
        State.objects.filter(districts__krts__isnull=False).distinct().order_by("code")
    )
    return [run_state(state, day, config) for state in chosen]
