"""What a simulation recorded: metrics per step and snapshots of the algorithm's arrays."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import as_int, choice
from .labelled import Labelled

METRICS = ("loss_gap", "grad_norm_sq", "saturation")


@dataclass(frozen=True)
class Trace(Labelled):
    """Metrics of shape (*grid_shape, runs, n_records) and array snapshots of shape (*grid_shape, runs, d).

    Attributes:
        steps: the recorded step indices k, shape (n_records,).
        loss_gap: f(W_k) - f*.
        grad_norm_sq: ||grad f(W_k)||^2.
        saturation: max_i |W_k,i - w_sym| / tau for soft bounds (symmetric point w_sym, range
            [w_sym - tau, w_sym + tau]); for any device the distance from the middle of its range over
            the half-width (:meth:`~aimc_edu.devices.Device.saturation`), 1 at a bound; 0 if unbounded.
        arrays: {name: {k: array}} for every array the algorithm keeps ("W", and "P" for Tiki-Taka),
            at the steps requested with ``weights_at``.
        grid: {name: values} of the swept parameters, in axis order ("algorithm" first for a
            side-by-side run); select with :meth:`sel`, e.g. ``trace.sel(tau=1.0)``.
        dim: d, the number of weights (the paper plots (f - f*)/d: ``asymptotic_error(per_coordinate=True)``).
    """

    steps: np.ndarray
    loss_gap: np.ndarray
    grad_norm_sq: np.ndarray
    saturation: np.ndarray
    arrays: dict = field(default_factory=dict)
    grid: dict = field(default_factory=dict)
    dim: int = 1
    _gridded = ("loss_gap", "grad_norm_sq", "saturation", "arrays")

    @property
    def weights(self) -> dict:
        """{k: W_k} at the recorded steps."""
        return self.arrays.get("W", {})

    @property
    def fast_weights(self) -> dict:
        """{k: P_k} at the recorded steps (algorithms with a fast array; NaN where a member has none)."""
        return self.arrays.get("P", {})

    @property
    def runs(self) -> int:
        """Seeds per grid point."""
        return self.loss_gap.shape[-2]

    def metric(self, metric: str) -> np.ndarray:
        """One of the recorded metrics by name (``loss_gap``, ``grad_norm_sq``, ``saturation``)."""
        return getattr(self, choice("metric", metric, METRICS))

    def asymptotic_error(self, last: int = 20, metric: str = "loss_gap", per_coordinate: bool = False) -> tuple:
        """Mean over runs of the mean of the last ``last`` records, and its standard error.

        ``per_coordinate`` divides by ``dim``: the paper's units (f - f*)/d.
        Returns (mean, se), each of shape ``grid_shape`` (floats when there is no grid).
        """
        last = as_int("last", last, low=1, high=len(self.steps))
        values = self.metric(metric)[..., -last:].mean(axis=-1) / (self.dim if per_coordinate else 1)
        mean = values.mean(axis=-1)
        se = values.std(axis=-1, ddof=1) / np.sqrt(self.runs) if self.runs > 1 else np.full(mean.shape, np.nan)
        return _scalar(mean), _scalar(se)

    def band(self, metric: str = "loss_gap", quantiles=(0.1, 0.5, 0.9)) -> np.ndarray:
        """Quantiles over runs of a metric, shape (*grid_shape, len(quantiles), n_records)."""
        return np.moveaxis(np.quantile(self.metric(metric), quantiles, axis=-2), 0, -2)

    def max_saturation(self) -> np.ndarray:
        """Largest saturation reached by any run at any recorded step, per grid point."""
        return _scalar(self.saturation.max(axis=(-1, -2)))


def _scalar(a):
    return float(a) if np.ndim(a) == 0 else a
