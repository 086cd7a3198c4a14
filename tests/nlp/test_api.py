import pytest

import rukun.nlp as nlp
from rukun.nlp.artefact import DEFAULT_MODEL_PATH
from rukun.nlp.classify import Classifier


def test_it_classifies_a_batch_with_version_and_explanations(small_model):
    out = Classifier(small_model).classify(
        ["bising karaoke kuat", "car parked blocking my gate"], explain=True
    )
    assert [o["category"] for o in out] == ["noise", "parking_road"]
    assert all(o["model_version"] == small_model.version for o in out)
    assert out[0]["explanation"]["category"][0][1] > 0


@pytest.mark.parametrize(
    ("texts", "message"), [("one text", "got str"), ([1], r"texts\[0\] must be str")]
)
def test_it_rejects_what_is_not_a_list_of_texts(small_model, texts, message):
    with pytest.raises(TypeError, match=message):
        Classifier(small_model).classify(texts)


def test_the_public_api_is_importable_lazily():
    for name in nlp.__all__:
        assert getattr(nlp, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        nlp.nope  # noqa: B018


def test_understand_adds_redaction_and_places():
    if not DEFAULT_MODEL_PATH.exists():
        pytest.skip("no packaged model artefact; run `rukun train`")
    (result,) = nlp.understand(
        ["Encik Ahmad (012-345 6789) parking depan rumah no 5 Jalan Mawar 3"]
    )
    assert (
        result["redacted_text"]
        == "Encik [NAME] ([PHONE]) parking depan rumah no [HOUSE_NUMBER] Jalan Mawar 3"
    )
    assert [p["kind"] for p in result["pii"]] == ["name", "phone", "house_number"]
    assert [p["name"] for p in result["places"]] == ["Jalan Mawar 3"]
    assert result["category"] == "parking_road"
    assert set(result["explanation"]) == {"category", "three_r", "severity", "language"}
