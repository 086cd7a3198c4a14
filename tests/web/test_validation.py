"""Property tests of the intake validator: it never crashes, and what it accepts is clean."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rukun.core.taxonomy import SOURCES
from rukun.web.reports.validation import (
    FIELDS,
    MAX_TEXT_CHARS,
    SubmissionInvalid,
    validate_submission,
)

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*FIELDS, "extra"]), json_values, max_size=12))
def test_it_either_accepts_clean_data_or_names_every_bad_field(payload):
    try:
        sub = validate_submission(payload, NOW)
    except SubmissionInvalid as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.field and error.message
            assert error.as_dict()["allowed"]
        return
    assert sub.source in SOURCES
    assert 0 < len(sub.text) <= MAX_TEXT_CHARS and sub.text == sub.text.strip()
    assert (sub.lat is None) == (sub.lon is None)
    if sub.lat is not None:
        assert 0.5 <= sub.lat <= 7.8 and 99.3 <= sub.lon <= 119.6
    if sub.occurred_at is not None:
        assert (
            dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
            <= sub.occurred_at
            <= NOW + dt.timedelta(minutes=10)
        )
    if sub.anonymous:
        assert sub.reporter_name == sub.reporter_contact == ""


@settings(max_examples=200, deadline=None)
@given(
    source=st.sampled_from(SOURCES),
    text=st.text(min_size=1, max_size=MAX_TEXT_CHARS).filter(lambda t: t.strip()),
    lat=st.floats(0.5, 7.8),
    lon=st.floats(99.3, 119.6),
)
def test_it_accepts_every_well_formed_report(source, text, lat, lon):
    sub = validate_submission({"source": source, "text": text, "lat": lat, "lon": lon}, NOW)
    assert sub.text == text.strip() and sub.lat == lat and sub.lon == lon


@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers())))
def test_it_rejects_a_body_that_is_not_an_object(body):
    try:
        validate_submission(body, NOW)
    except SubmissionInvalid as exc:
        assert exc.errors[0].field == "body"
    else:
        raise AssertionError("a non-object body was accepted")


def test_naive_times_are_malaysian_time():
    sub = validate_submission(
        {"source": "krt_report", "text": "x", "occurred_at": "2026-11-20T22:00"}, NOW
    )
    assert sub.occurred_at == dt.datetime(2026, 11, 20, 14, tzinfo=dt.UTC)
