"""The ``rukun detect`` contract of shared/DESIGN.md and its input errors."""

import json

import pytest

from rukun.cli import main
from rukun.detect.simulate import plant_cluster, synthetic_areas, synthetic_events

FIELDS = [
    "signal_date",
    "method",
    "category",
    "area_ids",
    "start",
    "end",
    "observed",
    "expected",
    "p_value",
    "recurrence_interval_days",
]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("detect")
    areas = synthetic_areas(200, seed=3)
    cluster = plant_cluster(areas, 2, 50, 6, 15.0, "religious", seed=1)
    events = synthetic_events(areas, 56, reports_per_day=30, clusters=(cluster,), seed=4)
    lines = ["area_id,name,lat,lon,population,district"]
    lines += [
        f"{areas.ids[i]},Taman {i},{areas.lat[i]:.6f},{areas.lon[i]:.6f},"
        f"{int(areas.population[i])},{areas.district[i]}"
        for i in range(len(areas))
    ]
    (folder / "areas.csv").write_text("\n".join(lines) + "\n")
    lines = ["event_id,date,area_id,category"]
    lines += [
        f"{events.ids[i]},{events.day[i]},{areas.ids[events.area[i]]},{events.category[i]}"
        for i in range(len(events))
    ]
    (folder / "events.csv").write_text("\n".join(lines) + "\n")
    return folder, areas.ids[cluster.areas]


def _run(folder, *extra, events="events.csv", areas="areas.csv"):
    out = folder / "alerts.jsonl"
    code = main(
        [
            "detect",
            "--areas",
            str(folder / areas),
            "--events",
            str(folder / events),
            "--from",
            "2025-02-15",
            "--to",
            "2025-02-25",
            "--output",
            str(out),
            "--quiet",
            "--replications",
            "199",
            *extra,
        ]
    )
    return code, out


def test_it_writes_one_json_alert_per_line_with_the_contract_fields(files):
    folder, cluster_areas = files
    code, out = _run(folder)
    assert code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert records, "the planted religious cluster raised no alert"
    for r in records:
        assert list(r)[: len(FIELDS)] == FIELDS
        assert "2025-02-15" <= r["signal_date"] <= "2025-02-25"
        assert r["start"] <= r["end"] == r["signal_date"] or r["method"] == "escalation"
        assert r["category"] is None or isinstance(r["category"], str)
    assert any(set(r["area_ids"]) & set(cluster_areas) for r in records)
    assert len({r["alert_id"] for r in records}) == len(records)


def test_it_logs_progress_a_line_at_a_time_when_stderr_is_not_a_terminal(files, capsys):
    folder, _ = files
    out = folder / "alerts.jsonl"
    args = ["detect", "--areas", str(folder / "areas.csv"), "--events"]
    args += [str(folder / "events.csv"), "--from", "2025-02-15", "--to", "2025-02-25"]
    assert main([*args, "--output", str(out), "--replications", "99"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "analysed up to 2025-02-15 (1/11 days)"
    assert lines[1] == "analysed up to 2025-02-25 (11/11 days)"
    assert lines[2].endswith("alert(s)") and "\r" not in "".join(lines)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("event_id,date,area_id\ne1,2025-13-01,A00001\n", "line 2, column 'date'"),
        ("event_id,date,area_id\ne1,2025-02-01,NOPE\n", "line 2, column 'area_id': unknown area"),
        ("event_id,date,area_id,category\ne1,2025-02-01,A00001,gossip\n", "column 'category'"),
        ("event_id,area_id\ne1,A00001\n", "line 1: missing column(s) ['date']"),
    ],
)
def test_it_names_the_file_line_and_column_of_bad_events(files, tmp_path, capsys, content, message):
    folder, _ = files
    (tmp_path / "areas.csv").write_text((folder / "areas.csv").read_text())
    (tmp_path / "bad.csv").write_text(content)
    code, out = _run(tmp_path, events="bad.csv")
    assert code == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and message in err
    assert not out.exists()


def test_it_names_a_bad_population(tmp_path, capsys):
    (tmp_path / "areas.csv").write_text("area_id,name,lat,lon,population\na,A,3.0,101.0,-5\n")
    (tmp_path / "events.csv").write_text("event_id,date,area_id\n")
    code, _ = _run(tmp_path)
    assert code == 2
    assert "areas.csv: line 2, column 'population': '-5' is not > 0" in capsys.readouterr().err


def test_it_rejects_a_bad_date_range(files, capsys):
    folder, _ = files
    code = main(
        [
            "detect",
            "--areas",
            str(folder / "areas.csv"),
            "--events",
            str(folder / "events.csv"),
            "--from",
            "2025-03-01",
            "--to",
            "2025-02-01",
            "--output",
            str(folder / "x.jsonl"),
            "--quiet",
        ]
    )
    assert code == 2
    assert "before start" in capsys.readouterr().err


def test_it_gives_an_empty_file_when_nothing_happens(tmp_path):
    (tmp_path / "areas.csv").write_text("area_id,name,lat,lon,population\na,A,3.0,101.0,500\n")
    (tmp_path / "events.csv").write_text("event_id,date,area_id\ne1,2025-02-16,a\n")
    code, out = _run(tmp_path)
    assert code == 0 and out.read_text() == ""
