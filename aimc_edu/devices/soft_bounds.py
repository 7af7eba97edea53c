"""The asymmetric linear device ("soft bounds"), the paper's device model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validate import as_param, lead, per_run
from ..numerics import max_abs_rows
from .base import Device


@dataclass(frozen=True, eq=False)
class SoftBounds(Device):
    """Asymmetric linear device (ALD, "soft bounds") on [p - tau, p + tau].

    q_plus(w) = 1 - (w - p)/tau,  q_minus(w) = 1 + (w - p)/tau,
    so F(w) = 1, G(w) = (w - p)/tau and the analog update is

        w_new = w + dw - |dw| (w - p) / tau.

    If |w - p| <= tau and |dw| <= tau then |w_new - p| <= tau: the device saturates softly.
    The symmetric point is p = ``sym_point`` (paper: p = 0).

    Example:
        >>> SoftBounds(tau=2.0).update(np.array([1.0]), np.array([0.4]))
        array([1.2])
    """

    tau: float | np.ndarray = 1.0
    sym_point: float | np.ndarray = 0.0

    name: ClassVar[str] = "soft-bounds"
    hard_bounds: ClassVar[bool] = False
    range_help: ClassVar[str] = "soft bounds: states in [-tau, tau], symmetric point 0"

    def __post_init__(self):
        object.__setattr__(self, "tau", as_param("tau", self.tau, low=0.0, low_inclusive=False))
        object.__setattr__(self, "sym_point", as_param("sym_point", self.sym_point))
        object.__setattr__(self, "_centred", bool(np.ndim(self.sym_point) == 0 and self.sym_point == 0))

    @classmethod
    def from_range(cls, tau, **params) -> "SoftBounds":
        return cls(tau=tau, **params)

    @classmethod
    def symbolic_response(cls, w, p, ops):
        return 1 - (w - p["sym_point"]) / p["tau"], 1 + (w - p["sym_point"]) / p["tau"]

    def _offset(self, w):
        return w if self._centred else w - lead(self.sym_point, w)

    def q_plus(self, w):
        return 1.0 - self._offset(w) / lead(self.tau, w)

    def q_minus(self, w):
        return 1.0 + self._offset(w) / lead(self.tau, w)

    def F(self, w):
        return np.ones_like(np.asarray(w, dtype=float))

    def G(self, w):
        return self._offset(w) / lead(self.tau, w)

    @property
    def bounds(self):
        return (self.sym_point - self.tau, self.sym_point + self.tau)

    @property
    def center(self):
        return self.sym_point

    @property
    def radius(self):
        return self.tau

    @property
    def symmetric_point(self):
        return self.sym_point

    def max_saturation(self, w):
        far = max_abs_rows(self._offset(w))
        return far / lead(self.tau, far)

    def update(self, w, dw, rng=None, dw_abs=None):
        """w + dw - |dw| (w - p) / tau (|dw| -> ``dw_abs`` if given), with fewer temporaries than the generic rule."""
        shrink = np.abs(dw) if dw_abs is None else np.array(dw_abs, dtype=float)
        shrink *= w if self._centred else w - per_run(self, "sym_point", w)
        shrink /= per_run(self, "tau", w)
        new = w + dw
        new -= shrink
        return new


@dataclass(frozen=True, eq=False)
class SoftBoundsUpDown(Device):
    """Soft bounds with unequal up and down slopes, as AIHWKIT parameterises them (``up_down`` = c).

    A pulse up is (1 + c) times, a pulse down (1 - c) times the nominal step:

        q_plus(w) = (1 + c)(1 - w/tau),   q_minus(w) = (1 - c)(1 + w/tau),

    so F(w) = 1 - c w/tau, G(w) = w/tau - c and the symmetric point is c tau (paper follow-up,
    arXiv 2502.06309: ``up_down`` = c_Lin). The range is [-tau, tau] (soft bounds, no clipping);
    |c| < 1 keeps both factors positive inside it. c = 0 is :class:`SoftBounds` with p = 0.

    Example:
        >>> dev = SoftBoundsUpDown(tau=2.0, up_down=0.25)
        >>> dev.symmetric_point, float(dev.G(np.array(0.5)))
        (0.5, 0.0)
    """

    tau: float | np.ndarray = 1.0
    up_down: float | np.ndarray = 0.2

    name: ClassVar[str] = "soft-bounds-updown"
    hard_bounds: ClassVar[bool] = False
    range_help: ClassVar[str] = "soft bounds, up/down slopes 1 +- up_down (AIHWKIT): [-tau, tau], symmetric point up_down*tau"

    def __post_init__(self):
        object.__setattr__(self, "tau", as_param("tau", self.tau, low=0.0, low_inclusive=False))
        object.__setattr__(self, "up_down", as_param("up_down", self.up_down, low=-1.0, high=1.0,
                                                     low_inclusive=False, high_inclusive=False))

    @classmethod
    def from_range(cls, tau, **params) -> "SoftBoundsUpDown":
        return cls(tau=tau, **params)

    @classmethod
    def symbolic_response(cls, w, p, ops):
        return (1 + p["up_down"]) * (1 - w / p["tau"]), (1 - p["up_down"]) * (1 + w / p["tau"])

    def q_plus(self, w):
        return (1.0 + lead(self.up_down, w)) * (1.0 - w / lead(self.tau, w))

    def q_minus(self, w):
        return (1.0 - lead(self.up_down, w)) * (1.0 + w / lead(self.tau, w))

    @property
    def bounds(self):
        return (-self.tau, self.tau)

    @property
    def center(self):
        return 0.0

    @property
    def radius(self):
        return self.tau

    @property
    def symmetric_point(self):
        p = np.asarray(self.up_down) * self.tau
        return float(p) if np.ndim(p) == 0 else p
