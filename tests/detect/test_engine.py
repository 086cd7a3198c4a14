"""The daily analysis end to end on synthetic data with known truth."""

import numpy as np
import pytest

from rukun.detect import DetectionConfig, Events, SurveillanceEngine, backtest
from rukun.detect.simulate import plant_cluster, synthetic_areas, synthetic_events

FIRST = np.datetime64("2025-01-01")


@pytest.fixture(scope="module")
def areas():
    return synthetic_areas(400, seed=11)


def _config(**kw):
    return DetectionConfig(n_replications=199, **kw)


def test_it_detects_a_planted_ethnic_cluster_within_days(areas):
    cluster = plant_cluster(areas, 3, 70, 7, 10.0, "ethnic", seed=4)
    events = synthetic_events(areas, 80, reports_per_day=60, clusters=(cluster,), seed=5)
    engine = SurveillanceEngine(_config()).fit(areas)
    hits = []
    for day in range(70, 74):
        hits += [
            s
            for s in engine.detect(events, FIRST + day)
            if set(s.area_ids) & set(areas.ids[cluster.areas])
        ]
    assert hits, "the planted cluster was not signalled in its first four days"
    assert {s.category for s in hits} <= {"ethnic", None}
    signal = hits[0]
    assert signal.observed > signal.expected
    assert 0 < signal.p_value <= 1 / 365
    evidence = set(signal.evidence_event_ids)
    assert evidence <= set(events.ids)
    assert all(events.area[list(events.ids).index(e)] in cluster.areas for e in list(evidence)[:5])


def test_it_raises_no_local_alert_for_a_region_wide_surge(areas):
    events = synthetic_events(areas, 80, reports_per_day=60, surges=((70, 4, 2.5),), seed=6)
    engine = SurveillanceEngine(
        _config(methods=("space_time_permutation", "poisson_scan", "ears_c2"))
    ).fit(areas)
    signals = [s for d in range(70, 75) for s in engine.detect(events, FIRST + d)]
    assert signals == []


def test_it_reads_only_reports_up_to_the_analysis_day(areas):
    events = synthetic_events(areas, 60, reports_per_day=60, seed=7)
    cut = events.day <= FIRST + 50
    past = Events.from_arrays(
        areas, events.ids[cut], events.day[cut], events.area[cut], category=events.category[cut]
    )
    a = SurveillanceEngine(_config()).fit(areas).detect(events, FIRST + 50)
    b = SurveillanceEngine(_config()).fit(areas).detect(past, FIRST + 50)
    assert a == b


def test_it_counts_near_duplicates_once(areas):
    n = 6
    ids = [f"d{i}" for i in range(n)]
    days = np.array([FIRST + 40] * n)
    one_group = Events.from_arrays(
        areas, ids, days, [0] * n, category=["ethnic"] * n, duplicate_group=["g"] * n
    )
    engine = SurveillanceEngine(_config(methods=("ears_c2",), temporal_levels=("area",))).fit(areas)
    assert engine.detect(one_group, FIRST + 40) == []
    distinct = Events.from_arrays(areas, ids, days, [0] * n, category=["ethnic"] * n)
    assert engine.detect(distinct, FIRST + 40) != []


def test_it_returns_the_same_signals_for_the_same_seed(areas):
    cluster = plant_cluster(areas, 2, 45, 5, 12.0, "noise", seed=2)
    events = synthetic_events(areas, 50, reports_per_day=60, clusters=(cluster,), seed=8)
    run = [SurveillanceEngine(_config()).fit(areas).detect(events, FIRST + 47) for _ in range(2)]
    assert run[0] == run[1]


def test_it_backtests_into_alerts_raised_once(areas):
    cluster = plant_cluster(areas, 3, 40, 6, 10.0, "religious", seed=9)
    events = synthetic_events(areas, 50, reports_per_day=60, clusters=(cluster,), seed=9)
    alerts = backtest(areas, events, "2025-02-08", "2025-02-19", _config())
    ids = [a.alert_id for a in alerts]
    assert len(ids) == len(set(ids))
    near = [a for a in alerts if set(a.area_ids) & set(areas.ids[cluster.areas])]
    assert near


def test_it_validates_the_configuration():
    with pytest.raises(ValueError, match="max_window_days must be an integer >= 1"):
        DetectionConfig(max_window_days=0).validate()
    with pytest.raises(ValueError, match="unknown methods"):
        DetectionConfig(methods=("magic",)).validate()


def test_it_requires_fit_before_detect(areas):
    with pytest.raises(ValueError, match="call fit"):
        SurveillanceEngine().detect(None, FIRST)
    with pytest.raises(TypeError, match=r"events must be rukun\.detect\.Events"):
        SurveillanceEngine().fit(areas).detect([], FIRST)


def test_a_district_signal_names_only_the_areas_that_reported():
    """A surge spread over a district points at the areas with reports, not the whole district."""
    import datetime as dt

    import numpy as np

    from rukun.detect import Areas, DetectionConfig, Events, SurveillanceEngine

    n = 40
    areas = Areas.from_arrays(
        ids=[f"a{i}" for i in range(n)],
        lat=3.0 + 0.05 * (np.arange(n) // 8),
        lon=101.0 + 0.05 * (np.arange(n) % 8),
        population=np.full(n, 5000.0),
        district=["d1"] * n,
    )
    day = dt.date(2026, 3, 31)
    rng = np.random.default_rng(5)
    rows = [  # a quiet background
        (day - dt.timedelta(days=k), int(a))
        for k in range(90, 0, -1)
        for a in np.flatnonzero(rng.random(n) < 0.02)
    ]
    rows += [(day, (j % 6) * 6) for j in range(12)]  # today's surge, thinly over six areas
    events = Events.from_arrays(
        areas,
        ids=[f"e{i}" for i in range(len(rows))],
        day=[r[0] for r in rows],
        area=[r[1] for r in rows],
    )
    config = DetectionConfig(methods=("ears_c2",), temporal_levels=("district",), categories=())
    signals = SurveillanceEngine(config).fit(areas).detect(events, day)
    district = [s for s in signals if s.method == "ears_c2"]
    assert district, "the district surge was not signalled"
    assert set(district[0].area_ids) == {f"a{6 * k}" for k in range(6)}
