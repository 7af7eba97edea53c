"""Notebook 06's dashboard, headless: the Run button trains, the progress bar fills, errors are shown."""

import warnings

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
    assert board.progress.description == "done"
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
