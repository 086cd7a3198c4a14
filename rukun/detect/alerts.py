"""Merging the day's signals into alerts (issue 4, section 6).

One emerging cluster signalled on consecutive days must reach officers as one
alert that grows, not as a new alert every morning. A signal joins an open
alert when it has the same category, shares at least one area, and comes at most
``gap_days`` after the alert's last signal; signals of the same day that
describe the same place (a permutation scan and a Poisson scan finding the same
cluster) merge the same way. Signals are taken strongest first.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib

from rukun.detect.types import Alert, Signal


def _strength(signal: Signal) -> tuple:
    p = signal.p_value if signal.p_value is not None else 2.0
    return (p, -signal.score, signal.method, signal.area_ids)


def _alert_id(signal: Signal) -> str:
    text = "|".join(
        [signal.signal_date.isoformat(), signal.method, str(signal.category), *signal.area_ids]
    )
    return "A" + hashlib.sha1(text.encode()).hexdigest()[:12]


def _new_alert(signal: Signal) -> Alert:
    return Alert(
        alert_id=_alert_id(signal),
        opened=signal.signal_date,
        last_signal_date=signal.signal_date,
        method=signal.method,
        category=signal.category,
        area_ids=signal.area_ids,
        start=signal.start,
        end=signal.end,
        observed=signal.observed,
        expected=signal.expected,
        p_value=signal.p_value,
        recurrence_interval_days=signal.recurrence_interval_days,
        methods=(signal.method,),
        evidence_event_ids=signal.evidence_event_ids,
        n_signals=1,
        status="new",
    )


def _matches(alert: Alert, signal: Signal, gap_days: int) -> bool:
    return (
        alert.category == signal.category
        and 0 <= (signal.signal_date - alert.last_signal_date).days <= gap_days
        and bool(set(alert.area_ids) & set(signal.area_ids))
    )


def _grow(alert: Alert, signal: Signal) -> None:
    stronger = signal.p_value is not None and (
        alert.p_value is None or signal.p_value < alert.p_value
    )
    if signal.signal_date > alert.last_signal_date or stronger:
        alert.observed, alert.expected = signal.observed, signal.expected
    if stronger:
        alert.method = signal.method
        alert.p_value = signal.p_value
        alert.recurrence_interval_days = signal.recurrence_interval_days
    alert.area_ids = tuple(dict.fromkeys(alert.area_ids + signal.area_ids))
    alert.start = min(alert.start, signal.start)
    alert.end = max(alert.end, signal.end)
    alert.methods = tuple(dict.fromkeys((*alert.methods, signal.method)))
    alert.evidence_event_ids = tuple(
        dict.fromkeys(alert.evidence_event_ids + signal.evidence_event_ids)
    )
    alert.n_signals += 1
    alert.last_signal_date = max(alert.last_signal_date, signal.signal_date)


def merge_alerts(
    open_alerts: list[Alert], signals: list[Signal], *, gap_days: int = 2
) -> list[Alert]:
    """Merge the day's ``signals`` into ``open_alerts``.

    Parameters
    ----------
    open_alerts : list of Alert
        Alerts still open (the caller keeps them; they are not modified here).
    signals : list of Signal
        All signals of one analysis day.
    gap_days : int
        Largest gap, in days, between an alert's last signal and a signal that
        still grows it (1 = consecutive days only).

    Returns
    -------
    list of Alert
        Copies of the alerts touched today: new ones with ``status="new"``,
        grown ones with ``status="updated"`` and the same ``alert_id``. Store
        them by ``alert_id`` (insert or update).
    """
    if gap_days < 1:
        raise ValueError(f"gap_days must be >= 1, got {gap_days!r}")
    days = {s.signal_date for s in signals}
    if len(days) > 1:
        raise ValueError(f"signals must all share one signal_date, got {sorted(days)}")
    pool = [copy.deepcopy(a) for a in open_alerts]
    touched: dict[str, Alert] = {}
    for signal in sorted(signals, key=_strength):
        target = next(
            (a for a in list(touched.values()) + pool if _matches(a, signal, gap_days)), None
        )
        if target is None:
            target = _new_alert(signal)
        elif target.alert_id not in touched:
            target.status = "updated"
            _grow(target, signal)
        else:
            _grow(target, signal)
        touched[target.alert_id] = target
    return list(touched.values())


def open_after(alerts: list[Alert], day: dt.date, *, gap_days: int = 2) -> list[Alert]:
    """The alerts that may still grow after ``day``."""
    return [a for a in alerts if (day - a.last_signal_date).days < gap_days]
