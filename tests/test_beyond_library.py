"""Notebook 07's library: the unequal-slope device, P's sign convention on asymmetric fast devices, zero-shifting,
TT-v2's buffer, c-TTv2's chopper, and the new algorithms everywhere (registry, simulate, side by side, networks, CLI)."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from aimc_edu import Quadratic, simulate
from aimc_edu import theory as th
from aimc_edu.algorithms import (ALGORITHMS, BufferedTikiTaka, ChoppedTikiTaka, TikiTaka, TikiTakaZeroShift,
                                 make_algorithm, zero_shift)
from aimc_edu.cli import main
from aimc_edu.datasets import load_digits
from aimc_edu.devices import DEVICES, Ideal, LinearStep, Pulsed, SoftBounds, SoftBoundsUpDown, make_device
from aimc_edu.nn import course_algorithm, fcn, train
from aimc_edu.viz.style import color

NEW = ("tiki-taka-zs", "ttv2", "c-ttv2")
W = np.linspace(-0.9, 0.9, 19)


# ----------------------------------------------------------------------------- the unequal-slope device
@pytest.mark.parametrize("c", [-0.4, 0.0, 0.25])
def test_updown_device_is_aihwkits_parameterisation(c):
    dev = SoftBoundsUpDown(tau=1.5, up_down=c)
    np.testing.assert_allclose(dev.q_plus(W), (1 + c) * (1 - W / 1.5))
    np.testing.assert_allclose(dev.q_minus(W), (1 - c) * (1 + W / 1.5))
    np.testing.assert_allclose(dev.F(W), 1 - c * W / 1.5, atol=1e-15)
    np.testing.assert_allclose(dev.G(W), W / 1.5 - c, atol=1e-15)
    assert dev.symmetric_point == pytest.approx(c * 1.5)
    assert th.symmetric_point_numeric(dev) == pytest.approx(c * 1.5)


def test_updown_device_registered_and_symbolic():
    assert "soft-bounds-updown" in DEVICES
    F, G = th.FG("soft-bounds-updown")
    ps = th.parameter_symbols("soft-bounds-updown")
    assert sp.simplify(F - (1 - ps["up_down"] * th.w / ps["tau"])) == 0
    assert sp.simplify(G - (th.w / ps["tau"] - ps["up_down"])) == 0
    assert sp.simplify(th.symmetric_point("soft-bounds-updown") - ps["up_down"] * ps["tau"]) == 0
    dev = make_device("soft-bounds-updown", tau=2.0, up_down=0.1)
    assert SoftBoundsUpDown.from_range(2.0, up_down=0.1).bounds == dev.bounds == (-2.0, 2.0)
    with pytest.raises(ValueError, match="up_down"):
        SoftBoundsUpDown(1.0, up_down=1.0)


def test_updown_device_stays_in_range():
    """|w| <= tau and (1 + |c|) |dw| <= tau keep |w_new| <= tau (q_pm vanish at the bounds)."""
    rng = np.random.default_rng(0)
    c = rng.uniform(-0.9, 0.9, 2000)
    dev = SoftBoundsUpDown(tau=1.0, up_down=c)
    w = rng.uniform(-1, 1, (2000, 1))
    for _ in range(50):
        w = dev.update(w, rng.uniform(-1, 1, w.shape) / (1 + np.abs(c))[:, None])
        assert np.abs(w).max() <= 1 + 1e-12


# ----------------------------------------------------------------------------- P's sign convention
@pytest.mark.parametrize("fast", [SoftBoundsUpDown(1.0, 0.5), LinearStep(0.1, 0.7, -1.0, 1.0)], ids=lambda d: d.name)
def test_p_accumulates_minus_beta_g_on_an_asymmetric_fast_device(fast):
    """AIHWKIT's convention, physically: a positive gradient fires *down* pulses into P (response q_minus), a
    negative one up pulses (q_plus); W receives +alpha P. The mirrored convention would use the other response."""
    beta, alpha, P0 = 0.1, 0.5, 0.2
    alg = TikiTaka(alpha, beta, Ideal(), fast_device=fast, fast_init=P0)
    for g, q in ((1.0, fast.q_minus), (-1.0, fast.q_plus)):
        s = alg.update(alg.init(np.zeros((1, 1))), np.full((1, 1), g))
        expected = P0 - beta * g * float(q(np.array(P0)))
        assert float(s.P[0, 0]) == pytest.approx(expected, rel=1e-12)
        assert float(s.W[0, 0]) == pytest.approx(alpha * expected, rel=1e-12)
    mirrored = P0 - 0.1 * float(fast.q_plus(np.array(P0)))      # +beta g applied with the up response
    assert abs(expected - mirrored) > 0.01


def test_p_rests_at_its_symmetric_point_and_pushes_w():
    """Without gradient P stays at p (G(p) = 0), and the transfer pushes W by alpha p: the failure mode."""
    alg = TikiTaka(0.1, 0.1, SoftBounds(1.0), fast_device=SoftBounds(1.0, sym_point=0.3))
    s = alg.update(alg.init(np.zeros((1, 1))), np.zeros((1, 1)))
    assert float(s.P[0, 0]) == pytest.approx(0.3) and float(s.W[0, 0]) == pytest.approx(0.03)


# ----------------------------------------------------------------------------- zero-shifting
def test_zero_shift_estimate_error_and_cost():
    """Soft bounds: the distance to p shrinks by (1 - dw_min/tau) per pulse; the 2-cycle's midpoint is exactly p."""
    p, start = 0.2, np.zeros(4)
    for states, pulses in ((100, 300), (300, 900), (300, 3000)):
        r = zero_shift(SoftBounds(1.0, sym_point=p), start, pulses, states)
        assert r.pulses == pulses and r.estimate.shape == start.shape
        assert np.all(np.abs(r.error) <= p * np.exp(-pulses / states) * 1.1 + 1e-12)
    assert np.abs(zero_shift(SoftBounds(1.0, sym_point=p), start, 10_000, 300).error).max() < 1e-12
    # unequal slopes: the midpoint is biased by about c dw_min / 2 (measured, O(dw_min))
    r = zero_shift(SoftBoundsUpDown(1.0, 0.3), start, 6000, 300)
    assert np.abs(r.error).max() < 0.3 / 300


