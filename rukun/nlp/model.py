"""The linear report model: category, 3R flag, severity and language.

One TF-IDF feature space (:mod:`rukun.nlp.features`) feeds four linear
support-vector machines (one-vs-rest, squared hinge loss, L2 penalty;
scikit-learn's ``LinearSVC`` on liblinear, Fan et al. 2008), the strong and
fast text baseline of Joachims (1998). Their decision values become
calibrated probabilities by Platt scaling (binary 3R) or temperature scaling
(multi-class; Guo et al. 2017), fitted on cross-validated decision values, so
each head is a softmax over linear scores. A decision is explained exactly: a
class's logit is the sum over features of value × weight, so the terms that
pushed it are the features of the text with the largest such products
(weights centred across classes, since a softmax ignores a shift common to all
classes).

After fitting, the model keeps only arrays (vocabulary, idf, weights), so it is
stored without pickling scikit-learn objects and predicts with one sparse
matrix product."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from rukun.core.taxonomy import CATEGORIES, LANGUAGES, SEVERITIES
from rukun.nlp.concepts import concept_tokens
from rukun.nlp.features import ReportVectorizer
from rukun.nlp.langid import language_by_script
from rukun.nlp.normalise import tokens

TASKS: tuple[str, ...] = ("category", "three_r", "severity", "language")
#: Texts featurised at a time in prediction.
PREDICT_CHUNK = 1024
CLASSES: dict[str, tuple[Any, ...]] = {
    "category": CATEGORIES,
    "three_r": (False, True),
    "severity": SEVERITIES,
    "language": LANGUAGES,
}


def _calibrate(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Return ``(a, c)`` so that ``softmax(a * scores + c·e_last)`` fits ``y``.

    Binary (``scores`` 1-d): Platt scaling, a logistic regression of ``y`` on
    the decision value (Platt 1999). Multi-class: temperature scaling, ``c =
    0`` and ``a`` minimising the log-loss (Guo et al. 2017).
    """
    from scipy.optimize import minimize_scalar

    if scores.ndim == 1:
        from sklearn.linear_model import LogisticRegression

        platt = LogisticRegression(C=1e4).fit(scores[:, None], y)
        return float(platt.coef_[0, 0]), float(platt.intercept_[0])

    def loss(a: float) -> float:
        z = a * scores
        z = z - z.max(axis=1, keepdims=True)
        return float(-(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(axis=1))).mean())

    return float(minimize_scalar(loss, bounds=(0.01, 100.0), method="bounded").x), 0.0


