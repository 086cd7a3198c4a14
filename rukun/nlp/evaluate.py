"""Evaluation: classifier quality by category and language, and PII redaction.

Precision, recall and F1 follow van Rijsbergen (1979); macro-F1 is the
unweighted mean of the per-class F1 (Sokolova & Lapalme 2009). Severity is
ordinal, so besides exact accuracy the share of predictions within one level
of the truth is reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, f1_score, precision_recall_fscore_support

from rukun.core.taxonomy import CATEGORIES, LANGUAGES
from rukun.nlp.corpus import LabelledReport


def per_class(y_true: Sequence[Any], y_pred: Sequence[Any], labels: Sequence[Any]) -> dict:
    """Return per-label precision, recall, F1 and support, and the macro-F1.

    Labels absent from both truth and prediction are left out of the macro
    mean (their F1 is undefined).
    """
    p, r, f, s = precision_recall_fscore_support(
        y_true, y_pred, labels=list(labels), zero_division=0
    )
    rows = {
        str(label): {
            "precision": float(p[i]),
            "recall": float(r[i]),
            "f1": float(f[i]),
            "support": int(s[i]),
        }
        for i, label in enumerate(labels)
    }
    predicted = set(y_pred)
    present = [i for i, label in enumerate(labels) if s[i] > 0 or label in predicted]

    def macro(values: np.ndarray) -> float:
        return float(np.mean([values[i] for i in present])) if present else 0.0

    return {
        "classes": rows,
        "macro_f1": macro(f),
        "macro_precision": macro(p),
        "macro_recall": macro(r),
    }


def evaluate_predictions(
    records: Sequence[LabelledReport], predictions: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """Compare predictions (``classify`` output) with the labelled records.

    Returns
    -------
    dict
        ``category`` (per class and macro-F1), ``by_language`` (category
        accuracy and macro-F1 for each language), ``three_r_f1``,
        ``severity_exact``, ``severity_within_one``, ``language`` (per class)
        and ``confusion`` (rows: truth, columns: prediction, in the order of
        ``CATEGORIES``).
    """
    if len(records) != len(predictions):
        raise ValueError(f"{len(records)} records but {len(predictions)} predictions")
    if not records:
        raise ValueError("cannot evaluate on zero records")
    cat_true = [r.category for r in records]
    cat_pred = [p["category"] for p in predictions]
    by_language = {}
    for lang in LANGUAGES:
        idx = [i for i, r in enumerate(records) if r.language == lang]
        if not idx:
            continue
        t = [cat_true[i] for i in idx]
        q = [cat_pred[i] for i in idx]
        scores = per_class(t, q, CATEGORIES)
        by_language[lang] = {
            "n": len(idx),
            "category_accuracy": float(np.mean([a == b for a, b in zip(t, q, strict=True)])),
            "category_macro_precision": scores["macro_precision"],
            "category_macro_recall": scores["macro_recall"],
            "category_macro_f1": scores["macro_f1"],
            "three_r_accuracy": float(
                np.mean([records[i].three_r == predictions[i]["three_r"] for i in idx])
            ),
        }
    sev_true = np.array([r.severity for r in records])
    sev_pred = np.array([p["severity"] for p in predictions])
    return {
        "n": len(records),
        "category": per_class(cat_true, cat_pred, CATEGORIES),
        "category_accuracy": float(np.mean(np.array(cat_true) == np.array(cat_pred))),
        "by_language": by_language,
        "three_r_f1": float(
            f1_score(
                [r.three_r for r in records], [p["three_r"] for p in predictions], zero_division=0
            )
        ),
        "severity_exact": float(np.mean(sev_true == sev_pred)),
        "severity_within_one": float(np.mean(np.abs(sev_true - sev_pred) <= 1)),
        "language": per_class(
            [r.language for r in records], [p["language"] for p in predictions], LANGUAGES
        ),
        "confusion": confusion_matrix(cat_true, cat_pred, labels=list(CATEGORIES)).tolist(),
        "category_ece": expected_calibration_error(
            [max(p["scores"].values()) for p in predictions],
            [a == b for a, b in zip(cat_true, cat_pred, strict=True)],
        )
        if all("scores" in p for p in predictions)
        else None,
    }


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """Expected calibration error of top-class probabilities (Guo et al. 2017, eq. 3).

    The mean over equal-width confidence bins of |accuracy − mean confidence|,
    weighted by the bins' shares of the predictions.
    """
    conf = np.asarray(confidence, dtype=float)
    hit = np.asarray(correct, dtype=float)
    if conf.shape != hit.shape or conf.size == 0:
        raise ValueError(f"need equal, non-empty inputs; got {conf.size} and {hit.size}")
    which = np.minimum((conf * bins).astype(int), bins - 1)
    ece = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            ece += mask.mean() * abs(hit[mask].mean() - conf[mask].mean())
    return float(ece)


def language_id_accuracy(
    records: Sequence[LabelledReport], predicted: Sequence[str]
) -> dict[str, Any]:
    """Return the accuracy and per-language scores of predicted language codes."""
    if len(records) != len(predicted):
        raise ValueError(f"{len(records)} records but {len(predicted)} predicted codes")
    true = [r.language for r in records]
    result = per_class(true, predicted, LANGUAGES)
    result["accuracy"] = float(np.mean([a == b for a, b in zip(true, predicted, strict=True)]))
    return result


def read_pii_set(path: str | Path) -> list[dict[str, Any]]:
    """Read a labelled PII set: lines ``{"id", "text", "pii": [{"kind", "value"}]}``."""
    items = []
    for lineno, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        spans = []
        cursor: dict[str, int] = {}
        for ent in item["pii"]:
            start = item["text"].find(ent["value"], cursor.get(ent["value"], 0))
            if start < 0:
                raise ValueError(f"{path}:{lineno}: {ent['value']!r} is not in the text")
            cursor[ent["value"]] = start + 1
            spans.append((ent["kind"], start, start + len(ent["value"])))
        items.append({"id": item["id"], "text": item["text"], "gold": spans})
    return items


def pii_scores(items: Sequence[dict[str, Any]], find: Callable[[str], Sequence[Any]]) -> dict:
    """Score a PII finder against labelled spans.

    A gold span counts as found when a predicted span of the same kind
    overlaps it (``typed``), or a span of any kind does (``hidden``: the
    privacy question, was the data hidden at all); a predicted span is a true
    positive when it overlaps a gold span of the same kind. ``exact`` requires
    identical offsets and kind.
    """
    kinds = sorted({k for it in items for k, _, _ in it["gold"]})
    tally = {k: {"tp_pred": 0, "pred": 0, "found": 0, "gold": 0, "exact": 0} for k in kinds}
    hidden = total = 0
    for it in items:
        pred = [(s.kind, s.start, s.end) for s in find(it["text"])]
        for kind, a, b in pred:
            row = tally.setdefault(
                kind, {"tp_pred": 0, "pred": 0, "found": 0, "gold": 0, "exact": 0}
            )
            row["pred"] += 1
            row["tp_pred"] += any(k == kind and a < e and s < b for k, s, e in it["gold"])
        for kind, a, b in it["gold"]:
            total += 1
            tally[kind]["gold"] += 1
            tally[kind]["found"] += any(k == kind and s < b and a < e for k, s, e in pred)
            tally[kind]["exact"] += (kind, a, b) in pred
            hidden += any(s < b and a < e for _, s, e in pred)
    out: dict[str, Any] = {"kinds": {}}
    for kind, row in sorted(tally.items()):
        out["kinds"][kind] = {
            "precision": row["tp_pred"] / row["pred"] if row["pred"] else 0.0,
            "recall": row["found"] / row["gold"] if row["gold"] else 0.0,
            "exact_recall": row["exact"] / row["gold"] if row["gold"] else 0.0,
            "gold": row["gold"],
            "predicted": row["pred"],
        }
    n_pred = sum(r["pred"] for r in tally.values())
    out["precision"] = sum(r["tp_pred"] for r in tally.values()) / n_pred if n_pred else 0.0
    out["recall"] = sum(r["found"] for r in tally.values()) / total if total else 0.0
    out["hidden_recall"] = hidden / total if total else 0.0
    return out
