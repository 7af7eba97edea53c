"""c-TTv2 (AIHWKIT ``ChoppedTransferCompound``): TT-v2 with a chopper that cancels offsets in P.

A chopper sign c_k = +-1 (per element of P) multiplies the increments written into P and, with the
same sign, the read of P that goes into the buffer:

    P_{k+1} = P_k - beta c_k g_k F(P_k) - beta |g_k| G(P_k),    H <- H + alpha c_k P_{k+1}.

The gradient part of P carries the sign c_k twice and arrives in H with the right sign; a constant
offset p in P (its symmetric point, where P rests) arrives as alpha c_k p, whose sign alternates and
cancels over two chopper periods (Rasch et al. 2024, "Fast and robust analog in-memory deep neural
network training"). The chopper flips every ``chop_every`` transfers, all elements together, or
(``chop_random``) each element independently with probability 1/``chop_every`` per step (AIHWKIT's
``in_chop_random=True, in_chop_prob=1/chop_every``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np

from .._validate import as_int
from .ttv2 import BufferedTikiTaka


class ChoppedState(NamedTuple):
    W: np.ndarray
    P: np.ndarray
    k: int
    H: np.ndarray
    c: np.ndarray


@dataclass(frozen=True, eq=False)
class ChoppedTikiTaka(BufferedTikiTaka):
    """c-TTv2: :class:`~aimc_edu.algorithms.ttv2.BufferedTikiTaka` with a chopper (see the module docstring).

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> alg = ChoppedTikiTaka(0.5, 0.2, SoftBounds(1.0), chop_every=1, states=10)
        >>> s = alg.update(alg.init(np.zeros((1, 1))), np.full((1, 1), -1.0))
        >>> float(s.P[0, 0]), float(s.W[0, 0]), float(s.c[0, 0])       # then the chopper flips
        (0.2, 0.1, -1.0)
    """

    chop_every: int = 10
    chop_random: bool = False

    name: ClassVar[str] = "c-ttv2"
    label: ClassVar[str] = "c-TTv2"
    color: ClassVar[str] = "#661100"   # dark brown (Paul Tol); indigo is the device curve F

    def __post_init__(self):
        super().__post_init__()
        object.__setattr__(self, "chop_every", as_int("chop_every", self.chop_every, low=1))

    def init(self, W0: np.ndarray) -> ChoppedState:
        """TT-v2's state and every chopper at +1."""
        s = super().init(W0)
        return ChoppedState(s.W, s.P, 0, s.H, np.ones_like(s.W))

    def arrays(self, state: ChoppedState) -> dict[str, np.ndarray]:
        """{"W", "P", "H", "c" (the chopper signs)}."""
        return {"W": state.W, "P": state.P, "H": state.H, "c": state.c}

    def update(self, state: ChoppedState, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> ChoppedState:
        """P accumulates -beta c g; the transfer reads c P into the buffer; then the chopper may flip."""
        c = state.c
        P = self.accumulate(state.P, g, rng, g_abs, sign=c)
        k = state.k + 1
        W, H = state.W, state.H
        if k % self.transfer_every == 0:
            W, H = self.write(W, H, c * P, rng)
            if self.chop_random:
                if rng is None:
                    raise ValueError("c-TTv2 with chop_random needs the caller's rng")
                c = np.where(rng.random(c.shape) < 1.0 / self.chop_every, -c, c)
            elif (k // self.transfer_every) % self.chop_every == 0:
                c = -c
        return ChoppedState(W, P, k, H, c)
