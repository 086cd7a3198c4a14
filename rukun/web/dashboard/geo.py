"""What the dashboard's maps draw: district outlines, KRT markers and alert areas.

District boundaries come from the reference data (``District.boundary``,
GeoJSON). They are simplified for the screen (about 100 m) and cached, so that
a national page does not ship or parse the full-resolution outlines on every
load. The same shapes are projected to plain coordinates for the printable
brief (SVG) and its PDF.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from typing import Any

from shapely.geometry import MultiPoint, mapping, shape

from rukun.web.registry.models import District

#: Simplification tolerance (degrees) by the page's level: about 1 km nationally,
#: 300 m for a state and 50 m for a district, below what each zoom can show.
SIMPLIFY_DEGREES: dict[str, float] = {"national": 0.01, "state": 0.003, "district": 0.0005}
CACHE_SECONDS = 600
_OUTLINES: dict[tuple[str, int], tuple[float, dict | None]] = {}
#: Padding around an alert's KRTs when its area is outlined (degrees, about 800 m).
ALERT_PAD_DEGREES = 0.007


def _round(coords: Any) -> Any:
    if isinstance(coords[0], int | float):
        return [round(coords[0], 4), round(coords[1], 4)]
    return [_round(c) for c in coords]


def simplified(boundary: dict | None, tolerance: float) -> dict | None:
    if not boundary:
        return None
    geom = shape(boundary).simplify(tolerance, preserve_topology=True)
    if geom.is_empty:
        return None
    out = mapping(geom)
    return {"type": out["type"], "coordinates": _round(out["coordinates"])}


def district_outlines(district_ids: list[int], level: str = "district") -> dict[int, dict | None]:
    """Simplified boundaries by district id; reads the database only for misses.

    Kept in this process rather than in Django's cache: the locmem cache pickles
    every value, and unpickling 160 outlines cost more than the page's queries.
    """
    tolerance = SIMPLIFY_DEGREES[level]
    now = time.monotonic()
    out: dict[int, dict | None] = {}
    for pk in district_ids:
        hit = _OUTLINES.get((level, pk))
        if hit is not None and now - hit[0] < CACHE_SECONDS:
            out[pk] = hit[1]
    missing = [pk for pk in district_ids if pk not in out]
    if missing:
        rows = District.objects.filter(pk__in=missing).values_list("pk", "boundary")
        for pk, boundary in rows:
            out[pk] = simplified(boundary, tolerance)
            _OUTLINES[(level, pk)] = (now, out[pk])
    return out


def forget_outlines() -> None:
    """Drop the simplified outlines, e.g. after ``rukun import-geo`` or between tests."""
    _OUTLINES.clear()


def alert_areas(rows: list[tuple[int, str, float, float]]) -> list[dict]:
    """Outline each alert's KRTs: a padded convex hull, from (alert id, priority, lat, lon) rows."""
    points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    priority: dict[int, str] = {}
    for alert_id, prio, lat, lon in rows:
        points[alert_id].append((lon, lat))
        priority[alert_id] = prio
    areas = []
    for alert_id, pts in points.items():
        hull = MultiPoint(pts).convex_hull.buffer(ALERT_PAD_DEGREES, quad_segs=4)
        geom = mapping(hull)
        areas.append(
            {
                "id": alert_id,
                "priority": priority[alert_id],
                "geometry": {"type": geom["type"], "coordinates": _round(geom["coordinates"])},
            }
        )
    return areas


class Projection:
    """Equirectangular projection of a bounding box onto a ``width`` x ``height`` box.

    Longitudes are scaled by the cosine of the middle latitude, which is
    accurate to a fraction of a percent over a district.
    """

    def __init__(self, lons: list[float], lats: list[float], width: float, height: float):
        if not lons:
            lons, lats = [100.0, 119.0], [1.0, 7.0]
        self.x0, self.x1 = min(lons), max(lons)
        self.y0, self.y1 = min(lats), max(lats)
        self.k = math.cos(math.radians((self.y0 + self.y1) / 2))
        span_x = max((self.x1 - self.x0) * self.k, 1e-3)
        span_y = max(self.y1 - self.y0, 1e-3)
        self.scale = min((width - 16) / span_x, (height - 16) / span_y)
        self.off_x = (width - span_x * self.scale) / 2
        self.off_y = (height - span_y * self.scale) / 2
        self.height = height

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.off_x + (lon - self.x0) * self.k * self.scale
        y = self.height - self.off_y - (lat - self.y0) * self.scale
        return round(x, 1), round(y, 1)


def rings(geometry: dict | None) -> list[list[list[float]]]:
    """Every ring of a Polygon or MultiPolygon, as lists of [lon, lat]."""
    if not geometry:
        return []
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []


def static_map(
    outline: dict | None,
    markers: list[dict],
    areas: list[dict],
    width: int = 640,
    height: int = 420,
) -> dict:
    """Projected shapes for a printable map: SVG path data and marker positions."""
    outline_rings = rings(outline)
    lons = [p[0] for ring in outline_rings for p in ring] or [m["lon"] for m in markers]
    lats = [p[1] for ring in outline_rings for p in ring] or [m["lat"] for m in markers]
    project = Projection(lons, lats, width, height)

    def path(ring_list: list[list[list[float]]]) -> tuple[str, list[list[tuple[float, float]]]]:
        projected = [[project(lon, lat) for lon, lat in ring] for ring in ring_list]
        d = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in ring) + " Z" for ring in projected if ring
        )
        return d, projected

    outline_d, outline_pts = path(outline_rings)
    area_shapes = []
    for area in areas:
        d, pts = path(rings(area["geometry"]))
        area_shapes.append({**area, "d": d, "points": pts})
    placed = [{**m, "xy": project(m["lon"], m["lat"])} for m in markers]
    return {
        "width": width,
        "height": height,
        "outline_d": outline_d,
        "outline_points": outline_pts,
        "areas": area_shapes,
        "markers": placed,
    }
