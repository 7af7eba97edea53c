"""Digital SGD and Analog SGD (paper, Sec. 3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validate import as_param, per_run
from ..devices import Device
from .base import AlgorithmBase, WeightsState, check_device


@dataclass(frozen=True, eq=False)
class DigitalSGD(AlgorithmBase):
    """Digital SGD: W_{k+1} = W_k - alpha g_k  (alpha = ``lr``).

    Example:
        >>> alg = DigitalSGD(lr=0.1)
        >>> alg.update(alg.init(np.ones((1, 2))), np.ones((1, 2))).W
        array([[0.9, 0.9]])
    """

    lr: float | np.ndarray

    name: ClassVar[str] = "digital-sgd"
    label: ClassVar[str] = "Digital SGD"
    color: ClassVar[str] = "#0072B2"   # blue

    def __post_init__(self):
        object.__setattr__(self, "lr", as_param("lr", self.lr, low=0.0))

    def init(self, W0: np.ndarray) -> WeightsState:
        """W = W0 (copied)."""
        return WeightsState(np.array(W0, dtype=float))

    def update(self, state: WeightsState, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> WeightsState:
        """W - alpha g (``g_abs`` plays no role on a digital array)."""
        return WeightsState(state.W - per_run(self, "lr", g) * g)


@dataclass(frozen=True, eq=False)
class AnalogSGD(AlgorithmBase):
    """Analog SGD: the increment -alpha g_k is applied by the device's analog update,

        W_{k+1} = W_k - alpha g_k F(W_k) - alpha |g_k| G(W_k),

    for soft bounds  W_{k+1} = W_k - alpha g_k - (alpha / tau) |g_k| W_k  (paper, Sec. 3).

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> alg = AnalogSGD(0.5, SoftBounds(tau=2.0))
        >>> alg.update(alg.init(np.full((1, 1), 1.0)), np.full((1, 1), -1.0)).W   # 1 + 0.5 - 0.5 * 1/2
        array([[1.25]])
    """

    lr: float | np.ndarray
    device: Device

    name: ClassVar[str] = "analog-sgd"
    label: ClassVar[str] = "Analog SGD"
    color: ClassVar[str] = "#D55E00"   # vermillion

    def __post_init__(self):
        object.__setattr__(self, "lr", as_param("lr", self.lr, low=0.0))
        check_device("device", self.device)

    def init(self, W0: np.ndarray) -> WeightsState:
        """W = W0 (copied)."""
        return WeightsState(np.array(W0, dtype=float))

    def update(self, state: WeightsState, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> WeightsState:
        """device.update(W, -alpha g): W - alpha g F(W) - alpha |g| G(W) (|g| -> ``g_abs`` if given)."""
        dw = per_run(self, "lr", g, np.negative) * g          # (-alpha) g, exactly -(alpha g)
        return WeightsState(self.device.update(state.W, dw, rng, None if g_abs is None else per_run(self, "lr", g) * g_abs))
