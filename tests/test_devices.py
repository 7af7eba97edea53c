"""Device response factors against hand-derived values; the analog update; the ALD invariant."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aimc_edu import DEVICES, ExpStep, Ideal, LinearStep, PowStep, SoftBounds, make_device

W = np.linspace(-0.55, 0.55, 23)


def test_ideal_is_digital():
    dev = Ideal()
    assert np.all(dev.q_plus(W) == 1) and np.all(dev.q_minus(W) == 1)
    assert np.all(dev.F(W) == 1) and np.all(dev.G(W) == 0)
    np.testing.assert_array_equal(dev.update(W, 0.3 * W), W + 0.3 * W)
    assert np.all(dev.max_saturation(W[None]) == 0)


def test_soft_bounds_factors_by_hand():
    # tau = 2: q_plus(1) = 1 - 1/2, q_minus(1) = 1 + 1/2, F = 1, G = 1/2
    dev = SoftBounds(tau=2.0)
    assert dev.q_plus(np.array(1.0)) == 0.5 and dev.q_minus(np.array(1.0)) == 1.5
    np.testing.assert_allclose(dev.F(W), 1.0)
    np.testing.assert_allclose(dev.G(W), W / 2.0)
    assert dev.symmetric_point == 0.0 and dev.bounds == (-2.0, 2.0)
    # w + dw - |dw| w / tau: 1 + 0.4 - 0.4 * 1/2 = 1.2 and 1 - 0.4 - 0.4 * 1/2 = 0.4
    np.testing.assert_allclose(dev.update(np.array([1.0, 1.0]), np.array([0.4, -0.4])), [1.2, 0.4])


def test_soft_bounds_with_shifted_symmetric_point():
    dev = SoftBounds(tau=1.0, sym_point=0.3)
    assert dev.symmetric_point == 0.3
    np.testing.assert_allclose(dev.G(np.array([0.3])), 0.0)
    np.testing.assert_allclose(dev.update(np.array([0.8]), np.array([0.1])), [0.8 + 0.1 - 0.1 * 0.5])


def test_generic_update_equals_q_plus_and_q_minus():
    """w + dw F - |dw| G is w + dw q_plus for dw >= 0 and w + dw q_minus for dw < 0."""
    for dev in (LinearStep(), PowStep(gamma_up=2.0, gamma_down=0.5), ExpStep(), SoftBounds(tau=0.6)):
        dw = 0.01
        np.testing.assert_allclose(dev.update(W, dw), np.clip(W + dw * dev.q_plus(W), -0.6, 0.6), atol=1e-15)
        np.testing.assert_allclose(dev.update(W, -dw), np.clip(W - dw * dev.q_minus(W), -0.6, 0.6), atol=1e-15)


def test_linear_step_by_hand():
    dev = LinearStep(gamma_up=0.2, gamma_down=0.4, w_min=-0.5, w_max=1.0)
    # q_plus(w) = 1 - 0.2 w / 1.0, q_minus(w) = 1 - 0.4 w / (-0.5) = 1 + 0.8 w
    np.testing.assert_allclose(dev.q_plus(W), 1 - 0.2 * W)
    np.testing.assert_allclose(dev.q_minus(W), 1 + 0.8 * W)
    np.testing.assert_allclose(dev.F(W), 1 + 0.3 * W)
    np.testing.assert_allclose(dev.G(W), 0.5 * W)
    assert dev.symmetric_point == 0.0
    assert dev.update(np.array([0.99]), np.array([0.5]))[0] == 1.0  # hard clip at w_max


def test_pow_step_by_hand():
    dev = PowStep(gamma_up=2.0, gamma_down=1.0, w_min=-1.0, w_max=1.0)
    omega = (1.0 - W) / 2.0
    np.testing.assert_allclose(dev.q_plus(W), omega**2)
    np.testing.assert_allclose(dev.q_minus(W), 1 - omega)
    # symmetric point: omega^2 = 1 - omega -> omega = (sqrt 5 - 1)/2 -> w = 1 - 2 omega = 2 - sqrt 5
    assert dev.symmetric_point == pytest.approx(2 - np.sqrt(5), abs=1e-12)
    assert PowStep(w_min=-0.4, w_max=0.8).symmetric_point == pytest.approx(0.2, abs=1e-12)


def test_exp_step_by_hand():
    dev = ExpStep()
    z = 2 * 0.244 * W / 1.2 + 0.2425
    np.testing.assert_allclose(dev.q_plus(W), np.maximum(0, 1 - 0.00081 * np.exp(12.44625 * z)))
    np.testing.assert_allclose(dev.q_minus(W), np.maximum(0, 1 - 0.36833 * np.exp(-12.78785 * z)))
    w_sym = dev.symmetric_point
    assert abs(float(dev.G(np.array(w_sym)))) < 1e-12
    # the closed form agrees with the generic bisection of the base class
    assert w_sym == pytest.approx(super(ExpStep, dev).symmetric_point, abs=1e-10)


@pytest.mark.parametrize("name", sorted(DEVICES))
def test_F_G_definition(name):
    dev = make_device(name)
    np.testing.assert_allclose(dev.F(W), (dev.q_minus(W) + dev.q_plus(W)) / 2)
    np.testing.assert_allclose(dev.G(W), (dev.q_minus(W) - dev.q_plus(W)) / 2)


def test_parameters_broadcast_along_runs_axis():
    tau = np.array([1.0, 2.0, 4.0])
    dev = SoftBounds(tau=tau)
    w = np.full((3, 5), 0.5)
    expected = np.stack([SoftBounds(tau=t).update(w[0], np.full(5, 0.2)) for t in tau])
    np.testing.assert_allclose(dev.update(w, np.full((3, 5), 0.2)), expected)
    np.testing.assert_allclose(dev.max_saturation(w), 0.5 / tau)


finite = dict(allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(tau=st.floats(0.05, 10.0, **finite),
       w_frac=st.floats(-1.0, 1.0, **finite),
       dw_fracs=st.lists(st.floats(-1.0, 1.0, **finite), min_size=1, max_size=50))
def test_soft_bounds_invariant(tau, w_frac, dw_fracs):
    """|w| <= tau and |dw| <= tau imply |w_new| <= tau, for any sequence of increments."""
    dev = SoftBounds(tau=tau)
    w = np.array([w_frac * tau])
    for f in dw_fracs:
        w = dev.update(w, np.array([f * tau]))
        assert abs(w[0]) <= tau * (1 + 1e-12)


def test_soft_bounds_can_leave_range_when_increment_too_large():
    """The invariant needs |dw| <= tau: a larger increment overshoots (not clipped: soft bounds)."""
    assert abs(SoftBounds(tau=1.0).update(np.array([0.0]), np.array([3.0]))[0]) > 1.0
