import datetime as dt
import json
from pathlib import Path

import pytest

from rukun.nlp.dedupe import IncidentGrouper, as_days, group_reports, pairwise_scores

DUPES = (
    Path(__file__).resolve().parents[2] / "rukun" / "nlp" / "data" / "dupes" / "dupes_test.jsonl"
)
RUMOUR = "URGENT: Dengar khabar ada kumpulan nak serang surau Taman Seri Indah malam ni. Sebarkan!!"


@pytest.fixture
def grouper(small_model):
    return IncidentGrouper(small_model.model.vectorizer_)


def test_it_groups_a_forwarded_copy_even_from_another_area(grouper):
    a = grouper.add("r1", RUMOUR, "A1", "2025-04-10T09:30")
    b = grouper.add("r2", "Fwd: " + RUMOUR.lower(), "A2", "2025-04-10T10:00")
    assert a == b == "r1"
    assert grouper.groups_ == {"r1": ["r1", "r2"]}


def test_it_keeps_copies_apart_beyond_the_window(grouper):
    grouper.add("r1", RUMOUR, "A1", dt.date(2025, 4, 1))
    assert grouper.add("r2", RUMOUR, "A1", dt.date(2025, 4, 9)) == "r2"


def test_short_identical_texts_join_only_within_one_area(grouper):
    text = "Kucing jiran berak dalam pasu"
    grouper.add("r1", text, "A1", 0.0)
    assert grouper.add("r2", text, "A2", 0.1) == "r2"
    assert grouper.add("r3", text, "A1", 0.2) == "r1"


def test_it_rejects_a_report_added_twice(grouper):
    grouper.add("r1", RUMOUR, "A1", 0.0)
    with pytest.raises(ValueError, match="already added"):
        grouper.add("r1", RUMOUR, "A1", 0.0)


@pytest.mark.parametrize(
    ("value", "days"), [(1.5, 1.5), ("1970-01-02", 1.0), (dt.date(1970, 1, 3), 2.0)]
)
def test_it_reads_times(value, days):
    assert as_days(value) == days


def test_it_rejects_bad_times():
    with pytest.raises(ValueError, match="not an ISO 8601"):
        as_days("yesterday")
    with pytest.raises(TypeError, match="got list"):
        as_days([1])


def test_pairwise_scores_match_a_hand_count():
    # truth {a,b,c} {d}; predicted {a,b} {c,d}: true pairs ab ac bc,
    # predicted pairs ab cd, one shared (ab): precision 1/2, recall 1/3.
    truth = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    scores = pairwise_scores(truth, predicted)
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(1 / 3)
    assert scores["f1"] == pytest.approx(0.4)


def test_it_groups_the_labelled_set_better_than_chance():
    from rukun.nlp.artefact import DEFAULT_MODEL_PATH, load_model
    from rukun.nlp.classify import Classifier

    if not DEFAULT_MODEL_PATH.exists():
        pytest.skip("no packaged model artefact; run `rukun train`")
    rows = [json.loads(line) for line in DUPES.read_text(encoding="utf-8").splitlines()]
    classifier = Classifier(load_model())
    for row, label in zip(rows, classifier.classify([r["text"] for r in rows]), strict=True):
        row["category"] = label["category"]
    predicted = group_reports(rows, IncidentGrouper(classifier.trained.model.vectorizer_))
    scores = pairwise_scores({r["id"]: r["group"] for r in rows}, predicted)
    # Floors under the measured figures of docs/nlp.md.
    assert scores["precision"] >= 0.75
    assert scores["recall"] >= 0.5
