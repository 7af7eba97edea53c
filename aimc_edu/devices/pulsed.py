"""Pulse-level device simulation: an increment is realised by a random number of discrete pulses.

What is modelled, exactly. Each pulse moves a weight by dw_min * q(w) of the underlying device
(q_plus up, q_minus down), with optional cycle-to-cycle noise (multiplicative: times (1 + noise xi);
additive: plus noise * dw_min * xi), and the weight is clipped to the bounds after every pulse.
Device-to-device variation scales each element's dw_min and its bounds (about the centre) by
1 + d2d * xi, drawn once from ``seed``. Two ways of turning a requested update into pulses:

* aggregate (``update(w, dw, rng)``, the paper's picture): one train per update. The element asks
  for m = |dw| / dw_min pulses in the direction of sign(dw) and fires
  - ``bit_length=None`` (stochastic rounding): n = floor(m) + Bernoulli(m - floor(m)), or
  - ``bit_length=BL``: n ~ Binomial(BL, min(m/BL, 1)), at most BL pulses (larger requests are cut);
* per sample (``update(w, dw, rng, dw_abs)``, AIHWKIT's picture: one stochastic pulse train per
  row of the mini-batch). The increment is a sum of per-sample parts dw = sum_b dw_b, known through
  dw and dw_abs = sum_b |dw_b|, which fix the totals asked for up and down exactly:
  U = sum_b max(dw_b, 0) = (dw_abs + dw)/2 and D = sum_b max(-dw_b, 0) = (dw_abs - dw)/2.
  Each sample's train fires Binomial(BL, m_b/BL) pulses (m_b = |dw_b| / dw_min); for trains long
  compared with the request (BL >> m_b) that is Poisson(m_b), and the sums over samples are
  n_up ~ Poisson(U / dw_min) and n_down ~ Poisson(D / dw_min), independent. ``bit_length`` is not
  applied here (a per-sample cap needs the parts themselves). The samples come in random order,
  so the n_up + n_down pulses are applied in a uniformly random interleaving.

Order of up and down pulses. A soft-bounds pulse is the affine map u -> (1 - r) u +- dw_min
(u = w - centre, r = dw_min / tau), the same contraction both ways, so the state after N pulses,
(1 - r)^N u + dw_min sum_j s_j (1 - r)^(N - j), depends on the order only through the weights of
the additive terms. For soft bounds without cycle-to-cycle noise we apply its exact mean over the
random interleavings, u -> (1 - r)^N u + tau (n_up - n_down)/N (1 - (1 - r)^N) (a closed form, no
loop over pulses); the spread between orders that this leaves out is at most (rN)^2/12 of the
variance of the pulse counts themselves. With multiplicative cycle-to-cycle noise and all of an
element's pulses in one direction (aggregate trains), a soft-bounds pulse multiplies the distance to the
bound it approaches, v = tau -+ u, by a_j = 1 - r (1 + noise xi_j), and the clip keeps v in [0, 2 tau]:
a whole train is a clipped product of the a_j, applied at once, with a normal drawn only for each pulse
that fires (the law of the pulse loop; for the same xi_j its numbers up to rounding). Every other
device, additive noise, and noisy trains up and down are simulated pulse by pulse, each pulse's
direction drawn from the remaining counts.

For small dw_min the mean change is the analog update dw F(w) - |dw| G(w) (aggregate) or
dw F(w) - dw_abs G(w) (per sample), up to terms of relative order |dw| / tau.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from .._validate import as_int, as_param, choice, lead
from .base import Device
from .soft_bounds import SoftBounds


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
        dw = np.asarray(dw)
        m = np.abs(dw) / self._geometry(dw)[0]
        if self.bit_length is None:
            whole = np.floor(m)
            return (whole + (rng.random(np.shape(m)) < m - whole)).astype(np.int64)
        return rng.binomial(self.bit_length, np.minimum(m / self.bit_length, 1.0))

    def sample_pulse_counts(self, dw: np.ndarray, dw_abs: np.ndarray, rng: np.random.Generator) -> tuple:
        """Per-sample trains, summed: (n_up, n_down) ~ Poisson((dw_abs +- dw) / 2 / dw_min), independent."""
        unit = self._geometry(np.asarray(dw))[0]
        up = np.maximum(0.5 * (dw_abs + dw), 0.0) / unit
        down = np.maximum(0.5 * (dw_abs - dw), 0.0) / unit
        return rng.poisson(up), rng.poisson(down)

    def _geometry(self, w: np.ndarray) -> tuple:
        """Per element: pulse size dw_min, centre, bounds (lo, hi) and bound scale, with d2d variation.

        Computed once per shape (the parameters never change); for soft bounds also the half-width h."""
        key = ("geometry", w.shape)
        if key not in self._variation_cache:
            dw_scale, bound_scale = self.variation(w.shape)
            step0 = lead(self.dw_min, w) * dw_scale
            c = lead(self.device.center, w) if np.isfinite(np.asarray(self.device.radius)).all() else 0.0
            lo, hi = (lead(b, w) for b in self.device.bounds)
            self._variation_cache[key] = (step0, c, c + bound_scale * (lo - c), c + bound_scale * (hi - c), bound_scale)
            if isinstance(self.device, SoftBounds):
                self._variation_cache[("half", w.shape)] = bound_scale * lead(self.device.tau, w)
        return self._variation_cache[key]

    def _mean_over_orders(self, w, total, net, geometry) -> np.ndarray:
        """Soft bounds, no cycle-to-cycle noise: ``total`` pulses of which ``net`` = n_up - n_down more
        up than down, their exact mean over the interleavings (module docstring)."""
        step0, c, _, _, _ = geometry
        half = self._variation_cache[("half", w.shape)]
        if ("log_keep", w.shape) not in self._variation_cache:
            self._variation_cache[("log_keep", w.shape)] = np.log1p(-step0 / half)
        log_keep = self._variation_cache[("log_keep", w.shape)]
        u = np.where(total > 0, np.clip(w - c, -half, half), w - c)
        decay = np.exp(total * log_keep)                              # (1 - r)^N
        drift = half * net / np.maximum(total, 1)
        return c + decay * u + drift * (1.0 - decay)

    def _pulse(self, w, up, active, geometry, rng):
        """One pulse (up where ``up``, down elsewhere) on the ``active`` elements, then clip."""
        step0, c, lo, hi, bound_scale = geometry
        w_rel = c + (w - c) / bound_scale
        step = step0 * np.where(up, self.device.q_plus(w_rel), self.device.q_minus(w_rel))
        if self.noise > 0:
            xi = rng.standard_normal(w.shape)
            step = step * (1.0 + self.noise * xi) if self.noise_kind == "multiplicative" \
                else step + self.noise * step0 * xi
        return np.where(active, np.clip(w + np.where(up, step, -step), lo, hi), w)

    def apply_pulses(self, w: np.ndarray, n: np.ndarray, up: np.ndarray,
                     rng: np.random.Generator | None) -> np.ndarray:
        """Apply ``n`` pulses (up where ``up``, down elsewhere) one after another to each element.

        Soft bounds take the closed forms of :meth:`apply_counts` directly (the same numbers)."""
        shape = np.shape(w)
        if np.shape(up) != shape or np.shape(n) != shape:
            up, n = np.broadcast_to(up, shape), np.broadcast_to(n, shape)
        if isinstance(self.device, SoftBounds):
            w = np.array(w, dtype=float, copy=True)
            if self.noise == 0:
                return self._mean_over_orders(w, n, np.where(up, n, -n), self._geometry(w))
            if self.noise_kind == "multiplicative" and rng is not None:
                return self._one_way_trains(w, n, up, self._geometry(w), rng)
        return self.apply_counts(w, np.where(up, n, 0), np.where(up, 0, n), rng)

    def apply_counts(self, w: np.ndarray, n_up: np.ndarray, n_down: np.ndarray,
                     rng: np.random.Generator | None, *, pulse_by_pulse: bool = False) -> np.ndarray:
        """Apply ``n_up`` pulses up and ``n_down`` down to each element, interleaved in random order.

        Soft bounds without cycle-to-cycle noise: the closed form (mean over interleavings, see the
        module docstring); with multiplicative noise and one direction per element: the clipped product
        of the pulses' factors (:meth:`_one_way_trains`); otherwise (or with ``pulse_by_pulse``, the
        reference) pulse by pulse, each pulse's direction drawn from the remaining counts.
        """
        w = np.array(w, dtype=float, copy=True)
        geometry = self._geometry(w)
        n_up, n_down = np.asarray(n_up), np.asarray(n_down)
        total = n_up + n_down
        soft = isinstance(self.device, SoftBounds) and not pulse_by_pulse
        if soft and self.noise > 0 and self.noise_kind == "multiplicative" and rng is not None \
                and not np.any((n_up > 0) & (n_down > 0)):
            return self._one_way_trains(w, total, n_up > 0, geometry, rng)
        if soft and self.noise == 0:
            return self._mean_over_orders(w, total, n_up - n_down, geometry)
        both = bool(np.any((n_up > 0) & (n_down > 0)))
        if both and rng is None:
            raise ValueError("rng is required to interleave pulses up and down")
        left_up, left = n_up.copy(), total.copy()
        for _ in range(int(total.max()) if total.size else 0):
            active = left > 0
            up = left_up > 0 if not both else rng.random(w.shape) * left < left_up
            w = self._pulse(w, up, active, geometry, rng)
            left_up = left_up - (active & up)
            left = left - active
        return w

    def _one_way_trains(self, w, n, up, geometry, rng) -> np.ndarray:
        """Soft bounds, multiplicative noise, ``n`` pulses per element, all up (where ``up``) or all down.

        A pulse moves u = w - c by dw_min (1 -+ u/h)(1 + noise xi) and clips to [-h, h] (h = tau, scaled
        by d2d): the distance to the bound approached, v = h -+ u, becomes clip(a v, 0, 2h) with
        a = 1 - r (1 + noise xi), r = dw_min / h. After the first pulse v >= 0, so n pulses give
        v_n = min(2h min_k prod_{i > k} a_i^+, v_1 prod_{i > 1} a_i^+) (a^+ = max(a, 0): a factor <= 0
        puts the element on its bound, where q = 0, for good). One normal is drawn per pulse that fires:
        pulse j of every element with more than j pulses, in element order; the products run over a
        (pulses x firing elements) table. ``w`` is the caller's own copy and is returned updated.
        """
        fire = n.reshape(-1).nonzero()[0]
        if fire.size == 0:
            return w
        h, r, c = self._flat_soft(w.shape, geometry)
        h, r = h[fire], r[fire]
        count = n.reshape(-1)[fire]
        sign = np.where(up.reshape(-1)[fire], 1.0, -1.0)
        flat = w.reshape(-1)
        centred = np.ndim(c) == 0 and c == 0
        fires = np.arange(count.max())[:, None] < count            # (pulses, elements)
        xi = np.zeros(fires.shape)
        xi[fires] = rng.standard_normal(int(count.sum()))
        a = 1.0 - (fires * r) * (1.0 + self.noise * xi)             # 1 where no pulse fires
        v = h - sign * (flat[fire] if centred else flat[fire] - (c if np.ndim(c) == 0 else c[fire]))
        v = np.minimum(np.maximum(a[0] * v, 0.0), 2.0 * h)          # the first pulse as the pulse loop applies it
        if len(a) > 1:                                              # v = distance to the bound approached
            rest = np.maximum(a[:0:-1], 0.0).cumprod(axis=0)[::-1]   # rest[j - 1] = prod_{i >= j} a_i^+
            cap = np.minimum(rest[1:].min(axis=0), 1.0) if len(rest) > 1 else 1.0
            v = np.minimum(2.0 * h * cap, v * rest[0])
        u = sign * (h - v)
        flat[fire] = u if centred else u + (c if np.ndim(c) == 0 else c[fire])
        return w

    def _flat_soft(self, shape: tuple, geometry) -> tuple:
        """(h, dw_min / h, centre) per element as flat arrays (the centre may stay a scalar), once per shape."""
        key = ("flat", shape)
        if key not in self._variation_cache:
            step0, c, _, _, _ = geometry
            h = np.broadcast_to(self._variation_cache[("half", shape)], shape).reshape(-1)
            r = np.broadcast_to(step0, shape).reshape(-1) / h
            self._variation_cache[key] = (h, r, c if np.ndim(c) == 0 else np.broadcast_to(c, shape).reshape(-1))
        return self._variation_cache[key]

    def update(self, w, dw, rng=None, dw_abs=None):
        """Pulse-level realisation of the increment ``dw`` (aggregate), or of its per-sample parts through
        ``dw_abs`` = sum_b |dw_b| (module docstring); needs the caller's ``rng``."""
        if rng is None:
            raise ValueError("rng is required: the pulse-level update is random")
        if np.shape(dw) != np.shape(w):
            dw = np.broadcast_to(dw, np.shape(w))
        if dw_abs is None:
            return self.apply_pulses(w, self.pulse_counts(dw, rng), dw >= 0, rng)
        n_up, n_down = self.sample_pulse_counts(dw, np.broadcast_to(dw_abs, np.shape(w)), rng)
        return self.apply_counts(w, n_up, n_down, rng)

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
