"""Problems, algorithms and the simulation engine, against exact hand computations."""

import numpy as np
import pytest

from aimc_edu import (AnalogSGD, DigitalSGD, Quadratic, SoftBounds, TikiTaka, fig1_problem, fig3_problem,
                      fig4_sigma_problem, simulate)
from aimc_edu.problems import LeastSquares

from conftest import Z


@pytest.mark.parametrize("make, d, scale", [(fig1_problem, 40, 1.0), (fig3_problem, 40, 0.5),
                                            (fig4_sigma_problem, 50, 0.5)])
def test_least_squares_matches_its_definition(make, d, scale):
    p = make()
    n = p.A.shape[0]
    assert (n, p.dim) == (100, d) and p.f_star == pytest.approx(0, abs=1e-20)
    x = np.random.default_rng(0).standard_normal((3, d))
    resid = x @ p.A.T - p.y
    np.testing.assert_allclose(p.loss(x), scale * (resid**2).sum(axis=1) / n, rtol=1e-10)
    np.testing.assert_allclose(p.grad(x), 2 * scale / n * resid @ p.A, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(p.grad(p.minimizer[None]), 0, atol=1e-10)


def test_minibatch_gradient_is_unbiased():
    p = fig3_problem(batch_size=8)
    x = np.full((20_000, 40), 0.1)
    g = p.stochastic_grad(x, 0.0, np.random.default_rng(0))
    se = g.std(axis=0, ddof=1) / np.sqrt(len(g))
    assert np.all(np.abs(g.mean(axis=0) - p.grad(x[0])) <= Z * se)


def test_gradient_noise_has_std_sigma_per_run():
    p = Quadratic(dim=2000)
    sigma = np.array([0.1, 1.0, 3.0])
    g = p.stochastic_grad(np.zeros((3, 2000)), sigma, np.random.default_rng(0))
    np.testing.assert_allclose(g.std(axis=1), sigma, rtol=0.05)  # chi: relative SE ~ 1/sqrt(2*2000) = 1.6%


def test_noiseless_digital_sgd_is_geometric():
    """W_k = w* + (1 - alpha L)^k (W_0 - w*) and f - f* = L/2 (W_k - w*)^2 per coordinate."""
    p = Quadratic(dim=3, curvature=2.0, optimum=0.5)
    tr = simulate(p, DigitalSGD(0.1), 30, runs=2, init=-1.0, weights_at=[30])
    k = np.arange(31)
    dist = (1 - 0.1 * 2.0) ** k * (-1.5)
    np.testing.assert_allclose(tr.loss_gap[0], 3 * 2.0 / 2 * dist**2)
    np.testing.assert_allclose(tr.grad_norm_sq[0], 3 * (2.0 * dist) ** 2)
    np.testing.assert_allclose(tr.weights[30], 0.5 + dist[-1])


def test_noiseless_analog_sgd_hand_step():
    p = Quadratic(dim=1, curvature=1.0, optimum=1.0)
    tr = simulate(p, AnalogSGD(0.5, SoftBounds(2.0)), 1, init=0.0, weights_at=[1])
    # g = -1, dw = +0.5, w_new = 0 + 0.5 - 0.5 * 0 / 2 = 0.5 ; then from 0.5: second step not run
    np.testing.assert_allclose(tr.weights[1], 0.5)
    tr = simulate(p, AnalogSGD(0.5, SoftBounds(2.0)), 2, init=0.0, weights_at=[2])
    np.testing.assert_allclose(tr.weights[2], 0.5 + 0.25 - 0.25 * 0.5 / 2)


def test_tiki_taka_hand_steps():
    """AIHWKIT's convention: P_1 = P_0 + dw - |dw| P_0 / tau with dw = -beta g, then W_1 = W_0 + alpha P_1 - ...,
    and the gradient is taken at W + gamma P."""
    p = Quadratic(dim=1, curvature=1.0, optimum=1.0)
    alg = TikiTaka(lr=0.5, fast_lr=0.2, gamma=0.5, device=SoftBounds(1.0))
    s0 = alg.init(np.zeros((1, 1)))
    g0 = p.grad(alg.query_point(s0))           # at W + gamma P = 0: g = -1
    s1 = alg.update(s0, g0)
    np.testing.assert_allclose(s1.P, 0.2)       # 0 + 0.2 - 0.2 * 0 / 1
    np.testing.assert_allclose(s1.W, 0.1)       # 0 + 0.5 * 0.2 - 0.1 * 0 / 1
    np.testing.assert_allclose(alg.query_point(s1), 0.1 + 0.5 * 0.2)
    g1 = p.grad(alg.query_point(s1))           # at 0.2: -0.8
    s2 = alg.update(s1, g1)
    P2 = 0.2 + 0.16 - 0.16 * 0.2 / 1.0         # P + dw - |dw| P / tau with dw = -0.2 * -0.8
    np.testing.assert_allclose(s2.P, P2)
    np.testing.assert_allclose(s2.W, 0.1 + 0.5 * P2 - abs(0.5 * P2) * 0.1)


def test_tiki_taka_transfers_only_every_n_steps():
    p = Quadratic(dim=4, optimum=1.0)
    tr = simulate(p, TikiTaka(0.1, 0.1, transfer_every=3, device=SoftBounds(1.0)), 6, weights_at=range(7))
    changed = [not np.array_equal(tr.weights[k], tr.weights[k - 1]) for k in range(1, 7)]
    assert changed == [False, False, True, False, False, True]
    assert set(tr.fast_weights) == set(range(7))


def test_same_seed_same_trace_and_different_seed_different_trace():
    make = lambda tau: AnalogSGD(0.03, SoftBounds(tau))
    kw = dict(runs=4, sigma=0.1, grid={"tau": [1.0, 2.0]})
    a = simulate(fig3_problem(), make, 200, seed=5, **kw)
    b = simulate(fig3_problem(), make, 200, seed=5, **kw)
    c = simulate(fig3_problem(), make, 200, seed=6, **kw)
    np.testing.assert_array_equal(a.loss_gap, b.loss_gap)
    np.testing.assert_array_equal(a.saturation, b.saturation)
    assert not np.allclose(a.loss_gap[..., -1], c.loss_gap[..., -1])


def test_runs_are_independent_seeds():
    tr = simulate(fig3_problem(), DigitalSGD(0.03), 50, runs=3, sigma=0.1)
    assert len({float(v) for v in tr.loss_gap[:, -1]}) == 3


def test_grid_shape_order_and_recording():
    tr = simulate(fig3_problem(), lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), 25, runs=3, sigma=0.1,
                  grid={"tau": [1.0, 2.0], "sigma": [0.0, 0.1, 0.2], "lr": [0.01, 0.03, 0.1, 0.2]},
                  record_every=10)
    assert tr.loss_gap.shape == (2, 3, 4, 3, 4)
    np.testing.assert_array_equal(tr.steps, [0, 10, 20, 25])
    assert list(tr.grid) == ["tau", "sigma", "lr"]
    mean, se = tr.asymptotic_error(last=2)
    assert mean.shape == (2, 3, 4) and np.all(se >= 0)
    # sigma = 0 runs of one grid point are identical (no noise): zero spread
    assert np.all(np.ptp(tr.loss_gap[:, 0], axis=-2) == 0)
    # saturation is max|W|/tau
    single = simulate(fig3_problem(), AnalogSGD(0.1, SoftBounds(2.0)), 25, runs=1, weights_at=[25])
    assert single.saturation[0, -1] == pytest.approx(np.abs(single.weights[25]).max() / 2.0)


