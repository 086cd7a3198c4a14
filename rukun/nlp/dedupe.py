"""Near-duplicate grouping of a report stream: one incident, one group.

Two reports belong to the same incident when, within :attr:`window_days` of
each other, either

* one is a **copy** of the other (the same text forwarded or re-typed): exact
  edit-distance ratio of the normalised texts ≥ ``copy_threshold``; copies of
  a long text join across areas, because a forwarded message is one incident
  wherever it is submitted; or
* both come from the **same area** and tell the **same event**: cosine
  similarity of their TF-IDF word and character n-gram vectors ≥
  ``event_threshold`` (Salton & Buckley 1988; character n-grams make the
  measure robust to colloquial spellings).

Candidates are the same area's recent reports plus those that MinHash LSH
(:mod:`rukun.nlp.similarity`) finds across areas; LSH is probabilistic, so
every candidate is confirmed with the exact similarity above. A new report
joins the group of its most similar confirmed candidate, or starts its own.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from datasketch import MinHashLSH

from rukun.nlp.features import ReportVectorizer
from rukun.nlp.normalise import tokens
from rukun.nlp.places import extract_places
from rukun.nlp.redact import find_pii
from rukun.nlp.similarity import NUM_PERM, copy_similarity, minhash

_EPOCH = dt.datetime(1970, 1, 1)


def event_text(text: str) -> str:
    """Return ``text`` without its place names and personal data.

    Reports from one area share their street and taman names whatever the
    incident, so those words must not make two incidents look alike.
    """
    spans = sorted(
        [(p.start, p.end) for p in extract_places(text)]
        + [(s.start, s.end) for s in find_pii(text)]
    )
    parts, cursor = [], 0
    for start, end in spans:
        if start >= cursor:
            parts.append(text[cursor:start])
            cursor = end
    parts.append(text[cursor:])
    return " ".join(parts)


def as_days(time: Any) -> float:
    """Return ``time`` (datetime, date, ISO string or days as a number) in days since 1970."""
    if isinstance(time, bool):
        raise TypeError("time must be a datetime, date, ISO string or number, got bool")
    if isinstance(time, int | float):
        return float(time)
    if isinstance(time, str):
        try:
            time = dt.datetime.fromisoformat(time)
        except ValueError as exc:
            raise ValueError(f"time {time!r} is not an ISO 8601 date or datetime") from exc
    if isinstance(time, dt.datetime):
        if time.tzinfo is not None:
            time = time.astimezone(dt.UTC).replace(tzinfo=None)
        return (time - _EPOCH).total_seconds() / 86400.0
    if isinstance(time, dt.date):
        return float((time - _EPOCH.date()).days)
    raise TypeError(
        f"time must be a datetime, date, ISO string or number, got {type(time).__name__}"
    )


@dataclass(slots=True)
class _Seen:
    id: str
    text: str
    area_id: Any
    day: float
    group: str
    vector: Any
    norm: float
    category: str | None


class IncidentGrouper:
    """Incremental grouping of reports into incidents.

    Parameters
    ----------
    vectorizer : ReportVectorizer, optional
        Fitted features for the event similarity; default: the current
        model's (:func:`rukun.nlp.load_model`).
    window_days : float, default 3.0
        Largest time between two reports of one incident.
    copy_threshold : float, default 0.9
        Edit-distance ratio from which a text is a copy of another.
    event_threshold : float, default 0.35
        Cosine similarity from which two same-area reports tell one event.
    burst_hours : float, default 6.0
        Same-area reports of the same (given) category this close in time
        are one incident even without shared words; 0 turns this off.
    min_copy_chars : int, default 40
        Shorter texts join across areas only when their areas match (a short
        phrase can be typed twice by chance).

    Attributes
    ----------
    groups_ : dict of str to list of str
        Group id (the id of its first report) → report ids.
    """

    def __init__(
        self,
        vectorizer: ReportVectorizer | None = None,
        window_days: float = 3.0,
        copy_threshold: float = 0.9,
        event_threshold: float = 0.35,
        burst_hours: float = 6.0,
        min_copy_chars: int = 40,
    ) -> None:
        if burst_hours < 0 or burst_hours > 24 * window_days:
            raise ValueError(f"burst_hours must be in [0, 24 * window_days], got {burst_hours!r}")
        if window_days <= 0:
            raise ValueError(f"window_days must be positive, got {window_days!r}")
        for name, value in (
            ("copy_threshold", copy_threshold),
            ("event_threshold", event_threshold),
        ):
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], got {value!r}")
        if vectorizer is None:
            from rukun.nlp.artefact import load_model

            vectorizer = load_model().model.vectorizer_
        self.vectorizer = vectorizer
        self.window_days = window_days
        self.copy_threshold = copy_threshold
        self.event_threshold = event_threshold
        self.min_copy_chars = min_copy_chars
        self.burst_hours = burst_hours
        self.groups_: dict[str, list[str]] = {}
        self._recent: deque[_Seen] = deque()
        self._by_id: dict[str, _Seen] = {}
        # Recent reports per area, oldest first: the same-area candidates without a scan
        # of everything recent (which made a day of many reports quadratic).
        self._by_area: dict[Any, deque[_Seen]] = {}
        self._ids: set[str] = set()
        self._lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)

    def _expire(self, day: float) -> None:
        while self._recent and self._recent[0].day < day - 2 * self.window_days:
            old = self._recent.popleft()
            self._lsh.remove(old.id)
            del self._by_id[old.id]
            same_area = self._by_area[old.area_id]
            same_area.popleft()
            if not same_area:
                del self._by_area[old.area_id]

    def _score(self, new: _Seen, old: _Seen) -> float:
        if abs(new.day - old.day) > self.window_days:
            return 0.0
        same_area = new.area_id == old.area_id
        long_enough = min(len(new.text), len(old.text)) >= self.min_copy_chars
        if same_area or long_enough:
            copy = copy_similarity(new.text, old.text)
            if copy >= self.copy_threshold:
                return 1.0 + copy
        if not same_area or (new.category and old.category and new.category != old.category):
            return 0.0
        cosine = float(new.vector.multiply(old.vector).sum()) / (new.norm * old.norm or 1.0)
        if cosine >= self.event_threshold:
            return cosine
        burst = new.category is not None and abs(new.day - old.day) * 24.0 <= self.burst_hours
        # A burst of same-category reports in one area is one incident even
        # when told in different languages (no shared words).
        return self.event_threshold / 2 if burst else 0.0

    def add(
        self, report_id: str, text: str, area_id: Any, time: Any, category: str | None = None
    ) -> str:
        """Add one report; return the id of the incident group it joins.

        ``category`` (the classifier's) is optional; when two reports both
        have one and they differ, only a copy can join them.

        Reports should arrive roughly in time order; ones older than twice
        the window are forgotten.

        Raises
        ------
        ValueError
            When ``report_id`` was added before or ``text`` is empty.
        """
        report_id = str(report_id)
        if report_id in self._ids:
            raise ValueError(f"report {report_id!r} was already added")
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"text must be a non-empty string, got {text!r}")
        day = as_days(time)
        self._expire(day)
        vector = self.vectorizer.transform([tokens(event_text(text))])
        norm = float(np.sqrt(vector.multiply(vector).sum()))
        new = _Seen(report_id, text, area_id, day, report_id, vector, norm, category)
        signature = minhash(text)
        candidates = {s.id for s in self._by_area.get(area_id, ())}
        candidates.update(self._lsh.query(signature))
        best, best_score = None, 0.0
        for cid in sorted(candidates):
            score = self._score(new, self._by_id[cid])
            if score > best_score:
                best, best_score = cid, score
        if best is not None:
            new.group = self._by_id[best].group
        self.groups_.setdefault(new.group, []).append(report_id)
        self._recent.append(new)
        self._by_area.setdefault(area_id, deque()).append(new)
        self._by_id[report_id] = new
        self._ids.add(report_id)
        self._lsh.insert(report_id, signature)
        return new.group


def group_reports(
    reports: Iterable[dict[str, Any]], grouper: IncidentGrouper | None = None
) -> dict[str, str]:
    """Group a batch of reports (dicts: ``id``, ``text``, ``area_id``, ``time``, [``category``]).

    Reports are taken in time order (ties by id). Returns id → group id.
    """
    grouper = grouper or IncidentGrouper()
    rows = sorted(reports, key=lambda r: (as_days(r["time"]), str(r["id"])))
    return {
        str(r["id"]): grouper.add(
            r["id"], r["text"], r.get("area_id"), r["time"], r.get("category")
        )
        for r in rows
    }


def pairwise_scores(truth: dict[str, str], predicted: dict[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a grouping against a labelled one.

    A pair of reports is positive when both are in one group (the standard
    pair-counting measure of clusterings; Manning et al. 2008, §16.3).
    """
    if set(truth) != set(predicted):
        raise ValueError("truth and predicted must hold the same report ids")
    ids = sorted(truth)
    t = np.array([truth[i] for i in ids])
    p = np.array([predicted[i] for i in ids])
    same_t = t[:, None] == t[None, :]
    same_p = p[:, None] == p[None, :]
    upper = np.triu(np.ones_like(same_t, dtype=bool), k=1)
    tp = int((same_t & same_p & upper).sum())
    n_pred = int((same_p & upper).sum())
    n_true = int((same_t & upper).sum())
    precision = tp / n_pred if n_pred else 1.0
    recall = tp / n_true if n_true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": n_true,
        "predicted_pairs": n_pred,
    }
