import json
import subprocess
import sys

import pytest

from rukun.cli import main
from rukun.nlp.artefact import save


@pytest.fixture
def model_file(tmp_path, small_model):
    return save(small_model, tmp_path / "model.joblib")


def test_classify_writes_the_contract_fields(tmp_path, model_file):
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": 1, "text": "bising karaoke kuat"})
        + "\n\n"
        + json.dumps({"id": "b", "text": "垃圾丢在水沟"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert (
        main(["classify", "--input", str(src), "--output", str(out), "--model", str(model_file)])
        == 0
    )
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [1, "b"]
    assert set(rows[0]) == {"id", "category", "three_r", "severity", "language", "scores"}
    assert rows[0]["category"] == "noise" and rows[1]["language"] == "zh"
    assert sum(rows[0]["scores"].values()) == pytest.approx(1.0, abs=1e-4)


def test_classify_explains_on_request(tmp_path, model_file):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": "motorbike stolen last night"}) + "\n")
    out = tmp_path / "out.jsonl"
    args = [
        "classify",
        "--input",
        str(src),
        "--output",
        str(out),
        "--model",
        str(model_file),
        "--explain",
    ]
    assert main(args) == 0
    row = json.loads(out.read_text())
    assert set(row["explanation"]) == {"category", "three_r", "severity", "language"}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"id": 1}', "needs 'id' and 'text'"),
        ('{"id": 1, "text": 5}', "must be a string"),
    ],
)
def test_classify_rejects_bad_input_and_writes_nothing(tmp_path, model_file, capsys, line, message):
    src = tmp_path / "in.jsonl"
    src.write_text(line + "\n")
    out = tmp_path / "out.jsonl"
    assert (
        main(["classify", "--input", str(src), "--output", str(out), "--model", str(model_file)])
        == 2
    )
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_train_then_eval_on_a_corpus_folder(tmp_path, small_records, capsys, write_jsonl):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "a.jsonl", small_records)
    manifest = tmp_path / "manifest.json"
    from rukun.nlp.manifest import build_manifest, write_manifest

    write_manifest(build_manifest(small_records), manifest)
    from rukun.nlp.training import evaluation_records, train

    out = tmp_path / "m.joblib"
    first = train(output=out, corpus_directory=corpus, manifest_path=manifest)
    second = train(output=tmp_path / "m2.joblib", corpus_directory=corpus, manifest_path=manifest)
    assert first.version == second.version
    assert out.read_bytes() == (tmp_path / "m2.joblib").read_bytes()
    test = evaluation_records("test", corpus, manifest)
    labelled = write_jsonl(tmp_path / "labelled.jsonl", test)
    assert main(["eval-nlp", "--model", str(out), "--split", str(labelled), "--no-langid"]) == 0
    report = capsys.readouterr().out
    assert "category macro-F1" in report and "confusion matrix" in report


def test_train_accepts_extra_files_and_rejects_reused_ids(tmp_path, small_records, write_jsonl):
    from rukun.nlp.manifest import build_manifest, write_manifest
    from rukun.nlp.training import train

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "a.jsonl", small_records[:-20])
    manifest = tmp_path / "manifest.json"
    write_manifest(build_manifest(small_records[:-20]), manifest)
    extra = write_jsonl(tmp_path / "extra.jsonl", small_records[-20:])
    trained = train([extra], None, corpus_directory=corpus, manifest_path=manifest)
    assert trained.provenance["extra_files"] == ["extra.jsonl"]
    clash = write_jsonl(tmp_path / "clash.jsonl", small_records[:1])
    with pytest.raises(ValueError, match="reuse corpus ids"):
        train([clash], None, corpus_directory=corpus, manifest_path=manifest)


def test_help_is_fast_and_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "rukun", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for name in ("classify", "train", "eval-nlp", "nlp-manifest"):
        assert name in result.stdout


def test_nlp_manifest_reports_copies_and_writes_only_when_asked(
    tmp_path, small_records, write_jsonl, capsys
):
    from dataclasses import replace

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    copy = replace(small_records[0], id="zz", text=small_records[0].text + "!")
    write_jsonl(corpus / "a.jsonl", [*small_records, copy])
    manifest = tmp_path / "manifest.json"
    args = ["nlp-manifest", "--corpus", str(corpus), "--manifest", str(manifest)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "near-copy" in out and "zz" in out and not manifest.exists()
    assert main([*args, "--write", "--stats"]) == 0
    assert "| category |" in capsys.readouterr().out
    assert json.loads(manifest.read_text())["assignment"]["zz"] == f"dup:{small_records[0].id}"
