"""Resistive device models: response factors q_plus, q_minus and the analog update.

A pulse up moves a weight by ``dw_min * q_plus(w)``, a pulse down by ``dw_min * q_minus(w)``.
Many pulses together apply a requested increment ``dw`` as (paper, Sec. 2)

    w_new = w + dw * F(w) - |dw| * G(w),
    F(w) = (q_minus(w) + q_plus(w)) / 2,   G(w) = (q_minus(w) - q_plus(w)) / 2.

The symmetric point is where G(w) = 0. Every parameter may be a scalar or an array that
varies along the leading runs axis (see :func:`aimc_edu._validate.lead`), so one call can
hold a whole grid of devices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ._validate import as_param, choice, lead


@dataclass(frozen=True, eq=False)
class Device:
    """Base class: subclasses define ``q_plus``, ``q_minus`` and ``bounds``."""

    name: ClassVar[str] = "device"
    hard_bounds: ClassVar[bool] = True

    def q_plus(self, w: np.ndarray) -> np.ndarray:
        """Response factor of one pulse up at state ``w``."""
        raise NotImplementedError

    def q_minus(self, w: np.ndarray) -> np.ndarray:
        """Response factor of one pulse down at state ``w``."""
        raise NotImplementedError

    @property
    def bounds(self) -> tuple:
        """(w_min, w_max), each a float or a per-run array."""
        raise NotImplementedError

    def F(self, w: np.ndarray) -> np.ndarray:
        """Symmetric component F(w) = (q_minus(w) + q_plus(w)) / 2."""
        return 0.5 * (self.q_minus(w) + self.q_plus(w))

    def G(self, w: np.ndarray) -> np.ndarray:
        """Asymmetric component G(w) = (q_minus(w) - q_plus(w)) / 2."""
        return 0.5 * (self.q_minus(w) - self.q_plus(w))

    @property
    def center(self):
        """Midpoint of the bounds."""
        lo, hi = self.bounds
        return 0.5 * (np.asarray(lo) + np.asarray(hi)) if np.ndim(lo) or np.ndim(hi) else 0.5 * (lo + hi)

    @property
    def radius(self):
        """Half-width of the bounds: the tau that saturation is measured against."""
        lo, hi = self.bounds
        return 0.5 * (np.asarray(hi) - np.asarray(lo)) if np.ndim(lo) or np.ndim(hi) else 0.5 * (hi - lo)

    @property
    def symmetric_point(self):
        """The state w_sym with G(w_sym) = 0, found by bisection (G increases with w)."""
        lo, hi = (np.asarray(b, dtype=float) for b in self.bounds)
        lo, hi = np.broadcast_arrays(lo, hi)
        lo, hi = lo.copy(), hi.copy()
        for _ in range(80):
            mid = 0.5 * (lo + hi)
            right = self.G(mid) > 0
            hi = np.where(right, mid, hi)
            lo = np.where(right, lo, mid)
        mid = 0.5 * (lo + hi)
        return float(mid) if mid.ndim == 0 else mid

    def saturation(self, w: np.ndarray) -> np.ndarray:
        """Elementwise |w - center| / radius: 1 at the bounds (``|w|/tau`` for soft bounds)."""
        return np.abs(w - lead(self.center, w)) / lead(self.radius, w)

    def max_saturation(self, w: np.ndarray) -> np.ndarray:
        """max over the last axis of :meth:`saturation` (one value per run); 0 if unbounded."""
        radius = np.asarray(self.radius)
        if not np.all(np.isfinite(radius)):
            return np.zeros(np.shape(w)[:-1])
        c = self.center
        far = np.abs(w if np.ndim(c) == 0 and c == 0 else w - lead(c, w)).max(axis=-1)
        return far / lead(radius, far)

    def update(self, w: np.ndarray, dw: np.ndarray, rng: np.random.Generator | None = None) -> np.ndarray:
        """Analog update w + dw F(w) - |dw| G(w), clipped to the bounds if they are hard.

        ``rng`` is unused here (the expectation-level update is deterministic); the
        pulse-level :class:`~aimc_edu.pulsed.Pulsed` device needs it.
        """
        new = w + dw * self.F(w) - np.abs(dw) * self.G(w)
        return self.clip(new) if self.hard_bounds else new

    def clip(self, w: np.ndarray) -> np.ndarray:
        """Clip ``w`` to the device bounds."""
        lo, hi = self.bounds
        return np.clip(w, lead(lo, w), lead(hi, w))

    def params(self) -> dict:
        """The device's parameters as a dict (for labels and JSON)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True, eq=False)
