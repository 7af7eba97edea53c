"""aimc_edu.theory: every derived result against numbers and long simulations.

Tolerances: Z = 4 standard errors (over independent runs; each run is first averaged over
late, well-separated time points, so autocorrelation only inflates the per-run variance and
the SE over runs stays valid) plus, where a formula is an expansion, a documented bound on
the neglected terms.
"""

import numpy as np
import pytest
import sympy as sp
from conftest import Z

from aimc_edu import (AnalogSGD, DigitalSGD, ExpStep, Ideal, LinearStep, PowStep, Quadratic, SoftBounds,
                      TikiTaka, simulate)
from aimc_edu import theory as th
from aimc_edu.numerics import digital_floor
from aimc_edu.theory import bounds, lower_bound, tiki_taka


def _stationary(trace, w_star, L):
    """Per-run time averages of w and of L/2 (w - w*)^2 from the stored snapshots -> means and SEs over runs."""
    W = np.stack(list(trace.weights.values()), axis=-1)           # (*grid, runs, d, n)
    runs = W.shape[-3]
    w_run = W.mean(-1)
    f_run = (0.5 * np.reshape(L, (-1, 1)) * (W - w_star[:, None]) ** 2).mean(-1)
    se = lambda x: x.std(-2, ddof=1) / np.sqrt(runs)
    return w_run.mean(-2), se(w_run), f_run.mean(-2), se(f_run), W


# ---- 1. F, G, symmetric point --------------------------------------------------------------

DEVICES_UNDER_TEST = [Ideal(), SoftBounds(tau=1.3, sym_point=0.2), LinearStep(0.15, 0.4, -0.7, 0.9),
                      PowStep(0.6, 1.7, -0.5, 0.8), PowStep(1.3, 1.3, -0.4, 1.0), ExpStep(),
                      ExpStep(A_up=0.05, A_down=0.2, gamma_up=3.0, gamma_down=4.0, a=0.5, b=0.1)]


@pytest.mark.parametrize("device", DEVICES_UNDER_TEST, ids=lambda d: d.name)
def test_symbolic_F_G_match_devices_on_a_grid(device):
    lo, hi = (max(device.bounds[0], -2.0), min(device.bounds[1], 2.0))
    grid = np.linspace(lo, hi, 201)
    F, G = th.numeric_FG(device)
    np.testing.assert_allclose(np.broadcast_to(F(grid), grid.shape), device.F(grid), atol=1e-12)
    np.testing.assert_allclose(np.broadcast_to(G(grid), grid.shape), device.G(grid), atol=1e-12)
    ws = th.symmetric_point_numeric(device)
    assert ws == pytest.approx(float(device.symmetric_point), abs=1e-9)
    if device.name != "ideal":
        assert abs(float(device.G(np.array(ws)))) < 1e-9


def test_symmetric_points_in_closed_form():
    from aimc_edu.theory.devices import parameter_symbols, pow_step_equal_gamma_point
    assert th.symmetric_point("soft-bounds") == parameter_symbols("soft-bounds")["sym_point"]
    assert th.symmetric_point("linear-step") == 0
    assert th.symmetric_point("pow-step") is None                     # numeric only, in general
    p = parameter_symbols("pow-step")
    assert sp.simplify(pow_step_equal_gamma_point() - (p["w_min"] + p["w_max"]) / 2) == 0


@pytest.mark.parametrize("family", ["ideal", "soft-bounds", "linear-step", "pow-step", "exp-step"])
def test_symbolic_analog_update_equals_the_numpy_update(family):
    """The one sympy expression w + dw F(w) - |dw| G(w) against Device.update, for every family."""
    from aimc_edu import device_from_range
    device = device_from_range(family, 0.8)
    p = th.parameter_symbols(family)
    f = sp.lambdify((th.w, th.dw), th.analog_update_expr(family).subs({p[k]: float(getattr(device, k)) for k in p}),
                    modules="numpy")
    rng = np.random.default_rng(1)
    w, dw = rng.uniform(-0.5, 0.5, 200), rng.uniform(-0.2, 0.2, 200)
    np.testing.assert_allclose(np.broadcast_to(f(w, dw), w.shape), device.update(w, dw), rtol=1e-12, atol=1e-14)


# ---- 2. soft-bounds invariant ---------------------------------------------------------------

