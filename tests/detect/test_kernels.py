"""The Numba kernels and the NumPy fallback against each other and against brute force."""

import itertools

import numpy as np
import pytest

from rukun.detect import _kernels, build_neighbourhoods
from rukun.detect.scan import gumbel_p_value


def _data(seed, n_areas=40, width=4):
    rng = np.random.default_rng(seed)
    lat = 3.0 + rng.normal(0, 0.02, n_areas)
    lon = 101.5 + rng.normal(0, 0.02, n_areas)
    nbh = build_neighbourhoods(lat, lon, 3.0, max_areas=8)
    x = np.cumsum(rng.poisson(0.4, (n_areas, width)), axis=1).astype(float)
    e = np.cumsum(rng.uniform(0.05, 0.5, (n_areas, width)), axis=1)
    size = rng.uniform(1, 10, n_areas)
    return nbh, x, e, size


def _brute_force(nbh, x, e, size, cap, total, model, min_cases):
    best = np.zeros(nbh.n_centres)
    for c, w in itertools.product(range(nbh.n_centres), range(x.shape[1])):
        members = nbh.idx[nbh.ptr[c] : nbh.ptr[c + 1]]
        for k in range(1, len(members) + 1):
            if not nbh.close[nbh.ptr[c] + k - 1] or (k > 1 and size[members[:k]].sum() > cap):
                continue
            n, mu = x[members[:k], w].sum(), e[members[:k], w].sum()
            if n >= min_cases and n > mu:
                llr = n * np.log(n / mu) + (
                    mu - n if model == 0 else (total - n) * np.log((total - n) / (total - mu))
                )
                best[c] = max(best[c], llr)
    return best


@pytest.mark.parametrize("model", [0, 1])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_it_finds_the_best_cylinder_of_each_centre_like_brute_force(backend, model, seed):
    nbh, x, e, size = _data(seed)
    total = x[:, -1].sum() + 50.0
    got = _kernels.best_per_centre(
        backend, x, e, size, 25.0, nbh.ptr, nbh.idx, nbh.close, total, model, 2.0
    )
    np.testing.assert_allclose(got[0], _brute_force(nbh, x, e, size, 25.0, total, model, 2.0))


def test_it_gives_the_same_replicate_maxima_with_both_backends():
    nbh, _x, e, size = _data(5)
    rng = np.random.default_rng(3)
    n_reps, per = 20, 30
    rep_ptr = np.arange(n_reps + 1, dtype=np.int64) * per
    rep_area = rng.integers(0, len(size), n_reps * per)
    rep_w = rng.integers(0, e.shape[1], n_reps * per)
    args = (
        rep_ptr,
        rep_area,
        rep_w,
        e,
        size,
        25.0,
        nbh.ptr,
        nbh.idx,
        nbh.close,
        nbh.inv_ptr,
        nbh.inv_idx,
        200.0,
        1,
        2,
    )
    fast = _kernels.replicate_maxima("numba", *args)
    slow = _kernels.replicate_maxima("numpy", *args)
    np.testing.assert_allclose(fast, slow)
    assert (fast > 0).any()


def test_it_draws_the_same_permutations_with_both_backends():
    case_area = np.arange(50) % 7
    uniforms = np.random.default_rng(0).random((5, 12))
    a = _kernels.permutation_draws("numba", case_area, uniforms)
    b = _kernels.permutation_draws("numpy", case_area, uniforms)
    np.testing.assert_array_equal(a, b)
    # each replicate is a subset drawn without replacement: multiset within the original
    for row in a:
        assert (np.bincount(row, minlength=7) <= np.bincount(case_area, minlength=7)).all()


def test_it_rejects_an_unknown_backend():
    with pytest.raises(ValueError, match="backend must be one of"):
        _kernels.resolve_backend("cuda")


def test_it_puts_the_centre_first_and_marks_where_circles_may_end():
    lat = np.array([0.0, 0.0, 0.0, 0.0])
    lon = np.array([0.0, 0.01, -0.01, 0.03])  # areas 1 and 2 are equidistant from area 0
    nbh = build_neighbourhoods(lat, lon, 5.0)
    first = nbh.idx[nbh.ptr[0] : nbh.ptr[1]]
    assert first[0] == 0 and set(first[1:3]) == {1, 2}
    assert nbh.close[nbh.ptr[0] : nbh.ptr[1]].tolist() == [True, False, True, True]


