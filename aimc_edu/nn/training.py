"""Training a network whose every weight tensor lives on an analog array.

Each weight tensor gets its own state of any registered algorithm (:mod:`aimc_edu.algorithms`;
e.g. Tiki-Taka keeps its own fast array P per tensor); biases too, unless they are digital (the
paper's recipe, and AIHWKIT's default ``digital_bias=True``), and a tile's output scale is always
digital. One mini-batch step is

    z = net(x; query_point(state))           (Tiki-Taka: W + gamma P)
    g = d NLL(log softmax z, y) / d weights
    state = algorithm.update(state, g, rng)  (digital: W - alpha g; analog: W - alpha g F(W) - alpha |g| G(W); TT: P then W)

so the update rules are exactly those of the toy problems. With ``update="per-sample"`` the analog
tiles drift with sum_b |g_b| over the batch's rank-1 updates (AIHWKIT's one pulse train per sample;
``Sequential.backward(per_sample=True)``) instead of |g|. The learning rates decay by ``lr_decay``
every ``decay_every`` epochs (paper: x0.1 every 35 epochs), through the algorithm's own :meth:`scaled`.
Recipes (the course's, the paper's) live in :mod:`aimc_edu.nn.recipes`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .._validate import as_int, as_param, choice
from ..algorithms import DigitalSGD, make_algorithm
from ..datasets import Dataset
from ..devices import Device
from .losses import nll_loss
from .models import Sequential


@dataclass
class TrainResult:
    """What a training run produced.

    Attributes:
        test_accuracy: per-epoch test accuracy (epochs 1..E).
        train_loss: per-epoch mean training NLL.
        weights: final W of every tensor, a list (per layer) of dicts.
        arrays: every final array of every tensor's algorithm, {name: list (per layer) of dicts},
            e.g. {"W": ..., "P": ...} for Tiki-Taka.
        tau: the device's dynamic range radius (None for digital SGD).
        seconds: wall time per epoch.
    """

    model: str
    algorithm: str
    tau: float | None
    test_accuracy: list = field(default_factory=list)
    train_loss: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    weights: list = field(default_factory=list)
    arrays: dict = field(default_factory=dict)

    @property
    def final_accuracy(self) -> float:
        return self.test_accuracy[-1]

    @property
    def best_accuracy(self) -> float:
        return max(self.test_accuracy)

    @property
    def fast_weights(self) -> list | None:
        """Tiki-Taka's final P per tensor (None for algorithms without a fast array)."""
        return self.arrays.get("P")

    def flat_weights(self, which: str = "W") -> np.ndarray:
        """All entries of all tensors of the array ``which`` ("W", or e.g. "P"), concatenated."""
        tensors = self.weights if which == "W" else self.arrays.get(which) or []
        return np.concatenate([t.ravel() for layer in tensors for t in layer.values()])

    def tile_weights(self, which: str = "W") -> np.ndarray:
        """The weight matrices (and kernels) of every layer, concatenated: biases and output scales excluded."""
        tensors = self.weights if which == "W" else self.arrays.get(which) or []
        return np.concatenate([layer["W"].ravel() for layer in tensors if "W" in layer])

    def saturation(self) -> np.ndarray:
        """|W| / tau of every tile weight, biases excluded (the authors' statistic, script S6: Analog SGD's
        raw tile weights, Tiki-Taka's W array, over all layers); raises for digital SGD, which has no tau."""
        if self.tau is None:
            raise ValueError("digital SGD has no device range tau: saturation is undefined")
        return np.abs(self.tile_weights()) / self.tau

    @property
    def max_saturation(self) -> float | None:
        return None if self.tau is None else float(self.saturation().max())

    @property
    def mean_saturation(self) -> float | None:
        return None if self.tau is None else float(self.saturation().mean())

    def summary(self) -> dict:
        """JSON-ready summary: final and best accuracy, history, saturation."""
        return {"model": self.model, "algorithm": self.algorithm, "tau": self.tau,
                "final_test_accuracy": self.final_accuracy, "best_test_accuracy": self.best_accuracy,
                "test_accuracy": list(self.test_accuracy), "train_loss": list(self.train_loss),
                "max_saturation": self.max_saturation, "mean_saturation": self.mean_saturation,
                "seconds_per_epoch": list(self.seconds)}


def _tau(algorithm) -> float | None:
    radius = algorithm.weights_device.radius if hasattr(algorithm, "weights_device") else np.inf
    return None if not np.isfinite(radius) else float(radius)


def train(model: Sequential, algorithm, data: Dataset, *, epochs: int, seed: int = 0, batch_size: int = 8,
          lr_decay: float = 0.1, decay_every: int = 35, analog_bias: bool = True, update: str = "aggregate",
          on_batch: Callable | None = None, on_epoch: Callable | None = None) -> TrainResult:
    """Train ``model`` on ``data`` with ``algorithm`` (one analog state per parameter tensor).

    Args:
        model: a :class:`Sequential` network (e.g. :func:`~aimc_edu.nn.models.fcn`).
        algorithm: any registered algorithm (e.g. from :func:`course_algorithm`).
        data: train and test splits.
        epochs: passes over the training set (>= 1).
        seed: seeds the one generator used for initialisation, shuffling and device noise.
        batch_size: mini-batch size (paper: 8).
        lr_decay, decay_every: step decay of the learning rates.
        analog_bias: biases live on analog devices too (the course's default); if False they are
            digital (AIHWKIT's default and the paper's recipe), trained by digital SGD with the same alpha.
        update: ``"aggregate"`` (the paper's dynamic) or ``"per-sample"`` (tiles drift with sum_b |g_b|).
        on_batch: called as ``on_batch(epoch, batch, n_batches)`` after each step.
        on_epoch: called as ``on_epoch(epoch, result)`` after each epoch's evaluation.
    Returns:
        A :class:`TrainResult`.
    """
    from threadpoolctl import threadpool_limits

    # batch-8 products are far too small for threads; one BLAS thread is several times faster
    # (and does not fight other processes for the cores)
    with threadpool_limits(limits=1, user_api="blas"):
        return _train(model, algorithm, data, epochs, seed, batch_size, lr_decay, decay_every, analog_bias,
                      choice("update", update, ("aggregate", "per-sample")) == "per-sample", on_batch, on_epoch)


