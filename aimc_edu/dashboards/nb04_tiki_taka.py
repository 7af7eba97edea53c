"""Notebook 04's dashboard: Analog SGD vs Tiki-Taka, the stationary floor vs alpha, and Tiki-Taka's fast array P.

Data: :func:`aimc_edu.experiments.toy.tiki_taka_grid` (beta = alpha, gamma = 0, as in the paper's toy runs).
Left: f(W_k) - f* from W_0 = 0 with each algorithm's stationary floor dashed; middle: the stationary floors
against alpha (runs started in the stationary regime) with a line proportional to alpha through Tiki-Taka's;
right: P_k. Where the optimum lies outside the device range (tau = 0.5) a dotted line marks the best value
reachable inside it, which no analog algorithm can beat.
"""

from __future__ import annotations

import numpy as np

from ..experiments import QUANTILES, toy
from ..viz import plots
from ..viz.style import color
from .base import Dashboard, select_slider

KEYS = ("digital-sgd", "analog-sgd", "tiki-taka")
GAMMA = 0.0
"""Tiki-Taka's mixing gamma in :func:`~aimc_edu.experiments.toy.tiki_taka_grid` (TikiTaka's default; tested equal)."""


def proportional_guide(lrs, floors) -> np.ndarray:
    """c alpha through the geometric mean of ``floors`` (a guide to the eye for 'floor proportional to alpha')."""
    lrs, floors = np.asarray(lrs, float), np.asarray(floors, float)
    return lrs * np.exp(np.mean(np.log(floors) - np.log(lrs)))


def p_shown(P: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What the P panel draws from snapshots ``P`` (..., runs, d, n): the 10/50/90% quantiles over all entries
    (3, ..., n) and three entries of the first run (3, ..., n). Used for the frame too, over the whole grid."""
    flat = P.reshape(*P.shape[:-3], -1, P.shape[-1])
    return np.quantile(flat, QUANTILES, axis=-2), np.moveaxis(P[..., 0, :3, :], -2, 0)


class TikiTakaDashboard(Dashboard):
    """Sliders tau, sigma^2 and alpha (beta = alpha, gamma = 0)."""

    def __init__(self, steps: int = toy.TT_STEPS, runs: int = 8, seed: int = 0, **defaults):
        self.steps, self.runs, self.seed = steps, runs, seed
        d, g = {**toy.TT_DEFAULTS, **defaults}, toy.TT_GRID
        self.grid = toy.tiki_taka_grid(steps, runs, seed)
        controls = {"tau": select_slider("τ (tau)", g["tau"], d["tau"]),
                    "sigma2": select_slider("σ² (sigma²)", g["sigma2"], d["sigma2"]),
                    "lr": select_slider("α (alpha)", g["lr"], d["lr"])}
        fig, (self.ax_loss, self.ax_floor, self.ax_p) = plots.new_figure(3, width=4.7)
        self.bands = plots.loss_panel(self.ax_loss, list(KEYS))
        self.levels = {k: self.ax_loss.plot([], [], "--", color=color(k), linewidth=1.5)[0] for k in KEYS}
        self.ax_loss.plot([], [], "--", color=color("reference"), linewidth=1.5, label="stationary floor")
        self.box = [ax.plot([], [], ":", color=color("reference"), linewidth=2.5,
                            label="best value inside [−τ, τ]")[0] for ax in (self.ax_loss, self.ax_floor)]
        self.floors = plots.floor_panel(self.ax_floor, list(KEYS))
        (self.guide,) = self.ax_floor.plot([], [], "-.", color=color("theory"), linewidth=1.2, label=r"$\propto \alpha$")
        self.ax_floor.set_title("stationary floor (±2 s.e.)")
        self.ax_p.axhline(0.0, color=color("reference"), linestyle=":", linewidth=1.5, zorder=1,
                          label="symmetric point of P")             # under the median, which is drawn wide
        self.p_band = plots.Band(self.ax_p, "tiki-taka", label="P: median of entries")
        self.p_band.line.set(linewidth=2.5, zorder=3)
        self.p_band.fill.set_label("P: 10-90% of entries")
        self.p_lines = [self.ax_p.plot([], [], color=color("tiki-taka"), linewidth=1, alpha=0.6,
                                       label="P: 3 entries of one run" if i == 0 else None)[0] for i in range(3)]
        self.ax_p.set_xlabel("iteration $k$")
        self.ax_p.set_ylabel(r"fast array $P_k$")
        self.ax_p.set_title("Tiki-Taka's P")
        curves, floors = self.grid["curves"], self.grid["floors"]
        for ax in (self.ax_loss, self.ax_p):
            ax.set_xlim(0, steps)
        plots.log_limits(self.ax_loss, *(curves[k].band for k in KEYS), *(f["floor"] for f in floors.values()))
        plots.log_limits(self.ax_floor, *(f["floor"] + s * 2 * f["se"] for f in floors.values() for s in (-1, 1)))
        plots.grid_ticks(self.ax_floor, g["lr"])
        plots.linear_limits(self.ax_p, *p_shown(curves["tiki-taka"].extra["P"]))
        plots.figure_legend(fig, ncols=5)
        super().__init__(controls, fig, [["tau", "sigma2", "lr"]])

    def compute(self, tau, sigma2, lr):
        at = {"tau": tau, "sigma2": sigma2}
        curves, floors = self.grid["curves"], self.grid["floors"]
        out = {"at": {**at, "lr": lr}, "box": float(self.grid["box"].sel(tau=tau)["box"])}
        for key in KEYS:
            where = {"sigma2": sigma2} if key == "digital-sgd" else at
            out[key] = {"curve": curves[key].sel(**where, lr=lr), "floors": floors[key].sel(**where)}
        return out

    def draw(self, data) -> str:
        at = data["at"]
        xs = np.asarray(toy.TT_GRID["lr"], float)
        k = list(xs).index(at["lr"])
        for key in KEYS:
            curve, f = data[key]["curve"], data[key]["floors"]
            self.bands[key].set_data(curve.steps, curve.band)
            self.floors[key].set_data(xs, f["floor"], f["se"], k)
            self.levels[key].set_data([0, self.steps], [f["floor"][k]] * 2)
        self.guide.set_data(xs, proportional_guide(xs, data["tiki-taka"]["floors"]["floor"]))
        box = data["box"]
        self.box[0].set_data(*(([0, self.steps], [box, box]) if box > 0 else ([], [])))
        self.box[1].set_data(*((xs[[0, -1]], [box, box]) if box > 0 else ([], [])))
        tt = data["tiki-taka"]["curve"]
        band, entries = p_shown(tt.extra["P"])
        self.p_band.set_data(tt.extra["P_steps"], band)
        for line, values in zip(self.p_lines, entries):
            line.set_data(tt.extra["P_steps"], values)
        self.ax_loss.set_title(rf"$\tau$ = {at['tau']:g}, $\sigma^2$ = {at['sigma2']:g}, $\alpha = \beta$ = {at['lr']:g},"
                               rf" $\gamma$ = {GAMMA:g}", fontsize="medium")
        return plots.finite_message(tt.band, data["analog-sgd"]["curve"].band)


def tiki_taka_dashboard(**kwargs) -> TikiTakaDashboard:
    """The notebook-04 dashboard (see :class:`TikiTakaDashboard`)."""
    return TikiTakaDashboard(**kwargs)
