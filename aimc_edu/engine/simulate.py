"""The simulation engine: the only time loop in the library.

``simulate`` runs ``runs`` seeds of an algorithm on a problem, optionally over a grid of
parameters (tau, sigma, lr, init, ...) and several algorithms side by side, all flattened into
one leading runs axis: one NumPy operation per time step advances every run of every grid point.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
from typing import Callable

import numpy as np
from threadpoolctl import ThreadpoolController

from .._validate import as_int, as_param, choice, lead
from ..algorithms import Stack
from ..problems import Problem
from .trace import METRICS, Trace

ENGINE_KEYS = ("sigma", "init", "read_noise")
"""Grid names the engine takes itself; every other grid name goes to the algorithm factory."""


@functools.lru_cache(maxsize=1)
def _controller() -> ThreadpoolController:
    return ThreadpoolController()       # inspecting the loaded libraries takes ms: once per session


def one_blas_thread() -> contextlib.AbstractContextManager:
    """A context manager limiting BLAS to one thread inside it (the previous limits come back after).

    The course's matrices are small (d <= a few hundred): one thread is fastest, and a multithreaded
    BLAS on a busy machine can be 100 times slower (its threads wait for busy cores). The engine's
    loop runs inside it; experiments wrap their other linear algebra (eigh, solve) in it too.

    Example:
        >>> with one_blas_thread():
        ...     float((np.eye(2) @ np.ones(2)).sum())
        2.0
    """
    return _controller().limit(limits=1, user_api="blas")


UPDATES = ("aggregate", "per-sample")
"""How an analog array applies a step's gradient: as one increment (the paper's dynamic) or sample by sample."""


def simulate(problem: Problem, algorithm, steps: int, *, runs: int = 1, seed: int = 0,
             sigma=0.0, init=0.0, grid: dict | None = None, record_every: int = 1,
             weights_at=(), rng: np.random.Generator | None = None, update: str = "aggregate",
             read_noise=0.0, common_noise: bool | int = False) -> Trace:
    """Run ``runs`` seeds of ``algorithm`` on ``problem`` for ``steps`` steps in one vectorized loop.

    Each step k draws g_k = grad f(x_k) + sigma xi_k at the algorithm's query point x_k
    (``problem.sample_gradient``) and applies ``algorithm.update``; f(W_k) - f*, ||grad f(W_k)||^2
    and the saturation are recorded every ``record_every`` steps (and at 0 and ``steps``).
    With ``update="per-sample"`` the problem also returns g_abs = sum_b |g_b| over the samples of
    the step and the analog arrays drift with it (AIHWKIT's one pulse train per sample).

    Args:
        problem: a :class:`~aimc_edu.problems.Problem`.
        algorithm: an algorithm value; or a callable ``make(**params)`` returning one when ``grid``
            sweeps algorithm or device parameters (e.g. ``tau``, ``lr``); or a dict
            {name: algorithm or factory} to run several side by side in the same loop (a leading
            "algorithm" axis of the result).
        steps: number of iterations K (>= 1).
        runs: independent seeds per grid point.
        seed: seed of the ``numpy.random.Generator`` (ignored if ``rng`` is given).
        sigma: gradient-noise std (scalar; or swept via ``grid={"sigma": [...]}``).
        init: initial value of every coordinate of W_0 (or swept via the grid); or an array of m
            initial vectors, shape (m, d), which adds a grid axis "init" of their indices 0..m-1.
        grid: {name: 1-D values}; the cartesian product becomes leading axes of the result.
        record_every: record the metrics every this many steps.
        weights_at: steps at which to store every array of the algorithm (``algorithm.arrays``).
        update: ``"aggregate"`` (the paper's dynamic: the asymmetric term sees |g|) or ``"per-sample"``
            (it sees sum_b |g_b|; needs a problem with samples, i.e. least squares).
        read_noise: AIHWKIT-style forward read noise w of the least-squares residuals (scalar, or
            swept via ``grid={"read_noise": [...]}``); 0 = exact forward pass.
        common_noise: common random numbers: run r of every grid point (and of every algorithm side by
            side) sees the same noise xi_k, so grid points differ only by their parameters. Runs stay
            independent seeds, so means and standard errors per grid point are unchanged in law; a step
            draws runs x d normals instead of (grid points x runs) x d. An integer n instead of True
            shares xi between consecutive blocks of n entries of the flat runs axis (n must divide it).
            Only for g = grad f + sigma xi (not with ``update="per-sample"`` or ``read_noise``).

    Returns:
        A :class:`~aimc_edu.engine.Trace` with arrays of shape (*grid_shape, runs, n_records).

    Example:
        >>> from aimc_edu import fig3_problem, AnalogSGD, SoftBounds
        >>> tr = simulate(fig3_problem(), lambda tau: AnalogSGD(0.03, SoftBounds(tau)), 100,
        ...               runs=4, sigma=0.1, grid={"tau": [1.0, 2.0]})
        >>> tr.loss_gap.shape, tr.sel(tau=2.0).loss_gap.shape
        ((2, 4, 101), (4, 101))
    """
    steps = as_int("steps", steps, low=1)
    runs = as_int("runs", runs, low=1)
    record_every = as_int("record_every", record_every, low=1)
    if not isinstance(problem, Problem):
        raise ValueError(f"problem must be a Problem, got {problem!r}")
    rng = np.random.default_rng(as_int("seed", seed)) if rng is None else rng
    grid = dict(grid or {})
    if "algorithm" in grid:
        raise ValueError("grid cannot sweep 'algorithm': pass a dict {name: algorithm or factory} instead")
    per_sample = choice("update", update, UPDATES) == "per-sample"
    starts = None
    if np.ndim(init) == 2:                       # m initial vectors: a grid axis of their indices
        starts = as_param("init", init)
        if starts.shape[1] != problem.dim or "init" in grid:
            raise ValueError(f"init vectors must have shape (m, {problem.dim}) and 'init' must not also be "
                             f"swept by the grid, got shape {starts.shape}")
        grid["init"] = np.arange(len(starts))
    flat, grid_shape = _grid_arrays(grid, runs)
    block = runs * int(np.prod(grid_shape, dtype=int))

    sigma = as_param("sigma", flat.pop("sigma") if "sigma" in flat else sigma, low=0.0)
    read_noise = as_param("read_noise", flat.pop("read_noise") if "read_noise" in flat else read_noise, low=0.0)
    if (per_sample or np.any(read_noise != 0)) and not problem.has_samples:
        raise ValueError(f"update='per-sample' and read_noise need a problem with per-sample gradients "
                         f"(least squares), got {type(problem).__name__}")
    init = flat.pop("init") if "init" in flat else as_param("init", init)
    if np.ndim(init) not in (0, 1) or (np.ndim(init) == 1 and len(init) != block):
        raise ValueError(f"init must be a scalar (or swept via the grid), got shape {np.shape(init)}")
    named = isinstance(algorithm, dict)
    members = {n: _build(a, flat) for n, a in algorithm.items()} if named else {"": _build(algorithm, flat)}
    if not members:
        raise ValueError("algorithm dict must not be empty")
    algorithm = Stack(tuple(members.values())) if named else members[""]
    copies = len(members)
    sigma = np.tile(sigma, copies) if np.ndim(sigma) else sigma
    read_noise = np.tile(read_noise, copies) if np.ndim(read_noise) else read_noise
    init = np.tile(init, copies) if np.ndim(init) else init

    W0 = np.empty((block * copies, problem.dim))
    if starts is not None:
        W0[...] = starts[np.asarray(init, dtype=int)]
    else:
        W0[...] = np.reshape(init, (-1, 1)) if np.ndim(init) else init
    weights_at = {as_int("weights_at", k) for k in weights_at}
    if any(k > steps for k in weights_at):
        raise ValueError(f"weights_at must be steps in [0, {steps}], got {sorted(weights_at)}")

    record = list(range(0, steps + 1, record_every))
    if record[-1] != steps:
        record.append(steps)
    samples = {"read_noise": read_noise, "per_sample": per_sample} if per_sample or np.any(read_noise != 0) else None
    common = {True: runs, False: 0}.get(common_noise) if isinstance(common_noise, bool) else \
        as_int("common_noise", common_noise, low=0)
    if common and samples is not None:
        raise ValueError("common_noise draws only the gradient noise sigma xi: it cannot be combined with "
                         "update='per-sample' or read_noise")
    if common and len(W0) % common:
        raise ValueError(f"common_noise={common} must divide the {len(W0)} runs of the flat runs axis")
    metrics, snapshots = _run(problem, algorithm, algorithm.init(W0), record, sigma, rng, weights_at, samples,
                              common)

    shape = ((copies,) if named else ()) + grid_shape + (runs,)
    per_run = {m: v.T.reshape(shape + (len(record),)) for m, v in metrics.items()}
    arrays = {name: {k: v.reshape(shape + (problem.dim,)) for k, v in sorted(snaps.items())}
              for name, snaps in snapshots.items()}
    axes = {"algorithm": np.array(list(members))} if named else {}
    axes |= {n: np.atleast_1d(np.asarray(grid[n], dtype=float)) for n in grid}
    return Trace(steps=np.array(record), **per_run, arrays=arrays, grid=axes, dim=problem.dim)


def _grid_arrays(grid: dict, runs: int) -> tuple[dict, tuple]:
    """Flatten the cartesian product of the grid into per-run parameter arrays (runs innermost)."""
    values = []
    for name in grid:
        v = as_param(f"grid[{name!r}]", grid[name])
        if np.ndim(v) > 1:
            raise ValueError(f"grid[{name!r}] must be a 1-D sequence of values")
        values.append(np.atleast_1d(v))
    shape = tuple(len(v) for v in values)
    mesh = np.meshgrid(*values, indexing="ij") if values else []
    return {n: np.repeat(m.reshape(-1), runs) for n, m in zip(grid, mesh)}, shape


def _build(algorithm, flat: dict):
    """An algorithm value, or the factory's algorithm for the swept parameters ``flat``."""
    if hasattr(algorithm, "update"):
        if flat:
            raise ValueError(f"grid sweeps {sorted(flat)}: pass algorithm as a callable taking them")
        return algorithm
    if not callable(algorithm):
        raise ValueError(f"algorithm must be an algorithm or a callable returning one, got {algorithm!r}")
    return _call_factory(algorithm, flat)


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


def _run(problem, algorithm, state, record, sigma, rng, weights_at, samples=None, common=0):
    """The time loop: k = 0 .. K, recording metrics at the steps in ``record``.

    ``samples`` = {"read_noise", "per_sample"} when the gradient comes from per-sample residuals
    (``problem.sample_gradient``); None for the plain g = grad f + sigma xi (``problem.stochastic_grad``).
    ``common`` > 0: xi is drawn for ``common`` runs and repeated over the blocks of the runs axis.
    """
    steps = record[-1]
    shape = np.shape(algorithm.weights(state))
    metrics = {m: np.empty((len(record), shape[0])) for m in METRICS}
    loss_gap, grad_norm_sq, saturation = (metrics[m] for m in METRICS)
    snapshots: dict = {}
    buffer = np.empty(shape)  # reused every step: algorithms must not keep a reference to g
    exact_buffer = np.empty(shape)  # grad f(W_k) at recorded steps (shared with g when the query point is W)
    shared = buffer.reshape(-1, common, shape[-1]) if common else None
    noise = buffer if common else None
    record_at = iter(record)
    next_record = next(record_at)
    i_rec = 0
    query_point, update, stochastic_grad = algorithm.query_point, algorithm.update, problem.stochastic_grad
    if np.ndim(sigma):                      # checked and spread over (runs, d) once: one pass per step
        sigma = np.ascontiguousarray(np.broadcast_to(lead(sigma, buffer), shape), dtype=float)
    # Small matrix products: one BLAS thread is fastest and immune to a busy machine.
    with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
        for k in range(steps + 1):
            exact = W = None
            if k == next_record:
                W = algorithm.weights(state)
                exact, loss_gap[i_rec] = problem.grad_and_loss_gap(W, out=exact_buffer)
                np.einsum("ri,ri->r", exact, exact, out=grad_norm_sq[i_rec])
                saturation[i_rec] = algorithm.max_saturation(state)
                i_rec += 1
                next_record = next(record_at, None)
            if k in weights_at:
                W = algorithm.weights(state)
                for name, value in algorithm.arrays(state).items():
                    snapshots.setdefault(name, {})[k] = np.array(value, dtype=float)
            if k == steps:
                break
            query = query_point(state)
            if samples is None:
                if common:
                    shared[...] = rng.standard_normal((common, shape[-1]))
                g = stochastic_grad(query, sigma, rng, exact if query is W else None, out=buffer, noise=noise)
                state = update(state, g, rng)
            else:
                g, g_abs = problem.sample_gradient(query, sigma, rng, **samples)
                state = update(state, g, rng, g_abs)
    return metrics, snapshots
