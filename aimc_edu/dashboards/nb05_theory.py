"""Notebook 05's dashboard: the derived floor and stationary point over simulated Analog and digital SGD.

1-D instance f(w) = L/2 (w - w*)^2, g = L (w - w*) + sigma xi, soft bounds (radius tau). Sliders
sigma^2, tau, L, w*, alpha; each move simulates (:func:`aimc_edu.experiments.theory_checks.theory_point`)
and redraws (:func:`aimc_edu.viz.theory.draw_theory_point`).
"""

from __future__ import annotations

import numpy as np

from ..experiments.theory_checks import THEORY_DEFAULTS, THEORY_RANGES, theory_point
from ..viz import plots
from ..viz.theory import draw_theory_point
from .base import Dashboard, float_slider

LABELS = {"sigma2": "σ²", "tau": "τ", "L": "L", "w_star": "w*", "alpha": "α"}
LOG = ("sigma2", "alpha")


class TheoryDashboard(Dashboard):
    """Sliders sigma^2, tau, L, w*, alpha over the 1-D instance (continuous: every move simulates)."""

    def __init__(self, runs: int = 48, seed: int = 0):
        self.runs, self.seed = runs, seed
        controls = {name: float_slider(LABELS[name], *THEORY_RANGES[name], THEORY_DEFAULTS[name],
                                       0.05, log=name in LOG, fmt=".3g" if name in LOG else ".2f")
                    for name in THEORY_RANGES}
        fig, _ = plots.new_figure(2, width=6.0, height=4.4)
        super().__init__(controls, fig, [["sigma2", "tau", "L"], ["w_star", "alpha"]], blit=False)

    def compute(self, **values):
        return theory_point(**values, runs=self.runs, seed=self.seed)

    def draw(self, data) -> str:
        draw_theory_point(data, self.figure)
        if not all(np.all(np.isfinite(data[k]["w"])) for k in ("analog", "digital")):
            return "Some runs diverged at this setting."
        return ""


def theory_dashboard(runs: int = 48, seed: int = 0) -> TheoryDashboard:
    """The notebook-05 dashboard (see :class:`TheoryDashboard`)."""
    return TheoryDashboard(runs=runs, seed=seed)
