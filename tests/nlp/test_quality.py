"""Quality gates of the packaged model on the held-out split and the fresh set.

The floors sit a little under the figures measured for docs/nlp.md (see the
command there), so that a regression fails the build while noise does not.
"""

import pytest

from rukun.nlp.artefact import DEFAULT_MODEL_PATH, fingerprint, load_model, training_records
from rukun.nlp.corpus import FRESH_DIR, corpus_files
from rukun.nlp.training import evaluation_records, run_evaluation

pytestmark = pytest.mark.skipif(
    not (DEFAULT_MODEL_PATH.exists() and corpus_files()),
    reason="needs the packaged model and corpus (run `rukun train`)",
)


@pytest.fixture(scope="module")
def trained():
    return load_model(DEFAULT_MODEL_PATH)


def test_the_packaged_model_was_trained_on_the_current_corpus(trained):
    records = training_records()
    assert trained.provenance["records_sha256"] == fingerprint(
        records, trained.provenance["params"]
    ), "the corpus or manifest changed since the model was trained: run `rukun train`"


def test_held_out_figures_stay_at_their_measured_level(trained):
    result = run_evaluation(trained, evaluation_records("test"), langid=False)
    # Measured (docs/nlp.md): macro-F1 0.859, 3R F1 0.951, within-one 0.974, language 0.924,
    # largest gap between languages' category accuracy 0.062.
    assert result["category"]["macro_f1"] >= 0.85
    assert result["three_r_f1"] >= 0.93
    assert result["severity_within_one"] >= 0.96
    assert result["language"]["macro_f1"] >= 0.90
    accuracy = [v["category_accuracy"] for v in result["by_language"].values()]
    assert max(accuracy) - min(accuracy) <= 0.08


def test_fresh_set_figures_stay_at_their_measured_level(trained):
    if not sorted(FRESH_DIR.glob("*.jsonl")):
        pytest.skip("no fresh evaluation set in rukun/nlp/data/fresh")
    result = run_evaluation(trained, evaluation_records("fresh"), langid=False)
    # Measured (docs/nlp.md): macro-F1 0.909, 3R F1 0.953, within-one 0.981, gap 0.025.
    assert result["category"]["macro_f1"] >= 0.88
    assert result["three_r_f1"] >= 0.93
    assert result["severity_within_one"] >= 0.96
    accuracy = [v["category_accuracy"] for v in result["by_language"].values()]
    assert max(accuracy) - min(accuracy) <= 0.08