def test_soft_bounds_invariant_certificates():
    cases = th.soft_bounds_invariant()
    assert len(cases) == 4
    for case in cases:
        assert case["identity"] == 0 and case["nonnegative"], case
    rng = np.random.default_rng(0)
    tau = rng.uniform(0.1, 3.0, 10_000)
    w = tau * rng.uniform(-1, 1, tau.shape)
    dw = tau * rng.uniform(-1, 1, tau.shape)
    assert np.all(np.abs(SoftBounds(tau=tau).update(w[:, None], dw[:, None]))[:, 0] <= tau * (1 + 1e-12))


# ---- 3. digital SGD -------------------------------------------------------------------------

def test_digital_floor_on_quadratic_matches_ar1_closed_form():
    """Exact AR(1) floor alpha sigma^2 / (2 (2 - alpha L)) per coordinate, 4 SE (no approximation)."""
    L = np.array([0.5, 1.0, 2.0]); w_star = np.array([0.3, -0.5, 1.0]); sigma = 0.7
    lrs = [0.05, 0.2, 0.6]; runs, burn, gap, n = 200, 1500, 40, 50
    steps = burn + gap * n
    tr = simulate(Quadratic(3, L, w_star), lambda lr: DigitalSGD(lr), steps, runs=runs, seed=3, sigma=sigma,
                  grid={"lr": lrs}, record_every=steps, weights_at=range(burn + gap, steps + 1, gap))
    _, _, f, f_se, _ = _stationary(tr, w_star, L)
    floor = sp.lambdify((th.alpha, th.sigma, th.L), th.digital_quadratic_floor()["loss_gap"])
    pred = floor(np.array(lrs)[:, None], sigma, L[None, :])
    z = (f - pred) / f_se
    print("digital floor sim", f.round(5), "theory", pred.round(5), "z", z.round(2))
    assert np.all(np.abs(z) < Z)


def test_descent_lemma_bounds_hold_in_simulation():
    """(1/K) sum E||grad f||^2 <= bound, for digital SGD at alpha* and Analog SGD with measured W_max, S_K."""
    d, K, sigma = 10, 2000, 0.3
    L = np.linspace(0.2, 1.0, d); w_star = np.linspace(-0.4, 0.4, d)
    prob = Quadratic(d, L, w_star)
    delta = float(prob.loss_gap(np.zeros((1, d)))[0]); Lmax = prob.smoothness; s2 = d * sigma**2
    dig = th.digital_sgd_bound()
    a_opt = min(float(dig["alpha_opt"].subs({th.Delta: delta, th.L: Lmax, th.sigma: np.sqrt(s2), th.K: K})), 1 / Lmax)
    tr = simulate(prob, DigitalSGD(a_opt), K, runs=64, seed=4, sigma=sigma)
    avg = tr.grad_norm_sq[..., :K].mean(-1)
    bound = bounds.digital_bound_value(delta, Lmax, np.sqrt(s2), a_opt, K)
    print("digital: avg", avg.mean(), "bound", bound)
    assert avg.mean() - Z * avg.std(ddof=1) / np.sqrt(avg.size) <= bound

    tau, alpha = 1.0, 0.05
    tr = simulate(prob, AnalogSGD(alpha, SoftBounds(tau)), K, runs=64, seed=5, sigma=sigma)
    rho = float(tr.saturation.max())
    S = float((tr.saturation[..., :K] ** 2).mean())
    avg = tr.grad_norm_sq[..., :K].mean(-1)
    bound = bounds.analog_bound_value(delta, Lmax, np.sqrt(s2), alpha, K, rho, S)
    print("analog: avg", avg.mean(), "bound", bound, "rho", rho, "S_K", S)
    assert avg.mean() - Z * avg.std(ddof=1) / np.sqrt(avg.size) <= bound


def test_rates_and_constants():
    dig, an = th.digital_sgd_bound(), th.analog_sgd_bound()
    assert sp.simplify(dig["constant"] - 2 * sp.sqrt(2)) == 0
    assert dig["floor"] == th.L * th.alpha * th.sigma**2
    assert an["first_order"]["identity"] == 0 and an["first_order"]["certificate_nonnegative"]
    # rho = 0 (no saturation) leaves an O(sqrt(sigma^2 L Delta / K)) rate and no floor
    assert an["asymptotic_error"].subs(bounds.S_K, 0) == 0


# ---- 5. the lower-bound instance -------------------------------------------------------------

