"""AIHWKIT's step devices with hard bounds: linear step, power step, exponential step (paper, Fig. 6)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validate import as_param, lead
from .base import Device


def _check_bounds(device) -> None:
    object.__setattr__(device, "w_min", as_param("w_min", device.w_min, high=0.0, high_inclusive=False))
    object.__setattr__(device, "w_max", as_param("w_max", device.w_max, low=0.0, low_inclusive=False))


def _set(device, names, **limits) -> None:
    for p in names:
        object.__setattr__(device, p, as_param(p, getattr(device, p), **limits))


@dataclass(frozen=True, eq=False)
class LinearStep(Device):
    """Linear-step device (AIHWKIT ``LinearStepDevice``), hard bounds [w_min, w_max].

    q_plus(w) = 1 - gamma_up w / w_max,   q_minus(w) = 1 - gamma_down w / w_min,
    so the step shrinks linearly towards each bound (by the fraction gamma at the bound).
    With gamma_up = gamma_down = 1 and w_max = -w_min = tau this is the soft-bounds device
    plus clipping. The symmetric point is 0.
    """

    gamma_up: float | np.ndarray = 0.1
    gamma_down: float | np.ndarray = 0.1
    w_min: float | np.ndarray = -0.6
    w_max: float | np.ndarray = 0.6

    name: ClassVar[str] = "linear-step"
    range_help: ClassVar[str] = "linear step: hard bounds [-tau, tau], symmetric point 0"

    def __post_init__(self):
        _check_bounds(self)
        _set(self, ("gamma_up", "gamma_down"), low=0.0)

    @classmethod
    def symbolic_response(cls, w, p, ops):
        return 1 - p["gamma_up"] * w / p["w_max"], 1 - p["gamma_down"] * w / p["w_min"]

    def q_plus(self, w):
        return 1.0 - lead(self.gamma_up, w) * w / lead(self.w_max, w)

    def q_minus(self, w):
        return 1.0 - lead(self.gamma_down, w) * w / lead(self.w_min, w)

    @property
    def bounds(self):
        return (self.w_min, self.w_max)

    @property
    def symmetric_point(self):
        return 0.0


@dataclass(frozen=True, eq=False)
class PowStep(Device):
    """Power-step device (AIHWKIT ``PowStepDevice``), hard bounds [w_min, w_max].

    With omega = (w_max - w) / (w_max - w_min) the relative distance to the upper bound,
    q_plus(w) = omega^gamma_up,  q_minus(w) = (1 - omega)^gamma_down.
    For gamma_up = gamma_down the symmetric point is the middle of the range.
    """

    gamma_up: float | np.ndarray = 1.0
    gamma_down: float | np.ndarray = 1.0
    w_min: float | np.ndarray = -0.6
    w_max: float | np.ndarray = 0.6

    name: ClassVar[str] = "pow-step"
    range_help: ClassVar[str] = "power step: hard bounds [-tau, tau]"

    def __post_init__(self):
        _check_bounds(self)
        _set(self, ("gamma_up", "gamma_down"), low=0.0, low_inclusive=False)

    @classmethod
    def symbolic_response(cls, w, p, ops):
        omega = (p["w_max"] - w) / (p["w_max"] - p["w_min"])
        return omega ** p["gamma_up"], (1 - omega) ** p["gamma_down"]

    def _omega(self, w):
        lo, hi = lead(self.w_min, w), lead(self.w_max, w)
        return np.clip((hi - w) / (hi - lo), 0.0, 1.0)

    def q_plus(self, w):
        return self._omega(w) ** lead(self.gamma_up, w)

    def q_minus(self, w):
        return (1.0 - self._omega(w)) ** lead(self.gamma_down, w)

    @property
    def bounds(self):
        return (self.w_min, self.w_max)


@dataclass(frozen=True, eq=False)
class ExpStep(Device):
    """Exponential-step device (AIHWKIT ``ExpStepDevice``), hard bounds [w_min, w_max].

    With z = 2 a w / (w_max - w_min) + b,
    q_plus(w) = max(0, 1 - A_up exp(gamma_up z)),  q_minus(w) = max(0, 1 - A_down exp(-gamma_down z)).
    Defaults are AIHWKIT's (a fit to a measured ReRAM device); the symmetric point solves
    A_up exp(gamma_up z) = A_down exp(-gamma_down z), i.e. z = ln(A_down/A_up) / (gamma_up + gamma_down).
    """

    A_up: float | np.ndarray = 0.00081
    A_down: float | np.ndarray = 0.36833
    gamma_up: float | np.ndarray = 12.44625
    gamma_down: float | np.ndarray = 12.78785
    a: float | np.ndarray = 0.244
    b: float | np.ndarray = 0.2425
    w_min: float | np.ndarray = -0.6
    w_max: float | np.ndarray = 0.6

    name: ClassVar[str] = "exp-step"
    range_help: ClassVar[str] = "exponential step: hard bounds [-tau, tau], AIHWKIT's ReRAM fit"

    def __post_init__(self):
        _check_bounds(self)
        _set(self, ("A_up", "A_down", "a"), low=0.0, low_inclusive=False)
        _set(self, ("gamma_up", "gamma_down"), low=0.0)
        _set(self, ("b",))

    @classmethod
    def symbolic_response(cls, w, p, ops):
        z = 2 * p["a"] * w / (p["w_max"] - p["w_min"]) + p["b"]
        return (ops.Max(0, 1 - p["A_up"] * ops.exp(p["gamma_up"] * z)),
                ops.Max(0, 1 - p["A_down"] * ops.exp(-p["gamma_down"] * z)))

    def _z(self, w):
        span = lead(self.w_max, w) - lead(self.w_min, w)
        return 2.0 * lead(self.a, w) * w / span + lead(self.b, w)

    def q_plus(self, w):
        return np.maximum(0.0, 1.0 - lead(self.A_up, w) * np.exp(lead(self.gamma_up, w) * self._z(w)))

    def q_minus(self, w):
        return np.maximum(0.0, 1.0 - lead(self.A_down, w) * np.exp(-lead(self.gamma_down, w) * self._z(w)))

    @property
    def bounds(self):
        return (self.w_min, self.w_max)

    @property
    def symmetric_point(self):
        z = np.log(np.asarray(self.A_down) / self.A_up) / (np.asarray(self.gamma_up) + self.gamma_down)
        w = np.clip((z - self.b) * (np.asarray(self.w_max) - self.w_min) / (2.0 * np.asarray(self.a)),
                    self.w_min, self.w_max)
        return float(w) if np.ndim(w) == 0 else w
