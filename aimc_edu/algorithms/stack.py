"""Several algorithms side by side in one simulation: each on its own block of the runs axis."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple

import numpy as np


class StackState(NamedTuple):
    parts: tuple
    W: np.ndarray   # the members' weights, joined (computed once per step)


@dataclass(frozen=True, eq=False)
class Stack:
    """``members`` side by side, each on an equal block of the runs axis, in the given order.

    One simulation step evaluates all blocks' gradients in one operation and then lets every
    member update its own block, so comparing, e.g., digital SGD, Analog SGD and Tiki-Taka on
    the same problem costs one loop. :meth:`arrays` lists the union of the members' arrays; a
    member without an array (Analog SGD has no P) fills its block with NaN.

    Example:
        >>> from aimc_edu.algorithms import DigitalSGD
        >>> st = Stack((DigitalSGD(0.1), DigitalSGD(0.5)))
        >>> st.weights(st.update(st.init(np.ones((2, 1))), np.ones((2, 1))))
        array([[0.9],
               [0.5]])
    """

    members: tuple

    name: ClassVar[str] = "stack"
    label: ClassVar[str] = "side by side"
    color: ClassVar[str] = "#999999"
    learning_rates: ClassVar[tuple[str, ...]] = ()

    def _split(self, x):
        b = len(x) // len(self.members)
        return [x[i * b:(i + 1) * b] for i in range(len(self.members))]

    def _join(self, method: str, state) -> np.ndarray:
        return np.concatenate([getattr(m, method)(s) for m, s in zip(self.members, state.parts)])

    def init(self, W0: np.ndarray) -> StackState:
        """Each member's state on its block of W0."""
        if len(W0) % len(self.members):
            raise ValueError(f"runs axis of length {len(W0)} does not split into {len(self.members)} blocks")
        return self._state(tuple(m.init(w) for m, w in zip(self.members, self._split(W0))))

    def _state(self, parts: tuple) -> StackState:
        return StackState(parts, np.concatenate([m.weights(s) for m, s in zip(self.members, parts)]))

    def weights(self, state: StackState) -> np.ndarray:
        """The members' weights, joined along the runs axis."""
        return state.W

    def query_point(self, state: StackState) -> np.ndarray:
        """The joined query points; the joined weights themselves when every member queries at W."""
        queries = [m.query_point(s) for m, s in zip(self.members, state.parts)]
        if all(q is m.weights(s) for q, m, s in zip(queries, self.members, state.parts)):
            return state.W
        return np.concatenate(queries)

    def max_saturation(self, state: StackState) -> np.ndarray:
        """Each member's saturation on its block, joined."""
        return self._join("max_saturation", state)

    def update(self, state: StackState, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> StackState:
        """Every member updates its own block of g (and of ``g_abs``)."""
        parts = self._split(g)
        abs_parts = [None] * len(parts) if g_abs is None else self._split(g_abs)
        return self._state(tuple(m.update(s, gi, rng, gi_abs) if gi_abs is not None else m.update(s, gi, rng)
                                 for m, s, gi, gi_abs in zip(self.members, state.parts, parts, abs_parts)))

    def arrays(self, state: StackState) -> dict[str, np.ndarray]:
        """The union of the members' arrays, NaN where a member has no such array."""
        parts = [m.arrays(s) for m, s in zip(self.members, state.parts)]
        names = list(dict.fromkeys(n for p in parts for n in p))
        blocks = [m.weights(s) for m, s in zip(self.members, state.parts)]
        return {n: np.concatenate([p[n] if n in p else np.full_like(b, np.nan) for p, b in zip(parts, blocks)])
                for n in names}

    def scaled(self, factor: float) -> "Stack":
        """Every member's learning rates times ``factor``."""
        return Stack(tuple(m.scaled(factor) for m in self.members))
