"""Notebook 07's theory (sympy) and its checks against simulation (many seeds, standard errors).

Mean-field comparisons allow 4 standard errors plus 1 % of the predicted value: the mean field neglects
the correlations of |g| and |P| with the states (second order in the fluctuations; in every case simulated
here its error is below 1 %, while a wrong law, sign or factor would miss by far more).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from aimc_edu import theory as th
from aimc_edu.devices import SoftBounds
from aimc_edu.experiments import beyond_theory as bt
from aimc_edu.theory import offsets as of
from aimc_edu.theory import penalty as pe

from conftest import Z

MODEL = 0.01


def _agrees(sim, se, pred):
    return np.all(np.abs(np.asarray(sim) - pred) <= Z * np.asarray(se) + MODEL * np.abs(pred))


# ----------------------------------------------------------------------------- sympy
def test_mean_field_solves_the_stationarity_equations():
    mf = of.mean_field()
    W, P = mf["W_bar"], mf["P_bar"]
    eq_P = of.L * (W + of.gamma * P - of.w_star) + of.Mg * (P - of.p) / of.tau
    eq_W = P - of.N * W / of.tau
    assert sp.simplify(eq_P) == 0 and sp.simplify(eq_W) == 0
    assert sp.simplify(mf["limit_offset"] - of.Mg * of.p / (of.L * of.tau)) == 0
    assert sp.simplify(mf["small_offset_floor"] - th.sigma**2 * (of.p / th.tau) ** 2 / (sp.pi * th.L)) == 0
    # x = w* exactly iff p (tau + gamma N) = N w*; for p = 0 only if N w* = 0
    cond = mf["exact_condition"] / of.Mg
    assert sp.simplify(cond - (of.p * (of.tau + of.gamma * of.N) - of.N * of.w_star)) == 0
    assert sp.simplify(mf["x_offset"].subs(of.N, 0) - mf["limit_offset"]) == 0   # gamma drops out as beta -> 0


def test_mean_field_tends_to_the_law_as_alpha_vanishes():
    ps = np.array([-0.3, -0.1, 0.2])
    law = of.offset_law(0.5, 1.0, 1.0, ps)
    tiny = of.stationary_point(0.5, 1.0, 1.0, 0.5, ps, 1e-7, 1e-7)
    np.testing.assert_allclose(tiny["offset"], law["offset"], rtol=2e-3)
    np.testing.assert_allclose(tiny["loss_gap"], law["floor"], rtol=5e-3)
    # the law's small-p form sigma^2 (p/tau)^2 / (pi L)
    small = of.offset_law(0.5, 1.0, 1.0, 0.01)
    assert small["floor"] == pytest.approx(small["small_p_floor"], rel=1e-3)


def test_penalty_is_exact_for_soft_bounds_and_general():
    ps = th.parameter_symbols("soft-bounds")
    assert sp.simplify(pe.penalty("soft-bounds") - (th.w - ps["sym_point"]) ** 2 / (2 * ps["tau"])) == 0
    for family in ("ideal", "soft-bounds", "soft-bounds-updown", "linear-step"):
        assert pe.update_identity(family) == 0, family
    phi, closed = pe.penalty("soft-bounds-updown"), pe.updown_penalty_closed_form()
    q = th.parameter_symbols("soft-bounds-updown")
    assert sp.simplify(sp.diff(phi - closed, th.w)) == 0
    F, G = th.FG("soft-bounds-updown")
    assert sp.simplify(sp.diff(closed, th.w) - G / F) == 0
    assert sp.simplify(closed.subs(th.w, q["up_down"] * q["tau"])) == 0                  # 0 at the symmetric point
    assert sp.simplify(sp.limit(closed, q["up_down"], 0) - th.w**2 / (2 * q["tau"])) == 0  # soft bounds as c -> 0
    f = sp.lambdify(th.w, (phi - closed).subs({q["tau"]: 1.3, q["up_down"]: 0.2}), "numpy")
    assert np.abs(np.asarray(f(np.linspace(-1.2, 1.2, 7).astype(complex)))).max() < 1e-12


def test_penalised_point_is_the_lower_bound_root_for_soft_bounds():
    for sigma, w_star in ((0.5, 0.5), (2.0, -0.3)):
        assert pe.penalised_stationary_point(SoftBounds(1.0), sigma, 1.0, w_star) == pytest.approx(
            float(th.stationary_point(sigma, 1.0, 1.0, w_star)), abs=1e-9)


# ----------------------------------------------------------------------------- simulation
@pytest.fixture(scope="module")
def offsets():
    return bt.offset_check()


def test_tiki_taka_offset_matches_the_mean_field(offsets):
    """Simulated E W - w* (16 runs x 16 replicas, alpha = beta in {0.04 .. 0.005}, p in {0, 0.2, -0.3})."""
    assert _agrees(offsets["offset"], offsets["offset_se"], offsets["mf_offset"])
    assert np.all(np.sign(offsets["offset"][:, 1:]) == np.sign(offsets["p"][1:]))   # sign of p (AIHWKIT convention)


def test_tiki_taka_floor_with_p_does_not_vanish(offsets):
    """p = 0: the floor falls about in proportion to alpha. p != 0: it tends to the law, not to 0."""
    floor, se, law = offsets["floor"], offsets["floor_se"], offsets["law_floor"]
    ratio = floor[-1] / floor[0]                                    # alpha 0.005 vs 0.04
    assert ratio[0] < 0.25                                          # p = 0: ~ 1/8
    assert np.all(ratio[1:] > 0.5)
    assert np.all(floor[:, 1:] > 0.9 * law[1:] - Z * se[:, 1:])     # never below the law (the offset stays)
    # the offset approaches the law's offset monotonically as alpha shrinks (from below for p > 0, where
    # E|P| w* / tau^2 opposes p, from above for p < 0)
    gap = np.abs(offsets["offset"][:, 1:] - offsets["law_offset"][1:])
    assert np.all(np.diff(gap, axis=0) < Z * np.hypot(offsets["offset_se"][1:, 1:], offsets["offset_se"][:-1, 1:]))
    assert np.all(gap[-1] < 0.5 * gap[0])


def test_residual_learning():
    """gamma > 0: the query point's offset and E P follow the mean field; gamma does not remove the offset of a
    non-zero p; without noise (W, P) -> (w*, 0) for every p, and gamma > 0 damps the approach to exactness."""
    r = bt.residual_check()
    assert _agrees(r["x_offset"], r["x_offset_se"], r["mf_x_offset"])
    assert _agrees(r["P"], r["P_se"], r["mf_P"])
    assert np.all(r["x_offset"][:, 1] > 0.06)                       # p = 0.2: the offset stays at every gamma
    assert np.all(r["noise_free_W_error"][1] < 1e-9)                # gamma = 0.4: exact
    assert np.all(r["noise_free_W_error"][0] < 0.01)                # gamma = 0: converging (slowly)


def test_analog_sgd_stops_at_the_penalised_critical_point():
    r = bt.penalty_check()
    assert np.all(np.abs(r["simulated"] - r["predicted"]) <= Z * r["se"])
    assert r["predicted"][1] == pytest.approx(r["soft_bounds_exact"], abs=1e-9)
    assert np.all(np.diff(r["simulated"]) > 0)                      # the symmetric point c tau drags W along


def test_the_written_out_mean_field_equals_sympys_solution():
    """offsets._W_bar/_P_bar (NumPy, no sympy at a dashboard's build) against sympy's solve of (P) and (W)."""
    args = (of.L, of.tau, of.w_star, of.p, of.gamma, of.Mg, of.N)
    rng = np.random.default_rng(7)
    values = (rng.uniform(0.2, 3, 50), rng.uniform(0.3, 2, 50), rng.uniform(-1, 1, 50), rng.uniform(-0.3, 0.3, 50),
              rng.uniform(0, 1, 50), rng.uniform(0.01, 2, 50), rng.uniform(0, 1, 50))
    W_f, P_f = of._mean_field_numeric()
    for key, mine in (("W_bar", W_f), ("P_bar", P_f)):
        reference = sp.lambdify(args, of.mean_field()[key], modules="numpy")(*values)
        np.testing.assert_allclose(mine(*values), reference, rtol=1e-12, atol=1e-15)
