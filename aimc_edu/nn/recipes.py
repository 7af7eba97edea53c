"""Training recipes for the networks: the course's fast one (the default) and the paper's.

``"course"``: what notebook 06 and the command line use by default. Pixels in [-1, 1], every tensor
(biases too) on the analog device, batch 8, Tiki-Taka with beta = 3 lr and alpha = 0.01 lr and a full
transfer every step (see :data:`~aimc_edu.nn.training.COURSE_RECIPE`). It learns in a few epochs.

``"paper"``: the authors' AIHWKIT scripts S4.1 (FCN) and S4.2 (CNN), notes Sec. 5:

* lr 0.05 for every algorithm, digital SGD included; FCN batch 10, CNN batch 8;
* 80 epochs, learning rates x0.1 every 35 epochs; pixels in [0, 1] (torchvision's ``ToTensor``);
* biases digital (AIHWKIT's ``digital_bias=True``) and a learnable digital output scale per tile
  (``learn_out_scaling=True``; ``weight_scaling_omega`` left at 0, so no remapping: the scale starts at 1),
  both trained by digital SGD at the current lr;
* the CNN applies tanh once more after the second max-pool;
* Tiki-Taka (``build_config("ttv1")``, ``fast_lr = 0.01``): P accumulates -0.01 g at a constant fast lr
  (the scheduler does not touch it), and every step one column of P per tile is read and written onto
  W at the current lr (:class:`ColumnTransferTikiTaka`).

Not modelled: AIHWKIT's device-to-device and cycle-to-cycle variations of its default
``SoftBoundsReferenceDevice``, its forward/backward IO noise and its split of the 784-input layer into
two tiles. A pulse-level run uses that device's default pulse size dw_min = 0.001 (``pulsed=True``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from .._validate import as_param, choice, lead
from ..algorithms import AnalogSGD, DigitalSGD, TikiTaka
from ..algorithms.tiki_taka import TikiTakaState
from ..datasets import Dataset
from ..devices import Pulsed, SoftBounds
from .models import make_model

AIHWKIT_DW_MIN = 0.001
"""Pulse size of AIHWKIT's default soft-bounds device (the networks' pulse-level runs)."""


@dataclass(frozen=True, eq=False)
class ColumnTransferTikiTaka(TikiTaka):
    """Tiki-Taka as AIHWKIT's TransferCompound runs in the paper's network scripts (n_reads_per_transfer = 1):

        P_{k+1} = P_k - beta g_k F(P_k) - beta |g_k| G(P_k)                        (beta constant)
        W_{k+1}[:, j] = W_k[:, j] + alpha P_{k+1}[:, j] F(W) - alpha |P_{k+1}[:, j]| G(W),  j = k mod n_in

    one column j of the tile (its input index; a convolution kernel's flattened (in, k, k) index) per
    step, in turn. Only alpha = ``lr`` follows the learning-rate schedule (``learning_rates``).

    Example:
        >>> tt = ColumnTransferTikiTaka(lr=0.5, fast_lr=0.1, device=SoftBounds(1.0))
        >>> s = tt.update(tt.init(np.zeros((2, 3))), -np.ones((2, 3)))
        >>> s.W                         # only column 0 received 0.5 * P = 0.05
        array([[0.05, 0.  , 0.  ],
               [0.05, 0.  , 0.  ]])
    """

    learning_rates: ClassVar[tuple[str, ...]] = ("lr",)

    def update(self, state: TikiTakaState, g: np.ndarray, rng: np.random.Generator | None = None,
               g_abs: np.ndarray | None = None) -> TikiTakaState:
        beta = lead(self.fast_lr, g)
        P = self.fast_device.update(state.P, -beta * g, rng, None if g_abs is None else beta * g_abs)
        tile = P.reshape(len(P), -1) if P.ndim > 1 else P[:, None]
        j = state.k % tile.shape[1]
        W = np.array(state.W, dtype=float).reshape(tile.shape)
        W[:, j] = self.device.update(W[:, j], self.lr * tile[:, j], rng)
        return TikiTakaState(W.reshape(state.W.shape), P, state.k + 1)


@dataclass(frozen=True)
class Recipe:
    """How to train a network: learning rates, batch size, schedule, input scaling, what lives on tiles."""

    name: str
    label: str
    lr: dict               # algorithm -> learning rate (None: the caller's / dataset's default)
    batch_size: dict       # model -> batch size
    epochs: int
    decay_every: int
    lr_decay: float
    unit_pixels: bool      # pixels in [0, 1] instead of the datasets' [-1, 1]
    analog_bias: bool
    out_scale: bool
    pool_tanh: bool

    def model(self, name: str, image_shape: tuple, n_classes: int = 10):
        """The FCN or CNN as this recipe builds it."""
        return make_model(name, image_shape, n_classes, out_scale=self.out_scale, pool_tanh=self.pool_tanh)

    def data(self, data: Dataset) -> Dataset:
        """The data with this recipe's pixel range."""
        if not self.unit_pixels:
            return data
        return dataclasses.replace(data, x_train=(data.x_train + 1.0) / 2.0, x_test=(data.x_test + 1.0) / 2.0)

    def algorithm(self, name: str, tau: float, lr: float | None = None, pulsed: bool = False, **options):
        """The algorithm for every weight tensor; ``pulsed`` puts its arrays on pulse-level devices."""
        from .training import course_algorithm

        lr = self.lr.get(name) if lr is None else lr
        if lr is None:
            raise ValueError(f"recipe {self.name!r} has no default lr for {name!r}: pass lr")
        tau = as_param("tau", tau, low=0.0, low_inclusive=False)
        device = SoftBounds(tau)
        if pulsed:
            device = Pulsed(device, dw_min=AIHWKIT_DW_MIN)
        if self.name == "course":
            return course_algorithm(name, lr=lr, tau=tau, device=device, **options)
        choice("algorithm", name, PAPER_ALGORITHMS)
        if name == "digital-sgd":
            return DigitalSGD(lr)
        if name == "analog-sgd":
            return AnalogSGD(lr, device)
        return ColumnTransferTikiTaka(lr=lr, fast_lr=options.get("fast_lr") or 0.01, device=device)


PAPER_ALGORITHMS = ("digital-sgd", "analog-sgd", "tiki-taka")
RECIPES = {
    "course": Recipe("course", "course recipe (fast): pixels in [-1, 1], analog biases, TT beta = 3 lr, "
                     "alpha = 0.01 lr", lr={}, batch_size={"fcn": 8, "cnn": 8}, epochs=10, decay_every=35,
                     lr_decay=0.1, unit_pixels=False, analog_bias=True, out_scale=False, pool_tanh=False),
    "paper": Recipe("paper", "paper recipe (scripts S4.1, S4.2): lr 0.05, pixels in [0, 1], digital biases, "
                    "output scales, TT fast lr 0.01 and one column per step",
                    lr={"digital-sgd": 0.05, "analog-sgd": 0.05, "tiki-taka": 0.05},
                    batch_size={"fcn": 10, "cnn": 8}, epochs=80, decay_every=35, lr_decay=0.1, unit_pixels=True,
                    analog_bias=False, out_scale=True, pool_tanh=True),
}
"""The two labelled recipes; ``"course"`` is the default everywhere."""


def recipe(name: str) -> Recipe:
    """The recipe ``name`` (``"course"`` or ``"paper"``)."""
    return RECIPES[choice("recipe", name, RECIPES)]
