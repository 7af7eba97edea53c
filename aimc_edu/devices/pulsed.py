"""Pulse-level device simulation: an increment is realised by a random number of discrete pulses.

A requested increment dw asks for m = |dw| / dw_min pulses in the direction of sign(dw).
The pulse count n is random with E[n] = m:

* ``bit_length=None`` (stochastic rounding): n = floor(m) + Bernoulli(m - floor(m));
* ``bit_length=BL`` (stochastic pulse trains, as in AIHWKIT): n ~ Binomial(BL, min(m/BL, 1)),
  so at most BL pulses per update (increments beyond BL * dw_min are cut).

Each pulse moves the weight by dw_min * q(w) of the underlying device, with cycle-to-cycle
noise (multiplicative: times (1 + noise xi); additive: plus noise * dw_min * xi), and the
weight is clipped to the bounds after every pulse. Device-to-device variation scales each
element's dw_min and its bounds (about the centre) by 1 + d2d * xi, drawn once from ``seed``.
For small dw_min the mean change is the analog update dw F(w) - |dw| G(w).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from .._validate import as_int, as_param, choice, lead
from .base import Device


@dataclass(frozen=True, eq=False)
class Pulsed(Device):
    """Pulse-level version of ``device``; its q_plus, q_minus, F, G are the device's.

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> dev = Pulsed(SoftBounds(tau=1.0), dw_min=0.01)
        >>> w = dev.update(np.zeros(3), np.full(3, 0.05), np.random.default_rng(0))
        >>> bool(np.all(np.abs(w - 0.05) < 0.01))
        True
    """

    device: Device = None
    dw_min: float | np.ndarray = 0.001
    noise: float = 0.0
    noise_kind: str = "multiplicative"
    bit_length: int | None = None
    d2d: float = 0.0
    seed: int = 0
    _variation_cache: dict = field(init=False, default_factory=dict, repr=False, compare=False)

    name: ClassVar[str] = "pulsed"

    def __post_init__(self):
        if not isinstance(self.device, Device) or isinstance(self.device, Pulsed):
            raise ValueError(f"device must be an expectation-level Device, got {self.device!r}")
        object.__setattr__(self, "dw_min", as_param("dw_min", self.dw_min, low=0.0, low_inclusive=False))
        object.__setattr__(self, "noise", as_param("noise", self.noise, low=0.0))
        object.__setattr__(self, "d2d", as_param("d2d", self.d2d, low=0.0, high=1.0))
        choice("noise_kind", self.noise_kind, ("multiplicative", "additive"))
        if self.bit_length is not None:
            object.__setattr__(self, "bit_length", as_int("bit_length", self.bit_length, low=1))
        object.__setattr__(self, "seed", as_int("seed", self.seed))

    @classmethod
    def from_range(cls, tau, **params):
        raise ValueError("Pulsed wraps a device: use Pulsed(device, dw_min=...) or Pulsed.with_states(device, states)")

    @classmethod
    def with_states(cls, device: Device, states: float, **kwargs) -> "Pulsed":
        """Pulse-level device with ``states`` pulses per half range: dw_min = radius / states."""
        states = as_param("states", states, low=0.0, low_inclusive=False)
        return cls(device, dw_min=np.asarray(device.radius) / states, **kwargs)

    # The expectation-level response is the wrapped device's.
    def q_plus(self, w):
        return self.device.q_plus(w)

    def q_minus(self, w):
        return self.device.q_minus(w)

    def F(self, w):
        return self.device.F(w)

    def G(self, w):
        return self.device.G(w)

    @property
    def bounds(self):
        return self.device.bounds

    @property
    def center(self):
        return self.device.center

    @property
    def radius(self):
        return self.device.radius

    @property
    def symmetric_point(self):
        return self.device.symmetric_point

    @property
    def states(self):
        """Pulses per half range, radius / dw_min."""
        return np.asarray(self.radius) / self.dw_min

    def variation(self, shape: tuple) -> tuple[np.ndarray, np.ndarray]:
        """Per-element factors (dw_min scale, bounds scale) for weights of ``shape``, fixed by ``seed``."""
        shape = tuple(shape)
        if shape not in self._variation_cache:
            if self.d2d == 0:
                ones = np.ones(shape)
                self._variation_cache[shape] = (ones, ones)
            else:
                rng = np.random.default_rng(self.seed)
                dw_scale = np.clip(1.0 + self.d2d * rng.standard_normal(shape), 0.05, None)
                bound_scale = np.clip(1.0 + self.d2d * rng.standard_normal(shape), 0.05, None)
                self._variation_cache[shape] = (dw_scale, bound_scale)
        return self._variation_cache[shape]

    def pulse_counts(self, dw: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Random pulse counts n >= 0 with E[n] = |dw| / dw_min (cut at bit_length)."""
        dw_scale, _ = self.variation(np.shape(dw))
        m = np.abs(dw) / (lead(self.dw_min, dw) * dw_scale)
        if self.bit_length is None:
            whole = np.floor(m)
            return (whole + (rng.random(np.shape(m)) < m - whole)).astype(np.int64)
        return rng.binomial(self.bit_length, np.minimum(m / self.bit_length, 1.0))

    def apply_pulses(self, w: np.ndarray, n: np.ndarray, up: np.ndarray,
                     rng: np.random.Generator | None) -> np.ndarray:
        """Apply ``n`` pulses (up where ``up``, down elsewhere) one after another to each element."""
        w = np.array(w, dtype=float, copy=True)
        dw_scale, bound_scale = self.variation(w.shape)
        step0 = lead(self.dw_min, w) * dw_scale
        c = lead(self.device.center, w) if np.isfinite(np.asarray(self.device.radius)).all() else 0.0
        lo, hi = (lead(b, w) for b in self.device.bounds)
        lo = c + bound_scale * (lo - c)
        hi = c + bound_scale * (hi - c)
        sign = np.where(up, 1.0, -1.0)
        n_max = int(n.max()) if n.size else 0
        for k in range(n_max):
            active = n > k
            w_rel = c + (w - c) / bound_scale
            q = np.where(up, self.device.q_plus(w_rel), self.device.q_minus(w_rel))
            step = step0 * q
            if self.noise > 0:
                xi = rng.standard_normal(w.shape)
                step = step * (1.0 + self.noise * xi) if self.noise_kind == "multiplicative" \
                    else step + self.noise * step0 * xi
            w = np.where(active, np.clip(w + sign * step, lo, hi), w)
        return w

    def update(self, w, dw, rng=None, dw_abs=None):
        """Pulse-level realisation of the increment ``dw``; needs the caller's ``rng``."""
        if rng is None:
            raise ValueError("rng is required: the pulse-level update is random")
        if dw_abs is not None:
            raise NotImplementedError("per-sample pulse trains (dw_abs) are not modelled at the pulse level yet")
        dw = np.broadcast_to(dw, np.shape(w))
        return self.apply_pulses(w, self.pulse_counts(dw, rng), dw >= 0, rng)

    def pulse_response(self, w0, n_up: int, n_down: int, rng: np.random.Generator | None = None) -> np.ndarray:
        """Trajectory of ``n_up`` pulses up then ``n_down`` pulses down from ``w0`` (Fig. 2 style).

        Returns an array of shape (n_up + n_down + 1, *shape(w0)).
        """
        n_up, n_down = as_int("n_up", n_up), as_int("n_down", n_down)
        if self.noise > 0 and rng is None:
            raise ValueError("rng is required when noise > 0")
        w = np.asarray(w0, dtype=float)
        one = np.ones(w.shape, dtype=np.int64)
        path = [w]
        for k in range(n_up + n_down):
            w = self.apply_pulses(w, one, np.full(w.shape, k < n_up), rng)
            path.append(w)
        return np.stack(path)
