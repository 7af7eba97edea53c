"""Notebook 03's dashboard: the analog dynamic (expectation level) against the pulse-level simulation (Fig. 3).

Data: :func:`aimc_edu.experiments.toy.model_grid` and :func:`~aimc_edu.experiments.toy.pulsed_grid`
(the noise-free grid, built with the dashboard); another cycle-to-cycle noise level is computed on first
use one tau at a time (:func:`~aimc_edu.experiments.toy.pulsed_slice`: what a move shows, the grid's slice).
"""

from __future__ import annotations

import numpy as np

from ..experiments import toy
from ..viz import plots
from .base import Dashboard, select_slider

KEYS = ("digital-sgd", "analog-sgd", "pulsed")


class ModelVsPulsesDashboard(Dashboard):
    """Sliders tau, states tau/dw_min and cycle-to-cycle pulse noise."""

    def __init__(self, steps: int = 2500, runs: int = 6, seed: int = 0, **defaults):
        self.steps, self.runs, self.seed = steps, runs, seed
        d, g = {**toy.PULSE_DEFAULTS, **defaults}, toy.PULSE_GRID
        self.model = toy.model_grid(steps, runs, seed)
        controls = {"tau": select_slider("τ (tau)", g["tau"], d["tau"]),
                    "states": select_slider("states τ/Δw_min", g["states"], d["states"]),
                    "noise": select_slider("pulse noise", g["noise"], d["noise"])}
        fig, (self.ax_loss, self.ax_floor) = plots.new_figure(2, width=6.0)
        self.bands = plots.loss_panel(self.ax_loss, list(KEYS))
        # where the pulse-level curve meets Analog SGD's (300 states), both show: Analog SGD wide underneath,
        # the pulse level dashed with dots on top
        self.bands["analog-sgd"].line.set_linewidth(4.5)
        self.bands["pulsed"].line.set(linestyle="--", linewidth=2.0, marker="o", markersize=5, markevery=0.1,
                                      zorder=3)
        self.floors = plots.floor_panel(self.ax_floor, list(KEYS), xlabel="states")
        self.ax_floor.set_title("asymptotic error vs states (±2 s.e.)")
        self.ax_loss.set_xlim(0, steps)
        first = toy.pulsed_grid(d["noise"], steps, runs, seed)
        self.grids = {d["noise"]: first}             # a noise level whose whole grid is at hand: moves select
        an, dg = self.model["analog-sgd"], self.model["digital-sgd"]
        plots.log_limits(self.ax_loss, an.band, dg.band, first.band, pad=3.0)
        plots.log_limits(self.ax_floor, an.floor, dg.floor, first.floor - 2 * first.se, first.floor + 2 * first.se,
                         pad=3.0)
        plots.grid_ticks(self.ax_floor, g["states"])
        plots.figure_legend(fig)
        super().__init__(controls, fig, [["tau", "states", "noise"]])

    def pulsed(self, noise: float):
        """The pulse-level grid at one noise level (cached)."""
        return toy.pulsed_grid(noise, self.steps, self.runs, self.seed)

    def compute(self, tau, states, noise):
        return {"tau": tau, "states": states, "noise": noise, "analog-sgd": self.model["analog-sgd"].sel(tau=tau),
                "digital-sgd": self.model["digital-sgd"],
                "pulsed": self.grids[noise].sel(tau=tau) if noise in self.grids else
                toy.pulsed_slice(noise, tau, self.steps, self.runs, self.seed)}    # the same numbers

    def draw(self, data) -> str:
        xs = np.asarray(toy.PULSE_GRID["states"], float)
        here = data["pulsed"].sel(states=data["states"])
        for key in KEYS:
            shown = here if key == "pulsed" else data[key]
            self.bands[key].set_data(shown.steps, shown.band)
        ones = np.ones_like(xs)
        for key in ("digital-sgd", "analog-sgd"):
            self.floors[key].set_data(xs, ones * data[key].floor, ones * data[key].se)
        self.floors["pulsed"].set_data(xs, data["pulsed"].floor, data["pulsed"].se,
                                       list(xs).index(data["states"]))
        self.ax_loss.set_title(rf"$\tau$ = {data['tau']:g}, {data['states']} states, noise {data['noise']:g}",
                               fontsize="medium")
        return plots.finite_message(here.band)


def model_vs_pulses_dashboard(**kwargs) -> ModelVsPulsesDashboard:
    """The notebook-03 dashboard (see :class:`ModelVsPulsesDashboard`)."""
    return ModelVsPulsesDashboard(**kwargs)
