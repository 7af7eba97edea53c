"""Training rules as init / update pairs over arrays with a leading runs axis.

Each algorithm is a frozen dataclass (a value: pass it around, put it in a grid) with
``init(W0) -> state``, ``query_point(state)`` (where the gradient is evaluated),
``update(state, g, rng) -> state`` and ``weights(state)`` (the W_k whose loss is reported).
The engine (:func:`aimc_edu.simulate.simulate`) is the only place with a time loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._validate import as_int, as_param, choice, lead
from .devices import Device, Ideal, make_device


class SGDState(NamedTuple):
    W: np.ndarray


class TikiTakaState(NamedTuple):
    W: np.ndarray
    P: np.ndarray
    k: int


def _lr(name, value):
    return as_param(name, value, low=0.0)


@dataclass(frozen=True, eq=False)
class DigitalSGD:
    """Digital SGD: W_{k+1} = W_k - alpha g_k (alpha = ``lr``).

    Example:
        >>> alg = DigitalSGD(lr=0.1)
        >>> alg.update(alg.init(np.ones((1, 2))), np.ones((1, 2)), None).W
        array([[0.9, 0.9]])
    """

    lr: float | np.ndarray = 0.1
    name = "digital-sgd"
    queries_weights = True  # the gradient is taken at W_k itself

    def __post_init__(self):
        object.__setattr__(self, "lr", _lr("lr", self.lr))

    @property
    def device(self) -> Device:
        return Ideal()

    def init(self, W0: np.ndarray) -> SGDState:
        return SGDState(np.array(W0, dtype=float))

    def query_point(self, state) -> np.ndarray:
        return state.W

    def weights(self, state) -> np.ndarray:
        return state.W

    def update(self, state, g, rng=None):
        return SGDState(state.W - lead(self.lr, g) * g)

    def max_saturation(self, state) -> np.ndarray:
        """Per run, max_i |W_i - c| / tau of the weights' device (0 for an ideal device)."""
        return self.device.max_saturation(self.weights(state))


@dataclass(frozen=True, eq=False)
class AnalogSGD(DigitalSGD):
    """Analog SGD: the increment -alpha g_k is applied by the device's analog update,

        W_{k+1} = W_k - alpha g_k F(W_k) - alpha |g_k| G(W_k),

    for soft bounds  W_{k+1} = W_k - alpha g_k - (alpha / tau) |g_k| W_k  (paper, Sec. 3).
    """

    device: Device = None
    name = "analog-sgd"

    def __post_init__(self):
        super().__post_init__()
        if not isinstance(self.device, Device):
            raise ValueError(f"device must be a Device, got {self.device!r}")

    def update(self, state, g, rng=None):
        return SGDState(self.device.update(state.W, -lead(self.lr, g) * g, rng))


