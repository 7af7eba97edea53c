"""Figures for the course's intuitions: the crossbar (notebook 00), Tiki-Taka's friction, fast array and shifted
symmetric point (notebook 04), Table 1's rates and the lower-bound sandwich (notebook 05).

Data come from :mod:`aimc_edu.experiments.intuitions`; these functions only draw.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, Rectangle

from .plots import figure_legend, new_figure, plain_log
from .style import color, course_style, label, register_series

DEVICE = "#555555"
register_series("input-line", "input line", "#AA4499")      # purple (Paul Tol), used by no algorithm
register_series("output-line", "output line", "#333333")    # near black


def _arrow(ax, start, end, **kw):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14, lw=1.6, **kw))


def draw_crossbar(example: dict) -> Figure:
    """Three panels: (1) a 3 x 3 crossbar read, v_j on the rows, devices G_ij, column currents minus the
    reference column; (2) a rank-1 update by pulse coincidence; (3) where the reference puts "zero".

    ``example`` holds "G" (3x3), "G_ref" (3), "x" (3), "y" (= W x), "row_pulses", "col_pulses" (bool slots),
    "G_range" (G_min, G_max), "G_sym", "G_refs" (two reference levels) and "g_unit".
    """
    with course_style():
        fig, (ax, ax_p, ax_z) = new_figure(3, width=4.6, height=4.4)
        G, x, y = example["G"], example["x"], example["y"]
        n_out, n_in = G.shape
        ys = np.arange(n_in)[::-1] + 1.0                      # input rows (top to bottom)
        xs = np.arange(n_out) + 1.0                           # output columns, then the reference column
        x_ref = n_out + 1.2
        for j, yj in enumerate(ys):
            ax.plot([0.3, x_ref + 0.3], [yj, yj], color=color("input-line"), lw=1.5)
            ax.text(0.2, yj, f"$v_{j + 1} \\propto x_{j + 1}$ = {x[j]:+.1f}", ha="right", va="center", fontsize="small")
        for i, xi in enumerate([*xs, x_ref]):
            ref = i == n_out
            ax.plot([xi, xi], [0.35, ys[0] + 0.4], color=color("reference") if ref else color("output-line"), lw=1.5)
            for j, yj in enumerate(ys):
                g = example["G_ref"][0] if ref else G[i, j]
                ax.add_patch(Rectangle((xi - 0.17, yj - 0.1), 0.34, 0.2, color="#BBBBBB" if ref else DEVICE,
                                       zorder=3))
                ax.text(xi + 0.2, yj + 0.14, f"{g:.1f}", fontsize="x-small", color=DEVICE)
            _arrow(ax, (xi, 0.6), (xi, 0.15), color=color("reference") if ref else color("output-line"))
            ax.text(xi, -0.05, "$I_{ref}$" if ref else f"$y_{i + 1}$\n{y[i]:+.2f}", ha="center", va="top",
                    fontsize="small")
        ax.set_xlim(-2.0, x_ref + 0.8)
        ax.set_ylim(-0.8, ys[0] + 0.7)
        ax.set_axis_off()
        ax.set_title("read: $I_i = \\sum_j G_{ij} v_j$ (Ohm, Kirchhoff)\n$y = (I - I_{ref}) \\Rightarrow y = W x$",
                     fontsize="small")

        rows, cols = example["row_pulses"], example["col_pulses"]          # (slots,), (slots,)
        t = np.arange(len(rows))
        ax_p.step(t, rows + 2.4, where="mid", color=color("input-line"), label="input line $j$: fires w.p. $|x_j|$")
        ax_p.step(t, cols + 1.2, where="mid", color=color("output-line"), label=r"output line $i$: fires w.p. $|\delta_i|$")
        hits = t[rows & cols]
        ax_p.vlines(hits, 0, 0.8, color=color("theory"), lw=3, label="coincidence: device $(i,j)$ steps")
        ax_p.set_yticks([0.4, 1.7, 2.9], ["device", "output", "input"])
        ax_p.set_xlabel("time slot of one update")
        ax_p.set_ylim(-0.2, 5.6)                              # room for the legend above the traces
        ax_p.set_title(r"update: E[steps] $\propto |x_j|\,|\delta_i|$" + "\n(all devices at once: rank 1)", fontsize="small")
        ax_p.legend(fontsize="x-small", loc="upper center", ncols=1, frameon=False)

        g_lo, g_hi = example["G_range"]
        g = np.linspace(g_lo, g_hi, 3)
        ax_z.axhspan(g_lo, g_hi, color=color("reference"), alpha=0.12)
        ax_z.axhline(example["G_sym"], color=color("theory"), lw=2, label=r"symmetric point $G_{sym}$ (device)")
        for k, ref in enumerate(example["G_refs"]):
            ax_z.axhline(ref, color=color("input-line") if k else color("reference"), ls=":" if k else "--", lw=2.5,
                         label=f"reference $G_{{ref}}$ = {ref:g}: $w_{{sym}}$ = {(example['G_sym'] - ref) / example['g_unit']:+g}")
        ax_z.set_ylim(g_lo - 0.3, g_hi + 1.4)
        ax_z.set_xticks([])
        ax_z.set_ylabel("conductance $G$")
        ax_z.set_yticks(g)
        ax_z.set_title("zero is set by a reference:\n$w = (G - G_{ref}) / g$", fontsize="small")
        ax_z.legend(fontsize="x-small", loc="upper center", frameon=False)
    return fig


def draw_friction(steps: np.ndarray, mean: np.ndarray, gammas) -> Figure:
    """f(W_k) - f* (mean over seeds) of Tiki-Taka on ideal devices, one line per mixing gamma."""
    with course_style():
        fig, (ax,) = new_figure(1, width=6.5, height=4.0)
        shades = np.linspace(1.0, 0.35, len(gammas))
        for g, m, a in zip(gammas, mean, shades):
            ax.plot(steps, m, color=color("tiki-taka"), alpha=a, lw=2, ls="-" if g > 0 else "--",
                    label=fr"$\gamma$ = {g:g}")
        plain_log(ax, decades=1.5)
        ax.set_xlabel("iteration $k$")
        ax.set_ylabel(r"$f(W_k) - f^*$ (mean over seeds)")
        ax.set_title(r"Tiki-Taka on ideal devices: $\gamma$ is the only friction", fontsize="medium")
        figure_legend(fig, ncols=len(gammas))
    return fig


def draw_fast_array(data: dict) -> Figure:
    """E|P| against beta (log-log) with the mean field, a sqrt(beta) guide and Analog SGD's E|g|."""
    with course_style():
        fig, (ax,) = new_figure(1, width=6.5, height=4.2)
        b = data["beta"]
        ax.errorbar(b, data["abs_P"], 2 * data["se"], fmt="o", color=color("tiki-taka"),
                    label=f"Tiki-Taka: $E|P|$ simulated (slope {data['slope']:.2f})")
        ax.plot(b, data["mean_field"], color=color("theory"), lw=1.5, label="$E|P|$, mean field")
        ax.plot(b, data["abs_P"][0] * np.sqrt(b / b[0]), "-.", color=color("theory"), lw=1.2,
                label=r"$\propto \sqrt{\beta}$")
        ax.axhline(data["abs_g"], color=color("analog-sgd"), ls="--", lw=2,
                   label=r"Analog SGD: $E|g| \approx \sigma\sqrt{2/\pi}$")
        plain_log(ax, "x", decades=1.5)
        plain_log(ax, "y", decades=1.5)
        ax.set_xlabel(r"$\beta = \alpha$")
        ax.set_ylabel("size of what drives the drift")
        ax.set_title(r"W's drift $\propto |P|/\tau$ (Tiki-Taka) vs $|g|/\tau$ (Analog SGD)", fontsize="medium")
        ax.legend(fontsize="x-small", loc="lower right")
    return fig