def test_zero_shift_with_cycle_noise_needs_rng_and_is_reproducible():
    dev = SoftBounds(1.0, sym_point=-0.2)
    with pytest.raises(ValueError, match="rng"):
        zero_shift(dev, np.zeros(3), 100, 30, noise=0.3)
    a, b = (zero_shift(dev, np.zeros(50), 1000, 100, 0.3, np.random.default_rng(1)) for _ in range(2))
    np.testing.assert_array_equal(a.estimate, b.estimate)
    assert 0.001 < np.abs(a.error).mean() < 0.05          # noise limits the estimate (cf. notebook table)


def test_zero_shift_reference_cancels_the_offset():
    alg = TikiTakaZeroShift(0.1, 0.1, SoftBounds(1.0), fast_device=SoftBounds(1.0, sym_point=0.3))
    s = alg.init(np.zeros((2, 3)))
    np.testing.assert_allclose(s.R, 0.3, atol=1e-4)
    for _ in range(10):
        s = alg.update(s, np.zeros((2, 3)))
    # TT-v1 moves W by 10 * 0.1 * 0.3 = 0.3; here only P's distance to R remains: the pulses leave P at the
    # bottom of its two-state cycle, dw_min / 2 below p (it relaxes to p once gradient pulses arrive)
    np.testing.assert_allclose(s.P - s.R, -0.5 / 300, rtol=0.05)
    assert np.abs(s.W).max() < 10 * 0.1 * 0.6 / 300
    assert set(alg.arrays(s)) == {"W", "P", "R"}