def test_folded_normal_moments_by_monte_carlo():
    rng = np.random.default_rng(6)
    mom = lower_bound.folded_normal_moments()
    f_abs = sp.lambdify((th.m, th.sigma), mom["E|g|"]); f_gabs = sp.lambdify((th.m, th.sigma), mom["E[g|g|]"])
    for mean, s in [(0.0, 1.0), (0.7, 0.5), (-1.3, 2.0), (3.0, 0.4)]:
        g = mean + s * rng.standard_normal(400_000)
        for est, exact in ((np.abs(g), f_abs(mean, s)), (g * np.abs(g), f_gabs(mean, s))):
            assert abs(est.mean() - exact) < Z * est.std() / np.sqrt(g.size)
        assert lower_bound._M(mean, s) == pytest.approx(f_abs(mean, s), rel=1e-12)


def test_floor_correction_next_order():
    """Error 5: the leading-order floor sigma^2 x*^2/(pi L (1+kappa)^2), x* = w*/tau, always underestimates the exact
    root's; sympy finds the next order, floor = leading (1 + (2/pi) x*^2/(1+kappa)^3 + O(x*^4))."""
    corr = lower_bound.floor_correction()
    k, xs = th.kappa, lower_bound.x_star
    assert sp.simplify(corr["a1"] - 1 / (1 + k)) == 0
    assert sp.simplify(corr["a3"] + k / (sp.pi * (1 + k) ** 4)) == 0
    assert sp.simplify(corr["relative_correction"] - 2 * xs**2 / (sp.pi * (1 + k) ** 3)) == 0
    x = np.array([0.05, 0.1, 0.2, 0.4, 0.8])
    for sigma in (0.1, 1.0):
        r = lower_bound.analog_floor_orders(sigma, 1.0, 1.0, x)
        lead, corrected = r["leading"] / r["exact"] - 1, r["corrected"] / r["exact"] - 1
        assert np.all(lead < 0) and np.all(np.abs(corrected) < np.abs(lead))      # always an underestimate
        predicted = -2 / np.pi * x**2 / (1 + r["kappa"]) ** 3
        assert np.allclose(lead[:2], predicted[:2], rtol=0.05)                   # the first-order term, at small x*
        ratio = corrected[1:3] / corrected[0:2]                                  # the rest is O(x*^4): x2 -> x16
        assert np.all((ratio > 12) & (ratio < 20)), ratio
    r = lower_bound.analog_floor_orders(0.1, 1.0, 1.0, np.array([0.4, 0.8]))
    assert np.allclose(1 - r["leading"] / r["exact"], [0.082, 0.339], atol=0.002)  # the numbers notebook 05 quotes


def test_floor_orders_against_simulation():
    """The simulated bias part L/2 (E w - w*)^2 (64 seeds from the stationary law, alpha = 0.02) agrees with the
    exact root within 4 s.e. plus the O(alpha) mean shift, and rejects the leading order from x* = 0.5 on."""
    from aimc_edu.experiments.theory_checks import floor_orders_check
    r = floor_orders_check()
    assert np.all(np.abs(r["simulated"] - r["exact"]) < Z * r["se"] + r["allowance"])
    far = r["x_star"] >= 0.5
    assert np.all((np.abs(r["simulated"] - r["leading"]) > Z * r["se"] + r["allowance"])[far])


def test_small_saturation_limit():
    r = th.small_saturation_root()
    assert sp.simplify(r["ratio_limit"] - 1 / (sp.pi * th.L)) == 0
    # the numeric root approaches w*/(1 + kappa) with a relative error O((w*/tau)^2)
    wb = sp.lambdify((th.sigma, th.tau, th.L, th.w_star), r["w_bar"])
    for sat in (0.1, 0.03, 0.01):
        exact = lower_bound.stationary_point(1.0, 2.0, 1.5, sat * 2.0)
        assert abs(exact / wb(1.0, 2.0, 1.5, sat * 2.0) - 1) < 2 * sat**2
    # stationary_condition holds at the numeric root
    h = sp.lambdify((th.w, th.sigma, th.tau, th.L, th.w_star), th.analog_drift(), modules=["mpmath"])
    for args in [(1.0, 1.0, 1.0, 0.5), (0.3, 0.5, 2.0, 0.45), (2.0, 1.5, 0.7, -1.2)]:
        assert abs(float(h(float(lower_bound.stationary_point(*args)), *args))) < 1e-10


