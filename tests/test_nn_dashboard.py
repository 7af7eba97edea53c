"""Notebook 06's dashboard, headless: the Run button trains, the progress bar fills, errors are shown."""

import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

from aimc_edu.datasets import load_digits
from aimc_edu.nn_dashboard import NeuralNetDashboard


@pytest.fixture(scope="module")
def small_digits():
    return load_digits().subset(n_train=160, n_test=80)


def test_run_button_trains_every_chosen_algorithm(small_digits):
    board = NeuralNetDashboard(small_digits, epochs=1)
    board.algorithms.value = ("digital-sgd", "tiki-taka")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        board.button.click()
    assert board.progress.description == "done"
    assert board.progress.value == board.progress.max > 0
    data5, data7 = board.last
    assert {name for name, *_ in data5.results} == {"digital-sgd", "tiki-taka"}
    assert set(data7.saturation) == {"digital-sgd", "tiki-taka"}
    assert not board.button.disabled


def test_changing_tau_changes_the_result(small_digits):
    board = NeuralNetDashboard(small_digits, epochs=1)
    board.algorithms.value = ("analog-sgd",)
    board.run()
    before = board.last[1].saturation["analog-sgd"].copy()
    board.tau.value = 1.2
    board.run()
    after = board.last[1].saturation["analog-sgd"]
    assert before.shape == after.shape and not (before == after).all()


def test_errors_are_shown_not_raised(small_digits):
    board = NeuralNetDashboard(small_digits, epochs=1)
    board.algorithms.value = ()
    board.run()
    assert board.progress.description == "error"
    assert not board.button.disabled
