"""Officers correct labels; corrections are kept and exported as training data."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from rukun.web.audit.models import AuditEvent
from rukun.web.reports.intake import submit
from rukun.web.reports.models import LabelCorrection, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(geo):
    body = {
        "source": "krt_report",
        "external_id": "c-1",
        "krt_code": "KRT-10-09-0001",
        "text": "Encik Ali call 012-3456789: jiran parking depan pagar lagi, dah tiga kali minggu ni.",
    }
    return submit(body, channel="api").report


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_every_accepted_report_is_understood(report):
    report.refresh_from_db()
    assert report.enrichment == "done" and report.model_version
    assert report.category in {"parking_road", "noise"} and report.severity in (1, 2, 3, 4)
    assert "012-3456789" not in report.redacted_text and "Ali" not in report.redacted_text


def test_the_report_page_explains_the_labels(people, report):
    body = as_user(people["petaling_officer"]).get(f"/reports/{report.pk}/").content.decode()
    assert "Mengapa label ini" in body and "category" in body


def test_an_officer_corrects_a_label(people, report):
    report.refresh_from_db()
    old = report.category
    new = "property_boundary" if old != "property_boundary" else "noise"
    client = as_user(people["petaling_officer"])
    response = client.post(
        f"/reports/{report.pk}/labels/",
        {"category": new, "three_r": "0", "severity": "2", "language": report.language},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.category == new and report.review == "reviewed"
    correction = LabelCorrection.objects.get(field="category")
    assert (correction.old_value, correction.new_value, correction.by) == (
        old,
        new,
        people["petaling_officer"],
    )
    assert correction.model_version == report.model_version
    assert AuditEvent.objects.filter(action="update", object_id=str(report.pk)).exists()


def test_bad_corrections_change_nothing(people, report):
    client = as_user(people["petaling_officer"])
    client.post(f"/reports/{report.pk}/labels/", {"category": "gossip", "severity": "2"})
    client.post(f"/reports/{report.pk}/labels/", {"severity": "9"})
    assert not LabelCorrection.objects.exists()


def test_only_officers_of_the_area_correct(people, report):
    assert (
        as_user(people["krt_member"])
        .post(f"/reports/{report.pk}/labels/", {"category": "noise"})
        .status_code
        == 403
    )
    assert (
        as_user(people["klang_officer"])
        .post(f"/reports/{report.pk}/labels/", {"category": "noise"})
        .status_code
        == 404
    )
    assert not LabelCorrection.objects.exists()


def test_corrections_export_as_redacted_training_records(people, report, tmp_path):
    as_user(people["petaling_officer"]).post(
        f"/reports/{report.pk}/labels/",
        {"category": "property_boundary", "three_r": "0", "severity": "3", "language": "mixed"},
    )
    out = tmp_path / "corrections.jsonl"
    call_command("export_corrections", str(out), stdout=io.StringIO())
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert (
        record["category"] == "property_boundary"
        and record["severity"] == 3
        and record["language"] == "mixed"
    )
    assert "012-3456789" not in record["text"]
    from rukun.nlp.corpus import parse_record

    parse_record(record)  # the training format accepts it
    assert Report.objects.get().corrections.count() >= 1
