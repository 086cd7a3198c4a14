"""The reports API: submit, batch, list, get — for each persona."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from rukun.web.audit.models import AuditEvent
from rukun.web.reports.models import Report

pytestmark = pytest.mark.django_db


def post(client, path, body, **headers):
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def payload(**overrides):
    body = {
        "source": "krt_report",
        "external_id": "ext-1",
        "text": "Jiran buat bising karaoke sampai pukul 2 pagi setiap malam minggu.",
        "krt_code": "KRT-10-09-0001",
        "occurred_at": "2026-11-20T22:30:00+08:00",
    }
    body.update(overrides)
    return body


def test_it_accepts_a_report_with_a_token(token):
    response = post(Client(), "/api/reports", payload(), **bearer(token))
    assert response.status_code == 201, response.content
    report = Report.objects.get(pk=response.json()["id"])
    assert report.krt.code == "KRT-10-09-0001"
    assert report.district.key == "10_9" and report.state.code == 10
    assert report.raw_payload["text"] == payload()["text"]
    assert report.channel == "api"
    assert AuditEvent.objects.filter(
        action="create", object_type="report", object_id=str(report.pk)
    ).exists()


def test_it_is_idempotent_on_source_and_external_id(token):
    first = post(Client(), "/api/reports", payload(), **bearer(token))
    again = post(Client(), "/api/reports", payload(text="something else entirely"), **bearer(token))
    assert again.status_code == 200
    assert again.json() == {"status": "duplicate", "id": first.json()["id"]}
    assert Report.objects.count() == 1
    assert Report.objects.get().text == payload()["text"]


def test_it_rejects_unauthenticated_requests(geo):
    response = post(Client(), "/api/reports", payload())
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert Report.objects.count() == 0


def test_it_rejects_a_revoked_token(token):
    from django.utils import timezone

    from rukun.web.accounts.models import ApiToken

    ApiToken.objects.update(revoked=timezone.now())
    assert post(Client(), "/api/reports", payload(), **bearer(token)).status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": 42}, "text"),
        ({"source": "fax"}, "source"),
        ({"krt_code": "KRT-99-99-9999"}, "krt_code"),
        ({"occurred_at": "2099-01-01T00:00:00+08:00"}, "occurred_at"),
        ({"occurred_at": "1999-12-31"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"krt_code": None, "lat": 51.5, "lon": -0.12}, "lat"),
        ({"krt_code": None, "lat": "abc", "lon": 101.5}, "lat"),
        ({"krt_code": None, "lat": 3.1}, "lon"),
        ({"colour": "red"}, "colour"),
        ({"anonymous": "yes"}, "anonymous"),
    ],
)
def test_it_names_the_bad_field(token, change, field):
    response = post(Client(), "/api/reports", payload(**change), **bearer(token))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"] == "invalid"
    assert field in [e["field"] for e in body["detail"]]
    assert all(e["allowed"] for e in body["detail"])
    assert Report.objects.count() == 0


def test_it_rejects_malformed_json(token):
    response = Client().post(
        "/api/reports", data="{not json", content_type="application/json", **bearer(token)
    )
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_it_rejects_a_body_over_two_megabytes(token):
    body = payload(text="a" * (2 * 1024 * 1024 + 10))
    response = post(Client(), "/api/reports", body, **bearer(token))
    assert response.status_code == 413
    assert Report.objects.count() == 0


def test_it_refuses_the_wrong_method(token):
    response = Client().delete("/api/reports", **bearer(token))
    assert response.status_code == 405


def test_batch_is_per_item(token):
    items = [payload(external_id=f"b-{i}") for i in range(3)] + [
        payload(external_id="b-bad", text="")
    ]
    items.append(payload(external_id="b-0"))
    response = post(Client(), "/api/reports/batch", {"reports": items}, **bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (3, 1, 1)
    assert body["results"][3]["status"] == "rejected"
    assert body["results"][3]["errors"][0]["field"] == "text"
    assert body["results"][4]["id"] == body["results"][0]["id"]
    assert Report.objects.count() == 3


def test_batch_over_the_limit_is_refused_whole(token):
    items = [payload(external_id=f"big-{i}", text="bising") for i in range(1001)]
    response = post(Client(), "/api/reports/batch", {"reports": items}, **bearer(token))
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert Report.objects.count() == 0


def test_a_report_placed_by_coordinates_resolves_to_the_nearest_krt(token):
    body = payload(krt_code=None, lat=3.0350, lon=101.5400)
    response = post(Client(), "/api/reports", body, **bearer(token))
    report = Report.objects.get(pk=response.json()["id"])
    assert report.krt.code == "KRT-10-09-0001"
    assert report.location_status == "resolved"


def test_a_report_without_location_is_accepted_and_flagged(token):
    response = post(Client(), "/api/reports", payload(krt_code=None), **bearer(token))
    assert response.status_code == 201
    report = Report.objects.get(pk=response.json()["id"])
    assert report.location_status == "unresolved" and report.district is None


def _seed(geo):
    from rukun.web.reports.intake import submit

    now = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)
    out = {}
    for key, code in [
        ("petaling", "KRT-10-09-0001"),
        ("klang", "KRT-10-04-0001"),
        ("johor", "KRT-01-02-0001"),
    ]:
        out[key] = submit(
            payload(
                external_id=key,
                krt_code=code,
                reporter_name="Encik Ahmad",
                reporter_contact="012-3456789",
            ),
            channel="api",
            now=now,
            enrich=False,
        ).report
    return out


def login(client, user):
    client.force_login(user)
    return client


def test_a_district_officer_lists_only_their_district(people, geo):
    reports = _seed(geo)
    client = login(Client(), people["petaling_officer"])
    items = client.get("/api/reports").json()["items"]
    assert [i["id"] for i in items] == [reports["petaling"].pk]
    # A filter for another district returns nothing rather than leaking it.
    assert client.get("/api/reports?district=10_4").json()["items"] == []


def test_a_district_officer_cannot_open_another_districts_report(people, geo):
    reports = _seed(geo)
    client = login(Client(), people["petaling_officer"])
    response = client.get(f"/api/reports/{reports['klang'].pk}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert client.get(f"/api/reports/{reports['petaling'].pk}").status_code == 200


def test_a_state_officer_sees_the_whole_state(people, geo):
    _seed(geo)
    items = login(Client(), people["selangor_officer"]).get("/api/reports").json()["items"]
    assert sorted(i["district"] for i in items) == ["10_4", "10_9"]


def test_a_krt_member_sees_only_their_krt(people, geo):
    reports = _seed(geo)
    items = login(Client(), people["krt_member"]).get("/api/reports").json()["items"]
    assert [i["id"] for i in items] == [reports["petaling"].pk]


def test_personal_data_is_shown_to_officers_and_audited(people, geo):
    reports = _seed(geo)
    client = login(Client(), people["petaling_officer"])
    body = client.get(f"/api/reports/{reports['petaling'].pk}").json()
    assert body["reporter"]["contact"] == "012-3456789"
    event = AuditEvent.objects.get(action="view", object_id=str(reports["petaling"].pk))
    assert event.user == people["petaling_officer"] and event.detail == {"personal": True}


def test_personal_data_is_withheld_from_krt_members(people, geo):
    reports = _seed(geo)
    body = (
        login(Client(), people["krt_member"]).get(f"/api/reports/{reports['petaling'].pk}").json()
    )
    assert "reporter" not in body
    assert body["text"] == ""  # not yet redacted, so nothing is shown


def test_list_is_paginated_by_cursor(people, geo):
    from rukun.web.reports.intake import submit

    base = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    for i in range(7):
        submit(
            payload(external_id=f"p{i}", occurred_at=None),
            channel="api",
            now=base + dt.timedelta(hours=i),
            enrich=False,
        )
    client = login(Client(), people["analyst"])
    seen, cursor = [], None
    while True:
        url = "/api/reports?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).json()
        seen += [i["external_id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [f"p{i}" for i in reversed(range(7))]


def test_list_rejects_unknown_filter_values(people, geo):
    client = login(Client(), people["analyst"])
    response = client.get("/api/reports?category=gossip")
    assert response.status_code == 400
    assert "allowed" in response.json()["detail"]


def test_auditor_cannot_submit(people, geo):
    client = login(Client(), people["auditor"])
    response = post(client, "/api/reports", payload())
    assert response.status_code == 403
    assert Report.objects.count() == 0


def test_a_read_only_token_cannot_submit(geo):
    from rukun.web.accounts.models import ApiToken

    _, raw = ApiToken.issue("reader", role="national_analyst", can_submit=False, can_read=True)
    assert post(Client(), "/api/reports", payload(), **bearer(raw)).status_code == 403


def test_a_gateway_relays_a_residents_message(token):
    body = {
        "message_id": "wamid.1",
        "sender": "+60123456789",
        "text": "Bising mercun tengah malam kat blok C",
        "krt_code": "KRT-10-09-0001",
    }
    first = post(Client(), "/api/reports/messages", body, **bearer(token))
    again = post(Client(), "/api/reports/messages", body, **bearer(token))
    assert (first.status_code, again.status_code) == (201, 200)
    report = Report.objects.get()
    assert report.channel == "webhook" and report.source == "resident_message"
    assert report.reporter_contact == "+60123456789" and report.krt.code == "KRT-10-09-0001"


def test_a_message_without_sender_is_refused(token):
    response = post(
        Client(), "/api/reports/messages", {"message_id": "m2", "text": "hello"}, **bearer(token)
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "sender"
    assert Report.objects.count() == 0


def test_a_huge_number_is_a_field_error_not_a_crash(token):
    response = Client().post(
        "/api/reports",
        data='{"source": "krt_report", "text": "x", "lat": 1' + "0" * 400 + ', "lon": 101.5}',
        content_type="application/json",
        **bearer(token),
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "lat"


def test_gateway_message_ids_do_not_collide_across_senders(people, geo):
    from rukun.web.accounts.models import ApiToken

    _, other = ApiToken.issue(
        "klang-gateway", role="district_officer", district=geo["klang"], state=geo["selangor"]
    )
    _, mine = ApiToken.issue(
        "petaling-gateway-2",
        role="district_officer",
        district=geo["petaling"],
        state=geo["selangor"],
    )
    body = {
        "message_id": "1",
        "sender": "+60123456789",
        "text": "Bising",
        "krt_code": "KRT-10-09-0001",
    }
    assert post(Client(), "/api/reports/messages", body, **bearer(mine)).status_code == 201
    other_body = {**body, "text": "Sampah", "krt_code": "KRT-10-04-0001"}
    assert post(Client(), "/api/reports/messages", other_body, **bearer(other)).status_code == 201
    assert Report.objects.count() == 2
    too_long = {**body, "message_id": "x" * 101}
    assert post(Client(), "/api/reports/messages", too_long, **bearer(mine)).status_code == 422


def test_a_duplicate_outside_the_callers_area_does_not_reveal_its_id(geo):
    from rukun.web.accounts.models import ApiToken

    _, klang = ApiToken.issue(
        "klang", role="district_officer", district=geo["klang"], state=geo["selangor"]
    )
    _, petaling = ApiToken.issue(
        "petaling", role="district_officer", district=geo["petaling"], state=geo["selangor"]
    )
    post(Client(), "/api/reports", payload(external_id="shared"), **bearer(petaling))
    again = post(Client(), "/api/reports", payload(external_id="shared"), **bearer(klang))
    assert again.status_code == 200 and again.json() == {"status": "duplicate"}


def test_anonymous_reports_do_not_keep_contact_details(token):
    post(
        Client(),
        "/api/reports",
        payload(anonymous=True, reporter_name="Ali", reporter_contact="012-3456789"),
        **bearer(token),
    )
    report = Report.objects.get()
    assert (
        "reporter_contact" not in report.raw_payload and "reporter_name" not in report.raw_payload
    )
    assert report.reporter_contact == "" and report.raw_payload["text"] == payload()["text"]


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/nope", 404, "not_found"),
        ("put", "/api/reports", 405, "method_not_allowed"),
    ],
)
def test_api_errors_keep_their_shape(token, method, path, status, code):
    response = getattr(Client(), method)(path, **bearer(token))
    assert response.status_code == status and response.json()["error"] == code