def test_grid_point_matches_direct_run_without_noise():
    grid = simulate(fig3_problem(), lambda tau: AnalogSGD(0.1, SoftBounds(tau)), 40, grid={"tau": [1.0, 1.7]})
    direct = simulate(fig3_problem(), AnalogSGD(0.1, SoftBounds(1.7)), 40)
    np.testing.assert_allclose(grid.loss_gap[1], direct.loss_gap, rtol=1e-12)


def test_asymptotic_error_definition():
    tr = simulate(fig3_problem(), DigitalSGD(0.03), 100, runs=5, sigma=0.1)
    per_run = tr.loss_gap[:, -20:].mean(axis=1)
    mean, se = tr.asymptotic_error(20)
    assert mean == pytest.approx(per_run.mean())
    assert se == pytest.approx(per_run.std(ddof=1) / np.sqrt(5))


def test_algorithms_side_by_side_in_one_call():
    """A dict of algorithms runs as one stacked simulation; each block equals its own run
    when there is no noise, and the result gains a leading 'algorithm' axis."""
    p = fig3_problem()
    algs = {"digital-sgd": lambda tau: DigitalSGD(0.03),
            "analog-sgd": lambda tau: AnalogSGD(0.03, SoftBounds(tau)),
            "tiki-taka": lambda tau: TikiTaka(0.03, 0.03, device=SoftBounds(tau))}
    tr = simulate(p, algs, 60, runs=2, grid={"tau": [1.0, 2.0]}, weights_at=[60])
    assert tr.loss_gap.shape == (3, 2, 2, 61)
    assert list(tr.grid["algorithm"]) == list(algs)
    alone = simulate(p, TikiTaka(0.03, 0.03, device=SoftBounds(2.0)), 60, runs=2)
    np.testing.assert_allclose(tr.loss_gap[2, 1], alone.loss_gap, rtol=1e-12)
    assert np.all(tr.saturation[0] == 0) and np.all(tr.saturation[1:, :, :, -1] > 0)
    with pytest.raises(ValueError, match="algorithm"):
        simulate(p, algs, 5, grid={"algorithm": [1, 2]})


