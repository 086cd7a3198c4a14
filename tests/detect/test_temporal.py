"""EARS, Poisson CUSUM and the Poisson tail against hand-computed values."""

import numpy as np
import pytest
from scipy import stats

from rukun.detect import ears, poisson_cusum, poisson_tail


def test_it_computes_ears_c1_c2_and_c3_by_their_definitions():
    x = np.array([[1, 2, 1, 3, 2, 1, 2, 1, 2, 9, 8, 7]], dtype=float)
    t = 9
    base1 = x[0, t - 7 : t]
    c1 = (x[0, t] - base1.mean()) / base1.std(ddof=1)
    assert ears(x, "C1")[0, t] == pytest.approx(c1)
    c2 = [
        (x[0, s] - x[0, s - 9 : s - 2].mean()) / max(x[0, s - 9 : s - 2].std(ddof=1), 0.5)
        for s in (9, 10, 11)
    ]
    assert ears(x, "C2")[0, 9:].tolist() == pytest.approx(c2)
    assert ears(x, "C3")[0, 11] == pytest.approx(sum(max(0, v - 1) for v in c2))
    assert np.isnan(ears(x, "C2")[0, 8])


def test_it_floors_the_standard_deviation_of_a_sparse_baseline():
    x = np.zeros((1, 12))
    x[0, -1] = 2
    assert ears(x, "C2", min_sd=0.5)[0, -1] == pytest.approx(4.0)


def test_it_rejects_an_unknown_ears_variant():
    with pytest.raises(ValueError, match="variant must be one of"):
        ears(np.zeros((1, 10)), "C4")


def test_it_accumulates_the_poisson_cusum():
    mu = np.full((1, 4), 1.0)
    k = 1.0 / np.log(2.0)  # ratio 2: k = mu (2 - 1) / log 2
    path = poisson_cusum(np.array([[0.0, 3.0, 3.0, 0.0]]), mu, ratio=2.0)
    expected = [0.0, 3 - k, 2 * (3 - k), max(0.0, 2 * (3 - k) - k)]
    np.testing.assert_allclose(path[0], expected)


def test_it_gives_the_exact_poisson_tail():
    assert poisson_tail(3, 0.5) == pytest.approx(1 - stats.poisson.cdf(2, 0.5))
    assert poisson_tail(0, 0.5) == pytest.approx(1.0)


def test_it_never_returns_a_zero_p_value():
    assert poisson_tail(60, 0.001) == pytest.approx(1e-15)
