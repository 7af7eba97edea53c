"""Notebook 07's dashboard: Analog SGD, Tiki-Taka, Tiki-Taka + zero-shift, TT-v2 and c-TTv2 when P's symmetric
point p is not 0 (1-D quadratic, L = 1, w* = 0.5, tau = 1).

Data: :func:`aimc_edu.experiments.beyond.beyond_grid` (the whole grid of p, sigma^2, alpha and states,
one call per algorithm, both model levels side by side on common noise) and the derived curves of
:func:`aimc_edu.experiments.beyond_theory.dashboard_theory`. Axis limits come from the whole grid.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from ..experiments import beyond
from ..experiments.beyond_theory import dashboard_theory
from ..viz import plots
from ..viz.style import color, label
from .base import LABEL_WIDTH, Dashboard, control_layout, select_slider

KEYS = beyond.ALGORITHMS
STATES = (("∞ (model)", 0.0), ("30 pulses", 30.0))   # W as its expectation, or 30 states per half range


class BeyondTikiTakaDashboard(Dashboard):
    """Algorithms shown, P's symmetric point p, sigma^2, alpha and W's number of states."""

    def __init__(self, runs: int = 6, seed: int = 0, **defaults):
        d, g = {**beyond.DEFAULTS, **defaults}, beyond.GRID
        self.grid = beyond.beyond_grid(runs, 6, seed)
        self.theory = dashboard_theory(g["p"], g["sigma2"], g["lr"])
        style = {"description_width": LABEL_WIDTH}
        controls = {
            "algorithms": W.SelectMultiple(options=[(label(k), k) for k in KEYS], value=KEYS, rows=len(KEYS),
                                           description="algorithms", style=style),
            "p": select_slider("p (P's sym. point)", g["p"], d["p"]),
            "sigma2": select_slider("σ² (sigma²)", g["sigma2"], d["sigma2"]),
            "lr": select_slider("α (alpha)", g["lr"], d["lr"]),
            "states": W.SelectionSlider(options=STATES, value=d["states"], description="states of W",
                                        continuous_update=False, style=style, layout=control_layout()),
        }
        fig, (self.ax_loss, self.ax_floor, self.ax_p) = plots.new_figure(3, width=4.7)
        self.bands = plots.loss_panel(self.ax_loss, list(KEYS))
        self.floors = plots.floor_panel(self.ax_floor, list(KEYS))
        self.ax_floor.set_title("asymptotic error vs α (±2 s.e.)")
        self.tt_theory, = self.ax_floor.plot([], [], "--", color=color("tiki-taka"), linewidth=1.5,
                                             label="Tiki-Taka, derived (mean field)")
        self.an_theory, = self.ax_floor.plot([], [], "--", color=color("analog-sgd"), linewidth=1.5,
                                             label="Analog SGD, derived")
        self.law, = self.ax_floor.plot([], [], ":", color=color("theory"), linewidth=2,
                                       label=r"law $\alpha\to0$: $L/2\,(E|g|\,p/(L\tau))^2$")
        self.vs_p = {k: self.ax_p.plot([], [], "o-", color=color(k), markersize=5)[0] for k in KEYS}
        self.tt_p, = self.ax_p.plot([], [], "--", color=color("tiki-taka"), linewidth=1.5)
        self.law_p, = self.ax_p.plot([], [], ":", color=color("theory"), linewidth=2)
        self.ax_p.set_xlabel(r"symmetric point of P, $p$")
        self.ax_p.set_ylabel(plots.FLOOR_LABEL)
        self.ax_p.set_title("asymptotic error vs p")
        self._frames()
        plots.figure_legend(fig, [self.ax_loss, self.ax_floor], ncols=4)
        super().__init__(controls, fig, [["algorithms", "p"], ["sigma2", "lr"], ["states"]])

    def _frames(self) -> None:
        """Limits from the whole grid (every algorithm, setting and model level) and the derived curves."""
        grids = self.grid.values()
        self.ax_loss.set_xlim(0, max(beyond.STEPS.values()))
        plots.log_limits(self.ax_loss, *(s.band for s in grids))
        spread = [s.floor + k * 2 * s.se for s in grids for k in (-1, 1)]
        theory = [self.theory[k] for k in ("tiki-taka", "tiki-taka_vs_p", "analog-sgd")]
        for ax in (self.ax_floor, self.ax_p):
            plots.log_limits(ax, *spread, *theory)
        plots.grid_ticks(self.ax_floor, beyond.GRID["lr"])
        plots.grid_ticks(self.ax_p, beyond.GRID["p"], log=False)

    def compute(self, algorithms, p, sigma2, lr, states):
        if not algorithms:
            raise ValueError("choose at least one algorithm (ctrl- or cmd-click to select several)")
        at = {"states": states, "sigma2": sigma2}
        here = {k: self.grid[k].sel(**at) for k in KEYS}
        return {"shown": tuple(algorithms), "here": here, "p": p, "sigma2": sigma2, "lr": lr, "states": states}

    def draw(self, data) -> str:
        g, th = beyond.GRID, self.theory
        lrs, ps = np.asarray(g["lr"], float), np.asarray(g["p"], float)
        i_s, i_p, i_a = list(g["sigma2"]).index(data["sigma2"]), list(ps).index(data["p"]), list(lrs).index(data["lr"])
        bands = []
        for k in KEYS:
            s = data["here"][k] if k == "analog-sgd" else data["here"][k].sel(p=data["p"])
            on = k in data["shown"]
            self.bands[k].set_data(s.steps if on else [], s.sel(lr=data["lr"]).band if on else np.empty((3, 0)))
            self.floors[k].set_data(lrs if on else [], s.floor if on else [], s.se if on else [], i_a if on else None)
            vs_p = data["here"][k].sel(lr=data["lr"])
            floor_p = np.broadcast_to(vs_p.floor, ps.shape)
            self.vs_p[k].set_data(ps if on else [], plots.shown(floor_p) if on else [])
            bands.append(s.sel(lr=data["lr"]).band)
        tt_on, an_on = "tiki-taka" in data["shown"], "analog-sgd" in data["shown"]
        self.tt_theory.set_data(th["lr_fine"] if tt_on else [], th["tiki-taka"][i_s, i_p] if tt_on else [])
        self.an_theory.set_data(th["lr_fine"] if an_on else [], th["analog-sgd"][i_s] if an_on else [])
        law_p = np.interp(data["p"], th["p_fine"], th["law_vs_p"][i_s])
        self.law.set_data(th["lr_fine"][[0, -1]], plots.shown([law_p, law_p]))
        self.tt_p.set_data(th["p_fine"] if tt_on else [], th["tiki-taka_vs_p"][i_s, i_a] if tt_on else [])
        self.law_p.set_data(th["p_fine"], plots.shown(th["law_vs_p"][i_s]))
        states = "∞" if data["states"] == 0 else f"{data['states']:g}"
        self.ax_loss.set_title(rf"$p$ = {data['p']:g}, $\sigma^2$ = {data['sigma2']:g}, $\alpha$ = {data['lr']:g}, "
                               f"states of W = {states}", fontsize="medium")
        return plots.finite_message(*bands)


def beyond_tiki_taka_dashboard(**kwargs) -> BeyondTikiTakaDashboard:
    """The notebook-07 dashboard (see :class:`BeyondTikiTakaDashboard`)."""
    return BeyondTikiTakaDashboard(**kwargs)


__all__ = ["BeyondTikiTakaDashboard", "beyond_tiki_taka_dashboard"]
