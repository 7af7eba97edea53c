"""Dashboards built headless: sliders move the data, nothing escapes, and every claim the notebooks make holds.

Statistical claims compare means over seeds with k standard errors (k = 3 unless stated),
using the dashboards' own precomputed data (8 seeds, 6 for the pulse-level runs). The floors of
notebooks 02 and 04 are stationary floors (runs started in the stationary regime, t = alpha k scaled);
tests/test_stationary.py checks that they are stationary and match the closed forms.
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
    level = b.levels["analog-sgd"].get_ydata()[0]        # the dashed stationary floor on the left panel
    assert level == pytest.approx(float(b.grid["floors"]["analog-sgd"].sel(tau=2.0, sigma2=0.01, lr=0.03)["floor"]))
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


def _floors(board, name):
    return board.grid["floors"][name]


def test_analog_floor_above_digital_at_defaults(analog_board):
    a = _floors(analog_board, "analog-sgd").sel(**DEFAULT)
    d = _floors(analog_board, "digital-sgd").sel(sigma2=0.01, lr=0.03)
    assert _below(3 * d["floor"], 3 * d["se"], a["floor"], a["se"])  # several times


def test_analog_floor_does_not_vanish_with_alpha(analog_board):
    a = _floors(analog_board, "analog-sgd").sel(tau=1.0, sigma2=0.01)
    d = _floors(analog_board, "digital-sgd").sel(sigma2=0.01)
    assert _below(d["floor"][0], d["se"][0], d["floor"][-1], d["se"][-1])                 # digital falls with alpha
    assert _below(5 * d["floor"][0], 5 * d["se"][0], a["floor"][0], a["se"][0])           # analog 5x above at 0.01
    bias = float(analog_board.grid["theory"].sel(tau=1.0, sigma2=0.01, lr=0.01)["bias"])
    assert a["floor"][0] > bias - K * a["se"][0]                                          # it stays above its bias


def test_analog_floor_falls_with_tau_and_grows_with_sigma(analog_board):
    by_tau = _floors(analog_board, "analog-sgd").sel(sigma2=0.01, lr=0.03)
    f, se = by_tau["floor"], by_tau["se"]
    assert np.all(_below(f[1:], se[1:], f[:-1], se[:-1]))
    by_sigma = _floors(analog_board, "analog-sgd").sel(tau=1.0, lr=0.03)
    f, se = by_sigma["floor"], by_sigma["se"]
    assert np.all(_below(f[:-1], se[:-1], f[1:], se[1:]))


def test_analog_floor_stops_growing_for_large_noise(analog_board):
    """The implicit penalty pins W_bar near 0 for large noise: at tau = 0.5 the floor bends over towards f(0) - f*
    (sigma^2 0.1 -> 1 multiplies it by less than 3, while 1e-3 -> 1e-2 multiplies it by more than 3; alpha = 0.01)."""
    f = _floors(analog_board, "analog-sgd").sel(tau=0.5, lr=0.01)["floor"]
    assert f[-1] / f[-2] < 3.0 and f[1] / f[0] > 3.0


def test_analog_floor_independent_of_init(analog_board):
    a = analog_board.grid["curves"]["analog-sgd"].sel(**DEFAULT)
    for init in (-0.5, 0.5):
        p = toy.analog_sgd_point(1.0, 1e-2, 0.03, init)["analog-sgd"]
        assert abs(p.floor - a.floor) < K * np.hypot(p.se, a.se)


def test_implicit_penalty_theory_matches_the_analog_floors(analog_board):
    """Analog SGD = SGD on f + sum_i E|g_i| W_i^2 / (2 tau): the theory's floor (bias at the penalised minimiser plus
    the linearised noise part) against every stationary floor of the grid. Tolerance: 4 s.e. plus 5% of the
    theory (the linear-Gaussian model's own error, measured at most 4%) where the increments stay inside the range
    (sigma^2 <= 0.1); at sigma^2 = 1 the model is only claimed within 15% (weights leave the range there)."""
    sim, theory = _floors(analog_board, "analog-sgd"), analog_board.grid["theory"]
    assert list(sim.grid["sigma2"]) == list(theory.grid["sigma2"])
    err = np.abs(sim["floor"] - theory["floor"])
    inside = np.asarray(theory.grid["sigma2"]) <= 0.1
    assert np.all((err < 4 * sim["se"] + 0.05 * theory["floor"])[:, inside]), (sim["floor"] / theory["floor"])
    assert np.all((err < 4 * sim["se"] + 0.15 * theory["floor"])[:, ~inside])
    assert np.allclose(theory["bias"], theory["bias"][..., :1])                  # the bias part is alpha-free


def test_no_noise_no_floor(analog_board):
    """sigma^2 = 0 (error 4): the extra term vanishes at the optimum, so f - f* keeps falling (monotone, and still
    shrinking by a factor over the second half of the run: no floor) below Analog SGD's floor at the smallest noise
    of the grid; the right panel shows a note instead of floors. At tau = 0.5 it falls to the box limit instead."""
    b = analog_board
    curves = b.grid["curves"]["analog-sgd"]
    for lr in toy.ANALOG_GRID["lr"]:
        med = curves.sel(tau=1.0, sigma2=0.0, lr=lr).band[1]
        assert np.all(np.diff(med) <= 1e-15), lr                                   # monotone: no noise
        assert med[-1] < 0.7 * med[len(med) // 2] or med[-1] < 1e-12, lr          # still falling
        assert med[-1] < float(_floors(b, "analog-sgd").sel(tau=1.0, sigma2=1e-3, lr=lr)["floor"]), lr
    box = float(b.grid["box"].sel(tau=0.5)["box"])
    med = curves.sel(tau=0.5, sigma2=0.0, lr=0.2).band[1]
    assert box < med[-1] < 1.05 * box                                               # stops at the box limit
    _move(b, "sigma2", 0.0)
    assert b.note.get_text().startswith("σ² = 0") and len(b.floors["analog-sgd"].line.get_xdata()) == 0
    _move(b, "sigma2", 1e-2)
    assert b.note.get_text() == "" and len(b.floors["analog-sgd"].line.get_xdata()) == len(toy.ANALOG_GRID["lr"])


def test_soft_bounds_do_not_contain_gaussian_increments():
    """Error 3: with |dw| unbounded the invariant's condition fails; at tau = 0.5, sigma^2 = 1, alpha = 0.2 weights
    leave [-tau, tau] (notebook 02 says 'about 2'); at the defaults they stay well inside."""
    from aimc_edu import AnalogSGD, SoftBounds, fig3_problem, simulate
    corner = simulate(fig3_problem(), AnalogSGD(0.2, SoftBounds(0.5)), 2500, runs=8, sigma=1.0, record_every=25)
    assert 1.5 < corner.max_saturation() < 3.0
    default = simulate(fig3_problem(), AnalogSGD(0.03, SoftBounds(1.0)), 2500, runs=8, sigma=0.1, record_every=25)
    assert default.max_saturation() < 0.7


def test_box_limit_line(analog_board, tt_board):
    """Error 1: at tau = 0.5 two coordinates of w* (max 0.642) lie outside the range and the best value inside is
    2.08e-3 (KKT: free coordinates have zero gradient, bound ones push outward); the line is drawn only there."""
    from aimc_edu import fig3_problem
    from aimc_edu.theory.stationary import box_optimum
    p = fig3_problem()
    assert np.abs(p.minimizer).max() == pytest.approx(0.6425, abs=1e-4)
    W, gap = box_optimum(p.hessian, p.minimizer, 0.5)
    grad = (W - p.minimizer) @ p.hessian
    free = np.abs(W) < 0.5 - 1e-9
    assert np.abs(grad[free]).max() < 1e-9 and np.all(grad[~free] * np.sign(W[~free]) <= 1e-12)
    assert float(gap) == pytest.approx(2.08e-3, rel=0.01) and (~free).sum() == 2
    for board in (analog_board, tt_board):
        assert float(board.grid["box"].sel(tau=0.5)["box"]) == pytest.approx(float(gap))
        assert float(board.grid["box"].sel(tau=1.0)["box"]) == 0.0
        _move(board, "tau", 0.5)
        assert board.box[0].get_ydata()[0] == pytest.approx(float(gap))
        _move(board, "tau", 1.0)
        assert len(board.box[0].get_ydata()) == 0


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


def test_pulse_slice_is_the_grid_slice_bit_for_bit():
    """A new pulse-noise level is computed one tau at a time (what the dashboard shows); the grid is its slices."""
    grid = toy.pulsed_grid(0.3, steps=100, runs=2)
    for tau in (0.5, 2.0):
        alone, here = toy.pulsed_slice.__wrapped__(0.3, tau, steps=100, runs=2), grid.sel(tau=tau)
        for name in ("band", "floor", "se", "steps"):
            np.testing.assert_array_equal(getattr(here, name), getattr(alone, name))
        np.testing.assert_array_equal(here.grid["states"], alone.grid["states"])
    assert grid.floor.shape == (len(toy.PULSE_GRID["tau"]), len(toy.PULSE_GRID["states"]))
    assert not np.array_equal(grid.floor[0], grid.floor[1])       # every tau its own runs


def test_pulse_noise_slider_moves_the_pulsed_curve(pulse_board):
    y0 = _line(pulse_board.bands["pulsed"].line)
    _move(pulse_board, "noise", 1.0)
    assert not np.allclose(y0, _line(pulse_board.bands["pulsed"].line))
    shown = pulse_board.compute(1.0, 300, 1.0)["pulsed"]            # computed for the tau shown only ...
    np.testing.assert_array_equal(shown.band, pulse_board.pulsed(1.0).sel(tau=1.0).band)   # ... the grid's slice
    _move(pulse_board, "noise", 0.0)


# ---------------------------------------------------------------- the claims of notebook 04
def test_tiki_taka_defaults_have_the_optimum_inside_the_range(tt_board):
    """Error 1: the default tau holds every coordinate of w*, so f* is reachable (no box line)."""
    from aimc_edu import fig3_problem
    assert np.abs(fig3_problem().minimizer).max() < toy.TT_DEFAULTS["tau"]
    assert float(tt_board.grid["box"].sel(tau=toy.TT_DEFAULTS["tau"])["box"]) == 0.0


def test_tiki_taka_below_analog_at_defaults(tt_board):
    """At the defaults Tiki-Taka's floor is about half of Analog SGD's, and at alpha = 0.001 ten or more times lower."""
    tt, an = _floors(tt_board, "tiki-taka"), _floors(tt_board, "analog-sgd")
    at = {"tau": 1.0, "sigma2": 0.01}
    t, a = tt.sel(**at, lr=0.01), an.sel(**at, lr=0.01)
    assert _below(1.5 * t["floor"], 1.5 * t["se"], a["floor"], a["se"])
    d = _floors(tt_board, "digital-sgd").sel(sigma2=0.01, lr=0.01)
    assert _below(d["floor"], d["se"], t["floor"], t["se"])                       # digital lower still
    t, a = tt.sel(**at, lr=0.001), an.sel(**at, lr=0.001)
    assert _below(10 * t["floor"], 10 * t["se"], a["floor"], a["se"])


def test_tiki_taka_floor_proportional_to_alpha_analog_flat(tt_board):
    """Where the optimum fits (tau = 1, 2): Tiki-Taka's floor falls strictly with alpha, with a log-log slope
    near 1 (the dash-dotted guide); over the four smallest alpha (a factor 30) Analog SGD's varies by less than a
    factor 1.5 (2 at sigma^2 = 0.1: its noise part) while Tiki-Taka's falls more than 10-fold."""
    lrs = np.asarray(toy.TT_GRID["lr"])
    for tau in (1.0, 2.0):
        for s2 in toy.TT_GRID["sigma2"]:
            tt = _floors(tt_board, "tiki-taka").sel(tau=tau, sigma2=s2)
            f, se = tt["floor"], tt["se"]
            assert np.all(_below(f[:-1], se[:-1], f[1:], se[1:])), (tau, s2, f)
            slope = np.polyfit(np.log(lrs), np.log(f), 1)[0]
            assert 0.8 < slope < 1.2, (tau, s2, slope)
            a = _floors(tt_board, "analog-sgd").sel(tau=tau, sigma2=s2)["floor"][:4]
            assert a.max() / a.min() < (1.5 if s2 <= 0.01 else 2.0), (tau, s2, a)
            assert f[3] / f[0] > 10


def test_tiki_taka_crosses_analog_sgd_at_tau_2(tt_board):
    """At tau = 2, sigma^2 = 0.01 Tiki-Taka starts above Analog SGD (alpha = 0.1) and ends below it (alpha = 0.001);
    the guide is a line of slope 1 in log-log."""
    tt = _floors(tt_board, "tiki-taka").sel(tau=2.0, sigma2=0.01)
    an = _floors(tt_board, "analog-sgd").sel(tau=2.0, sigma2=0.01)
    assert _below(an["floor"][-1], an["se"][-1], tt["floor"][-1], tt["se"][-1])
    assert _below(tt["floor"][0], tt["se"][0], an["floor"][0], an["se"][0])
    _move(tt_board, "tau", 2.0)
    guide = tt_board.guide.get_ydata()
    assert np.allclose(np.diff(np.log(guide)), np.diff(np.log(toy.TT_GRID["lr"])))
    _move(tt_board, "tau", 1.0)


def test_tiki_taka_levels_off_at_the_box_limit(tt_board):
    """At tau = 0.5 no floor goes below the best value inside the range; Tiki-Taka's approaches it (within 40% at
    alpha = 0.001) instead of falling to 0."""
    box = float(tt_board.grid["box"].sel(tau=0.5)["box"])
    for s2 in toy.TT_GRID["sigma2"]:
        for name in ("tiki-taka", "analog-sgd"):
            f = _floors(tt_board, name).sel(tau=0.5, sigma2=s2)
            assert np.all(f["floor"] > box - K * f["se"]), (name, s2)
    assert _floors(tt_board, "tiki-taka").sel(tau=0.5, sigma2=0.01, lr=0.001)["floor"] < 1.4 * box


def test_tiki_taka_floor_grows_with_tau(tt_board):
    tt = _floors(tt_board, "tiki-taka").sel(sigma2=0.01, lr=0.01)
    assert _below(tt["floor"][1], tt["se"][1], tt["floor"][2], tt["se"][2])       # tau 1 -> 2 (0.5 is box-limited)


def test_p_fluctuates_around_its_symmetric_point(tt_board):
    P = tt_board.grid["curves"]["tiki-taka"].sel(tau=1.0, sigma2=0.01, lr=0.01).extra["P"]  # (runs, d, n)
    late = P[..., P.shape[-1] // 2:]
    assert abs(late.mean()) < 0.1 * late.std()
    assert late.std() > 0.005  # it does fluctuate


def test_analog_improves_with_tau_in_the_tiki_taka_grid(tt_board):
    an = _floors(tt_board, "analog-sgd").sel(sigma2=0.01, lr=0.01)
    assert np.all(_below(an["floor"][1:], an["se"][1:], an["floor"][:-1], an["se"][:-1]))


def test_corner_digital_above_analog(analog_board):
    """Notebook 02: at tau = 0.5, sigma^2 = 1, alpha = 0.2 the noise dominates and digital SGD is worse."""
    a = _floors(analog_board, "analog-sgd").sel(tau=0.5, sigma2=1.0, lr=0.2)
    d = _floors(analog_board, "digital-sgd").sel(sigma2=1.0, lr=0.2)
    assert _below(a["floor"], a["se"], d["floor"], d["se"])


def test_pulse_error_climbs_as_states_fall_and_with_noise(pulse_board):
    quiet, noisy = pulse_board.pulsed(0.0), pulse_board.pulsed(1.0)
    f, se = quiet.floor, quiet.se                                    # (tau, states)
    assert np.all(_below(f[:, 1:3], se[:, 1:3], f[:, 0:2], se[:, 0:2]))  # 30 < 10 < 3 states
    assert np.all(_below(f[:, 0], se[:, 0], noisy.floor[:, 0], noisy.se[:, 0]))  # noise, 3 states
    # noise at 300 states, tau >= 2 (the notebook: "most visibly at large tau"). At tau = 1.5 the rise is about
    # +20% (40 seeds: 0.0144 -> 0.0170), while 3 combined s.e. of 6 seeds are about 15%: no margin for a claim.
    assert np.all(_below(f[3:, -1], se[3:, -1], noisy.floor[3:, -1], noisy.se[3:, -1]))
