"""Synthetic surveillance data for the simulation study, the benchmarks and the tests.

Areas sit in towns (a few dozen areas a few hundred metres to a few kilometres
apart, like KRT areas in a district), with log-normal populations and base
report rates that differ by an order of magnitude between areas (a gamma
multiplier). Background reports follow a weekly cycle and region-wide surges
(a festive season, a national news event); planted clusters add reports of one
category to 1–8 neighbouring areas for 3–14 days at a given relative risk.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rukun.detect.types import DEFAULT_CATEGORIES, Areas, Events

#: Background share of each category (a plausible mix: nuisances dominate).
CATEGORY_MIX = {
    "noise": 0.22,
    "parking_road": 0.16,
    "waste_environment": 0.15,
    "property_boundary": 0.08,
    "religious": 0.02,
    "ethnic": 0.02,
    "online_provocation": 0.03,
    "youth_vandalism": 0.07,
    "crime_safety": 0.09,
    "migrant_worker": 0.04,
    "community_governance": 0.05,
    "political": 0.02,
    "domestic_family": 0.05,
}
WEEKLY_CYCLE = np.array([1.0, 0.95, 0.95, 1.0, 1.1, 1.35, 1.25])  # Monday … Sunday


@dataclass(frozen=True)
class PlantedCluster:
    """A planted outbreak: ``areas`` (indices), first day offset, length, relative risk, category."""

    areas: np.ndarray
    start: int
    length: int
    relative_risk: float
    category: str


def synthetic_areas(n_areas: int, *, areas_per_town: int = 40, seed: int = 0) -> Areas:
    """``n_areas`` areas in towns across Peninsular Malaysia; a district = a town."""
    rng = np.random.default_rng(seed)
    n_towns = max(1, n_areas // areas_per_town)
    town_lat = rng.uniform(1.4, 6.4, n_towns)
    town_lon = rng.uniform(100.3, 103.8, n_towns)
    town = rng.integers(0, n_towns, n_areas)
    town[:n_towns] = np.arange(min(n_towns, n_areas))
    spread_km = rng.uniform(1.5, 6.0, n_towns)[town]
    lat = town_lat[town] + rng.normal(0, 1, n_areas) * spread_km / 111.0
    lon = town_lon[town] + rng.normal(0, 1, n_areas) * spread_km / 111.0
    population = np.round(rng.lognormal(np.log(2500), 0.6, n_areas)) + 100
    ids = np.array([f"A{i:05d}" for i in range(n_areas)])
    return Areas.from_arrays(ids, lat, lon, population, [f"D{t:03d}" for t in town])


def background_rates(areas: Areas, reports_per_day: float, *, seed: int = 0) -> np.ndarray:
    """Daily base rate of each area: ∝ population × gamma(0.7) (very unequal areas)."""
    rng = np.random.default_rng(seed)
    weight = areas.population * rng.gamma(0.7, 1 / 0.7, len(areas))
    return reports_per_day * weight / weight.sum()


def plant_cluster(
    areas: Areas,
    n_cluster_areas: int,
    start: int,
    length: int,
    relative_risk: float,
    category: str,
    *,
    seed: int = 0,
) -> PlantedCluster:
    """A cluster of the ``n_cluster_areas`` areas nearest to a random centre."""
    rng = np.random.default_rng(seed)
    centre = int(rng.integers(len(areas)))
    d = (areas.lat - areas.lat[centre]) ** 2 + (
        (areas.lon - areas.lon[centre]) * np.cos(np.radians(areas.lat[centre]))
    ) ** 2
    return PlantedCluster(np.argsort(d)[:n_cluster_areas], start, length, relative_risk, category)


def synthetic_events(
    areas: Areas,
    n_days: int,
    *,
    first_day: str = "2025-01-01",
    reports_per_day: float = 200.0,
    surges: tuple[tuple[int, int, float], ...] = (),
    clusters: tuple[PlantedCluster, ...] = (),
    rates: np.ndarray | None = None,
    seed: int = 0,
) -> Events:
    """Background reports plus planted clusters.

    Parameters
    ----------
    surges : tuple of (start offset, length, factor)
        Region-wide multipliers of every area's rate (festive seasons, news events).
    clusters : tuple of PlantedCluster
        Each adds ``(relative_risk - 1) * rate`` reports a day of its category
        to each of its areas, where ``rate`` is the larger of the area's
        background rate (all categories) and the mean area's: a cluster in a
        near-empty area still brings the few extra reports a micro-conflict does.
    """
    rng = np.random.default_rng(seed)
    base = background_rates(areas, reports_per_day, seed=seed + 1) if rates is None else rates
    first = np.datetime64(first_day, "D")
    weekday = ((first - np.datetime64("1970-01-01", "D")).astype(int) + 3 + np.arange(n_days)) % 7
    level = WEEKLY_CYCLE[weekday] / WEEKLY_CYCLE.mean()
    for start, length, factor in surges:
        level[start : start + length] *= factor
    counts = rng.poisson(base[:, None] * level[None, :])
    area_idx, day_idx = np.nonzero(counts)
    reps = counts[area_idx, day_idx]
    area = np.repeat(area_idx, reps)
    day = np.repeat(day_idx, reps)
    cats = np.array(list(CATEGORY_MIX))
    mix = np.array(list(CATEGORY_MIX.values()))
    category = cats[rng.choice(len(cats), len(area), p=mix / mix.sum())]
    for cl in clusters:
        if cl.category not in DEFAULT_CATEGORIES:
            raise ValueError(
                f"cluster category must be one of {DEFAULT_CATEGORIES}, got {cl.category!r}"
            )
        days = np.arange(cl.start, min(cl.start + cl.length, n_days))
        rate = np.maximum(base[cl.areas], base.mean())
        extra = rng.poisson((cl.relative_risk - 1) * rate[:, None] * level[days][None, :])
        a_i, d_i = np.nonzero(extra)
        k = extra[a_i, d_i]
        area = np.r_[area, np.repeat(cl.areas[a_i], k)]
        day = np.r_[day, np.repeat(days[d_i], k)]
        category = np.r_[category, np.full(k.sum(), cl.category)]
    order = np.lexsort((area, day))
    ids = np.array([f"E{i:07d}" for i in range(len(order))])
    return Events.from_arrays(
        areas, ids, first + day[order], area[order].astype(np.int64), category=category[order]
    )