def test_analog_stationary_mean_and_floor_against_long_runs():
    """Several (sigma, tau, w*) at once, including saturated ones (w*/tau up to 1.6).

    The O(alpha) prediction (mean = w_bar - h'' Var / (2 h'), Var = alpha v / (h'(2 - alpha h'))) neglects
    O(alpha^2) terms; we allow alpha h' times the O(alpha) part on top of 4 SE (alpha h' <= 0.05 here).
    The small-lr root w_bar itself is allowed its O(alpha) correction on top of that.
    """
    L, alpha, runs = 1.0, 0.02, 200
    w_star = np.array([-0.2, 0.1, 0.4, 0.8]); sig = [0.5, 2.0]; taus = [0.5, 1.0, 2.0]
    burn, gap, n = 1500, 100, 40
    steps = burn + gap * n
    tr = simulate(Quadratic(4, L, w_star), lambda tau: AnalogSGD(alpha, SoftBounds(tau)), steps, runs=runs,
                  seed=7, grid={"sigma": sig, "tau": taus}, record_every=steps,
                  weights_at=range(burn + gap, steps + 1, gap))
    w_mean, w_se, f_mean, f_se, _ = _stationary(tr, w_star, L)
    S, T = np.meshgrid(sig, taus, indexing="ij")
    p = th.analog_stationary_moments(S[..., None], T[..., None], L, w_star, alpha)
    slack = alpha * p["h1"]
    tol_mean = Z * w_se + slack * np.abs(p["mean_correction"])
    assert np.all(np.abs(w_mean - p["mean"]) < tol_mean)
    assert np.all(np.abs(w_mean - p["w_bar"]) < tol_mean + np.abs(p["mean_correction"]))
    order_alpha = 0.5 * L * p["var"] + np.abs(L * (p["w_bar"] - w_star) * p["mean_correction"])
    assert np.all(np.abs(f_mean - p["loss_gap"]) < Z * f_se + slack * order_alpha)
    print("z(mean)", ((w_mean - p["mean"]) / w_se).round(2), "\nz(floor)", ((f_mean - p["loss_gap"]) / f_se).round(2))
    # the floor is real: the stationary mean sits significantly away from w* (bias L/2 (E w - w*)^2 > 0),
    # and where |w*|/tau >= 0.4 the floor is well above digital SGD's alpha sigma^2/(2(2 - alpha L))
    assert np.all(np.abs(w_mean - w_star) > Z * w_se)
    digital = digital_floor(alpha, S[..., None] ** 2, L)
    saturated = (np.abs(w_star) / T[..., None] >= 0.4) & (S[..., None] < 1)
    assert np.all((f_mean > 1.5 * digital)[saturated])


def test_analog_floor_does_not_shrink_with_alpha():
    """Halving alpha twice leaves the floor's bias part; digital SGD's floor halves each time."""
    L, w_star, tau, sigma = 1.0, np.array([0.5]), 1.0, 1.0
    p = [th.analog_stationary_moments(sigma, tau, L, w_star, a) for a in (0.04, 0.02, 0.01)]
    bias = [0.5 * L * (q["mean"] - w_star) ** 2 for q in p]
    assert np.allclose(bias, th.analog_floor(sigma, tau, L, w_star)["loss_gap"], rtol=0.02)


# ---- 6. Tiki-Taka -------------------------------------------------------------------------

def test_tiki_taka_linear_stability_matches_eigenvalues():
    md = th.mean_dynamics()
    assert sp.simplify(md["fixed_point"][tiki_taka.e] + tiki_taka.eta_P * tiki_taka.eta_W * th.w_star
                       / (th.L + tiki_taka.eta_P * tiki_taka.eta_W)) == 0
    assert md["noiseless_det"] == 1
    syms = (th.alpha, th.beta, th.L, tiki_taka.eta_P, tiki_taka.eta_W)
    J = sp.lambdify(syms, md["jacobian"]); p1 = sp.lambdify(syms, md["jury"]["p(1)"])
    pm1 = sp.lambdify(syms, md["jury"]["p(-1)"]); det = sp.lambdify(syms, md["jury"]["det"])
    rng = np.random.default_rng(8)
    for _ in range(2000):
        args = tuple(rng.uniform(0.01, 3.0, 5))
        stable = np.max(np.abs(np.linalg.eigvals(np.array(J(*args), dtype=float)))) < 1
        jury = p1(*args) > 0 and pm1(*args) > 0 and abs(det(*args)) < 1
        assert stable == jury


