"""A fast path: digital SGD, Analog SGD and Tiki-Taka on soft-bounds devices as ONE rule.

With per-run parameters alpha, beta, rho and inverse ranges 1/tau, 1/tau_P,

    P_{k+1} = rho P_k + beta g_k - beta |g_k| P_k / tau_P
    W_{k+1} = W_k - alpha P_{k+1} - alpha |P_{k+1}| W_k / tau

is Tiki-Taka (rho = 1; gamma = 0, transfer every step), Analog SGD (rho = 0, beta = 1,
1/tau_P = 0, so P_{k+1} = g_k) and digital SGD (additionally 1/tau = 0). Runs of all three
then advance with the same dozen array operations per step, whatever the mix, which is what
makes a side-by-side comparison as cheap as a single algorithm. :func:`fuse` builds the rule
from ordinary algorithm values when they all fit; the engine uses it automatically.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .algorithms import AnalogSGD, DigitalSGD, TikiTaka
from .devices import Ideal, SoftBounds


class FusedState(NamedTuple):
    W: np.ndarray
    buffer: np.ndarray  # Tiki-Taka's P on its rows; the last gradient on the others


@dataclass(frozen=True, eq=False)
class FusedSoftBounds:
    """The rule above with per-run column vectors alpha, beta, rho, inv_tau, inv_tau_p (shape (R, 1))."""

    alpha: np.ndarray
    beta: np.ndarray
    rho: np.ndarray
    inv_tau: np.ndarray
    inv_tau_p: np.ndarray
    queries_weights = True
    name = "fused"

    def init(self, W0):
        W = np.array(W0, dtype=float)
        return FusedState(W, np.zeros_like(W))

    def weights(self, state):
        return state.W

    def query_point(self, state):
        return state.W

    def update(self, state, g, rng=None):
        W, P = state
        increment = np.abs(g)
        increment *= P
        increment *= self.inv_tau_p
        np.subtract(g, increment, out=increment)
        increment *= self.beta
        P = self.rho * P
        P += increment
        step = np.abs(P)
        step *= W
        step *= self.inv_tau
        step += P
        step *= self.alpha
        return FusedState(W - step, P)

    def max_saturation(self, state):
        return np.abs(state.W).max(axis=-1) * self.inv_tau[:, 0]


def _member_params(alg, n: int):
    """(alpha, beta, rho, 1/tau, 1/tau_P) of one member as length-n arrays, or None if it does not fit."""
    def col(v):
        v = np.asarray(v, dtype=float)
        return np.broadcast_to(v, (n,)) if v.ndim <= 1 and v.size in (1, n) else None

    def inv(device):
        if isinstance(device, Ideal):
            return 0.0
        if type(device) is SoftBounds and np.all(np.asarray(device.sym_point) == 0):
            return 1.0 / np.asarray(device.tau)
        return None

    if type(alg) is DigitalSGD:
        params = (alg.lr, 1.0, 0.0, 0.0, 0.0)
    elif type(alg) is AnalogSGD and inv(alg.device) is not None:
        params = (alg.lr, 1.0, 0.0, inv(alg.device), 0.0)
    elif (type(alg) is TikiTaka and alg.queries_weights and alg.transfer_every == 1
          and inv(alg.device) is not None and inv(alg.fast_device) is not None):
        params = (alg.lr, alg.fast_lr, 1.0, inv(alg.device), inv(alg.fast_device))
    else:
        return None
    cols = [col(p) for p in params]
    return None if any(c is None for c in cols) else cols


def fuse(members, block: int) -> FusedSoftBounds | None:
    """One :class:`FusedSoftBounds` for ``members`` (each on a block of ``block`` runs), or None."""
    parts = [_member_params(m, block) for m in members]
    if any(p is None for p in parts):
        return None
    alpha, beta, rho, inv_tau, inv_tau_p = (np.concatenate(c)[:, None] for c in zip(*parts))
    return FusedSoftBounds(alpha, beta, rho, inv_tau, inv_tau_p)