def _rule(key: str, algorithm, analog_bias: bool):
    """The tile's weights follow ``algorithm``; biases too if analog; output scales are digital."""
    if key == "W" or (key == "b" and analog_bias):
        return algorithm
    return DigitalSGD(lr=algorithm.lr)


def _train(model, algorithm, data, epochs, seed, batch_size, lr_decay, decay_every, analog_bias, per_sample,
           on_batch, on_epoch) -> TrainResult:
    epochs = as_int("epochs", epochs, low=1)
    batch_size = as_int("batch_size", batch_size, low=1)
    decay_every = as_int("decay_every", decay_every, low=1)
    lr_decay = as_param("lr_decay", lr_decay, low=0.0, low_inclusive=False, high=1.0)
    rng = np.random.default_rng(seed)
    params = model.init(rng)
    rules = [{k: _rule(k, algorithm, analog_bias) for k in p} for p in params]
    states = [{k: rules[i][k].init(w) for k, w in p.items()} for i, p in enumerate(params)]
    result = TrainResult(model.name, algorithm.name, _tau(algorithm))
    n = len(data.y_train)
    n_batches = -(-n // batch_size)
    for epoch in range(epochs):
        start = time.perf_counter()
        factor = lr_decay ** (epoch // decay_every)
        epoch_rules = [{k: r.scaled(factor) for k, r in layer.items()} for layer in rules]
        order = rng.permutation(n)
        losses = np.empty(n_batches)
        for b in range(n_batches):
            idx = order[b * batch_size:(b + 1) * batch_size]
            query = [{k: epoch_rules[i][k].query_point(s) for k, s in layer.items()}
                     for i, layer in enumerate(states)]
            logits, caches = model.forward(query, data.x_train[idx])
            losses[b], dz = nll_loss(logits, data.y_train[idx])
            if per_sample:
                grads, abs_grads = model.backward(query, caches, dz, per_sample=True)
                states = [{k: epoch_rules[i][k].update(s, grads[i][k], rng, abs_grads[i].get(k))
                           for k, s in layer.items()} for i, layer in enumerate(states)]
            else:
                grads = model.backward(query, caches, dz)
                states = [{k: epoch_rules[i][k].update(s, grads[i][k], rng) for k, s in layer.items()}
                          for i, layer in enumerate(states)]
            if on_batch is not None:
                on_batch(epoch, b, n_batches)
        weights = [{k: rules[i][k].weights(s) for k, s in layer.items()} for i, layer in enumerate(states)]
        result.weights = weights
        result.test_accuracy.append(model.accuracy(weights, data.x_test, data.y_test))
        result.train_loss.append(float(losses.mean()))
        result.seconds.append(time.perf_counter() - start)
        if on_epoch is not None:
            on_epoch(epoch, result)
    finals = [{k: rules[i][k].arrays(s) for k, s in layer.items()} for i, layer in enumerate(states)]
    names = dict.fromkeys(n for layer in finals for arrays in layer.values() for n in arrays)
    result.arrays = {n: [{k: a[n] for k, a in layer.items() if n in a} for layer in finals] for n in names}
    return result


COURSE_RECIPE = {"tiki-taka": {"fast_lr": 3.0, "lr": 0.01}}
"""The course's network recipe, as multiples of the learning rate ``lr``: Tiki-Taka's fast array P takes
large steps (beta = 3 lr) and W absorbs them slowly (alpha = 0.01 lr), gamma = 0, a transfer every step.
With gamma = 0 the only damping of the (W, P) pair is P's asymmetric decay beta |g| P / tau, so
the transfer must be slow compared with P's updates (alpha << beta) or W overshoots and saturates.
Every other algorithm uses alpha = lr."""


def course_algorithm(name: str, *, lr: float, tau: float = 0.6, device: Device | None = None, **options):
    """The algorithm used for every tensor of a network: soft bounds of range ``tau``, the course's recipe.

    ``options`` override the recipe (e.g. ``fast_lr=...``, ``transfer_lr=...`` for Tiki-Taka's
    alpha); everything is built by :func:`aimc_edu.algorithms.make_algorithm`. ``device`` replaces the
    soft-bounds device (e.g. a pulse-level one).

    Example:
        >>> tt = course_algorithm("tiki-taka", lr=0.5, tau=0.6)
        >>> tt.fast_lr, tt.lr
        (1.5, 0.005)
    """
    lr = as_param("lr", lr, low=0.0, low_inclusive=False)
    recipe = {k: factor * lr for k, factor in COURSE_RECIPE.get(name, {}).items()}
    if options.get("transfer_lr") is not None:
        recipe["lr"] = options["transfer_lr"]
    options = {k: v for k, v in options.items() if v is not None and k != "transfer_lr"}
    if device is not None:
        return make_algorithm(name, **{"lr": lr, **recipe, **options}, device=device)
    return make_algorithm(name, **{"lr": lr, **recipe, **options}, device="soft-bounds", tau=tau)
