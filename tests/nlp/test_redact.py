from pathlib import Path

import pytest

from rukun.nlp.evaluate import pii_scores, read_pii_set
from rukun.nlp.redact import find_pii, redact

PII_DIR = Path(__file__).resolve().parents[2] / "rukun" / "nlp" / "data" / "pii"


def kinds(text):
    return [(s.kind, s.value) for s in find_pii(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IC 900101-14-5678 ok", [("mykad", "900101-14-5678")]),
        ("IC 900101145678 ok", [("mykad", "900101145678")]),
        ("call +60 12-345 6789", [("phone", "+60 12-345 6789")]),
        ("call 03-7956 1234", [("phone", "03-7956 1234")]),
        ("mail a.b@gmail.com", [("email", "a.b@gmail.com")]),
        ("passport A12345678", [("passport", "A12345678")]),
        ("kereta WXY 1234 tu", [("plate", "WXY 1234")]),
        ("rumah no. 12A Jalan Mawar", [("house_number", "12A")]),
        ("Encik Ahmad Zaki marah", [("name", "Ahmad Zaki")]),
        ("陈先生投诉", [("name", "陈")]),
        ("திரு. முருகன் வீடு", [("name", "முருகன்")]),
    ],
)
def test_it_finds_each_kind(text, expected):
    assert kinds(text) == expected


def test_it_rejects_impossible_dates_as_mykad():
    assert kinds("ref 901399-14-5678") == []


@pytest.mark.parametrize(
    "text", ["Seksyen 7 meeting at 8pm", "LRT 3 noise", "Patrol 2300-0100 clear", "RM 25 only"]
)
def test_it_leaves_lookalikes_alone(text):
    assert kinds(text) == []


def test_it_replaces_spans_and_keeps_honorifics():
    result = redact("Call Encik Ahmad at 012-345 6789, car WXY 1234")
    assert result.text == "Call Encik [NAME] at [PHONE], car [PLATE]"
    assert [s.kind for s in result.spans] == ["name", "phone", "plate"]
    assert "Ahmad" not in result.text


def test_it_rejects_non_text():
    with pytest.raises(TypeError, match="got NoneType"):
        find_pii(None)


@pytest.mark.parametrize(("name", "floor"), [("pii_test.jsonl", 0.95), ("pii_holdout.jsonl", 0.9)])
def test_precision_and_recall_on_the_labelled_sets(name, floor):
    # Floors below the figures in docs/nlp.md: the dev set was used to write
    # the rules; the holdout set was written after they were frozen.
    scores = pii_scores(read_pii_set(PII_DIR / name), find_pii)
    assert scores["precision"] >= floor
    assert scores["recall"] >= floor
