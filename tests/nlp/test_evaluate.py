import pytest

from rukun.nlp.corpus import LabelledReport
from rukun.nlp.evaluate import evaluate_predictions, per_class, pii_scores
from rukun.nlp.redact import PiiSpan


def test_per_class_scores_match_a_hand_count():
    # truth  a a a b b c ; predicted a a b b c c
    # a: P 2/2 R 2/3 F1 0.8 ; b: P 1/2 R 1/2 F1 0.5 ; c: P 1/2 R 1/1 F1 2/3
    result = per_class(list("aaabbc"), list("aabbcc"), ["a", "b", "c", "d"])
    assert result["classes"]["a"]["recall"] == pytest.approx(2 / 3)
    assert result["classes"]["c"]["f1"] == pytest.approx(2 / 3)
    # d is neither true nor predicted: left out of the macro mean.
    assert result["macro_f1"] == pytest.approx((0.8 + 0.5 + 2 / 3) / 3)


def record(i, category, language, three_r=False, severity=1):
    return LabelledReport(str(i), "x", category, three_r, severity, language)


def test_it_reports_per_language_severity_and_confusion():
    records = [
        record(1, "noise", "ms", severity=1),
        record(2, "noise", "en", True, 4),
        record(3, "none", "en"),
    ]
    predictions = [
        {"category": "noise", "three_r": False, "severity": 2, "language": "ms"},
        {"category": "none", "three_r": True, "severity": 2, "language": "en"},
        {"category": "none", "three_r": False, "severity": 1, "language": "ms"},
    ]
    result = evaluate_predictions(records, predictions)
    assert result["by_language"]["ms"]["category_accuracy"] == 1.0
    assert result["by_language"]["en"]["category_accuracy"] == 0.5
    assert result["severity_exact"] == pytest.approx(1 / 3)
    assert result["severity_within_one"] == pytest.approx(2 / 3)
    assert result["three_r_f1"] == 1.0
    assert result["confusion"][0][0] == 1 and result["confusion"][0][-1] == 1
    with pytest.raises(ValueError, match="2 records but 3 predictions"):
        evaluate_predictions(records[:2], predictions)


def test_pii_scores_count_overlaps_by_kind():
    items = [
        {"id": "1", "text": "Encik Ali 012-3456789", "gold": [("name", 6, 9), ("phone", 10, 21)]}
    ]
    found = [PiiSpan("name", 6, 9, "Ali"), PiiSpan("plate", 10, 14, "012-")]
    scores = pii_scores(items, lambda _: found)
    assert scores["kinds"]["name"]["recall"] == 1.0
    assert scores["kinds"]["phone"]["recall"] == 0.0
    assert scores["precision"] == 0.5 and scores["recall"] == 0.5
    assert scores["hidden_recall"] == 1.0


def test_expected_calibration_error_matches_a_hand_count():
    # Bin 0.9-1.0: confidences 0.95, 0.95, accuracy 1/2 -> gap 0.45, weight 2/4.
    # Bin 0.6-0.7: confidences 0.65, 0.65, accuracy 1 -> gap 0.35, weight 2/4.
    from rukun.nlp.evaluate import expected_calibration_error

    ece = expected_calibration_error([0.95, 0.95, 0.65, 0.65], [True, False, True, True])
    assert ece == pytest.approx(0.5 * 0.45 + 0.5 * 0.35)
