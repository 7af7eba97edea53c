"""Pulse-level device: pulse counts, exact expectations, noise, device-to-device variation."""

import numpy as np
import pytest

from aimc_edu import ExpStep, Pulsed, SoftBounds

from conftest import Z


def _soft_bounds_expected(w, dw, tau, dw_min):
    """Exact E[w_new] for stochastic rounding on soft bounds: n pulses contract the distance
    to the bound by r = 1 - dw_min / tau each, n = floor(m) or floor(m) + 1 with P = frac(m)."""
    m = abs(dw) / dw_min
    f, p = np.floor(m), m - np.floor(m)
    r = 1 - dw_min / tau
    contraction = (1 - p) * r**f + p * r ** (f + 1)
    return tau - (tau - w) * contraction if dw >= 0 else -tau + (w + tau) * contraction


@pytest.mark.parametrize("w, dw", [(0.0, 0.037), (0.5, 0.0123), (-0.8, 0.05), (0.7, -0.02), (0.0, -0.0049)])
def test_stochastic_rounding_expectation_is_exact(w, dw):
    tau, dw_min, n = 1.0, 0.01, 40_000
    dev = Pulsed(SoftBounds(tau=tau), dw_min=dw_min)
    out = dev.update(np.full(n, w), np.full(n, dw), np.random.default_rng(1))
    expected = _soft_bounds_expected(w, dw, tau, dw_min)
    se = out.std(ddof=1) / np.sqrt(n)
    assert abs(out.mean() - expected) <= Z * se + 1e-12
    # only two outcomes are possible: floor(m) or floor(m) + 1 pulses
    assert len(np.unique(np.round(out, 12))) <= 2


def test_mean_change_matches_analog_update_with_many_states():
    """With dw_min = tau/3000 the mean pulse-level change equals dw F(w) - |dw| G(w) up to
    the compounding of pulses, a relative bias of order m * dw_min / tau (< 1% here)."""
    tau, n = 1.0, 20_000
    dev = Pulsed.with_states(SoftBounds(tau=tau), 3000)
    rng = np.random.default_rng(2)
    w = np.repeat(np.linspace(-0.9, 0.9, 7), n).reshape(7, n)
    dw = np.repeat(np.array([0.003, -0.01, 0.02, -0.002, 0.015, 0.007, -0.03]), n).reshape(7, n)
    change = dev.update(w, dw, rng) - w
    analog = SoftBounds(tau=tau).update(w[:, 0], dw[:, 0]) - w[:, 0]
    mean, se = change.mean(axis=1), change.std(axis=1, ddof=1) / np.sqrt(n)
    m = np.abs(dw[:, 0]) * 3000 / tau
    bias_bound = np.abs(analog) * (m + 1) / 3000
    assert np.all(np.abs(mean - analog) <= Z * se + bias_bound)


def test_bit_length_pulse_counts_are_binomial_and_cut():
    dev = Pulsed(SoftBounds(tau=1.0), dw_min=0.01, bit_length=31)
    rng = np.random.default_rng(3)
    n = dev.pulse_counts(np.full(50_000, 0.125), rng)  # m = 12.5 pulses requested
    assert n.max() <= 31
    assert abs(n.mean() - 12.5) <= Z * n.std(ddof=1) / np.sqrt(n.size)
    # Binomial(31, 12.5/31) variance
    assert n.var() == pytest.approx(31 * (12.5 / 31) * (1 - 12.5 / 31), rel=0.05)
    cut = dev.pulse_counts(np.full(1000, 1.0), rng)  # m = 100 > BL: every bit fires
    assert np.all(cut == 31)


@pytest.mark.parametrize("kind", ["multiplicative", "additive"])
def test_cycle_to_cycle_noise_keeps_mean_and_adds_spread(kind):
    n = 40_000
    quiet = Pulsed(SoftBounds(tau=1.0), dw_min=0.01)
    noisy = Pulsed(SoftBounds(tau=1.0), dw_min=0.01, noise=0.5, noise_kind=kind)
    w, dw = np.full(n, 0.2), np.full(n, 0.05)  # exactly 5 pulses, no rounding randomness
    a = quiet.update(w, dw, np.random.default_rng(4))
    b = noisy.update(w, dw, np.random.default_rng(4))
    assert np.ptp(a) < 1e-12
    # mean of the noisy path equals the noiseless path to first order in dw_min (noise is zero-mean per pulse)
    assert abs(b.mean() - a[0]) <= Z * b.std(ddof=1) / np.sqrt(n) + 1e-4
    assert b.std() > 0.005  # 5 pulses x 0.01 x 0.5 noise ~ 0.011 std


