"""A district officer opens the dashboard, sees the map with its KRTs and drills down to a KRT."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from factories import labelled_report

from rukun.web.alerts.models import Alert
from rukun.web.dashboard.geo import forget_outlines

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _alert(geo):
    day = timezone.localdate() - dt.timedelta(days=1)
    alert = Alert.objects.create(
        key="browser-1",
        state=geo["selangor"],
        district=geo["petaling"],
        method="space_time_permutation",
        category="ethnic",
        opened=day,
        last_signal_date=day,
        start=day - dt.timedelta(days=3),
        end=day,
        observed=7,
        expected=0.5,
        p_value=0.001,
        priority="high",
        priority_score=0.9,
        summary_ms="7 laporan ketegangan kaum di Taman Sri Muda",
        summary_en="7 reports of ethnic tension in Taman Sri Muda",
    )
    alert.krts.set([geo["sri_muda"]])
    alert.districts.set([geo["petaling"]])
    when = timezone.now() - dt.timedelta(days=2)
    evidence = labelled_report(
        geo["sri_muda"],
        when,
        category="ethnic",
        severity=3,
        three_r=True,
        redacted_text="ketegangan kaum",
    )
    evidence.save()
    alert.evidence.set([evidence])
    return alert


def test_an_officer_drills_down_from_the_dashboard_to_a_krt(page, live_server, people, geo, shot):
    forget_outlines()
    geo["petaling"].boundary = {
        "type": "Polygon",
        "coordinates": [
            [[101.50, 3.00], [101.68, 3.00], [101.68, 3.16], [101.50, 3.16], [101.50, 3.00]]
        ],
    }
    geo["petaling"].save(update_fields=("boundary",))
    alert = _alert(geo)

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "petaling")
    page.fill("#id_password", "pw-petaling")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.click("header.top >> text=Papan pemuka")
    page.wait_for_url("**/dashboard/district/10_9/")
    page.wait_for_selector("#dashboard-map[data-ready='1']")
    assert page.get_attribute("#dashboard-map", "data-markers") == "2"
    # Leaflet draws on a canvas (preferCanvas); the district outline is a path in it.
    assert page.locator("#dashboard-map canvas").count() >= 1
    assert "7 laporan ketegangan kaum" in page.inner_text("[data-testid=alert-queue]")
    assert page.locator(f"[data-testid=alert-queue] a[href='/alerts/{alert.pk}/']").count() == 1
    shot(page, "dashboard-district")

    page.click("[data-testid=krts-at-risk] >> text=Taman Sri Muda")
    page.wait_for_url("**/krt/KRT-10-09-0001/")
    page.wait_for_selector("#dashboard-map[data-ready='1']")
    assert page.inner_text("[data-testid=krt-risk]") == "Tinggi"
    assert "Petaling" in page.inner_text("[data-testid=breadcrumbs]")
    shot(page, "dashboard-krt-profile")

    page.click("[data-testid=breadcrumbs] >> text=Petaling")
    page.wait_for_url("**/dashboard/district/10_9/")
    page.click("[data-testid=brief-link]")
    page.wait_for_selector("[data-testid=brief-map]")
    shot(page, "dashboard-brief")
    assert errors == []
