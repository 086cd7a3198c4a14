"""KRT registers: importing a real one from CSV, or generating a plausible one.

Until a real register is imported, ``generate_krts`` places about 8,600 KRTs
(the reported national count) inside real district boundaries, their number
and population proportional to each district's, their ethnic mix varied around
the district's census mix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.db import transaction
from shapely import contains_xy
from shapely.geometry import shape

from rukun.web.registry.models import ETHNIC_FIELDS, District, Krt, diversity_index
from rukun.web.reports.validation import LAT_RANGE, LON_RANGE

NATIONAL_KRT_COUNT = 8600

_PREFIXES = (
    "Taman",
    "Taman",
    "Taman",
    "Kampung",
    "Bandar",
    "Flat",
    "PPR",
    "Desa",
    "Pangsapuri",
    "Seksyen",
    "Jalan",
)
_WORDS = (
    "Sri Muda",
    "Mawar",
    "Melati",
    "Cempaka",
    "Kenanga",
    "Seroja",
    "Dahlia",
    "Bukit Indah",
    "Sentosa",
    "Harmoni",
    "Damai",
    "Setia",
    "Permai",
    "Maju",
    "Jaya",
    "Bahagia",
    "Aman",
    "Murni",
    "Intan",
    "Delima",
    "Mutiara",
    "Nilam",
    "Puteri",
    "Ria",
    "Saujana",
    "Tasik",
    "Perdana",
    "Tropika",
    "Baiduri",
    "Kiambang",
    "Teratai",
    "Anggerik",
    "Bunga Raya",
    "Selasih",
    "Pelangi",
    "Rimba",
    "Bestari",
    "Wangsa",
    "Impian",
    "Cahaya",
    "Baru",
    "Lama",
    "Makmur",
    "Ceria",
    "Suria",
    "Gemilang",
    "Mesra",
    "Sejahtera",
    "Orkid",
    "Tanjung",
)


def _name(rng: np.random.Generator, district: str) -> str:
    prefix = _PREFIXES[rng.integers(len(_PREFIXES))]
    word = _WORDS[rng.integers(len(_WORDS))]
    suffix = f" {rng.integers(1, 8)}" if rng.random() < 0.35 else ""
    return f"{prefix} {word}{suffix}, {district}"


def _points_in(district: District, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` (lat, lon) points inside the district, denser near its representative point."""
    if district.boundary:
        geom = shape(district.boundary)
        minx, miny, maxx, maxy = geom.bounds
        cx, cy = district.lon, district.lat
        found: list[tuple[float, float]] = []
        spread = np.array([(maxx - minx) / 4, (maxy - miny) / 4])
        while len(found) < n:
            # Half the candidates cluster around the town centre, half spread uniformly.
            k = max(64, 4 * (n - len(found)))
            near = rng.normal([cx, cy], spread, size=(k // 2, 2))
            far = rng.uniform([minx, miny], [maxx, maxy], size=(k - k // 2, 2))
            cand = np.vstack([near, far])
            inside = contains_xy(geom, cand[:, 0], cand[:, 1])
            found += [(y, x) for x, y in cand[inside]]
        return np.array(found[:n])
    radius_deg = max(district.area_km2 or 300.0, 50.0) ** 0.5 / 111.0 / 2
    offsets = rng.normal(0, radius_deg / 2, size=(n, 2))
    return np.column_stack([district.lat + offsets[:, 0], district.lon + offsets[:, 1]])


@transaction.atomic
def generate_krts(
    total: int = NATIONAL_KRT_COUNT,
    *,
    random_state: np.random.Generator | int = 0,
    districts: Iterable[District] | None = None,
) -> int:
    """Replace generated KRTs with ``total`` new ones spread by population; return the count."""
    rng = np.random.default_rng(random_state)
    chosen = list(districts if districts is not None else District.objects.select_related("state"))
    if not chosen:
        raise ValueError("the registry has no districts: run `rukun import-geo` first")
    Krt.objects.filter(is_generated=True, district__in=chosen).delete()
    national = District.objects.all()
    national_pop = sum(d.population for d in national) or 1
    created = []
    for district in chosen:
        n = max(1, round(total * district.population / national_pop))
        shares = rng.dirichlet(np.full(n, 4.0))
        points = _points_in(district, n, rng)
        base = np.array([getattr(district, f) for f in ETHNIC_FIELDS], dtype=float)
        base = (
            base / base.sum() if base.sum() > 0 else np.array([0.55, 0.12, 0.23, 0.07, 0.01, 0.02])
        )
        for i in range(n):
            population = max(300, round(float(district.population * shares[i])))
            mix = rng.dirichlet(base * 25 + 0.05)
            counts = np.floor(mix * population).astype(int)
            counts[int(np.argmax(counts))] += population - int(counts.sum())
            krt = Krt(
                code=f"KRT-{district.state.code:02d}-{district.code:02d}-{i + 1:04d}",
                name=_name(rng, district.name),
                district=district,
                lat=round(float(points[i, 0]), 5),
                lon=round(float(points[i, 1]), 5),
                population=population,
                established=dt.date(1975, 1, 1) + dt.timedelta(days=int(rng.integers(0, 17000))),
                is_generated=True,
                diversity=diversity_index(list(counts)),
                **{f: int(c) for f, c in zip(ETHNIC_FIELDS, counts, strict=True)},
            )
            created.append(krt)
    Krt.objects.bulk_create(created, batch_size=1000)
    return len(created)


KRT_COLUMNS = ("code", "name", "district", "lat", "lon", "population")
OPTIONAL_COLUMNS = (*ETHNIC_FIELDS, "established")


@dataclass
class ImportSummary:
    accepted: int = 0
    updated: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.accepted} created, {self.updated} updated, {len(self.rejected)} rejected"]
        out += [f"  line {line}: {why}" for line, why in self.rejected]
        return out


def _parse_krt_row(row: dict[str, str], districts: dict[str, District]) -> dict[str, object]:
    problems = []
    code = (row.get("code") or "").strip()
    if not code or len(code) > 24:
        problems.append("code: required, at most 24 characters")
    name = (row.get("name") or "").strip()
    if not name or len(name) > 128:
        problems.append("name: required, at most 128 characters")
    district = districts.get((row.get("district") or "").strip())
    if district is None:
        problems.append(f"district: {row.get('district')!r} is not a district key such as 10_9")
    values: dict[str, object] = {}
    for column, bounds in (("lat", LAT_RANGE), ("lon", LON_RANGE)):
        try:
            value = float(row.get(column) or "")
            if not bounds[0] <= value <= bounds[1]:
                raise ValueError
            values[column] = value
        except ValueError:
            problems.append(
                f"{column}: {row.get(column)!r} is not a number in {bounds[0]}..{bounds[1]}"
            )
    for column in ("population", *ETHNIC_FIELDS):
        raw = (row.get(column) or "").strip()
        if not raw and column != "population":
            continue
        if not raw.isdigit():
            problems.append(f"{column}: {raw!r} is not a whole number >= 0")
        else:
            values[column] = int(raw)
    if row.get("established"):
        try:
            values["established"] = dt.date.fromisoformat(row["established"].strip())
        except ValueError:
            problems.append(f"established: {row['established']!r} is not a date YYYY-MM-DD")
    if problems:
        raise ValueError("; ".join(problems))
    return {"code": code, "name": name, "district": district, **values}


def import_krt_csv(source: Path | io.TextIOBase) -> ImportSummary:
    """Import a KRT register; every row is checked and rejected rows are listed with why.

    Columns: ``code,name,district,lat,lon,population`` (district as the DOSM key,
    e.g. ``10_9``) and optionally the ethnic counts and ``established``. Valid rows
    are written in one transaction; a row that fails does not stop the others.
    """
    handle = source.open(newline="", encoding="utf-8-sig") if isinstance(source, Path) else source
    try:
        reader = csv.DictReader(handle)
        missing = [c for c in KRT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(
                f"the header lacks {', '.join(missing)}; expected {','.join(KRT_COLUMNS)}"
            )
        districts = {d.key: d for d in District.objects.all()}
        summary = ImportSummary()
        seen: set[str] = set()
        with transaction.atomic():
            for line, row in enumerate(reader, start=2):
                try:
                    fields = _parse_krt_row(row, districts)
                except ValueError as exc:
                    summary.rejected.append((line, str(exc)))
                    continue
                code = str(fields.pop("code"))
                if code in seen:
                    summary.rejected.append((line, f"code: {code} appears twice in the file"))
                    continue
                seen.add(code)
                counts = [int(fields.get(f, 0)) for f in ETHNIC_FIELDS]  # type: ignore[call-overload]
                fields["diversity"] = diversity_index(counts)
                fields["is_generated"] = False
                _, created = Krt.objects.update_or_create(code=code, defaults=fields)
                if created:
                    summary.accepted += 1
                else:
                    summary.updated += 1
        return summary
    finally:
        if isinstance(source, Path):
            handle.close()
