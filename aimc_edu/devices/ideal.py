"""The ideal (digital) device: every pulse has the same size in both directions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .base import Device


@dataclass(frozen=True, eq=False)
class Ideal(Device):
    """Ideal device: q_plus = q_minus = 1, so F = 1, G = 0 and w_new = w + dw.

    Example:
        >>> Ideal().update(np.array([0.5]), np.array([-0.2]))
        array([0.3])
    """

    name: ClassVar[str] = "ideal"
    hard_bounds: ClassVar[bool] = False
    range_help: ClassVar[str] = "unbounded (tau is ignored)"

    @classmethod
    def from_range(cls, tau=None, **params) -> "Ideal":
        return cls()

    @classmethod
    def symbolic_response(cls, w, p, ops):
        return 1, 1

    def q_plus(self, w):
        return np.ones_like(np.asarray(w, dtype=float))

    q_minus = q_plus
    F = q_plus

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

    def max_saturation(self, w):
        return np.zeros(np.shape(w)[:-1])

    def update(self, w, dw, rng=None, dw_abs=None):
        return w + dw
