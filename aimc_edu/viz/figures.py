"""Drawings of the paper's Figures 1, 2, 3, 4 and 6 from their data (:mod:`aimc_edu.experiments.paper`).

Each ``drawN(data)`` returns a matplotlib Figure (pyplot-free). Bands are 10-90 % over seeds (the
paper instead smooths one seed with an exponential moving average, 0.8). Figs. 1, 3 and 4 put the
paper's dynamic next to the per-sample models and plot the paper's units (f - f*)/d; their titles say
which curve the paper drew. Dashboards that offer the paper's units use :func:`loss_label`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from matplotlib.ticker import MaxNLocator

from .plots import (AXIS_LABELS, FLOOR_LABEL, LOSS_LABEL, figure_legend, grid_ticks, log_limits, new_figure,
                    response_panels, set_response, shown)
from .style import color, course_style, label

LINESTYLES = ("-", "--", "-.", ":", (0, (1, 1)))
PAPER_LOSS_LABEL = r"$(f(W_k) - f^*)/d$"
PAPER_FLOOR_LABEL = r"asymptotic error $(f - f^*)/d$"
PER_SAMPLE_COLOR = color("per_sample")   # registered in viz.style
SERIES = {"digital-sgd": (label("digital-sgd"), color("digital-sgd"), "-", "o"),
          "analog-sgd": ("paper's dynamic", color("analog-sgd"), "-", "o"),
          "per_sample": ("per-sample, expectation level", PER_SAMPLE_COLOR, "-", "o"),
          "per_sample-pulsed": ("per-sample pulses (AIHWKIT-like)", PER_SAMPLE_COLOR, "--", "s")}
"""(legend label, colour, line style, marker) of every model in Figs. 1, 3 and 4."""
DREW = {"fig1": "The paper drew AIHWKIT pulse-level runs (read noise, one pulse train per sample), "
                "modelled here by the per-sample pulses; the paper's dynamic is what its theory describes.",
        "fig3": "The paper drew its dynamic and AIHWKIT (here: per-sample pulses, read noise 0.1 / mean singular "
                "value of A, 300 states): their floors agree within a factor of 3, from different noise sources.",
        "fig4": r"The paper drew its dynamic vs $\tau$ and AIHWKIT runs vs $\sigma^2$ and $W_0$ (here: per-sample "
                r"pulses, read noise $w = \sigma$), after 200 and 50 steps as in its scripts."}
"""Which curve the paper drew, per figure (the first line of each figure's title)."""


def loss_label(per_coordinate: bool) -> str:
    """y-axis label of f(W_k) - f*: the paper's (f(W_k) - f*)/d if ``per_coordinate``."""
    return PAPER_LOSS_LABEL if per_coordinate else LOSS_LABEL


def floor_label(per_coordinate: bool) -> str:
    """y-axis label of the asymptotic error, in the paper's units if ``per_coordinate``."""
    return PAPER_FLOOR_LABEL if per_coordinate else FLOOR_LABEL


def _band(ax, steps, band, key: str, linestyle=None, label: str | None = None, fill: bool = True) -> None:
    name, c, style, _ = SERIES[key]
    band = shown(band)
    ax.plot(steps, band[1], color=c, linestyle=linestyle or style, label=name if label is None else label)
    if fill:
        ax.fill_between(steps, band[0], band[2], color=c, alpha=0.15, linewidth=0)


def _loss_axes(ax, summaries, per_coordinate: bool) -> None:
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(loss_label(per_coordinate))
    log_limits(ax, *(s.band for s in summaries), pad=1.5)


def _floors(ax, data: dict, axis: str, keys) -> None:
    """Asymptotic error (+-2 standard errors) against ``axis`` for every model in ``keys``."""
    for key in keys:
        s = data[key]
        name, c, style, marker = SERIES[key]
        ax.errorbar(s.grid[axis], shown(s.floor), yerr=2 * s.se, color=c, linestyle=style, marker=marker,
                    capsize=4, label=name)
    grid_ticks(ax, data[keys[0]].grid[axis], log=axis != "tau")
    ax.set_xlabel(AXIS_LABELS.get(axis, axis))
    ax.set_ylabel(floor_label(data[keys[0]].per_coordinate))
    log_limits(ax, *(data[k].floor - 2 * data[k].se for k in keys), *(data[k].floor + 2 * data[k].se for k in keys),
               pad=1.5)


def _legend_below(fig, ax, ncols: int) -> None:
    """One legend for the models, under the axes (outside every data area, clear of the title)."""
    figure_legend(fig, [ax], ncols=ncols, loc="outside lower center", fontsize="small")


def _title(fig, name: str, first: str) -> None:
    fig.suptitle(f"{first}; median and 10-90% band over seeds (the paper: one seed, EMA 0.8)\n{DREW[name]}",
                 fontsize="medium")


def draw_fig1(data: dict) -> Figure:
    """Fig. 1: per alpha, digital SGD, the paper's dynamic and the per-sample pulses; their floors vs alpha."""
    keys = ("digital-sgd", "analog-sgd", "per_sample-pulsed")
    with course_style():
        fig, axes = new_figure(2, width=6.2, height=4.4, nrows=2)
        curves = [data[k] for k in keys]
        for ax, key in zip(axes, keys):
            s = data[key]
            for i, lr in enumerate(s.grid["lr"]):
                _band(ax, s.steps, s.sel(lr=lr).band, key, LINESTYLES[i], rf"$\alpha$ = {lr:g}")
            ax.set_title(SERIES[key][0])
            _loss_axes(ax, curves, s.per_coordinate)
            ax.legend(loc="upper right", fontsize="small")
        _floors(axes[3], data, "lr", ("digital-sgd", "analog-sgd", "per_sample", "per_sample-pulsed"))
        axes[3].set_title(r"floors vs $\alpha$ ($\pm$2 s.e.)")
        _legend_below(fig, axes[3], 4)
        _title(fig, "fig1", rf"Fig. 1 at the authors' settings (S1): $\tau$ = {data['settings']['tau']:g}, "
                            f"{data['digital-sgd'].steps[-1]} steps")
    return fig


def draw_fig2(data: dict) -> Figure:
    """Fig. 2: q_plus and q_minus of an ideal device (left) and a soft-bounds device (right).

    q_plus is drawn wide and pale under a dashed q_minus, so both show where they coincide (the ideal
    device: q_plus = q_minus = 1, every w is a symmetric point); the legend sits above the panels.
    """
    with course_style():
        fig, axes = new_figure(2, width=5.0)
        for ax, (title, curves) in zip(axes, data.items()):
            ax.plot(curves["w"], curves["q_plus"], color=color("q_plus"), label=label("q_plus"), linewidth=5,
                    alpha=0.6, solid_capstyle="butt")
            ax.plot(curves["w"], curves["q_minus"], color=color("q_minus"), label=label("q_minus"), linestyle="--",
                    linewidth=2.5)
            ax.plot([curves["symmetric_point"]], [curves["q_at_symmetric_point"]], "o", color=color("theory"),
                    markersize=9, label=r"symmetric point ($q_+ = q_-$)", zorder=3)
            if np.allclose(curves["q_plus"], curves["q_minus"]):
                ax.annotate("$q_+ = q_-$ everywhere:\nevery $w$ is symmetric", (curves["symmetric_point"], 1.0),
                            xytext=(0.0, 0.45), ha="center", va="center", fontsize="small",
                            arrowprops={"arrowstyle": "->", "color": color("reference")})
            ax.set_xlabel("weight $w$")
            ax.set_ylabel("response factor")
            ax.set_ylim(-0.05, 2.1)
            ax.xaxis.set_major_locator(MaxNLocator(5))
            ax.set_title(title)
        figure_legend(fig, ncols=3)
    return fig


def draw_fig3(data: dict) -> Figure:
    """Fig. 3: per tau, digital SGD, the paper's dynamic and the per-sample models (shared y-axis)."""
    taus = data["analog-sgd"].grid["tau"]
    keys = ("digital-sgd", "analog-sgd", "per_sample", "per_sample-pulsed")
    with course_style():
        fig, axes = new_figure(len(taus), width=3.9, height=4.0)
        for ax, tau in zip(axes, taus):
            for key in keys:
                s = data[key] if key == "digital-sgd" else data[key].sel(tau=tau)
                _band(ax, s.steps, s.band, key, fill=key != "per_sample")
            ax.set_title(rf"$\tau$ = {tau:g}")
            ax.set_xlim(0, data["digital-sgd"].steps[-1])
            _loss_axes(ax, [data[k] for k in keys], data["analog-sgd"].per_coordinate)
        _legend_below(fig, axes[0], 4)
        _title(fig, "fig3", r"Fig. 3 at the authors' settings (S2): $\alpha$ = 0.03, $\sigma$ = 0.1")
    return fig


def draw_fig4(data: dict) -> Figure:
    """Fig. 4: the floors vs tau and vs sigma^2, and the runs from several W_0 (dynamic | per-sample pulses)."""
    keys = ("analog-sgd", "per_sample-pulsed")
    with course_style():
        fig, (ax_t, ax_s, ax_d, ax_p) = new_figure(4, width=4.4, height=4.2)
        _floors(ax_t, data["tau"], "tau", keys)
        ax_t.set_title(r"vs $\tau$ (S2 settings)")
        _floors(ax_s, data["sigma2"], "sigma2", keys)
        s2 = data["sigma2"][keys[0]]
        k0 = s2.steps[-s2.last]
        ax_s.set_ylabel(rf"$(f - f^*)/d$, steps {k0}-{s2.steps[-1]}")
        ax_s.set_title(r"vs $\sigma^2$ ($\tau$ = 2, $\alpha$ = 0.1)")
        init = data["init"]
        for ax, key in ((ax_d, "analog-sgd"), (ax_p, "per_sample-pulsed")):
            s = init[key]
            for i, start in enumerate(s.grid["init"]):
                _band(ax, s.steps, s.sel(init=start).band, key, LINESTYLES[i % len(LINESTYLES)],
                      data["init_labels"][i], fill=False)
            ax.set_title(f"from several $W_0$: {SERIES[key][0]}", fontsize="small")
            _loss_axes(ax, list(init.values()), s.per_coordinate)
        ax_p.legend(loc="center left", fontsize="x-small", bbox_to_anchor=(1.02, 0.5), title="$W_0$ (both panels)",
                    title_fontsize="x-small")
        _legend_below(fig, ax_t, 2)
        _title(fig, "fig4", r"Fig. 4 at the authors' settings (S3.1-S3.3); right: $\tau$ = 1, $\alpha$ = 0.1")
    return fig


def draw_fig6(data: dict) -> Figure:
    """Fig. 6: q_plus, q_minus (top) and F, G (bottom) of three step devices."""
    with course_style():
        fig, axes = new_figure(len(data), width=4.5, height=3.8, nrows=2)
        for col, (title, curves) in enumerate(data.items()):
            lines = response_panels(axes[col], axes[len(data) + col])
            set_response(lines, curves)
            axes[col].set_title(title)
            for ax in (axes[col], axes[len(data) + col]):
                ax.relim()
                ax.autoscale_view()
                ax.set_xlim(curves["w"][0], curves["w"][-1])
        axes[0].legend(loc="lower left", fontsize="small")
        axes[len(data)].legend(loc="upper left", fontsize="small")
    return fig


def draw_four_models(data: dict) -> Figure:
    """Notebook 03: floors vs tau of the aggregate and per-sample updates, expectation level and pulses."""
    with course_style():
        fig, (ax_a, ax_p) = new_figure(2, width=5.6, height=4.4)
        for ax, key, title in ((ax_a, "aggregate", "aggregate update (the paper's)"),
                               (ax_p, "per_sample", "per-sample update (AIHWKIT's)")):
            c = color("analog-sgd") if key == "aggregate" else PER_SAMPLE_COLOR
            s = data[key]
            ax.errorbar(s.grid["tau"], shown(s.floor), yerr=2 * s.se, color=c, marker="o", capsize=4,
                        label="expectation level")
            pulses = data[f"{key}-pulsed"]
            for style, states in zip(("--", ":"), pulses.grid["states"]):
                q = pulses.sel(states=states)
                ax.errorbar(q.grid["tau"], shown(q.floor), yerr=2 * q.se, color=c, linestyle=style, marker="s",
                            capsize=4, label=f"pulses, {states:g} states")
            ax.set_title(title)
            grid_ticks(ax, s.grid["tau"], log=False)
            ax.set_xlabel(AXIS_LABELS["tau"])
            ax.set_ylabel(floor_label(s.per_coordinate))
            ax.legend(loc="upper right", fontsize="small")
        values = [data[k].floor for k in ("aggregate", "per_sample", "aggregate-pulsed", "per_sample-pulsed")]
        for ax in (ax_a, ax_p):
            log_limits(ax, *values, pad=3.0)
            lo, hi = ax.get_ylim()
            ax.set_ylim(lo, hi * 30)                          # an empty decade and a half for the legend
        fig.suptitle(rf"Fig. 3 problem, read noise $w$ = {data['read_noise']:.3g}, $\alpha$ = 0.03 (shared y-axis)",
                     fontsize="medium")
    return fig


def draw_stuck(data: dict) -> Figure:
    """Notebook 03: the noise-free per-sample floor (left) and its fixed-point condition W_i = tau kappa_i (right)."""
    with course_style():
        fig, (ax_l, ax_r) = new_figure(2, width=5.6, height=4.4)
        taus = data["taus"]
        for i, tau in enumerate(taus):
            for key, name in (("aggregate", "aggregate"), ("per_sample", "per-sample")):
                s = data[key].sel(tau=tau)
                c = color("analog-sgd") if key == "aggregate" else PER_SAMPLE_COLOR
                ax_l.plot(s.steps, shown(s.band[1]), color=c, linestyle=LINESTYLES[i],
                          label=rf"{name}, $\tau$ = {tau:g}")
        ax_l.set_yscale("log")
        ax_l.set_ylim(1e-12, 1.0)
        ax_l.set_xlabel("iteration $k$")
        ax_l.xaxis.set_major_locator(MaxNLocator(4))
        ax_l.set_ylabel(LOSS_LABEL)
        ax_l.set_title(r"no noise, full batch: $f - f^*$")
        figure_legend(fig, [ax_l], ncols=4, loc="outside lower center", fontsize="small")
        W, kappa, x_star, tau = data["W"][0], data["kappa"][0], data["x_star"], taus[0]
        ax_r.axline((0, 0), slope=1, color=color("reference"), linewidth=1, label=r"$W_i/\tau = \kappa_i$")
        ax_r.plot(W / tau, kappa, "o", color=PER_SAMPLE_COLOR, label=rf"stuck point ($\tau$ = {tau:g})")
        ax_r.plot(x_star / tau, kappa, "x", color=color("theory"), label=r"optimum $x^*_i/\tau$ (same $\kappa_i$)")
        ax_r.set_xlabel(r"saturation $W_i/\tau$")
        ax_r.set_ylabel(r"agreement $\kappa_i$ of the samples")
        ax_r.set_title("every weight balanced: fixed point")
        ax_r.legend(loc="upper left", fontsize="x-small")
    return fig
