"""Drawings for notebook 05: the theory against simulation (data from :mod:`aimc_edu.experiments.theory_checks`)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from matplotlib.ticker import FixedLocator, MaxNLocator

from .plots import FLOOR_VALUE, PLAIN, Band, figure_legend, new_figure, plain_log
from .style import color, course_style, label


DEFAULT_LIMITS = {"loss": (1e-5, 5.0), "x": (-1.15, 1.15), "density": (1e-2, 100.0)}
"""Frames of notebook 05's dashboard when no grid gives them (:func:`aimc_edu.experiments.theory_grid.theory_grid`
does: limits over every setting)."""


def _fmt(v: float) -> str:
    return f"{v:g}"


class TheoryPanels:
    """Notebook 05's dashboard figure, built once with fixed frames and moved in place by :meth:`update`.

    Left: f(w_k) - f* over k (log-log): 10-90% bands and means of both algorithms, the derived floors.
    Right: the late iterates in units of the range, w/tau (histograms on a log density axis), the derived
    Gaussian N(E w, Var w), the root w_bar and w*. One legend above both panels, outside the data.
    """

    def __init__(self, fig: Figure | None = None, limits: dict | None = None, steps: int = 2000):
        lim = {**DEFAULT_LIMITS, **(limits or {})}
        with course_style():
            if fig is None:
                fig, _ = new_figure(2, width=4.6, height=3.9)
            self.figure = fig
            ax_l, ax_r = self.axes = fig.axes
            self.bands = {key: Band(ax_l, key, label=f"{label(key)}: mean, 10-90%") for key in ("digital-sgd", "analog-sgd")}
            th = color("theory")
            (self.floor,) = ax_l.plot([1, steps], [1, 1], color=th, lw=2, label="analog floor (derived)")
            (self.bias,) = ax_l.plot([1, steps], [1, 1], color=th, ls="--", lw=1.5,
                                     label=r"bias part $\frac{L}{2}(\bar w - w^*)^2$")
            (self.digital,) = ax_l.plot([1, steps], [1, 1], color=th, ls=":", lw=2, label="digital floor (derived)")
            ax_l.set_xscale("log")
            ax_l.set_xlim(1, steps)
            ax_l.set_ylim(*lim["loss"])
            plain_log(ax_l, "y", decades=np.log10(lim["loss"][1] / lim["loss"][0]))
            plain_log(ax_l, "x", decades=np.log10(steps))
            ax_l.set_xlabel("step $k$")
            ax_l.set_ylabel(r"$f(w_k) - f^*$")
            self.hist = {key: ax_r.plot([], [], drawstyle="steps-mid", color=color(key), lw=lw,
                                        label=f"{label(key)}, late $w_k$")[0]
                         for key, lw in (("analog-sgd", 2.5), ("digital-sgd", 1.5))}
            (self.gauss,) = ax_r.plot([], [], color=th, lw=1.5, label=r"$N(E\,w, \mathrm{Var}\,w)$ derived")
            (self.w_bar,) = ax_r.plot([], [], color=th, lw=2, ls="--", label=r"root $\bar w$ of the mean drift")
            (self.w_star,) = ax_r.plot([], [], color=color("reference"), lw=2, ls=":", label="$w^*$")
            self.outside = ax_r.set_title(" ", size="medium", color=color("reference"))   # w* off the range
            ax_r.set_yscale("log")
            ax_r.set_xlim(*lim["x"])
            ax_r.set_ylim(*lim["density"])
            plain_log(ax_r, "y", decades=np.log10(lim["density"][1] / lim["density"][0]))
            ax_r.xaxis.set_major_locator(FixedLocator([-1, -0.5, 0, 0.5, 1]))
            ax_r.xaxis.set_major_formatter(PLAIN)
            ax_r.set_xlabel(r"$w/\tau$ (late iterates)")
            ax_r.set_ylabel("density")
            self.lim = lim
            self.title = ax_l.set_title(" ", loc="left")
            figure_legend(fig, ncols=3)

    def update(self, data: dict) -> None:
        """Move every data artist to show ``data`` (the keys of :func:`aimc_edu.experiments.theory_checks.theory_point`)."""
        k, pred, prm = np.asarray(data["steps"], float), data["predicted"], data["params"]
        tau = prm["tau"]
        for key, name in (("digital", "digital-sgd"), ("analog", "analog-sgd")):
            band = data[key]["band"]
            self.bands[name].set_data(k, np.stack([band[0], data[key]["mean"], band[2]]))
        for line, value in ((self.floor, pred["analog_floor"]), (self.bias, pred["analog_floor_small_lr"]),
                            (self.digital, pred["digital_floor"])):
            line.set_ydata([max(value, FLOOR_VALUE)] * 2)
        lo, hi = self.lim["x"]
        x_all = np.concatenate([data[key]["w"] for key in ("analog", "digital")]) / tau
        inside = x_all[(x_all > lo) & (x_all < hi)]
        span = (np.quantile(inside, [0.002, 0.998]) if inside.size else np.array([lo, hi])) + [-0.02, 0.02]
        edges = np.linspace(*span, 41)
        for key, name in (("analog", "analog-sgd"), ("digital", "digital-sgd")):
            dens, _ = np.histogram(data[key]["w"] / tau, bins=edges)
            dens = dens / (len(data[key]["w"]) * np.diff(edges))
            self.hist[name].set_data(0.5 * (edges[1:] + edges[:-1]), np.maximum(dens, FLOOR_VALUE))
        sd = np.sqrt(pred["var"]) / tau
        x = np.linspace(pred["mean"] / tau - 4 * sd, pred["mean"] / tau + 4 * sd, 200)
        self.gauss.set_data(x, np.maximum(np.exp(-(x - pred["mean"] / tau) ** 2 / (2 * sd**2)) / (sd * np.sqrt(2 * np.pi)),
                                          FLOOR_VALUE))
        ylo, yhi = self.lim["density"]
        self.w_bar.set_data([pred["w_bar"] / tau] * 2, [ylo, yhi])
        self.w_star.set_data([prm["w_star"] / tau] * 2, [ylo, yhi])
        x_star = prm["w_star"] / tau
        self.outside.set_text(rf"$w^*/\tau$ = {x_star:g}: outside the range")   # always laid out, shown when true
        self.outside.set_alpha(0.0 if lo < x_star < hi else 1.0)
        self.title.set_text(rf"$\sigma^2$ = {_fmt(prm['sigma2'])}, $\tau$ = {_fmt(tau)}, $L$ = {_fmt(prm['L'])}, "
                            rf"$w^*$ = {_fmt(prm['w_star'])}, $\alpha$ = {_fmt(prm['alpha'])}")


def draw_theory_point(data: dict, fig: Figure | None = None, limits: dict | None = None) -> Figure:
    """Notebook 05's dashboard figure for one setting (see :class:`TheoryPanels`)."""
    panels = TheoryPanels(fig, limits, steps=int(np.max(data["steps"])))
    with course_style():
        panels.update(data)
    return panels.figure


