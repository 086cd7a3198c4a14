"""A district officer triages an alert from the demo data, from the map to an intervention."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from rukun.web.alerts.models import Alert
from rukun.web.interventions.models import Intervention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    # A small demo: six weeks of reports, the last three days analysed, so that the planted
    # spate of break-ins in Johor Bahru has raised its alert.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command(
        "demo", "--days", "42", "--surveil-days", "3", "--krts", "1000", stdout=io.StringIO()
    )
    assert Alert.objects.filter(district__key="1_2").exists(), (
        "the demo raised no alert in Johor Bahru"
    )


def log_in(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "rukun-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


def test_a_district_officer_triages_an_alert_to_a_mediation_case(page, live_server, demo, shot):
    log_in(page, live_server.url, "johorbahru")
    page.click("header nav >> text=Amaran")
    page.wait_for_selector("[data-testid=alert-queue]")
    shot(page, "triage-1-queue")
    page.click("[data-testid=alert-queue] a >> nth=0")
    page.wait_for_selector("#alert-map[data-ready='1']")
    assert (
        page.locator("#alert-map .leaflet-interactive").count() >= 1
    )  # the alert's KRTs on the map
    evidence_rows = page.locator("[data-testid=evidence] tr").count() - 1
    assert evidence_rows >= 3
    shot(page, "triage-2-alert")
    alert_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=alert-status]:has-text('Disahkan')")
    page.select_option("#kind", "mediation")
    page.select_option("#owner", label="johorbahru · Pegawai perpaduan daerah")
    page.fill("#notes", "Sesi pengantaraan dengan wakil penduduk blok A dan B.")
    page.click("[data-testid=assign]")
    page.wait_for_selector("[data-testid=interventions] >> text=Kes pengantaraan")
    shot(page, "triage-3-confirmed")

    alert = Alert.objects.get(pk=alert_id)
    assert alert.status == "confirmed" and alert.triaged_by.username == "johorbahru"
    item = Intervention.objects.get(alert=alert)
    assert (
        item.kind == "mediation"
        and item.owner.username == "johorbahru"
        and item.status == "planned"
    )

    # An officer of another district cannot see it.
    page.click("header button:has-text('Log keluar')")
    log_in(page, live_server.url, "kualalumpur")
    response = page.goto(f"{live_server.url}/alerts/{alert_id}/")
    assert response.status == 404
    page.goto(f"{live_server.url}/alerts/")
    assert f"/alerts/{alert_id}/" not in page.content()
    shot(page, "triage-4-other-district")
