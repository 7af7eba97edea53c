"""Stable, readable frames: every dashboard at every corner of its controls, and the notebooks' static figures.

At each corner (the product of every control's extremes, or an all-pairs cover of them when the product is
large) the dashboard must show no message, no text may be clipped or lie over another panel's data area,
no legend may lie inside any data area (dashboards keep theirs outside, at fixed places), every log axis
has at least 2 labelled ticks, and the axis limits and legend positions are those of every other corner.
The checker itself (:func:`aimc_edu.viz.frames.text_problems`) is shown to fail on broken figures.
"""

from __future__ import annotations

import itertools
import warnings

import ipywidgets as W
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from aimc_edu.dashboards import (analog_sgd_dashboard, beyond_tiki_taka_dashboard, device_dashboard,
                                  model_vs_pulses_dashboard, theory_dashboard, tiki_taka_dashboard)
from aimc_edu.experiments import beyond, toy
from aimc_edu.viz.frames import min_font_px, text_problems
from aimc_edu.viz.plots import figure_legend, new_figure, to_png
from aimc_edu.viz.style import presenting

MAX_PRODUCT = 32
"""Corners tried as a full product up to this many; beyond, an all-pairs cover of the extremes."""


def extremes(widget) -> list:
    """The two ends of a control's range (every option of a toggle or dropdown; for a multi-select, all and one)."""
    if isinstance(widget, W.SelectMultiple):
        options = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return [tuple(options), (options[-1],)]
    if isinstance(widget, (W.Dropdown, W.ToggleButtons)):
        return [o[1] if isinstance(o, tuple) else o for o in widget.options]
    if isinstance(widget, W.SelectionSlider):
        options = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return [options[0], options[-1]]
    if isinstance(widget, W.FloatLogSlider):
        return [widget.base ** widget.min, widget.base ** widget.max]
    return [widget.min, widget.max]


def corners(board) -> list[dict]:
    """Settings at the corners of the controls: the full product when small, else a greedy all-pairs cover
    (every pair of controls sees every pair of their extremes) that includes the all-low and all-high corners."""
    names = list(board.controls)
    ends = [extremes(board.controls[n]) for n in names]
    product = list(itertools.product(*ends))
    if len(product) <= MAX_PRODUCT:
        return [dict(zip(names, c)) for c in product]
    pairs = lambda c: {(i, j, repr(c[i]), repr(c[j])) for i, j in itertools.combinations(range(len(c)), 2)}
    chosen = [product[0], product[-1]]
    todo = set().union(*map(pairs, product)) - pairs(product[0]) - pairs(product[-1])
    while todo:
        best = max(product, key=lambda c: len(pairs(c) & todo))
        chosen.append(best)
        todo -= pairs(best)
    return [dict(zip(names, c)) for c in chosen]


def _frame(board, frame_controls: tuple) -> tuple:
    fig = board.figure
    renderer = fig.canvas.get_renderer()
    limits = tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale()) for ax in fig.axes)
    legends = tuple(tuple(np.round(lg.get_window_extent(renderer).bounds, 0)) for lg in fig.legends)
    return tuple(board.controls[n].value for n in frame_controls), limits, legends


def check_corners(board, frame_controls: tuple = ()) -> list[dict]:
    """Move ``board`` to every corner; assert the corner is drawn and readable, and the frame the same at every
    corner (per value of ``frame_controls``, the controls that choose what an axis shows). Returns the corners."""
    settings = corners(board)
    frames = {}
    for setting in settings:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            board.set(**setting)
        assert board.message == "", (setting, board.message)
        problems = text_problems(board.figure, strict_legends=True)
        assert problems == [], (setting, problems)
        key, limits, legends = _frame(board, frame_controls)
        first = frames.setdefault(key, (setting, limits, legends))
        assert limits == first[1], f"axis limits at {setting} differ from those at {first[0]}"
        assert legends == first[2], f"legends at {setting} moved from where they were at {first[0]}"
    return settings


def tick_values(axis) -> list[float]:
    """The values of the labelled ticks drawn on ``axis``."""
    return [float(t.get_text().replace("\u2212", "-")) for t in (tick.label1 for tick in axis._update_ticks())
            if t.get_visible() and t.get_text()]


def assert_grid_labels(axis, grid) -> None:
    """``axis`` is labelled at the grid values: all of them, or (crowded, e.g. in presentation mode) every other one."""
    grid = [float(v) for v in grid]
    labelled = tick_values(axis)
    assert labelled == pytest.approx(grid) or (presenting() and labelled == pytest.approx(grid[::2])), (labelled, grid)


