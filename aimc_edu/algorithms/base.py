"""The algorithm protocol and the defaults most algorithms share.

An algorithm is a frozen dataclass (a value: pass it around, compare it, put it in a grid) with

    init(W0) -> state                  the state for initial weights W0 of shape (runs, d)
    query_point(state) -> array        where the stochastic gradient is evaluated
    update(state, g, rng, g_abs) -> state  one step given the stochastic gradient g (pure: g is not kept);
                                       g_abs = sum_b |g_b| of a mini-batch's per-sample parts, or None
    weights(state) -> array            the W_k whose loss f(W_k) - f* is reported
    arrays(state) -> {name: array}     every array the algorithm keeps, e.g. {"W": ..., "P": ...}
    max_saturation(state) -> array     per run, max_i |W_i - w_sym| / tau (soft bounds; Device.max_saturation)
    scaled(factor) -> algorithm        the same algorithm with its learning rates times ``factor``

and the class attributes ``name`` (registry key), ``label`` and ``color`` (for plots) and
``learning_rates`` (the fields :meth:`scaled` multiplies). Arrays carry a leading runs axis;
every parameter may be a per-run array along it. :func:`aimc_edu.algorithms.register_algorithm`
makes a new algorithm known to the command line, the network trainer and the plots.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, NamedTuple, Protocol, runtime_checkable

import numpy as np

from ..devices import Device, Ideal


@runtime_checkable
class Algorithm(Protocol):
    """The protocol every training rule follows (see the module docstring)."""

    name: ClassVar[str]
    label: ClassVar[str]
    color: ClassVar[str]
    learning_rates: ClassVar[tuple[str, ...]]

    lr: Any
    """alpha, the main learning rate (a network's digital biases use it too)."""

    def init(self, W0: np.ndarray) -> Any:
        """The state for initial weights W0 of shape (runs, d)."""

    def query_point(self, state: Any) -> np.ndarray:
        """Where the stochastic gradient is evaluated (W itself, or e.g. W + gamma P)."""

    def update(self, state: Any, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> Any:
        """The next state given the stochastic gradient g (pure: g is not kept).

        ``g_abs`` (elementwise >= |g|), when given, is sum_b |g_b| over the samples of a mini-batch
        whose gradients g_b sum to g: an analog array updated sample by sample (AIHWKIT's pulse
        trains) drifts by alpha sum_b |g_b| G(W) rather than alpha |g| G(W). Rules without an analog
        array ignore it; None means |g| (the paper's aggregate update).
        """

    def weights(self, state: Any) -> np.ndarray:
        """The W_k whose loss f(W_k) - f* is reported."""

    def arrays(self, state: Any) -> dict[str, np.ndarray]:
        """Every array the algorithm keeps, by name ("W", "P", ...), for the engine to record."""

    def max_saturation(self, state: Any) -> np.ndarray:
        """Per run, max_i |W_i - w_sym| / tau of the weights' device (soft bounds; any device: distance from
        the middle of its range over the half-width, :meth:`~aimc_edu.devices.Device.saturation`; 0 if unbounded)."""

    def scaled(self, factor: float) -> "Algorithm":
        """The same algorithm with its learning rates times ``factor`` (learning-rate decay)."""


class WeightsState(NamedTuple):
    """State of a single-array algorithm: just the weights W."""

    W: np.ndarray


class AlgorithmBase:
    """Defaults for algorithms whose state has a field ``W`` living on ``self.device``."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    color: ClassVar[str] = "#999999"
    learning_rates: ClassVar[tuple[str, ...]] = ("lr",)

    @property
    def weights_device(self) -> Device:
        """The device holding W (``self.device``; ideal if there is none)."""
        return getattr(self, "device", None) or Ideal()

    def query_point(self, state) -> np.ndarray:
        """W itself."""
        return state.W

    def weights(self, state) -> np.ndarray:
        """The field ``W`` of the state."""
        return state.W

    def arrays(self, state) -> dict[str, np.ndarray]:
        """{"W": W}."""
        return {"W": state.W}

    def max_saturation(self, state) -> np.ndarray:
        """max_i |W_i - w_sym| / tau of ``weights_device`` per run (soft bounds; see :meth:`Device.max_saturation`)."""
        return self.weights_device.max_saturation(self.weights(state))

    def scaled(self, factor: float) -> "AlgorithmBase":
        """A copy with every field named in ``learning_rates`` times ``factor``."""
        if factor == 1.0:
            return self
        return dataclasses.replace(self, **{n: getattr(self, n) * factor for n in self.learning_rates})


def check_device(name: str, device) -> Device:
    """``device`` if it is a :class:`Device`, else a ValueError naming the field."""
    if not isinstance(device, Device):
        raise ValueError(f"{name} must be a Device (e.g. SoftBounds(tau=1.0)), got {device!r}")
    return device