def test_side_by_side_records_every_array_of_every_member():
    """The engine records each algorithm's ``arrays`` generically, also side by side: Tiki-Taka's P is there,
    and Analog SGD's block of P (it has none) is NaN."""
    p = fig3_problem()
    tr = simulate(p, {"tt": TikiTaka(0.03, 0.03, SoftBounds(1.0)), "an": AnalogSGD(0.03, SoftBounds(1.0))}, 10,
                  weights_at=[10])
    assert set(tr.arrays) == {"W", "P"} and tr.fast_weights[10].shape == (2, 1, 40)
    alone = simulate(p, TikiTaka(0.03, 0.03, SoftBounds(1.0)), 10, weights_at=[10])
    np.testing.assert_allclose(tr.sel(algorithm="tt").fast_weights[10], alone.fast_weights[10], rtol=1e-12)
    assert np.all(np.isnan(tr.sel(algorithm="an").fast_weights[10]))
    np.testing.assert_allclose(tr.sel(algorithm="an").weights[10],
                               simulate(p, AnalogSGD(0.03, SoftBounds(1.0)), 10, weights_at=[10]).weights[10])


def test_sel_selects_by_value_and_names_the_choices():
    tr = simulate(fig3_problem(), lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), 5, runs=2,
                  grid={"tau": [1.0, 2.0], "lr": [0.01, 0.03]})
    assert tr.sel(tau=2.0, lr=0.03).loss_gap.shape == (2, 6)
    np.testing.assert_array_equal(tr.sel(lr=0.01).loss_gap, tr.loss_gap[:, 0])
    assert list(tr.sel(tau=1.0).grid) == ["lr"]
    with pytest.raises(ValueError, match=r"tau=1.5 is not on the grid; choose one of \[1.0, 2.0\]"):
        tr.sel(tau=1.5)
    with pytest.raises(ValueError, match="no axis"):
        tr.sel(sigma=0.1)


def test_tiki_taka_mixing_gamma_helps_rather_than_hurts():
    """With P accumulating -beta g (AIHWKIT), the forward pass sees W + gamma P, which damps the W/P pair:
    the floor falls as gamma grows (the opposite sign would diverge)."""
    tr = simulate(fig3_problem(), lambda gamma: TikiTaka(0.03, 0.03, SoftBounds(1.0), gamma=gamma), 3000,
                  runs=8, seed=1, sigma=0.1, grid={"gamma": [0.0, 0.5, 2.0]}, record_every=10)
    mean, se = tr.asymptotic_error(50)
    assert np.all(mean[:-1] - mean[1:] > Z * np.hypot(se[:-1], se[1:])), (mean, se)


def test_per_sample_drift_g_abs_enters_only_the_asymmetric_term():
    """With g = sum_b g_b applied sample by sample, the soft-bounds drift acts on sum_b |g_b| (AIHWKIT);
    g_abs = |g| reproduces the aggregate update exactly, and a digital array ignores g_abs."""
    W0 = np.array([[0.4, -0.2]])
    g_parts = np.array([[[1.0, -0.5]], [[-0.6, 0.1]]])              # two samples
    g, g_abs = g_parts.sum(0), np.abs(g_parts).sum(0)
    an = AnalogSGD(0.1, SoftBounds(2.0))
    np.testing.assert_allclose(an.update(an.init(W0), g, None, g_abs).W, W0 - 0.1 * g - 0.1 * g_abs * W0 / 2.0)
    np.testing.assert_allclose(an.update(an.init(W0), g, None, np.abs(g)).W, an.update(an.init(W0), g).W)
    dg = DigitalSGD(0.1)
    np.testing.assert_allclose(dg.update(dg.init(W0), g, None, g_abs).W, W0 - 0.1 * g)
    tt = TikiTaka(0.1, 0.2, SoftBounds(2.0))
    s = tt.update(tt.init(W0), g, None, g_abs)
    np.testing.assert_allclose(s.P, -0.2 * g)                          # P starts at 0: the drift term vanishes
    s2 = tt.update(s, g, None, g_abs)
    np.testing.assert_allclose(s2.P, s.P - 0.2 * g - 0.2 * g_abs * s.P / 2.0)


