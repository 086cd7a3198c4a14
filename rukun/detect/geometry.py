"""Circular scanning windows: every area as a centre with its nearest neighbours.

Distances are chord distances on a sphere of radius 6367 km, as SaTScan computes
them for latitude/longitude coordinates (``EARTH_RADIUS_km`` in SaTScan's
``calculation/SaTScan.h``), so that circles match SaTScan's exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

#: Earth radius used by SaTScan for chord distances (km).
EARTH_RADIUS_KM = 6367.0


def to_cartesian(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on a sphere of radius :data:`EARTH_RADIUS_KM`, shape ``(n, 3)`` in km."""
    phi = np.radians(np.asarray(lat, dtype=float))
    lam = np.radians(np.asarray(lon, dtype=float))
    return EARTH_RADIUS_KM * np.column_stack(
        (np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi))
    )


@dataclass(frozen=True)
class Neighbourhoods:
    """Sorted neighbour lists of every centre, in CSR form.

    Attributes
    ----------
    ptr : ndarray of int64, shape (n_centres + 1,)
        Centre ``c`` owns rows ``ptr[c]:ptr[c + 1]``.
    idx : ndarray of int64, shape (nnz,)
        Area index of each row, nearest first (the centre itself first).
    dist_km : ndarray of float, shape (nnz,)
        Chord distance from the centre.
    close : ndarray of bool, shape (nnz,)
        True where a circle may end: the next neighbour is strictly farther.
    inv_ptr, inv_idx : ndarray of int64
        For each area, the centres whose lists contain it (to scan only the
        centres touched by a replicate's cases).
    """

    ptr: np.ndarray
    idx: np.ndarray
    dist_km: np.ndarray
    close: np.ndarray
    inv_ptr: np.ndarray
    inv_idx: np.ndarray

    @property
    def n_centres(self) -> int:
        return len(self.ptr) - 1

    def members(self, centre: int, k: int) -> np.ndarray:
        """The ``k`` areas of the circle of ``centre`` that holds ``k`` neighbours."""
        start = self.ptr[centre]
        return self.idx[start : start + k]


def build_neighbourhoods(
    lat: np.ndarray, lon: np.ndarray, max_radius_km: float, max_areas: int | None = None
) -> Neighbourhoods:
    """Sorted neighbour lists of all areas within ``max_radius_km`` of each centre.

    Parameters
    ----------
    lat, lon : array_like, shape (n_areas,)
        Decimal degrees.
    max_radius_km : float
        Largest circle radius (chord distance, km); 0 gives single-area circles.
    max_areas : int or None
        Largest number of areas in a circle; circles are cut before a group of
        equidistant areas that would exceed it.

    Returns
    -------
    Neighbourhoods
    """
    if not np.isfinite(max_radius_km) or max_radius_km < 0:
        raise ValueError(f"max_radius_km must be a finite number >= 0, got {max_radius_km!r}")
    if max_areas is not None and max_areas < 1:
        raise ValueError(f"max_areas must be None or >= 1, got {max_areas!r}")
    points = to_cartesian(lat, lon)
    n = len(points)
    tree = cKDTree(points)
    # a tiny slack keeps areas exactly on the circle, as SaTScan does
    lists = tree.query_ball_point(points, r=max_radius_km * (1 + 1e-12) + 1e-9)
    ptr = np.zeros(n + 1, dtype=np.int64)
    idx_parts, dist_parts, close_parts = [], [], []
    for c, members in enumerate(lists):
        m = np.asarray(members, dtype=np.int64)
        d = np.linalg.norm(points[m] - points[c], axis=1)
        order = np.lexsort((m != c, d))  # centre first among ties at distance 0
        m, d = m[order], d[order]
        close = np.r_[d[1:] > d[:-1], True]
        if max_areas is not None and len(m) > max_areas:
            ends = np.flatnonzero(close[:max_areas])
            keep = ends[-1] + 1 if len(ends) else 1
            m, d, close = m[:keep], d[:keep], close[:keep]
            close[-1] = True
        idx_parts.append(m)
        dist_parts.append(d)
        close_parts.append(close)
        ptr[c + 1] = ptr[c] + len(m)
    idx = np.concatenate(idx_parts) if idx_parts else np.zeros(0, dtype=np.int64)
    centre_of_row = np.repeat(np.arange(n), np.diff(ptr))
    order = np.argsort(idx, kind="stable")
    inv_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(idx, minlength=n), out=inv_ptr[1:])
    return Neighbourhoods(
        ptr=ptr,
        idx=idx,
        dist_km=np.concatenate(dist_parts) if dist_parts else np.zeros(0),
        close=np.concatenate(close_parts) if close_parts else np.zeros(0, dtype=bool),
        inv_ptr=inv_ptr,
        inv_idx=centre_of_row[order].astype(np.int64),
    )