def test_it_computes_gumbel_p_values_in_the_tail():
    maxima = np.random.default_rng(0).gumbel(5.0, 1.0, 5000)
    # P(G >= 12) for Gumbel(5, 1) = 1 - exp(-exp(-7))
    assert gumbel_p_value(12.0, maxima) == pytest.approx(-np.expm1(-np.exp(-7.0)), rel=0.25)


def test_gumbel_tails_of_sparse_scans_stay_conservative_and_resolve_below_the_floor():
    """A rare category: most replicates have no cylinder of 3 reports (maximum 0).

    The hurdle fit on 999 replicates must not understate the tail seen in 20,000
    more (a false alert would follow), and must resolve an observed cluster below
    the Monte Carlo floor 1/1000, as a plain fit of all maxima does not.
    """
    from rukun.detect import expectation_based_poisson_scan
    from rukun.detect.simulate import background_rates, synthetic_areas

    areas = synthetic_areas(800, seed=103)
    nbh = build_neighbourhoods(areas.lat, areas.lon, 5.0, max_areas=10)
    baseline = np.repeat(0.05 * background_rates(areas, 96, seed=404)[:, None], 7, axis=1)
    counts = np.zeros_like(baseline)
    counts[363, :3] = [1, 1, 2]  # 4 reports in one area in 3 days, about 0.04 expected
    result = expectation_based_poisson_scan(
        counts, baseline, nbh, population=areas.population, max_population_share=0.05,
        min_cases=3, n_replications=21_000, random_state=1,
    )  # fmt: skip
    maxima = result.replicate_maxima
    fit, check = maxima[:999], maxima[999:]
    assert 0.05 < np.mean(fit == 0) < 0.95
    for q in (0.99, 0.999):
        x = np.quantile(check, q)
        assert gumbel_p_value(x, fit) >= 0.8 * (1 - q)
    observed = result.clusters[0].llr
    assert not (check >= observed).any()
    assert gumbel_p_value(observed, fit) < 1e-4
    positive = fit[fit > 0]
    plain = np.std(fit, ddof=1) * np.sqrt(6) / np.pi
    plain_p = -np.expm1(-np.exp(-(observed - np.mean(fit) + np.euler_gamma * plain) / plain))
    assert gumbel_p_value(observed, fit) < plain_p / 5
    assert gumbel_p_value(observed, positive) > gumbel_p_value(observed, fit)


def test_it_falls_back_to_the_monte_carlo_floor_with_few_positive_maxima():
    maxima = np.r_[np.zeros(990), np.linspace(3, 9, 9)]
    assert gumbel_p_value(50.0, maxima) == pytest.approx(1 / 1000)


def test_it_stops_hopeless_replications_without_changing_the_decision():
    from rukun.detect import space_time_permutation_scan

    rng = np.random.default_rng(4)
    lat, lon = 3.0 + rng.normal(0, 0.03, 60), 101.0 + rng.normal(0, 0.03, 60)
    nbh = build_neighbourhoods(lat, lon, 3.0, max_areas=6)
    area, day = rng.integers(0, 60, 400), rng.integers(0, 28, 400)
    alpha = 0.01
    for extra in (0, 12):  # without and with a planted cluster on the last days
        a = np.r_[area, np.full(extra, 7)]
        d = np.r_[day, np.full(extra, 27)]
        full = space_time_permutation_scan(a, d, 60, nbh, 27, n_replications=199, random_state=1)
        cut = space_time_permutation_scan(
            a, d, 60, nbh, 27, n_replications=199, random_state=1, alpha=alpha
        )
        assert (full.clusters[0].p_value <= alpha) == (cut.clusters[0].p_value <= alpha)
        assert len(cut.replicate_maxima) <= len(full.replicate_maxima)
    assert cut.clusters[0].p_value <= alpha  # the planted cluster is found either way
