"""Reading the CSV inputs of ``rukun detect`` with errors that name file, line and column.

Formats (``shared/DESIGN.md``, command-line contracts): ``areas.csv`` has
``area_id,name,lat,lon,population[,district]``; ``events.csv`` has
``event_id,date,area_id[,category]`` and may add ``severity``,
``duplicate_group`` and ``place``.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

from rukun.core.taxonomy import CATEGORIES
from rukun.detect.types import Areas, Events

AREA_COLUMNS = ("area_id", "name", "lat", "lon", "population")
EVENT_COLUMNS = ("event_id", "date", "area_id")
OPTIONAL_EVENT_COLUMNS = ("category", "severity", "duplicate_group", "place")


class InputError(ValueError):
    """A bad input file; the message names the file, the line and the column."""


def _rows(path: Path, required: tuple[str, ...]):
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise InputError(
                f"{path}: line 1: missing column(s) {missing}; found {header}; "
                f"required {list(required)}"
            )
        reader.fieldnames = header
        for row in reader:
            yield reader.line_num, header, {k: (v or "").strip() for k, v in row.items() if k}


def _number(path, line, column, text, *, low=None, high=None, positive=False) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"{path}: line {line}, column {column!r}: expected a number, got {text!r}"
        ) from None
    if (
        not np.isfinite(value)
        or (low is not None and value < low)
        or (high is not None and value > high)
        or (positive and value <= 0)
    ):
        allowed = "> 0" if positive else f"in [{low}, {high}]"
        raise InputError(f"{path}: line {line}, column {column!r}: {text!r} is not {allowed}")
    return value


def read_areas(path: str | Path) -> Areas:
    """Areas from ``areas.csv``; raises :class:`InputError` on the first bad cell."""
    path = Path(path)
    ids, lat, lon, pop, district = [], [], [], [], []
    seen: dict[str, int] = {}
    has_district = False
    for line, header, row in _rows(path, AREA_COLUMNS):
        has_district = "district" in header
        area_id = row["area_id"]
        if not area_id:
            raise InputError(f"{path}: line {line}, column 'area_id': empty")
        if area_id in seen:
            raise InputError(
                f"{path}: line {line}, column 'area_id': {area_id!r} repeats line {seen[area_id]}"
            )
        seen[area_id] = line
        ids.append(area_id)
        lat.append(_number(path, line, "lat", row["lat"], low=-90, high=90))
        lon.append(_number(path, line, "lon", row["lon"], low=-180, high=180))
        pop.append(_number(path, line, "population", row["population"], positive=True))
        district.append(row.get("district", ""))
    if not ids:
        raise InputError(f"{path}: no areas (the file has a header and no rows)")
    return Areas.from_arrays(ids, lat, lon, pop, district if has_district else None)


def read_events(path: str | Path, areas: Areas) -> Events:
    """Events from ``events.csv``; ``area_id`` must be one of ``areas``."""
    path = Path(path)
    lookup = {a: i for i, a in enumerate(areas.ids)}
    cols: dict[str, list] = {c: [] for c in ("event_id", "day", "area", *OPTIONAL_EVENT_COLUMNS)}
    columns: list[str] = []
    for line, header, row in _rows(path, EVENT_COLUMNS):
        columns = header
        cols["event_id"].append(row["event_id"] or f"{path.name}:{line}")
        try:
            cols["day"].append(dt.date.fromisoformat(row["date"][:10]))
        except ValueError:
            raise InputError(
                f"{path}: line {line}, column 'date': expected YYYY-MM-DD, got {row['date']!r}"
            ) from None
        if row["area_id"] not in lookup:
            raise InputError(
                f"{path}: line {line}, column 'area_id': unknown area "
                f"{row['area_id']!r} (not in the areas file)"
            )
        cols["area"].append(lookup[row["area_id"]])
        category = row.get("category", "") or None
        if category is not None and category not in CATEGORIES:
            raise InputError(
                f"{path}: line {line}, column 'category': {category!r} is not one "
                f"of {list(CATEGORIES)}"
            )
        cols["category"].append(category)
        severity = row.get("severity", "")
        if severity and severity not in ("1", "2", "3", "4"):
            raise InputError(f"{path}: line {line}, column 'severity': {severity!r} is not 1-4")
        cols["severity"].append(int(severity) if severity else 0)
        cols["duplicate_group"].append(row.get("duplicate_group", "") or None)
        cols["place"].append(row.get("place", "") or None)
    present = {c: (cols[c] if c in columns else None) for c in OPTIONAL_EVENT_COLUMNS}
    return Events.from_arrays(
        areas,
        cols["event_id"],
        np.array(cols["day"], dtype="datetime64[D]"),
        np.asarray(cols["area"], dtype=np.int64),
        **present,
    )
