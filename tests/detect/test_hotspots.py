"""Getis-Ord Gi* against PySAL esda on the same data and weights."""

import numpy as np
import pytest

from rukun.detect import build_neighbourhoods, chronic_hotspots, getis_ord_gi_star
from rukun.detect.hotspots import benjamini_hochberg, weights_from_neighbourhoods

esda = pytest.importorskip("esda")
libpysal = pytest.importorskip("libpysal")


@pytest.mark.parametrize("transform", ["B", "R"])
def test_it_matches_esda_g_local_star(transform):
    rng = np.random.default_rng(7)
    lat = 3.1 + rng.normal(0, 0.05, 120)
    lon = 101.6 + rng.normal(0, 0.05, 120)
    y = rng.gamma(2.0, 3.0, 120)
    nbh = build_neighbourhoods(lat, lon, 4.0)
    w = weights_from_neighbourhoods(nbh)
    ours = getis_ord_gi_star(y, w, transform=transform)
    ref = esda.G_Local(
        y,
        libpysal.weights.WSP(w).to_W(silence_warnings=True),
        transform=transform,
        star=True,
        permutations=0,
    )
    np.testing.assert_allclose(ours.G, ref.Gs)
    np.testing.assert_allclose(ours.expected, ref.EGs)
    np.testing.assert_allclose(ours.variance, ref.VGs)
    np.testing.assert_allclose(ours.z, ref.Zs)
    np.testing.assert_allclose(ours.p_norm, ref.p_norm)


def test_it_finds_a_chronic_hotspot_and_not_a_flat_field():
    rng = np.random.default_rng(1)
    lat = np.repeat(np.arange(10), 10) * 0.01 + 3.0
    lon = np.tile(np.arange(10), 10) * 0.01 + 101.0
    pop = np.full(100, 1000.0)
    counts = rng.poisson(5.0, 100).astype(float)
    nbh = build_neighbourhoods(lat, lon, 1.6)
    assert chronic_hotspots([str(i) for i in range(100)], counts, pop, nbh) == []
    corner = (lat < 3.025) & (lon < 101.025)
    counts[corner] += 25
    found = {h.area_id for h in chronic_hotspots([str(i) for i in range(100)], counts, pop, nbh)}
    assert found and found <= {str(i) for i in range(100) if lat[i] < 3.045 and lon[i] < 101.045}


def test_it_adjusts_p_values_like_benjamini_hochberg():
    # R: p.adjust(c(0.01, 0.04, 0.03, 0.5), "BH") = 0.04 0.0533 0.0533 0.5
    np.testing.assert_allclose(
        benjamini_hochberg(np.array([0.01, 0.04, 0.03, 0.5])), [0.04, 0.16 / 3, 0.16 / 3, 0.5]
    )
