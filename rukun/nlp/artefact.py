"""Versioned model artefacts: training from the corpus, saving and loading.

The artefact is one compressed joblib file holding only NumPy arrays, lists
and strings (no scikit-learn objects), with a version string of the form
``linear-1+<12 hex digits>``: the digits are a SHA-256 of the training records
and the parameters, so the same corpus always gives the same version and the
same weights (training is deterministic: fixed solver seed and folds).

The trained model ships inside the package (``rukun/nlp/data/model/``) so that
``rukun classify`` works right after ``pip install .``; ``RUKUN_NLP_MODEL``
names another artefact file. When no artefact exists, the loader trains one
from the packaged corpus in memory (about ten seconds).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib

from rukun.nlp.corpus import DATA_DIR, LabelledReport, read_corpus, read_files
from rukun.nlp.manifest import MANIFEST_PATH, partition, read_manifest
from rukun.nlp.model import TASKS, LinearReportModel

ARTEFACT_FORMAT = 1
MODEL_FAMILY = "linear-1"
DEFAULT_MODEL_PATH = DATA_DIR / "model" / "rukun-nlp.joblib"


@dataclass
class TrainedModel:
    """A fitted model with its version and provenance."""

    model: LinearReportModel
    version: str
    provenance: dict[str, Any] = field(default_factory=dict)


def fingerprint(records: Sequence[LabelledReport], params: dict[str, Any]) -> str:
    """Return the SHA-256 (hex) of the records' ids, texts and labels and ``params``."""
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode())
    for r in sorted(records, key=lambda r: r.id):
        line = [r.id, r.text, r.category, r.three_r, r.severity, r.language]
        digest.update(json.dumps(line, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def training_records(
    extra_files: Iterable[str | os.PathLike[str]] = (),
    corpus_directory: str | os.PathLike[str] | None = None,
    manifest_path: str | os.PathLike[str] = MANIFEST_PATH,
    include_test: bool = False,
) -> list[LabelledReport]:
    """Return the training part of the corpus (per the manifest) plus extra files.

    Extra files (officers' label corrections) must use ids that are not in
    the corpus. ``include_test`` adds the held-out part: for a production model
    after evaluation, never for the figures.
    """
    corpus = read_corpus(corpus_directory)
    train, test = partition(corpus, read_manifest(manifest_path))
    records = train + (test if include_test else [])
    extra = read_files(extra_files)
    clash = {r.id for r in corpus} & {r.id for r in extra}
    if clash:
        raise ValueError(f"extra records reuse corpus ids: {', '.join(sorted(clash)[:5])}")
    return records + extra


def fit_records(
    records: Sequence[LabelledReport], model: LinearReportModel | None = None
) -> TrainedModel:
    """Fit ``model`` (default parameters when ``None``) on ``records``."""
    model = model or LinearReportModel()
    records = sorted(records, key=lambda r: r.id)
    labels = {task: [getattr(r, task) for r in records] for task in TASKS}
    model.fit([r.text for r in records], labels)
    params = {"family": MODEL_FAMILY, **model.to_arrays()["params"]}
    digest = fingerprint(records, params)
    provenance = {
        "n_records": len(records),
        "records_sha256": digest,
        "params": params,
        "ids_sha256": hashlib.sha256("\n".join(r.id for r in records).encode()).hexdigest(),
    }
    return TrainedModel(model, f"{MODEL_FAMILY}+{digest[:12]}", provenance)


def save(trained: TrainedModel, path: str | os.PathLike[str] = DEFAULT_MODEL_PATH) -> Path:
    """Write ``trained`` to ``path`` (folders created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "format": ARTEFACT_FORMAT,
        "version": trained.version,
        "provenance": trained.provenance,
        "model": trained.model.to_arrays(),
    }
    joblib.dump(payload, path, compress=("zlib", 3))
    return path


def load(path: str | os.PathLike[str]) -> TrainedModel:
    """Read an artefact written by :func:`save`.

    Only load artefacts you trust: joblib files are pickles.

    Raises
    ------
    ValueError
        When the file is not a rukun model artefact of a known format.
    """
    payload = joblib.load(Path(path))
    if not isinstance(payload, dict) or payload.get("format") != ARTEFACT_FORMAT:
        got = payload.get("format") if isinstance(payload, dict) else type(payload).__name__
        raise ValueError(f"{path}: not a rukun model artefact (format {got!r}; allowed: 1)")
    model = LinearReportModel.from_arrays(payload["model"])
    return TrainedModel(model, payload["version"], payload.get("provenance", {}))


def model_path() -> Path:
    """Return the artefact path in use (``RUKUN_NLP_MODEL`` or the packaged one)."""
    return Path(os.environ.get("RUKUN_NLP_MODEL", DEFAULT_MODEL_PATH))


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> TrainedModel:
    if mtime < 0:
        return fit_records(training_records())
    return load(path)


def load_model(path: str | os.PathLike[str] | None = None) -> TrainedModel:
    """Return the current model, loaded once per process and file version.

    Parameters
    ----------
    path : path-like, optional
        An artefact file; default :func:`model_path`. When the default file
        does not exist, a model is trained from the packaged corpus in memory.
    """
    target = Path(path) if path is not None else model_path()
    if target.exists():
        return _load_cached(str(target.resolve()), target.stat().st_mtime)
    if path is not None or "RUKUN_NLP_MODEL" in os.environ:
        raise ValueError(f"model artefact {target} does not exist")
    return _load_cached(str(target), -1.0)
