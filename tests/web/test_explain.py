"""Alert sentences and priorities."""

import pytest

from rukun.web.alerts.explain import priority, summarise


def test_it_writes_the_sentence_of_the_issue():
    ms, en = summarise(
        observed=8,
        expected=0.6,
        category="ethnic",
        n_areas=3,
        place="Taman Sri Muda",
        days=4,
        recurrence_days=12 * 365.25,
    )
    assert en == (
        "8 reports of ethnic tension in 3 neighbouring areas around Taman Sri Muda over 4 days, "
        "against 0.6 expected: by chance about once in 12 years."
    )
    assert ms.startswith(
        "8 laporan ketegangan kaum di 3 kawasan berjiran sekitar Taman Sri Muda dalam 4 hari"
    )


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (20, "once in 20 days"),
        (120, "once in 4 months"),
        (1e90, "less than once in a thousand years"),
    ],
)
def test_it_says_how_rare_in_plain_units(days, words):
    _, en = summarise(
        observed=3, expected=0.01, category=None, n_areas=1, place="X", days=2, recurrence_days=days
    )
    assert words in en


def test_small_expectations_keep_their_digits():
    _, en = summarise(
        observed=4,
        expected=0.042,
        category="noise",
        n_areas=1,
        place="X",
        days=2,
        recurrence_days=400,
    )
    assert "against 0.042 expected" in en


def test_priority_grows_with_strength_severity_and_3r():
    weak, _ = priority(
        recurrence_days=30,
        severity_mean=1.2,
        severity_max=2,
        three_r_share=0.0,
        method="poisson_scan",
    )
    strong, level = priority(
        recurrence_days=3650,
        severity_mean=3.5,
        severity_max=4,
        three_r_share=1.0,
        method="poisson_scan",
    )
    assert 0 <= weak < strong <= 1 and level == "high"
    _, esc = priority(
        recurrence_days=None,
        severity_mean=3,
        severity_max=3,
        three_r_share=0.5,
        method="escalation",
    )
    assert esc in ("medium", "high")


def test_an_escalation_has_no_expectation_to_compare():
    ms, en = summarise(
        observed=3,
        expected=None,
        category="noise",
        n_areas=1,
        place="Flat Setia",
        days=11,
        recurrence_days=None,
    )
    assert (
        en
        == "3 reports of noise complaints in Flat Setia over 11 days: an escalation of the same dispute."
    )
    assert "dijangka" not in ms


def test_recurrence_labels_pick_a_readable_unit():
    from rukun.web.alerts.explain import recurrence_label

    assert recurrence_label(12 * 365.25, "en") == "12 years"
    assert recurrence_label(90, "ms") == "3 bulan"
    assert recurrence_label(3.5e9, "en") == "> 1,000 years"
    assert recurrence_label(None, "ms") == "—"