def _fit_head(
    X: Any,
    y: np.ndarray,
    n_classes: int,
    C: float,
    folds: int,
    seed: int,
    weight: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Fit a one-vs-rest linear SVM and calibrate its decision values.

    Returns the weights ``(n_classes, n_features)`` and intercepts of a
    softmax over all classes of the task; classes absent from ``y`` get a
    very low intercept so they never win.
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.svm import LinearSVC

    present = np.unique(y)
    clf = LinearSVC(C=C, random_state=seed).fit(X, y, sample_weight=weight)
    counts = np.bincount(y)[present]
    k = int(min(folds, counts.min()))
    a, c = 1.0, 0.0
    if k >= 2:
        cv = StratifiedKFold(k, shuffle=True, random_state=seed)
        scores = cross_val_predict(
            LinearSVC(C=C, random_state=seed),
            X,
            y,
            cv=cv,
            method="decision_function",
            params={"sample_weight": weight} if weight is not None else None,
        )
        target = np.searchsorted(present, y)
        a, c = _calibrate(scores, target)
    coef = np.zeros((n_classes, X.shape[1]))
    bias = np.full(n_classes, -1e4)
    if len(present) == 2:
        coef[present[1]] = a * clf.coef_[0]
        bias[present[0]], bias[present[1]] = 0.0, a * clf.intercept_[0] + c
    else:
        coef[present] = a * clf.coef_
        bias[present] = a * clf.intercept_
    return coef, bias


def severity_decision(proba: np.ndarray) -> np.ndarray:
    """Return the median severity of each row of probabilities ``(n, 4)``.

    Severity is ordinal, so the decision minimises the expected absolute
    error — the median of the predictive distribution — rather than taking
    the most probable level.
    """
    index = (np.cumsum(proba, axis=1) >= 0.5).argmax(axis=1)
    return np.asarray(SEVERITIES)[index]


def analyse(text: str) -> list[str]:
    """Return the model's tokens of ``text``: normalised words, then concept tokens."""
    return tokens(text) + concept_tokens(text)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class LinearReportModel:
    """Calibrated linear heads over shared word and character n-gram features.

    Parameters
    ----------
    C : mapping of task to float, optional
        Inverse regularisation strength per task (defaults in :data:`DEFAULT_C`).
    min_df : int, default 2
        Minimum document frequency of a feature.
    char_weight : float, default 1.0
        Weight of the character n-gram block.
    cv_folds : int, default 5
        Folds of the cross-validated decision values that calibrate the
        probabilities.
    balance_languages : bool, default False
        Weight each training report by the inverse of its language's share,
        so that the smaller languages (Chinese, Tamil) count as much as Malay.
    random_state : int, default 0
        Seed of the (shuffled, stratified) calibration folds; fixed so that
        training is deterministic.

    Attributes
    ----------
    vectorizer_ : ReportVectorizer
    weights_ : ndarray of shape (n_outputs, n_features), float32
        All heads' weights stacked; rows of task ``t`` are ``slices_[t]``.
    intercepts_ : ndarray of shape (n_outputs,)
    slices_ : dict of str to slice
    """

    DEFAULT_C: Mapping[str, float] = {
        "category": 1.0,
        "three_r": 1.0,
        "severity": 0.5,
        "language": 1.0,
    }

    def __init__(
        self,
        C: Mapping[str, float] | None = None,
        min_df: int = 2,
        char_weight: float = 1.0,
        cv_folds: int = 5,
        random_state: int = 0,
        balance_languages: bool = False,
    ) -> None:
        self.C = C
        self.min_df = min_df
        self.char_weight = char_weight
        self.cv_folds = cv_folds
        self.random_state = random_state
        self.balance_languages = balance_languages

    def fit(self, texts: Sequence[str], labels: Mapping[str, Sequence[Any]]) -> LinearReportModel:
        """Fit every head of :data:`TASKS` on ``texts`` and their ``labels``.

        Raises
        ------
        ValueError
            When a task's labels are missing, of the wrong length, outside the
            taxonomy, or hold a single class.
        """
        C = {**self.DEFAULT_C, **(self.C or {})}
        self._check_labels(texts, labels)
        docs = [analyse(t) for t in texts]
        self.vectorizer_ = ReportVectorizer(self.min_df, self.char_weight).fit(docs)
        X = self.vectorizer_.transform(docs)
        rows: list[np.ndarray] = []
        intercepts: list[np.ndarray] = []
        self.slices_: dict[str, slice] = {}
        weight = None
        if self.balance_languages:
            codes, index = np.unique(np.asarray(labels["language"]), return_inverse=True)
            weight = len(texts) / (len(codes) * np.bincount(index)[index])
        for task in TASKS:
            classes = CLASSES[task]
            y = np.array([classes.index(v) for v in labels[task]])
            coef, bias = _fit_head(
                X, y, len(classes), C[task], self.cv_folds, self.random_state, weight
            )
            start = sum(len(r) for r in rows)
            self.slices_[task] = slice(start, start + len(classes))
            rows.append(coef)
            intercepts.append(bias)
        self.weights_ = np.vstack(rows).astype(np.float32)
        self.intercepts_ = np.concatenate(intercepts)
        return self

    @staticmethod
    def _check_labels(texts: Sequence[str], labels: Mapping[str, Sequence[Any]]) -> None:
        if not texts:
            raise ValueError("cannot fit on zero texts")
        for task in TASKS:
            if task not in labels:
                raise ValueError(f"labels for task {task!r} missing; required: {', '.join(TASKS)}")
            values = labels[task]
            if len(values) != len(texts):
                raise ValueError(
                    f"{len(values)} {task} labels for {len(texts)} texts; they must match"
                )
            bad = sorted({repr(v) for v in values if v not in CLASSES[task]})
            if bad:
                raise ValueError(
                    f"{task} labels {', '.join(bad)} not allowed; allowed: "
                    + ", ".join(map(str, CLASSES[task]))
                )
            if len(set(values)) < 2:
                raise ValueError(f"{task} labels hold a single class; need at least two")

    def predict_proba(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Return per task an array ``(n_texts, n_classes)`` of probabilities.

        Classes are in the order of :data:`CLASSES`. Language is decided by
        script first (Han or Tamil) and by the model otherwise.
        """
        logits = np.empty((len(texts), self.weights_.shape[0]))
        by_feature = self._weights_by_feature()
        # Chunks bound the memory of the sparse intermediates for big batches.
        for start in range(0, len(texts), PREDICT_CHUNK):
            chunk = texts[start : start + PREDICT_CHUNK]
            X = self.vectorizer_.transform([analyse(t) for t in chunk])
            logits[start : start + len(chunk)] = X @ by_feature
        logits += self.intercepts_
        out = {task: _softmax(logits[:, s]) for task, s in self.slices_.items()}
        lang = out["language"]
        for i, text in enumerate(texts):
            code = language_by_script(text)
            if code is not None:
                lang[i] = 0.0
                lang[i, LANGUAGES.index(code)] = 1.0
        return out

    def _weights_by_feature(self) -> np.ndarray:
        """``weights_.T`` in C order, kept: SciPy would copy the transposed view each call."""
        kept = self.__dict__.get("_by_feature")
        if kept is None or kept[0] is not self.weights_:
            kept = self._by_feature = (self.weights_, np.ascontiguousarray(self.weights_.T))
        return kept[1]

    def predict(self, texts: Sequence[str]) -> list[dict[str, Any]]:
        """Return one dict per text: category, three_r, severity, language, scores."""
        proba = self.predict_proba(texts)
        best = {task: p.argmax(axis=1) for task, p in proba.items()}
        severity = severity_decision(proba["severity"])
        results = []
        for i in range(len(texts)):
            results.append(
                {
                    "category": CATEGORIES[best["category"][i]],
                    "three_r": bool(best["three_r"][i]),
                    "severity": int(severity[i]),
                    "language": LANGUAGES[best["language"][i]],
                    "scores": {
                        c: round(float(p), 6)
                        for c, p in zip(CATEGORIES, proba["category"][i], strict=True)
                    },
                }
            )
        return results

    def word_pushes(self, text: str, decision: Mapping[str, Any]) -> dict[str, dict[str, float]]:
        """Return, per task, every word of ``text`` with its push towards ``decision``.

        A word's push is its share of the decided class's logit minus the
        mean logit of all classes; the pushes of a text sum to that centred
        logit less its intercept part. Character n-grams and word bigrams are
        credited to the words they come from.
        """
        doc = analyse(text)
        X = self.vectorizer_.transform([doc])
        dense = np.zeros(X.shape[1], dtype=np.float64)
        dense[X.indices] = X.data
        credits = self.vectorizer_.attribute(doc)
        if not credits:
            return {task: {} for task in TASKS}
        pos, col, share = (np.asarray(v) for v in zip(*credits, strict=True))
        total_share = np.bincount(col, weights=share, minlength=X.shape[1])
        part = dense[col] * share / total_share[col]
        pushes: dict[str, dict[str, float]] = {}
        for task in TASKS:
            rows = self.weights_[self.slices_[task]]
            k = CLASSES[task].index(decision[task])
            centred = rows[k, col].astype(np.float64) - rows[:, col].mean(axis=0)
            per_position = np.bincount(pos, weights=part * centred, minlength=len(doc))
            by_word: dict[str, float] = {}
            for word, push in zip(doc, per_position.tolist(), strict=True):
                by_word[word] = by_word.get(word, 0.0) + push
            pushes[task] = by_word
        return pushes

    def explain(self, text: str, decision: Mapping[str, Any], top: int = 5) -> dict[str, list]:
        """Return, per task, the ``top`` terms of ``text`` that pushed its decision most.

        Each term is ``[normalised word or §concept, weight]`` with a positive
        weight (see :meth:`word_pushes`), strongest first.
        """
        explanation: dict[str, list] = {}
        for task, by_word in self.word_pushes(text, decision).items():
            ranked = sorted(by_word.items(), key=lambda kv: (-kv[1], kv[0]))
            explanation[task] = [[w, round(v, 4)] for w, v in ranked[:top] if v > 0]
        return explanation

    def to_arrays(self) -> dict[str, Any]:
        """Return the fitted state as plain arrays and lists (for the artefact)."""
        v = self.vectorizer_
        return {
            "features": v.feature_names_,
            "n_word_features": v.n_word_features_,
            "idf": v.idf_,
            "weights": self.weights_,
            "intercepts": self.intercepts_,
            "slices": {t: [s.start, s.stop] for t, s in self.slices_.items()},
            "params": {
                "min_df": self.min_df,
                "char_weight": self.char_weight,
                "C": self.C,
                "cv_folds": self.cv_folds,
                "random_state": self.random_state,
                "balance_languages": self.balance_languages,
            },
        }

    @classmethod
    def from_arrays(cls, state: Mapping[str, Any]) -> LinearReportModel:
        """Rebuild a fitted model from :meth:`to_arrays` output."""
        params = state["params"]
        model = cls(
            C=params["C"],
            min_df=params["min_df"],
            char_weight=params["char_weight"],
            cv_folds=params.get("cv_folds", 5),
            random_state=params.get("random_state", 0),
            balance_languages=params.get("balance_languages", False),
        )
        model.vectorizer_ = ReportVectorizer(params["min_df"], params["char_weight"])
        model.vectorizer_.set_vocabulary(
            state["features"], int(state["n_word_features"]), state["idf"]
        )
        model.weights_ = np.asarray(state["weights"], dtype=np.float32)
        model.intercepts_ = np.asarray(state["intercepts"], dtype=np.float64)
        model.slices_ = {t: slice(a, b) for t, (a, b) in state["slices"].items()}
        expected = {t: len(CLASSES[t]) for t in TASKS}
        got = {t: s.stop - s.start for t, s in model.slices_.items()}
        if got != expected or model.weights_.shape != (sum(expected.values()), len(state["idf"])):
            raise ValueError(
                f"model arrays do not match the taxonomy: heads {got}, need {expected}"
            )
        return model