def test_tiki_taka_stationary_mean_against_long_runs():
    """Error 6: what tiki_taka_stationary_point returns -- the offset W_bar - w*, E P and E|P| -- against long runs,
    including strongly saturated optima (w*/tau up to 0.8), at alpha = beta = 0.01 (the setting of the issue).

    Tolerance: 4 s.e. plus 5% of the value (the mean field's accuracy here: at most 2% measured). Its only dropped
    term, Cov(|P|, W) in E P = (E|P| E W + Cov(|P|, W)) / tau, is checked to be below 2% of E|P| E W. It no longer
    returns Var W or the floor, which it got up to 57% wrong at w*/tau = 0.8 (the |P|-W gain, see its docstring).
    """
    L, alpha, runs, sigma = 1.0, 0.01, 200, 1.0
    w_star = np.array([0.0, 0.1, 0.5, 0.8])
    burn, gap, n = 4000, 100, 40
    steps = burn + gap * n
    tr = simulate(Quadratic(4, L, w_star), TikiTaka(alpha, alpha, SoftBounds(1.0)), steps, runs=runs, seed=9,
                  sigma=sigma, record_every=steps, weights_at=range(burn + gap, steps + 1, gap))
    W = np.stack([tr.weights[k] for k in sorted(tr.weights)], -1)                # (runs, d, n)
    P = np.stack([tr.fast_weights[k] for k in sorted(tr.fast_weights)], -1)
    p = th.tiki_taka_stationary_point(sigma, 1.0, L, w_star, alpha, alpha)
    assert set(p) == {"W_bar", "offset", "mean_P", "abs_P"}
    for sim, pred in ((W.mean(-1) - w_star, p["offset"]), (P.mean(-1), p["mean_P"]), (np.abs(P).mean(-1), p["abs_P"])):
        mean, se = sim.mean(0), sim.std(0, ddof=1) / np.sqrt(runs)
        print("sim", mean.round(5), "pred", np.round(pred, 5), "z", ((mean - pred) / se).round(2))
        assert np.all(np.abs(mean - pred) < Z * se + 0.05 * np.abs(pred))
    cov = ((np.abs(P) - np.abs(P).mean((0, 2), keepdims=True)) * (W - W.mean((0, 2), keepdims=True))).mean((0, 2))
    product = np.abs(P).mean((0, 2)) * W.mean((0, 2))
    assert np.all(np.abs(cov[1:]) < 0.02 * np.abs(product[1:]))
    # the offset is real at finite beta, grows with the saturation, and is far below Analog SGD's
    off = W.mean(-1).mean(0) - w_star
    analog = th.analog_floor(sigma, 1.0, L, w_star)["w_bar"] - w_star
    assert np.all(np.abs(off[1:]) < 0.5 * np.abs(analog[1:])) and np.all(np.diff(np.abs(off)) > 0)


def test_tiki_taka_offset_vanishes_as_beta_to_zero():
    off = [abs(float(th.tiki_taka_stationary_point(1.0, 1.0, 1.0, 0.5, 0.01, b)["offset"])) for b in (1e-2, 1e-4, 1e-6)]
    assert off[0] > off[1] > off[2] and off[2] < 1e-3
    assert off[0] / off[1] == pytest.approx(10, rel=0.2)            # offset ~ sqrt(beta)
    V = tiki_taka.fast_array_second_moment()
    assert sp.limit(V / th.beta, th.beta, 0) == sp.sqrt(sp.pi) * th.sigma * th.tau / (2 * sp.sqrt(2))


# ---- 7. Table 1 and input checks ----------------------------------------------------------

def test_table1_latex():
    tex = th.table1_latex()
    for row in ("Digital SGD", "Analog SGD", "Tiki-Taka", "Lower bound"):
        assert row in tex
    assert tex.startswith(r"\begin{tabular}") and tex.count(r"\\") == 5


@pytest.mark.parametrize("call, name", [
    (lambda: th.stationary_point(-1.0, 1.0, 1.0, 0.5), "sigma"),
    (lambda: th.stationary_point(1.0, 0.0, 1.0, 0.5), "tau"),
    (lambda: th.analog_stationary_moments(1.0, 1.0, 1.0, 0.5, -0.1), "alpha"),
    (lambda: th.tiki_taka_stationary_point(1.0, 1.0, 1.0, 0.5, 0.1, 0.0), "beta"),
    (lambda: th.tiki_taka_stationary_point(1.0, 1.0, 1.0, 0.5, 0.1, 5.0), "beta"),
    (lambda: th.analog_stationary_moments(2.0, 0.2, 3.0, 1.0, 0.2), "alpha"),
    (lambda: th.response_factors("memristor"), "family"),
    (lambda: bounds.digital_bound_value(1.0, 1.0, 1.0, 2.0, 10), "alpha"),
    (lambda: bounds.analog_bound_value(1.0, 1.0, 1.0, 0.01, 10, 1.5, 0.1), "rho"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()
