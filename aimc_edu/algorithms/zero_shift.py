"""Zero-shifting: find P's symmetric point on the device itself, then transfer P minus that reference.

Hardware cannot ask a device where its symmetric point is; it can only pulse it. Alternating one
pulse up and one pulse down moves a weight by about dw_min (q_plus(w) - q_minus(w)) = -2 dw_min G(w)
per pair, so from any start the weight walks to the symmetric point (G = 0) and then rattles
between two states around it (Kim et al. 2020's "zero-shifting"; AIHWKIT computes the point
exactly instead: ``SoftBoundsReferenceDevice(subtract_symmetry_point=True)``). The estimate is the
mean of the last up-read and the last down-read; the distance still left shrinks like
(1 - dw_min/tau)^pulses for soft bounds, so the cost is a few times tau/dw_min pulses per device.
For soft bounds the two-state cycle is centred exactly on p; with unequal slopes (``up_down`` = c)
its centre is off by about c dw_min / 2 (measured), and cycle-to-cycle noise leaves a random error.

:class:`TikiTakaZeroShift` programs a reference array R to that estimate once, at ``init``, and
then transfers P - R (the differential read of AIHWKIT's reference device) instead of P.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np

from .._validate import as_int, as_param, lead
from ..devices import Device, Pulsed
from .tiki_taka import TikiTaka


class ZeroShiftResult(NamedTuple):
    """What the pulse sequence found: the estimate, where it left the device, its error and cost."""

    estimate: np.ndarray
    final: np.ndarray
    error: np.ndarray
    pulses: int


def zero_shift(device: Device, start, pulses: int, states: float = 300.0, noise: float = 0.0,
               rng: np.random.Generator | None = None) -> ZeroShiftResult:
    """Estimate ``device``'s symmetric point by ``pulses`` alternating pulses (up, down, up, ...) from ``start``.

    Each pulse has size dw_min q(w) with dw_min = radius / ``states`` (or the device's own dw_min
    if it is :class:`~aimc_edu.devices.Pulsed`), times 1 + ``noise`` xi (cycle-to-cycle noise).

    Returns:
        :class:`ZeroShiftResult`: ``estimate`` (mean of the last up- and down-read, shape of
        ``start``), ``final`` (the state after the last pulse), ``error`` = estimate - w_sym,
        ``pulses`` per device.

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> r = zero_shift(SoftBounds(1.0, sym_point=0.2), np.zeros(3), pulses=3000)
        >>> bool(np.all(np.abs(r.error) < 1e-4)), r.pulses
        (True, 3000)
    """
    pulses = as_int("zero-shift pulses", pulses, low=2)
    pulses -= pulses % 2
    if isinstance(device, Pulsed):
        pulsed = device
    else:
        states = as_param("zero-shift states", states, low=0.0, low_inclusive=False)
        pulsed = Pulsed(device, dw_min=np.asarray(device.radius) / states, noise=noise)
    if pulsed.noise > 0 and rng is None:
        raise ValueError("zero_shift needs an rng when the pulses are noisy")
    w = np.array(np.broadcast_to(start, np.shape(start)), dtype=float)
    one = np.ones(w.shape, dtype=np.int64)
    up, down = np.ones(w.shape, dtype=bool), np.zeros(w.shape, dtype=bool)
    w_up = w
    for _ in range(pulses // 2):                  # a loop over pulses, as in any pulse-level simulation
        w_up = pulsed.apply_pulses(w, one, up, rng)
        w = pulsed.apply_pulses(w_up, one, down, rng)
    estimate = 0.5 * (w_up + w)
    sym = np.asarray(device.symmetric_point)
    error = estimate - (sym if sym.ndim == 0 else sym.reshape(sym.shape + (1,) * (w.ndim - 1)))
    return ZeroShiftResult(estimate, w, error, pulses)


class ZeroShiftState(NamedTuple):
    W: np.ndarray
    P: np.ndarray
    k: int
    R: np.ndarray


@dataclass(frozen=True, eq=False)
class TikiTakaZeroShift(TikiTaka):
    """Tiki-Taka with a zero-shifted reference R (estimated by :func:`zero_shift` at ``init``):

        g_k = grad f(W_k + gamma (P_k - R)),   P_{k+1} = P_k - beta g_k F(P_k) - beta |g_k| G(P_k),
        W_{k+1} = W_k + alpha (P_{k+1} - R) F(W_k) - alpha |P_{k+1} - R| G(W_k).

    P starts where the pulse sequence (``zs_pulses`` pulses of ``zs_states`` states from ``zs_start``,
    cycle noise ``zs_noise`` drawn from ``zs_seed``) left it. With an exact reference R = p this is
    Tiki-Taka on a fast device whose symmetric point is 0.

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> alg = TikiTakaZeroShift(0.1, 0.1, SoftBounds(1.0), fast_device=SoftBounds(1.0, sym_point=0.3))
        >>> round(float(alg.init(np.zeros((1, 1))).R[0, 0]), 4)
        0.3
    """

    zs_pulses: int = 3000
    zs_states: float = 300.0
    zs_noise: float = 0.0
    zs_start: float = 0.0
    zs_seed: int = 0

    name: ClassVar[str] = "tiki-taka-zs"
    label: ClassVar[str] = "Tiki-Taka + zero-shift"
    color: ClassVar[str] = "#882255"   # wine (Paul Tol)

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "zs_pulses", as_int("zs_pulses", self.zs_pulses, low=2))
        object.__setattr__(self, "zs_states", as_param("zs_states", self.zs_states, low=0.0, low_inclusive=False))
        object.__setattr__(self, "zs_noise", as_param("zs_noise", self.zs_noise, low=0.0))
        object.__setattr__(self, "zs_start", as_param("zs_start", self.zs_start))

    def calibrate(self, shape: tuple) -> ZeroShiftResult:
        """The zero-shift sequence on P's device for weights of ``shape`` (what :meth:`init` runs)."""
        rng = np.random.default_rng(as_int("zs_seed", self.zs_seed)) if self.zs_noise > 0 else None
        return zero_shift(self.fast_device, np.full(shape, self.zs_start), self.zs_pulses, self.zs_states,
                          self.zs_noise, rng)

    def init(self, W0: np.ndarray) -> ZeroShiftState:
        """W = W0; P where the zero-shift pulses left it; R = their estimate of P's symmetric point."""
        W = np.array(W0, dtype=float)
        cal = self.calibrate(W.shape)
        return ZeroShiftState(W, cal.final, 0, cal.estimate)

    def query_point(self, state: ZeroShiftState) -> np.ndarray:
        """W + gamma (P - R) (W itself when gamma = 0)."""
        if np.all(np.asarray(self.gamma) == 0):
            return state.W
        return super().query_point(state._replace(P=state.P - state.R))

    def arrays(self, state: ZeroShiftState) -> dict[str, np.ndarray]:
        """{"W", "P", "R" (the reference)}."""
        return {"W": state.W, "P": state.P, "R": state.R}

    def update(self, state: ZeroShiftState, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> ZeroShiftState:
        """Tiki-Taka's step with the read P - R."""
        P = self.accumulate(state.P, g, rng, g_abs)
        k = state.k + 1
        W = state.W
        if k % self.transfer_every == 0:
            read = P - state.R
            W = self.device.update(W, lead(self.lr, read) * read, rng)
        return ZeroShiftState(W, P, k, state.R)
