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
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict

import numpy as np

from rukun.detect import DetectionConfig, SurveillanceEngine, merge_alerts, open_after
from rukun.detect.simulate import plant_cluster, synthetic_areas, synthetic_events

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one small region of each kind")
    parser.add_argument("--areas", type=int, default=800)
    parser.add_argument("--days", type=int, default=170)
    parser.add_argument("--regions", type=int, default=3)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    n_regions = 1 if args.quick else args.regions
    config = DetectionConfig()
    per_cluster = []  # (key, RR, size, length, category, hit, first3, delay)
    null_false = defaultdict(lambda: [0, 0])
    t0 = time.perf_counter()
    for r in range(n_regions):
        areas = synthetic_areas(args.areas, seed=100 + r)
        surges = ((HISTORY + 20, 5, 1.8), (HISTORY + 60, 3, 2.5))
        clusters = _clusters(areas, args.days, seed=200 + r)
        events = synthetic_events(
            areas,
            args.days,
            reports_per_day=0.12 * args.areas,
            surges=surges,
            clusters=tuple(clusters),
            seed=300 + r,
        )
        raised, _ = _run_region(areas, events, args.days, config)
        scores = _score(raised, clusters, areas, args.days - HISTORY)
        for key in set(scores) | {ALL}:
            s = scores.get(key)
            for i, c in enumerate(clusters):
                hit = bool(s and s["hits"][i])
                first3 = bool(s and s["first3"][i])
                delay = None
                if s and hit:
                    delay = s["delays"][sum(s["hits"][:i])]
                per_cluster.append(
                    (key, c.relative_risk, len(c.areas), c.length, c.category, hit, first3, delay)
                )
        null = synthetic_events(
            areas, args.days, reports_per_day=0.12 * args.areas, surges=surges, seed=400 + r
        )
        raised_null, _ = _run_region(areas, null, args.days, config)
        for key in set(raised_null) | {ALL, *config.methods}:
            null_false[key][0] += len(raised_null.get(key, []))
            null_false[key][1] += args.days - HISTORY
        print(
            f"region {r}: {len(clusters)} clusters, {len(events)} reports, "
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
        "config": "DetectionConfig() defaults",
        "seconds": round(time.perf_counter() - t0, 1),
        "summary": summary,
        "clusters": [
            dict(
                zip(
                    ("method", "rr", "areas", "days", "category", "hit", "first3", "delay"),
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
