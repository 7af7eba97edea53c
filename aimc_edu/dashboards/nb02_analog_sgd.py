"""Notebook 02's dashboard: digital vs Analog SGD on the Fig. 3 problem, and the stationary floor vs alpha, tau or sigma^2.

Data: :func:`aimc_edu.experiments.toy.analog_sgd_grid` (the whole slider grid) and
:func:`~aimc_edu.experiments.toy.analog_sgd_point` for another W_0. Left: f(W_k) - f* from W_0, with the
stationary floors dashed. Right: the stationary floors (runs started in the stationary regime, see
:mod:`aimc_edu.experiments.stationary`) with the implicit-penalty theory in black. sigma^2 = 0 has no
floor: the left panel shows f - f* falling, the right panel says so. Axis limits come from the whole
grid, so the frame stays still while the sliders move.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from ..experiments import toy
from ..viz import plots
from ..viz.style import color
from .base import LABEL_WIDTH, Dashboard, select_slider

KEYS = ("digital-sgd", "analog-sgd")
SWEEPS = (("vs α", "lr"), ("vs τ", "tau"), ("vs σ²", "sigma2"))
NO_NOISE = "σ² = 0: no noise, no floor.\nf − f* keeps falling (left)."
NO_NOISE_BOX = "σ² = 0: no noise floor; f − f*\nfalls to the box limit (left)."


class AnalogSGDDashboard(Dashboard):
    """Sliders tau, sigma^2 (0 included), alpha, W_0 and the right panel's sweep axis."""

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
                                     style={"description_width": LABEL_WIDTH, "button_width": "70px"}),
        }
        fig, (self.ax_loss, self.ax_floor) = plots.new_figure(2, width=6.0)
        self.bands = plots.loss_panel(self.ax_loss, list(KEYS))
        self.levels = {k: self.ax_loss.plot([], [], "--", color=color(k), linewidth=1.5)[0] for k in KEYS}
        self.ax_loss.plot([], [], "--", color=color("reference"), linewidth=1.5, label="stationary floor")
        self.box = [ax.plot([], [], ":", color=color("reference"), linewidth=2.5,
                            label="best value inside [−τ, τ]")[0] for ax in (self.ax_loss, self.ax_floor)]
        self.floors = plots.floor_panel(self.ax_floor, list(KEYS))
        (self.theory,) = self.ax_floor.plot([], [], "-", color=color("theory"), linewidth=1.5,
                                            label=r"theory: SGD on $f + \frac{E|g|}{2\tau}\|W\|^2$")
        self.note = self.ax_floor.text(0.5, 0.5, "", transform=self.ax_floor.transAxes, ha="center", va="center",
                                       fontsize="medium", color=color("reference"))
        self.ax_floor.set_title("stationary floor (±2 s.e.)")
        curves, floors = self.grid["curves"], self.grid["floors"]
        self.ax_loss.set_xlim(0, steps)
        with_noise = np.asarray(g["sigma2"]) > 0     # the frame from the runs with noise: at sigma^2 = 0 f - f*
        plots.log_limits(self.ax_loss, curves["analog-sgd"].band[:, with_noise],   # falls out through the bottom
                         curves["digital-sgd"].band[with_noise], pad=3.0)
        plots.log_limits(self.ax_floor, *(f["floor"] + s * 2 * f["se"] for f in floors.values() for s in (-1, 1)),
                         self.grid["theory"]["floor"])
        plots.figure_legend(fig, ncols=3)
        super().__init__(controls, fig, [["tau", "sigma2"], ["lr", "init"], ["sweep"]], prime=("sweep",))

    def compute(self, tau, sigma2, lr, init, sweep):
        curves, floors = self.grid["curves"], self.grid["floors"]
        at = {"tau": tau, "sigma2": sigma2, "lr": lr}
        here = {"analog-sgd": curves["analog-sgd"].sel(**at), "digital-sgd": curves["digital-sgd"].sel(sigma2=sigma2, lr=lr)}
        if init != 0.0:   # the precomputed curves start at W_0 = 0; another W_0 is run once and cached
            here = toy.analog_sgd_point(tau, sigma2, lr, init, self.steps, self.runs, self.seed)
        out = {"here": here, "sweep": sweep, "at": at, "init": init, "box": float(self.grid["box"].sel(tau=tau)["box"])}
        if sigma2 > 0:
            keep = {k: v for k, v in at.items() if k != sweep}
            out["sweeps"] = {"analog-sgd": floors["analog-sgd"].sel(**keep), "theory": self.grid["theory"].sel(**keep),
                             "digital-sgd": floors["digital-sgd"].sel(**{k: v for k, v in keep.items() if k != "tau"})}
            out["level"] = {"analog-sgd": float(floors["analog-sgd"].sel(**at)["floor"]),
                            "digital-sgd": float(floors["digital-sgd"].sel(sigma2=sigma2, lr=lr)["floor"])}
        return out

    def draw(self, data) -> str:
        sweep, here, at = data["sweep"], data["here"], data["at"]
        xs = np.asarray(toy.noisy(toy.ANALOG_GRID["sigma2"]) if sweep == "sigma2" else toy.ANALOG_GRID[sweep], float)
        for key in KEYS:
            self.bands[key].set_data(here[key].steps, here[key].band)
            level = data.get("level", {}).get(key)
            self.levels[key].set_data(*(([0, self.steps], [level, level]) if level else ([], [])))
        box = data["box"]
        self.box[0].set_data(*(([0, self.steps], [box, box]) if box > 0 else ([], [])))
        self.box[1].set_data(*((xs[[0, -1]], [box, box]) if box > 0 and sweep != "tau" else ([], [])))
        if "sweeps" in data:
            current = list(xs).index(at[sweep])
            for key in KEYS:
                s = data["sweeps"][key]
                floor, se = np.broadcast_to(s["floor"], xs.shape), np.broadcast_to(s["se"], xs.shape)
                self.floors[key].set_data(xs, floor, se, current)
            self.theory.set_data(xs, np.broadcast_to(data["sweeps"]["theory"]["floor"], xs.shape))
            self.note.set_text("")
        else:
            for key in KEYS:
                self.floors[key].set_data([], [], [])
            self.theory.set_data([], [])
            self.note.set_text(NO_NOISE_BOX if box > 0 else NO_NOISE)
        self.ax_loss.set_title(rf"$\tau$ = {at['tau']:g}, $\sigma^2$ = {at['sigma2']:g}, $\alpha$ = {at['lr']:g}, "
                               rf"$W_0$ = {data['init']:g}", fontsize="medium")
        self.ax_floor.set_xlabel(plots.AXIS_LABELS[sweep])
        plots.grid_ticks(self.ax_floor, xs)
        return plots.finite_message(here["analog-sgd"].band, here["digital-sgd"].band)


def analog_sgd_dashboard(**kwargs) -> AnalogSGDDashboard:
    """The notebook-02 dashboard (see :class:`AnalogSGDDashboard`)."""
    return AnalogSGDDashboard(**kwargs)
