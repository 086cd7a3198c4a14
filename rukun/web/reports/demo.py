"""A realistic year of demo reports for a few real districts.

Volumes follow KRT population with a gamma-distributed base rate per KRT (some
areas complain far more than others), a weekly cycle and festive-season surges
of noise and parking complaints. Three episodes are planted for the detectors
to find: noise disputes in a flat that turn ethnic over two weeks, a spate of
break-ins in neighbouring KRTs, and an online rumour wave. Texts come from the
project's own multilingual corpus, chosen by category and by the KRT's ethnic
mix. Everything is deterministic for a given seed and end date.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from rukun.core.taxonomy import CATEGORIES
from rukun.web.registry.models import Krt, haversine_km

#: DOSM keys of the demo districts: Petaling, Kuala Lumpur, Johor Bahru, Kota Kinabalu.
DEMO_DISTRICTS = ("10_5", "14_1", "1_2", "12_7")

#: Reports per 10,000 residents per day, before each KRT's own multiplier.
BASE_RATE = 0.06

BACKGROUND_MIX = {
    "noise": 0.18,
    "parking_road": 0.15,
    "waste_environment": 0.14,
    "property_boundary": 0.08,
    "religious": 0.03,
    "ethnic": 0.02,
    "online_provocation": 0.04,
    "youth_vandalism": 0.08,
    "crime_safety": 0.10,
    "migrant_worker": 0.04,
    "community_governance": 0.05,
    "political": 0.02,
    "domestic_family": 0.04,
    "none": 0.03,
}
#: Monday..Sunday: weekends bring parties, renovations and visitors.
WEEKLY = np.array([0.9, 0.85, 0.85, 0.9, 1.05, 1.25, 1.2])
#: Festive days of 2025–2026 (Chinese New Year, Hari Raya Aidilfitri, Deepavali, Christmas, New Year).
FESTIVALS = (
    dt.date(2025, 1, 29),
    dt.date(2025, 3, 31),
    dt.date(2025, 10, 20),
    dt.date(2025, 12, 25),
    dt.date(2026, 1, 1),
    dt.date(2026, 2, 17),
    dt.date(2026, 3, 21),
    dt.date(2026, 11, 8),
    dt.date(2026, 12, 25),
    dt.date(2027, 1, 1),
)
FESTIVE_CATEGORIES = ("noise", "parking_road", "waste_environment")

SOURCE_BY_CATEGORY = {
    "crime_safety": ("srs_patrol", "krt_report", "resident_message", "public_complaint"),
    "youth_vandalism": ("srs_patrol", "krt_report", "resident_message"),
    "online_provocation": ("social_media", "social_media", "resident_message", "krt_report"),
    "domestic_family": ("mediator_note", "resident_message", "krt_report"),
}
DEFAULT_SOURCES = (
    "krt_report",
    "public_complaint",
    "resident_message",
    "resident_message",
    "srs_patrol",
    "mediator_note",
)


@dataclass
class DemoReport:
    krt: Krt
    category: str
    occurred_at: dt.datetime
    episode: str = ""
    severity_at_least: int = 1


class TextBank:
    """Corpus texts by (category, language), drawn without immediate repeats."""

    def __init__(self, rng: np.random.Generator) -> None:
        from rukun.nlp.corpus import read_corpus

        self.rng = rng
        self.by_key: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
        for record in read_corpus():
            self.by_key[(record.category, record.language)].append((record.text, record.severity))
            self.by_key[(record.category, "*")].append((record.text, record.severity))
        missing = [c for c in CATEGORIES if not self.by_key.get((c, "*"))]
        if missing:
            raise ValueError(f"the corpus has no texts for {', '.join(missing)}")

    def draw(self, category: str, language: str, severity_at_least: int = 1) -> tuple[str, str]:
        pool = self.by_key.get((category, language)) or self.by_key[(category, "*")]
        strong = [t for t, s in pool if s >= severity_at_least]
        texts = strong or [t for t, _ in pool]
        text = texts[int(self.rng.integers(len(texts)))]
        return text, language if (category, language) in self.by_key else "*"


def _language(krt: Krt, rng: np.random.Generator) -> str:
    total = max(krt.population, 1)
    malay = (krt.pop_bumi_malay + krt.pop_bumi_other) / total
    weights = np.array(
        [0.7 * malay, 0.16, 0.15, 0.6 * krt.pop_chinese / total, 0.6 * krt.pop_indian / total]
    )
    return str(rng.choice(["ms", "en", "mixed", "zh", "ta"], p=weights / weights.sum()))


def _time_of_day(day: dt.date, rng: np.random.Generator) -> dt.datetime:
    # Evenings and nights carry most incidents.
    hour = int(rng.choice(24, p=_HOURS))
    minute = int(rng.integers(60))
    return dt.datetime(
        day.year, day.month, day.day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8))
    )


_HOURS = np.array(
    [3, 2, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 6, 7, 8, 8, 7, 5], dtype=float
)
_HOURS /= _HOURS.sum()


def background(
    krts: list[Krt], start: dt.date, end: dt.date, rng: np.random.Generator
) -> list[DemoReport]:
    days = (end - start).days + 1
    multiplier = rng.gamma(2.0, 0.5, size=len(krts))
    categories = list(BACKGROUND_MIX)
    mix = np.array([BACKGROUND_MIX[c] for c in categories])
    out: list[DemoReport] = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        festive = any(abs((day - f).days) <= 3 for f in FESTIVALS)
        day_mix = mix.copy()
        if festive:
            for c in FESTIVE_CATEGORIES:
                day_mix[categories.index(c)] *= 2.2
        scale = day_mix.sum() / mix.sum()
        rates = (
            np.array([k.population for k in krts])
            / 10_000
            * BASE_RATE
            * multiplier
            * WEEKLY[day.weekday()]
            * scale
        )
        counts = rng.poisson(rates)
        for index in np.flatnonzero(counts):
            for _ in range(int(counts[index])):
                category = categories[int(rng.choice(len(categories), p=day_mix / day_mix.sum()))]
                out.append(DemoReport(krts[index], category, _time_of_day(day, rng)))
    return out


def _neighbours(krt: Krt, pool: list[Krt], k: int) -> list[Krt]:
    return sorted(pool, key=lambda other: haversine_km(krt.lat, krt.lon, other.lat, other.lon))[:k]


def pick_flat(krts: list[Krt]) -> Krt:
    """The KRT of the planted flat episode: the most diverse flat of the district."""
    flats = [k for k in krts if k.name.startswith(("Flat", "PPR", "Pangsapuri"))] or krts
    return max(flats, key=lambda k: (k.diversity, k.code))


def language_for(krt: Krt, rng: np.random.Generator) -> str:
    """A report language drawn from the KRT's ethnic mix."""
    return _language(krt, rng)


