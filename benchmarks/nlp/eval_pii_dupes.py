"""Precision and recall of redaction and of near-duplicate grouping on the labelled sets.

Run: ``.venv/bin/python benchmarks/nlp/eval_pii_dupes.py``

PII: ``rukun/nlp/data/pii/pii_test.jsonl`` (development) and
``pii_holdout.jsonl`` (written after the rules were frozen), scored per kind
(a gold span is found when a predicted span of the same kind overlaps it).
Near-duplicates: ``rukun/nlp/data/dupes/dupes_test.jsonl``, grouped in time
order with the packaged model's categories, scored by pairwise precision,
recall and F1 (pairs of reports in one incident).
"""

from __future__ import annotations

import json
from pathlib import Path

from rukun.nlp.artefact import load_model
from rukun.nlp.classify import Classifier
from rukun.nlp.corpus import DATA_DIR
from rukun.nlp.dedupe import IncidentGrouper, group_reports, pairwise_scores
from rukun.nlp.evaluate import pii_scores, read_pii_set
from rukun.nlp.redact import find_pii


def pii_report() -> None:
    for name in ("pii_test.jsonl", "pii_holdout.jsonl"):
        scores = pii_scores(read_pii_set(DATA_DIR / "pii" / name), find_pii)
        print(
            f"{name}: precision {scores['precision']:.3f} recall {scores['recall']:.3f} "
            f"(any kind hidden: {scores['hidden_recall']:.3f})"
        )
        for kind, row in scores["kinds"].items():
            print(
                f"  {kind:13s} P {row['precision']:.3f} R {row['recall']:.3f} "
                f"exact R {row['exact_recall']:.3f}  gold {row['gold']:3d} predicted {row['predicted']:3d}"
            )


def dupes_report(path: Path = DATA_DIR / "dupes" / "dupes_test.jsonl") -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    classifier = Classifier(load_model())
    labels = classifier.classify([r["text"] for r in rows])
    truth = {r["id"]: r["group"] for r in rows}
    vectorizer = classifier.trained.model.vectorizer_
    settings = {
        "default (copies, same event, 6 h burst)": {},
        "without categories": {"use_category": False},
        "without the burst rule": {"burst_hours": 0.0},
        "copies only": {"event_threshold": 1.0, "burst_hours": 0.0},
    }
    for name, params in settings.items():
        use_category = params.pop("use_category", True)
        batch = [
            dict(r, category=label["category"] if use_category else None)
            for r, label in zip(rows, labels, strict=True)
        ]
        predicted = group_reports(batch, IncidentGrouper(vectorizer, **params))
        s = pairwise_scores(truth, predicted)
        print(
            f"{name:42s} P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
            f"({s['true_pairs']} true pairs, {len(set(predicted.values()))} groups "
            f"for {len(set(truth.values()))} incidents)"
        )


if __name__ == "__main__":
    pii_report()
    dupes_report()
