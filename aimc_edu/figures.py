"""The paper's Figures 1, 2, 3, 4 and 6 at the paper's settings, for lecture slides.

Each ``figN(steps, runs, seed)`` runs its simulations (one vectorized call per algorithm)
and returns a matplotlib Figure; :data:`FIGURES` maps names to builders. Settings are
:data:`aimc_edu.problems.PAPER_SETTINGS`; ``steps`` and ``runs`` may be lowered for a quick look.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from . import plots
from .algorithms import AnalogSGD, DigitalSGD
from .devices import ExpStep, Ideal, LinearStep, PowStep, SoftBounds
from .problems import PAPER_SETTINGS, fig1_problem, fig3_problem, fig4_sigma_problem
from .pulsed import Pulsed
from .simulate import simulate
from .style import COLORS, LABELS, course_style

LINESTYLES = ("-", "--", "-.", ":")


def _median_lines(ax, trace, key, labels, every=1):
    band = trace.band("loss_gap", (0.1, 0.5, 0.9))
    for i, label in enumerate(labels):
        ax.plot(trace.steps, band[1, i], color=COLORS[key], linestyle=LINESTYLES[i % 4], label=label)
        ax.fill_between(trace.steps, band[0, i], band[2, i], color=COLORS[key], alpha=0.15, linewidth=0)
    ax.set_yscale("log")
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(plots.LOSS_LABEL)
    ax.legend(loc="upper right")


def fig1(steps: int = 2500, runs: int = 8, seed: int = 0) -> Figure:
    """Fig. 1: digital vs Analog SGD for alpha in {0.2, 0.1, 0.05, 0.03} (tau = 3, sigma = 0.01/sqrt(40))."""
    s = PAPER_SETTINGS["fig1"]
    lrs = list(s["lr"])
    with course_style():
        fig, (ax_d, ax_a) = plots.new_figure(2, width=5.8)
        dig = simulate(fig1_problem(), lambda lr: DigitalSGD(lr), steps, runs=runs, seed=seed, sigma=s["sigma"],
                       grid={"lr": lrs}, record_every=10)
        ana = simulate(fig1_problem(), lambda lr: AnalogSGD(lr, SoftBounds(s["tau"])), steps, runs=runs,
                       seed=seed + 1, sigma=s["sigma"], grid={"lr": lrs}, record_every=10)
        labels = [rf"$\alpha$ = {lr:g}" for lr in lrs]
        _median_lines(ax_d, dig, "digital-sgd", labels)
        _median_lines(ax_a, ana, "analog-sgd", labels)
        ax_d.set_title(LABELS["digital-sgd"])
        ax_a.set_title(rf"{LABELS['analog-sgd']} ($\tau$ = {s['tau']:g})")
        lo = min(ax_d.get_ylim()[0], ax_a.get_ylim()[0])
        hi = max(ax_d.get_ylim()[1], ax_a.get_ylim()[1])
        for ax in (ax_d, ax_a):
            ax.set_ylim(lo, hi)
    return fig


def fig2(**_) -> Figure:
    """Fig. 2: q_plus and q_minus of an ideal device and of a soft-bounds device (tau = 1)."""
    with course_style():
        fig, axes = plots.new_figure(2, width=5.0)
        w = np.linspace(-1.0, 1.0, 201)
        for ax, dev, title in zip(axes, (Ideal(), SoftBounds(1.0)), ("ideal device", r"soft bounds, $\tau$ = 1")):
            ax.plot(w, dev.q_plus(w), color=COLORS["q_plus"], label=r"$q_+(w)$")
            ax.plot(w, dev.q_minus(w), color=COLORS["q_minus"], label=r"$q_-(w)$", linestyle="--")
            ax.set_xlabel("weight $w$")
            ax.set_ylabel("response factor")
            ax.set_ylim(-0.05, 2.1)
            ax.set_title(title)
            ax.legend(loc="upper center")
    return fig


def fig3(steps: int = 2500, runs: int = 4, seed: int = 0) -> Figure:
    """Fig. 3: digital SGD, the analog dynamic and the pulse-level simulation (300 states) for four tau."""
    s = PAPER_SETTINGS["fig3"]
    taus = list(s["tau"])
    with course_style():
        fig, axes = plots.new_figure(4, width=3.9)
        kw = dict(runs=runs, sigma=s["sigma"], record_every=10)
        dig = simulate(fig3_problem(), DigitalSGD(s["lr"]), steps, seed=seed, **kw)
        ana = simulate(fig3_problem(), lambda tau: AnalogSGD(s["lr"], SoftBounds(tau)), steps, seed=seed + 1,
                       grid={"tau": taus}, **kw)
        pul = simulate(fig3_problem(), lambda tau: AnalogSGD(s["lr"], Pulsed.with_states(SoftBounds(tau), s["states"])),
                       steps, seed=seed + 2, grid={"tau": taus}, **kw)
        bands = {k: t.band("loss_gap", (0.1, 0.5, 0.9)) for k, t in
                 (("digital-sgd", dig), ("analog-sgd", ana), ("pulsed", pul))}
        for i, (ax, tau) in enumerate(zip(axes, taus)):
            for key, band in bands.items():
                b = band if key == "digital-sgd" else band[:, i]
                label = "analog dynamic" if key == "analog-sgd" else LABELS[key]
                plots.Band(ax, key, label=label).set_data(dig.steps, b)
            ax.set_yscale("log")
            ax.set_title(rf"$\tau$ = {tau:g}")
            ax.set_xlabel("iteration $k$")
            plots.autoscale(ax)
        axes[0].set_ylabel(plots.LOSS_LABEL)
        axes[0].legend(loc="upper right", fontsize=10)
    return fig


def fig4(steps: int = 2500, runs: int = 8, seed: int = 0) -> Figure:
    """Fig. 4: Analog SGD's asymptotic error vs tau, vs sigma^2, and its independence of W_0."""
    with course_style():
        fig, (ax_t, ax_s, ax_i) = plots.new_figure(3, width=4.8)
        st = PAPER_SETTINGS["fig4-tau"]
        tr = simulate(fig3_problem(), lambda tau: AnalogSGD(st["lr"], SoftBounds(tau)), steps, runs=runs, seed=seed,
                      sigma=st["sigma"], grid={"tau": list(st["tau"])}, record_every=10)
        mean, se = tr.asymptotic_error(last=50)
        ax_t.errorbar(st["tau"], mean, yerr=2 * se, color=COLORS["analog-sgd"], marker="o", capsize=4)
        ax_t.set_xlabel(plots.AXIS_LABELS["tau"])
        ax_t.set_ylabel(plots.FLOOR_LABEL)
        ax_t.set_title(r"vs $\tau$ ($\alpha$ = 0.03, $\sigma$ = 0.1)")
        ss = PAPER_SETTINGS["fig4-sigma"]
        sig = np.asarray(ss["sigma"])
        tr = simulate(fig4_sigma_problem(), AnalogSGD(ss["lr"], SoftBounds(ss["tau"])), steps, runs=runs,
                      seed=seed + 1, grid={"sigma": sig}, record_every=10)
        mean, se = tr.asymptotic_error(last=50)
        ax_s.errorbar(sig ** 2, mean, yerr=2 * se, color=COLORS["analog-sgd"], marker="o", capsize=4)
        ax_s.set_xscale("log")
        ax_s.set_yscale("log")
        ax_s.set_xlabel(plots.AXIS_LABELS["sigma2"])
        ax_s.set_title(r"vs $\sigma^2$ ($\tau$ = 2, $\alpha$ = 0.1)")
        si = PAPER_SETTINGS["fig4-init"]
        tr = simulate(fig4_sigma_problem(), AnalogSGD(si["lr"], SoftBounds(si["tau"])), steps, runs=runs,
                      seed=seed + 2, sigma=si["sigma"], grid={"init": list(si["init"])}, record_every=10)
        band = tr.band("loss_gap", (0.1, 0.5, 0.9))
        for i, w0 in enumerate(si["init"]):
            ax_i.plot(tr.steps, band[1, i], color=COLORS["analog-sgd"], linestyle=LINESTYLES[i],
                      label=rf"$W_0$ = {w0:g}")
        ax_i.set_yscale("log")
        ax_i.set_xlabel("iteration $k$")
        ax_i.set_ylabel(plots.LOSS_LABEL)
        ax_i.set_title(r"vs $W_0$ ($\tau$ = 1, $\alpha$ = 0.1)")
        ax_i.legend(loc="upper right")
    return fig


def fig6(**_) -> Figure:
    """Fig. 6: q_plus, q_minus (top) and F, G (bottom) of linear-step, power-step and exp-step devices."""
    devices = [("linear step", LinearStep(0.3, 0.6, -1.0, 1.0)), ("power step", PowStep(0.5, 1.5, -1.0, 1.0)),
               ("exponential step", ExpStep(w_min=-1.0, w_max=1.0))]
    with course_style():
        fig, axes = plots.new_figure(3, width=4.5, height=3.8, nrows=2)
        w = np.linspace(-1.0, 1.0, 401)
        for c, (name, dev) in enumerate(devices):
            lines = plots.response_panels(axes[c], axes[3 + c])
            plots.set_response(lines, w, dev)
            axes[c].set_title(name)
            for ax in (axes[c], axes[3 + c]):
                plots.autoscale(ax, ylog=False)
                ax.set_xlim(-1, 1)
    return fig


FIGURES = {"fig1": fig1, "fig2": fig2, "fig3": fig3, "fig4": fig4, "fig6": fig6}

__all__ = ["FIGURES", "fig1", "fig2", "fig3", "fig4", "fig6"]
