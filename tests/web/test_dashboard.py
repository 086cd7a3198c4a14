"""Dashboard pages, the KRT profile and the weekly district brief."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import re
import zlib

import pytest
from django.test import Client
from django.utils import timezone
from factories import labelled_report

from rukun.web.alerts.models import Alert, AlertStatus, Hotspot, SurveillanceRun
from rukun.web.audit.models import AuditEvent
from rukun.web.dashboard.geo import forget_outlines
from rukun.web.dashboard.risk import krt_risks, risk_level, surge_p_value
from rukun.web.interventions.models import Intervention

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Simplified boundaries are cached by district id, and ids repeat across tests.
    forget_outlines()


def make_report(krt, days_ago, category="noise", severity=2, three_r=False):
    when = timezone.now() - dt.timedelta(days=days_ago, hours=1)
    report = labelled_report(
        krt,
        when,
        category=category,
        severity=severity,
        three_r=three_r,
        redacted_text="laporan bising",
    )
    report.save()
    return report


def make_alert(
    geo, krts=("sri_muda",), key="A1", priority="high", status=AlertStatus.NEW, evidence=True
):
    krt_objs = [geo[k] for k in krts]
    district = krt_objs[0].district
    alert = Alert.objects.create(
        key=key,
        state=district.state,
        district=district,
        method="space_time_permutation",
        methods=["space_time_permutation"],
        category="ethnic",
        opened=YESTERDAY,
        last_signal_date=YESTERDAY,
        start=TODAY - dt.timedelta(days=4),
        end=YESTERDAY,
        observed=8,
        expected=0.6,
        p_value=0.001,
        recurrence_interval_days=4380,
        priority=priority,
        priority_score={"high": 0.8, "medium": 0.5, "low": 0.2}[priority],
        status=status,
        summary_ms=f"ringkasan {key}",
        summary_en=f"summary {key}",
    )
    alert.krts.set(krt_objs)
    alert.districts.set({k.district for k in krt_objs})
    if evidence:
        alert.evidence.set([make_report(k, 2, "ethnic", 3, True) for k in krt_objs])
    return alert


def as_user(user, lang=None):
    client = Client()
    client.force_login(user)
    if lang:
        client.post("/i18n/setlang/", {"language": lang, "next": "/"})
    return client


def map_data(response) -> dict:
    body = response.content.decode()
    match = re.search(r'id="dashboard-map-data" type="application/json">(.*?)</script>', body, re.S)
    assert match, "the page embeds no map data"
    return json.loads(match.group(1))


def pdf_text(pdf: bytes) -> str:
    """The decoded content streams of a ReportLab PDF (ASCII85 then Flate)."""
    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        data = raw.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2])
        try:
            out.append(zlib.decompress(data).decode("latin-1"))
        except zlib.error:
            out.append(data.decode("latin-1"))
    return "\n".join(out)


PAGES = [
    "/dashboard/",
    "/dashboard/state/10/",
    "/dashboard/district/10_9/",
    "/krt/KRT-10-09-0001/",
    "/brief/10_9/",
    "/brief/10_9.pdf",
]


# --- access -----------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
def test_it_requires_login(geo, url):
    response = Client().get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_it_refuses_post(people, url):
    assert as_user(people["analyst"]).post(url).status_code == 405


@pytest.mark.parametrize("url", PAGES)
def test_it_works_for_the_analyst(people, url):
    assert as_user(people["analyst"]).get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES[1:])
def test_it_works_for_the_state_officer(people, url):
    assert as_user(people["selangor_officer"]).get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES[2:])
def test_it_works_for_the_district_officer(people, url):
    assert as_user(people["petaling_officer"]).get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES[1:])
def test_it_hides_the_area_from_another_districts_officer(people, url):
    assert as_user(people["klang_officer"]).get(url).status_code == 404


def test_it_hides_another_state_from_a_state_officer(people):
    client = as_user(people["selangor_officer"])
    assert client.get("/dashboard/state/1/").status_code == 404
    assert client.get("/dashboard/district/1_2/").status_code == 404
    assert client.get("/krt/KRT-01-02-0001/").status_code == 404


def test_it_sends_each_role_from_the_national_page_to_its_area(people):
    expect = {
        "selangor_officer": "/dashboard/state/10/",
        "petaling_officer": "/dashboard/district/10_9/",
        "mediator": "/dashboard/district/10_9/",
        "krt_member": "/krt/KRT-10-09-0001/",
    }
    for persona, target in expect.items():
        response = as_user(people[persona]).get("/dashboard/")
        assert (response.status_code, response["Location"]) == (302, target), persona


def test_a_krt_member_sees_only_their_krt(people):
    client = as_user(people["krt_member"])
    assert client.get("/krt/KRT-10-09-0001/").status_code == 200
    assert client.get("/krt/KRT-10-09-0002/").status_code == 404
    assert client.get("/dashboard/district/10_9/").status_code == 404
    assert client.get("/brief/10_9/").status_code == 404


def test_unknown_areas_are_not_found(people):
    client = as_user(people["analyst"])
    assert client.get("/dashboard/state/99/").status_code == 404
    assert client.get("/dashboard/district/99_1/").status_code == 404
    assert client.get("/krt/KRT-NOPE/").status_code == 404


# --- risk -------------------------------------------------------------------


def test_the_surge_p_value_is_the_poisson_upper_tail():
    # Independent reference: P(X >= 5 | lambda = 0.5) = 1 - sum_{k<5} e^-0.5 0.5^k / k!
    reference = 1 - sum(math.exp(-0.5) * 0.5**k / math.factorial(k) for k in range(5))
    assert surge_p_value(5, 0.5) == pytest.approx(reference, rel=1e-9)
    assert surge_p_value(0, 3.0) == 1.0
    assert 0 < surge_p_value(40, 0.0) <= 1  # an empty baseline is floored, not zero


@pytest.mark.parametrize(
    ("priority", "hotspot", "observed", "expected", "level", "reasons", "in_area"),
    [
        (None, False, 0, 0.25, 0, [], False),
        (None, False, 0, 0.25, 1, ["alert_area"], True),
        ("high", False, 0, 0.25, 3, ["alert_high"], True),
        ("high", False, 0, 0.25, 3, ["alert_high"], False),
        ("medium", False, 0, 0.25, 2, ["alert_medium"], False),
        ("low", False, 0, 0.25, 1, ["alert_low"], False),
        (None, True, 0, 0.25, 1, ["hotspot"], False),
        ("low", True, 0, 0.25, 1, ["alert_low", "hotspot"], False),
        (None, True, 3, 0.25, 2, ["hotspot", "surge"], False),  # a chronic hotspot that surges
        (None, False, 3, 0.25, 1, ["surge"], False),  # p = 0.0022
        (None, False, 5, 0.25, 2, ["strong_surge"], False),  # p = 6.3e-6
        (None, False, 2, 0.01, 0, [], False),  # too few reports, however surprising
        (None, False, 6, 4.0, 0, [], False),  # within the KRT's usual rate (p = 0.21)
        ("high", False, 9, 0.25, 3, ["alert_high", "strong_surge"], False),
    ],
)
def test_the_risk_level(priority, hotspot, observed, expected, level, reasons, in_area):
    assert risk_level(priority, hotspot, observed, expected, in_area) == (level, reasons)


def test_risk_combines_alerts_hotspots_and_surges(people, geo):
    make_alert(geo, krts=("sri_muda",), priority="high")
    make_alert(geo, krts=("bandar_klang",), key="A2", priority="medium")
    make_alert(geo, krts=("ss2",), key="A3", priority="high", status=AlertStatus.DISMISSED)
    make_alert(geo, krts=("larkin",), key="A4", priority="high", evidence=False)
    run = SurveillanceRun.objects.create(day=YESTERDAY, state=geo["selangor"], status="done")
    Hotspot.objects.create(run=run, krt=geo["ss2"], z_score=3.2, p_value=0.001, rate=4.0)
    for _ in range(6):
        make_report(geo["larkin"], days_ago=3)
    make_report(geo["larkin"], days_ago=3, category="none")  # not a conflict: not counted
    risks = {r.code: r for r in krt_risks(people["analyst"], {}, YESTERDAY)}
    assert risks["KRT-10-09-0001"].level_name == "high"
    assert risks["KRT-10-04-0001"].level_name == "elevated"
    # The dismissed alert counts for nothing; the hotspot alone is to be watched.
    ss2 = risks["KRT-10-09-0002"]
    assert (ss2.level_name, ss2.reasons) == ("watch", ["hotspot"])
    larkin = risks["KRT-01-02-0001"]  # inside an alert's area, no evidence of its own
    assert (larkin.recent, larkin.reasons) == (6, ["alert_area", "strong_surge"])


def test_risk_reads_only_alerts_in_the_users_scope(people, geo):
    make_alert(geo, krts=("sri_muda", "bandar_klang"), priority="high")
    risks = krt_risks(people["klang_officer"], {"district_id": geo["klang"].pk}, YESTERDAY)
    assert [r.level_name for r in risks] == ["high"]  # the alert touches Klang, so it is theirs
    risks = krt_risks(people["krt_member"], {"pk": geo["ss2"].pk}, YESTERDAY)
    assert risks[0].level_name == "calm"


# --- pages ------------------------------------------------------------------


def test_the_district_page_maps_its_krts_and_queues_its_alerts(people, geo):
    mine = make_alert(geo, krts=("sri_muda",))
    theirs = make_alert(geo, krts=("bandar_klang",), key="A2")
    response = as_user(people["petaling_officer"]).get("/dashboard/district/10_9/")
    body = response.content.decode()
    data = map_data(response)
    assert sorted(k["c"] for k in data["krts"]) == ["KRT-10-09-0001", "KRT-10-09-0002"]
    assert {k["c"]: k["l"] for k in data["krts"]}["KRT-10-09-0001"] == 3
    assert [a["id"] for a in data["alerts"]] == [mine.pk]
    assert f"/alerts/{mine.pk}/" in body and f"/alerts/{theirs.pk}/" not in body
    assert "ringkasan A1" in body and 'data-testid="cluster-chart"' in body
    assert AuditEvent.objects.filter(action="view", object_type="dashboard").exists()


def test_the_national_page_aggregates_to_districts(people, geo):
    make_alert(geo, krts=("larkin",), priority="medium")
    response = as_user(people["analyst"]).get("/dashboard/")
    data = map_data(response)
    assert {d["key"]: d["l"] for d in data["districts"]} == {"10_9": 0, "10_4": 0, "1_2": 2}
    assert [k["c"] for k in data["krts"]] == ["KRT-01-02-0001"]  # only elevated or high
    body = response.content.decode()
    assert "/dashboard/state/10/" in body and "/dashboard/state/1/" in body


def test_the_state_page_links_its_districts_only(people, geo):
    body = as_user(people["selangor_officer"]).get("/dashboard/state/10/").content.decode()
    assert "/dashboard/district/10_9/" in body and "/dashboard/district/10_4/" in body
    assert "/dashboard/district/1_2/" not in body


def test_district_boundaries_are_drawn_when_present(people, geo):
    square = {
        "type": "Polygon",
        "coordinates": [[[101.5, 3.0], [101.7, 3.0], [101.7, 3.2], [101.5, 3.0]]],
    }
    geo["petaling"].boundary = square
    geo["petaling"].save(update_fields=("boundary",))
    data = map_data(as_user(people["petaling_officer"]).get("/dashboard/district/10_9/"))
    assert data["districts"][0]["g"]["type"] == "Polygon"
    data = map_data(as_user(people["analyst"]).get("/dashboard/"))
    assert {d["key"]: d["g"] is None for d in data["districts"]}["10_4"]  # falls back to a point


def test_trends_count_reports_by_category_and_cluster(people, geo):
    for days in (1, 2, 9):
        make_report(geo["sri_muda"], days, category="religious")
    make_report(geo["ss2"], 1, category="noise")
    make_report(geo["bandar_klang"], 1, category="political")  # another district
    body = as_user(people["petaling_officer"]).get("/dashboard/district/10_9/").content.decode()
    table = body[body.index('data-testid="category-trends"') :]
    assert "Agama" in table and "Bising" in table and "Politik</td>" not in table
    assert "Agama: 2" in body  # this week's bar of the religion cluster


def test_the_pages_speak_english_on_request(people, geo):
    client = as_user(people["petaling_officer"], lang="en")
    body = client.get("/dashboard/district/10_9/").content.decode()
    assert "Open alerts" in body and "How risk is defined" in body
    body = as_user(people["petaling_officer"]).get("/dashboard/district/10_9/").content.decode()
    assert "Amaran terbuka" in body


def test_the_krt_profile(people, geo):
    krt = geo["sri_muda"]
    krt.pop_bumi_malay, krt.pop_chinese, krt.pop_indian = 5000, 3000, 1000
    krt.update_diversity()
    krt.save()
    alert = make_alert(geo, krts=("sri_muda",), evidence=False)
    closed = make_alert(geo, krts=("sri_muda",), key="A2", status="closed", evidence=False)
    Intervention.objects.create(
        alert=alert, kind="dialogue", owner=people["petaling_officer"], due=TODAY
    )
    run = SurveillanceRun.objects.create(day=YESTERDAY, state=geo["selangor"], status="done")
    Hotspot.objects.create(run=run, krt=krt, z_score=2.9, p_value=0.004, rate=3.0)
    for days in (3, 40, 100):
        make_report(krt, days)
    make_report(geo["ss2"], 3)
    response = as_user(people["petaling_officer"]).get(f"/krt/{krt.code}/")
    body = response.content.decode()
    assert 'data-testid="population">9000<' in body
    assert 'data-testid="diversity">0.57<' in body  # 1 - (5^2 + 3^2 + 1^2) / 9^2
    assert 'data-testid="krt-rate">0.3<' in body  # 3 reports / 9,000 residents
    assert "daerah: 0.2" in body  # 4 reports / 21,000 residents of its KRTs
    assert f"/alerts/{alert.pk}/" in body and f"/alerts/{closed.pk}/" in body
    assert "Dialogue session" in body or "Sesi dialog" in body
    assert "Gi* z = 2.90" in body and 'data-testid="ethnic-bar"' in body
    assert AuditEvent.objects.filter(action="view", object_type="krt", object_id=krt.code).exists()


def test_a_krt_member_sees_no_district_rate(people, geo):
    body = as_user(people["krt_member"]).get("/krt/KRT-10-09-0001/").content.decode()
    assert "district:" not in body and "daerah:" not in body


# --- the weekly brief -------------------------------------------------------


def test_the_brief_lists_open_alerts_and_interventions_due(people, geo):
    alert = make_alert(geo, krts=("sri_muda",), evidence=False)
    make_alert(geo, krts=("ss2",), key="A2", status=AlertStatus.DISMISSED, evidence=False)
    Intervention.objects.create(
        alert=alert, kind="patrols", owner=people["petaling_officer"], due=TODAY - dt.timedelta(2)
    )
    Intervention.objects.create(
        alert=alert, kind="dialogue", owner=people["petaling_officer"], due=TODAY + dt.timedelta(60)
    )
    make_report(geo["sri_muda"], 2)
    body = as_user(people["petaling_officer"]).get("/brief/10_9/").content.decode()
    assert "ringkasan A1" in body and "ringkasan A2" not in body
    section = body[body.index('data-testid="brief-interventions"') :]
    section = section[: section.index("</table>")]
    assert section.count("<tr>") - 1 == 1 and "lewat" in section  # the overdue one only
    assert 'data-testid="brief-map"' in body and 'data-testid="brief-week">1<' in body
    event = AuditEvent.objects.get(action="export", object_type="brief")
    assert event.detail == {"format": "html", "week_end": str(YESTERDAY)}


def test_the_brief_takes_a_week_end(people, geo):
    make_report(geo["sri_muda"], 20)
    week_end = TODAY - dt.timedelta(days=19)
    client = as_user(people["petaling_officer"])
    body = client.get(f"/brief/10_9/?week_end={week_end:%Y-%m-%d}").content.decode()
    assert 'data-testid="brief-week">1<' in body
    assert f"{week_end - dt.timedelta(days=6):%Y-%m-%d} – {week_end:%Y-%m-%d}" in body


@pytest.mark.parametrize("value", ["last-week", "2026-02-30", "2999-01-01"])
def test_the_brief_refuses_a_bad_week_end(people, geo, value):
    response = as_user(people["petaling_officer"]).get(f"/brief/10_9/?week_end={value}")
    assert response.status_code == 400 and "week_end" in response.content.decode()
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_brief_pdf_is_a_pdf_with_the_districts_name(people, geo):
    alert = make_alert(geo, krts=("sri_muda",))
    Intervention.objects.create(
        alert=alert, kind="patrols", owner=people["petaling_officer"], due=TODAY
    )
    make_report(geo["sri_muda"], 2, category="religious")
    response = as_user(people["petaling_officer"], lang="en").get("/brief/10_9.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Petaling" in text and "summary A1" in text and "Weekly district brief" in text
    event = AuditEvent.objects.get(action="export", object_type="brief")
    assert event.detail["format"] == "pdf" and event.object_id == "10_9"


# --- query counts -----------------------------------------------------------


def _grow(geo, people, n):
    for i in range(n):
        alert = make_alert(geo, krts=("sri_muda", "ss2"), key=f"G{n}-{i}", priority="medium")
        Intervention.objects.create(
            alert=alert, kind="patrols", owner=people["petaling_officer"], due=TODAY
        )
        make_report(geo["sri_muda"], i % 30, category="noise")
        make_report(geo["ss2"], i % 30, category="ethnic")


@pytest.mark.parametrize(
    ("url", "bound"),
    [
        ("/dashboard/", 18),
        ("/dashboard/state/10/", 18),
        ("/dashboard/district/10_9/", 16),
        ("/krt/KRT-10-09-0001/", 18),
        ("/brief/10_9/", 16),
        ("/brief/10_9.pdf", 16),
    ],
)
def test_query_counts_are_bounded(people, geo, django_assert_max_num_queries, url, bound):
    client = as_user(people["analyst"])
    _grow(geo, people, 3)
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200
    _grow(geo, people, 25)
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200