def draw_shifted(data: dict, fine: dict) -> Figure:
    """The shift of Tiki-Taka's stationary mean E W caused by P's symmetric point p (relative to p = 0, which
    removes Tiki-Taka's own small offset at this alpha): simulated, and the alpha -> 0 theory."""
    with course_style():
        fig, (ax,) = new_figure(1, width=6.5, height=4.0)
        ax.plot(fine["p"], fine["offset"], color=color("theory"), label=r"theory ($\alpha \to 0$)")
        ax.errorbar(data["p"], data["shift"], 2 * data["shift_se"], fmt="o", color=color("tiki-taka"),
                    label=r"Tiki-Taka, simulated ($\alpha = \beta$ = 0.01, ±2 s.e.)")
        ax.axhline(0, color=color("reference"), lw=1)
        ax.set_xlabel(r"symmetric point $w_{\mathrm{sym}}$ of P's device")
        ax.set_ylabel(r"shift of $E\,W$ (offset from $w^*$)")
        ax.set_title("P's zero must be the device's symmetric point", fontsize="medium")
        ax.legend(fontsize="small", loc="upper left")
    return fig


def draw_rates(data: dict) -> Figure:
    """(1/K) sum_k E||grad f(W_k)||^2 against K with alpha ~ 1/sqrt(K), log-log, fitted exponents in the legend."""
    with course_style():
        fig, (ax,) = new_figure(1, width=6.5, height=4.4)
        K = data["K"]
        for name in ("digital-sgd", "analog-sgd", "tiki-taka"):
            mean, se = data[name]
            ax.errorbar(K, mean, 2 * se, fmt="o-", color=color(name),
                        label=f"{label(name)}: slope {data['slopes'][name]:+.2f}")
        ax.plot(K, data["digital-sgd"][0][0] * np.sqrt(K[0] / K), "-.", color=color("theory"), lw=1.2,
                label=r"$\propto K^{-1/2}$")
        ax.axhline(data["floor"], color=color("analog-sgd"), ls="--", lw=1.5,
                   label=r"$|\nabla f(\bar w)|^2$ (Analog SGD's floor)")
        plain_log(ax, "x", decades=2.0)
        plain_log(ax, "y", decades=1.5)
        ax.set_xlabel(r"iterations $K$ (with $\alpha = \beta = 1/\sqrt{K}$)")
        ax.set_ylabel(r"$\frac{1}{K}\sum_{k<K} E\|\nabla f(W_k)\|^2$")
        ax.set_title("Table 1, rate column, measured", fontsize="medium")
        figure_legend(fig, ncols=2)
    return fig


