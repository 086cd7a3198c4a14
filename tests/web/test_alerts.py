"""Alerts: the queue, one alert, triage, interventions, outcomes, exports and routing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from factories import labelled_report

from rukun.web.alerts.models import Alert, AlertStatus, Delivery, NotificationPreference
from rukun.web.alerts.notify import notify, recipients, sign
from rukun.web.alerts.outcome import outcome_figures
from rukun.web.audit.models import AuditEvent
from rukun.web.interventions.models import Intervention

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_report(krt, days_ago, category="ethnic", severity=3, three_r=True):
    when = timezone.now() - dt.timedelta(days=days_ago)
    report = labelled_report(
        krt,
        when,
        category=category,
        severity=severity,
        three_r=three_r,
        redacted_text="redacted text",
    )
    report.save()
    return report


def make_alert(geo, krts=("sri_muda", "ss2"), key="A1", status=AlertStatus.NEW, **fields):
    krt_objs = [geo[k] for k in krts]
    district = krt_objs[0].district
    alert = Alert.objects.create(
        key=key,
        state=district.state,
        district=district,
        method="space_time_permutation",
        methods=["space_time_permutation"],
        category="ethnic",
        opened=TODAY - dt.timedelta(days=1),
        last_signal_date=TODAY - dt.timedelta(days=1),
        start=TODAY - dt.timedelta(days=4),
        end=TODAY - dt.timedelta(days=1),
        observed=8,
        expected=0.6,
        p_value=0.001,
        recurrence_interval_days=4380,
        priority="high",
        priority_score=0.8,
        status=status,
        summary_ms="8 laporan ketegangan kaum",
        summary_en="8 reports of ethnic tension",
        **fields,
    )
    alert.krts.set(krt_objs)
    alert.districts.set({k.district for k in krt_objs})
    alert.evidence.set([make_report(k, 2) for k in krt_objs])
    return alert


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_queue_shows_only_alerts_in_the_officers_area(people, geo):
    mine = make_alert(geo)
    theirs = make_alert(geo, krts=("bandar_klang",), key="A2")
    body = as_user(people["petaling_officer"]).get("/alerts/").content.decode()
    assert f"/alerts/{mine.pk}/" in body and f"/alerts/{theirs.pk}/" not in body
    assert (
        f"/alerts/{theirs.pk}/"
        in as_user(people["selangor_officer"]).get("/alerts/").content.decode()
    )


def test_an_alert_page_explains_itself_and_is_audited(people, geo):
    alert = make_alert(geo)
    client = as_user(people["petaling_officer"])
    body = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "8 laporan ketegangan kaum" in body and "redacted text" in body
    assert 'data-testid="timeline"' in body and "map-points" in body
    assert AuditEvent.objects.filter(
        action="view", object_type="alert", object_id=str(alert.pk)
    ).exists()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "8 reports of ethnic tension" in client.get(f"/alerts/{alert.pk}/").content.decode()


def test_another_districts_officer_cannot_see_or_triage_it(people, geo):
    alert = make_alert(geo)
    client = as_user(people["klang_officer"])
    assert client.get(f"/alerts/{alert.pk}/").status_code == 404
    assert client.post(f"/alerts/{alert.pk}/confirm/").status_code == 404
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.NEW


def test_login_is_required(geo):
    alert = make_alert(geo)
    assert Client().get(f"/alerts/{alert.pk}/").status_code == 302


def test_a_krt_member_sees_but_cannot_triage(people, geo):
    alert = make_alert(geo)
    client = as_user(people["krt_member"])
    assert client.get(f"/alerts/{alert.pk}/").status_code == 200
    assert client.post(f"/alerts/{alert.pk}/confirm/").status_code == 403


def test_triage_pages_refuse_get(people, geo):
    alert = make_alert(geo)
    assert (
        as_user(people["petaling_officer"]).get(f"/alerts/{alert.pk}/confirm/").status_code == 405
    )


def test_confirm_then_close_with_an_outcome(people, geo):
    alert = make_alert(geo)
    client = as_user(people["petaling_officer"])
    client.post(f"/alerts/{alert.pk}/confirm/", {"note": "seen"})
    alert.refresh_from_db()
    assert (
        alert.status == "confirmed"
        and alert.triaged_by == people["petaling_officer"]
        and alert.triage_note == "seen"
    )
    client.post(f"/alerts/{alert.pk}/close/", {"outcome": "improved", "note": "calmer"})
    alert.refresh_from_db()
    assert (alert.status, alert.outcome) == ("closed", "improved") and alert.closed_at
    details = [
        e.detail
        for e in AuditEvent.objects.filter(object_type="alert", action="update").order_by("id")
    ]
    assert details[0] == {"status": "confirmed"}
    assert details[1]["outcome"] == "improved" and "before" in details[1]


def test_dismissal_needs_a_reason(people, geo):
    alert = make_alert(geo)
    client = as_user(people["petaling_officer"])
    client.post(f"/alerts/{alert.pk}/dismiss/", {"reason": ""})
    assert Alert.objects.get(pk=alert.pk).status == "new"
    client.post(f"/alerts/{alert.pk}/dismiss/", {"reason": "other"})
    assert Alert.objects.get(pk=alert.pk).status == "new"  # "other" needs a note
    client.post(f"/alerts/{alert.pk}/dismiss/", {"reason": "false_pattern"})
    alert.refresh_from_db()
    assert (alert.status, alert.dismiss_reason) == ("dismissed", "false_pattern")


def test_closing_needs_a_confirmed_alert(people, geo):
    alert = make_alert(geo)
    as_user(people["petaling_officer"]).post(f"/alerts/{alert.pk}/close/", {"outcome": "resolved"})
    assert Alert.objects.get(pk=alert.pk).status == "new"


def test_merge_folds_areas_and_evidence_into_the_other_alert(people, geo):
    first = make_alert(geo, krts=("sri_muda",), key="A1")
    second = make_alert(geo, krts=("ss2",), key="A2")
    as_user(people["petaling_officer"]).post(f"/alerts/{second.pk}/merge/", {"into": first.pk})
    second.refresh_from_db()
    assert second.status == "merged" and second.merged_into == first
    assert set(first.krts.values_list("code", flat=True)) == {"KRT-10-09-0001", "KRT-10-09-0002"}
    assert first.evidence.count() == 2


def test_assigning_a_mediation_case(people, geo):
    alert = make_alert(geo)
    client = as_user(people["petaling_officer"])
    due = (TODAY + dt.timedelta(days=7)).isoformat()
    client.post(
        f"/alerts/{alert.pk}/interventions/",
        {"kind": "mediation", "owner": people["mediator"].pk, "due": due, "notes": "both families"},
    )
    item = Intervention.objects.get()
    assert (item.kind, item.owner, item.status, item.due.isoformat()) == (
        "mediation",
        people["mediator"],
        "planned",
        due,
    )
    assert AuditEvent.objects.filter(action="create", object_type="intervention").exists()
    # The owner moves it on; starting it dates the outcome window.
    as_user(people["mediator"]).post(
        f"/interventions/{item.pk}/", {"status": "in_progress", "note": "first session"}
    )
    item.refresh_from_db()
    assert (
        item.status == "in_progress"
        and item.started_on == dt.date.today()
        and "first session" in item.notes
    )


def test_a_community_programme_needs_an_initiative(people, geo):
    alert = make_alert(geo)
    client = as_user(people["petaling_officer"])
    base = {"kind": "programme", "owner": people["petaling_officer"].pk, "due": TODAY.isoformat()}
    client.post(f"/alerts/{alert.pk}/interventions/", base)
    assert not Intervention.objects.exists()
    client.post(f"/alerts/{alert.pk}/interventions/", {**base, "initiative": "heritage_culture"})
    assert Intervention.objects.get().initiative == "heritage_culture"


def test_bad_intervention_input_creates_nothing(people, geo):
    alert = make_alert(geo)
    client = as_user(people["petaling_officer"])
    client.post(
        f"/alerts/{alert.pk}/interventions/",
        {"kind": "prayer", "owner": people["mediator"].pk, "due": TODAY.isoformat()},
    )
    client.post(
        f"/alerts/{alert.pk}/interventions/",
        {"kind": "mediation", "owner": people["mediator"].pk, "due": "tomorrow"},
    )
    assert not Intervention.objects.exists()


def test_outcome_compares_thirty_days_before_and_after(geo):
    alert = make_alert(geo, krts=("sri_muda",))
    krt = geo["sri_muda"]
    for days_ago in (41, 35, 25, 20, 12):
        make_report(krt, days_ago)
    make_report(krt, 5)
    Intervention.objects.create(
        alert=alert,
        kind="mediation",
        owner=_officer(geo),
        due=TODAY,
        started_on=TODAY - dt.timedelta(days=10),
    )
    figures = outcome_figures(alert)
    assert figures.pivot == TODAY - dt.timedelta(days=10)
    # Before: the 30 days up to the start hold 35, 25, 20 and 12 days ago (41 is too early);
    # after: 5 days ago and the evidence report of 2 days ago.
    assert (figures.before, figures.after, figures.days_after) == (4, 2, 10)
    assert figures.change == pytest.approx((2 / 10) / (4 / 30) - 1)


def _officer(geo):
    from rukun.web.accounts.models import User

    return User.objects.create_user("owner", role="district_officer", district=geo["petaling"])


def test_exports_are_scoped_and_audited(people, geo):
    mine = make_alert(geo)
    make_alert(geo, krts=("bandar_klang",), key="A2")
    client = as_user(people["petaling_officer"])
    csv_body = b"".join(client.get("/alerts/export.csv").streaming_content).decode()
    assert csv_body.count("\n") == 2 and f"\n{mine.pk}," in csv_body
    geo_body = json.loads(b"".join(client.get("/alerts/export.geojson").streaming_content))
    assert [f["properties"]["id"] for f in geo_body["features"]] == [mine.pk]
    reports = json.loads(b"".join(client.get("/reports/export.geojson").streaming_content))
    assert {f["properties"]["district"] for f in reports["features"]} == {"10_9"}
    assert all(f["properties"]["text"] == "redacted text" for f in reports["features"])
    assert AuditEvent.objects.filter(action="export").count() == 3
    assert client.get("/alerts/export.xlsx").status_code == 404


def test_notifications_reach_the_officers_in_charge_once_per_version(people, geo):
    for name in ("petaling_officer", "klang_officer", "selangor_officer"):
        people[name].email = f"{name}@example.my"
        people[name].save()
    alert = make_alert(geo)
    assert {u.username for u in recipients(alert)} == {"petaling", "selangor"}
    assert notify(alert) == 2 and len(mail.outbox) == 2
    assert notify(alert) == 0 and len(mail.outbox) == 2  # the same version is not sent twice
    Alert.objects.filter(pk=alert.pk).update(n_signals=2)
    alert.refresh_from_db()
    assert notify(alert) == 2 and "Amaran dikemas kini" in mail.outbox[-1].subject
    assert Delivery.objects.count() == 4


def test_officers_choose_what_reaches_them(people, geo):
    people["petaling_officer"].email = "p@example.my"
    people["petaling_officer"].save()
    NotificationPreference.objects.create(user=people["petaling_officer"], categories=["noise"])
    assert recipients(make_alert(geo)) == []


def test_webhooks_are_signed(geo):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    from rukun.web.alerts.models import Webhook

    received = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            received["body"] = self.rfile.read(int(self.headers["Content-Length"]))
            received["signature"] = self.headers["X-Rukun-Signature"]
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    Webhook.objects.create(
        name="partner",
        url=f"http://127.0.0.1:{server.server_port}/hook",
        secret="s3cret",
        state=geo["selangor"],
    )
    alert = make_alert(geo)
    assert notify(alert) == 1
    thread.join(5)
    server.server_close()
    assert received["signature"] == sign("s3cret", received["body"])
    assert json.loads(received["body"])["key"] == "A1"


def test_the_alert_api_is_scoped(people, geo):
    mine = make_alert(geo)
    theirs = make_alert(geo, krts=("bandar_klang",), key="A2")
    client = as_user(people["petaling_officer"])
    assert [a["id"] for a in client.get("/api/alerts").json()["items"]] == [mine.pk]
    body = client.get(f"/api/alerts/{mine.pk}").json()
    assert body["krts"] == ["KRT-10-09-0001", "KRT-10-09-0002"] and len(body["evidence"]) == 2
    assert client.get(f"/api/alerts/{theirs.pk}").status_code == 404
    assert client.get("/api/alerts?status=bogus").status_code == 400
    assert Client().get("/api/alerts").status_code == 401


def test_evidence_outside_the_callers_area_is_withheld(people, geo):
    alert = make_alert(geo, krts=("sri_muda", "bandar_klang"))
    klang_report = alert.evidence.get(krt=geo["bandar_klang"])
    client = as_user(people["petaling_officer"])
    body = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert (
        f"/reports/{klang_report.pk}/" not in body and "1 laporan lagi di luar kawasan anda" in body
    )
    api = client.get(f"/api/alerts/{alert.pk}").json()
    assert klang_report.pk not in api["evidence"] and api["evidence_outside_your_area"] == 1


def test_an_owner_must_work_in_the_alerts_area(people, geo):
    from rukun.web.accounts.models import User

    alert = make_alert(geo)
    outsider = User.objects.create_user(
        "jbmember", role="krt_member", krt=geo["larkin"], district=geo["jb"]
    )
    client = as_user(people["petaling_officer"])
    client.post(
        f"/alerts/{alert.pk}/interventions/",
        {"kind": "mediation", "owner": outsider.pk, "due": TODAY.isoformat()},
    )
    assert not Intervention.objects.exists()
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "jbmember" not in page and "mediator" in page


def test_a_bad_merge_target_is_refused_without_error(people, geo):
    alert = make_alert(geo)
    response = as_user(people["petaling_officer"]).post(
        f"/alerts/{alert.pk}/merge/", {"into": "abc"}
    )
    assert response.status_code == 302 and Alert.objects.get(pk=alert.pk).status == "new"


def test_a_failed_delivery_is_retried_next_time(people, geo, settings):
    people["petaling_officer"].email = "p@example.my"
    people["petaling_officer"].save()
    alert = make_alert(geo)
    from unittest import mock

    with mock.patch("rukun.web.alerts.notify.send_mail", side_effect=OSError("smtp down")):
        assert notify(alert) == 0
    assert not Delivery.objects.filter(channel="email").exists()
    assert notify(alert) == 1 and len(mail.outbox) == 1


def test_a_district_webhook_hears_only_its_district(geo):
    from rukun.web.alerts.models import Webhook
    from rukun.web.alerts.notify import webhooks_for

    Webhook.objects.create(
        name="klang",
        url="http://127.0.0.1:9/klang",
        secret="s",
        state=geo["selangor"],
        district=geo["klang"],
    )
    Webhook.objects.create(
        name="selangor", url="http://127.0.0.1:9/sel", secret="s", state=geo["selangor"]
    )
    Webhook.objects.create(name="national", url="http://127.0.0.1:9/all", secret="s")
    alert = make_alert(geo)  # Petaling
    assert sorted(h.name for h in webhooks_for(alert)) == ["national", "selangor"]
    notify(alert)  # nothing listens on port 9: the deliveries are released for a retry
    assert not Delivery.objects.filter(channel="webhook").exists()
