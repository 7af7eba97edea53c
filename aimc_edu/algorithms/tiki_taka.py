"""Tiki-Taka (TT-v1): a fast analog array P accumulates gradients, the main array W receives transfers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np

from .._validate import as_int, as_param, lead, per_run
from ..devices import Device
from .base import AlgorithmBase, check_device


class TikiTakaState(NamedTuple):
    W: np.ndarray
    P: np.ndarray
    k: int


@dataclass(frozen=True, eq=False)
class TikiTaka(AlgorithmBase):
    """Tiki-Taka (TT-v1), in AIHWKIT's sign convention (``TransferCompound``):

        g_k     = grad f(W_k + gamma P_k; xi_k)
        P_{k+1} = P_k - beta g_k F(P_k) - beta |g_k| G(P_k)                      (P accumulates -beta g)
        W_{k+1} = W_k + alpha P_{k+1} F(W_k) - alpha |P_{k+1}| G(W_k)           (every ``transfer_every`` steps)

    alpha = ``lr``, beta = ``fast_lr``, gamma = ``gamma`` (how much of P the forward pass sees).
    P lives on ``fast_device`` (default: ``device``) and starts at its symmetric point p, where it
    rests (or at ``fast_init``: AIHWKIT's ``set_weights`` programs P to 0); the bias of Analog SGD
    vanishes when p = 0 (paper, Sec. 4). When p != 0 the transfer reads P itself, so W is pushed by
    alpha p until the gradient holds P near 0: an offset E|g| p / (L tau) remains (notebook 07).

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> alg = TikiTaka(lr=0.5, fast_lr=0.2, device=SoftBounds(1.0))
        >>> s = alg.update(alg.init(np.zeros((1, 1))), np.full((1, 1), -1.0))
        >>> float(s.P[0, 0]), float(s.W[0, 0])     # P = 0 + 0.2, W = 0 + 0.5 * 0.2
        (0.2, 0.1)
    """

    lr: float | np.ndarray
    fast_lr: float | np.ndarray
    device: Device
    gamma: float | np.ndarray = 0.0
    transfer_every: int = 1
    fast_device: Device | None = None
    fast_init: float | None = None

    name: ClassVar[str] = "tiki-taka"
    label: ClassVar[str] = "Tiki-Taka"
    color: ClassVar[str] = "#009E73"   # bluish green
    learning_rates: ClassVar[tuple[str, ...]] = ("lr", "fast_lr")

    def __post_init__(self):
        object.__setattr__(self, "lr", as_param("lr", self.lr, low=0.0))
        object.__setattr__(self, "fast_lr", as_param("fast_lr", self.fast_lr, low=0.0))
        object.__setattr__(self, "gamma", as_param("gamma", self.gamma, low=0.0))
        object.__setattr__(self, "transfer_every", as_int("transfer_every", self.transfer_every, low=1))
        if self.fast_init is not None:
            object.__setattr__(self, "fast_init", as_param("fast_init", self.fast_init))
        check_device("device", self.device)
        object.__setattr__(self, "fast_device", check_device(
            "fast_device", self.device if self.fast_device is None else self.fast_device))
        object.__setattr__(self, "_reads_W_only", bool(np.all(np.asarray(self.gamma) == 0)))   # checked once

    def init(self, W0: np.ndarray) -> TikiTakaState:
        """W = W0; P at the symmetric point of its device (or at ``fast_init``); step counter 0."""
        W = np.array(W0, dtype=float)
        start = self.fast_device.symmetric_point if self.fast_init is None else self.fast_init
        P = np.broadcast_to(lead(start, W), W.shape).astype(float)
        return TikiTakaState(W, P, 0)

    def query_point(self, state: TikiTakaState) -> np.ndarray:
        """W + gamma P (W itself when gamma = 0)."""
        if self._reads_W_only:
            return state.W
        return state.W + lead(self.gamma, state.W) * state.P

    def arrays(self, state: TikiTakaState) -> dict[str, np.ndarray]:
        """{"W": the main array, "P": the fast array}."""
        return {"W": state.W, "P": state.P}

    def accumulate(self, P: np.ndarray, g: np.ndarray, rng: np.random.Generator | None = None,
                   g_abs: np.ndarray | None = None, sign=1.0) -> np.ndarray:
        """P's analog update fast_device.update(P, -beta sign g): P - beta sign g F(P) - beta |g| G(P).

        ``sign`` (+1 or -1 per element) is a chopper's sign (c-TTv2); the asymmetric term sees |g|
        (or ``g_abs``, the per-sample sum) whatever the sign.
        """
        neg_beta = per_run(self, "fast_lr", g, np.negative)
        dw = (neg_beta * g) if type(sign) is float and sign == 1.0 else (neg_beta * sign) * g   # (-beta sign) g
        return self.fast_device.update(P, dw, rng, None if g_abs is None else per_run(self, "fast_lr", g) * g_abs)

    def update(self, state: TikiTakaState, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> TikiTakaState:
        """P <- fast_device.update(P, -beta g); every ``transfer_every`` steps W <- device.update(W, alpha P).

        ``g_abs`` (per-sample updates of P) enters P's asymmetric term; the transfer reads P as a whole.
        """
        P = self.accumulate(state.P, g, rng, g_abs)
        k = state.k + 1
        W = state.W
        if k % self.transfer_every == 0:
            W = self.device.update(W, per_run(self, "lr", P) * P, rng)
        return TikiTakaState(W, P, k)