def episodes(
    by_district: dict[str, list[Krt]], end: dt.date, rng: np.random.Generator
) -> list[DemoReport]:
    out: list[DemoReport] = []

    # 1. A flat in Petaling: noise disputes for a week, then the quarrel turns ethnic.
    petaling = by_district.get("10_5") or next(iter(by_district.values()))
    flat = pick_flat(petaling)
    near = _neighbours(flat, petaling, 3)
    for offset in range(14):
        day = end - dt.timedelta(days=19 - offset)
        turned = offset >= 7
        for _ in range(1 + int(turned) + int(rng.random() < 0.4)):
            where = flat if rng.random() < 0.75 else near[int(rng.integers(len(near)))]
            category = "ethnic" if turned and rng.random() < 0.8 else "noise"
            out.append(
                DemoReport(
                    where,
                    category,
                    _time_of_day(day, rng),
                    "flat-noise-turns-ethnic",
                    2 + int(turned),
                )
            )

    # 2. Break-ins in five neighbouring KRTs of Johor Bahru over eight days.
    jb = by_district.get("1_2") or petaling
    centre = jb[int(rng.integers(len(jb)))]
    ring = _neighbours(centre, jb, 5)
    for _ in range(14):
        day = end - dt.timedelta(days=int(rng.integers(2, 10)))
        where = ring[int(rng.integers(len(ring)))]
        out.append(DemoReport(where, "crime_safety", _time_of_day(day, rng), "break-in-spate", 2))

    # 3. An online rumour wave across Kuala Lumpur over four days.
    kl = by_district.get("14_1") or petaling
    for _ in range(28):
        day = end - dt.timedelta(days=int(rng.integers(1, 5)))
        where = kl[int(rng.integers(len(kl)))]
        out.append(
            DemoReport(where, "online_provocation", _time_of_day(day, rng), "online-rumour-wave", 2)
        )
    return out


def plan(
    end: dt.date, seed: int = 2026, days: int = 365, districts: tuple[str, ...] = DEMO_DISTRICTS
) -> tuple[list[DemoReport], dict[str, list[Krt]]]:
    """The demo reports (without texts) for ``days`` days ending on ``end``."""
    rng = np.random.default_rng(seed)
    by_district: dict[str, list[Krt]] = {}
    for key in districts:
        krts = list(
            Krt.objects.filter(district__key=key).select_related("district__state").order_by("code")
        )
        if krts:
            by_district[key] = krts
    if not by_district:
        raise ValueError(
            f"no KRTs in the demo districts {', '.join(districts)}: generate or import KRTs first"
        )
    start = end - dt.timedelta(days=days - 1)
    reports = background([k for ks in by_district.values() for k in ks], start, end, rng)
    reports += episodes(by_district, end, rng)
    reports.sort(key=lambda r: (r.occurred_at, r.krt.code))
    return reports, by_district


assert set(BACKGROUND_MIX) == set(CATEGORIES)
