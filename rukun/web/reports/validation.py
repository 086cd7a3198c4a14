"""Validation of one submitted report, shared by the API, the forms and the importers.

``validate_submission`` is pure: it takes the decoded payload and returns the
cleaned fields or every problem at once, each naming the field and what is
allowed. Checks that need the database (does the KRT exist?) live in
``intake``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from rukun.core.taxonomy import SOURCES

MAX_TEXT_CHARS = 5000
MAX_BATCH = 1000
MAX_BODY_BYTES = 2 * 1024 * 1024
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
#: Clocks of phones and gateways drift; a report a few minutes "in the future" is fine.
CLOCK_SKEW = dt.timedelta(minutes=10)
#: Malaysia's extent with a margin for islands (Peninsular to Sabah, Sarawak, Labuan).
LAT_RANGE = (0.5, 7.8)
LON_RANGE = (99.3, 119.6)
MAX_TAGS = 20
MAX_TAG_CHARS = 40

FIELDS: dict[str, str] = {
    "source": f"one of {', '.join(SOURCES)}",
    "external_id": "the client's own id, a string of at most 128 characters",
    "text": f"the report, 1 to {MAX_TEXT_CHARS} characters",
    "occurred_at": "ISO 8601 date or date-time, from 2000-01-01 to now",
    "lat": f"latitude in degrees, {LAT_RANGE[0]} to {LAT_RANGE[1]}",
    "lon": f"longitude in degrees, {LON_RANGE[0]} to {LON_RANGE[1]}",
    "krt_code": "the code of a registered KRT",
    "reporter_name": "the reporter's name, at most 120 characters",
    "reporter_contact": "a phone number or e-mail, at most 120 characters",
    "anonymous": "true or false",
    "tags": f"a list of at most {MAX_TAGS} strings of at most {MAX_TAG_CHARS} characters",
}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    allowed: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "message": self.message,
            "allowed": self.allowed or FIELDS.get(self.field, ""),
        }


@dataclass
class Submission:
    source: str
    text: str
    external_id: str = ""
    occurred_at: dt.datetime | None = None
    lat: float | None = None
    lon: float | None = None
    krt_code: str = ""
    reporter_name: str = ""
    reporter_contact: str = ""
    anonymous: bool = False
    tags: list[str] = field(default_factory=list)


class SubmissionInvalid(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors

    def as_list(self) -> list[dict[str, str]]:
        return [e.as_dict() for e in self.errors]


def _string(payload: dict[str, Any], name: str, errors: list[FieldError], max_len: int) -> str:
    value = payload.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(FieldError(name, f"must be a string, got {type(value).__name__}"))
        return ""
    value = value.strip()
    if len(value) > max_len:
        errors.append(FieldError(name, f"is {len(value)} characters long; at most {max_len}"))
        return ""
    return value


def _coordinate(
    payload: dict[str, Any], name: str, bounds: tuple[float, float], errors: list[FieldError]
) -> float | None:
    value = payload.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        errors.append(FieldError(name, "must be a number, got a boolean"))
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            errors.append(FieldError(name, f"{value!r} is not a number"))
            return None
    try:
        finite = isinstance(value, (int, float)) and math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        errors.append(FieldError(name, f"must be a finite number, got {value!r}"))
        return None
    if not bounds[0] <= value <= bounds[1]:
        errors.append(FieldError(name, f"{value} is outside Malaysia"))
        return None
    return float(value)


def parse_when(value: Any) -> dt.datetime:
    """Parse an ISO 8601 date or date-time; naive values are Malaysian time (UTC+8)."""
    if isinstance(value, dt.datetime):
        when = value
    elif isinstance(value, dt.date):
        when = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        when = dt.datetime.fromisoformat(text)
    else:
        raise TypeError(f"expected an ISO 8601 string, got {type(value).__name__}")
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return when


def validate_submission(payload: Any, now: dt.datetime) -> Submission:
    """Check one report payload; raise ``SubmissionInvalid`` listing every problem."""
    if not isinstance(payload, dict):
        raise SubmissionInvalid(
            [
                FieldError(
                    "body",
                    f"must be a JSON object, got {type(payload).__name__}",
                    "an object with the report fields",
                )
            ]
        )
    errors: list[FieldError] = []
    unknown = sorted(set(payload) - set(FIELDS))
    for name in unknown:
        errors.append(FieldError(str(name)[:64], "unknown field", ", ".join(FIELDS)))

    source = payload.get("source")
    if source not in SOURCES:
        got = "missing" if source is None else f"{source!r} is not allowed"
        errors.append(FieldError("source", got))

    raw_text = payload.get("text")
    text = ""
    if raw_text is None:
        errors.append(FieldError("text", "is required"))
    elif not isinstance(raw_text, str):
        errors.append(FieldError("text", f"must be a string, got {type(raw_text).__name__}"))
    else:
        text = raw_text.strip()
        if not text:
            errors.append(FieldError("text", "is empty"))
        elif len(text) > MAX_TEXT_CHARS:
            errors.append(
                FieldError("text", f"is {len(text)} characters long; at most {MAX_TEXT_CHARS}")
            )

    external_id = payload.get("external_id")
    if isinstance(external_id, int) and not isinstance(external_id, bool):
        external_id = str(external_id)
    external_id = _string({"external_id": external_id}, "external_id", errors, 128)

    occurred_at = None
    if payload.get("occurred_at") not in (None, ""):
        try:
            occurred_at = parse_when(payload["occurred_at"])
        except (TypeError, ValueError) as exc:
            errors.append(FieldError("occurred_at", f"cannot be read: {exc}"))
        else:
            if occurred_at > now + CLOCK_SKEW:
                errors.append(
                    FieldError("occurred_at", f"{occurred_at.isoformat()} is in the future")
                )
                occurred_at = None
            elif occurred_at < EARLIEST:
                errors.append(
                    FieldError("occurred_at", f"{occurred_at.isoformat()} is before 2000-01-01")
                )
                occurred_at = None

    lat = _coordinate(payload, "lat", LAT_RANGE, errors)
    lon = _coordinate(payload, "lon", LON_RANGE, errors)
    if (payload.get("lat") in (None, "")) != (payload.get("lon") in (None, "")):
        missing = "lon" if payload.get("lon") in (None, "") else "lat"
        errors.append(FieldError(missing, "lat and lon must be given together"))

    krt_code = _string(payload, "krt_code", errors, 24)
    reporter_name = _string(payload, "reporter_name", errors, 120)
    reporter_contact = _string(payload, "reporter_contact", errors, 120)

    anonymous = payload.get("anonymous", False)
    if not isinstance(anonymous, bool):
        errors.append(FieldError("anonymous", f"must be true or false, got {anonymous!r}"))
        anonymous = False

    tags = payload.get("tags") or []
    if (
        not isinstance(tags, list)
        or len(tags) > MAX_TAGS
        or not all(isinstance(t, str) and 0 < len(t.strip()) <= MAX_TAG_CHARS for t in tags)
    ):
        errors.append(FieldError("tags", f"got {str(tags)[:80]}"))
        tags = []

    if errors:
        raise SubmissionInvalid(errors)
    if anonymous:
        reporter_name = reporter_contact = ""
    return Submission(
        source=str(source),
        text=text,
        external_id=external_id,
        occurred_at=occurred_at,
        lat=lat,
        lon=lon,
        krt_code=krt_code,
        reporter_name=reporter_name,
        reporter_contact=reporter_contact,
        anonymous=anonymous,
        tags=[t.strip() for t in tags],
    )
