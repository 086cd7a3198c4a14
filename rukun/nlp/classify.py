"""Batch understanding of reports: the calls the service layer makes.

:func:`classify` labels texts with the current model (the linear model of
:mod:`rukun.nlp.model`, optionally with a transformer backend for some
tasks); :func:`understand` adds the redacted text, the personal-data spans and
the place names. Both return plain dicts, ready for JSON.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from typing import Any

import numpy as np

from rukun.core.taxonomy import CATEGORIES, LANGUAGES
from rukun.nlp.artefact import TrainedModel, load_model
from rukun.nlp.backends import TransformerBackend
from rukun.nlp.langid import language_by_script
from rukun.nlp.model import severity_decision
from rukun.nlp.places import extract_places
from rukun.nlp.redact import redact


class Classifier:
    """The current model with an optional transformer backend.

    Parameters
    ----------
    trained : TrainedModel, optional
        Default: :func:`rukun.nlp.load_model`.
    backend : TransformerBackend, optional
        Replaces the linear model's probabilities for the tasks it provides.

    Attributes
    ----------
    version : str
        Store it beside each label: ``linear-1+<hash>``, with
        ``|transformer+<hash>`` when a backend is in use.
    """

    def __init__(
        self, trained: TrainedModel | None = None, backend: TransformerBackend | None = None
    ) -> None:
        self.trained = trained or load_model()
        self.backend = backend
        self.version = self.trained.version + (f"|{backend.version_}" if backend else "")

    def predict_proba(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Per task, probabilities ``(n_texts, n_classes)`` (see ``model.CLASSES``)."""
        _check_texts(texts)
        proba = self.trained.model.predict_proba(texts)
        if self.backend is not None:
            proba.update(self.backend.predict_proba(texts))
            for i, text in enumerate(texts):
                code = language_by_script(text)
                if code is not None:
                    proba["language"][i] = np.eye(len(LANGUAGES))[LANGUAGES.index(code)]
        return proba

    def classify(
        self, texts: Sequence[str], explain: bool = False, top_terms: int = 5
    ) -> list[dict[str, Any]]:
        """Label each text; see :func:`classify`."""
        proba = self.predict_proba(texts)
        severity = severity_decision(proba["severity"]).tolist()
        category = proba["category"].argmax(axis=1).tolist()
        three_r = proba["three_r"].argmax(axis=1).tolist()
        language = proba["language"].argmax(axis=1).tolist()
        # rounded once for the batch: per-value round() is a tenth of the time
        scores = np.round(proba["category"], 6).tolist()
        out = []
        for i, text in enumerate(texts):
            result: dict[str, Any] = {
                "category": CATEGORIES[category[i]],
                "three_r": bool(three_r[i]),
                "severity": int(severity[i]),
                "language": LANGUAGES[language[i]],
                "scores": dict(zip(CATEGORIES, scores[i], strict=True)),
                "model_version": self.version,
            }
            if explain:
                result["explanation"] = self.trained.model.explain(text, result, top_terms)
            out.append(result)
        return out


def _check_texts(texts: Sequence[str]) -> None:
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError(f"texts must be a sequence of str, got {type(texts).__name__}")
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise TypeError(f"texts[{i}] must be str, got {type(text).__name__}")


@lru_cache(maxsize=2)
def _default_classifier(backend_dir: str | None) -> Classifier:
    backend = TransformerBackend(backend_dir) if backend_dir else None
    return Classifier(load_model(), backend)


def get_classifier() -> Classifier:
    """Return the process-wide classifier (model loaded once).

    ``RUKUN_NLP_MODEL`` names the linear artefact; ``RUKUN_NLP_TRANSFORMER_DIR``
    a transformer backend directory.
    """
    return _default_classifier(os.environ.get("RUKUN_NLP_TRANSFORMER_DIR") or None)


def classify(
    texts: Sequence[str], explain: bool = False, top_terms: int = 5
) -> list[dict[str, Any]]:
    """Label a batch of report texts with the current model.

    Parameters
    ----------
    texts : sequence of str
    explain : bool, default False
        Add ``explanation``: per task, the ``[term, weight]`` pairs of the
        text that pushed the decision most (from the linear model).
    top_terms : int, default 5

    Returns
    -------
    list of dict
        Per text: ``category``, ``three_r``, ``severity``, ``language``,
        ``scores`` (category → probability), ``model_version`` and, when
        asked, ``explanation``.
    """
    return get_classifier().classify(texts, explain=explain, top_terms=top_terms)


def understand(texts: Sequence[str]) -> list[dict[str, Any]]:
    """Classify, explain, redact and extract place names for each text.

    Returns
    -------
    list of dict
        :func:`classify` output with ``explanation`` plus ``redacted_text``,
        ``pii`` (list of ``{kind, start, end}``; offsets into the original,
        values left out so the personal data stays with the original) and
        ``places`` (list of ``{kind, name, start, end}``).
    """
    results = classify(texts, explain=True)
    for text, result in zip(texts, results, strict=True):
        redaction = redact(text)
        result["redacted_text"] = redaction.text
        result["pii"] = [{"kind": s.kind, "start": s.start, "end": s.end} for s in redaction.spans]
        result["places"] = [asdict(p) for p in extract_places(text)]
    return results
