"""TT-v2 (AIHWKIT ``BufferedTransferCompound``): a digital buffer H between the fast array P and W.

Each transfer adds the read of P to a floating-point buffer, H <- H + alpha P. Only where |H|
reaches ``threshold`` pulses (in units of W's pulse size dw_min) is an integer number of pulses
n = trunc(H / dw_min) written to W, and H keeps the remainder H - n dw_min (AIHWKIT with
``forget_buffer=False, momentum=0``; its defaults forget the buffer instead, see ``forget_buffer``).
W therefore only ever sees whole pulses, in the right number: no stochastic rounding of tiny
increments, which is what costs TT-v1 accuracy on a device with few states (Gokmen 2021).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np

from .._validate import as_int, as_param, lead
from ..devices import Pulsed
from .tiki_taka import TikiTaka

DEFAULT_STATES = 300.0
"""W's granularity tau / dw_min when W's device is expectation-level (paper Fig. 3's pulse-level runs)."""


class BufferedState(NamedTuple):
    W: np.ndarray
    P: np.ndarray
    k: int
    H: np.ndarray


@dataclass(frozen=True, eq=False)
class BufferedTikiTaka(TikiTaka):
    """TT-v2: Tiki-Taka whose transfer goes through a digital buffer H and whole pulses on W,

        P_{k+1} = P_k - beta g_k F(P_k) - beta |g_k| G(P_k),     H <- H + alpha P_{k+1},
        n = trunc(H / dw_min) where |H| >= threshold dw_min (else 0),   W <- n pulses on W,   H <- H - n dw_min.

    dw_min is W's pulse size: ``dw_min`` if given, else radius / ``states``, else the
    :class:`~aimc_edu.devices.Pulsed` device's own (its pulses are then applied one by one, with its
    noise), else radius / 300; n pulses on an expectation-level W move it by n dw_min F(W) - |n| dw_min G(W). ``max_pulses`` caps |n| per transfer (AIHWKIT's transfer BL;
    None: no cap). ``forget_buffer``: after a write H <- ``momentum`` H (AIHWKIT's default) instead
    of keeping the remainder.

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> alg = BufferedTikiTaka(0.5, 0.2, SoftBounds(1.0), states=10)      # dw_min = 0.1
        >>> s = alg.update(alg.init(np.zeros((1, 1))), np.full((1, 1), -1.0))
        >>> float(s.P[0, 0]), float(s.H[0, 0]), float(s.W[0, 0])   # H = 0.5 * 0.2 = 0.1: one pulse, H -> 0
        (0.2, 0.0, 0.1)
    """

    threshold: float | np.ndarray = 1.0
    states: float | np.ndarray | None = None
    dw_min: float | np.ndarray | None = None
    max_pulses: int | None = None
    forget_buffer: bool = False
    momentum: float = 0.0

    name: ClassVar[str] = "ttv2"
    label: ClassVar[str] = "TT-v2"
    color: ClassVar[str] = "#DDAA33"   # ochre (Paul Tol, high contrast)

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "threshold", as_param("threshold", self.threshold, low=1.0))
        for name in ("states", "dw_min"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, as_param(name, getattr(self, name), low=0.0, low_inclusive=False))
        if self.dw_min is None and not np.all(np.isfinite(np.asarray(self.device.radius))):
            raise ValueError("TT-v2 on an unbounded W device needs dw_min (W's pulse size)")
        if self.max_pulses is not None:
            object.__setattr__(self, "max_pulses", as_int("max_pulses", self.max_pulses, low=1))
        object.__setattr__(self, "momentum", as_param("momentum", self.momentum, low=0.0, high=1.0))

    @property
    def pulse_size(self):
        """W's pulse size dw_min (see the class docstring for where it comes from)."""
        if self.dw_min is not None:
            return self.dw_min
        if self.states is None and isinstance(self.device, Pulsed):
            return self.device.dw_min
        return np.asarray(self.device.radius) / (DEFAULT_STATES if self.states is None else np.asarray(self.states))

    def init(self, W0: np.ndarray) -> BufferedState:
        """TT-v1's state and an empty buffer H = 0."""
        s = super().init(W0)
        return BufferedState(s.W, s.P, 0, np.zeros_like(s.W))

    def arrays(self, state: BufferedState) -> dict[str, np.ndarray]:
        """{"W", "P", "H" (the digital buffer)}."""
        return {"W": state.W, "P": state.P, "H": state.H}

    def write(self, W: np.ndarray, H: np.ndarray, read: np.ndarray,
              rng: np.random.Generator | None) -> tuple[np.ndarray, np.ndarray]:
        """(W, H) after adding alpha ``read`` to H and writing its whole pulses to W."""
        H = H + lead(self.lr, read) * read
        dw = lead(self.pulse_size, H)
        n = np.trunc(H / dw)
        if np.ndim(self.threshold) or self.threshold > 1.0:     # |n| >= 1 already means |H| >= dw_min
            n[np.abs(H) < lead(self.threshold, H) * dw] = 0.0
        if self.max_pulses is not None:
            np.clip(n, -self.max_pulses, self.max_pulses, out=n)
        if not n.any():
            return W, H
        if isinstance(self.device, Pulsed) and self.states is None and self.dw_min is None:
            W = self.device.apply_pulses(W, np.abs(n).astype(np.int64), n > 0, rng)
        else:
            W = self.device.update(W, n * dw, rng)
        H = np.where(n != 0, self.momentum * H, H) if self.forget_buffer else H - (1.0 - self.momentum) * n * dw
        return W, H

    def update(self, state: BufferedState, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> BufferedState:
        """P's analog update, then (every ``transfer_every`` steps) the buffered transfer of P."""
        P = self.accumulate(state.P, g, rng, g_abs)
        k = state.k + 1
        W, H = state.W, state.H
        if k % self.transfer_every == 0:
            W, H = self.write(W, H, P, rng)
        return BufferedState(W, P, k, H)