# ---------------------------------------------------------------- the checker fails where it must
def test_checker_catches_clipping_overlap_legend_over_data_and_bare_log_axes():
    fig, (ax, other) = new_figure(2)
    ax.plot([0, 1], [0, 1], label="data")
    for a in (ax, other):
        a.set(xticks=[0.25, 0.75], yticks=[0.25, 0.75])
    assert text_problems(fig, strict_legends=True) == []
    ax.set_ylabel("a label far too long for this figure, it leaves through the top and the bottom " * 3)
    ax.legend(loc="center")                                  # right on top of the diagonal line
    other.set_yscale("log")
    other.set_ylim(1.5, 1.9)                                 # no decade, no labelled tick
    other.yaxis.set_minor_formatter("")
    fig.text(0.75, 0.5, "a note", ha="center")               # a figure text over the second panel
    problems = "\n".join(text_problems(fig))
    assert "axis label 'a label far too long" in problems and "is clipped" in problems
    assert "a legend covers data of axes 0" in problems
    assert "figure text 'a note' lies inside the data area of axes 1" in problems
    assert "log y-axis has 0 labelled tick(s)" in problems or "log y-axis has 1 labelled tick(s)" in problems
    assert "a legend lies inside the data area of axes 0" in "\n".join(text_problems(fig, strict_legends=True))


def test_checker_catches_crowded_ticks_and_passes_a_figure_legend():
    fig = Figure(figsize=(3.0, 3.0), layout="constrained")  # not resized in presentation mode
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([0, 1e6], [0, 1], label="data")
    ax.set_xticks(np.linspace(0, 1e6, 12), [f"{v:,.0f}" for v in np.linspace(0, 1e6, 12)])
    assert any("overlaps tick label" in p for p in text_problems(fig))
    fig, (ax,) = new_figure(1)
    ax.plot([0, 1], [0, 1], label="data")
    ax.set_xticks([0.25, 0.75])
    ax.set_yticks([0.25, 0.75])
    figure_legend(fig)
    assert text_problems(fig, strict_legends=True) == []
    if not presenting():
        assert min_font_px(fig, dpi=72) == pytest.approx(12.0)   # the course's legend and tick labels: 12 pt


# ---------------------------------------------------------------- every dashboard at every corner
def test_device_dashboard_corners():
    board = device_dashboard()
    assert len(check_corners(board)) >= 8
    ax_p = board.figure.axes[2]
    assert sorted(np.ravel([ln.get_ydata() for ln in ax_p.lines if "bounds" in str(ln.get_label())])) == [1.0, 1.0]
    assert [ln.get_ydata()[0] for ln in ax_p.lines if ln.get_linestyle() == ":"] == [-1.0, 1.0]


def test_analog_sgd_dashboard_corners():
    board = analog_sgd_dashboard()
    check_corners(board, frame_controls=("sweep",))
    for sweep, _ in zip(("lr", "tau", "sigma2"), range(3)):
        board.set(sweep=sweep, sigma2=0.01)
        grid = toy.noisy(toy.ANALOG_GRID["sigma2"]) if sweep == "sigma2" else toy.ANALOG_GRID[sweep]
        assert_grid_labels(board.ax_floor.xaxis, list(grid))
        assert len(tick_values(board.ax_floor.yaxis)) >= 3


def test_model_vs_pulses_dashboard_corners_and_visible_pulse_curve():
    board = model_vs_pulses_dashboard()
    check_corners(board)
    assert_grid_labels(board.ax_floor.xaxis, list(toy.PULSE_GRID["states"]))
    board.set(tau=1.0, states=300, noise=0.0)               # the pulse-level curve lies on Analog SGD's here
    pulsed, analog = board.bands["pulsed"].line, board.bands["analog-sgd"].line
    assert pulsed.get_marker() not in ("None", "", None) and pulsed.get_linestyle() != analog.get_linestyle()
    assert pulsed.get_zorder() > analog.get_zorder() and analog.get_linewidth() >= 2 * pulsed.get_linewidth()


