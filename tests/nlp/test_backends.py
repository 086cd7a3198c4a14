"""The transformer backend, with tiny randomly initialised BERT models built here.

Real loading code runs (``from_pretrained`` with ``local_files_only``); the
models are random, so only the plumbing is checked, not their quality.
"""

import pytest

from rukun.core.taxonomy import CATEGORIES

transformers = pytest.importorskip(
    "transformers", reason="transformers (and torch) are not installed; the backend is optional"
)
torch = pytest.importorskip("torch", reason="torch is not installed; the backend is optional")

VOCAB = [
    "[PAD]",
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    *"abcdefghijklmnopqrstuvwxyz",
    "bising",
    "karaoke",
]


def save_tiny_model(folder, labels):
    folder.mkdir(parents=True)
    vocab_file = folder.parent / f"{folder.name}-vocab.txt"
    vocab_file.write_text("\n".join(VOCAB) + "\n")
    tokenizer = transformers.BertTokenizer(str(vocab_file))
    torch.manual_seed(0)
    config = transformers.BertConfig(
        vocab_size=len(VOCAB),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={label: i for i, label in enumerate(labels)},
    )
    transformers.BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("hf")
    # Labels in a different order from the taxonomy, to exercise the mapping.
    save_tiny_model(root / "category", list(reversed(CATEGORIES)))
    save_tiny_model(root / "three_r", ["true", "false"])
    return root


def test_it_loads_local_models_and_returns_taxonomy_probabilities(model_dir):
    from rukun.nlp.backends import TransformerBackend

    backend = TransformerBackend(model_dir, batch_size=2)
    assert backend.tasks_ == ("category", "three_r")
    proba = backend.predict_proba(["bising karaoke", "abc", "楼上很吵"])
    assert proba["category"].shape == (3, len(CATEGORIES))
    assert proba["three_r"].shape == (3, 2)
    for p in proba.values():
        assert p.sum(axis=1) == pytest.approx([1.0, 1.0, 1.0], abs=1e-5)


def test_it_plugs_into_the_classifier(model_dir, small_model):
    from rukun.nlp.backends import TransformerBackend
    from rukun.nlp.classify import Classifier

    backend = TransformerBackend(model_dir)
    classifier = Classifier(small_model, backend)
    texts = ["bising karaoke kuat", "楼上卡拉OK太吵"]
    out = classifier.classify(texts, explain=True)
    assert classifier.version == f"{small_model.version}|{backend.version_}"
    expected = backend.predict_proba(texts)["category"]
    for row, p in zip(out, expected, strict=True):
        assert row["category"] == CATEGORIES[int(p.argmax())]
        assert row["severity"] in (1, 2, 3, 4)
    assert out[1]["language"] == "zh"


def test_it_rejects_labels_outside_the_taxonomy(tmp_path):
    from rukun.nlp.backends import TransformerBackend

    save_tiny_model(tmp_path / "m", ["noise", "loud"])
    with pytest.raises(ValueError, match="has label 'loud'; allowed"):
        TransformerBackend(tmp_path / "m")


def test_it_rejects_a_folder_without_models(tmp_path):
    from rukun.nlp.backends import TransformerBackend

    with pytest.raises(ValueError, match="holds no model"):
        TransformerBackend(tmp_path)
