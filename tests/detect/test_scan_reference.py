"""Reproductions of published scan-statistic results (provenance: shared/data/scan/README.md)."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from rukun.detect import (
    build_neighbourhoods,
    expectation_based_poisson_scan,
    poisson_trend_baseline,
    space_time_permutation_scan,
)


def _nyc(path):
    geo = [
        line.split()
        for line in (path / "satscan_sample/NYCfever.geo").read_text().splitlines()
        if line.strip()
    ]
    zips = [g[0] for g in geo]
    index = {z: i for i, z in enumerate(zips)}
    cases = [
        line.split()
        for line in (path / "satscan_sample/NYCfever.cas").read_text().splitlines()
        if line.strip()
    ]
    start = dt.date(2001, 11, 1)
    day = np.array([(dt.date(*map(int, c[2].split("/"))) - start).days for c in cases])
    area = np.array([index[c[0]] for c in cases])
    lat = np.array([float(g[1]) for g in geo])
    lon = np.array([float(g[2]) for g in geo])
    return zips, lat, lon, area, day


@pytest.mark.slow
def test_it_reproduces_the_satscan_nyc_fever_prospective_permutation_scan(scan_data, backend):
    # Reference: SaTScan v10.1.2 on NYCfever with NYCSpaceTimePermutation.prm (3 km, 7 days,
    # >= 2 cases, 999 replications), JTSALAH/rsatscan ss/NYCfever.clustermap.html; LLRs
    # recomputed in shared/data/scan/README.md.
    zips, lat, lon, area, day = _nyc(scan_data)
    nbh = build_neighbourhoods(lat, lon, 3.0)
    result = space_time_permutation_scan(
        area,
        day,
        len(zips),
        nbh,
        analysis_day=23,
        max_window_days=7,
        min_cases=2,
        n_replications=999,
        random_state=20011124,
        backend=backend,
    )
    mlc, second, third = result.clusters[:3]
    assert [zips[a] for a in mlc.areas] == [
        "11418",
        "11415",
        "11419",
        "11435",
        "11416",
        "11421",
        "11451",
        "11375",
        "11417",
    ]
    assert mlc.window_days == 3  # 2001/11/22-11/24
    assert mlc.observed == 4
    assert mlc.expected == pytest.approx(0.670103, abs=1e-6)
    assert mlc.llr == pytest.approx(3.8454, abs=1e-4)
    assert mlc.radius_km == pytest.approx(2.9029, abs=1e-3)  # chord; SaTScan prints 2907.96 m
    assert [zips[a] for a in second.areas] == ["11372"] and second.window_days == 1
    assert second.expected == pytest.approx(0.16, abs=0.005)
    assert second.llr == pytest.approx(3.1642, abs=1e-4)
    assert [zips[a] for a in third.areas] == ["10472"] and third.window_days == 2
    assert third.llr == pytest.approx(2.1373, abs=1e-4)
    # SaTScan: 0.242, 0.575, 0.966. Our replicate maxima run slightly lighter (mean 0.204,
    # 0.486, 0.957 over 10 seeds; docs/detection.md), so the bands are MC error plus that gap.
    assert mlc.p_value == pytest.approx(0.242, abs=0.075)
    assert second.p_value == pytest.approx(0.575, abs=0.13)
    assert third.p_value == pytest.approx(0.966, abs=0.03)
    assert mlc.recurrence_interval_days == pytest.approx(1 / mlc.p_value)
    assert mlc.p_value < second.p_value < third.p_value


def _new_mexico(path):
    base = path / "scanstatistics_NM"
    geo = pd.read_csv(base / "NM_geo.csv")
    geo = geo[geo.county != "cibola"].sort_values("county").reset_index(drop=True)
    popcas = pd.read_csv(base / "NM_popcas.csv")
    counties = list(geo.county)
    count = popcas.pivot(index="year", columns="county", values="count")[counties]
    pop = popcas.pivot(index="year", columns="county", values="population")[counties]
    return geo, counties, count, pop


@pytest.mark.slow
def test_it_reproduces_the_scanstatistics_new_mexico_expectation_based_poisson_scan(scan_data):
    # Reference: scanstatistics v1.0.2 README: 415 zones (k = 15 nearest seats), baselines from
    # a Poisson GLM on 1973-1985, scan_eb_poisson on 1986-1989 with 999 replicates:
    # MLC = Los Alamos + Santa Fe (ids 15, 26), duration 4, Monte Carlo p = 0.005.
    geo, counties, count, pop = _new_mexico(scan_data)
    train = count.index < 1986
    test = (count.index >= 1986) & (count.index <= 1989)
    baseline = poisson_trend_baseline(
        count[train].values,
        pop[train].values,
        count.index[train] - 1985,
        pop[test].values,
        count.index[test] - 1985,
    )
    nbh = build_neighbourhoods(geo.seat_lat.values, geo.seat_long.values, 1e5, max_areas=15)
    zones = {
        frozenset(nbh.members(c, k).tolist()) for c in range(nbh.n_centres) for k in range(1, 16)
    }
    assert len(zones) == 415
    # offset 0 = the most recent year, as the scan expects
    result = expectation_based_poisson_scan(
        count[test].values.T[:, ::-1],
        baseline.T[:, ::-1],
        nbh,
        min_cases=1,
        n_replications=999,
        random_state=1,
    )
    mlc = result.clusters[0]
    assert sorted(counties[a] for a in mlc.areas) == ["losalamos", "santafe"]
    assert sorted(int(a) + 1 for a in mlc.areas) == [15, 26]
    assert mlc.window_days == 4
    assert mlc.p_value <= 0.005 + 3 * np.sqrt(0.005 * 0.995 / 999)


def test_it_fits_the_poisson_trend_baseline_like_a_glm():
    # With no trend in the data the GLM's slope is 0 and the rate is sum(y) / sum(pop).
    counts = np.array([[2.0, 4.0], [2.0, 4.0]])
    pop = np.array([[100.0, 200.0], [100.0, 200.0]])
    fitted = poisson_trend_baseline(counts, pop, np.array([0, 1]), pop[:1], np.array([5]))
    np.testing.assert_allclose(fitted, [[2.0, 4.0]], rtol=1e-8)
