"""Pluggable transformer backend: Hugging Face models from a local directory.

An agency that fine-tunes a transformer (for example a Malaysian BERT) can
swap it in for any of the four tasks without changing rukun. The directory
holds one sub-directory per task it provides, each a Hugging Face
sequence-classification model saved with ``save_pretrained`` (``config.json``,
weights, tokenizer files)::

    my-models/
        category/   id2label: the 14 category codes
        three_r/    id2label: "false", "true"
        severity/   id2label: "1", "2", "3", "4"
        language/   id2label: "ms", "en", "zh", "ta", "mixed"

A directory that is itself a model (has ``config.json``) serves ``category``.
Tasks without a sub-directory stay with the linear model. Everything loads
with ``local_files_only=True`` and the Hub switched off: nothing is
downloaded. ``transformers`` and ``torch`` (CPU wheel; the ``hf`` extra) are
needed only here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rukun.nlp.model import CLASSES, TASKS


def _label_index(task: str, label: str) -> int:
    names = [str(c).lower() for c in CLASSES[task]]
    key = str(label).strip().lower()
    if key not in names:
        raise ValueError(
            f"model for {task!r} has label {label!r}; allowed: {', '.join(map(str, CLASSES[task]))}"
        )
    return names.index(key)


class TransformerBackend:
    """Sequence-classification transformers for some or all tasks.

    Parameters
    ----------
    path : path-like
        Local directory (see the module docstring).
    batch_size : int, default 32
    max_length : int, default 256
        Tokens per text; longer texts are truncated.

    Attributes
    ----------
    tasks_ : tuple of str
        The tasks this backend provides.
    version_ : str
        ``transformer+`` and a hash of the models' configuration files.
    """

    def __init__(self, path: str | os.PathLike[str], batch_size: int = 32, max_length: int = 256):
        self.path = Path(path)
        self.batch_size = batch_size
        self.max_length = max_length
        self._load()

    def _task_dirs(self) -> dict[str, Path]:
        if not self.path.is_dir():
            raise ValueError(f"transformer backend path {self.path} is not a directory")
        if (self.path / "config.json").exists():
            return {"category": self.path}
        found = {t: self.path / t for t in TASKS if (self.path / t / "config.json").exists()}
        if not found:
            raise ValueError(
                f"{self.path} holds no model: expected config.json or sub-directories "
                f"named {', '.join(TASKS)}"
            )
        return found

    def _load(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
        except ImportError as exc:
            raise ImportError(
                "the transformer backend needs `transformers` and `torch` (CPU wheel)"
            ) from exc
        self._models: dict[str, tuple[Any, Any, np.ndarray]] = {}
        digest = hashlib.sha256()
        for task, folder in sorted(self._task_dirs().items()):
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            model = AutoModelForSequenceClassification.from_pretrained(
                folder, local_files_only=True
            )
            model.eval()
            id2label = model.config.id2label
            order = np.array([_label_index(task, id2label[i]) for i in range(len(id2label))])
            if len(set(order.tolist())) != len(order):
                raise ValueError(f"model for {task!r} repeats a label: {id2label}")
            self._models[task] = (tokenizer, model, order)
            digest.update(task.encode() + (folder / "config.json").read_bytes())
        self.tasks_ = tuple(self._models)
        self.version_ = "transformer+" + digest.hexdigest()[:12]

    def predict_proba(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Return per provided task an array ``(n_texts, n_classes)`` of probabilities.

        Columns follow :data:`rukun.nlp.model.CLASSES`; classes the model
        does not know get probability zero.
        """
        import torch

        out: dict[str, np.ndarray] = {}
        for task, (tokenizer, model, order) in self._models.items():
            proba = np.zeros((len(texts), len(CLASSES[task])))
            for start in range(0, len(texts), self.batch_size):
                batch = list(texts[start : start + self.batch_size])
                encoded = tokenizer(
                    batch,
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                with torch.no_grad():
                    logits = model(**encoded).logits
                p = torch.softmax(logits.float(), dim=-1).numpy()
                proba[start : start + len(batch)][:, order] = p
            out[task] = proba
        return out
