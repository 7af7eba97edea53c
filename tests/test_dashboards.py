"""Dashboards built headless: sliders move the data, nothing escapes, and every claim the notebooks make holds.

Statistical claims compare means over seeds with k standard errors (k = 3 unless stated),
using the dashboards' own precomputed data (8 seeds, 6 for the pulse-level runs).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from aimc_edu.dashboards import (analog_sgd_dashboard, device_dashboard, model_vs_pulses_dashboard,
                                  tiki_taka_dashboard)
from aimc_edu.experiments.devices import families
from aimc_edu.experiments import toy

K = 3.0


def _move(board, name, value):
    """Move one slider with every warning turned into a failure; return the rendered PNG."""
    before = board.renders
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        board.sliders[name].value = value
    assert board.renders == before + 1, f"moving {name} did not redraw (message: {board.message!r})"
    return board.png


def _line(artist):
    return np.asarray(artist.get_ydata(), float).copy()


def _below(a, se_a, b, se_b, k=K):
    """a is below b by more than k combined standard errors."""
    return b - a > k * np.hypot(se_a, se_b)


@pytest.fixture(scope="module")
def analog_board():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return analog_sgd_dashboard()


@pytest.fixture(scope="module")
def tt_board():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return tiki_taka_dashboard()


@pytest.fixture(scope="module")
def pulse_board():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return model_vs_pulses_dashboard()


# ---------------------------------------------------------------- construction and sliders
def test_device_dashboard_sliders_change_curves():
    board = device_dashboard()
    assert board.message == "" and board.png.startswith(b"\x89PNG")
    q0, trace0 = _line(board.lines["q_plus"]), _line(board.trace_lines[0])
    np.testing.assert_allclose(q0, 1 - np.linspace(-1, 1, 201))  # soft bounds, tau = 1: q_plus = 1 - w/tau
    _move(board, "tau", 2.0)
    assert board.lines["q_plus"].get_xdata().max() == pytest.approx(1.0)  # drawn against w / tau
    np.testing.assert_allclose(_line(board.lines["q_plus"]), q0)          # the same shape at every tau
    for family in families()[1:] + families()[:1]:
        _move(board, "device", family)
        assert board.message == "", family
        assert np.all(np.isfinite(_line(board.lines["G"])))
    _move(board, "device", "pow-step")
    g0 = _line(board.lines["G"])
    _move(board, "gamma_up", 1.0)
    assert not np.allclose(g0, _line(board.lines["G"]))
    assert board.lines["sym_fg"].get_xdata()[0] < -0.1  # gamma_up != gamma_down: the symmetric point leaves 0
    assert not board.sliders["gamma_up"].disabled
    _move(board, "device", "soft-bounds")
    assert board.sliders["gamma_up"].disabled
    _move(board, "noise", 0.5)
    assert len(_line(board.trace_lines[2])) > 0  # three noisy traces
    assert not np.allclose(_line(board.trace_lines[0])[: len(trace0)], trace0[: len(_line(board.trace_lines[0]))])


def test_device_dashboard_pulse_trace_saturates_softly():
    board = device_dashboard(states=50)
    trace = _line(board.trace_lines[0])
    assert len(trace) == 2 * 2 * 50 + 1
    assert 0.8 < trace.max() < 1.0  # approaches tau = 1 from below, never crosses it (w/tau with tau = 1)
    w, dw, ref = 0.0, 1.0 / 50, [0.0]  # noise-free pulses: w += dw q_plus(w), then w -= dw q_minus(w)
    for k in range(200):
        w = w + dw * (1 - w) if k < 100 else w - dw * (1 + w)
        ref.append(w)
    np.testing.assert_allclose(trace, ref, atol=1e-12)
    assert trace[-1] < -0.5  # the way down is faster than the way up: the asymmetry


def test_every_slider_of_every_dashboard_redraws(analog_board, tt_board, pulse_board):
    for board in (analog_board, tt_board, pulse_board):
        for name, slider in board.sliders.items():
            options = [v for _, v in slider.options] if hasattr(slider, "options") and name != "sweep" else None
            if name == "sweep":
                options = ["tau", "sigma2", "lr"]
            start = slider.value
            new = options[-1] if options[-1] != start else options[0]  # the last value is shared with other tests
            png = board.png
            _move(board, name, new)
            assert board.png != png, f"{name}: image unchanged"
            _move(board, name, start)


def test_slider_descriptions_for_browser_tests(analog_board, tt_board):
    for board in (analog_board, tt_board):
        assert board.sliders["tau"].description == "τ (tau)"
        assert board.sliders["lr"].description == "α (alpha)"
        assert board.sliders["sigma2"].description == "σ² (sigma²)"
        assert all(not s.continuous_update for n, s in board.sliders.items() if n != "sweep")


def test_analog_sliders_move_the_plotted_data(analog_board):
    b = analog_board
    y0 = _line(b.bands["analog-sgd"].line)
    _move(b, "tau", 2.0)
    y1 = _line(b.bands["analog-sgd"].line)
    assert y1[-20:].mean() < y0[-20:].mean()  # larger tau, lower floor
    _move(b, "sweep", "tau")
    assert list(b.floors["analog-sgd"].line.get_xdata()) == list(toy.ANALOG_GRID["tau"])
    assert b.floors["analog-sgd"].current.get_xdata()[0] == 2.0
    _move(b, "tau", 1.0)
    _move(b, "sweep", "lr")


def test_extreme_corners_show_a_message_not_a_traceback(analog_board):
    b = analog_board
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        b.set(tau=0.5, sigma2=1.0, lr=0.2)
    assert "Could not draw" not in b.message
    assert np.all(np.isfinite(_line(b.bands["analog-sgd"].line)))
    b.set(tau=1.0, sigma2=1e-2, lr=0.03)
    assert b.message == ""


def test_callback_errors_are_captured(analog_board):
    b = analog_board
    b.draw = lambda data: 1 / 0          # an instance attribute shadows the method
    try:
        b.sliders["init"].value = 0.5
    finally:
        del b.draw
    assert b.message.startswith("Could not draw this setting: ZeroDivisionError")
    assert "ZeroDivisionError" in b.output.outputs[0]["data"]["text/html"]   # shown in the dashboard itself
    _move(b, "init", 0.0)
    assert b.message == ""


# ---------------------------------------------------------------- the claims of notebook 02
DEFAULT = {"tau": 1.0, "sigma2": 1e-2, "lr": 0.03}


def test_analog_floor_above_digital_at_defaults(analog_board):
    a = analog_board.grid["analog-sgd"].sel(**DEFAULT)
    d = analog_board.grid["digital-sgd"].sel(sigma2=0.01, lr=0.03)
    assert _below(3 * d.floor, 3 * d.se, a.floor, a.se)  # several times


def test_analog_floor_does_not_vanish_with_alpha(analog_board):
    a = analog_board.grid["analog-sgd"].sel(tau=1.0, sigma2=0.01)
    d = analog_board.grid["digital-sgd"].sel(sigma2=0.01)
    assert _below(d.floor[0], d.se[0], d.floor[-1], d.se[-1])                 # digital falls with alpha
    assert _below(5 * d.floor[0], 5 * d.se[0], a.floor[0], a.se[0])           # analog floor stays 5x above at 0.01
    assert a.floor[0] > 0.5 * a.sel(lr=0.03).floor                            # and barely moves from 0.03 to 0.01


def test_analog_floor_falls_with_tau_and_grows_with_sigma(analog_board):
    by_tau = analog_board.grid["analog-sgd"].sel(sigma2=0.01, lr=0.03)
    f, se = by_tau.floor, by_tau.se
    assert np.all(_below(f[1:], se[1:], f[:-1], se[:-1]))
    by_sigma = analog_board.grid["analog-sgd"].sel(tau=1.0, lr=0.03)
    f, se = by_sigma.floor, by_sigma.se
    assert np.all(_below(f[:-1], se[:-1], f[1:], se[1:]))


def test_analog_floor_independent_of_init(analog_board):
    a = analog_board.grid["analog-sgd"].sel(**DEFAULT)
    for init in (-0.5, 0.5):
        p = toy.analog_sgd_point(1.0, 1e-2, 0.03, init)["analog-sgd"]
        assert abs(p.floor - a.floor) < K * np.hypot(p.se, a.se)


# ---------------------------------------------------------------- the claims of notebook 03
def test_pulse_level_matches_model_at_300_states(pulse_board):
    model, pulsed = pulse_board.model["analog-sgd"], pulse_board.pulsed(0.0).sel(states=300)
    ratio = pulsed.floor / model.floor
    assert np.all((ratio > 1 / 1.6) & (ratio < 1.6)), ratio  # "within a factor of about 1.5"
    for i in (0, 1, 2, 3):  # "they overlap at tau <= 2": within 3 s.e. plus 10 %
        assert abs(pulsed.floor[i] - model.floor[i]) < K * np.hypot(pulsed.se[i], model.se[i]) + 0.1 * model.floor[i]
    digital = pulse_board.model["digital-sgd"]
    assert np.all(_below(digital.floor, digital.se, pulsed.floor, pulsed.se))


def test_pulse_level_breaks_with_few_states(pulse_board):
    model, pulsed = pulse_board.model["analog-sgd"], pulse_board.pulsed(0.0).sel(states=3)
    assert np.all(_below(2 * model.floor, 2 * model.se, pulsed.floor, pulsed.se))


def test_pulse_noise_slider_moves_the_pulsed_curve(pulse_board):
    y0 = _line(pulse_board.bands["pulsed"].line)
    _move(pulse_board, "noise", 1.0)
    assert not np.allclose(y0, _line(pulse_board.bands["pulsed"].line))
    _move(pulse_board, "noise", 0.0)


# ---------------------------------------------------------------- the claims of notebook 04
def test_tiki_taka_below_analog_at_defaults(tt_board):
    at = {"tau": 0.5, "sigma2": 0.01, "lr": 0.01}
    tt, an = tt_board.grid["tiki-taka"].sel(**at), tt_board.grid["analog-sgd"].sel(**at)
    dg = tt_board.grid["digital-sgd"].sel(sigma2=0.01, lr=0.01)
    assert _below(3 * tt.floor, 3 * tt.se, an.floor, an.se)
    assert _below(dg.floor, dg.se, tt.floor, tt.se)  # digital lower still


def test_tiki_taka_floor_falls_with_alpha_analog_does_not(tt_board):
    for tau in toy.TT_GRID["tau"]:
        tt = tt_board.grid["tiki-taka"].sel(tau=tau, sigma2=0.01)
        f, se = tt.floor, tt.se
        assert np.all(_below(f[:-1], se[:-1], f[1:], se[1:])), (tau, f)  # strictly falls as alpha shrinks
        assert f[-1] / f[0] > 3  # alpha 0.1 -> 0.01: roughly in proportion
        a = tt_board.grid["analog-sgd"].sel(tau=tau, sigma2=0.01).floor
        assert a[-1] / a[0] < 2.0  # analog: flat within a factor 2 over a factor 10 in alpha


def test_tiki_taka_floor_grows_with_tau(tt_board):
    tt = tt_board.grid["tiki-taka"].sel(sigma2=0.01, lr=0.01)
    assert np.all(_below(tt.floor[:-1], tt.se[:-1], tt.floor[1:], tt.se[1:]))


def test_p_fluctuates_around_its_symmetric_point(tt_board):
    P = tt_board.grid["tiki-taka"].sel(tau=0.5, sigma2=0.01, lr=0.01).extra["P"]  # (runs, d, n)
    late = P[..., P.shape[-1] // 2:]
    assert abs(late.mean()) < 0.1 * late.std()
    assert late.std() > 0.005  # it does fluctuate


def test_beta_and_gamma_sliders_rerun_tiki_taka(tt_board):
    y0 = _line(tt_board.bands["tiki-taka"].line)
    _move(tt_board, "ratio", 3.0)
    y1 = _line(tt_board.bands["tiki-taka"].line)
    assert not np.allclose(y0, y1)
    _move(tt_board, "ratio", 1.0)
    np.testing.assert_allclose(_line(tt_board.bands["tiki-taka"].line), y0)


def test_corner_digital_above_analog(analog_board):
    """Notebook 02: at tau = 0.5, sigma^2 = 1, alpha = 0.2 the noise dominates and digital SGD is worse."""
    a = analog_board.grid["analog-sgd"].sel(tau=0.5, sigma2=1.0, lr=0.2)
    d = analog_board.grid["digital-sgd"].sel(sigma2=1.0, lr=0.2)
    assert _below(a.floor, a.se, d.floor, d.se)


def test_pulse_error_climbs_as_states_fall_and_with_noise(pulse_board):
    quiet, noisy = pulse_board.pulsed(0.0), pulse_board.pulsed(1.0)
    f, se = quiet.floor, quiet.se                                    # (tau, states)
    assert np.all(_below(f[:, 1:3], se[:, 1:3], f[:, 0:2], se[:, 0:2]))  # 30 < 10 < 3 states
    assert np.all(_below(f[:, 0], se[:, 0], noisy.floor[:, 0], noisy.se[:, 0]))  # noise, 3 states
    assert np.all(_below(f[2:, -1], se[2:, -1], noisy.floor[2:, -1], noisy.se[2:, -1]))  # noise, tau >= 1.5


def test_analog_improves_with_tau_in_the_tiki_taka_grid(tt_board):
    an = tt_board.grid["analog-sgd"].sel(sigma2=0.01, lr=0.01)
    assert np.all(_below(an.floor[1:], an.se[1:], an.floor[:-1], an.se[:-1]))
