"""Drawings for notebook 05: the theory against simulation (data from :mod:`aimc_edu.experiments.theory_checks`)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .plots import new_figure, plain_log
from .style import color, course_style, label


def draw_theory_point(data: dict, fig: Figure | None = None) -> Figure:
    """Two panels: f - f* over k (bands, means, predicted floors) and the histogram of late w (predicted density)."""
    with course_style():
        if fig is None:
            fig, _ = new_figure(2, width=6.0, height=4.4)
        ax_l, ax_r = fig.axes
        for ax in (ax_l, ax_r):
            ax.clear()
        k, pred, prm = data["steps"], data["predicted"], data["params"]
        for key, name in (("digital", "digital-sgd"), ("analog", "analog-sgd")):
            band = np.maximum(data[key]["band"], 1e-12)
            ax_l.fill_between(k, band[0], band[2], color=color(name), alpha=0.2, lw=0)
            ax_l.plot(k, np.maximum(data[key]["mean"], 1e-12), color=color(name), label=f"{label(name)}: mean")
        ax_l.axhline(pred["analog_floor"], color=color("theory"), lw=2, label="analog floor (derived)")
        ax_l.axhline(pred["analog_floor_small_lr"], color=color("theory"), ls="--", lw=1.5,
                     label=r"bias part $\frac{L}{2}(\bar w - w^*)^2$")
        ax_l.axhline(pred["digital_floor"], color=color("theory"), ls=":", lw=2, label="digital floor (derived)")
        ax_l.set_yscale("log")
        top = max(float(np.nanmax(data["analog"]["band"][2])), pred["analog_floor"]) * 2
        ax_l.set_ylim(min(pred["digital_floor"], pred["analog_floor_small_lr"] or pred["digital_floor"]) / 30, top)
        ax_l.set_xlabel("step $k$")
        ax_l.set_ylabel(r"$f(w_k) - f^*$")
        ax_l.legend(fontsize=10, loc="upper right")
        ax_l.set_title(rf"$\sigma^2$={prm['sigma2']:.3g}, $\tau$={prm['tau']:.3g}, $L$={prm['L']:.3g}, "
                       rf"$w^*$={prm['w_star']:.3g}, $\alpha$={prm['alpha']:.3g}", fontsize=12)
        ax_r.hist(data["analog"]["w"], bins=40, density=True, color=color("analog-sgd"), alpha=0.45,
                  label="Analog SGD, late $w_k$")
        ax_r.hist(data["digital"]["w"], bins=40, density=True, color=color("digital-sgd"), alpha=0.3,
                  label="digital SGD, late $w_k$")
        sd = np.sqrt(pred["var"])
        x = np.linspace(pred["mean"] - 4 * sd, pred["mean"] + 4 * sd, 200)
        ax_r.plot(x, np.exp(-(x - pred["mean"]) ** 2 / (2 * sd**2)) / (sd * np.sqrt(2 * np.pi)),
                  color=color("theory"), label=r"$N(E[w], \mathrm{Var}\,w)$ derived")
        ax_r.axvline(pred["w_bar"], color=color("theory"), lw=2, ls="--", label=r"root $\bar w$ of the mean drift")
        ax_r.axvline(prm["w_star"], color=color("reference"), lw=2, ls=":", label="$w^*$")
        ax_r.set_xlabel("$w$")
        ax_r.set_ylabel("density")
        ax_r.legend(fontsize=10, loc="upper left")
    return fig


def draw_tiki_taka_offset(data: dict) -> Figure:
    """Tiki-Taka's stationary offset |E W - w*| vs beta: derived curve, simulated points, Analog SGD's level."""
    with course_style():
        fig, (ax,) = new_figure(1, width=6.5, height=4.0)
        ax.plot(data["beta_fine"], np.abs(data["derived"]), color=color("theory"), label="Tiki-Taka, derived")
        ax.errorbar(data["beta"], np.abs(data["simulated"]), 2 * data["se"], fmt="o", color=color("tiki-taka"),
                    label="Tiki-Taka, simulated (±2 s.e.)")
        ax.axhline(abs(data["analog"]), color=color("analog-sgd"), ls="--", label=r"Analog SGD (any $\alpha$), derived")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"$\beta$")
        ax.set_ylabel(r"$|E\,W - w^*|$")
        ax.set_title(r"offset of the stationary mean, $w^* = 0.5$, $\sigma = \tau = L = 1$", fontsize=12)
        ax.legend(fontsize=10, loc="lower right")
    return fig


def draw_response_check(rows: list[dict]) -> Figure:
    """F and G of each device (NumPy) with the sympy expressions dashed on top, and the symmetric point."""
    with course_style():
        fig, axes = new_figure(len(rows), width=4.0, height=3.6)
        for ax, row in zip(axes, rows):
            ax.plot(row["w"], row["F"], color=color("F"), label=label("F") + " device")
            ax.plot(row["w"], row["G"], color=color("G"), label=label("G") + " device")
            ax.plot(row["w"], row["F_sympy"], "--", color=color("theory"), lw=1, label="sympy")
            ax.plot(row["w"], row["G_sympy"], "--", color=color("theory"), lw=1)
            ax.axvline(row["sym_sympy"], color=color("reference"), ls=":", label="symmetric point")
            ax.set_title(f"{row['device'].name}: max |diff| = {row['max_diff']:.1e}", fontsize=11)
            ax.set_xlabel("$w$")
        axes[0].legend(fontsize=10)
    return fig


def draw_floor_orders(data: dict) -> Figure:
    """Analog SGD's floor against the saturation x* = w*/tau: exact root, leading and corrected orders, simulation;
    below, each approximation's relative error against the exact root."""
    with course_style():
        fig, (ax, ax_err) = new_figure(2, width=5.6, height=4.2)
        x = data["x_star"]
        ax.plot(x, data["exact"], color=color("theory"), label=r"exact root $\bar w$")
        ax.plot(x, data["leading"], ":", color=color("reference"), lw=2.5,
                label=r"leading order $\frac{\sigma^2 x^{*2}}{\pi L (1+\kappa)^2}$")
        ax.plot(x, data["corrected"], "--", color=color("theory"), lw=1.5,
                label=r"$\times\,(1 + \frac{2}{\pi}\frac{x^{*2}}{(1+\kappa)^3})$")
        ax.errorbar(x, data["simulated"], 2 * data["se"], fmt="o", color=color("analog-sgd"),
                    label=r"Analog SGD: $\frac{L}{2}(E\,w - w^*)^2$ (±2 s.e.)")
        plain_log(ax, decades=2.0)
        ax.set_xlabel(r"saturation $x^* = w^*/\tau$")
        ax.set_ylabel(r"floor $f(\bar w) - f^*$")
        ax.legend(fontsize=9, loc="lower right")
        for key, style in (("leading", ":"), ("corrected", "--")):
            ax_err.plot(x, data[key] / data["exact"] - 1, style, color=color("reference" if key == "leading" else "theory"),
                        lw=2, label=f"{key} order")
        ax_err.errorbar(x, data["simulated"] / data["exact"] - 1, 2 * data["se"] / data["exact"], fmt="o",
                        color=color("analog-sgd"), label="simulation")
        ax_err.axhline(0, color=color("theory"), lw=1)
        ax_err.set_xlabel(r"saturation $x^* = w^*/\tau$")
        ax_err.set_ylabel("relative error vs the exact root")
        ax_err.legend(fontsize=9, loc="lower left")
    return fig