# ----------------------------------------------------------------------------- TT-v2 and c-TTv2
def test_ttv2_buffer_keeps_the_remainder_exactly():
    """With an ideal W, W_K + H_K = alpha sum_k P_k (nothing lost); W moves only in whole pulses of dw_min."""
    alg = BufferedTikiTaka(0.3, 0.05, Ideal(), fast_device=SoftBounds(1.0), dw_min=1 / 20, threshold=2.0)
    rng = np.random.default_rng(0)
    s, total = alg.init(np.zeros((3, 4))), np.zeros((3, 4))
    for _ in range(200):
        s = alg.update(s, rng.standard_normal((3, 4)))
        total += 0.3 * s.P
        assert np.all(np.abs(s.H) < 2.0 / 20 + 0.3 * np.abs(s.P) + 1e-12)
    np.testing.assert_allclose(s.W + s.H, total, atol=1e-12)
    steps = s.W / (1.0 / 20)
    np.testing.assert_allclose(steps, np.round(steps), atol=1e-9)


def test_ttv2_writes_pulses_on_a_pulsed_w_and_respects_the_cap():
    dev = Pulsed(SoftBounds(1.0), dw_min=0.1)
    alg = BufferedTikiTaka(1.0, 1.0, dev, fast_device=SoftBounds(1.0), fast_init=0.35, max_pulses=2)
    s = alg.update(alg.init(np.zeros((1, 1))), np.zeros((1, 1)), np.random.default_rng(0))
    # H = 0.35 -> 3 pulses wanted, 2 allowed: W = two pulses up from 0, H keeps 0.35 - 0.2
    assert float(s.W[0, 0]) == pytest.approx(0.1 + 0.1 * (1 - 0.1))
    assert float(s.H[0, 0]) == pytest.approx(0.15)


def test_cttv2_chopper_cancels_a_constant_offset():
    """P parked at p (beta = 0): the reads alpha c_k p cancel in H over two chopper periods and, with a threshold
    above the half-period's sum 3 alpha p, W never moves."""
    alg = ChoppedTikiTaka(0.01, 0.0, Ideal(), fast_device=SoftBounds(1.0, sym_point=0.3), chop_every=3,
                          dw_min=1 / 300, threshold=4.0)
    s = alg.init(np.zeros((1, 2)))
    signs = []
    for _ in range(12):
        signs.append(float(s.c[0, 0]))
        s = alg.update(s, np.zeros((1, 2)))
    assert signs == [1, 1, 1, -1, -1, -1] * 2
    np.testing.assert_allclose(s.H, 0.0, atol=1e-15)
    assert np.all(s.W == 0)
    ttv2 = BufferedTikiTaka(0.01, 0.0, Ideal(), fast_device=SoftBounds(1.0, sym_point=0.3), dw_min=1 / 300,
                            threshold=4.0)
    s2 = ttv2.init(np.zeros((1, 2)))
    for _ in range(12):
        s2 = ttv2.update(s2, np.zeros((1, 2)))
    np.testing.assert_allclose(s2.W + s2.H, 12 * 0.01 * 0.3)   # without the chopper the offset is written
    assert np.all(s2.W > 0.02)


def test_cttv2_random_chopper_needs_rng():
    alg = ChoppedTikiTaka(0.01, 0.1, SoftBounds(1.0), chop_random=True, chop_every=2)
    with pytest.raises(ValueError, match="rng"):
        alg.update(alg.init(np.zeros((1, 2))), np.ones((1, 2)))
    s = alg.init(np.zeros((500, 2)))
    s = alg.update(s, np.ones((500, 2)), np.random.default_rng(0))
    assert 0.4 < np.mean(s.c < 0) < 0.6


@pytest.mark.parametrize("name", NEW + ("tiki-taka",))
def test_g_abs_reaches_p_asymmetric_term(name):
    alg = make_algorithm(name, lr=0.1, device="soft-bounds", tau=1.0)
    s = alg.init(np.full((1, 2), 0.0))
    s = s._replace(P=np.full((1, 2), 0.5))
    g = np.array([[0.2, -0.2]])
    plain, per_sample = alg.update(s, g), alg.update(s, g, None, np.full((1, 2), 1.0))
    # P - beta g - beta g_abs P / tau: the per-sample sum 1.0 instead of |g| = 0.2
    np.testing.assert_allclose(per_sample.P - plain.P, -0.1 * (1.0 - 0.2) * 0.5)


