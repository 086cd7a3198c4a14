import json

import pytest

from rukun.core.taxonomy import CATEGORIES, LANGUAGES, SEVERITIES, SOURCES
from rukun.nlp.corpus import corpus_files, parse_record, read_corpus, read_files, read_records

GOOD = {
    "id": "x1",
    "text": "Bising",
    "category": "noise",
    "three_r": False,
    "severity": 1,
    "language": "ms",
    "source": "krt_report",
}


def test_it_parses_a_valid_record():
    record = parse_record(GOOD)
    assert (record.id, record.category, record.severity) == ("x1", "noise", 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", "noisy", "allowed: noise, parking_road"),
        ("three_r", "yes", "three_r' must be true or false"),
        ("severity", 5, "one of 1, 2, 3, 4, got 5"),
        ("severity", True, "got True"),
        ("language", "id", "allowed: ms, en, zh, ta, mixed"),
        ("source", "twitter", "allowed: krt_report"),
        ("text", "  ", "non-empty string"),
    ],
)
def test_it_names_the_bad_field_and_the_allowed_values(field, value, message):
    with pytest.raises(ValueError, match=message):
        parse_record({**GOOD, field: value}, "f.jsonl:3")


def test_it_names_missing_fields():
    with pytest.raises(ValueError, match="missing field"):
        parse_record({"id": "a", "text": "b"})


def test_it_rejects_duplicate_ids_across_files(tmp_path):
    for name in ("a.jsonl", "b.jsonl"):
        (tmp_path / name).write_text(json.dumps(GOOD) + "\n")
    with pytest.raises(ValueError, match=r"duplicate id .x1. in b\.jsonl:1"):
        read_files([tmp_path / "a.jsonl", tmp_path / "b.jsonl"])


def test_it_reports_invalid_json_with_its_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(GOOD) + "\n{not json\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: not valid JSON"):
        list(read_records(path))


def test_the_packaged_corpus_is_valid_and_covers_the_taxonomy():
    if not corpus_files():
        pytest.skip("the corpus files are not present")
    records = read_corpus()
    assert {r.category for r in records} == set(CATEGORIES)
    assert {r.severity for r in records} == set(SEVERITIES)
    assert {r.language for r in records} == set(LANGUAGES)
    assert {r.source for r in records} == set(SOURCES)
