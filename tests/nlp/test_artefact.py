import joblib
import pytest
from numpy.testing import assert_array_equal

from rukun.nlp.artefact import DEFAULT_MODEL_PATH, load, load_model, save


def test_it_saves_and_loads_the_same_model(tmp_path, small_model):
    path = save(small_model, tmp_path / "m" / "model.joblib")
    again = load(path)
    assert again.version == small_model.version
    assert again.version.startswith("linear-1+")
    texts = ["bising karaoke", "垃圾丢在水沟"]
    assert again.model.predict(texts) == small_model.model.predict(texts)


def test_it_writes_identical_bytes_for_identical_training(tmp_path, small_model):
    a = save(small_model, tmp_path / "a.joblib")
    b = save(small_model, tmp_path / "b.joblib")
    assert a.read_bytes() == b.read_bytes()


def test_it_refuses_a_file_that_is_not_a_model(tmp_path):
    path = tmp_path / "x.joblib"
    joblib.dump({"format": 99}, path)
    with pytest.raises(ValueError, match="not a rukun model artefact"):
        load(path)


def test_it_refuses_a_missing_explicit_path(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        load_model(tmp_path / "nope.joblib")


def test_the_packaged_model_loads_and_is_cached():
    if not DEFAULT_MODEL_PATH.exists():
        pytest.skip("no packaged model artefact; run `rukun train`")
    first = load_model()
    assert load_model() is first
    assert first.version.startswith("linear-1+")
    assert DEFAULT_MODEL_PATH.stat().st_size < 50 * 2**20


def test_it_loads_weights_as_float32(small_model, tmp_path):
    again = load(save(small_model, tmp_path / "m.joblib"))
    assert again.model.weights_.dtype.name == "float32"
    assert_array_equal(again.model.weights_, small_model.model.weights_)