@dataclass(frozen=True, eq=False)
class TikiTaka:
    """Tiki-Taka (TT-v1): a fast analog array P accumulates gradients, W receives transfers.

        g_k     = grad f(W_k - gamma P_k; xi_k)
        P_{k+1} = P_k + beta g_k F(P_k) - beta |g_k| G(P_k)
        W_{k+1} = W_k - alpha P_{k+1} F(W_k) - alpha |P_{k+1}| G(W_k)   (every ``transfer_every`` steps)

    alpha = ``lr``, beta = ``fast_lr``; P lives on ``fast_device`` (default: ``device``),
    whose symmetric point should be 0 for the bias to vanish. Here P accumulates +g, so the
    weights seen by the forward pass are W - gamma P (the paper's P has the opposite sign and
    writes W + gamma P; for devices with F even and G odd the two are the same algorithm).
    """

    lr: float | np.ndarray = 0.1
    fast_lr: float | np.ndarray = 0.1
    gamma: float | np.ndarray = 0.0
    transfer_every: int = 1
    device: Device = None
    fast_device: Device | None = None
    name = "tiki-taka"

    def __post_init__(self):
        object.__setattr__(self, "lr", _lr("lr", self.lr))
        object.__setattr__(self, "fast_lr", _lr("fast_lr", self.fast_lr))
        object.__setattr__(self, "gamma", as_param("gamma", self.gamma, low=0.0))
        object.__setattr__(self, "transfer_every", as_int("transfer_every", self.transfer_every, low=1))
        if not isinstance(self.device, Device):
            raise ValueError(f"device must be a Device, got {self.device!r}")
        if self.fast_device is None:
            object.__setattr__(self, "fast_device", self.device)
        elif not isinstance(self.fast_device, Device):
            raise ValueError(f"fast_device must be a Device, got {self.fast_device!r}")

    def init(self, W0: np.ndarray) -> TikiTakaState:
        W = np.array(W0, dtype=float)
        P = np.broadcast_to(lead(self.fast_device.symmetric_point, W), W.shape).astype(float)
        return TikiTakaState(W, P, 0)

    @property
    def queries_weights(self) -> bool:
        return bool(np.all(np.asarray(self.gamma) == 0))

    def query_point(self, state) -> np.ndarray:
        if self.queries_weights:
            return state.W
        return state.W - lead(self.gamma, state.W) * state.P

    def weights(self, state) -> np.ndarray:
        return state.W

    def max_saturation(self, state) -> np.ndarray:
        """Per run, max_i |W_i - c| / tau of the main array W."""
        return self.device.max_saturation(state.W)

    def update(self, state, g, rng=None):
        P = self.fast_device.update(state.P, lead(self.fast_lr, g) * g, rng)
        k = state.k + 1
        W = state.W
        if k % self.transfer_every == 0:
            W = self.device.update(W, -lead(self.lr, P) * P, rng)
        return TikiTakaState(W, P, k)


class StackState(NamedTuple):
    parts: tuple


@dataclass(frozen=True, eq=False)
class Stack:
    """Several algorithms side by side, each on its own equal block of the runs axis.

    Lets one simulation call compare, e.g., digital SGD, Analog SGD and Tiki-Taka on the
    same problem: every time step evaluates all blocks' gradients in one operation.
    """

    members: tuple
    name = "stack"

    @property
    def queries_weights(self) -> bool:
        return all(m.queries_weights for m in self.members)

    def _split(self, x):
        return np.split(x, len(self.members), axis=0)

    def init(self, W0):
        if len(W0) % len(self.members):
            raise ValueError(f"runs axis of length {len(W0)} does not split into {len(self.members)} blocks")
        return StackState(tuple(m.init(w) for m, w in zip(self.members, self._split(W0))))

    def weights(self, state):
        return np.concatenate([m.weights(s) for m, s in zip(self.members, state.parts)])

    def query_point(self, state):
        return np.concatenate([m.query_point(s) for m, s in zip(self.members, state.parts)])

    def update(self, state, g, rng=None):
        return StackState(tuple(m.update(s, gi, rng) for m, s, gi in zip(self.members, state.parts, self._split(g))))

    def max_saturation(self, state):
        return np.concatenate([m.max_saturation(s) for m, s in zip(self.members, state.parts)])


ALGORITHMS = ("digital-sgd", "analog-sgd", "tiki-taka")


def make_algorithm(name: str, *, lr, device: Device | str | None = None, fast_lr=None,
                   gamma=0.0, transfer_every: int = 1, **device_params):
    """Build an algorithm by name (``digital-sgd``, ``analog-sgd``, ``tiki-taka``).

    ``device`` is a Device or a device name (with ``device_params``, e.g. ``tau=2.0``);
    Tiki-Taka's ``fast_lr`` defaults to ``lr`` (beta = alpha, as in the paper's toy runs).

    Example:
        >>> make_algorithm("analog-sgd", lr=0.1, device="soft-bounds", tau=2.0).device.tau
        2.0
    """
    choice("algorithm", name, ALGORITHMS)
    if isinstance(device, str):
        device = make_device(device, **device_params)
    elif device_params:
        raise ValueError(f"device parameters {sorted(device_params)} need a device name")
    if name == "digital-sgd":
        return DigitalSGD(lr=lr)
    if device is None:
        raise ValueError(f"algorithm {name!r} needs a device")
    if name == "analog-sgd":
        return AnalogSGD(lr=lr, device=device)
    return TikiTaka(lr=lr, fast_lr=lr if fast_lr is None else fast_lr, gamma=gamma,
                    transfer_every=transfer_every, device=device)
