"""The paper's Figures 1, 2, 3, 4 and 6 at the authors' settings: simulation (experiments) plus drawing (viz).

Figs. 1, 3 and 4 are drawn in the paper's units (f - f*)/d, the paper's dynamic next to the per-sample
models (see :mod:`aimc_edu.experiments.paper`).

Example:
    >>> fig = figure("fig2")
    >>> len(fig.axes)
    2
"""

from __future__ import annotations

from matplotlib.figure import Figure

from ._validate import choice
from .experiments import paper as data
from .viz import figures as draw

FIGURES = {
    "fig1": (data.fig1, draw.draw_fig1),
    "fig2": (data.fig2, draw.draw_fig2),
    "fig3": (data.fig3, draw.draw_fig3),
    "fig4": (data.fig4, draw.draw_fig4),
    "fig6": (data.fig6, draw.draw_fig6),
}
"""name -> (experiment, drawing). Figures 2 and 6 need no simulation."""
SIMULATED = ("fig1", "fig3", "fig4")


def figure(name: str, steps: int | None = None, runs: int = 8, seed: int = 0) -> Figure:
    """The paper's figure ``name`` (``fig1`` .. ``fig6``); ``steps``/``runs`` apply to the simulated ones
    (``steps=None``: the lengths of the authors' scripts, 2500 steps; Fig. 4's 200 and 50)."""
    experiment, drawing = FIGURES[choice("figure", name, FIGURES)]
    if name not in SIMULATED:
        return drawing(experiment())
    kw = {} if steps is None and name != "fig4" else {"steps": steps}
    return drawing(experiment(runs=runs, seed=seed, **kw))