class Ideal(Device):
    """Ideal (digital) device: q_plus = q_minus = 1, so F = 1, G = 0 and w_new = w + dw.

    Example:
        >>> Ideal().update(np.array([0.5]), np.array([-0.2]))
        array([0.3])
    """

    name: ClassVar[str] = "ideal"
    hard_bounds: ClassVar[bool] = False

    def q_plus(self, w):
        return np.ones_like(np.asarray(w, dtype=float))

    q_minus = q_plus

    def F(self, w):
        return np.ones_like(np.asarray(w, dtype=float))

    def G(self, w):
        return np.zeros_like(np.asarray(w, dtype=float))

    @property
    def bounds(self):
        return (-np.inf, np.inf)

    @property
    def center(self):
        return 0.0

    @property
    def radius(self):
        return np.inf

    @property
    def symmetric_point(self):
        """Every state is symmetric (G = 0); 0 by convention."""
        return 0.0

    def update(self, w, dw, rng=None):
        return w + dw


@dataclass(frozen=True, eq=False)
class SoftBounds(Device):
    """Asymmetric linear device (ALD, "soft bounds") on [c - tau, c + tau].

    q_plus(w) = 1 - (w - c)/tau,  q_minus(w) = 1 + (w - c)/tau,
    so F(w) = 1, G(w) = (w - c)/tau and the analog update is

        w_new = w + dw - |dw| (w - c) / tau.

    If |w - c| <= tau and |dw| <= tau then |w_new - c| <= tau: the device saturates softly.
    The symmetric point is c (paper: c = 0).

    Example:
        >>> SoftBounds(tau=2.0).update(np.array([1.0]), np.array([0.4]))
        array([1.2])
    """

    tau: float | np.ndarray = 1.0
    sym_point: float | np.ndarray = 0.0

    name: ClassVar[str] = "soft-bounds"
    hard_bounds: ClassVar[bool] = False

    def __post_init__(self):
        object.__setattr__(self, "tau", as_param("tau", self.tau, low=0.0, low_inclusive=False))
        object.__setattr__(self, "sym_point", as_param("sym_point", self.sym_point))

    def q_plus(self, w):
        return 1.0 - (w - lead(self.sym_point, w)) / lead(self.tau, w)

    def q_minus(self, w):
        return 1.0 + (w - lead(self.sym_point, w)) / lead(self.tau, w)

    def F(self, w):
        return np.ones_like(np.asarray(w, dtype=float))

    def G(self, w):
        return (w - lead(self.sym_point, w)) / lead(self.tau, w)

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

    def update(self, w, dw, rng=None):
        shrink = np.abs(dw)
        shrink *= w if np.ndim(self.sym_point) == 0 and self.sym_point == 0 else w - lead(self.sym_point, w)
        shrink /= lead(self.tau, w)
        new = w + dw
        new -= shrink
        return new


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

    def __post_init__(self):
        _check_bounds(self)
        for p in ("gamma_up", "gamma_down"):
            object.__setattr__(self, p, as_param(p, getattr(self, p), low=0.0))

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

    def __post_init__(self):
        _check_bounds(self)
        for p in ("gamma_up", "gamma_down"):
            object.__setattr__(self, p, as_param(p, getattr(self, p), low=0.0, low_inclusive=False))

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

    def __post_init__(self):
        _check_bounds(self)
        for p in ("A_up", "A_down", "a"):
            object.__setattr__(self, p, as_param(p, getattr(self, p), low=0.0, low_inclusive=False))
        for p in ("gamma_up", "gamma_down"):
            object.__setattr__(self, p, as_param(p, getattr(self, p), low=0.0))
        object.__setattr__(self, "b", as_param("b", self.b))

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
        w = (z - self.b) * (np.asarray(self.w_max) - self.w_min) / (2.0 * np.asarray(self.a))
        w = np.clip(w, self.w_min, self.w_max)
        return float(w) if np.ndim(w) == 0 else w


def _check_bounds(device) -> None:
    lo = as_param("w_min", device.w_min, high=0.0, high_inclusive=False)
    hi = as_param("w_max", device.w_max, low=0.0, low_inclusive=False)
    object.__setattr__(device, "w_min", lo)
    object.__setattr__(device, "w_max", hi)


DEVICES: dict[str, type[Device]] = {
    cls.name: cls for cls in (Ideal, SoftBounds, LinearStep, PowStep, ExpStep)
}


def make_device(name: str, **params) -> Device:
    """Build a device by name: ``ideal``, ``soft-bounds``, ``linear-step``, ``pow-step``, ``exp-step``.

    Example:
        >>> make_device("soft-bounds", tau=1.5).tau
        1.5
    """
    choice("device", name, DEVICES)
    cls = DEVICES[name]
    unknown = set(params) - set(cls.__dataclass_fields__)
    if unknown:
        raise ValueError(
            f"unknown parameter(s) {sorted(unknown)} for device {name!r}; "
            f"allowed: {sorted(cls.__dataclass_fields__)}"
        )
    return cls(**params)
