"""Simulation study of the detection engine (issue 4, section 8).

Synthetic regions (``rukun.detect.simulate``): towns of areas with very unequal
base rates, weekly cycles and region-wide surges; planted clusters of 1-8 areas,
3-14 days, relative risk 2-8, in several categories; and null regions with no
cluster. Each region is analysed day by day exactly as ``rukun detect`` does.

Reported per method and for the merged alerts, at the default threshold:
sensitivity (an alert that shares an area with the cluster, in its category or
overall, within the cluster's first 3 days, and at any time during it), median
days to detection (day 0 = the cluster's first day) and false alerts per 100
days (alerts that share no area and no time with any planted cluster).

    .venv/bin/python benchmarks/detect/simulation_study.py [--quick] [--out FILE]
        [--regions N] [--seed-offset K] [--recurrence-days D] [--min-cases M]

Each cluster also records how many reports it had planted by the end of its
third day (``planted_first3``): a cluster that has brought one or two extra
reports by then cannot be told from chance by any detector that keeps false
alerts rare, so the summary gives sensitivity both over all clusters and over
those with at least 3 planted reports in their first 3 days.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from rukun.detect import DetectionConfig, SurveillanceEngine, merge_alerts, open_after
from rukun.detect.simulate import plant_cluster, synthetic_areas, synthetic_events
from rukun.detect.types import Events

FIRST = np.datetime64("2025-01-01")
HISTORY = 70
CATEGORIES = ("noise", "ethnic", "religious", "online_provocation", "parking_road")
SIZES = (1, 2, 4, 8)
LENGTHS = (3, 7, 14)
RISKS = (2.0, 4.0, 8.0)
ALL = "merged"


def _clusters(areas, n_days, seed):
    rng = np.random.default_rng(seed)
    out, used = [], set()
    start = HISTORY + 2
    while start + 14 < n_days:
        for _ in range(50):
            cl = plant_cluster(
                areas,
                int(rng.choice(SIZES)),
                start,
                int(rng.choice(LENGTHS)),
                float(rng.choice(RISKS)),
                str(rng.choice(CATEGORIES)),
                seed=int(rng.integers(1 << 30)),
            )
            if not used & set(cl.areas.tolist()):
                break
        used |= set(cl.areas.tolist())
        out.append(cl)
        start += int(rng.integers(6, 10))
    return out


def _run_region(areas, events, n_days, config):
    """Alerts per method (and merged) as (first day offset, areas, category, last day)."""
    engine = SurveillanceEngine(config).fit(areas)
    open_by = defaultdict(list)
    raised = defaultdict(list)
    for day in range(HISTORY, n_days):
        signals = engine.detect(events, FIRST + day)
        groups = defaultdict(list)
        for s in signals:
            groups[s.method].append(s)
            groups[ALL].append(s)
        for key in set(groups) | set(open_by):
            touched = merge_alerts(
                open_by[key], groups.get(key, []), gap_days=config.alert_gap_days
            )
            raised[key] += [
                (day, set(a.area_ids), a.category) for a in touched if a.status == "new"
            ]
            by_id = {a.alert_id: a for a in open_by[key]} | {a.alert_id: a for a in touched}
            open_by[key] = open_after(
                list(by_id.values()), (FIRST + day).astype(object), gap_days=config.alert_gap_days
            )
    return raised, engine


def _planted_first3(events: Events, background: Events, clusters) -> list[int]:
    """Reports each cluster added in its category and areas on its days 0-2.

    ``background`` is the same region drawn with the same seed and no clusters:
    ``synthetic_events`` draws the background before the clusters, so the
    difference is exactly the planted reports.
    """

    def count(ev: Events, c) -> int:
        keep = (
            (ev.day >= FIRST + c.start)
            & (ev.day <= FIRST + c.start + 2)
            & np.isin(ev.area, c.areas)
            & (ev.category == c.category)
        )
        return int(keep.sum())

    return [count(events, c) - count(background, c) for c in clusters]


def _score(raised, clusters, areas, n_eval_days):
    ids = areas.ids
    rows = {}
    for key, alerts in raised.items():
        hits, delays, first3 = [], [], []
        false = 0
        for day, area_set, _category in alerts:
            match = any(
                area_set & set(ids[c.areas]) and c.start <= day < c.start + c.length + 3
                for c in clusters
            )
            false += not match
        for c in clusters:
            cl_ids = set(ids[c.areas])
            days = [
                d
                for d, a, cat in alerts
                if a & cl_ids and cat in (None, c.category) and c.start <= d < c.start + c.length
            ]
            delay = min(days) - c.start if days else None
            hits.append(delay is not None)
            first3.append(delay is not None and delay <= 2)
            if delay is not None:
                delays.append(delay)
        rows[key] = dict(hits=hits, first3=first3, delays=delays, false=false, days=n_eval_days)
    return rows


def _region(r: int, n_areas: int, n_days: int, config: DetectionConfig):
    """One region with planted clusters and its null twin: per-cluster rows, null alerts."""
    areas = synthetic_areas(n_areas, seed=100 + r)
    surges = ((HISTORY + 20, 5, 1.8), (HISTORY + 60, 3, 2.5))
    clusters = _clusters(areas, n_days, seed=200 + r)
    rate = 0.12 * n_areas
    events = synthetic_events(
        areas, n_days, reports_per_day=rate, surges=surges, clusters=tuple(clusters), seed=300 + r
    )
    background = synthetic_events(areas, n_days, reports_per_day=rate, surges=surges, seed=300 + r)
    planted = _planted_first3(events, background, clusters)
    raised, _ = _run_region(areas, events, n_days, config)
    scores = _score(raised, clusters, areas, n_days - HISTORY)
    rows = []
    for key in set(scores) | {ALL}:
        s = scores.get(key)
        for i, c in enumerate(clusters):
            hit = bool(s and s["hits"][i])
            first3 = bool(s and s["first3"][i])
            delay = s["delays"][sum(s["hits"][:i])] if s and hit else None
            row = (key, c.relative_risk, len(c.areas), c.length, c.category)
            rows.append((*row, hit, first3, delay, planted[i]))
    null = synthetic_events(areas, n_days, reports_per_day=rate, surges=surges, seed=400 + r)
    raised_null, _ = _run_region(areas, null, n_days, config)
    nulls = {
        key: (len(raised_null.get(key, [])), n_days - HISTORY)
        for key in set(raised_null) | {ALL, *config.methods}
    }
    return rows, nulls, len(clusters), len(events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one small region of each kind")
    parser.add_argument("--areas", type=int, default=800)
    parser.add_argument("--days", type=int, default=170)
    parser.add_argument("--regions", type=int, default=3)
    parser.add_argument("--out", default=None)
    parser.add_argument(
        "--seed-offset", type=int, default=0, help="draw other regions (100+K, 200+K, ...)"
    )
    parser.add_argument("--recurrence-days", type=float, default=None, help="threshold")
    parser.add_argument("--min-cases", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=1, help="regions analysed in parallel")
    args = parser.parse_args()
    n_regions = 1 if args.quick else args.regions
    overrides = {}
    if args.recurrence_days is not None:
        overrides["recurrence_threshold_days"] = args.recurrence_days
    if args.min_cases is not None:
        overrides["min_cases"] = args.min_cases
    config = DetectionConfig(**overrides)
    per_cluster = []  # (key, RR, size, length, category, hit, first3, delay, planted_first3)
    null_false = defaultdict(lambda: [0, 0])
    t0 = time.perf_counter()
    regions = range(args.seed_offset, args.seed_offset + n_regions)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        jobs = [pool.submit(_region, r, args.areas, args.days, config) for r in regions]
        for r, job in zip(regions, jobs, strict=True):
            rows, nulls, n_clusters, n_reports = job.result()
            per_cluster += rows
            for key, (n_false, n_days) in nulls.items():
                null_false[key][0] += n_false
                null_false[key][1] += n_days
            print(
                f"region {r}: {n_clusters} clusters, {n_reports} reports, "
                f"{time.perf_counter() - t0:.0f} s",
                flush=True,
            )
    summary = {}
    for key in sorted({row[0] for row in per_cluster} | set(null_false)):
        rows = [row for row in per_cluster if row[0] == key]
        entry = {}
        strata = (
            ("rr>=4", lambda x: x[1] >= 4),
            ("rr>=4, 4-8 areas", lambda x: x[1] >= 4 and x[2] >= 4),
            ("rr>=4, 1-2 areas", lambda x: x[1] >= 4 and x[2] <= 2),
            ("rr>=4, >=3 planted in first 3 days", lambda x: x[1] >= 4 and x[8] >= 3),
            ("rr>=4, <3 planted in first 3 days", lambda x: x[1] >= 4 and x[8] < 3),
            ("rr=8", lambda x: x[1] == 8),
            ("rr=2", lambda x: x[1] == 2),
            ("all", lambda x: True),
        )
        for label, keep in strata:
            sel = [x for x in rows if keep(x)]
            delays = [x[7] for x in sel if x[7] is not None]
            entry[label] = {
                "clusters": len(sel),
                "sensitivity_first_3_days": round(float(np.mean([x[6] for x in sel])), 3)
                if sel
                else None,
                "sensitivity_during_cluster": round(float(np.mean([x[5] for x in sel])), 3)
                if sel
                else None,
                "median_days_to_detection": float(np.median(delays)) if delays else None,
            }
        nf = null_false[key]
        entry["false_alerts_per_100_days_null"] = round(100 * nf[0] / nf[1], 2) if nf[1] else None
        summary[key] = entry
    result = {
        "areas": args.areas,
        "days": args.days,
        "history_days": HISTORY,
        "regions": n_regions,
        "seed_offset": args.seed_offset,
        "jobs": args.jobs,
        "config": {"DetectionConfig defaults except": overrides},
        "seconds": round(time.perf_counter() - t0, 1),
        "summary": summary,
        "clusters": [
            dict(
                zip(
                    (
                        "method",
                        "rr",
                        "areas",
                        "days",
                        "category",
                        "hit",
                        "first3",
                        "delay",
                        "planted_first3",
                    ),
                    row,
                    strict=True,
                )
            )
            for row in per_cluster
        ],
    }
    print(json.dumps(result, indent=2))
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(result, fh, indent=2)


if __name__ == "__main__":
    main()