def test_tiki_taka_dashboard_corners_and_p_panel():
    board = tiki_taka_dashboard()
    check_corners(board)
    assert_grid_labels(board.ax_floor.xaxis, list(toy.TT_GRID["lr"]))
    labels = {lab: h for h, lab in zip(*board.ax_p.get_legend_handles_labels())}
    assert labels["P: median of entries"] is board.p_band.line
    assert labels["P: 10-90% of entries"] is board.p_band.fill
    assert board.p_band.line.get_zorder() > max(ln.get_zorder() for ln in board.ax_p.lines if ln is not board.p_band.line)
    assert r"\gamma" in board.ax_loss.get_title() and board.guide.get_label() == r"$\propto \alpha$"
    lo, hi = board.ax_p.get_ylim()
    for setting in corners(board):                          # the 10-90% band and the entries inside the frame
        board.set(**setting)
        verts = board.p_band.fill.get_paths()[0].vertices[:, 1]
        assert lo <= verts.min() and verts.max() <= hi, setting
    from aimc_edu.algorithms import TikiTaka
    from aimc_edu.dashboards.nb04_tiki_taka import GAMMA
    from aimc_edu.devices import SoftBounds
    assert TikiTaka(0.1, 0.1, SoftBounds(1.0)).gamma == GAMMA   # the title's gamma is the one simulated


def test_beyond_dashboard_corners():
    board = beyond_tiki_taka_dashboard()
    check_corners(board)
    assert_grid_labels(board.ax_floor.xaxis, list(beyond.GRID["lr"]))
    assert_grid_labels(board.ax_p.xaxis, list(beyond.GRID["p"]))


@pytest.fixture(scope="module")
def theory_board():
    return theory_dashboard(runs=8)


def test_theory_dashboard_corners_readable(theory_board):
    """Notebook 05's dashboard (helper theorynn's module): every corner it draws is readable."""
    drawn = 0
    for setting in corners(theory_board):
        theory_board.set(**setting)
        if theory_board.message.startswith("Could not draw"):
            continue                                         # see the next test
        drawn += 1
        assert text_problems(theory_board.figure, strict_legends=True) == [], setting
    assert drawn >= len(corners(theory_board)) // 2


def test_theory_dashboard_corners_draw_or_say_why_not(theory_board):
    """Notebook 05's corners either draw, or (where the small-alpha theory cannot hold: alpha h'(w_bar) >= 1, or the
    increments reach tau) say so in one line naming alpha; never another error, at most one corner in six."""
    refused = []
    for setting in corners(theory_board):
        theory_board.set(**setting)
        if theory_board.message:
            refused.append(setting)
            assert theory_board.message.startswith("Could not draw this setting: ValueError: alpha = "), \
                (setting, theory_board.message)
            assert "too large here" in theory_board.message or "leave the range" in theory_board.message
    assert 6 * len(refused) <= len(corners(theory_board)), refused


def test_neural_net_dashboard_tiny_runs_readable():
    """Notebook 06's dashboard, one epoch of one algorithm (about a second a run) at the model x tau corners."""
    from aimc_edu.dashboards import NeuralNetDashboard

    board = NeuralNetDashboard(epochs=1)
    board.controls["algorithms"].value = board.controls["algorithms"].value[-1:]
    for model, tau in itertools.product(("fcn", "cnn"), extremes(board.controls["tau"])):
        board.set(model=model, tau=tau)
        board.run()
        assert board.message == "", (model, tau, board.message)
        assert text_problems(board.figure, strict_legends=True) == [], (model, tau)


# ---------------------------------------------------------------- the image carries its size for the browser
def test_image_carries_css_width_and_smallest_font():
    board = device_dashboard()
    html = board.output.outputs[0]["data"]["text/html"]
    width = round(board.figure.get_figwidth() * board.dpi)
    assert f"data-css-width='{width}'" in html and "alt='dashboard figure'" in html
    assert f"data-min-font-px='{board.min_font_px():.2f}'" in html
    if not presenting():
        assert board.min_font_px() == pytest.approx(12.0)   # legend and tick labels at the course's 12 pt, 72 dpi


# ---------------------------------------------------------------- the notebooks' static figures
def _static_figures():
    from aimc_edu import paper
    from aimc_edu.experiments import intuitions
    from aimc_edu.experiments import per_sample as ps
    from aimc_edu.experiments.beyond_theory import penalty_curves
    from aimc_edu.viz import beyond as vb
    from aimc_edu.viz import course, figures

    yield "00 fig2", lambda: paper.figure("fig2")
    yield "00 crossbar", lambda: course.draw_crossbar(intuitions.crossbar_example())
    yield "03 four models", lambda: figures.draw_four_models(ps.four_models())
    yield "03 stuck", lambda: figures.draw_stuck(ps.stuck_equilibrium())
    yield "04 fast array", lambda: course.draw_fast_array(intuitions.fast_array_size())
    yield "04 friction", lambda: (lambda t: course.draw_friction(t.steps, t.loss_gap.mean(axis=-2),
                                                                 t.grid["gamma"]))(intuitions.friction())
    yield "04 shifted", lambda: course.draw_shifted(intuitions.shifted_symmetric_point(),
                                                    {"p": np.linspace(0, 0.3, 31),
                                                     "offset": intuitions.shifted_offset(np.linspace(0, 0.3, 31))})
    yield "05 rates", lambda: course.draw_rates(intuitions.rates())
    yield "05 sandwich", lambda: course.draw_sandwich(intuitions.sandwich())
    yield "07 penalty", lambda: vb.draw_penalty(penalty_curves(lr=0.01, runs=6, dim=8))
    yield "07 follow-up toy", lambda: vb.draw_followup_toy(beyond.followup_toy(runs=2))


