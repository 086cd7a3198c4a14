"""The daily surveillance run over the database: alerts raised, grown, never duplicated."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone
from factories import labelled_report

from rukun.detect import DetectionConfig
from rukun.web.alerts.models import Alert, Signal, SurveillanceRun
from rukun.web.alerts.surveil import run_state
from rukun.web.registry.models import Krt
from rukun.web.reports.models import Report

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 11, 20)
CONFIG = DetectionConfig(random_state=3)
MYT = dt.timezone(dt.timedelta(hours=8))


def _report(krt, day, category, severity=1, hour=20):
    when = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=MYT)
    return labelled_report(
        krt,
        when,
        text="t",
        category=category,
        severity=severity,
        three_r=category == "ethnic",
        redacted_text=f"{category} report",
    )


@pytest.fixture
def town(geo):
    """A 6 × 5 grid of KRTs 1 km apart in Petaling with 90 days of background reports."""
    rng = np.random.default_rng(11)
    krts = [
        Krt.objects.create(
            code=f"KRT-G-{i:02d}",
            name=f"Taman Grid {i}",
            district=geo["petaling"],
            lat=3.0 + (i // 6) * 0.009,
            lon=101.5 + (i % 6) * 0.009,
            population=5000,
        )
        for i in range(30)
    ]
    rows = []
    for offset in range(90, 0, -1):
        day = DAY - dt.timedelta(days=offset)
        for krt in krts:
            for _ in range(rng.poisson(0.08)):
                rows.append(
                    _report(
                        krt, day, str(rng.choice(["noise", "parking_road", "waste_environment"]))
                    )
                )
    Report.objects.bulk_create(rows)
    return krts


def plant(krts, day, n=8):
    """An ethnic quarrel across two neighbouring KRTs over the three days up to ``day``."""
    Report.objects.bulk_create(
        [
            _report(krts[i % 2], day - dt.timedelta(days=i % 3), "ethnic", 2 + i % 2, hour=10 + i)
            for i in range(n)
        ]
    )


def test_a_planted_cluster_becomes_one_explained_alert(geo, town):
    plant(town, DAY)
    result = run_state(geo["selangor"], DAY, CONFIG)
    assert result.status == "done" and result.n_new >= 1
    alert = Alert.objects.get(category="ethnic")
    assert {"KRT-G-00", "KRT-G-01"} <= set(alert.krts.values_list("code", flat=True))
    assert alert.district == geo["petaling"] and alert.status == "new"
    assert alert.observed >= 3 and alert.expected < 1 and alert.p_value < 0.01
    assert alert.evidence.filter(category="ethnic").count() >= 3
    assert alert.three_r_share > 0.5 and alert.priority in ("medium", "high")
    assert "ethnic tension" in alert.summary_en and "ketegangan kaum" in alert.summary_ms
    assert Signal.objects.filter(alert=alert).exists()


def test_quiet_data_raises_no_ethnic_alert(geo, town):
    run_state(geo["selangor"], DAY, CONFIG)
    assert not Alert.objects.filter(category="ethnic").exists()


def test_a_repeated_run_changes_nothing(geo, town):
    plant(town, DAY)
    run_state(geo["selangor"], DAY, CONFIG)
    before = list(Alert.objects.values_list("key", "n_signals"))
    again = run_state(geo["selangor"], DAY, CONFIG)
    assert again.status == "skipped"
    assert list(Alert.objects.values_list("key", "n_signals")) == before
    assert SurveillanceRun.objects.count() == 1


def test_an_alert_signalled_again_the_next_day_grows(geo, town):
    plant(town, DAY)
    run_state(geo["selangor"], DAY, CONFIG)
    # The all-categories scans see the quarrel on both days.
    first = Alert.objects.get(category="")
    plant(town, DAY + dt.timedelta(days=1), n=9)
    run_state(geo["selangor"], DAY + dt.timedelta(days=1), CONFIG)
    grown = Alert.objects.get(pk=first.pk)
    assert grown.key == first.key and grown.n_signals > first.n_signals
    assert grown.last_signal_date == DAY + dt.timedelta(days=1) and grown.end == DAY + dt.timedelta(
        days=1
    )
    # No alert is stored twice under one detector id.
    assert Alert.objects.count() == len(set(Alert.objects.values_list("key", flat=True)))


def test_an_interrupted_run_leaves_nothing_half_written(geo, town, monkeypatch):
    from rukun.web.alerts import surveil

    plant(town, DAY)

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(surveil, "_store_alert", crash)
    with pytest.raises(RuntimeError):
        run_state(geo["selangor"], DAY, CONFIG)
    assert (
        not Alert.objects.exists()
        and not SurveillanceRun.objects.exists()
        and not Signal.objects.exists()
    )
    monkeypatch.undo()
    assert run_state(geo["selangor"], DAY, CONFIG).status == "done"
    assert Alert.objects.filter(category="ethnic").count() == 1


def test_the_officer_in_charge_is_told(geo, town, people):
    from django.core import mail

    people["petaling_officer"].email = "petaling@example.my"
    people["petaling_officer"].save()
    plant(town, DAY)
    run_state(geo["selangor"], DAY, CONFIG)
    assert any("petaling@example.my" in m.to for m in mail.outbox)


def test_the_command_runs_a_range_of_days(geo, town):
    out = io.StringIO()
    call_command(
        "surveil",
        "--from",
        "2026-11-18",
        "--day",
        "2026-11-19",
        "--state",
        "10",
        "--replications",
        "99",
        stdout=out,
    )
    assert SurveillanceRun.objects.filter(state=geo["selangor"]).count() == 2
    assert "Selangor" in out.getvalue()
    assert timezone.now()  # the command itself never needs the wall clock's day when --day is given


def test_a_day_before_one_already_analysed_is_not_analysed(geo, town):
    plant(town, DAY)
    run_state(geo["selangor"], DAY + dt.timedelta(days=1), CONFIG)
    before = Alert.objects.count()
    assert run_state(geo["selangor"], DAY, CONFIG).status == "later day done"
    assert Alert.objects.count() == before


def test_the_default_day_is_the_last_complete_one(geo, town):
    call_command("surveil", "--state", "10", "--replications", "99", stdout=io.StringIO())
    assert SurveillanceRun.objects.get().day == timezone.localdate() - dt.timedelta(days=1)
