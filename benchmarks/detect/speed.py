"""Speed of the detection engine (issue 4, section 8): wall time and peak memory.

``national``: one daily analysis for all of Malaysia — 8,600 areas, two years
of history, about 600,000 reports, 999 replications, every method, overall and
per category, plus the chronic-hotspot analysis.
``backtest``: a 340-day backtest (``rukun.detect.backtest``) over 1,500 areas
and about 70,000 reports.
``gi``: Getis–Ord Gi* on the 8,600 areas, rukun against esda (time ratio).

    .venv/bin/python benchmarks/detect/speed.py national|backtest|gi [--out FILE]

Each case runs in its own process so that peak memory (``ru_maxrss``) is its own.
Numba compilation is excluded by a warm-up on a small region (the on-disk cache
makes it a one-off per installation anyway).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time

import numpy as np

from rukun.detect import DetectionConfig, SurveillanceEngine, backtest
from rukun.detect.simulate import plant_cluster, synthetic_areas, synthetic_events


def _warm_up() -> None:
    areas = synthetic_areas(200, seed=1)
    events = synthetic_events(areas, 70, reports_per_day=30, seed=1)
    SurveillanceEngine(DetectionConfig(n_replications=99)).fit(areas).detect(
        events, events.day.max()
    )


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def national() -> dict:
    areas = synthetic_areas(8600, areas_per_town=45, seed=7)
    n_days = 730
    clusters = (plant_cluster(areas, 4, n_days - 3, 3, 6.0, "ethnic", seed=3),)
    events = synthetic_events(
        areas, n_days, reports_per_day=600_000 / n_days, clusters=clusters, seed=8
    )
    _warm_up()
    day = events.day.max()
    c0 = _cpu_s()
    t0 = time.perf_counter()
    engine = SurveillanceEngine(DetectionConfig(n_replications=999)).fit(areas)
    t_fit = time.perf_counter() - t0
    signals = engine.detect(events, day)
    t_detect = time.perf_counter() - t0 - t_fit
    hotspots = engine.hotspots(events, day)
    total = time.perf_counter() - t0
    return {
        "case": "national",
        "areas": len(areas),
        "reports": len(events),
        "days": n_days,
        "replications": 999,
        "fit_s": round(t_fit, 2),
        "detect_s": round(t_detect, 2),
        "hotspots_s": round(total - t_fit - t_detect, 2),
        "wall_s": round(total, 2),
        "cpu_s": round(_cpu_s() - c0, 2),
        "signals": len(signals),
        "hotspots": len(hotspots),
        "peak_rss_mib": round(_peak_mib()),
    }


def backtest_case() -> dict:
    areas = synthetic_areas(1500, seed=9)
    n_days = 400
    clusters = tuple(
        plant_cluster(areas, 3, 100 + 25 * i, 7, 5.0, "religious", seed=i) for i in range(10)
    )
    events = synthetic_events(
        areas,
        n_days,
        reports_per_day=70_000 / n_days,
        clusters=clusters,
        surges=((200, 5, 2.0),),
        seed=10,
    )
    _warm_up()
    start = events.day.min() + (n_days - 340)
    c0 = _cpu_s()
    t0 = time.perf_counter()
    alerts = backtest(areas, events, start, events.day.max(), DetectionConfig())
    wall = time.perf_counter() - t0
    return {
        "case": "backtest",
        "areas": len(areas),
        "reports": len(events),
        "days": 340,
        "replications": 999,
        "wall_s": round(wall, 2),
        "cpu_s": round(_cpu_s() - c0, 2),
        "alerts": len(alerts),
        "peak_rss_mib": round(_peak_mib()),
    }


def gi_case() -> dict:
    import esda
    import libpysal

    from rukun.detect import build_neighbourhoods, getis_ord_gi_star
    from rukun.detect.hotspots import weights_from_neighbourhoods

    areas = synthetic_areas(8600, areas_per_town=45, seed=7)
    y = np.random.default_rng(0).gamma(2.0, 2.0, len(areas))
    nbh = build_neighbourhoods(areas.lat, areas.lon, 5.0, 15)
    w = weights_from_neighbourhoods(nbh)
    t0 = time.perf_counter()
    ours = getis_ord_gi_star(y, w)
    t_ours = time.perf_counter() - t0
    wsp = libpysal.weights.WSP(w).to_W(silence_warnings=True)
    t0 = time.perf_counter()
    ref = esda.G_Local(y, wsp, transform="B", star=True, permutations=0)
    t_esda = time.perf_counter() - t0
    np.testing.assert_allclose(ours.z, ref.Zs)
    return {
        "case": "gi",
        "areas": len(areas),
        "rukun_s": round(t_ours, 4),
        "esda_s": round(t_esda, 4),
        "esda_over_rukun": round(t_esda / t_ours, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", choices=("national", "backtest", "gi"))
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    result = {"national": national, "backtest": backtest_case, "gi": gi_case}[args.case]()
    result |= {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f} at the end",
        "python": platform.python_version(),
    }
    print(json.dumps(result))
    if args.out:
        with open(args.out, "w") as fh:
            json.dump(result, fh, indent=2)


if __name__ == "__main__":
    main()
