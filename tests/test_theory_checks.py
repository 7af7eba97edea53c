"""Notebook 05's dashboard: the precomputed grid, its scaling, the drawing, clamped inputs, messages
(its exercises: tests/test_exercises.py; the formulas' printing: tests/test_theory_printing.py)."""

import itertools
import warnings

import numpy as np
import pytest
from conftest import Z

from aimc_edu.dashboards import theory_dashboard
from aimc_edu.devices import SoftBounds
from aimc_edu.experiments.theory_grid import DEFAULTS, GRID, theory_grid, theory_setting
from aimc_edu.viz.theory import draw_theory_point


@pytest.fixture(scope="module")
def grid():
    return theory_grid()


def test_scaled_update_is_the_update():
    """One step of Analog SGD in units of the range, x = w/tau with a = alpha L, s = sigma/(L tau), x* = w*/tau, is
    the reader's step divided by tau (what lets 1,200 settings share 378 runs), for any w, xi."""
    rng = np.random.default_rng(0)
    tau, L, w_star, alpha, sigma = 0.5, 2.0, -1.0, 0.04, 0.7
    w, xi = rng.uniform(-tau, tau, 1000), rng.standard_normal(1000)
    g = L * (w - w_star) + sigma * xi
    step = SoftBounds(tau).update(w[:, None], -alpha * g[:, None])[:, 0]
    x, a, s = w / tau, alpha * L, sigma / (L * tau)
    u = (x - w_star / tau) + s * xi
    np.testing.assert_allclose(SoftBounds(1.0).update(x[:, None], -a * u[:, None])[:, 0], step / tau, rtol=1e-12)
    mirrored = SoftBounds(1.0).update(-x[:, None], a * u[:, None])[:, 0]          # w* -> -w*, xi -> -xi
    np.testing.assert_allclose(mirrored, -step / tau, rtol=1e-12)


def test_every_setting_is_in_the_grid_and_the_frames_cover_it(grid):
    settings = list(itertools.product(*GRID.values()))
    assert len(settings) == 1200 and grid["valid"].size == 1200 and grid["valid"].mean() >= 0.9
    lim = grid["limits"]
    for values in settings[::37]:
        setting = dict(zip(GRID, values))
        try:
            d = theory_setting(grid, **setting)
        except ValueError:
            continue
        p = d["predicted"]
        assert lim["loss"][0] < min(p["digital_floor"], p["analog_floor"]) and d["analog"]["band"].max() < lim["loss"][1]
        x_lo, x_hi = lim["x"]                      # the late weights in units of the range lie inside the frame
        assert np.mean((d["analog"]["w"] / setting["tau"] > x_lo) & (d["analog"]["w"] / setting["tau"] < x_hi)) > 0.99


def test_grid_matches_the_derived_stationary_law(grid):
    """At the default setting the late iterates' mean agrees with E[w] of the theory within 4 s.e. (per-run means)
    plus the O(alpha^2) the expansion neglects; digital SGD's with w*; the late loss with the derived floors (10%)."""
    d = theory_setting(grid, **DEFAULTS)
    runs = grid["runs"]
    for key, target in (("analog", d["predicted"]["mean"]), ("digital", DEFAULTS["w_star"])):
        per_run = d[key]["w"].reshape(runs, -1).mean(1)
        se = per_run.std(ddof=1) / np.sqrt(runs)
        assert abs(per_run.mean() - target) < Z * se + DEFAULTS["alpha"] ** 2, key


def test_theory_point_and_drawing(grid):
    data = theory_setting(grid, **DEFAULTS)
    assert np.all(np.isfinite(data["analog"]["w"])) and data["analog"]["band"].shape[0] == 3
    p = data["predicted"]
    assert p["analog_floor"] > p["analog_floor_small_lr"] > 0 and p["digital_floor"] > 0
    fig = draw_theory_point(data, limits=grid["limits"])
    assert len(fig.axes) == 2 and len(fig.legends) == 1
    board = theory_dashboard()
    assert board.output in board.widget.children and board.renders == 1 and board.message == ""


