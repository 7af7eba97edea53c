"""The simulation engine: the only time loop in the library.

``simulate`` runs ``runs`` seeds of one algorithm on one problem, optionally over a grid of
parameters (tau, sigma, lr, init, ...), all flattened into one leading runs axis:
one NumPy operation per time step advances every run of every grid point.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from ._memory import reuse_freed_memory
from ._validate import as_int, as_param, choice
from .algorithms import Stack
from .fused import fuse
from .problems import Problem

ENGINE_KEYS = ("sigma", "init")
METRICS = ("loss_gap", "grad_norm_sq", "saturation")


@dataclass
class Trace:
    """What a simulation recorded. Arrays have shape (*grid_shape, runs, n_records).

    Attributes:
        steps: the recorded step indices k, shape (n_records,).
        loss_gap: f(W_k) - f*.
        grad_norm_sq: ||grad f(W_k)||^2.
        saturation: max_i |W_k,i - c| / tau (0 for an unbounded device).
        weights: {k: W_k} for the requested steps, each (*grid_shape, runs, d).
        fast_weights: {k: P_k} likewise, for algorithms with a fast array (Tiki-Taka).
        grid: {name: values} of the swept parameters, in axis order.
    """

    steps: np.ndarray
    loss_gap: np.ndarray
    grad_norm_sq: np.ndarray
    saturation: np.ndarray
    weights: dict = field(default_factory=dict)
    fast_weights: dict = field(default_factory=dict)
    grid: dict = field(default_factory=dict)

    @property
    def grid_shape(self) -> tuple:
        return self.loss_gap.shape[:-2]

    @property
    def runs(self) -> int:
        return self.loss_gap.shape[-2]

    def asymptotic_error(self, last: int = 20, metric: str = "loss_gap") -> tuple[np.ndarray, np.ndarray]:
        """Mean over runs of the mean of the last ``last`` records, and its standard error.

        Returns (mean, se), each of shape ``grid_shape`` (floats when there is no grid).
        """
        last = as_int("last", last, low=1)
        choice("metric", metric, METRICS)
        values = getattr(self, metric)[..., -last:].mean(axis=-1)
        mean = values.mean(axis=-1)
        se = values.std(axis=-1, ddof=1) / np.sqrt(self.runs) if self.runs > 1 else np.full(mean.shape, np.nan)
        return _scalar(mean), _scalar(se)

    def band(self, metric: str = "loss_gap", quantiles=(0.1, 0.5, 0.9)) -> np.ndarray:
        """Quantiles over runs of a metric, shape (len(quantiles), *grid_shape, n_records)."""
        choice("metric", metric, METRICS)
        return np.quantile(getattr(self, metric), quantiles, axis=-2)

    def max_saturation(self) -> np.ndarray:
        """Largest saturation reached by any run at any recorded step, per grid point."""
        return _scalar(self.saturation.max(axis=(-1, -2)))


def _scalar(a):
    return float(a) if np.ndim(a) == 0 else a


def _grid_arrays(grid: dict, runs: int) -> tuple[dict, tuple]:
    names = list(grid)
    values = []
    for name in names:
        v = as_param(f"grid[{name!r}]", grid[name])
        values.append(np.atleast_1d(v))
        if np.ndim(v) > 1:
            raise ValueError(f"grid[{name!r}] must be a 1-D sequence of values")
    shape = tuple(len(v) for v in values)
    mesh = np.meshgrid(*values, indexing="ij") if values else []
    flat = {n: np.repeat(m.reshape(-1), runs) for n, m in zip(names, mesh)}
    return flat, shape


def simulate(problem: Problem, algorithm, steps: int, *, runs: int = 1, seed: int = 0,
             sigma=0.0, init=0.0, grid: dict | None = None, record_every: int = 1,
             weights_at=(), rng: np.random.Generator | None = None) -> Trace:
    """Run ``runs`` seeds of ``algorithm`` on ``problem`` for ``steps`` steps in one vectorized loop.

    Args:
        problem: a :class:`~aimc_edu.problems.Problem` (gradient g = grad f + sigma xi).
        algorithm: an algorithm value, or a callable ``make(**params)`` returning one when
            ``grid`` sweeps algorithm or device parameters (e.g. ``tau``, ``lr``); or a dict
            {name: algorithm or factory} to run several side by side in the same loop (a
            leading "algorithm" axis of the result).
        steps: number of iterations K.
        runs: independent seeds per grid point.
        seed: seed of the ``numpy.random.Generator`` (ignored if ``rng`` is given).
        sigma: gradient-noise std (scalar; or swept via ``grid={"sigma": [...]}``).
        init: initial value of every coordinate of W_0 (or swept via the grid).
        grid: {name: 1-D values}; the cartesian product becomes leading axes of the result.
        record_every: record the metrics every this many steps (and at 0 and ``steps``).
        weights_at: steps at which to store W_k (and P_k for Tiki-Taka).

    Returns:
        A :class:`Trace` with arrays of shape (*grid_shape, runs, n_records).

    Example:
        >>> from aimc_edu import fig3_problem, AnalogSGD, SoftBounds
        >>> tr = simulate(fig3_problem(), lambda tau: AnalogSGD(0.03, SoftBounds(tau)), 100,
        ...               runs=4, sigma=0.1, grid={"tau": [1.0, 2.0]})
        >>> tr.loss_gap.shape
        (2, 4, 101)
    """
    steps = as_int("steps", steps, low=0)
    runs = as_int("runs", runs, low=1)
    record_every = as_int("record_every", record_every, low=1)
    if not isinstance(problem, Problem):
        raise ValueError(f"problem must be a Problem, got {problem!r}")
    rng = np.random.default_rng(as_int("seed", seed)) if rng is None else rng
    grid = dict(grid or {})
    if "algorithm" in grid:
        raise ValueError("grid cannot sweep 'algorithm': pass a dict {name: algorithm or factory} instead")
    flat, grid_shape = _grid_arrays(grid, runs)
    block = runs * int(np.prod(grid_shape, dtype=int))

    sigma = as_param("sigma", flat.pop("sigma") if "sigma" in flat else sigma, low=0.0)
    init = flat.pop("init") if "init" in flat else as_param("init", init)
    if np.ndim(init) not in (0, 1) or (np.ndim(init) == 1 and len(init) != block):
        raise ValueError(f"init must be a scalar (or swept via the grid), got shape {np.shape(init)}")
    named = isinstance(algorithm, dict)
    members = {n: _build(a, flat) for n, a in algorithm.items()} if named else {"": _build(algorithm, flat)}
    if not members:
        raise ValueError("algorithm dict must not be empty")
    algorithm = (fuse(members.values(), block) or Stack(tuple(members.values()))) if named else members[""]
    copies = len(members)
    sigma = np.tile(sigma, copies) if np.ndim(sigma) else sigma
    init = np.tile(init, copies) if np.ndim(init) else init

    W0 = np.empty((block * copies, problem.dim))
    W0[...] = np.reshape(init, (-1, 1)) if np.ndim(init) else init
    weights_at = {as_int("weights_at", k) for k in weights_at}
    if any(k > steps for k in weights_at):
        raise ValueError(f"weights_at must be steps in [0, {steps}], got {sorted(weights_at)}")

    record = list(range(0, steps + 1, record_every))
    if record[-1] != steps:
        record.append(steps)
    metrics, weights, fast = _run(problem, algorithm, algorithm.init(W0), record, sigma, rng, weights_at)

    shape = ((copies,) if named else ()) + grid_shape + (runs,)
    per_run = {m: v.T.reshape(shape + (len(record),)) for m, v in metrics.items()}
    per_step = lambda snaps: {k: v.reshape(shape + (problem.dim,)) for k, v in sorted(snaps.items())}
    axes = {"algorithm": np.array(list(members))} if named else {}
    axes |= {n: np.atleast_1d(np.asarray(grid[n], dtype=float)) for n in grid}
    return Trace(steps=np.array(record), **per_run, weights=per_step(weights), fast_weights=per_step(fast),
                 grid=axes)


def _build(algorithm, flat: dict):
    """An algorithm value, or the factory's algorithm for the swept parameters ``flat``."""
    if hasattr(algorithm, "update"):
        if flat:
            raise ValueError(f"grid sweeps {sorted(flat)}: pass algorithm as a callable taking them")
        return algorithm
    if not callable(algorithm):
        raise ValueError(f"algorithm must be an algorithm or a callable returning one, got {algorithm!r}")
    return _call_factory(algorithm, flat)


