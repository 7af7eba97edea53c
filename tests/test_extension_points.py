"""Extension points: a device family and an algorithm defined here work everywhere after one registry call."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np
import pytest

from aimc_edu import (ALGORITHMS, DEVICES, AnalogSGD, Device, Quadratic, SoftBounds, fig3_problem, register_algorithm,
                      register_device, simulate)
from aimc_edu.algorithms import AlgorithmBase
from aimc_edu.devices import lead
from aimc_edu import theory as th
from aimc_edu.algorithms import make_algorithm
from aimc_edu.cli import main
from aimc_edu.datasets import load_digits
from aimc_edu.nn import fcn, train
from aimc_edu.viz import plots
from aimc_edu.viz.style import color, label


@dataclass(frozen=True, eq=False)
class SquareBounds(Device):
    """A toy family: q_plus = (1 - w/tau)^2, q_minus = (1 + w/tau)^2, so F = 1 + (w/tau)^2 and G = 2 w/tau."""

    tau: float = 1.0
    name: ClassVar[str] = "toy-square-bounds"
    hard_bounds: ClassVar[bool] = False
    range_help: ClassVar[str] = "toy: soft bounds squared"

    @classmethod
    def from_range(cls, tau, **params):
        return cls(tau=tau, **params)

    @classmethod
    def symbolic_response(cls, w, p, ops):
        return (1 - w / p["tau"]) ** 2, (1 + w / p["tau"]) ** 2

    def q_plus(self, w):                     # tau may be a per-run array: lead() lines it up with w
        return (1 - w / lead(self.tau, w)) ** 2

    def q_minus(self, w):
        return (1 + w / lead(self.tau, w)) ** 2

    @property
    def bounds(self):
        return (-self.tau, self.tau)


class HeavyBallState(NamedTuple):
    W: np.ndarray
    V: np.ndarray


@dataclass(frozen=True, eq=False)
class HeavyBall(AlgorithmBase):
    """A toy algorithm: digital SGD with momentum, V <- mu V + g, W <- W - alpha V."""

    lr: float
    momentum: float = 0.5
    name: ClassVar[str] = "toy-heavy-ball"
    label: ClassVar[str] = "Heavy ball (toy)"
    color: ClassVar[str] = "#882255"

    def init(self, W0):
        W = np.array(W0, dtype=float)
        return HeavyBallState(W, np.zeros_like(W))

    def update(self, state, g, rng=None):
        V = self.momentum * state.V + g
        return HeavyBallState(state.W - self.lr * V, V)

    def arrays(self, state):
        return {"W": state.W, "V": state.V}


@pytest.fixture
def registered():
    register_device(SquareBounds)
    register_algorithm(HeavyBall)
    yield
    DEVICES.pop(SquareBounds.name)
    ALGORITHMS.pop(HeavyBall.name)


def test_a_toy_device_works_in_simulate_the_cli_and_the_theory(registered, capsys):
    # simulate: the analog update with the toy's F and G
    tr = simulate(Quadratic(1, 1.0, 0.5), AnalogSGD(0.1, SquareBounds(2.0)), 1, init=0.5, weights_at=[1])
    assert tr.weights[1][0, 0] == pytest.approx(0.5)                         # at the optimum g = 0
    dev = SquareBounds(2.0)
    w, dw = np.array([0.3]), np.array([-0.1])
    np.testing.assert_allclose(dev.update(w, dw), w + dw * (1 + 0.15**2) - 0.1 * 2 * 0.15)
    # the command line offers it and runs it
    assert main(["simulate", "--device", SquareBounds.name, "--tau", "1.5", "--steps", "50", "--runs", "2",
                 "--json"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["device"] == SquareBounds.name and np.isfinite(row["asymptotic_error"])
    # the theory derives F, G and the symmetric point from its symbolic response
    F, G = th.numeric_FG(SquareBounds(1.5))
    x = np.linspace(-1.5, 1.5, 31)
    np.testing.assert_allclose(F(x), 1 + (x / 1.5) ** 2)
    np.testing.assert_allclose(G(x), 2 * x / 1.5)
    assert th.symmetric_point(SquareBounds.name) == 0


def test_a_toy_algorithm_works_alone_side_by_side_in_the_trainer_and_the_plots(registered):
    p = fig3_problem()
    alone = simulate(p, HeavyBall(0.02), 30, runs=2, weights_at=[30])
    assert set(alone.arrays) == {"W", "V"} and np.all(np.isfinite(alone.arrays["V"][30]))
    both = simulate(p, {"hb": HeavyBall(0.02), "an": AnalogSGD(0.02, SoftBounds(1.0))}, 30, runs=2,
                    weights_at=[30])
    np.testing.assert_allclose(both.sel(algorithm="hb").arrays["V"][30], alone.arrays["V"][30])
    assert np.all(np.isnan(both.sel(algorithm="an").arrays["V"][30]))
    assert both.sel(algorithm="hb").loss_gap[:, -1].mean() < both.loss_gap[0, :, 0].mean()   # it learns
    # built by name like the others
    assert isinstance(make_algorithm(HeavyBall.name, lr=0.1, device="soft-bounds"), HeavyBall)
    # the network trainer: every tensor gets its own state, its arrays are returned
    data = load_digits().subset(64, 32)
    result = train(fcn(64, hidden=(8,)), HeavyBall(0.1), data, epochs=1)
    assert set(result.arrays) == {"W", "V"} and result.flat_weights("V").size == result.flat_weights().size
    # plots: its colour and label
    fig, (ax,) = plots.new_figure(1)
    band = plots.Band(ax, HeavyBall.name)
    assert band.line.get_color() == color(HeavyBall.name) == "#882255"
    assert band.line.get_label() == label(HeavyBall.name) == "Heavy ball (toy)"
