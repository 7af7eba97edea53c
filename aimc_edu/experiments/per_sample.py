"""The per-sample update as data: where it agrees with the paper's model and where it parts (notebook 03).

AIHWKIT applies a mini-batch (here: every row of the least-squares problem) sample by sample, so the
soft-bounds drift acts on sum_b |dW_b| instead of |sum_b dW_b|:

    aggregate (the paper):  W <- W - alpha g - (alpha / tau) |g| W
    per sample (AIHWKIT):   W <- W - alpha g - (alpha / tau) g_abs W,    g_abs = sum_b |g_b| >= |g|.

Noise-free fixed points (full batch). Write kappa_i(W) = -g_i / g_abs_i in [-1, 1], the *agreement* of
the samples on weight i (1: every sample pushes W_i up; near 0: they cancel). Then W is a fixed point of
the per-sample rule iff

    W_i = tau kappa_i(W)   for every i with g_abs_i != 0        (or r = 0: the optimum x* itself).

The aggregate rule has kappa_i = -sign(g_i), so its only interior fixed point is g = 0. The per-sample
rule can stop where the samples' disagreement balances the pull towards 0: a *stuck equilibrium* at
W != x*, with f - f* > 0 and no noise at all. Weights with large |x*_i| / tau need a large agreement to
be held there, which the samples stop providing close to the optimum. :func:`stuck_equilibrium`
finds it on the Fig. 3 draw (at tau = 1; gone at tau = 1.5). :func:`two_samples` is the smallest case:
one weight, two rows a = 1 with targets 1 +- s, whose per-sample fixed point is W = tau / (tau + s)
(if that lies in [1 - s, 1 + s]) while the aggregate rule reaches x* = 1.
"""

from __future__ import annotations

import functools

import numpy as np

from ..algorithms import AnalogSGD
from ..devices import Pulsed, SoftBounds
from ..engine import simulate
from ..problems import LeastSquares, fig3_problem, mean_singular_value
from .summary import summarize


def agreement(problem: LeastSquares, W: np.ndarray) -> np.ndarray:
    """kappa(W) = -g / g_abs: the samples' agreement on every weight (full batch, no noise), in [-1, 1]."""
    g, g_abs = problem.sample_gradient(np.atleast_2d(W), 0.0, np.random.default_rng(0), per_sample=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(g_abs > 0, -g / g_abs, 0.0).reshape(np.shape(W))


def stuck_equilibrium(taus=(1.0, 1.5, 2.0, 2.5), steps: int = 20_000, lr: float = 0.03,
                      record_every: int = 100) -> dict:
    """Noise-free, full-batch per-sample and aggregate Analog SGD on the Fig. 3 draw, W_0 = 0.

    Returns {"per_sample", "aggregate": Summary over tau (f - f*, one deterministic run),
    "W": final per-sample weights (tau, d), "kappa": their agreement (tau, d), "x_star": x*,
    "residual": max_i |W_i - tau kappa_i(W)| per tau (the fixed-point condition),
    "drift": f - f* at the end minus at ``steps // 2`` per tau (per-sample; 0 when stationary)}.
    """
    p = fig3_problem()
    kw = dict(grid={"tau": list(taus)}, record_every=record_every, weights_at=[steps])
    ps = simulate(p, lambda tau: AnalogSGD(lr, SoftBounds(tau)), steps, update="per-sample", **kw)
    agg = simulate(p, lambda tau: AnalogSGD(lr, SoftBounds(tau)), steps, **kw)
    W = ps.weights[steps][:, 0]
    kappa = agreement(p, W)
    half = list(ps.steps).index(record_every * (steps // (2 * record_every)))
    return {"per_sample": summarize(ps, last=1), "aggregate": summarize(agg, last=1), "W": W, "kappa": kappa,
            "x_star": p.minimizer, "residual": np.abs(W - np.asarray(taus)[:, None] * kappa).max(axis=1),
            "drift": ps.loss_gap[:, 0, -1] - ps.loss_gap[:, 0, half], "taus": np.asarray(taus, float)}


def two_samples(tau: float, spread: float) -> LeastSquares:
    """One weight, rows a = (1, 1), targets 1 +- ``spread`` (x* = 1); per-sample fixed point tau / (tau + spread)."""
    return LeastSquares(A=np.ones((2, 1)), y=np.array([1.0 + spread, 1.0 - spread]), loss_scale=0.5)


MODEL_STATES = (300, 30_000)
"""States per half range of the pulse-level models in :func:`four_models` (the paper's, and many)."""


@functools.lru_cache(maxsize=4)
def four_models(steps: int = 5000, runs: int = 6, seed: int = 0) -> dict:
    """Notebook 03: the Fig. 3 problem with AIHWKIT's read noise (0.1 / mean singular value of A, no
    gradient noise), alpha = 0.03, tau in {1, 1.5, 2, 2.5}: the aggregate and the per-sample update,
    each at the expectation level and with pulses (300 and 30,000 states). Summaries in paper units.

    Returns {"aggregate", "per_sample": Summary over tau; "aggregate-pulsed", "per_sample-pulsed":
    Summary over (tau, states); "read_noise": w}.
    """
    p = fig3_problem()
    w = 0.1 / mean_singular_value(p)
    taus = [1.0, 1.5, 2.0, 2.5]
    kw = dict(runs=runs, read_noise=w, record_every=25)
    out = {"read_noise": w}
    for i, (key, update) in enumerate((("aggregate", "aggregate"), ("per_sample", "per-sample"))):
        expect = simulate(p, lambda tau: AnalogSGD(0.03, SoftBounds(tau)), steps, seed=seed + 2 * i,
                          grid={"tau": taus}, update=update, **kw)
        pulses = simulate(p, lambda tau, states: AnalogSGD(0.03, Pulsed.with_states(SoftBounds(tau), states)), steps,
                          seed=seed + 2 * i + 1, grid={"tau": taus, "states": list(MODEL_STATES)}, update=update, **kw)
        out[key] = summarize(expect).in_paper_units()
        out[f"{key}-pulsed"] = summarize(pulses).in_paper_units()
    return out
