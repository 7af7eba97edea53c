"""Each shared formula once: the NumPy versions in aimc_edu.numerics equal the sympy derivations."""

import numpy as np
import pytest
import sympy as sp

from aimc_edu import theory as th
from aimc_edu.numerics import bisect, digital_floor, folded_normal_mean, folded_normal_moments


def test_folded_normal_moments_equal_the_sympy_integrals():
    mom = th.lower_bound.folded_normal_moments()
    m = np.linspace(-3, 3, 13)[:, None]
    s = np.array([0.1, 0.7, 2.0])[None, :]
    E_abs = sp.lambdify((th.m, th.sigma), mom["E|g|"], modules=["numpy", {"erf": np.vectorize(__import__("math").erf)}])
    E_gabs = sp.lambdify((th.m, th.sigma), mom["E[g|g|]"], modules=["numpy", {"erf": np.vectorize(__import__("math").erf)}])
    np.testing.assert_allclose(folded_normal_mean(m, s), E_abs(m, s), rtol=1e-12)
    np.testing.assert_allclose(folded_normal_moments(m, s)["E[g|g|]"], E_gabs(m, s), rtol=1e-12, atol=1e-14)


def test_folded_normal_moments_by_sampling():
    rng = np.random.default_rng(0)
    g = 0.3 + 0.5 * rng.standard_normal(400_000)
    mom = folded_normal_moments(0.3, 0.5)
    for key, sample in (("E|g|", np.abs(g)), ("E[g|g|]", g * np.abs(g))):
        se = sample.std() / np.sqrt(g.size)
        assert abs(sample.mean() - mom[key]) < 4 * se
    assert mom["Var|g|"] == pytest.approx(np.abs(g).var(), rel=0.01)


def test_digital_floor_equals_the_sympy_derivation():
    expr = th.digital_quadratic_floor()["loss_gap"]
    f = sp.lambdify((th.alpha, th.sigma, th.L), expr)
    for lr, s2, L in ((0.1, 0.01, 1.0), (0.6, 0.49, 2.0), (0.05, 1.0, 0.5)):
        assert float(digital_floor(lr, s2, L)) == pytest.approx(f(lr, np.sqrt(s2), L), rel=1e-12)
    lam = np.array([0.5, 1.0, 2.0])
    assert float(digital_floor(0.1, 0.2, lam)) == pytest.approx(sum(f(0.1, np.sqrt(0.2), l) for l in lam))
    np.testing.assert_allclose(digital_floor(np.array([0.1, 0.2]), 0.2, lam),
                               [digital_floor(0.1, 0.2, lam), digital_floor(0.2, 0.2, lam)])
    with pytest.raises(ValueError, match="lr must be < 2 / lambda_max"):
        digital_floor(1.5, 0.1, lam)


def test_bisect_is_elementwise():
    roots = bisect(lambda x: x - np.array([0.1, -0.3, 0.7]), -1.0, 1.0)
    np.testing.assert_allclose(roots, [0.1, -0.3, 0.7], atol=1e-12)


@pytest.mark.parametrize("shape", [(1, 1), (3, 40), (200, 40), (1024, 3), (8, 784), (5,), (2, 3, 4), (0, 4)])
def test_max_abs_rows_equals_abs_max_of_the_last_axis(shape):
    from aimc_edu.numerics import max_abs_rows
    a = np.random.default_rng(1).standard_normal(shape)
    if a.ndim == 2 and a.size:
        a.flat[a.size // 2] = np.nan                 # NaN propagates the same way
    np.testing.assert_array_equal(max_abs_rows(a), np.abs(a).max(axis=-1))
