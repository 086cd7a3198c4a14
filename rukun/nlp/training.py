"""The training and evaluation pipelines behind ``rukun train`` and ``rukun eval-nlp``."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rukun.core.taxonomy import CATEGORIES, LANGUAGES
from rukun.nlp.artefact import DEFAULT_MODEL_PATH, TrainedModel, fit_records, save, training_records
from rukun.nlp.corpus import FRESH_DIR, LabelledReport, read_corpus, read_files
from rukun.nlp.evaluate import evaluate_predictions, language_id_accuracy
from rukun.nlp.manifest import MANIFEST_PATH, partition, read_manifest


def train(
    extra_files: Iterable[str | os.PathLike[str]] = (),
    output: str | os.PathLike[str] | None = DEFAULT_MODEL_PATH,
    include_test: bool = False,
    corpus_directory: str | os.PathLike[str] | None = None,
    manifest_path: str | os.PathLike[str] = MANIFEST_PATH,
) -> TrainedModel:
    """Train the linear model from the corpus's training part plus ``extra_files``.

    Deterministic: the same records give the same weights and version.

    Parameters
    ----------
    extra_files : iterable of path-like
        JSONL files of further labelled records (officers' corrections).
    output : path-like or None
        Where to write the artefact; ``None`` writes nothing.
    include_test : bool, default False
        Also train on the held-out part (a production model after the
        figures are taken; ``eval-nlp`` then refuses the held-out split).
    """
    records = training_records(extra_files, corpus_directory, manifest_path, include_test)
    trained = fit_records(records)
    trained.provenance["include_test"] = include_test
    trained.provenance["extra_files"] = [Path(p).name for p in extra_files]
    if output is not None:
        save(trained, output)
    return trained


def evaluation_records(
    split: str,
    corpus_directory: str | os.PathLike[str] | None = None,
    manifest_path: str | os.PathLike[str] = MANIFEST_PATH,
) -> list[LabelledReport]:
    """Return the records of ``split``: ``test`` (held-out), ``fresh``, or a JSONL path."""
    if split == "test":
        return partition(read_corpus(corpus_directory), read_manifest(manifest_path))[1]
    if split == "fresh":
        files = sorted(Path(FRESH_DIR).glob("*.jsonl"))
        if not files:
            raise ValueError(f"no fresh evaluation files (*.jsonl) in {FRESH_DIR}")
        return read_files(files)
    path = Path(split)
    if not path.exists():
        raise ValueError(f"split {split!r} is not 'test', 'fresh' or an existing JSONL file")
    return read_files([path])


def run_evaluation(
    trained: TrainedModel, records: Sequence[LabelledReport], langid: bool = True
) -> dict[str, Any]:
    """Classify ``records`` with ``trained`` and score them; optionally compare language IDs."""
    from rukun.nlp.classify import Classifier

    classifier = Classifier(trained)
    start = time.perf_counter()
    predictions = classifier.classify([r.text for r in records])
    elapsed = time.perf_counter() - start
    result = evaluate_predictions(records, predictions)
    result["model_version"] = trained.version
    result["seconds"] = elapsed
    if langid:
        from rukun.nlp.langid import lingua_language

        result["langid"] = {
            "char_ngram_model": language_id_accuracy(records, [p["language"] for p in predictions]),
            "lingua": language_id_accuracy(records, [lingua_language(r.text) for r in records]),
        }
    return result


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(
            c.rjust(w) if j else c.ljust(w) for j, (c, w) in enumerate(zip(r, widths, strict=True))
        )
        for r in rows
    )


def format_evaluation(result: dict[str, Any]) -> str:
    """Return the evaluation as plain-text tables."""
    f = "{:.3f}".format
    lines = [f"model {result['model_version']} on {result['n']} reports", ""]
    rows = [["category", "precision", "recall", "f1", "support"]]
    for code in CATEGORIES:
        c = result["category"]["classes"][code]
        rows.append([code, f(c["precision"]), f(c["recall"]), f(c["f1"]), str(c["support"])])
    lines += [_table(rows), ""]
    rows = [["language", "n", "cat_accuracy", "macro_P", "macro_R", "macro_F1", "3r_accuracy"]]
    for code in LANGUAGES:
        if code in result["by_language"]:
            b = result["by_language"][code]
            rows.append(
                [
                    code,
                    str(b["n"]),
                    f(b["category_accuracy"]),
                    f(b["category_macro_precision"]),
                    f(b["category_macro_recall"]),
                    f(b["category_macro_f1"]),
                    f(b["three_r_accuracy"]),
                ]
            )
    lines += [_table(rows), ""]
    accs = [b["category_accuracy"] for b in result["by_language"].values()]
    lines += [
        f"category macro-F1       {f(result['category']['macro_f1'])} "
        f"(macro precision {f(result['category']['macro_precision'])}, "
        f"macro recall {f(result['category']['macro_recall'])})",
        f"category accuracy       {f(result['category_accuracy'])}",
        f"three_r F1              {f(result['three_r_f1'])}",
        f"category calibration    ECE {f(result['category_ece'] or 0.0)} (top-class probability)",
        f"severity exact          {f(result['severity_exact'])}",
        f"severity within one     {f(result['severity_within_one'])}",
        f"language-ID macro-F1    {f(result['language']['macro_f1'])}",
        f"largest language gap    {f(max(accs) - min(accs))} (category accuracy, best - worst)",
        "",
        "confusion matrix (rows: truth, columns: prediction)",
    ]
    short = [c[:6] for c in CATEGORIES]
    rows = [["", *short]] + [
        [CATEGORIES[i][:12], *map(str, row)] for i, row in enumerate(result["confusion"])
    ]
    lines.append(_table(rows))
    if "langid" in result:
        lines += ["", "language identification (accuracy, macro-F1)"]
        for name, r in result["langid"].items():
            lines.append(f"  {name:18s} {f(r['accuracy'])}  {f(r['macro_f1'])}")
    return "\n".join(lines)
