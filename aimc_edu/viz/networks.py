"""Figures for the network experiments: Fig. 5 (accuracy vs epoch) and Fig. 7 (weights, |w|/tau).

The builders take the data of :mod:`aimc_edu.experiments.networks` and return a pyplot-free Figure
(or draw into given axes); they compute nothing but means and histograms.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .plots import new_figure
from .style import color, course_style, label

_DASHES = ["-", "--", ":", "-."]


def _seeds(n: int) -> str:
    return f"{n} seed" if n == 1 else f"{n} seeds"


def above(ax, title: str) -> None:
    """The panel's ``title`` and legend above its data area (outside it: the legend never covers a curve)."""
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0, 1.0, 0.2), mode="expand", borderaxespad=0.2,
              frameon=False, ncols=1, fontsize="small", title=title, title_fontsize="medium", alignment="left")


def draw_fig5(data, ax=None) -> Figure:
    """Test accuracy (%) vs epoch, mean over seeds with a +-1 standard-error band."""
    with course_style():
        if ax is None:
            fig, (ax,) = new_figure(1, width=7.0, height=4.5)
        fig = ax.figure
        taus = sorted({tau for _, tau in data.accuracy if tau is not None})
        for (name, tau), acc in data.accuracy.items():
            epochs = np.arange(1, acc.shape[1] + 1)
            mean = 100 * acc.mean(axis=0)
            style = "-" if tau is None else _DASHES[taus.index(tau) % len(_DASHES)]
            ax.plot(epochs, mean, style, color=color(name),
                    label=label(name) + ("" if tau is None else f", $\\tau$ = {tau:g}"))
            if acc.shape[0] > 1:
                se = 100 * acc.std(axis=0, ddof=1) / np.sqrt(acc.shape[0])
                ax.fill_between(epochs, mean - se, mean + se, color=color(name), alpha=0.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch")
        ax.set_ylabel("test accuracy (%)")
        ax.set_ylim(0, 100)
        above(ax, f"{data.model.upper()} on {data.dataset} ({_seeds(len(data.seeds))})")
    return fig


def draw_fig7(data, axes=None) -> Figure:
    """Two panels: histogram of the trained tile weights w, and of the saturation |w| / tau.

    The statistic is the authors' (script S6, :class:`~aimc_edu.experiments.networks.Fig7Data`): all tile
    weights of all layers, biases and output scales excluded; Tiki-Taka's W array, not P.
    """
    with course_style():
        if axes is None:
            fig, axes = new_figure(2, width=5.5, height=4.0)
        left, right = axes
        fig = left.figure
        w_edges = np.linspace(-data.tau, data.tau, 61)
        s_edges = np.linspace(0.0, 1.0, 41)
        for name, w in data.weights.items():
            kw = dict(histtype="step", density=True, color=color(name), linewidth=2)
            left.hist(np.clip(w, -data.tau, data.tau), bins=w_edges, label=label(name), **kw)
            sat = data.saturation[name]
            right.hist(np.clip(sat, 0.0, 1.0), bins=s_edges, label=f"{label(name)} (mean {sat.mean():.2f})", **kw)
        for ax in (left, right):
            ax.set_yscale("log")
            ax.set_ylabel("density")
        left.set_xlabel(r"weight $w$ (clipped to $\pm\tau$)")
        right.set_xlabel(r"$|w|/\tau$ (tile weights, no biases)")
        above(left, f"weights after training, $\\tau$ = {data.tau:g}")
        above(right, r"saturation $|w|/\tau$ (mean)")
    return fig
