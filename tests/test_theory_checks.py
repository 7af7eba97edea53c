"""Notebook 05's dashboard: data, drawing, clamped inputs, messages (its exercises: tests/test_exercises.py)."""

import numpy as np
import pytest

from aimc_edu.dashboards import theory_dashboard
from aimc_edu.experiments.theory_checks import THEORY_DEFAULTS as DEFAULTS
from aimc_edu.experiments.theory_checks import THEORY_RANGES as RANGES
from aimc_edu.experiments.theory_checks import theory_point
from aimc_edu.viz.theory import draw_theory_point


def test_theory_point_and_drawing():
    data = theory_point(**DEFAULTS, runs=8)
    assert np.all(np.isfinite(data["analog"]["w"])) and data["analog"]["band"].shape[0] == 3
    p = data["predicted"]
    assert p["analog_floor"] > p["analog_floor_small_lr"] > 0 and p["digital_floor"] > 0
    fig = draw_theory_point(data)
    assert len(fig.axes) == 2
    board = theory_dashboard(runs=4)
    assert board.output in board.widget.children and board.renders == 1 and board.message == ""


def test_sliders_recompute_and_move_the_prediction():
    """Each slider redraws without warnings; the derived floor moves the way the theory says:
    it falls as tau grows and rises with sigma^2 (f - f* ~ sigma^2 (w*/tau)^2 / (pi L (1 + kappa)^2))."""
    import warnings
    board = theory_dashboard(runs=4)
    floors = [board.data["predicted"]["analog_floor"]]
    for name, value in (("tau", 2.0), ("sigma2", 2.0), ("L", 2.0), ("w_star", -1.0), ("alpha", 0.02)):
        before = board.renders
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            board.sliders[name].value = value
        assert board.renders == before + 1 and board.message == "", (name, board.message)
        assert board.data["params"][name] == pytest.approx(value)
        floors.append(board.data["predicted"]["analog_floor"])
    assert floors[1] < floors[0]          # larger tau: smaller floor
    assert floors[2] > floors[1]          # larger sigma^2: larger floor
    drawn = [line.get_ydata()[0] for line in board.figure.axes[0].lines[2:5]]
    assert drawn[0] == pytest.approx(board.data["predicted"]["analog_floor"])


def test_unstable_corner_shows_a_message_not_a_traceback():
    board = theory_dashboard(runs=4)
    board.sliders["tau"].value = 0.2
    board.sliders["L"].value = 3.0
    board.sliders["alpha"].value = 0.2
    assert board.message.startswith("Could not draw") and "alpha" in board.message


@pytest.mark.parametrize("name", sorted(RANGES))
def test_out_of_range_slider_values_are_refused(name):
    bad = {**DEFAULTS, name: RANGES[name][1] * 10 + 1}
    with pytest.raises(ValueError, match=name):
        theory_point(**bad, runs=4)


def test_unstable_step_is_refused_with_a_message():
    with pytest.raises(ValueError, match="alpha"):
        theory_point(sigma2=4.0, tau=0.2, L=3.0, w_star=1.5, alpha=0.2, runs=4)
