"""Loading the geography registry.

From the Department of Statistics Malaysia open-data files in
``RUKUN_REFERENCE_DIR`` (see ``docs/data-sources.md`` for the credit line), or,
without them, from the built-in list of the 16 states and 160 districts with
their codes, a point inside each district and its 2020 population.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from shapely.geometry import mapping, shape

from rukun.web.registry.models import ETHNIC_FIELDS, RELIGION_FIELDS, District, State

BUILTIN = Path(__file__).with_name("builtin_districts.csv")
CREDIT = (
    "Data source: Department of Statistics Malaysia (DOSM open data; OpenDOSM "
    "population_district, CC BY 4.0)."
)

# OpenDOSM spells a few districts differently from the DOSM geodata.
_ETHNIC_COLUMNS = {
    "pop_bumi_malay": "pop_bumi_malay_k",
    "pop_bumi_other": "pop_bumi_other_k",
    "pop_chinese": "pop_chinese_k",
    "pop_indian": "pop_indian_k",
    "pop_other_citizen": "pop_other_citizen_k",
    "pop_non_citizen": "pop_other_noncitizen_k",
}
_RELIGION_COLUMNS = {
    "rel_muslim": ("religion_muslim",),
    "rel_christian": ("religion_christian",),
    "rel_buddhist": ("religion_buddhist",),
    "rel_hindu": ("religion_hindu",),
    "rel_other": ("religion_other", "religion_atheist", "religion_unknown"),
}


@dataclass
class GeoSummary:
    states: int
    districts: int
    with_boundary: int
    with_ethnicity: int
    source: str


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [{k: v for k, v in row.items() if k} for row in csv.DictReader(handle)]


def _number(value: str | None) -> float:
    try:
        return float(value) if value not in (None, "") else 0.0
    except ValueError:
        return 0.0


@transaction.atomic
def import_builtin() -> GeoSummary:
    rows = _read_csv(BUILTIN)
    by_state: dict[int, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_state[int(row["code_state"])].append(row)
    for code, members in by_state.items():
        population = sum(int(r["population_2020"]) for r in members)
        lat = sum(float(r["lat"]) * int(r["population_2020"]) for r in members) / max(population, 1)
        lon = sum(float(r["lon"]) * int(r["population_2020"]) for r in members) / max(population, 1)
        state, _ = State.objects.update_or_create(
            code=code,
            defaults={
                "name": members[0]["state"],
                "iso_code": f"MY-{code:02d}",
                "population": population,
                "lat": lat,
                "lon": lon,
            },
        )
        for row in members:
            District.objects.update_or_create(
                key=f"{code}_{row['code_district']}",
                defaults={
                    "state": state,
                    "code": int(row["code_district"]),
                    "name": row["district"],
                    "lat": float(row["lat"]),
                    "lon": float(row["lon"]),
                    "population": int(row["population_2020"]),
                },
            )
    return GeoSummary(len(by_state), len(rows), 0, 0, "built-in list")


@transaction.atomic
def import_reference(reference_dir: Path, year: str = "2020") -> GeoSummary:
    """Import states and districts from the DOSM files under ``reference_dir`` (``data/my``)."""
    required = [
        "states.csv",
        "dosm_data_open/state_district.csv",
        "dosm_data_open/administrative_2_district.geojson",
        "opendosm/population_district_ethnicity_wide.csv",
        "dosm_data_open/census_district.csv",
    ]
    missing = [name for name in required if not (reference_dir / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{reference_dir} lacks {', '.join(missing)}")

    boundaries = {
        f["properties"]["code_state_district"]: f["geometry"]
        for f in json.loads((reference_dir / required[2]).read_text())["features"]
    }
    ethnicity = {
        r["code_state_district"]: r
        for r in _read_csv(reference_dir / required[3])
        if r["date"] == f"{year}-01-01"
    }
    census = {
        r["code_state_district"]: r
        for r in _read_csv(reference_dir / required[4])
        if r["year"] == year
    }
    states = {int(r["code_state"]): r for r in _read_csv(reference_dir / required[0])}

    state_objs = {}
    for code, row in states.items():
        state_objs[code], _ = State.objects.update_or_create(
            code=code, defaults={"name": row["state"], "iso_code": row["iso_3166_2"]}
        )

    with_boundary = with_ethnicity = 0
    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    districts = _read_csv(reference_dir / required[1])
    for row in districts:
        key = row["code_state_district"]
        state = state_objs[int(row["code_state"])]
        fields: dict[str, object] = {
            "state": state,
            "code": int(row["code_district"]),
            "name": row["district"],
        }
        geometry = boundaries.get(key)
        if geometry is not None:
            geom = shape(geometry)
            point = geom.representative_point()
            fields.update(lat=point.y, lon=point.x, boundary=mapping(geom))
            with_boundary += 1
        eth = ethnicity.get(key)
        if eth is not None:
            for field, column in _ETHNIC_COLUMNS.items():
                fields[field] = round(_number(eth[column]) * 1000)
            fields["population"] = round(_number(eth["pop_overall_k"]) * 1000)
            with_ethnicity += 1
        cen = census.get(key)
        if cen is not None:
            for field, columns in _RELIGION_COLUMNS.items():
                fields[field] = round(sum(_number(cen.get(c)) for c in columns))
            fields["area_km2"] = _number(cen.get("area_km2")) or None
            if "population" not in fields:
                fields["population"] = round(_number(cen.get("population_total")))
        district, _ = District.objects.update_or_create(key=key, defaults=fields)
        district.update_diversity()
        district.save(update_fields=["diversity"])
        agg = totals[state.code]
        for field in ("population", *ETHNIC_FIELDS, *RELIGION_FIELDS):
            agg[field] += getattr(district, field)
        if district.lat is not None and district.lon is not None:
            agg["lat"] += district.lat * district.population
            agg["lon"] += district.lon * district.population

    for code, agg in totals.items():
        state = state_objs[code]
        for field in ("population", *ETHNIC_FIELDS, *RELIGION_FIELDS):
            setattr(state, field, int(agg[field]))
        if state.population:
            state.lat = agg["lat"] / state.population
            state.lon = agg["lon"] / state.population
        state.update_diversity()
        state.save()
    return GeoSummary(
        len(state_objs), len(districts), with_boundary, with_ethnicity, str(reference_dir)
    )


def district_radius_km(district: District) -> float:
    """Radius of a disc with the district's area; a fallback spread for KRT placement."""
    area = district.area_km2 or 400.0
    return math.sqrt(area / math.pi)
