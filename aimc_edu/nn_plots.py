"""Figures for the network experiments: Fig. 5 (accuracy vs epoch) and Fig. 7 (weights, |w|/tau).

Plot builders take the data of :mod:`aimc_edu.experiments` and return a matplotlib Figure;
they compute nothing but means and histograms.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .experiments import Fig5Data, Fig7Data
from .style import COLORS, LABELS, course_style

_DASHES = ["-", "--", ":", "-."]


def plot_fig5(data: Fig5Data, ax=None):
    """Test accuracy (%) vs epoch, mean over seeds with a +-1 standard-error band."""
    with course_style():
        fig, ax = (plt.subplots(figsize=(7, 4.5)) if ax is None else (ax.figure, ax))
        taus = sorted({tau for _, tau in data.accuracy if tau is not None})
        for (name, tau), acc in data.accuracy.items():
            epochs = np.arange(1, acc.shape[1] + 1)
            mean = 100 * acc.mean(axis=0)
            style = "-" if tau is None else _DASHES[taus.index(tau) % len(_DASHES)]
            label = LABELS[name] + ("" if tau is None else f", $\\tau$ = {tau:g}")
            ax.plot(epochs, mean, style, color=COLORS[name], label=label)
            if acc.shape[0] > 1:
                se = 100 * acc.std(axis=0, ddof=1) / np.sqrt(acc.shape[0])
                ax.fill_between(epochs, mean - se, mean + se, color=COLORS[name], alpha=0.15)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("epoch")
        ax.set_ylabel("test accuracy (%)")
        ax.set_title(f"{data.model.upper()} on {data.dataset} ({len(data.seeds)} seed(s))")
        ax.legend(loc="lower right")
        fig.tight_layout()
    return fig


def plot_fig7(data: Fig7Data):
    """Two panels: histogram of the trained weights w, and of the saturation |w| / tau."""
    with course_style():
        fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
        w_edges = np.linspace(-data.tau, data.tau, 61)
        s_edges = np.linspace(0.0, 1.0, 41)
        for name, w in data.weights.items():
            kw = dict(histtype="step", density=True, color=COLORS[name], linewidth=2)
            left.hist(np.clip(w, -data.tau, data.tau), bins=w_edges, label=LABELS[name], **kw)
            sat = data.saturation[name]
            right.hist(np.clip(sat, 0.0, 1.0), bins=s_edges,
                       label=f"{LABELS[name]} (mean {sat.mean():.2f})", **kw)
        for ax in (left, right):
            ax.set_yscale("log")
            ax.set_ylabel("density")
        left.set_xlabel(f"weight w (clipped to $\\pm\\tau$ = {data.tau:g})")
        right.set_xlabel(r"saturation $|w|/\tau$")
        left.legend(loc="upper right")
        right.legend(loc="upper right")
        fig.suptitle(f"Weights after training, $\\tau$ = {data.tau:g}")
        fig.tight_layout()
    return fig
