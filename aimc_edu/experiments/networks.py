"""The paper's network experiments as data: Fig. 5 (test accuracy vs epoch) and Fig. 7 (weights and
saturation |w|/tau after training). Plots live in :mod:`aimc_edu.viz.networks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .._validate import as_int, as_param, choice
from ..algorithms import ALGORITHMS
from ..datasets import Dataset, load_digits
from ..nn import course_algorithm, make_model, train

PAPER_TAUS = {"fcn": (0.6, 0.78, 0.8), "cnn": (0.6, 0.7, 0.8)}
"""The soft-bounds ranges of the paper's Fig. 5."""
DIGITS_LR = 0.3
"""Learning rate for the 8x8 digits (180 steps per epoch instead of MNIST's 7,500)."""


@dataclass
class Fig5Data:
    """Test accuracy per epoch: ``accuracy[(algorithm, tau)]`` has shape (seeds, epochs); tau is None for digital."""

    model: str
    dataset: str
    epochs: int
    seeds: tuple
    accuracy: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)

    def final(self) -> dict:
        """{(algorithm, tau): (mean, standard error) of the final accuracy over seeds}."""
        out = {}
        for key, acc in self.accuracy.items():
            last = acc[:, -1]
            se = last.std(ddof=1) / np.sqrt(len(last)) if len(last) > 1 else float("nan")
            out[key] = (float(last.mean()), float(se))
        return out


def _check(model, algorithms, epochs, taus):
    choice("model", model, ("fcn", "cnn"))
    for name in algorithms:
        choice("algorithm", name, ALGORITHMS)
    for tau in taus:
        as_param("tau", tau, low=0.0, low_inclusive=False)
    return as_int("epochs", epochs, low=1)


NETWORK_ALGORITHMS = ("digital-sgd", "analog-sgd", "tiki-taka")
"""The algorithms of the paper's Figs. 5 and 7."""


def fig5(model: str = "fcn", data: Dataset | None = None, *, taus=None, algorithms=NETWORK_ALGORITHMS,
         epochs: int = 10, seeds=(0,), lr: float = DIGITS_LR, analog_lr: float | None = None,
         on_batch: Callable | None = None) -> Fig5Data:
    """Train ``model`` with every algorithm (analog ones at every tau) for every seed.

    Args:
        model: ``fcn`` or ``cnn``.
        data: the data (default: :func:`~aimc_edu.datasets.load_digits`).
        taus: soft-bounds ranges (default: the paper's for this model).
        algorithms: registered algorithm names (default: the paper's three).
        epochs, seeds: training length and the seeds (several for error bars).
        lr: digital SGD's learning rate; ``analog_lr`` (default: ``lr``) that of the analog ones.
        on_batch: progress callback ``on_batch(run_index, n_runs, epoch, batch, n_batches)``.
    """
    taus = PAPER_TAUS[model] if taus is None and model in PAPER_TAUS else taus
    epochs = _check(model, algorithms, epochs, taus)
    data = load_digits() if data is None else data
    net = make_model(model, data.image_shape, data.n_classes)
    analog_lr = lr if analog_lr is None else analog_lr
    runs = [(name, None) if name == "digital-sgd" else (name, tau)
            for name in algorithms for tau in ((None,) if name == "digital-sgd" else taus)]
    out = Fig5Data(model, data.name, epochs, tuple(seeds))
    n_runs = len(runs) * len(out.seeds)
    for r, (name, tau) in enumerate(runs):
        curves = []
        for s, seed in enumerate(out.seeds):
            alg = course_algorithm(name, lr=lr if tau is None else analog_lr, tau=tau or 1.0)
            index = r * len(out.seeds) + s
            hook = None if on_batch is None else (lambda e, b, nb, i=index: on_batch(i, n_runs, e, b, nb))
            result = train(net, alg, data, epochs=epochs, seed=seed, on_batch=hook)
            curves.append(result.test_accuracy)
            out.results[(name, tau, seed)] = result
        out.accuracy[(name, tau)] = np.array(curves)
    return out


@dataclass
class Fig7Data:
    """Final weights of each algorithm (all tensors flattened) and their saturation |w| / tau."""

    tau: float
    weights: dict
    saturation: dict
    accuracy: dict

    def mean_saturation(self) -> dict:
        return {name: float(s.mean()) for name, s in self.saturation.items()}


def fig7(model: str = "fcn", data: Dataset | None = None, *, tau: float = 0.6, algorithms=NETWORK_ALGORITHMS,
         epochs: int = 10, seed: int = 0, lr: float = DIGITS_LR, results: dict | None = None) -> Fig7Data:
    """Weight and saturation histograms after training (Fig. 7).

    ``results`` may pass already trained :class:`~aimc_edu.nn.TrainResult` objects by algorithm name (e.g.
    from :func:`fig5`); the others are trained here. Digital SGD's |w| / tau uses the same tau,
    to show where its weights would sit on the analog device.
    """
    tau = as_param("tau", tau, low=0.0, low_inclusive=False)
    results = dict(results or {})
    missing = [name for name in algorithms if name not in results]
    if missing:
        data = load_digits() if data is None else data
        more = fig5(model, data, taus=(tau,), algorithms=missing, epochs=epochs, seeds=(seed,), lr=lr)
        results.update({name: more.results[(name, None if name == "digital-sgd" else tau, seed)]
                        for name in missing})
    weights = {name: results[name].flat_weights() for name in algorithms}
    return Fig7Data(tau, weights, {name: np.abs(w) / tau for name, w in weights.items()},
                    {name: results[name].final_accuracy for name in algorithms})
