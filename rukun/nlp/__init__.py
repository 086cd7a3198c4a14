"""Report understanding: language, category, 3R, severity, redaction, near-duplicates.

The public API that the service layer calls (no Django here):

``load_model(path=None) -> TrainedModel``
    The current linear model, cached per process; ``.version`` is the string
    to store beside each label.
``classify(texts, explain=False) -> list[dict]``
    Per text ``category``, ``three_r``, ``severity``, ``language``, ``scores``
    (category → probability), ``model_version`` and optionally
    ``explanation`` (per task, the terms that pushed the decision).
``understand(texts) -> list[dict]``
    ``classify`` with explanations, plus ``redacted_text``, ``pii`` and ``places``.
``redact(text) -> Redaction``
    ``.text`` (redacted) and ``.spans`` (kind, start, end, value).
``extract_places(text) -> list[Place]``
    Taman / jalan / kampung / flat names with offsets.
``IncidentGrouper(...).add(report_id, text, area_id, time, category=None) -> group id``
    Incremental near-duplicate grouping of a report stream.
``train(extra_files=(), output=None) -> TrainedModel``
    Deterministic retraining from the corpus plus officers' corrections.

See ``docs/nlp.md`` for methods and measured figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = [
    "Classifier",
    "IncidentGrouper",
    "PiiSpan",
    "Place",
    "Redaction",
    "TrainedModel",
    "TransformerBackend",
    "classify",
    "extract_places",
    "find_pii",
    "get_classifier",
    "group_reports",
    "load_model",
    "normalise",
    "redact",
    "train",
    "understand",
]

# Attributes are imported on first use so that ``import rukun.nlp`` (and
# ``rukun --help``) stay fast; scikit-learn is loaded only for training.
_LAZY = {
    "Classifier": "rukun.nlp.classify",
    "classify": "rukun.nlp.classify",
    "get_classifier": "rukun.nlp.classify",
    "understand": "rukun.nlp.classify",
    "IncidentGrouper": "rukun.nlp.dedupe",
    "group_reports": "rukun.nlp.dedupe",
    "PiiSpan": "rukun.nlp.redact",
    "Redaction": "rukun.nlp.redact",
    "redact": "rukun.nlp.redact",
    "find_pii": "rukun.nlp.redact",
    "Place": "rukun.nlp.places",
    "extract_places": "rukun.nlp.places",
    "TrainedModel": "rukun.nlp.artefact",
    "load_model": "rukun.nlp.artefact",
    "train": "rukun.nlp.training",
    "TransformerBackend": "rukun.nlp.backends",
    "normalise": "rukun.nlp.normalise",
}

if TYPE_CHECKING:
    from rukun.nlp.artefact import TrainedModel, load_model
    from rukun.nlp.backends import TransformerBackend
    from rukun.nlp.classify import Classifier, classify, get_classifier, understand
    from rukun.nlp.dedupe import IncidentGrouper, group_reports
    from rukun.nlp.normalise import normalise
    from rukun.nlp.places import Place, extract_places
    from rukun.nlp.redact import PiiSpan, Redaction, find_pii, redact
    from rukun.nlp.training import train


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rukun.nlp' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
