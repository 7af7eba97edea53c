"""Drawings of the paper's Figures 1, 2, 3, 4 and 6 from their data (:mod:`aimc_edu.experiments.paper`).

Each ``drawN(data)`` returns a matplotlib Figure (pyplot-free). Bands are 10-90 % over seeds.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from .plots import AXIS_LABELS, FLOOR_LABEL, LOSS_LABEL, Band, log_limits, new_figure, response_panels, set_response
from .style import color, course_style, label

LINESTYLES = ("-", "--", "-.", ":")


def _bands_per_value(ax, summary, key: str, axis: str, fmt: str) -> None:
    """One median line (and band) per value of ``axis``, in the colour of ``key``, dashes per value."""
    for i, v in enumerate(summary.grid[axis]):
        b = summary.sel(**{axis: v}).band
        ax.plot(summary.steps, b[1], color=color(key), linestyle=LINESTYLES[i % 4], label=fmt.format(v))
        ax.fill_between(summary.steps, b[0], b[2], color=color(key), alpha=0.15, linewidth=0)
    ax.set_yscale("log")
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(LOSS_LABEL)
    ax.legend(loc="upper right")


def draw_fig1(data: dict) -> Figure:
    """Fig. 1: digital (left) and Analog SGD (right), one curve per alpha, on a shared y-axis."""
    with course_style():
        fig, (ax_d, ax_a) = new_figure(2, width=5.8)
        _bands_per_value(ax_d, data["digital-sgd"], "digital-sgd", "lr", r"$\alpha$ = {:g}")
        _bands_per_value(ax_a, data["analog-sgd"], "analog-sgd", "lr", r"$\alpha$ = {:g}")
        ax_d.set_title(label("digital-sgd"))
        ax_a.set_title(rf"{label('analog-sgd')} ($\tau$ = {data['tau']:g})")
        for ax in (ax_d, ax_a):
            log_limits(ax, data["digital-sgd"].band, data["analog-sgd"].band, pad=1.5)
    return fig


def draw_fig2(data: dict) -> Figure:
    """Fig. 2: q_plus and q_minus of an ideal device (left) and a soft-bounds device (right)."""
    with course_style():
        fig, axes = new_figure(2, width=5.0)
        for ax, (title, curves) in zip(axes, data.items()):
            ax.plot(curves["w"], curves["q_plus"], color=color("q_plus"), label=label("q_plus"))
            ax.plot(curves["w"], curves["q_minus"], color=color("q_minus"), label=label("q_minus"), linestyle="--")
            ax.plot([curves["symmetric_point"]], [curves["q_at_symmetric_point"]], "o", color=color("theory"),
                    label="symmetric point")
            ax.set_xlabel("weight $w$")
            ax.set_ylabel("response factor")
            ax.set_ylim(-0.05, 2.1)
            ax.set_title(title)
            ax.legend(loc="upper center")
    return fig


def draw_fig3(data: dict) -> Figure:
    """Fig. 3: per tau, digital SGD, the analog dynamic and the pulse-level run (shared y-axis)."""
    taus = data["analog-sgd"].grid["tau"]
    with course_style():
        fig, axes = new_figure(len(taus), width=3.9)
        for ax, tau in zip(axes, taus):
            for key in ("digital-sgd", "analog-sgd", "pulsed"):
                s = data[key] if key == "digital-sgd" else data[key].sel(tau=tau)
                name = "analog dynamic" if key == "analog-sgd" else label(key)
                Band(ax, key, label=name, linestyle="--" if key == "pulsed" else "-").set_data(s.steps, s.band)
            ax.set_title(rf"$\tau$ = {tau:g}")
            ax.set_xlabel("iteration $k$")
            ax.set_xlim(0, data["digital-sgd"].steps[-1])
            log_limits(ax, *(data[k].band for k in data), pad=1.5)
        axes[0].set_ylabel(LOSS_LABEL)
        axes[0].legend(loc="upper right", fontsize=10)
    return fig


def draw_fig4(data: dict) -> Figure:
    """Fig. 4: Analog SGD's asymptotic error vs tau, vs sigma^2, and over k for several W_0."""
    c = color("analog-sgd")
    with course_style():
        fig, (ax_t, ax_s, ax_i) = new_figure(3, width=4.8)
        for ax, key, title in ((ax_t, "tau", r"vs $\tau$ ($\alpha$ = 0.03, $\sigma$ = 0.1)"),
                               (ax_s, "sigma2", r"vs $\sigma^2$ ($\tau$ = 2, $\alpha$ = 0.1)")):
            s = data[key]
            ax.errorbar(s.grid[key], s.floor, yerr=2 * s.se, color=c, marker="o", capsize=4)
            ax.set_xlabel(AXIS_LABELS[key])
            ax.set_title(title)
        ax_t.set_ylabel(FLOOR_LABEL)
        ax_s.set_xscale("log")
        ax_s.set_yscale("log")
        s = data["init"]
        for i, w0 in enumerate(s.grid["init"]):
            ax_i.plot(s.steps, s.sel(init=w0).band[1], color=c, linestyle=LINESTYLES[i], label=rf"$W_0$ = {w0:g}")
        ax_i.set_yscale("log")
        ax_i.set_xlabel("iteration $k$")
        ax_i.set_ylabel(LOSS_LABEL)
        ax_i.set_title(r"vs $W_0$ ($\tau$ = 1, $\alpha$ = 0.1)")
        ax_i.legend(loc="upper right")
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
        axes[0].legend(loc="lower left", fontsize=10)
        axes[len(data)].legend(loc="upper left", fontsize=10)
    return fig
