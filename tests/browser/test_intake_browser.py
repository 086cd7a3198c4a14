"""An officer logs in and submits a report through the form; the public reports anonymously."""

from __future__ import annotations

import pytest

from rukun.web.reports.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_logs_in_and_submits_a_report(page, live_server, people, geo, shot):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "petaling")
    page.fill("#id_password", "pw-petaling")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Pegawai perpaduan daerah" in page.content()  # Malay first
    shot(page, "officer-home")

    page.click("text=Laporan baharu")
    page.select_option("#id_source_choice", "srs_patrol")
    page.fill(
        "#id_text", "Rondaan malam: dua motosikal tanpa nombor plat berlegar di Jalan Sri Muda 2."
    )
    page.fill("#id_krt_code", "KRT-10-09-0001")
    shot(page, "officer-form")
    page.click("button.primary")
    page.wait_for_url("**/reports/*/")
    shot(page, "officer-report-detail")

    report = Report.objects.get()
    assert report.source == "srs_patrol" and report.channel == "officer_form"
    assert report.krt.code == "KRT-10-09-0001"
    assert report.submitted_by.username == "petaling"
    assert f"#{report.pk}" in page.content()


def test_the_public_reports_anonymously_and_sees_field_errors(page, live_server, geo, shot):
    page.goto(f"{live_server.url}/report/")
    page.fill("#id_text", "Sampah pukal dibuang di tepi padang setiap hujung minggu.")
    page.fill("#id_krt_code", "KRT-99-99-9999")
    page.click("button.primary")
    assert "not a registered KRT" in page.content()
    assert Report.objects.count() == 0

    page.fill("#id_krt_code", "KRT-10-09-0002")
    page.click("button.primary")
    page.wait_for_selector("[data-testid=thanks]")
    shot(page, "public-thanks")
    report = Report.objects.get()
    assert report.anonymous and report.channel == "form"