# ---------------------------------------------------------------- speed work keeps every number (issue 11)
def test_engine_equals_the_textbook_loop_bit_for_bit():
    """The engine's buffers (gradient and metrics written in place, noise into a reused array) change no number:
    Analog SGD on soft bounds equals the plain loop g = sigma xi + H (W - w*), W <- (W + dw) - |dw| W / tau,
    dw = -alpha g, with the same generator, exactly (same operations in the same order)."""
    p, lr, tau, sigma, steps = fig3_problem(), 0.05, 1.5, 0.2, 60
    rng, W = np.random.default_rng(5), np.full((3, p.dim), 0.1)
    gaps, grads, sats = [], [], []
    for _ in range(steps + 1):
        diff = W - p.minimizer
        grad = diff @ p.hessian
        gaps.append(0.5 * np.einsum("ri,ri->r", diff, grad))
        grads.append(np.einsum("ri,ri->r", grad, grad))
        sats.append(np.abs(W).max(axis=-1) / tau)
        if len(gaps) > steps:
            break
        dw = -lr * (rng.standard_normal(W.shape) * sigma + grad)
        W = W + dw - np.abs(dw) * W / tau
    tr = simulate(p, AnalogSGD(lr, SoftBounds(tau)), steps, runs=3, seed=5, sigma=sigma, init=0.1,
                  weights_at=(steps,))
    np.testing.assert_array_equal(tr.loss_gap, np.array(gaps).T)
    np.testing.assert_array_equal(tr.grad_norm_sq, np.array(grads).T)
    np.testing.assert_array_equal(tr.saturation, np.array(sats).T)
    np.testing.assert_array_equal(tr.weights[steps], W)


def test_common_noise_grid_point_equals_the_single_setting_run():
    """With common_noise every grid point sees the noise a single-setting run of the same seed draws: each grid
    point (and each algorithm side by side) is that run (to rounding: BLAS may group the rows of a matrix
    product differently for another number of runs); runs still differ from each other."""
    p = fig3_problem()
    grid = {"tau": [0.7, 2.0], "sigma": [0.05, 0.3], "lr": [0.02, 0.1]}
    tr = simulate(p, lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), 80, runs=4, seed=9, grid=grid,
                  record_every=8, common_noise=True)
    for tau in grid["tau"]:
        for sigma in grid["sigma"]:
            for lr in grid["lr"]:
                one = simulate(p, AnalogSGD(lr, SoftBounds(tau)), 80, runs=4, seed=9, sigma=sigma, record_every=8)
                np.testing.assert_allclose(tr.sel(tau=tau, sigma=sigma, lr=lr).loss_gap, one.loss_gap, rtol=1e-12)
    both = simulate(p, {"d": DigitalSGD(0.05), "a": AnalogSGD(0.05, SoftBounds(1.0))}, 50, runs=3, seed=2,
                    sigma=0.2, common_noise=True)
    np.testing.assert_allclose(both.sel(algorithm="d").loss_gap,
                               simulate(p, DigitalSGD(0.05), 50, runs=3, seed=2, sigma=0.2).loss_gap, rtol=1e-12)
    assert len({float(v) for v in tr.loss_gap[0, 0, 0, :, -1]}) == 4


def test_common_noise_is_shared_noise():
    """Digital SGD is linear: from the optimum, W_k - w* = -alpha sigma sum_j (I - alpha H)^(k-1-j) xi_j, so with
    common noise the deviations at sigma = 0.2 are exactly twice those at sigma = 0.1 (up to rounding) -- and with
    independent noise they are not."""
    q = Quadratic(dim=5, curvature=[0.5, 1.0, 1.5, 2.0, 3.0], optimum=0.3)
    kw = dict(runs=3, seed=4, init=0.3, grid={"sigma": [0.1, 0.2]}, weights_at=(40,))
    shared = simulate(q, lambda: DigitalSGD(0.1), 40, common_noise=True, **kw).weights[40] - 0.3
    np.testing.assert_allclose(shared[1], 2 * shared[0], rtol=1e-9, atol=1e-15)
    apart = simulate(q, lambda: DigitalSGD(0.1), 40, **kw).weights[40] - 0.3
    assert not np.allclose(apart[1], 2 * apart[0], rtol=1e-3)


def test_common_noise_bad_input():
    p = fig3_problem()
    with pytest.raises(ValueError, match="per-sample"):
        simulate(p, AnalogSGD(0.03, SoftBounds(1.0)), 5, runs=2, update="per-sample", common_noise=True)
    with pytest.raises(ValueError, match="must divide"):
        simulate(p, DigitalSGD(0.03), 5, runs=3, common_noise=2)
    with pytest.raises(ValueError, match="common_noise must be an integer"):
        simulate(p, DigitalSGD(0.03), 5, runs=3, common_noise=1.5)


def test_one_blas_thread_limits_and_restores():
    from threadpoolctl import threadpool_info

    from aimc_edu.engine import one_blas_thread
    blas = lambda: [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]  # noqa: E731
    before = blas()
    with one_blas_thread():
        assert all(n == 1 for n in blas())
    assert blas() == before