def test_device_to_device_variation_is_fixed_by_seed():
    dev = Pulsed(SoftBounds(tau=1.0), dw_min=0.01, d2d=0.3, seed=7)
    again = Pulsed(SoftBounds(tau=1.0), dw_min=0.01, d2d=0.3, seed=7)
    other = Pulsed(SoftBounds(tau=1.0), dw_min=0.01, d2d=0.3, seed=8)
    np.testing.assert_array_equal(dev.variation((4, 5))[0], again.variation((4, 5))[0])
    assert not np.allclose(dev.variation((4, 5))[0], other.variation((4, 5))[0])
    # many pulses up saturate each element at its own (scaled) bound
    w = dev.update(np.zeros((4, 5)), np.full((4, 5), 50.0), np.random.default_rng(0))
    np.testing.assert_allclose(w, dev.variation((4, 5))[1] * 1.0, rtol=1e-3)


def test_pulse_response_follows_geometric_law():
    """n pulses up from w0 on soft bounds: tau - w_k = (tau - w0)(1 - dw_min/tau)^k; then down."""
    tau, dw_min = 1.0, 0.05
    path = Pulsed(SoftBounds(tau=tau), dw_min=dw_min).pulse_response(np.array(0.0), 20, 20)
    k = np.arange(21)
    np.testing.assert_allclose(path[:21], tau - tau * (1 - dw_min / tau) ** k)
    np.testing.assert_allclose(path[20:], -tau + (path[20] + tau) * (1 - dw_min / tau) ** k)
    assert path.shape == (41,)


def test_pulse_response_of_hard_bounded_device_stays_in_bounds():
    dev = Pulsed(ExpStep(), dw_min=0.05, noise=0.3)
    path = dev.pulse_response(np.zeros(3), 60, 60, np.random.default_rng(0))
    assert np.all(path >= -0.6) and np.all(path <= 0.6)


@pytest.mark.parametrize("device, d2d", [(SoftBounds(tau=1.0), 0.0), (SoftBounds(tau=0.7, sym_point=0.2), 0.3)],
                         ids=["soft bounds", "shifted, d2d"])
def test_noisy_one_way_trains_equal_the_pulse_loop(device, d2d):
    """Multiplicative noise, every element's pulses in one direction (aggregate trains): the clipped product of
    the pulse factors (all pulses at once) is the pulse loop's result for the same normal per pulse, to rounding.
    3 states and noise 1: factors <= 0 and > 1 occur, so both clips (the bound approached and the other) act."""
    dev = Pulsed(device, dw_min=device.tau / 3, noise=1.0, d2d=d2d, seed=3)
    rng = np.random.default_rng(5)
    size = 3000
    w, n, up = rng.uniform(-0.5, 0.9, size), rng.integers(0, 9, size), rng.random(size) < 0.5
    n_up, n_down = np.where(up, n, 0), np.where(up, 0, n)
    fast = dev.apply_counts(w, n_up, n_down, np.random.default_rng(9))
    # the same normals, pulse j of every element with more than j pulses (element order), fed to the pulse loop
    table = np.zeros((n.max(), size))
    table[np.arange(n.max())[:, None] < n] = np.random.default_rng(9).standard_normal(n.sum())

    class Replay:
        drawn = -1

        def standard_normal(self, shape):
            self.drawn += 1
            return table[self.drawn]

    loop = dev.apply_counts(w, n_up, n_down, Replay(), pulse_by_pulse=True)
    np.testing.assert_allclose(fast, loop, rtol=0, atol=1e-12)
    _, _, lo, hi, _ = dev._geometry(w)
    assert np.sum(np.isclose(loop, hi)) > 50 and np.sum(np.isclose(loop, lo)) > 50     # both bounds reached
    assert np.array_equal(fast[n == 0], w[n == 0])
