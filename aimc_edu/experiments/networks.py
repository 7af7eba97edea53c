"""The paper's network experiments as data: Fig. 5 (test accuracy vs epoch) and Fig. 7 (weights and
saturation |w|/tau after training). Plots live in :mod:`aimc_edu.viz.networks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .._validate import as_int, as_param, choice
from ..algorithms import ALGORITHMS
from ..cache import persistent
from ..datasets import Dataset, load_digits
from ..nn import recipe, train

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
         epochs: int = 10, seeds=(0,), lr: float | None = None, analog_lr: float | None = None,
         on_batch: Callable | None = None, recipe_name: str = "course", update: str = "aggregate",
         pulsed: bool = False) -> Fig5Data:
    """Train ``model`` with every algorithm (analog ones at every tau) for every seed.

    Args:
        model: ``fcn`` or ``cnn``.
        data: the data (default: :func:`~aimc_edu.datasets.load_digits`).
        taus: soft-bounds ranges (default: the paper's for this model).
        algorithms: registered algorithm names (default: the paper's three).
        epochs, seeds: training length and the seeds (several for error bars).
        lr: digital SGD's learning rate (default: the recipe's; the course's on digits is
            :data:`DIGITS_LR`); ``analog_lr`` (default: ``lr``) that of the analog ones.
        on_batch: progress callback ``on_batch(run_index, n_runs, epoch, batch, n_batches)``.
        recipe_name: ``"course"`` (fast, the default) or ``"paper"`` (:mod:`aimc_edu.nn.recipes`):
            model options, pixel range, batch size, schedule, biases, Tiki-Taka's transfer.
        update: ``"aggregate"`` or ``"per-sample"`` (tiles drift with sum_b |g_b|, as AIHWKIT's).
        pulsed: analog arrays at the pulse level (dw_min = 0.001, AIHWKIT's default device).
    """
    taus = PAPER_TAUS[model] if taus is None and model in PAPER_TAUS else taus
    epochs = _check(model, algorithms, epochs, taus)
    rec = recipe(recipe_name)
    data = rec.data(load_digits() if data is None else data)
    net = rec.model(model, data.image_shape, data.n_classes)
    if rec.name == "course":
        lr = DIGITS_LR if lr is None else lr
    analog_lr = lr if analog_lr is None else analog_lr
    runs = [(name, None) if name == "digital-sgd" else (name, tau)
            for name in algorithms for tau in ((None,) if name == "digital-sgd" else taus)]
    out = Fig5Data(model, data.name, epochs, tuple(seeds))
    n_runs = len(runs) * len(out.seeds)
    for r, (name, tau) in enumerate(runs):
        curves = []
        for s, seed in enumerate(out.seeds):
            alg = rec.algorithm(name, tau or 1.0, lr=lr if tau is None else analog_lr, pulsed=pulsed)
            index = r * len(out.seeds) + s
            hook = None if on_batch is None else (lambda e, b, nb, i=index: on_batch(i, n_runs, e, b, nb))
            result = train(net, alg, data, epochs=epochs, seed=seed, on_batch=hook, batch_size=rec.batch_size[model],
                           decay_every=rec.decay_every, lr_decay=rec.lr_decay, analog_bias=rec.analog_bias,
                           update=update)
            curves.append(result.test_accuracy)
            out.results[(name, tau, seed)] = result
        out.accuracy[(name, tau)] = np.array(curves)
    return out


@dataclass
class Fig7Data:
    """Final tile weights of each algorithm and their saturation |w| / tau.

    The statistic is the authors' (script S6): every weight of every tile (weight matrices and
    convolution kernels of all layers; biases and output scales excluded), Analog SGD's raw tile
    weights and Tiki-Taka's W array (not P), divided by tau; the mean over all of them is
    :meth:`mean_saturation`. Digital SGD's weights are divided by the same tau, for comparison.
    """

    tau: float
    weights: dict
    saturation: dict
    accuracy: dict

    def mean_saturation(self) -> dict:
        """{algorithm: mean of |w| / tau over all tile weights}."""
        return {name: float(s.mean()) for name, s in self.saturation.items()}

    def fraction_above(self, level: float = 0.9) -> dict:
        """{algorithm: fraction of tile weights with |w| / tau above ``level``}."""
        return {name: float((s > level).mean()) for name, s in self.saturation.items()}


def fig7(model: str = "fcn", data: Dataset | None = None, *, tau: float = 0.6, algorithms=NETWORK_ALGORITHMS,
         epochs: int = 10, seed: int = 0, lr: float | None = None, results: dict | None = None, **options) -> Fig7Data:
    """Weight and saturation histograms after training (Fig. 7; the statistic of :class:`Fig7Data`).

    ``results`` may pass already trained :class:`~aimc_edu.nn.TrainResult` objects by algorithm name (e.g.
    from :func:`fig5`); the others are trained here (``options`` go to :func:`fig5`, e.g.
    ``recipe_name="paper"``). Digital SGD's |w| / tau uses the same tau, to show where its weights
    would sit on the analog device. The paper's Fig. 7 uses tau = 0.7.
    """
    tau = as_param("tau", tau, low=0.0, low_inclusive=False)
    results = dict(results or {})
    missing = [name for name in algorithms if name not in results]
    if missing:
        data = load_digits() if data is None else data
        more = fig5(model, data, taus=(tau,), algorithms=missing, epochs=epochs, seeds=(seed,), lr=lr, **options)
        results.update({name: more.results[(name, None if name == "digital-sgd" else tau, seed)]
                        for name in missing})
    weights = {name: results[name].tile_weights() for name in algorithms}
    return Fig7Data(tau, weights, {name: np.abs(w) / tau for name, w in weights.items()},
                    {name: results[name].final_accuracy for name in algorithms})


def setting_run(model: str, data: Dataset | None, algorithms, tau: float, epochs: int, lr: float, seed: int,
                on_batch: Callable | None = None) -> tuple[Fig5Data, Fig7Data]:
    """One setting of notebook 06's dashboard: :func:`fig5` at ``tau`` for one seed, and :func:`fig7` of the same
    trained networks."""
    algorithms = tuple(algorithms)
    data5 = fig5(model, data, taus=(tau,), algorithms=algorithms, epochs=epochs, seeds=(seed,), lr=lr,
                 on_batch=on_batch)
    results = {name: data5.results[(name, None if name == "digital-sgd" else tau, seed)] for name in algorithms}
    return data5, fig7(tau=tau, algorithms=algorithms, results=results)


@persistent(0, ignore=("on_batch",))
def digits_run(model: str, algorithms: tuple, tau: float, epochs: int, lr: float, seed: int,
               on_batch: Callable | None = None) -> tuple[Fig5Data, Fig7Data]:
    """:func:`setting_run` on the bundled 8x8 digits, through the disk cache (notebook 06's first run reads it
    under ``make lab``); ``on_batch`` reports progress when it trains and is not part of the key."""
    return setting_run(model, None, algorithms, tau, epochs, lr, seed, on_batch)