def draw_sandwich(data: dict) -> Figure:
    """Analog SGD's gradient floor between the lower bound (2/pi) sigma^2 S and the upper bound 2 sigma^2 S/(1 - rho^2)."""
    with course_style():
        fig, (ax,) = new_figure(1, width=6.5, height=4.2)
        x = data["x_star"]
        ax.plot(x, data["upper"], "--", color=color("reference"), label=r"upper: $2\sigma^2 S/(1 - \rho^2)$")
        ax.plot(x, data["exact"], color=color("theory"), label=r"exact: $(E|g|)^2 S = |\nabla f(\bar w)|^2$")
        ax.plot(x, data["lower"], ":", color=color("reference"), lw=2.5, label=r"lower: $\frac{2}{\pi}\sigma^2 S$")
        ax.errorbar(x, data["simulated"], 2 * data["se"], fmt="o", color=color("analog-sgd"),
                    label=r"Analog SGD: $L^2 (E\,w - w^*)^2$ (±2 s.e.)")
        plain_log(ax, decades=2.0)
        ax.set_xlabel(r"saturation of the optimum $x^* = w^*/\tau$")
        ax.set_ylabel(r"gradient floor $|\nabla f|^2$")
        ax.set_title(r"the floor is real: $S = (\bar w/\tau)^2$, $\rho = |\bar w|/\tau$", fontsize="medium")
        ax.legend(fontsize="x-small", loc="lower right")
    return fig
