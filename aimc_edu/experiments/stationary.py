"""Stationary floors: simulations started in the stationary regime, run for a time that scales with 1/alpha.

A floor is the stationary mean of f(W_k) - f*. Started from W_0 = 0, a run at learning rate alpha needs
a number of steps proportional to 1/(alpha lambda_min) before it forgets W_0, so a fixed number of steps
shows a "floor" that is still a transient at small alpha. Here every run starts from (a sample of) the
stationary law of its algorithm -- exact for digital SGD, the linear-Gaussian approximation of
:mod:`aimc_edu.theory.stationary` for Analog SGD and Tiki-Taka -- relaxes for ``burn`` units of the
time t = alpha k and is then averaged over ``window`` units of t. Each run reports the mean of its
window and, as a stationarity diagnostic, the change between the two halves of the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validate import as_int, as_param, choice
from ..algorithms import AnalogSGD, DigitalSGD, TikiTaka
from ..devices import SoftBounds
from ..engine import Table, one_blas_thread, simulate
from ..theory import stationary as law

KINDS = ("digital-sgd", "analog-sgd", "tiki-taka")


@dataclass(frozen=True, eq=False)
class FromState:
    """``algorithm`` started from a given ``state`` (all runs) instead of from the engine's W_0.

    Example:
        >>> alg = DigitalSGD(0.1)
        >>> float(FromState(alg, alg.init(np.ones((2, 3)))).init(np.zeros((2, 3))).W.sum())
        6.0
    """

    algorithm: Any
    state: Any

    def init(self, W0: np.ndarray):
        """The given state (its runs axis must match W0's)."""
        if np.shape(self.algorithm.weights(self.state)) != np.shape(W0):
            raise ValueError(f"state has shape {np.shape(self.algorithm.weights(self.state))}, runs need {np.shape(W0)}")
        return self.state

    def __getattr__(self, name):
        return getattr(self.algorithm, name)


def _sample(mean: np.ndarray, cov: np.ndarray, runs: int, rng: np.random.Generator) -> np.ndarray:
    """``runs`` draws of N(mean, cov) per batch entry: shape (*batch, runs, n)."""
    vals, vecs = np.linalg.eigh(cov)
    root = vecs * np.sqrt(np.clip(vals, 0, None))[..., None, :]
    z = rng.standard_normal(mean.shape[:-1] + (runs, mean.shape[-1]))
    return mean[..., None, :] + np.einsum("...ij,...rj->...ri", root, z)


def start(kind: str, problem, lr, sigma, tau=1.0, ratio: float = 1.0, gamma: float = 0.0, *, runs: int,
          rng: np.random.Generator):
    """(algorithm, start state) for ``runs`` runs per batch entry of (lr, sigma, tau), flattened runs-innermost.

    ``lr``, ``sigma``, ``tau`` broadcast to a batch shape B; the algorithm's parameters and the state have
    a leading runs axis of length prod(B) * runs. Tiki-Taka uses beta = ratio * alpha and mixing gamma.
    """
    choice("kind", kind, KINDS)
    with one_blas_thread():                             # small eigh / solve: one thread is ~100x faster when busy
        return _start(kind, problem, lr, sigma, tau, ratio, gamma, runs, rng)


def _start(kind, problem, lr, sigma, tau, ratio, gamma, runs, rng):
    H, w_star = _hessian(problem), problem.minimizer
    lr, sigma, tau = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lr, sigma, tau)))
    flat = {n: np.repeat(v.reshape(-1), runs) for n, v in (("lr", lr), ("sigma", sigma), ("tau", tau))}
    if kind == "digital-sgd":
        alg = DigitalSGD(flat["lr"])
        x = _sample(*law.digital_law(H, w_star, lr, sigma), runs, rng)
        return alg, alg.init(x.reshape(-1, len(w_star)))
    if kind == "analog-sgd":
        alg = AnalogSGD(flat["lr"], SoftBounds(flat["tau"]))
        x = _sample(*law.analog_law(H, w_star, lr, sigma, tau), runs, rng)
        return alg, alg.init(np.clip(x, -tau[..., None, None], tau[..., None, None]).reshape(-1, len(w_star)))
    alg = TikiTaka(flat["lr"], ratio * flat["lr"], SoftBounds(flat["tau"]), gamma=gamma)
    x = _sample(*law.tiki_taka_law(H, w_star, lr, ratio * lr, sigma, tau, gamma), runs, rng)
    x = np.clip(x, -tau[..., None, None], tau[..., None, None]).reshape(-1, 2 * len(w_star))
    d = len(w_star)
    return alg, alg.init(x[:, :d])._replace(P=x[:, d:])