@pytest.mark.parametrize("name,make", list(_static_figures()), ids=[n for n, _ in _static_figures()])
def test_static_figures_of_the_notebooks_are_readable(name, make):
    fig = make()
    to_png(fig)                                              # what the notebook shows (texts fitted to their room)
    assert text_problems(fig) == []


# ---------------------------------------------------------------- a text that grows gets its room back
def test_a_title_up_to_its_axes_width_is_blitted_a_longer_one_wrapped_and_laid_out():
    from aimc_edu.dashboards import Dashboard, select_slider

    class Growing(Dashboard):
        def __init__(self):
            fig, (self.ax,) = new_figure(1, width=4.0)
            (self.line,) = self.ax.plot([], [])
            self.ax.set(xlim=(0, 1), ylim=(0, 1))
            super().__init__({"n": select_slider("n", (1, 2, 8), 1)}, fig, [["n"]])

        def compute(self, n):
            return n

        def draw(self, n):
            self.line.set_data([0, 1], [0, n / 8])
            self.ax.set_title(" ".join(["a long title word"] * n))
            return ""

    board = Growing()
    draws = board.full_draws
    board.controls["n"].value = 2                            # wider, but within the axes' width: blitted
    assert board.full_draws == draws and text_problems(board.figure, strict_legends=True) == []
    assert board.ax.title.get_window_extent().width < board.ax.get_window_extent().width
    board.controls["n"].value = 1                            # narrower: blitted
    assert board.full_draws == draws
    board.controls["n"].value = 8                            # wider than the axes: wrapped onto lines, laid out
    assert board.full_draws == draws + 1 and "\n" in board.ax.get_title()
    assert text_problems(board.figure, strict_legends=True) == []


def test_a_frame_seen_before_is_restored_pixel_for_pixel_and_primed_frames_are_never_drawn_on_a_move():
    from aimc_edu.dashboards import Dashboard

    class Panels(Dashboard):
        """A toggle that changes the x range and the tick labels (so the layout) of the only panel."""

        def __init__(self, prime=()):
            fig, (self.ax,) = new_figure(1, width=4.0)
            (self.line,) = self.ax.plot([], [])
            self.label = self.ax.text(0.5, 0.5, "", transform=self.ax.transAxes)
            super().__init__({"x": W.ToggleButtons(options=[1, 1000, 1e6])}, fig, [["x"]], prime=prime)

        def compute(self, x):
            return x

        def draw(self, x):
            self.ax.set(xlim=(0, x), ylim=(0, 1), title=f"x up to {x:g}")
            self.line.set_data([0, x], [0, 0.5])
            self.label.set_text("a note that appears" if x > 1 else "")
            return ""

    board = Panels()
    shown = {1: board.png}
    for x in (1000, 1e6):
        board.controls["x"].value = x
        shown[x] = board.png
    assert board.full_draws == 3                           # three frames: each drawn once
    for x in (1, 1000, 1e6, 1000, 1):                      # back to each: restored, identical to the first time
        board.controls["x"].value = x
        assert board.png == shown[x], x
        assert text_problems(board.figure, strict_legends=True) == []
    assert board.full_draws == 3
    primed = Panels(prime=("x",))
    draws = primed.full_draws
    assert draws == 3 and primed.controls["x"].value == 1 and primed.png == shown[1]
    for x in (1e6, 1000, 1):
        primed.controls["x"].value = x
        assert primed.png == shown[x]
    assert primed.full_draws == draws


def test_analog_sgd_right_panel_buttons_never_redraw_the_frame_on_a_move():
    board = analog_sgd_dashboard()
    draws = board.full_draws
    for sweep in ("tau", "sigma2", "lr", "sigma2", "tau", "lr"):
        board.controls["sweep"].value = sweep
        assert not board.message and text_problems(board.figure, strict_legends=True) == []
    assert board.full_draws == draws
