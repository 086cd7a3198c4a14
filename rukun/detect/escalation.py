"""Escalation chains: the same place, or the same incident, getting worse.

A chain is the sequence of reports that share a place key or a near-duplicate
group, within ``lookback_days`` before the analysis day. It escalates on the
analysis day when a report of that day

* raises the chain's severity above every earlier report's and reaches at
  least ``min_severity`` (a noise complaint that turns into threats), or
* turns the chain's category into one of :data:`SENSITIVE_CATEGORIES` (ethnic,
  religious, online provocation) when no earlier report had one.

This is a rule, not a test: escalation signals carry no p-value. Officers read
them as "this case is getting worse", with the chain as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rukun.detect.types import SENSITIVE_CATEGORIES, Events


@dataclass(frozen=True)
class Escalation:
    """One escalating chain: its key, its reports (oldest first) and why it escalated."""

    key: str
    event_index: np.ndarray
    reason: str
    category: str | None
    severity: int


def _chains(keys: np.ndarray, recent: np.ndarray, today: np.ndarray, prefix: str):
    """Indices of the recent events of every key that has a report today."""
    todays = np.flatnonzero(today)
    todays_keys = {k for k in keys[todays] if k is not None and k == k and str(k) != ""}
    if not todays_keys:
        return
    candidates = np.flatnonzero(recent)
    by_key: dict = {}
    for i in candidates:  # only the last lookback_days of reports
        key = keys[i]
        if key in todays_keys:
            by_key.setdefault(key, []).append(i)
    for key, idx in by_key.items():
        yield f"{prefix}:{key}", np.asarray(idx, dtype=np.int64)


def escalation_chains(
    events: Events, day: np.datetime64, *, lookback_days: int = 30, min_severity: int = 3
) -> list[Escalation]:
    """Chains that escalate on ``day`` (see the module docstring).

    Parameters
    ----------
    events : Events
        Needs ``place`` and/or ``duplicate_group``, and ``severity`` and/or
        ``category``; without them there is nothing to chain and the result is empty.
    day : numpy.datetime64
        The analysis day; only reports up to that day are read.
    lookback_days : int
        How far back a chain reaches.
    min_severity : int
        The severity a rise must reach to count (1–4).

    Returns
    -------
    list of Escalation
    """
    if lookback_days < 1:
        raise ValueError(f"lookback_days must be >= 1, got {lookback_days!r}")
    day = np.datetime64(day, "D")  # type: ignore[call-overload]
    recent = (events.day <= day) & (events.day > day - np.timedelta64(lookback_days, "D"))
    today = events.day == day
    found: list[Escalation] = []
    seen: set[tuple[int, ...]] = set()
    for prefix, keys in (("place", events.place), ("group", events.duplicate_group)):
        if keys is None:
            continue
        for key, idx in _chains(keys, recent, today, prefix):
            idx = idx[np.lexsort((events.ids[idx], events.day[idx]))]
            hit = _escalates(events, idx, today, min_severity)
            if hit is not None and tuple(idx) not in seen:
                seen.add(tuple(idx))
                found.append(Escalation(key, idx, *hit))
    return found


def _escalates(events: Events, idx: np.ndarray, today: np.ndarray, min_severity: int):
    earlier = idx[~today[idx]]
    now = idx[today[idx]]
    if len(earlier) == 0:
        return None
    category = None if events.category is None else events.category
    if events.severity is not None:
        before = int(events.severity[earlier].max())
        peak = int(events.severity[now].max())
        if peak >= min_severity and peak > before and before > 0:
            cat = None if category is None else category[now[events.severity[now].argmax()]]
            return f"severity rose from {before} to {peak}", cat, peak
    if category is not None:
        sensitive_before = np.isin(category[earlier], SENSITIVE_CATEGORIES).any()
        sensitive_now = now[np.isin(category[now], SENSITIVE_CATEGORIES)]
        if len(sensitive_now) and not sensitive_before:
            cat = str(category[sensitive_now[0]])
            sev = 0 if events.severity is None else int(events.severity[sensitive_now].max())
            return f"category turned to {cat}", cat, sev
    return None
