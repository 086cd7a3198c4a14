"""Escalation chains and the merging of signals into growing alerts."""

import datetime as dt

import numpy as np
import pytest

from rukun.detect import Areas, Events, Signal, escalation_chains, merge_alerts, open_after


@pytest.fixture
def areas():
    return Areas.from_arrays(["a", "b"], [3.0, 3.01], [101.0, 101.0], [100, 100])


def _events(areas, days, severity=None, category=None, place=None, group=None):
    n = len(days)
    return Events.from_arrays(
        areas,
        [f"e{i}" for i in range(n)],
        days,
        ["a"] * n,
        category=category,
        severity=severity,
        place=place,
        duplicate_group=group,
    )


def test_it_flags_a_place_whose_severity_rises(areas):
    ev = _events(
        areas,
        ["2025-03-01", "2025-03-04", "2025-03-06"],
        severity=[1, 2, 3],
        category=["noise"] * 3,
        place=["blok-c"] * 3,
    )
    found = escalation_chains(ev, np.datetime64("2025-03-06"))
    assert len(found) == 1
    assert found[0].reason == "severity rose from 2 to 3"
    assert ev.ids[found[0].event_index].tolist() == ["e0", "e1", "e2"]
    # the day before, the chain had not reached severity 3
    assert escalation_chains(ev, np.datetime64("2025-03-04")) == []


def test_it_flags_a_group_that_turns_ethnic(areas):
    ev = _events(
        areas, ["2025-03-01", "2025-03-02"], category=["noise", "ethnic"], group=["g1", "g1"]
    )
    found = escalation_chains(ev, np.datetime64("2025-03-02"))
    assert [f.category for f in found] == ["ethnic"]


def test_it_ignores_single_reports_and_reports_out_of_the_lookback(areas):
    ev = _events(areas, ["2025-01-01", "2025-03-06"], severity=[1, 4], place=["x", "x"])
    assert escalation_chains(ev, np.datetime64("2025-03-06"), lookback_days=30) == []


def _signal(day, areas, p=0.001, method="space_time_permutation", category=None, ids=("e1",)):
    day = dt.date.fromisoformat(day)
    return Signal(
        day,
        method,
        category,
        tuple(areas),
        day - dt.timedelta(days=2),
        day,
        5.0,
        1.0,
        p,
        1 / p,
        ids,
    )


def test_it_grows_one_alert_over_consecutive_days():
    first = merge_alerts([], [_signal("2025-03-01", ["a", "b"])])
    assert [a.status for a in first] == ["new"]
    second = merge_alerts(first, [_signal("2025-03-02", ["b", "c"], p=0.0005, ids=("e2",))])
    assert len(second) == 1 and second[0].status == "updated"
    alert = second[0]
    assert alert.alert_id == first[0].alert_id
    assert alert.area_ids == ("a", "b", "c")
    assert alert.evidence_event_ids == ("e1", "e2")
    assert alert.p_value == 0.0005 and alert.n_signals == 2
    assert first[0].area_ids == ("a", "b")  # the caller's alerts are not modified


def test_it_keeps_categories_and_distant_days_apart():
    first = merge_alerts([], [_signal("2025-03-01", ["a"])])
    other_category = merge_alerts(first, [_signal("2025-03-02", ["a"], category="ethnic")])
    assert other_category[0].status == "new"
    later = merge_alerts(first, [_signal("2025-03-09", ["a"])], gap_days=2)
    assert later[0].status == "new"
    assert open_after(first, dt.date(2025, 3, 9), gap_days=2) == []


def test_it_merges_two_methods_seeing_the_same_cluster_on_one_day():
    merged = merge_alerts(
        [],
        [
            _signal("2025-03-01", ["a", "b"]),
            _signal("2025-03-01", ["b"], method="poisson_scan", p=0.002),
        ],
    )
    assert len(merged) == 1
    assert merged[0].methods == ("space_time_permutation", "poisson_scan")


def test_it_rejects_signals_of_several_days():
    with pytest.raises(ValueError, match="one signal_date"):
        merge_alerts([], [_signal("2025-03-01", ["a"]), _signal("2025-03-02", ["a"])])


def test_it_writes_the_contract_fields():
    record = merge_alerts([], [_signal("2025-03-01", ["a"])])[0].to_record()
    assert list(record)[:10] == [
        "signal_date",
        "method",
        "category",
        "area_ids",
        "start",
        "end",
        "observed",
        "expected",
        "p_value",
        "recurrence_interval_days",
    ]
    assert record["signal_date"] == "2025-03-01" and record["category"] is None


def test_it_keeps_tiny_p_values_in_the_record():
    record = merge_alerts([], [_signal("2025-03-01", ["a"], p=1.5e-13)])[0].to_record()
    assert record["p_value"] == 1.5e-13
    assert record["recurrence_interval_days"] == pytest.approx(1 / 1.5e-13, rel=1e-5)
