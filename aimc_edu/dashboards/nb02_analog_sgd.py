"""Notebook 02's dashboard: digital vs Analog SGD on the Fig. 3 problem, and the asymptotic error vs alpha, tau or sigma^2.

Data: :func:`aimc_edu.experiments.toy.analog_sgd_grid` (the whole slider grid, one call per algorithm)
and :func:`~aimc_edu.experiments.toy.analog_sgd_point` for another W_0. Axis limits come from the
whole grid, so the frame stays still while the sliders move.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from ..experiments import toy
from ..viz import plots
from .base import Dashboard, select_slider

KEYS = ("digital-sgd", "analog-sgd")
SWEEPS = (("vs α", "lr"), ("vs τ", "tau"), ("vs σ²", "sigma2"))


class AnalogSGDDashboard(Dashboard):
    """Sliders tau, sigma^2, alpha, W_0 and the right panel's sweep axis."""

    def __init__(self, steps: int = 2500, runs: int = 8, seed: int = 0, **defaults):
        self.steps, self.runs, self.seed = steps, runs, seed
        d, g = {**toy.ANALOG_DEFAULTS, **defaults}, toy.ANALOG_GRID
        self.grid = toy.analog_sgd_grid(steps, runs, seed)
        controls = {
            "tau": select_slider("τ (tau)", g["tau"], d["tau"]),
            "sigma2": select_slider("σ² (sigma²)", g["sigma2"], d["sigma2"]),
            "lr": select_slider("α (alpha)", g["lr"], d["lr"]),
            "init": select_slider("W₀ (init)", g["init"], d["init"]),
            "sweep": W.ToggleButtons(options=SWEEPS, value="lr", description="right panel",
                                     style={"description_width": "90px", "button_width": "70px"}),
        }
        fig, (self.ax_loss, self.ax_floor) = plots.new_figure(2, width=6.0)
        self.bands = plots.loss_panel(self.ax_loss, list(KEYS))
        self.floors = plots.floor_panel(self.ax_floor, list(KEYS))
        self.ax_floor.set_title("asymptotic error (±2 s.e.)")
        an, dg = self.grid["analog-sgd"], self.grid["digital-sgd"]
        self.ax_loss.set_xlim(0, steps)
        plots.log_limits(self.ax_loss, an.band, dg.band)
        plots.log_limits(self.ax_floor, an.floor - 2 * an.se, an.floor + 2 * an.se, dg.floor - 2 * dg.se,
                         dg.floor + 2 * dg.se)
        plots.figure_legend(fig)
        super().__init__(controls, fig, [["tau", "sigma2"], ["lr", "init"], ["sweep"]])

    def compute(self, tau, sigma2, lr, init, sweep):
        an, dg = self.grid["analog-sgd"], self.grid["digital-sgd"]
        at = {"tau": tau, "sigma2": sigma2, "lr": lr}
        here = {"analog-sgd": an.sel(**at), "digital-sgd": dg.sel(sigma2=sigma2, lr=lr)}
        if init != 0.0:   # the sweep curves start at W_0 = 0; the current point is run at its own W_0
            here = toy.analog_sgd_point(tau, sigma2, lr, init, self.steps, self.runs, self.seed)
        sweeps = {"analog-sgd": an.sel(**{k: v for k, v in at.items() if k != sweep}),
                  "digital-sgd": dg.sel(**{k: v for k, v in at.items() if k not in (sweep, "tau")})}
        return {"here": here, "sweeps": sweeps, "sweep": sweep, "at": at, "init": init}

    def draw(self, data) -> str:
        sweep, here = data["sweep"], data["here"]
        xs = np.asarray(toy.ANALOG_GRID[sweep], float)
        current = list(xs).index(data["at"][sweep])
        for key in KEYS:
            self.bands[key].set_data(here[key].steps, here[key].band)
            s = data["sweeps"][key]
            floor, se = np.broadcast_to(s.floor, xs.shape), np.broadcast_to(s.se, xs.shape)
            self.floors[key].set_data(xs, floor, se, current)
            if data["init"] != 0.0:
                self.floors[key].current.set_data([xs[current]], [plots.shown(here[key].floor)])
        at = data["at"]
        self.ax_loss.set_title(rf"$\tau$ = {at['tau']:g}, $\sigma^2$ = {at['sigma2']:g}, $\alpha$ = {at['lr']:g}, "
                               rf"$W_0$ = {data['init']:g}", fontsize=12)
        self.ax_floor.set_xlabel(plots.AXIS_LABELS[sweep])
        plots.grid_ticks(self.ax_floor, xs)
        return plots.finite_message(here["analog-sgd"].band, here["digital-sgd"].band)


def analog_sgd_dashboard(**kwargs) -> AnalogSGDDashboard:
    """The notebook-02 dashboard (see :class:`AnalogSGDDashboard`)."""
    return AnalogSGDDashboard(**kwargs)
