"""Notebook 05's dashboard: the derived floor and stationary point over simulated Analog and digital SGD.

1-D instance f(w) = L/2 (w - w*)^2, g = L (w - w*) + sigma xi, soft bounds (radius tau). Sliders
sigma^2, tau, L, w*, alpha over the values of :data:`aimc_edu.experiments.theory_grid.GRID`: the whole
grid is simulated once when the dashboard is built (:func:`~aimc_edu.experiments.theory_grid.theory_grid`,
cached), so a move only indexes it and moves the artists of :class:`aimc_edu.viz.theory.TheoryPanels`.
"""

from __future__ import annotations

from ..experiments.theory_grid import DEFAULTS, GRID, RUNS, theory_grid, theory_setting
from ..viz import plots
from ..viz.theory import TheoryPanels
from .base import Dashboard, select_slider

LABELS = {"sigma2": "σ² (sigma²)", "tau": "τ (tau)", "L": "L", "w_star": "w*", "alpha": "α (alpha)"}


class TheoryDashboard(Dashboard):
    """Select sliders sigma^2, tau, L, w*, alpha over the precomputed grid (every move is a look-up)."""

    def __init__(self, runs: int = RUNS, seed: int = 0):
        self.runs, self.seed = runs, seed
        self.grid = theory_grid(runs=runs, seed=seed)
        controls = {name: select_slider(LABELS[name], GRID[name], DEFAULTS[name]) for name in GRID}
        fig, _ = plots.new_figure(2, width=4.6, height=3.9)
        self.panels = TheoryPanels(fig, self.grid["limits"], steps=int(self.grid["steps"][-1]))
        super().__init__(controls, fig, [["sigma2", "tau", "L"], ["w_star", "alpha"]])

    def compute(self, **values):
        return theory_setting(self.grid, **values)

    def draw(self, data) -> str:
        self.panels.update(data)
        return ""


def theory_dashboard(runs: int = RUNS, seed: int = 0) -> TheoryDashboard:
    """The notebook-05 dashboard (see :class:`TheoryDashboard`)."""
    return TheoryDashboard(runs=runs, seed=seed)
