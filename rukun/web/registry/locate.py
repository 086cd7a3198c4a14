"""Resolving a point to a KRT, district and state.

The KRT centroids and district boundaries are loaded once per process and
reloaded when the registry changes, so resolving a batch of reports costs one
small query, not one per report.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from shapely import STRtree, points
from shapely.geometry import shape

from rukun.web.registry.models import District, Krt

#: A point farther than this from every KRT centroid is not placed in a KRT.
MAX_KRT_DISTANCE_KM = 3.0
EARTH_KM = 6371.0088


@dataclass(frozen=True)
class Placement:
    krt_id: int | None
    district_id: int | None
    state_id: int | None


class Locator:
    def __init__(self) -> None:
        krts = list(
            Krt.objects.values_list("id", "lat", "lon", "district_id", "district__state_id")
        )
        self.krt_ids = np.array([k[0] for k in krts], dtype=np.int64)
        self.krt_lat = np.radians(np.array([k[1] for k in krts], dtype=float))
        self.krt_lon = np.radians(np.array([k[2] for k in krts], dtype=float))
        self.krt_district = {k[0]: (k[3], k[4]) for k in krts}
        districts = list(
            District.objects.exclude(boundary=None).values_list("id", "state_id", "boundary")
        )
        self.district_keys = [(d[0], d[1]) for d in districts]
        self.tree = STRtree([shape(d[2]) for d in districts]) if districts else None

    def place(self, lat: float, lon: float) -> Placement:
        if len(self.krt_ids):
            la, lo = np.radians(lat), np.radians(lon)
            a = (
                np.sin((self.krt_lat - la) / 2) ** 2
                + np.cos(la) * np.cos(self.krt_lat) * np.sin((self.krt_lon - lo) / 2) ** 2
            )
            nearest = int(np.argmin(a))
            distance = 2 * EARTH_KM * np.arcsin(np.sqrt(a[nearest]))
            if distance <= MAX_KRT_DISTANCE_KM:
                krt_id = int(self.krt_ids[nearest])
                district_id, state_id = self.krt_district[krt_id]
                return Placement(krt_id, district_id, state_id)
        if self.tree is not None:
            hits = self.tree.query(points(lon, lat), predicate="within")
            if len(hits):
                district_id, state_id = self.district_keys[int(hits[0])]
                return Placement(None, district_id, state_id)
        return Placement(None, None, None)


_lock = threading.Lock()
_cache: dict[tuple[int, int, int], Locator] = {}


def locator() -> Locator:
    """The locator for the registry as it is now."""
    from django.db.models import Count, Max

    stats = Krt.objects.aggregate(n=Count("id"), last=Max("id"))
    key = (stats["n"] or 0, stats["last"] or 0, District.objects.exclude(boundary=None).count())
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = Locator()
        return _cache[key]