def draw_tiki_taka_offset(data: dict) -> Figure:
    """Tiki-Taka's stationary offset |E W - w*| vs beta: derived curve, simulated points, Analog SGD's level."""
    with course_style():
        fig, (ax,) = new_figure(1, width=6.5, height=4.6)
        ax.plot(data["beta_fine"], np.abs(data["derived"]), color=color("theory"), label="Tiki-Taka, derived")
        ax.errorbar(data["beta"], np.abs(data["simulated"]), 2 * data["se"], fmt="o", color=color("tiki-taka"),
                    label="Tiki-Taka, simulated (±2 s.e.)")
        ax.axhline(abs(data["analog"]), color=color("analog-sgd"), ls="--", label=r"Analog SGD (any $\alpha$), derived")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"$\beta$")
        ax.set_ylabel(r"$|E\,W - w^*|$")
        ax.set_title(r"offset of the stationary mean, $w^* = 0.5$, $\sigma = \tau = L = 1$", size="medium")
        figure_legend(fig, ncols=2)
    return fig


def draw_response_check(rows: list[dict]) -> Figure:
    """F and G of each device (NumPy) with the sympy expressions dashed on top, and the symmetric point.

    Two panels per row (8 inches wide: shown at its natural size, its text stays >= 12 px), one legend above all.
    """
    with course_style():
        ncols = min(2, len(rows))
        fig, axes = new_figure(ncols, width=4.0, height=3.0, nrows=-(-len(rows) // ncols))
        for ax, row in zip(axes, rows):
            ax.plot(row["w"], row["F"], color=color("F"), label=label("F") + " device")
            ax.plot(row["w"], row["G"], color=color("G"), label=label("G") + " device")
            ax.plot(row["w"], row["F_sympy"], "--", color=color("theory"), lw=1, label="sympy")
            ax.plot(row["w"], row["G_sympy"], "--", color=color("theory"), lw=1)
            ax.axvline(row["sym_sympy"], color=color("reference"), ls=":", label="symmetric point")
            ax.set_title(f"{row['device'].name}: max |diff| = {row['max_diff']:.1e}", size="medium")
            ax.set_xlabel("$w$")
            ax.xaxis.set_major_locator(MaxNLocator(5))
        for ax in axes[len(rows):]:
            ax.set_visible(False)
        figure_legend(fig, axes[:1], ncols=4)
    return fig


def draw_floor_orders(data: dict) -> Figure:
    """Analog SGD's floor against the saturation x* = w*/tau: exact root, leading and corrected orders, simulation;
    below, each approximation's relative error against the exact root."""
    with course_style():
        fig, (ax, ax_err) = new_figure(2, width=4.6, height=4.0)
        x = data["x_star"]
        ax.plot(x, data["exact"], color=color("theory"), label=r"exact root $\bar w$")
        ax.plot(x, data["leading"], ":", color=color("reference"), lw=2.5,
                label=r"leading order $\frac{\sigma^2 x^{*2}}{\pi L (1+\kappa)^2}$ (and its relative error)")
        ax.plot(x, data["corrected"], "--", color=color("theory"), lw=1.5,
                label=r"corrected, $\times\,(1 + \frac{2}{\pi}\frac{x^{*2}}{(1+\kappa)^3})$ (and its relative error)")
        ax.errorbar(x, data["simulated"], 2 * data["se"], fmt="o", color=color("analog-sgd"),
                    label=r"Analog SGD: $\frac{L}{2}(E\,w - w^*)^2$ (±2 s.e.)")
        plain_log(ax, decades=2.0)
        ax.set_xlabel(r"saturation $x^* = w^*/\tau$")
        ax.set_ylabel(r"floor $f(\bar w) - f^*$")
        for key, style in (("leading", ":"), ("corrected", "--")):
            ax_err.plot(x, data[key] / data["exact"] - 1, style, color=color("reference" if key == "leading" else "theory"),
                        lw=2, label="_")
        ax_err.errorbar(x, data["simulated"] / data["exact"] - 1, 2 * data["se"] / data["exact"], fmt="o",
                        color=color("analog-sgd"), label="_")
        ax_err.axhline(0, color=color("theory"), lw=1)
        ax_err.set_xlabel(r"saturation $x^* = w^*/\tau$")
        ax_err.set_ylabel("relative error vs exact")
        figure_legend(fig, [ax], ncols=2)
    return fig
