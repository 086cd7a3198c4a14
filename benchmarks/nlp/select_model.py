"""Model selection by cross-validation on the training part only.

Run: ``.venv/bin/python benchmarks/nlp/select_model.py [--folds 5]``

Compares feature and regularisation variants of the linear model with
stratified k-fold cross-validation inside the training split, so that the
held-out split and the fresh set stay untouched by the choice. Prints, per
variant, the mean category macro-F1, 3R F1 and severity within-one accuracy.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from sklearn.model_selection import StratifiedKFold

import rukun.nlp.model as model_module
from rukun.nlp.artefact import fit_records
from rukun.nlp.corpus import read_corpus
from rukun.nlp.evaluate import evaluate_predictions
from rukun.nlp.manifest import build_manifest, partition, read_manifest
from rukun.nlp.model import LinearReportModel
from rukun.nlp.normalise import tokens

VARIANTS: dict[str, tuple[dict, Callable[[str], list[str]] | None]] = {
    "words+chars (baseline)": ({}, tokens),
    "+ concept glossary (default)": ({}, None),
    "+ concepts, C x0.5": (
        {"C": {"category": 0.5, "three_r": 0.5, "severity": 0.25, "language": 0.5}},
        None,
    ),
    "+ concepts, C x2": (
        {"C": {"category": 2.0, "three_r": 2.0, "severity": 1.0, "language": 2.0}},
        None,
    ),
    "+ concepts, char weight 1.5": ({"char_weight": 1.5}, None),
    "+ concepts, min_df 1": ({"min_df": 1}, None),
    "+ concepts, languages balanced": ({"balance_languages": True}, None),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    records = read_corpus()
    # Ids not yet in the committed manifest are assigned by the same rule.
    train, _ = partition(records, build_manifest(records, read_manifest()))
    strata = np.array([f"{r.category}|{r.language}" for r in train])
    folds = list(StratifiedKFold(args.folds, shuffle=True, random_state=0).split(strata, strata))
    default_analyse = model_module.analyse
    for name, (params, analyse) in VARIANTS.items():
        model_module.analyse = analyse or default_analyse
        start = time.perf_counter()
        scores = []
        for fit_idx, val_idx in folds:
            trained = fit_records([train[i] for i in fit_idx], LinearReportModel(**params))
            val = [train[i] for i in val_idx]
            scores.append(evaluate_predictions(val, trained.model.predict([r.text for r in val])))
        model_module.analyse = default_analyse
        mean = {
            k: np.mean([s[k] if k != "category" else s[k]["macro_f1"] for s in scores])
            for k in ("category", "three_r_f1", "severity_within_one")
        }
        worst = np.mean(
            [min(b["category_accuracy"] for b in s["by_language"].values()) for s in scores]
        )
        print(
            f"{name:32s} macro-F1 {mean['category']:.3f}  3R F1 {mean['three_r_f1']:.3f}  "
            f"sev±1 {mean['severity_within_one']:.3f}  worst-language acc {worst:.3f}  "
            f"({time.perf_counter() - start:.0f} s)"
        )


if __name__ == "__main__":
    main()
