"""Notebook 04's dashboard: Analog SGD vs Tiki-Taka, the asymptotic error vs alpha, and Tiki-Taka's fast array P.

Data: :func:`aimc_edu.experiments.toy.tiki_taka_grid` (beta = alpha, gamma = 0) and
:func:`~aimc_edu.experiments.toy.tiki_taka_sweep` for other beta/alpha ratios and mixings gamma.
"""

from __future__ import annotations

import numpy as np

from ..experiments import QUANTILES, toy
from ..viz import plots
from ..viz.style import color
from .base import Dashboard, select_slider

KEYS = ("digital-sgd", "analog-sgd", "tiki-taka")


class TikiTakaDashboard(Dashboard):
    """Sliders tau, sigma^2, alpha, beta/alpha and gamma."""

    def __init__(self, steps: int = toy.TT_STEPS, runs: int = 8, seed: int = 0, **defaults):
        self.steps, self.runs, self.seed = steps, runs, seed
        d, g = {**toy.TT_DEFAULTS, **defaults}, toy.TT_GRID
        self.grid = toy.tiki_taka_grid(steps, runs, seed)
        controls = {"tau": select_slider("τ (tau)", g["tau"], d["tau"]),
                    "sigma2": select_slider("σ² (sigma²)", g["sigma2"], d["sigma2"]),
                    "lr": select_slider("α (alpha)", g["lr"], d["lr"]),
                    "ratio": select_slider("β/α (beta/alpha)", g["ratio"], d["ratio"]),
                    "gamma": select_slider("γ (gamma)", g["gamma"], d["gamma"])}
        fig, (self.ax_loss, self.ax_floor, self.ax_p) = plots.new_figure(3, width=4.7)
        self.bands = plots.loss_panel(self.ax_loss, list(KEYS))
        self.floors = plots.floor_panel(self.ax_floor, list(KEYS))
        self.ax_floor.set_title("asymptotic error (±2 s.e.)")
        self.p_band = plots.Band(self.ax_p, "tiki-taka", label="P: 10-90% of entries")
        self.p_band.line.set_label("P: median of entries")
        self.p_lines = [self.ax_p.plot([], [], color=color("tiki-taka"), linewidth=1, alpha=0.6)[0] for _ in range(3)]
        self.ax_p.axhline(0.0, color=color("reference"), linestyle="--", label="symmetric point of P")
        self.ax_p.set_xlabel("iteration $k$")
        self.ax_p.set_ylabel(r"fast array $P_k$")
        self.ax_p.set_title("Tiki-Taka's P")
        tt = self.grid["tiki-taka"]
        for ax in (self.ax_loss, self.ax_p):
            ax.set_xlim(0, steps)
        plots.log_limits(self.ax_loss, *(self.grid[k].band for k in KEYS))
        plots.log_limits(self.ax_floor, *(self.grid[k].floor + s * 2 * self.grid[k].se for k in KEYS for s in (-1, 1)))
        plots.grid_ticks(self.ax_floor, g["lr"])
        P = tt.extra["P"]
        plots.linear_limits(self.ax_p, np.quantile(P, [0.02, 0.98], axis=(-3, -2)))
        plots.figure_legend(fig, ncols=6)
        super().__init__(controls, fig, [["tau", "sigma2", "lr"], ["ratio", "gamma"]])

    def compute(self, tau, sigma2, lr, ratio, gamma):
        at = {"tau": tau, "sigma2": sigma2}
        if ratio == 1.0 and gamma == 0.0:
            tt = self.grid["tiki-taka"].sel(**at)
        else:
            tt = toy.tiki_taka_sweep(tau, sigma2, ratio, gamma, self.steps, self.runs, self.seed)
        return {"at": {**at, "lr": lr, "ratio": ratio, "gamma": gamma}, "tiki-taka": tt,
                "analog-sgd": self.grid["analog-sgd"].sel(**at), "digital-sgd": self.grid["digital-sgd"].sel(sigma2=sigma2)}

    def draw(self, data) -> str:
        at = data["at"]
        xs = np.asarray(toy.TT_GRID["lr"], float)
        k = list(xs).index(at["lr"])
        for key in KEYS:
            s = data[key]
            self.bands[key].set_data(s.steps, s.sel(lr=at["lr"]).band)
            self.floors[key].set_data(xs, s.floor, s.se, k)
        tt = data["tiki-taka"].sel(lr=at["lr"])
        P, steps = tt.extra["P"], tt.extra["P_steps"]                         # (runs, d, n), (n,)
        self.p_band.set_data(steps, np.quantile(P.reshape(-1, P.shape[-1]), QUANTILES, axis=0))
        for c, line in enumerate(self.p_lines):
            line.set_data(steps, P[0, c])
        self.ax_loss.set_title(rf"$\tau$ = {at['tau']:g}, $\sigma^2$ = {at['sigma2']:g}, $\alpha$ = {at['lr']:g}, "
                               rf"$\beta$ = {at['ratio'] * at['lr']:g}, $\gamma$ = {at['gamma']:g}", fontsize=11)
        return plots.finite_message(tt.band, data["analog-sgd"].sel(lr=at["lr"]).band)


def tiki_taka_dashboard(**kwargs) -> TikiTakaDashboard:
    """The notebook-04 dashboard (see :class:`TikiTakaDashboard`)."""
    return TikiTakaDashboard(**kwargs)
