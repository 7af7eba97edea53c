"""Every plotted floor is stationary (issue 10, error 2).

The floors of the dashboards of notebooks 02 and 04 come from runs started in the stationary regime
(:mod:`aimc_edu.experiments.stationary`). Checked here, with Z = 4 standard errors over seeds:

* digital SGD's floor falls monotonically with alpha at every sigma^2 on every dashboard grid and matches
  sum_i alpha sigma^2 / (2 (2 - alpha lambda_i)) (its start is exact, so any window is unbiased);
* no floor drifts between the two halves of its averaging window;
* at the slowest settings the warm-started floors agree with long runs started from W_0 = 0;
* the old fixed-length runs from W_0 = 0 were not stationary (the test that would have caught error 2).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import Z

from aimc_edu import AnalogSGD, DigitalSGD, SoftBounds, TikiTaka, fig3_problem, simulate
from aimc_edu.experiments import toy
from aimc_edu.experiments.stationary import FromState, stationary_floors
from aimc_edu.numerics import digital_floor
from aimc_edu.theory import stationary as law


@pytest.fixture(scope="module")
def grids():
    # the same calls as the dashboards (lru_cache: built once per test session)
    return {"02": toy.analog_sgd_grid(2500, 8, 0), "04": toy.tiki_taka_grid(toy.TT_STEPS, 8, 0)}


@pytest.mark.parametrize("board", ["02", "04"])
def test_digital_floor_falls_with_alpha_and_matches_the_closed_form(grids, board):
    d = grids[board]["floors"]["digital-sgd"]                               # (sigma2, lr)
    lam = fig3_problem().curvatures
    exact = digital_floor(d.along("lr"), d.along("sigma2")[:, None], lam)
    z = (d["floor"] - exact) / d["se"]
    assert np.all(np.abs(z) < Z), z
    assert np.all(d["floor"][:, :-1] + Z * np.hypot(d["se"][:, :-1], d["se"][:, 1:]) < d["floor"][:, 1:])


@pytest.mark.parametrize("board, name", [("02", "digital-sgd"), ("02", "analog-sgd"), ("04", "digital-sgd"),
                                         ("04", "analog-sgd"), ("04", "tiki-taka")])
def test_no_floor_drifts_within_its_window(grids, board, name):
    """Second half minus first half of each run's window, z = mean / s.e. over the 8 seeds of a grid point.

    With 8 seeds z is Student-t with 7 degrees of freedom (variance 7/5). A floor still relaxing drifts the
    same way at many grid points, so the mean of z over the N points must be 0 within Z sqrt(7/5/N); a single
    point must stay below |z| = 10 (probability about 2e-5 per point for t_7)."""
    f = grids[board]["floors"][name]
    z = np.ravel(f["drift"] / f["drift_se"])
    assert abs(z.mean()) < Z * np.sqrt(1.4 / z.size), (name, z.mean())
    assert np.abs(z).max() < 10, (name, np.round(z, 1))


def test_the_steps_scale_with_one_over_alpha(grids):
    for board, key in (("02", "STATIONARY"), ("04", "TT_STATIONARY")):
        f = grids[board]["floors"]["analog-sgd"]
        lr = f.along("lr")
        T = sum(getattr(toy, key).values())
        assert np.all(f["steps"][0, 0] >= T / lr) and np.all(f["steps"][0, 0] <= 1.1 * T / lr + 50)


def test_fixed_length_runs_from_zero_were_not_stationary():
    """The old dashboards ran 2500 steps from W_0 = 0 for every alpha: at alpha = 0.01, sigma^2 = 1e-3 the slowest
    mode (lambda_min = 0.036) has not relaxed and the 'floor' sits far above the stationary value."""
    p = fig3_problem()
    tr = simulate(p, DigitalSGD(0.01), 2500, runs=8, sigma=np.sqrt(1e-3), record_every=25)
    old, se = tr.asymptotic_error(last=20)
    assert old > 2 * float(digital_floor(0.01, 1e-3, p.curvatures)) + Z * se


@pytest.mark.slow
@pytest.mark.parametrize("kind, tau, sigma2, lr, t_burn", [("analog-sgd", 3.0, 1e-3, 0.01, 200.0),
                                                           ("tiki-taka", 2.0, 1e-2, 0.01, 120.0)])
def test_warm_started_floor_agrees_with_a_long_cold_run(kind, tau, sigma2, lr, t_burn):
    """The slowest settings of the grids: a run from W_0 = 0 for t_burn / alpha steps, then averaged over 40 / alpha
    steps, against the warm-started floor (independent seeds): equal within Z combined standard errors."""
    p = fig3_problem()
    warm = stationary_floors(p, kind, {"tau": [tau], "sigma2": [sigma2], "lr": [lr]}, burn=5.0, window=40.0,
                             runs=16, seed=11)
    make = AnalogSGD(lr, SoftBounds(tau)) if kind == "analog-sgd" else TikiTaka(lr, lr, SoftBounds(tau))
    steps = int((t_burn + 40.0) / lr)
    cold = simulate(p, make, steps, runs=16, seed=12, sigma=np.sqrt(sigma2), record_every=100)
    late = cold.loss_gap[:, cold.steps >= t_burn / lr].mean(-1)
    c_mean, c_se = late.mean(), late.std(ddof=1) / np.sqrt(len(late))
    w_mean, w_se = float(warm["floor"][0, 0, 0]), float(warm["se"][0, 0, 0])
    assert abs(c_mean - w_mean) < Z * np.hypot(c_se, w_se), (c_mean, w_mean, c_se, w_se)


# ---------------------------------------------------------------- the machinery
def test_stationary_laws():
    p = fig3_problem()
    H, w_star = p.hessian, p.minimizer
    mean, cov = law.digital_law(H, w_star, np.array([0.01, 0.1]), 0.3)
    assert np.allclose(0.5 * np.einsum("ij,...ji->...", H, cov), digital_floor(np.array([0.01, 0.1]), 0.09, p.curvatures))
    A, Q = np.array([[0.9, 0.2], [-0.1, 0.8]]), np.array([[1.0, 0.3], [0.3, 2.0]])
    S = law.discrete_lyapunov(A, Q)
    assert np.allclose(S, A @ S @ A.T + Q)
    with pytest.raises(ValueError, match="not stable"):
        law.discrete_lyapunov(np.eye(2) * 1.01, Q)
    W = law.penalised_minimiser(H, w_star, np.array([0.1, 1.0]), 1.5)
    from aimc_edu.numerics import folded_normal_mean
    m = (W - w_star) @ H
    assert np.abs(m + folded_normal_mean(m, np.array([[0.1], [1.0]])) * W / 1.5).max() < 1e-10
    from aimc_edu.theory import stationary_point
    one = law.penalised_minimiser(np.eye(1), np.array([0.7]), 0.5, 0.8)
    assert one[0] == pytest.approx(float(stationary_point(0.5, 0.8, 1.0, 0.7)), abs=1e-10)
    assert np.allclose(law.penalised_minimiser(H, w_star, 0.0, 1.0), w_star, atol=1e-8)   # sigma = 0, inside


def test_lyapunov_by_kronecker_equals_the_doubling_reference():
    """The direct (Kronecker) solve that ``method="auto"`` takes for n <= 6 against the doubling sum S = sum_k A^k Q A^kT
    (the reference, and what "auto" takes for larger n), on random stable A with spectral radius 0.97."""
    rng = np.random.default_rng(3)
    for n in (1, 2, 3, 6, 8):
        A = rng.standard_normal((4, n, n))
        A *= 0.97 / np.abs(np.linalg.eigvals(A)).max(-1)[:, None, None]
        B = rng.standard_normal((4, n, n))
        Q = B @ np.swapaxes(B, -1, -2)
        S = {m: law.discrete_lyapunov(A, Q, method=m) for m in ("kronecker", "doubling", "auto")}
        scale = np.abs(S["doubling"]).max()
        for m, Sm in S.items():
            assert np.abs(Sm - (A @ Sm @ np.swapaxes(A, -1, -2) + Q)).max() < 1e-10 * scale, (n, m)
        assert np.abs(S["kronecker"] - S["doubling"]).max() < 1e-10 * scale, n
        assert np.array_equal(S["auto"], S["kronecker" if n <= 6 else "doubling"])
    for method in ("kronecker", "doubling"):
        with pytest.raises(ValueError, match="not stable"):
            law.discrete_lyapunov(np.array([[0.5, 0.0], [0.0, -1.0]]), np.eye(2), method=method)
    with pytest.raises(ValueError, match="method"):
        law.discrete_lyapunov(np.eye(2) * 0.5, np.eye(2), method="schur")


def test_penalised_minimiser_converges_quadratically():
    """Newton with the exact Jacobian dh_i/dW_j: six iterations reach round-off on every (sigma, tau) of notebook 02."""
    p = fig3_problem()
    from aimc_edu.numerics import folded_normal_mean
    sig, tau = np.sqrt(np.array([1e-3, 1e-2, 1e-1, 1.0]))[:, None], np.array(toy.ANALOG_GRID["tau"])
    W = law.penalised_minimiser(p.hessian, p.minimizer, sig, tau, iters=6)
    m = (W - p.minimizer) @ p.hessian
    assert np.abs(m + folded_normal_mean(m, sig[..., None]) * W / tau[:, None]).max() < 1e-13


def test_from_state_and_bad_input():
    alg = DigitalSGD(0.1)
    with pytest.raises(ValueError, match="state has shape"):
        FromState(alg, alg.init(np.ones((2, 3)))).init(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="sigma2.. must be > 0"):
        stationary_floors(fig3_problem(), "digital-sgd", {"sigma2": [0.0], "lr": [0.1]}, burn=1, window=1)
    with pytest.raises(ValueError, match="grid takes"):
        stationary_floors(fig3_problem(), "digital-sgd", {"sigma2": [0.1], "lr": [0.1], "gamma": [1]}, burn=1, window=1)
    with pytest.raises(ValueError, match="kind"):
        stationary_floors(fig3_problem(), "adam", {"sigma2": [0.1], "lr": [0.1]}, burn=1, window=1)


def test_tiki_taka_crosses_below_analog_sgd_at_tau_2_on_the_grid(grids):
    """Notebook 04 at tau = 2 (issue 11): Tiki-Taka's floor falls in proportion to alpha while Analog SGD's keeps
    the bias of its implicit penalty, so Tiki-Taka starts above Analog SGD at the largest alpha of TT_GRID and ends
    below it at the smallest, at every sigma^2: the +-2 s.e. bands (8 seeds per point) apart at both ends."""
    f, lrs = grids["04"]["floors"], np.asarray(toy.TT_GRID["lr"])
    assert np.all(np.diff(lrs) > 0)
    for s2 in toy.TT_GRID["sigma2"]:
        tt, an = (f[name].sel(tau=2.0, sigma2=s2) for name in ("tiki-taka", "analog-sgd"))
        below = tt["floor"] + 2 * tt["se"] < an["floor"] - 2 * an["se"]
        above = tt["floor"] - 2 * tt["se"] > an["floor"] + 2 * an["se"]
        assert below[0] and above[-1], (s2, tt["floor"], tt["se"], an["floor"], an["se"])


@pytest.mark.parametrize("notebook, key", [("02_analog_sgd", "STATIONARY"), ("04_tiki_taka", "TT_STATIONARY")])
def test_the_notebooks_state_the_burn_in_and_window_they_use(notebook, key):
    import json
    import pathlib

    cells = json.loads((pathlib.Path(__file__).resolve().parents[1] / "notebooks" / f"{notebook}.ipynb").read_text())
    text = "".join("".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "markdown")
    burn, window = (getattr(toy, key)[k] for k in ("burn", "window"))
    text = " ".join(text.split())
    assert f"for ${burn:g}/\\alpha$ steps and" in text and f"averaged over the next ${window:g}/\\alpha$" in text