# ----------------------------------------------------------------------------- everywhere
def test_registered_with_distinct_colour_blind_safe_colours():
    colours = {n: color(n) for n in ALGORITHMS}
    assert set(NEW) <= set(ALGORITHMS)
    assert len(set(colours.values())) == len(colours)
    for ref in ("pulsed", "theory", "reference"):
        assert color(ref) not in {colours[n] for n in NEW}


def test_side_by_side_in_one_simulation():
    prob = Quadratic(3, 1.0, 0.5)
    algs = {n: make_algorithm(n, lr=0.05, device="soft-bounds", tau=1.0) for n in ("analog-sgd",) + NEW}
    tr = simulate(prob, algs, 300, runs=4, sigma=0.3, seed=0, weights_at=[300])
    assert tr.loss_gap.shape == (4, 4, 301)
    assert np.all(np.isfinite(tr.loss_gap))
    assert np.isnan(tr.fast_weights[300][0]).all() and np.isfinite(tr.fast_weights[300][1:]).all()
    assert np.all(tr.loss_gap[1:, :, -20:].mean() < tr.loss_gap[1:, :, 0].mean())


@pytest.mark.parametrize("name", NEW)
def test_network_trainer_runs_every_new_algorithm(name):
    """The generic trainer takes each new algorithm per tensor; 2 epochs on 300 digits beat chance (10 %) clearly.
    c-TTv2 reads P every 5 steps: read at every step, its chopper cancels the gradient with the offset."""
    data = load_digits(seed=0).subset(300, 100)
    options = {"fast_lr": 0.9, **({"transfer_every": 5} if name == "c-ttv2" else {}),
               **({"zs_pulses": 1000, "zs_states": 100} if name == "tiki-taka-zs" else {})}
    result = train(fcn(64, hidden=(16,), n_classes=10), course_algorithm(name, lr=0.3, tau=0.6, **options), data,
                   epochs=2, seed=0)
    assert result.final_accuracy > 0.25 and result.fast_weights is not None


@pytest.mark.parametrize("flags, algorithm", [
    (["--algorithm", "tiki-taka", "--fast-sym-point", "0.2"], "tiki-taka"),
    (["--algorithm", "tiki-taka", "--fast-sym-point", "0.2", "--zero-shift"], "tiki-taka-zs"),
    (["--algorithm", "ttv2", "--threshold", "2"], "ttv2"),
    (["--algorithm", "c-ttv2", "--chop-every", "1", "--transfer-every", "10", "--fast-lr", "0.16"], "c-ttv2"),
    (["--algorithm", "ttv2", "--fast-sym-point", "-0.1", "--pulsed", "--states", "30"], "ttv2"),
])
def test_cli_flags(capsys, flags, algorithm):
    assert main(["simulate", "--problem", "quadratic", "--dim", "2", "--sigma", "0.5", "--steps", "200", "--runs", "3",
                 "--json", *flags]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["algorithm"] == algorithm and row["asymptotic_error"] > 0


@pytest.mark.parametrize("flags, message", [
    (["--algorithm", "analog-sgd", "--zero-shift"], "--zero-shift applies to --algorithm tiki-taka"),
    (["--algorithm", "tiki-taka", "--threshold", "2"], "--threshold applies to"),
    (["--algorithm", "ttv2", "--chop-every", "3"], "--chop-every applies to --algorithm c-ttv2"),
    (["--algorithm", "analog-sgd", "--fast-sym-point", "0.1"], "--fast-sym-point applies to"),
])
def test_cli_flags_name_their_algorithms(capsys, flags, message):
    assert main(["simulate", "--steps", "10", "--runs", "2", *flags]) == 2
    assert message in capsys.readouterr().err