def stationary_trace(problem, kind: str, lr, sigma, tau=1.0, *, ratio: float = 1.0, gamma: float = 0.0,
                     runs: int, rng: np.random.Generator, burn: float, window: float, records: int = 40,
                     arrays: bool = False):
    """One simulation of ``kind`` from its stationary law at every batch entry of (lr, sigma, tau) (broadcast,
    flattened runs-innermost), ``burn`` / alpha steps of relaxation, then ``records`` records spread over
    ``window`` / alpha steps (alpha = the smallest lr). With ``arrays`` every array (W, P) is stored at
    those records. Returns (trace, steps)."""
    a_min = float(np.min(lr))
    n_burn, n_window = int(np.ceil(burn / a_min)), int(np.ceil(window / a_min))
    every = max(1, -(-n_window // records))             # ceil: the window covers at least window / alpha steps
    steps = n_burn + every * records
    alg, state = start(kind, problem, lr, sigma, tau, ratio, gamma, runs=runs, rng=rng)
    per_run = np.repeat(np.broadcast_to(np.asarray(sigma, float), np.broadcast_shapes(
        np.shape(lr), np.shape(sigma), np.shape(tau))).reshape(-1), runs)
    with np.errstate(all="ignore"):
        tr = simulate(problem, FromState(alg, state), steps, runs=len(per_run), sigma=per_run, record_every=every,
                      rng=rng, weights_at=range(n_burn + every, steps + 1, every) if arrays else ())
    return tr, steps


def stationary_floors(problem, kind: str, grid: dict, *, burn: float, window: float, runs: int = 8,
                      seed: int = 0, records: int = 40, ratio: float = 1.0, gamma: float = 0.0) -> Table:
    """Stationary E f - f* of ``kind`` over ``grid`` = {"tau"?, "sigma2", "lr"} (in that axis order).

    One simulation per learning rate alpha, of ceil((burn + window) / alpha) steps, all other grid points
    and ``runs`` seeds side by side, each started from the stationary law (:func:`start`).

    Returns:
        a :class:`~aimc_edu.engine.Table` over the grid with "floor" (mean over runs of each run's window
        average), "se" (its standard error), "drift" (second half minus first half of the window, mean
        over runs) and "drift_se", and "steps" (run length per alpha).
    """
    burn = as_param("burn", burn, low=0.0)
    window = as_param("window", window, low=0.0, low_inclusive=False)
    runs, records = as_int("runs", runs, low=2), as_int("records", records, low=4)
    axes = [n for n in ("tau", "sigma2", "lr") if n in grid]
    if set(grid) - set(axes) or "lr" not in grid or "sigma2" not in grid:
        raise ValueError(f"grid takes 'sigma2', 'lr' and optionally 'tau', got {sorted(grid)}")
    values = {n: np.atleast_1d(as_param(f"grid[{n!r}]", grid[n], low=0.0, low_inclusive=n != "sigma2"))
              for n in axes}
    if np.any(values["sigma2"] <= 0):
        raise ValueError("stationary floors need sigma2 > 0 (without noise there is no floor to measure)")
    taus = values.get("tau", np.array([1.0]))
    T, S2 = np.meshgrid(taus, values["sigma2"], indexing="ij")
    rng = np.random.default_rng(as_int("seed", seed))
    out = {k: np.empty(T.shape + (len(values["lr"]),)) for k in ("floor", "se", "drift", "drift_se")}
    steps = np.empty(len(values["lr"]), dtype=int)
    for j, lr in enumerate(values["lr"]):
        tr, steps[j] = stationary_trace(problem, kind, lr, np.sqrt(S2), T, ratio=ratio, gamma=gamma, runs=runs,
                                        rng=rng, burn=burn, window=window, records=records)
        gaps = tr.loss_gap[:, -records:].reshape(T.shape + (runs, records))
        per_run = gaps.mean(-1)
        half = records // 2
        change = gaps[..., half:].mean(-1) - gaps[..., :half].mean(-1)
        out["floor"][..., j], out["se"][..., j] = per_run.mean(-1), per_run.std(-1, ddof=1) / np.sqrt(runs)
        out["drift"][..., j], out["drift_se"][..., j] = change.mean(-1), change.std(-1, ddof=1) / np.sqrt(runs)
    out["steps"] = np.broadcast_to(steps, out["floor"].shape).copy()
    if "tau" not in grid:
        out = {k: v[0] for k, v in out.items()}
    return Table({n: values[n] for n in axes}, out)


def _hessian(problem) -> np.ndarray:
    return problem.hessian if hasattr(problem, "hessian") else np.diag(problem.curvature)


def analog_theory(problem, grid: dict) -> Table:
    """Analog SGD as SGD on the implicitly penalised objective f(W) + sum_i E|g_i| W_i^2 / (2 tau), over
    ``grid`` = {"tau", "sigma2", "lr"}: "bias" = f(W_bar) - f* at its minimiser W_bar (independent of alpha)
    and "floor" = bias + tr(H S)/2 with S the linearised stationary covariance
    (:func:`aimc_edu.theory.stationary.analog_law`).
    """
    H, w_star = _hessian(problem), problem.minimizer
    T, S2, A = np.meshgrid(*(np.asarray(grid[k], float) for k in ("tau", "sigma2", "lr")), indexing="ij")
    with one_blas_thread():
        W, S = law.analog_law(H, w_star, A, np.sqrt(S2), T)
    bias = 0.5 * np.einsum("...i,ij,...j->...", W - w_star, H, W - w_star)
    return Table({k: np.asarray(grid[k], float) for k in ("tau", "sigma2", "lr")},
                 {"bias": bias, "floor": bias + 0.5 * np.einsum("ij,...ji->...", H, S)})


def box_limit(problem, taus) -> Table:
    """The best f - f* reachable inside the device range [-tau, tau]^d, per tau ("box"; 0 if w* fits),
    and "outside": how many coordinates of w* lie outside the range."""
    taus = np.atleast_1d(as_param("tau", taus, low=0.0, low_inclusive=False))
    with one_blas_thread():
        _, gap = law.box_optimum(_hessian(problem), problem.minimizer, taus)
    outside = (np.abs(problem.minimizer) > taus[:, None]).sum(-1)
    return Table({"tau": taus}, {"box": np.where(outside > 0, gap, 0.0), "outside": outside})
