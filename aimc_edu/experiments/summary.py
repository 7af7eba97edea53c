"""Labelled summaries of simulations: quantile bands over seeds and asymptotic errors with standard errors."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from ..engine import Labelled, Trace

QUANTILES = (0.1, 0.5, 0.9)
"""The band every figure of the course shows: 10 %, median, 90 % over seeds."""


@dataclass(frozen=True)
class Summary(Labelled):
    """What a figure needs from a simulation, over a named grid (select with ``.sel(tau=1.0, ...)``).

    Attributes:
        steps: recorded steps k, shape (n,).
        band: quantiles over seeds of f(W_k) - f*, shape (*grid, 3, n).
        floor: the asymptotic error (mean over seeds of the mean of the last ``last`` records), (*grid).
        se: its standard error over seeds, (*grid).
        grid: {axis: values}.
        extra: further arrays with leading grid axes (e.g. snapshots of P).
        last: how many records the floor averages.
        dim: d, the number of weights of the problem.
        per_coordinate: whether band, floor and se are in the paper's units (f - f*)/d
            (see :meth:`in_paper_units`) rather than f - f*.
    """

    steps: np.ndarray
    band: np.ndarray
    floor: np.ndarray
    se: np.ndarray
    grid: dict
    extra: dict = field(default_factory=dict)
    last: int = 1
    dim: int = 1
    per_coordinate: bool = False
    _gridded = ("band", "floor", "se", "extra")

    def in_paper_units(self) -> "Summary":
        """The same summary with f - f* divided by d, the paper's y-axis (f(W_k) - f*)/d (idempotent)."""
        if self.per_coordinate:
            return self
        d = float(self.dim)
        return dataclasses.replace(self, band=self.band / d, floor=self.floor / d, se=self.se / d, per_coordinate=True)

    def relabel(self, name: str, new_name: str, values) -> "Summary":
        """The same summary with grid axis ``name`` renamed to ``new_name`` and given ``values``."""
        grid = {(new_name if k == name else k): (np.asarray(values) if k == name else v) for k, v in self.grid.items()}
        return dataclasses.replace(self, grid=grid)


def summarize(trace: Trace, last: int | None = None, **extra) -> Summary:
    """Bands and floors of ``trace``; the floor averages the last ``last`` records (default: last fifth).

    Example:
        >>> from aimc_edu import DigitalSGD, fig3_problem, simulate
        >>> s = summarize(simulate(fig3_problem(), DigitalSGD(0.03), 50, runs=4, sigma=0.1))
        >>> s.band.shape, np.ndim(s.floor)
        ((3, 51), 0)
    """
    last = max(2, len(trace.steps) // 5) if last is None else last
    with np.errstate(invalid="ignore", over="ignore"):
        band = trace.band("loss_gap", QUANTILES)
        mean, se = trace.asymptotic_error(last=last)
    return Summary(trace.steps, band, np.asarray(mean), np.asarray(se), dict(trace.grid), dict(extra), last,
                   dim=trace.dim)
