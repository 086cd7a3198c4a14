"""Value types of :mod:`rukun.detect`: areas, events, configuration, signals and alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import numpy as np

from rukun.core.taxonomy import CATEGORIES

#: Categories whose appearance turns a chain of reports into an escalation.
SENSITIVE_CATEGORIES: tuple[str, ...] = ("ethnic", "religious", "online_provocation")
#: Categories scanned on their own by default: every conflict category.
DEFAULT_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != "none")
METHODS: tuple[str, ...] = ("space_time_permutation", "poisson_scan", "ears_c2", "escalation")


def _as_1d(name: str, values, dtype=None) -> np.ndarray:
    arr = np.asarray(values, dtype=dtype)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {arr.shape}")
    return arr


def as_days(values) -> np.ndarray:
    """``datetime64[D]`` array from dates, ISO strings or ``datetime64`` values."""
    arr = np.asarray(values)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[D]")
    try:
        return np.array([np.datetime64(v, "D") for v in arr.ravel()], dtype="datetime64[D]")
    except ValueError as exc:
        raise ValueError(f"dates must be date objects or ISO 'YYYY-MM-DD' strings: {exc}") from exc


@dataclass(frozen=True)
class Areas:
    """Areas under surveillance (KRT areas, mukims, districts …).

    Build with :meth:`from_arrays`, which validates. ``population`` must be > 0;
    ``district`` (optional) groups areas for the district-level detectors.
    """

    ids: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    district: np.ndarray | None = None

    @classmethod
    def from_arrays(cls, ids, lat, lon, population, district=None) -> Areas:
        ids = _as_1d("ids", ids).astype(str).astype(object)
        lat = _as_1d("lat", lat, float)
        lon = _as_1d("lon", lon, float)
        population = _as_1d("population", population, float)
        n = len(ids)
        for name, arr in (("lat", lat), ("lon", lon), ("population", population)):
            if len(arr) != n:
                raise ValueError(f"{name} has {len(arr)} values, ids has {n}")
        if len(set(ids)) != n:
            raise ValueError("area ids must be unique")
        if not (np.abs(lat) <= 90).all() or not (np.abs(lon) <= 180).all():
            raise ValueError("lat must lie in [-90, 90] and lon in [-180, 180]")
        if not (np.isfinite(population) & (population > 0)).all():
            raise ValueError("population must be finite and > 0 for every area")
        if district is not None:
            district = _as_1d("district", district).astype(str).astype(object)
            if len(district) != n:
                raise ValueError(f"district has {len(district)} values, ids has {n}")
        return cls(ids, lat, lon, population, district)

    def __len__(self) -> int:
        return len(self.ids)

    def index_of(self, area_ids) -> np.ndarray:
        """Positions of ``area_ids``; raises ValueError naming the first unknown id."""
        lookup = {a: i for i, a in enumerate(self.ids)}
        out = np.empty(len(area_ids), dtype=np.int64)
        for i, a in enumerate(area_ids):
            try:
                out[i] = lookup[str(a)]
            except KeyError:
                raise ValueError(
                    f"unknown area id {a!r} (not among the {len(self)} areas)"
                ) from None
        return out


@dataclass(frozen=True)
class Events:
    """Reports to analyse. Build with :meth:`from_arrays`, which validates.

    ``area`` holds area indices into an :class:`Areas`; ``severity`` is 0 where
    unknown; reports sharing a ``duplicate_group`` count once in the
    count-based methods; ``place`` is a key for "the same place" (an address,
    a building) used by the escalation chains.
    """

    ids: np.ndarray
    day: np.ndarray
    area: np.ndarray
    category: np.ndarray | None = None
    severity: np.ndarray | None = None
    duplicate_group: np.ndarray | None = None
    place: np.ndarray | None = None

    @classmethod
    def from_arrays(
        cls,
        areas: Areas,
        ids,
        day,
        area,
        category=None,
        severity=None,
        duplicate_group=None,
        place=None,
    ) -> Events:
        """``area`` may be area ids (strings) or integer positions in ``areas``."""
        ids = _as_1d("ids", ids).astype(str).astype(object)
        n = len(ids)
        day = as_days(_as_1d("day", day))
        area = _as_1d("area", area)
        if area.dtype.kind in "iu":
            area = area.astype(np.int64)
            if n and (area.min() < 0 or area.max() >= len(areas)):
                raise ValueError(f"area indices must lie in [0, {len(areas)})")
        else:
            area = areas.index_of(area)
        extras = {
            "category": category,
            "severity": severity,
            "duplicate_group": duplicate_group,
            "place": place,
        }
        for name, values in (("day", day), ("area", area), *extras.items()):
            if values is not None and len(values) != n:
                raise ValueError(f"{name} has {len(values)} values, ids has {n}")
        if category is not None:
            category = _as_1d("category", category).astype(object)
            bad = set(category[category != None]) - set(CATEGORIES)  # noqa: E711
            if bad:
                raise ValueError(f"unknown categories {sorted(bad)}; allowed: {list(CATEGORIES)}")
        if severity is not None:
            severity = np.nan_to_num(_as_1d("severity", severity, float), nan=0).astype(np.int8)
            if ((severity < 0) | (severity > 4)).any():
                raise ValueError("severity must be 1-4 (or 0/missing for unknown)")
        if duplicate_group is not None:
            duplicate_group = _as_1d("duplicate_group", duplicate_group).astype(object)
        if place is not None:
            place = _as_1d("place", place).astype(object)
        return cls(ids, day, area, category, severity, duplicate_group, place)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class DetectionConfig:
    """Settings of the daily analysis; :meth:`validate` names any bad value.

    The default threshold — a recurrence interval of at least 365 days after
    adjusting for the number of categories (scans) or series (temporal
    detectors) tested — means one false alarm a year per method on data with
    nothing going on (see ``docs/detection.md``).
    """

    max_radius_km: float = 5.0
    max_cluster_areas: int = 10
    max_population_share: float = 0.05
    max_window_days: int = 7
    study_days: int = 28
    baseline_days: int = 56
    min_cases: int = 3
    n_replications: int = 999
    sequential_stop: int | None = 10
    random_state: int | None = 0
    recurrence_threshold_days: float = 365.0
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    methods: tuple[str, ...] = METHODS
    temporal_levels: tuple[str, ...] = ("district", "area")
    ears_threshold: float = 3.0
    escalation_lookback_days: int = 30
    alert_gap_days: int = 2
    backend: str | None = None

    def validate(self) -> DetectionConfig:
        positive = {
            "max_radius_km": self.max_radius_km,
            "recurrence_threshold_days": self.recurrence_threshold_days,
        }
        for name, value in positive.items():
            if not (np.isfinite(value) and value >= 0):
                raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
        ints = {
            "max_cluster_areas": 1,
            "max_window_days": 1,
            "study_days": 2,
            "baseline_days": 7,
            "min_cases": 1,
            "n_replications": 0,
            "escalation_lookback_days": 1,
            "alert_gap_days": 1,
        }
        for name, low in ints.items():
            value = getattr(self, name)
            if not isinstance(value, int | np.integer) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
        if self.study_days <= self.max_window_days:
            raise ValueError(
                f"study_days ({self.study_days}) must exceed max_window_days "
                f"({self.max_window_days})"
            )
        if not 0 < self.max_population_share <= 1:
            raise ValueError(
                f"max_population_share must be in (0, 1], got {self.max_population_share!r}"
            )
        for name, values, allowed in (
            ("categories", self.categories, CATEGORIES),
            ("methods", self.methods, METHODS),
            ("temporal_levels", self.temporal_levels, ("district", "area")),
        ):
            bad = [v for v in values if v not in allowed]
            if bad:
                raise ValueError(f"unknown {name} {bad}; allowed: {list(allowed)}")
        return self


@dataclass(frozen=True)
class Signal:
    """One detection by one method on one day (the analysis day ``signal_date``)."""

    signal_date: dt.date
    method: str
    category: str | None
    area_ids: tuple[str, ...]
    start: dt.date
    end: dt.date
    observed: float
    expected: float | None
    p_value: float | None
    recurrence_interval_days: float | None
    evidence_event_ids: tuple[str, ...] = ()
    score: float = 0.0


@dataclass
class Alert:
    """A merged, possibly growing, emerging alert (issue section 6)."""

    alert_id: str
    opened: dt.date
    last_signal_date: dt.date
    method: str
    category: str | None
    area_ids: tuple[str, ...]
    start: dt.date
    end: dt.date
    observed: float
    expected: float | None
    p_value: float | None
    recurrence_interval_days: float | None
    methods: tuple[str, ...] = ()
    evidence_event_ids: tuple[str, ...] = ()
    n_signals: int = 1
    status: str = "new"
    history: list[dict] = field(default_factory=list, repr=False)

    def to_record(self) -> dict:
        """The JSON line of the ``rukun detect`` contract (DESIGN.md), plus extra keys."""

        def iso(d: dt.date) -> str:
            return d.isoformat()

        def num(v):
            return None if v is None or v != v else float(f"{float(v):.6g}")

        return {
            "signal_date": iso(self.last_signal_date),
            "method": self.method,
            "category": self.category,
            "area_ids": list(self.area_ids),
            "start": iso(self.start),
            "end": iso(self.end),
            "observed": num(self.observed),
            "expected": num(self.expected),
            "p_value": num(self.p_value),
            "recurrence_interval_days": num(self.recurrence_interval_days),
            "alert_id": self.alert_id,
            "status": self.status,
            "methods": list(self.methods),
            "evidence_event_ids": list(self.evidence_event_ids),
        }


def signal_as_dict(signal: Signal) -> dict:
    return asdict(signal)
