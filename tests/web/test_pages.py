"""Pages: home per role, the forms, the list, one report and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from rukun.web.audit.models import AuditEvent
from rukun.web.reports.intake import submit
from rukun.web.reports.models import Report

pytestmark = pytest.mark.django_db


def seed(code, external_id, **extra):
    body = {
        "source": "krt_report",
        "external_id": external_id,
        "krt_code": code,
        "text": "Kereta parking depan pagar rumah No. 12, Jalan Mawar 3. Hubungi 012-3456789.",
        **extra,
    }
    return submit(body, channel="api", now=dt.datetime.now(dt.UTC), enrich=False).report


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_home_requires_login(geo):
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "persona",
    ["petaling_officer", "selangor_officer", "analyst", "auditor", "krt_member", "mediator"],
)
def test_every_role_has_a_home_page(people, persona):
    response = as_user(people[persona]).get("/")
    assert response.status_code == 200
    assert people[persona].get_role_display() in response.content.decode()


def test_home_counts_only_the_officers_area(people, geo):
    seed("KRT-10-09-0001", "a")
    seed("KRT-10-04-0001", "b")
    body = as_user(people["petaling_officer"]).get("/").content.decode()
    assert 'data-testid="count-7">1<' in body


def test_pages_speak_malay_first_and_english_on_request(people):
    client = as_user(people["petaling_officer"])
    assert "Laporan terkini" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Latest reports" in client.get("/").content.decode()


def test_public_form_accepts_an_anonymous_report(geo):
    response = Client().post(
        "/report/",
        {
            "text": "Sampah dibuang di tepi longkang setiap malam.",
            "krt_code": "KRT-10-09-0001",
            "anonymous": "on",
            "reporter_name": "Ali",
        },
    )
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.channel == "form" and report.source == "public_complaint"
    assert report.anonymous and report.reporter_name == ""  # anonymity drops the details given
    assert report.krt.code == "KRT-10-09-0001"


def test_public_form_shows_field_errors_and_stores_nothing(geo):
    response = Client().post("/report/", {"text": "bising", "krt_code": "KRT-00-00-0000"})
    assert response.status_code == 200
    assert "not a registered KRT" in response.content.decode()
    assert Report.objects.count() == 0


def test_public_form_is_rate_limited(geo, settings):
    from django.core.cache import cache

    cache.clear()
    settings.PUBLIC_REPORTS_PER_HOUR = 2
    client = Client()
    codes = [client.post("/report/", {"text": f"aduan {i}"}).status_code for i in range(3)]
    assert codes == [201, 201, 429]
    assert Report.objects.count() == 2


def test_officer_form_submits_with_the_officers_identity(people, geo):
    client = as_user(people["petaling_officer"])
    response = client.post(
        "/reports/new/",
        {
            "source_choice": "srs_patrol",
            "text": "Rondaan: motosikal mencurigakan di Jalan 2.",
            "krt_code": "KRT-10-09-0002",
            "external_id": "srs-77",
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert report.submitted_by == people["petaling_officer"] and report.source == "srs_patrol"
    assert AuditEvent.objects.filter(
        action="create", object_id=str(report.pk), user=people["petaling_officer"]
    ).exists()


def test_auditor_cannot_submit_through_the_form(people, geo):
    response = as_user(people["auditor"]).post(
        "/reports/new/", {"source_choice": "krt_report", "text": "x"}
    )
    assert response.status_code == 403
    assert Report.objects.count() == 0


def test_report_list_is_scoped_and_audited(people, geo):
    mine, theirs = seed("KRT-10-09-0001", "a"), seed("KRT-10-04-0001", "b")
    body = as_user(people["petaling_officer"]).get("/reports/").content.decode()
    assert f"/reports/{mine.pk}/" in body and f"/reports/{theirs.pk}/" not in body
    assert AuditEvent.objects.filter(action="list", user=people["petaling_officer"]).exists()


def test_report_detail_of_another_district_is_not_found(people, geo):
    theirs = seed("KRT-10-04-0001", "b")
    assert as_user(people["petaling_officer"]).get(f"/reports/{theirs.pk}/").status_code == 404
    assert not AuditEvent.objects.filter(action="view").exists()


def test_report_detail_shows_protected_details_only_to_officers(people, geo):
    mine = seed("KRT-10-09-0001", "a", reporter_name="Puan Siti", reporter_contact="019-2345678")
    officer = as_user(people["petaling_officer"]).get(f"/reports/{mine.pk}/").content.decode()
    member = as_user(people["krt_member"]).get(f"/reports/{mine.pk}/").content.decode()
    assert "019-2345678" in officer and "019-2345678" not in member
    assert AuditEvent.objects.get(action="view", user=people["petaling_officer"]).detail == {
        "personal": True
    }


def test_report_pages_refuse_the_wrong_method(people, geo):
    mine = seed("KRT-10-09-0001", "a")
    assert as_user(people["petaling_officer"]).post(f"/reports/{mine.pk}/").status_code == 405


def test_only_auditors_read_the_audit_trail(people):
    assert as_user(people["auditor"]).get("/audit/").status_code == 200
    assert as_user(people["petaling_officer"]).get("/audit/").status_code == 403


def test_login_and_failed_login_are_audited(people):
    client = Client()
    assert not client.login(username="petaling", password="wrong")
    assert (
        client.post("/login/", {"username": "petaling", "password": "pw-petaling"}).status_code
        == 302
    )
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert "login_failed" in actions and "login" in actions


def test_audit_rows_cannot_be_changed_or_deleted(people):
    from rukun.web.audit.models import ImmutableError

    event = AuditEvent.objects.create(actor="x", action="view")
    event.actor = "y"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()


def test_admin_is_for_system_admins_only(people):
    response = as_user(people["analyst"]).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_absurd_page_numbers_are_clamped(people, geo):
    client = as_user(people["petaling_officer"])
    assert client.get("/reports/?offset=99999999999999999999").status_code == 200
    assert as_user(people["auditor"]).get("/audit/?page=99999999999999999999").status_code == 200


def test_the_explanation_never_shows_personal_data(people, geo):
    report = submit(
        {
            "source": "krt_report",
            "krt_code": "KRT-10-09-0001",
            "text": "Encik Ahmad bin Salleh (012-3456789) bising karaoke tiap malam",
        },
        channel="api",
    ).report
    body = as_user(people["krt_member"]).get(f"/reports/{report.pk}/").content.decode()
    assert "salleh" not in body.lower() and "3456789" not in body
