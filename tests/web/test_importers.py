"""Importers: DOSM geography, the built-in list, KRT registers and report files."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from rukun.web.registry.importers import import_builtin, import_reference
from rukun.web.registry.krt import generate_krts, import_krt_csv
from rukun.web.registry.models import District, Krt, State
from rukun.web.reports.models import Report

pytestmark = pytest.mark.django_db

REFERENCE = Path(
    os.environ.get(
        "RUKUN_REFERENCE_DIR", Path(__file__).resolve().parents[3] / "shared" / "data" / "my"
    )
)
needs_reference = pytest.mark.skipif(
    not (REFERENCE / "states.csv").is_file(), reason=f"reference data absent at {REFERENCE}"
)


def test_builtin_list_has_every_state_and_district():
    summary = import_builtin()
    assert (summary.states, summary.districts) == (16, 160)
    assert State.objects.get(code=14).name == "W.P. Kuala Lumpur"
    petaling = District.objects.get(key="10_5")
    assert petaling.name == "Petaling" and petaling.population == 2_298_100
    # Malaysia's 2020 population (adjusted census, OpenDOSM): about 32.4 million.
    assert 32_000_000 < sum(District.objects.values_list("population", flat=True)) < 33_000_000


@needs_reference
def test_reference_import_reads_the_dosm_files():
    summary = import_reference(REFERENCE)
    assert (summary.states, summary.districts, summary.with_boundary, summary.with_ethnicity) == (
        16,
        160,
        160,
        160,
    )
    bp = District.objects.get(key="1_1")
    # Batu Pahat 2020, OpenDOSM population_district (thousands): 495.3 overall, 311.3 Malay, 140.1 Chinese.
    assert (bp.population, bp.pop_bumi_malay, bp.pop_chinese) == (495_300, 311_300, 140_100)
    # Census 2020 religion counts for Batu Pahat come from census_district.csv.
    assert bp.rel_muslim > bp.rel_buddhist > bp.rel_hindu > 0
    assert 0 < bp.diversity < 1 and bp.boundary["type"] == "MultiPolygon"
    johor = State.objects.get(code=1)
    assert johor.population == sum(d.population for d in johor.districts.all())


@needs_reference
def test_generated_krts_lie_inside_their_districts_in_proportion():
    from shapely.geometry import Point, shape

    import_reference(REFERENCE)
    n = generate_krts(860, random_state=7)
    assert 840 <= n <= 900
    for krt in Krt.objects.select_related("district").order_by("?")[:100]:
        assert shape(krt.district.boundary).contains(Point(krt.lon, krt.lat)), krt.code
    petaling = Krt.objects.filter(district__key="10_5").count()
    # Petaling holds about 7.1% of Malaysia's people, so about 7.1% of the KRTs.
    assert abs(petaling / n - 2_298_100 / 32_447_385) < 0.01
    assert generate_krts(860, random_state=7) == n  # regenerating replaces, not adds
    assert Krt.objects.count() == n


def test_krt_csv_import_reports_rejected_rows():
    import_builtin()
    csv_text = (
        "code,name,district,lat,lon,population,pop_chinese\n"
        "KRT-A,Taman Mawar,10_5,3.10,101.60,5000,1200\n"
        "KRT-B,Taman Melati,99_9,3.10,101.60,5000,\n"
        "KRT-C,Kampung Baru,14_1,45.0,101.60,abc,\n"
        "KRT-A,Taman Mawar Lagi,10_5,3.10,101.60,5000,\n"
    )
    summary = import_krt_csv(io.StringIO(csv_text))
    assert summary.accepted == 1
    lines = dict(summary.rejected)
    assert "district" in lines[3] and "lat" in lines[4] and "population" in lines[4]
    assert "twice" in lines[5]
    assert Krt.objects.get(code="KRT-A").pop_chinese == 1200


def test_krt_csv_without_the_required_columns_is_refused():
    with pytest.raises(ValueError, match="header lacks"):
        import_krt_csv(io.StringIO("code,name\nA,B\n"))


def test_import_reports_streams_csv_and_jsonl(geo, tmp_path):
    jsonl = tmp_path / "r.jsonl"
    lines = [
        json.dumps(
            {
                "source": "krt_report",
                "external_id": "j1",
                "text": "Bising karaoke",
                "krt_code": "KRT-10-09-0001",
            }
        ),
        "{broken",
        json.dumps({"source": "krt_report", "external_id": "j2", "text": ""}),
        json.dumps({"source": "krt_report", "external_id": "j1", "text": "Bising karaoke"}),
    ]
    jsonl.write_text("\n".join(lines) + "\n")
    out = io.StringIO()
    call_command("import_reports", str(jsonl), stdout=out)
    text = out.getvalue()
    assert "1 accepted, 1 duplicate, 2 rejected" in text
    assert "line 2: not valid JSON" in text and "line 3: text" in text

    csv_file = tmp_path / "r.csv"
    csv_file.write_text(
        "source,external_id,text,krt_code,tags\nsrs_patrol,c1,Rondaan malam,KRT-10-04-0001,malam;rondaan\n"
    )
    out = io.StringIO()
    call_command("import_reports", str(csv_file), stdout=out)
    assert "1 accepted" in out.getvalue()
    report = Report.objects.get(external_id="c1")
    assert (
        report.channel == "import"
        and report.tags == ["malam", "rondaan"]
        and report.district.key == "10_4"
    )


def test_reprocess_retries_failed_enrichment(geo):
    from rukun.web.reports.intake import submit

    outcome = submit(
        {"source": "krt_report", "text": "Sampah", "external_id": "x"}, channel="api", enrich=False
    )
    Report.objects.filter(pk=outcome.report.pk).update(enrichment="failed", enrichment_error="boom")
    out = io.StringIO()
    call_command("reprocess", stdout=out)
    report = Report.objects.get(pk=outcome.report.pk)
    assert report.enrichment == "done", report.enrichment_error
    assert report.category and report.model_version
