"""Plain-language explanations and priorities of alerts, in Malay and English."""

from __future__ import annotations

from rukun.core.taxonomy import CATEGORY_NAMES_EN, CATEGORY_NAMES_MS

_TOPIC_EN = {
    "noise": "noise complaints",
    "parking_road": "parking and road disputes",
    "waste_environment": "waste and environment complaints",
    "property_boundary": "boundary and property disputes",
    "religious": "religious friction",
    "ethnic": "ethnic tension",
    "online_provocation": "online provocation",
    "youth_vandalism": "youth and vandalism incidents",
    "crime_safety": "crime and safety incidents",
    "migrant_worker": "foreign-worker friction",
    "community_governance": "community governance disputes",
    "political": "political friction",
    "domestic_family": "family disputes",
    "none": "non-conflict messages",
}
_TOPIC_MS = {
    "noise": "aduan bising",
    "parking_road": "pertikaian parkir dan laluan",
    "waste_environment": "aduan sampah dan alam sekitar",
    "property_boundary": "pertikaian sempadan dan harta",
    "religious": "geseran agama",
    "ethnic": "ketegangan kaum",
    "online_provocation": "provokasi dalam talian",
    "youth_vandalism": "insiden remaja dan vandalisme",
    "crime_safety": "insiden jenayah dan keselamatan",
    "migrant_worker": "geseran melibatkan pekerja asing",
    "community_governance": "pertikaian tadbir urus komuniti",
    "political": "geseran politik",
    "domestic_family": "pertikaian keluarga",
    "none": "mesej bukan konflik",
}
assert set(_TOPIC_EN) == set(CATEGORY_NAMES_EN) == set(_TOPIC_MS) == set(CATEGORY_NAMES_MS)


#: Beyond this the figure only says "very rare"; its digits carry no meaning.
RARE_DAYS = 1000 * 365.25


def _recurrence_en(days: float | None) -> str:
    if days is None:
        return "an escalation of the same dispute"
    if days >= RARE_DAYS:
        return "by chance less than once in a thousand years"
    if days >= 730:
        return f"by chance about once in {days / 365.25:.0f} years"
    if days >= 60:
        return f"by chance about once in {days / 30.44:.0f} months"
    return f"by chance about once in {days:.0f} days"


def _recurrence_ms(days: float | None) -> str:
    if days is None:
        return "peningkatan pertikaian yang sama"
    if days >= RARE_DAYS:
        return "secara kebetulan kurang daripada sekali dalam seribu tahun"
    if days >= 730:
        return f"secara kebetulan kira-kira sekali dalam {days / 365.25:.0f} tahun"
    if days >= 60:
        return f"secara kebetulan kira-kira sekali dalam {days / 30.44:.0f} bulan"
    return f"secara kebetulan kira-kira sekali dalam {days:.0f} hari"


def summarise(
    *,
    observed: float,
    expected: float | None,
    category: str | None,
    n_areas: int,
    place: str,
    days: int,
    recurrence_days: float | None,
) -> tuple[str, str]:
    """The alert's sentence in Malay and in English.

    For example: "8 reports of ethnic tension in 3 neighbouring areas of Taman Sri Muda over 4 days,
    against 0.6 expected: by chance about once in 12 years."
    """
    n = round(observed)
    topic_en = f"reports of {_TOPIC_EN[category]}" if category else "reports of all kinds"
    topic_ms = f"laporan {_TOPIC_MS[category]}" if category else "laporan pelbagai jenis"
    where_en = f"{n_areas} neighbouring areas around {place}" if n_areas > 1 else place
    where_ms = f"{n_areas} kawasan berjiran sekitar {place}" if n_areas > 1 else place
    shown = "" if expected is None else f"{expected:.1f}" if expected >= 0.1 else f"{expected:.2g}"
    against_en = f", against {shown} expected" if expected is not None else ""
    against_ms = f", berbanding {shown} dijangka" if expected is not None else ""
    en = f"{n} {topic_en} in {where_en} over {days} days{against_en}: {_recurrence_en(recurrence_days)}."
    ms = f"{n} {topic_ms} di {where_ms} dalam {days} hari{against_ms}: {_recurrence_ms(recurrence_days)}."
    return ms, en


def priority(
    *,
    recurrence_days: float | None,
    severity_mean: float | None,
    severity_max: int | None,
    three_r_share: float | None,
    method: str,
) -> tuple[float, str]:
    """A 0–1 score from statistical strength (half), severity (three tenths) and 3R content (a fifth).

    Escalation chains carry no p-value; their strength is taken as that of a once-a-year event,
    since a dispute that turns ethnic or violent needs attention whatever the counts.
    """
    import math

    ri = (
        recurrence_days
        if recurrence_days is not None
        else (365.0 if method == "escalation" else 1.0)
    )
    strength = min(math.log10(max(ri, 1.0)) / math.log10(3650.0), 1.0)
    severity = ((severity_mean or 1.0) - 1.0) / 3.0
    score = 0.5 * strength + 0.3 * severity + 0.2 * (three_r_share or 0.0)
    if severity_max == 4:
        score = min(1.0, score + 0.1)
    level = "high" if score >= 0.6 else "medium" if score >= 0.35 else "low"
    return round(score, 4), level


def recurrence_label(days: float | None, language: str) -> str:
    """The recurrence interval in the largest sensible unit, e.g. "12 years" / "12 tahun"."""
    if days is None:
        return "—"
    ms = language == "ms"
    if days >= RARE_DAYS:
        return "> 1000 tahun" if ms else "> 1,000 years"
    if days >= 730:
        return f"{days / 365.25:.0f} {'tahun' if ms else 'years'}"
    if days >= 60:
        return f"{days / 30.44:.0f} {'bulan' if ms else 'months'}"
    return f"{days:.0f} {'hari' if ms else 'days'}"
