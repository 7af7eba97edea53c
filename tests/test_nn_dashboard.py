"""Notebook 06's dashboard, headless: the Run button trains, the progress bar fills, errors are shown, the figure
is drawn off-screen into the dashboard (no pyplot, no display, no print), the controls fit a projector screen."""

import warnings

import ipywidgets as W
import matplotlib
import pytest

from aimc_edu.dashboards import NeuralNetDashboard
from aimc_edu.datasets import load_digits


@pytest.fixture(scope="module")
def small_digits():
    return load_digits().subset(n_train=160, n_test=80)


def test_run_button_trains_every_chosen_algorithm(small_digits):
    board = NeuralNetDashboard(small_digits, epochs=1)
    board.controls["algorithms"].value = ("digital-sgd", "tiki-taka")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        board.button.click()
    assert board.status.value.startswith("done in ") and "Tiki-Taka" in board.status.value
    assert board.progress.value == board.progress.max > 0
    data5, data7 = board.last
    assert {name for name, *_ in data5.results} == {"digital-sgd", "tiki-taka"}
    assert set(data7.saturation) == {"digital-sgd", "tiki-taka"}
    assert not board.button.disabled
    assert board.message == "" and board.png.startswith(b"\x89PNG")
    assert "image/png" in board.output.outputs[0]["data"]["text/html"]   # the figure is in the dashboard


def test_changing_tau_changes_the_result(small_digits):
    board = NeuralNetDashboard(small_digits, epochs=1)
    board.controls["algorithms"].value = ("analog-sgd",)
    board.run()
    before = board.last[1].saturation["analog-sgd"].copy()
    board.controls["tau"].value = 1.2
    board.run()
    after = board.last[1].saturation["analog-sgd"]
    assert before.shape == after.shape and not (before == after).all()


def test_errors_are_shown_not_raised(small_digits):
    board = NeuralNetDashboard(small_digits, epochs=1)
    board.controls["algorithms"].value = ()
    board.run()
    assert board.message.startswith("Could not draw") and "choose at least one algorithm" in board.message
    assert "choose at least one algorithm" in board.output.outputs[0]["data"]["text/html"]
    assert not board.button.disabled


def test_run_draws_off_screen_only(small_digits, monkeypatch, capsys):
    """The Run button's callback never touches pyplot, display() or stdout: in JupyterLab an output sent from a
    widget callback has no cell as parent and lands in the Log Console (the bug of issue 11); the figure must
    reach the page only as the Output widget's data."""
    import IPython.display
    import matplotlib.pyplot as plt

    plt.close("all")
    calls = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: calls.append(a))
    for name in ("figure", "subplots", "gcf", "show"):
        monkeypatch.setattr(plt, name, lambda *a, _n=name, **k: calls.append(_n))
    backend = matplotlib.get_backend()
    board = NeuralNetDashboard(small_digits, epochs=1)
    board.controls["tau"].value = 0.5
    board.button.click()
    assert board.message == "" and calls == [] and plt.get_fignums() == []
    assert matplotlib.get_backend() == backend                     # no backend switch either
    assert capsys.readouterr().out == ""
    (out,) = board.output.outputs                                  # exactly one output: the image, as data
    assert out["output_type"] == "display_data" and "data:image/png;base64," in out["data"]["text/html"]
    assert board.figure.canvas.__class__.__name__ == "FigureCanvasAgg"


def test_legends_sit_outside_the_data(small_digits):
    """Fig. 5's and Fig. 7's legends are above their panels: no legend overlaps any axes' data area."""
    board = NeuralNetDashboard(small_digits, epochs=2)
    board.run()
    fig = board.figure
    renderer = fig.canvas.get_renderer()
    legends = [ax.get_legend() for ax in fig.axes]
    assert all(legends)
    for leg in legends:
        box = leg.get_window_extent(renderer)
        for ax in fig.axes:
            assert not box.overlaps(ax.get_window_extent(renderer)), (leg.get_title().get_text(), ax)
        assert fig.bbox.contains(box.x0, box.y0) and fig.bbox.contains(box.x1, box.y1)
    assert "(1 seed)" in legends[0].get_title().get_text()


def test_controls_are_compact_with_a_hint_and_a_reserved_height(small_digits):
    """Controls in two columns (their stack fits a 1280x720 screen with the figure), the multi-select says how to pick
    several, the progress text is never cut (an HTML line that wraps), the output keeps the figure's height."""
    board = NeuralNetDashboard(small_digits, epochs=1)
    top, run_row, output = board.widget.children
    assert output is board.output and board.button in run_row.children
    left, right = top.children
    assert board.controls["algorithms"] in left.children and "ctrl-click" in board.hint.value
    assert {w for box in right.children for w in box.children} == {board.controls[n] for n in ("tau", "lr", "epochs", "seed")}
    assert isinstance(board.status, W.HTML)
    height = round(board.figure.get_figheight() * board.dpi)
    assert board.output.layout.min_height == f"{height}px"
    # rough CSS budget: 3 rows of controls (~32 px) + the 3-row select + the run row + the figure <= 720 px
    assert 32 * 3 + 70 + 40 + height <= 720
