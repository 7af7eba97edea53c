"""Drawings of notebook 07 (beyond Tiki-Taka) from the data of :mod:`aimc_edu.experiments.beyond`.

Each ``draw_*`` returns a pyplot-free Figure; bands are 10-90 % over seeds, one line style per value.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .plots import LOSS_LABEL, log_limits, new_figure, shown
from .style import color, course_style, label

LINESTYLES = ("-", "--", "-.", ":")


def draw_followup_toy(data: dict) -> Figure:
    """The follow-up's toy: f(x_k) - f* of Analog SGD (left) and Tiki-Taka (right), one curve per c_Lin."""
    with course_style():
        fig, axes = new_figure(2, width=5.6)
        keys = ("analog-sgd", "tiki-taka")
        for ax, key in zip(axes, keys):
            for i, c in enumerate(data["c_lin"]):
                q = shown(np.quantile(data[key][i], (0.1, 0.5, 0.9), axis=0))
                ax.plot(data["steps"], q[1], color=color(key), linestyle=LINESTYLES[i % 4], label=f"$c$ = {c:g}")
                ax.fill_between(data["steps"], q[0], q[2], color=color(key), alpha=0.12, linewidth=0)
            ax.set_yscale("log")
            ax.set_xlabel("iteration $k$")
            ax.set_title(label(key) + (r" ($\gamma$ = 0.4, loss at $W + \gamma P$)" if key == "tiki-taka" else ""),
                         fontsize="medium")
            ax.legend(loc="upper right", title=r"up_down $c$")
            ax.set_xlim(0, data["steps"][-1])
        axes[0].set_ylabel(LOSS_LABEL + " per weight")
        for ax in axes:
            log_limits(ax, *(data[k] for k in keys), pad=1.5)
    return fig


def draw_penalty(curves: dict) -> Figure:
    """The implicit penalty Phi(w) (left) and the penalised objective's minimiser vs c (right)."""
    with course_style():
        fig, (ax_phi, ax_min) = new_figure(2, width=5.2)
        for i, (c, phi) in enumerate(zip(curves["c"], curves["phi"])):
            ax_phi.plot(curves["w"], phi, color=color("analog-sgd"), linestyle=LINESTYLES[i % 4],
                        label=rf"$c$ = {c:g} (symmetric point {c * curves['tau']:g})")
        ax_phi.set_xlabel("weight $w$")
        ax_phi.set_ylabel(r"penalty $\Phi(w)$")
        ax_phi.set_title(r"$\Phi(w) = \int_{w_{sym}}^{w} G/F$")
        ax_phi.legend(loc="upper center", fontsize="small")
        ax_min.errorbar(curves["c"], curves["simulated"], yerr=2 * curves["se"], fmt="o", color=color("analog-sgd"),
                        label="Analog SGD, simulated (±2 s.e.)")
        ax_min.plot(curves["c_fine"], curves["predicted_fine"], color=color("theory"),
                    label=r"critical point of $f + E|g|\,\Phi$")
        ax_min.axhline(curves["w_star"], color=color("reference"), linestyle="--", label="$w^*$")
        ax_min.set_xlabel("up_down $c$")
        ax_min.set_ylabel(r"stationary mean of $W$")
        ys = np.concatenate([curves["simulated"] - 2 * curves["se"], curves["simulated"] + 2 * curves["se"],
                             curves["predicted_fine"], [curves["w_star"]]])
        span = ys.max() - ys.min()
        ax_min.set_ylim(ys.min() - 0.8 * span, ys.max() + 0.08 * span)   # the legend's room, under the data
        ax_min.legend(loc="lower right", fontsize="small")
    return fig
