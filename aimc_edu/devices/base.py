"""The device protocol: response factors q_plus, q_minus and the analog update they imply.

A pulse up moves a weight by ``dw_min * q_plus(w)``, a pulse down by ``dw_min * q_minus(w)``.
Many pulses together apply a requested increment ``dw`` as (paper, Sec. 2)

    w_new = w + dw * F(w) - |dw| * G(w),
    F(w) = (q_minus(w) + q_plus(w)) / 2,   G(w) = (q_minus(w) - q_plus(w)) / 2.

The symmetric point is where G(w) = 0. Every parameter may be a scalar or an array that
varies along the leading runs axis (see :func:`aimc_edu._validate.lead`), so one call can
hold a whole grid of devices.

A device family is a frozen dataclass subclassing :class:`Device` that defines ``name``,
``q_plus``, ``q_minus``, ``bounds`` and ``from_range``; :func:`aimc_edu.devices.register_device`
makes it known to the command line, the dashboards and the theory.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

import numpy as np

from .._validate import lead
from ..numerics import bisect, max_abs_rows


@dataclass(frozen=True, eq=False)
class Device:
    """Base class of the device families (see the module docstring for the protocol)."""

    name: ClassVar[str] = "device"
    hard_bounds: ClassVar[bool] = True
    """Whether the state is clipped to ``bounds`` after an update (AIHWKIT's step devices)."""
    range_help: ClassVar[str] = ""
    """One line for ``--help``: what ``tau`` means for this family."""

    @classmethod
    def from_range(cls, tau, **params) -> "Device":
        """The family's device on the range [-tau, tau] (its other parameters at their defaults)."""
        return cls(w_min=-np.asarray(tau, dtype=float), w_max=tau, **params)

    @classmethod
    def symbolic_response(cls, w, p: dict, ops) -> tuple | None:
        """(q_plus, q_minus) as expressions in ``w`` and the parameters ``p`` (by field name).

        Written with plain arithmetic and ``ops.exp`` / ``ops.Max`` so that :mod:`aimc_edu.theory`
        can pass sympy symbols (and the sympy module as ``ops``) and derive F, G and the symmetric
        point; a test checks it against :meth:`q_plus` / :meth:`q_minus`. None if not given.
        """
        return None

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
        return _scalar(0.5 * (np.asarray(lo) + np.asarray(hi)))

    @property
    def radius(self):
        """Half-width of the bounds: the tau that saturation is measured against."""
        lo, hi = self.bounds
        return _scalar(0.5 * (np.asarray(hi) - np.asarray(lo)))

    @property
    def symmetric_point(self):
        """The state w_sym with G(w_sym) = 0, found by bisection (G increases with w)."""
        return _scalar(bisect(self.G, *self.bounds, iters=80))

    def saturation(self, w: np.ndarray) -> np.ndarray:
        """Elementwise |w - center| / radius: 1 at the bounds (``|w|/tau`` for soft bounds)."""
        return np.abs(w - lead(self.center, w)) / lead(self.radius, w)

    def max_saturation(self, w: np.ndarray) -> np.ndarray:
        """max over the last axis of :meth:`saturation` (one value per run); 0 if unbounded."""
        radius = np.asarray(self.radius)
        if not np.all(np.isfinite(radius)):
            return np.zeros(np.shape(w)[:-1])
        c = self.center
        far = max_abs_rows(w if np.ndim(c) == 0 and c == 0 else w - lead(c, w))
        return far / lead(radius, far)

    def update(self, w: np.ndarray, dw: np.ndarray, rng: np.random.Generator | None = None,
               dw_abs: np.ndarray | None = None) -> np.ndarray:
        """Analog update w + dw F(w) - |dw| G(w), clipped to the bounds if they are hard.

        ``dw_abs`` (elementwise >= |dw|) replaces |dw| in the asymmetric term when the increment
        is the sum of several separately applied parts dw = sum_b dw_b (AIHWKIT fires one pulse
        train per mini-batch sample): then the device moves by sum_b dw_b F(w) - sum_b |dw_b| G(w)
        to first order, i.e. ``dw_abs`` = sum_b |dw_b|. None means |dw| (the paper's aggregate update).
        ``rng`` is unused here (the expectation-level update is deterministic); the pulse-level
        :class:`~aimc_edu.devices.Pulsed` device needs it.
        """
        new = w + dw * self.F(w) - (np.abs(dw) if dw_abs is None else dw_abs) * self.G(w)
        return self.clip(new) if self.hard_bounds else new

    def clip(self, w: np.ndarray) -> np.ndarray:
        """Clip ``w`` to the device bounds."""
        lo, hi = self.bounds
        return np.clip(w, lead(lo, w), lead(hi, w))

    def params(self) -> dict:
        """The device's parameters as a dict (for labels and JSON)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.init}


def _scalar(a):
    return float(a) if np.ndim(a) == 0 else np.asarray(a)