def test_title_shows_the_values_as_chosen():
    board = theory_dashboard()
    board.set(sigma2=0.0625, tau=0.25, L=0.5, w_star=-0.5, alpha=0.01)
    title = board.figure.axes[0].get_title(loc="left").replace("\n", " ")    # long titles wrap between items
    assert title == r"$\sigma^2$ = 0.0625, $\tau$ = 0.25, $L$ = 0.5, $w^*$ = -0.5, $\alpha$ = 0.01"
    assert [w.value for w in board.controls.values()] == [0.0625, 0.25, 0.5, -0.5, 0.01]
    assert all(isinstance(o, tuple) and o[0] == f"{o[1]:g}" for w in board.controls.values() for o in w.options)


def test_sliders_recompute_and_move_the_prediction():
    """Each slider redraws without warnings and without changing the frame; the derived floor moves the way the
    theory says: it falls as tau grows and rises with sigma^2 (f - f* ~ sigma^2 (w*/tau)^2 / (pi L (1 + kappa)^2))."""
    board = theory_dashboard()
    frame = board._frame()
    floors = [board.data["predicted"]["analog_floor"]]
    for name, value in (("tau", 2.0), ("sigma2", 4.0), ("L", 2.0), ("w_star", -1.0), ("alpha", 0.02)):
        before = board.renders
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            board.sliders[name].value = value
        assert board.renders == before + 1 and board.message == "", (name, board.message)
        assert board.data["params"][name] == pytest.approx(value)
        floors.append(board.data["predicted"]["analog_floor"])
        assert board._frame() == frame                       # limits from the whole grid: the frame never moves
    assert floors[1] < floors[0]          # larger tau: smaller floor
    assert floors[2] > floors[1]          # larger sigma^2: larger floor
    assert board.panels.floor.get_ydata()[0] == pytest.approx(board.data["predicted"]["analog_floor"])
    assert board.full_draws == 1                            # only the data artists were redrawn


def test_legend_and_texts_stay_off_the_data_at_every_corner():
    board = theory_dashboard()
    fig = board.figure
    for values in itertools.product(*((v[0], v[-1]) for v in GRID.values())):
        board.set(**dict(zip(GRID, values)))
        renderer = fig.canvas.get_renderer()
        legend = fig.legends[0].get_window_extent(renderer)
        for ax in fig.axes:
            assert not legend.overlaps(ax.get_window_extent(renderer))
            for text in (ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label):
                box = text.get_window_extent(renderer)
                if text.get_text().strip():
                    assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, (values, text.get_text())
                    assert not any(box.overlaps(other.get_window_extent(renderer)) for other in fig.axes
                                   if text in (ax.title, ax._left_title)), text.get_text()


def test_unstable_corner_shows_a_message_not_a_traceback():
    board = theory_dashboard()
    board.set(tau=0.25, L=2.0, sigma2=4.0, alpha=0.16)
    assert board.message.startswith("Could not draw") and "alpha" in board.message


@pytest.mark.parametrize("name", sorted(GRID))
def test_off_grid_values_are_refused(grid, name):
    bad = {**DEFAULTS, name: GRID[name][-1] * 10 + 1}
    with pytest.raises(ValueError, match=name):
        theory_setting(grid, **bad)


def test_response_check_figure_is_readable_in_the_device_palette():
    """The 4-panel check: F and G in the device colours (one palette per meaning), 2 x 2 panels 8 inches wide (shown
    at its natural 800 px by image(fig, dpi=100)), legend text >= 12 px there, one legend outside the panels."""
    from aimc_edu import ExpStep, LinearStep, PowStep
    from aimc_edu.experiments.theory_checks import response_check
    from aimc_edu.viz.style import series
    from aimc_edu.viz.theory import draw_response_check

    fig = draw_response_check(response_check([SoftBounds(tau=1.3, sym_point=0.2), LinearStep(0.15, 0.4, -0.7, 0.9),
                                              PowStep(0.6, 1.7, -0.5, 0.8), ExpStep()]))
    assert fig.get_figwidth() * 100 <= 800
    (legend,) = fig.legends
    assert min(t.get_fontsize() for t in legend.get_texts()) * 100 / 72 >= 12
    for ax in fig.axes:
        colours = [line.get_color() for line in ax.lines[:2]]
        assert colours == [series("F")[1], series("G")[1]]
        assert ax.get_legend() is None
