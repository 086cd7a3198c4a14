import numpy as np
import pytest
from numpy.testing import assert_array_equal

from rukun.core.taxonomy import CATEGORIES, LANGUAGES
from rukun.nlp.artefact import fit_records
from rukun.nlp.model import CLASSES, TASKS, LinearReportModel, analyse


def test_it_predicts_taxonomy_codes_with_probabilities(small_model):
    texts = ["bising karaoke kuat malam ni", "楼上卡拉OK太吵", "motorbike stolen last night"]
    proba = small_model.model.predict_proba(texts)
    for task in TASKS:
        assert proba[task].shape == (3, len(CLASSES[task]))
        assert_array_equal(np.isclose(proba[task].sum(axis=1), 1.0), True)
    out = small_model.model.predict(texts)
    assert [o["category"] for o in out] == ["noise", "noise", "crime_safety"]
    assert all(o["language"] in LANGUAGES and set(o["scores"]) == set(CATEGORIES) for o in out)
    assert out[1]["language"] == "zh"


def test_it_learns_the_training_data(small_model, small_records):
    out = small_model.model.predict([r.text for r in small_records])
    accuracy = np.mean(
        [o["category"] == r.category for o, r in zip(out, small_records, strict=True)]
    )
    assert accuracy > 0.95


def test_training_is_deterministic(small_records):
    a, b = fit_records(small_records), fit_records(list(reversed(small_records)))
    assert a.version == b.version
    assert_array_equal(a.model.weights_, b.model.weights_)


def test_it_explains_with_terms_of_the_text_that_pushed_the_decision(small_model):
    text = "Tolong, pekerja asing rumah kongsi sesak lagi"
    decision = small_model.model.predict([text])[0]
    explanation = small_model.model.explain(text, decision, top=3)
    assert set(explanation) == set(TASKS)
    words = set(analyse(text))
    for terms in explanation.values():
        assert all(term in words and weight > 0 for term, weight in terms)
    assert explanation["category"], "a confident decision has supporting terms"


def test_word_pushes_add_up_to_the_centred_logit(small_model):
    # Every feature is credited to some word, so the words' pushes sum to the
    # decided class's logit minus the mean logit, intercepts aside.
    model = small_model.model
    text = "bising karaoke kuat di taman 3, bising!"
    decision = model.predict([text])[0]
    pushes = model.word_pushes(text, decision)["category"]
    X = model.vectorizer_.transform([analyse(text)])
    rows = model.weights_[model.slices_["category"]]
    k = CATEGORIES.index(decision["category"])
    centred = float((X @ (rows[k] - rows.mean(axis=0)))[0])
    assert sum(pushes.values()) == pytest.approx(centred, rel=1e-4)


def test_it_round_trips_through_arrays(small_model):
    texts = ["car parked blocking my gate", "kuil திருவிழா"]
    copy = LinearReportModel.from_arrays(small_model.model.to_arrays())
    for task, p in small_model.model.predict_proba(texts).items():
        assert_array_equal(copy.predict_proba(texts)[task], p)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({"category": ["noise", "bad"]}, "category labels 'bad' not allowed"),
        ({"severity": [1, 9]}, "severity labels 9 not allowed"),
        ({"three_r": [True]}, "1 three_r labels for 2 texts"),
        ({"language": ["ms", "ms"]}, "single class"),
    ],
)
def test_it_rejects_bad_labels(labels, message):
    base = {
        "category": ["noise", "none"],
        "three_r": [True, False],
        "severity": [1, 2],
        "language": ["ms", "en"],
    }
    with pytest.raises(ValueError, match=message):
        LinearReportModel().fit(["a b", "c d"], {**base, **labels})


def test_it_rejects_arrays_that_do_not_fit_the_taxonomy(small_model):
    state = small_model.model.to_arrays()
    state["slices"] = {**state["slices"], "category": [0, 13]}
    with pytest.raises(ValueError, match="do not match the taxonomy"):
        LinearReportModel.from_arrays(state)


def test_severity_is_the_median_of_its_distribution():
    from rukun.nlp.model import severity_decision

    proba = np.array([[0.4, 0.05, 0.05, 0.5], [0.1, 0.6, 0.2, 0.1], [0.5, 0.0, 0.0, 0.5]])
    # Row 1: argmax is 4 but half the mass lies at or below 3 -> median 3.
    assert severity_decision(proba).tolist() == [3, 2, 1]