def _run(problem, algorithm, state, record, sigma, rng, weights_at):
    """The time loop: k = 0 .. K, recording metrics at the steps in ``record``."""
    reuse_freed_memory()
    steps = record[-1]
    shape = algorithm.weights(state).shape
    metrics = {m: np.empty((len(record), shape[0])) for m in METRICS}
    weights, fast = {}, {}
    noise = np.empty(shape)  # reused every step: algorithms must not keep a reference to g
    i_rec = 0
    # Small matrix products: one BLAS thread is fastest and immune to a busy machine.
    with threadpool_limits(limits=1, user_api="blas"), np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            W = algorithm.weights(state)
            query = W if algorithm.queries_weights else algorithm.query_point(state)
            if k == record[i_rec]:
                exact, metrics["loss_gap"][i_rec] = problem.grad_and_loss_gap(W)
                metrics["grad_norm_sq"][i_rec] = np.einsum("ri,ri->r", exact, exact)
                metrics["saturation"][i_rec] = algorithm.max_saturation(state)
                i_rec += 1
            else:
                exact = problem.grad(W)
            if k in weights_at:
                weights[k] = W.copy()
                if hasattr(state, "P"):
                    fast[k] = state.P.copy()
            if k == steps:
                break
            g = problem.stochastic_grad(query, sigma, rng, exact if query is W else None, out=noise)
            state = algorithm.update(state, g, rng)
    return metrics, weights, fast


def _call_factory(factory: Callable, flat: dict):
    try:
        sig = inspect.signature(factory)
        accepted = set(sig.parameters)
        takes_kwargs = any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values())
    except (TypeError, ValueError):
        accepted, takes_kwargs = set(flat), True
    unknown = set(flat) - accepted
    if unknown and not takes_kwargs:
        raise ValueError(f"grid names {sorted(unknown)} are not parameters of the algorithm factory "
                         f"(it takes {sorted(accepted)}; the engine itself takes {list(ENGINE_KEYS)})")
    return factory(**flat)
