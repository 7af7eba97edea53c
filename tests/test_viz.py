"""Plot builders: data in, artists moved in place, PNG out; colours follow the course palette."""

from __future__ import annotations

import numpy as np
import pytest

from aimc_edu import paper
from aimc_edu.devices import PowStep, SoftBounds
from aimc_edu.experiments.devices import response_curves
from aimc_edu.viz import plots
from aimc_edu.viz.style import color, series


def test_band_and_floor_curve_move_in_place():
    fig, (ax_l, ax_r) = plots.new_figure(2)
    bands = plots.loss_panel(ax_l, ["digital-sgd", "analog-sgd"])
    floors = plots.floor_panel(ax_r, ["analog-sgd"])
    line_id = id(bands["analog-sgd"].line)
    x = np.arange(5.0)
    band = np.stack([x + 1, x + 2, x + 3])
    bands["analog-sgd"].set_data(x, band)
    assert id(bands["analog-sgd"].line) == line_id
    np.testing.assert_allclose(bands["analog-sgd"].line.get_ydata(), x + 2)
    verts = bands["analog-sgd"].fill.get_paths()[0].vertices
    assert verts[:, 1].min() == pytest.approx(1.0) and verts[:, 1].max() == pytest.approx(7.0)
    floors["analog-sgd"].set_data([0.01, 0.1], [0.02, 0.03], [0.001, 0.001], current=1)
    assert list(floors["analog-sgd"].current.get_xdata()) == [0.1]
    plots.log_limits(ax_l, band)
    lo, hi = ax_l.get_ylim()
    assert lo == pytest.approx(0.5) and hi == pytest.approx(14.0)
    assert bands["analog-sgd"].line.get_color() == color("analog-sgd")
    assert ax_l.get_yscale() == "log" and ax_r.get_yscale() == "log"
    assert ax_l.get_ylabel() and ax_r.get_xlabel() and ax_r.get_ylabel()
    png = plots.to_png(fig)
    assert png.startswith(b"\x89PNG") and len(png) > 5000


def test_grid_ticks_label_every_grid_value():
    fig, (ax,) = plots.new_figure(1)
    plots.grid_ticks(ax, [0.5, 1.0, 1.5, 2.0, 3.0])
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["0.5", "1", "1.5", "2", "3"]


def test_response_panels_show_the_device_and_its_symmetric_point():
    fig, (ax_q, ax_fg) = plots.new_figure(2)
    lines = plots.response_panels(ax_q, ax_fg)
    dev = PowStep(0.5, 1.5, -1.0, 1.0)
    plots.set_response(lines, response_curves(dev, n=11))
    w = np.linspace(-1, 1, 11)
    np.testing.assert_allclose(lines["G"].get_ydata(), dev.G(w))
    s = lines["sym_fg"].get_xdata()[0]
    assert abs(dev.G(np.array(s))) < 1e-9
    plots.set_response(lines, response_curves(SoftBounds(1.0), n=11))
    np.testing.assert_allclose(lines["q_plus"].get_ydata(), 1 - w)
    assert lines["sym_fg"].get_xdata()[0] == 0.0


def test_device_figures_have_the_papers_curves():
    fig2 = paper.figure("fig2")
    ideal, soft = fig2.axes
    np.testing.assert_allclose(ideal.get_lines()[0].get_ydata(), 1.0)
    np.testing.assert_allclose(ideal.get_lines()[1].get_ydata(), 1.0)
    w = soft.get_lines()[0].get_xdata()
    np.testing.assert_allclose(soft.get_lines()[0].get_ydata(), 1 - w)   # q_plus of soft bounds, tau = 1
    np.testing.assert_allclose(soft.get_lines()[1].get_ydata(), 1 + w)   # q_minus
    fig6 = paper.figure("fig6")
    assert len(fig6.axes) == 6
    assert [ax.get_title() for ax in fig6.axes[:3]] == ["linear step", "power step", "exponential step"]


def test_one_colour_per_meaning():
    """Algorithms, models and device curves never share a colour (F and G are not algorithm colours)."""
    import aimc_edu.viz.course  # noqa: F401  (registers the course's own series)
    from aimc_edu.algorithms.registry import ALGORITHMS

    keys = ["pulsed", "theory", "reference", "q_plus", "q_minus", "F", "G", "per_sample", "input-line",
            "output-line", *(k for k in ALGORITHMS if k != "stack")]
    colours = [color(k) for k in keys]
    assert len(keys) > 15
    assert len(set(colours)) == len(colours)
    label, spare = series("some-new-algorithm")
    assert label == "some-new-algorithm" and spare not in colours
