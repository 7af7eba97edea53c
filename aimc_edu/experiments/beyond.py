"""Notebook 07's experiments: Tiki-Taka and its successors when P's symmetric point p is not 0.

The toy is the 1-D quadratic f = L/2 (w - w*)^2 (L = 1, w* = 0.5) with gradient noise sigma, every
coordinate of a ``Quadratic`` an independent replica, W on soft bounds of radius tau = 1 around 0 and
P on soft bounds of radius tau around p. Each algorithm has its recipe (:data:`RECIPES`) and enough
steps for its slowest mode to relax (:data:`STEPS`); every grid is one vectorized
:func:`~aimc_edu.engine.simulate` call per algorithm (and model level: expectation or pulses).
"""

from __future__ import annotations

import functools

import numpy as np

from .._validate import as_int
from ..algorithms import make_algorithm, zero_shift
from ..cache import persistent
from ..devices import Pulsed, SoftBounds, SoftBoundsUpDown
from ..engine import Table, simulate
from ..problems import Quadratic, fig4_sigma_problem
from .summary import Summary, summarize

TOY = {"curvature": 1.0, "optimum": 0.5, "tau": 1.0}
ALGORITHMS = ("analog-sgd", "tiki-taka", "tiki-taka-zs", "ttv2", "c-ttv2")
RECIPES = {"analog-sgd": {}, "tiki-taka": {}, "tiki-taka-zs": {}, "ttv2": {},
           "c-ttv2": {"fast_lr": 0.16, "transfer_every": 10, "chop_every": 1, "threshold": 4.0}}
"""Per algorithm, what differs from beta = alpha, a transfer every step (the paper's toy runs). c-TTv2 runs
as AIHWKIT runs it: a fixed fast lr, P read every 10 steps, the chopper flipping after every read and
a buffer threshold of 4 pulses of tau/300 (0.013: above the offset alpha |p| a read adds; on a W with
fewer states, at least one of its pulses). Read every step, the chopper cancels P's gradient signal
together with its offset (P's content changes sign at every flip); with beta = alpha it would settle
only after ~1e5 steps."""
THRESHOLD_STATES = 300.0
"""The granularity c-TTv2's threshold (4 pulses) is given in."""
STEPS = {"analog-sgd": 1500, "tiki-taka": 3000, "tiki-taka-zs": 3000, "ttv2": 3000, "c-ttv2": 8000}
"""Dashboard steps per algorithm: twice the time its slowest setting (alpha = 0.02, sigma^2 = 0.0625) needs to settle."""
TABLE_STEPS = {"analog-sgd": 3000, "tiki-taka": 8000, "tiki-taka-zs": 8000, "ttv2": 8000, "c-ttv2": 20000}
"""Closing-note steps (alpha down to 0.01, sigma = 0.5): more than twice the settling time of each algorithm."""

GRID = {"p": (-0.3, -0.2, 0.0, 0.2, 0.3), "sigma2": (0.0625, 0.25, 1.0), "lr": (0.02, 0.04, 0.08),
        "states": (0.0, 30.0)}
"""The dashboard's grid; states = 0 means W's expectation-level update (infinitely many states)."""
DEFAULTS = {"p": 0.2, "sigma2": 0.25, "lr": 0.02, "states": 0.0}


def devices(p, states: float = 0.0, tau: float = TOY["tau"]) -> tuple:
    """(W's device, P's device): soft bounds around 0 and around ``p``; W at pulse level with ``states`` > 0.

    Only W, the array that keeps the weights and receives the transfers, is pulsed: its granularity
    is what TT-v2's buffer is about. P stays at the expectation level.
    """
    W_dev, P_dev = SoftBounds(tau), SoftBounds(tau, sym_point=p)
    return (Pulsed.with_states(W_dev, states) if np.any(states) else W_dev), P_dev


def algorithm(name: str, lr, p=0.0, states: float = 0.0):
    """The registered algorithm ``name`` with its recipe, W and P devices from :func:`devices` (lr, p per run)."""
    W_dev, P_dev = devices(p, states)
    options = dict(RECIPES[name])
    if "threshold" in options and np.any(states):
        options["threshold"] = np.maximum(1.0, options["threshold"] * np.asarray(states, float) / THRESHOLD_STATES)
    if name != "analog-sgd":
        options["fast_device"] = P_dev
    return make_algorithm(name, lr=lr, device=W_dev, **options)


def toy_problem(dim: int) -> Quadratic:
    """``dim`` independent copies of the 1-D quadratic (L = 1, w* = 0.5)."""
    return Quadratic(dim, TOY["curvature"], TOY["optimum"])


def _run(name: str, grid: dict, states: float, runs: int, seed: int, dim: int, steps: int | None = None,
         every: int = 60):
    steps = STEPS[name] if steps is None else steps
    grid = dict(grid)
    sigma = np.sqrt(grid.pop("sigma2")) if "sigma2" in grid else None
    if sigma is not None:
        grid = {"sigma": sigma, **grid}
    if name == "analog-sgd":
        grid.pop("p", None)
    with np.errstate(all="ignore"):
        tr = simulate(toy_problem(dim), lambda lr, p=0.0: algorithm(name, lr, p, states), steps, runs=runs, seed=seed,
                      grid=grid, record_every=max(1, steps // every))
    return tr


@persistent(2)
def beyond_grid(runs: int = 6, dim: int = 6, seed: int = 0) -> dict:
    """Every algorithm over (states, p, sigma^2, alpha): {name: Summary} (Analog SGD has no p axis).

    One :func:`simulate` call per algorithm and model level (states = 0: expectation; 30: pulses).
    Floors are per replica (f - f* divided by ``dim``).
    """
    out = {}
    for i, name in enumerate(ALGORITHMS):
        parts = [summarize(_run(name, {k: GRID[k] for k in ("p", "sigma2", "lr")}, s, runs, seed + 10 * i + j, dim))
                 for j, s in enumerate(GRID["states"])]
        out[name] = _stack_states(parts, dim)
    return out


def _stack_states(parts: list, dim: int) -> Summary:
    first = parts[0]
    grid = {"states": np.asarray(GRID["states"]), **{("sigma2" if k == "sigma" else k): (np.round(v**2, 12) if k == "sigma" else v)
                                                     for k, v in first.grid.items()}}
    stack = lambda key: np.stack([getattr(s, key) for s in parts]) / dim     # noqa: E731
    return Summary(first.steps, stack("band"), stack("floor"), stack("se"), grid, {}, first.last)


def floors_table(ps=(0.0, 0.2, -0.3), lrs=(0.04, 0.01), sigma: float = 0.5, runs: int = 16, dim: int = 8,
                 seed: int = 7) -> Table:
    """The closing note: stationary floors of every algorithm at each (p, alpha), mean +- s.e. over runs.

    Returns a Table over (algorithm, p, lr) with "floor", "se" (per replica) and "drift": the change
    of the floor between the last two fifths of the run in standard errors (|drift| < 3: stationary).
    """
    floors, ses, drifts = [], [], []
    for i, name in enumerate(ALGORITHMS):
        grid = {"p": list(ps), "lr": list(lrs)}
        if name == "analog-sgd":
            grid.pop("p")
        tr = simulate(toy_problem(dim), lambda lr, p=0.0: algorithm(name, lr, p), TABLE_STEPS[name], runs=runs,
                      seed=seed + i, sigma=sigma, grid=grid, record_every=TABLE_STEPS[name] // 100)
        last = tr.loss_gap[..., -20:].mean(-1) / dim
        before = tr.loss_gap[..., -40:-20].mean(-1) / dim
        mean, se = last.mean(-1), last.std(-1, ddof=1) / np.sqrt(runs)
        drift = (last - before).mean(-1) / ((last - before).std(-1, ddof=1) / np.sqrt(runs))
        if name == "analog-sgd":
            mean, se, drift = (np.broadcast_to(a, (len(ps),) + a.shape) for a in (mean, se, drift))
        floors.append(mean), ses.append(se), drifts.append(drift)
    grid = {"algorithm": np.array(ALGORITHMS), "p": np.asarray(ps, float), "lr": np.asarray(lrs, float)}
    return Table(grid, {"floor": np.stack(floors), "se": np.stack(ses), "drift": np.stack(drifts)})


def floors_markdown(table: Table) -> str:
    """The floors table as Markdown (one row per algorithm and p, one column per alpha)."""
    lrs = table.along("lr")
    rows = ["| algorithm | p | " + " | ".join(f"alpha = {a:g}" for a in lrs) + " |", "|---|---|" + "---|" * len(lrs)]
    for i, name in enumerate(table.along("algorithm")):
        for j, p in enumerate(table.along("p")):
            cells = [f"{table['floor'][i, j, k]:.2e} ± {table['se'][i, j, k]:.1e}" for k in range(len(lrs))]
            rows.append(f"| {name} | {p:g} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def zero_shift_report(p=0.2, states=(30, 100, 300), pulses=(300, 1000, 3000), noise: float = 0.0, start=0.0,
                      tau: float = TOY["tau"], devices_: int = 64, seed: int = 0) -> Table:
    """Zero-shift estimates of P's symmetric point p over (states, pulses): mean |error| and its spread.

    ``devices_`` devices per setting (they differ only with cycle-to-cycle ``noise``); all granularities
    run in one pulse sequence (dw_min per row). The cost is the number of pulses per device (plus two reads).
    """
    states = np.asarray(states, float)
    err, spread = np.empty((len(states), len(pulses))), np.empty((len(states), len(pulses)))
    start = np.full((len(states), as_int("devices", devices_, low=2)), float(start))
    for j, n in enumerate(pulses):
        r = zero_shift(SoftBounds(tau, sym_point=p), start, n, states, noise, np.random.default_rng(seed + j))
        err[:, j], spread[:, j] = np.abs(r.error).mean(-1), r.error.std(-1, ddof=1)
    return Table({"states": states, "pulses": np.asarray(pulses, float)}, {"abs_error": err, "spread": spread})


FOLLOWUP = {"d": 50, "tau": 3.5, "lr": 0.8, "fast_lr": 0.8, "gamma": 0.4, "init": 1.0, "steps": 1000,
            "c_lin": (0.0, 0.1, 0.2, 0.3), "bit_length": 8, "dw_min": 0.001}
"""The follow-up's toy (arXiv 2502.06309, from its published script): least squares d = 50, n = 100,
A ~ N(0,1), x_true = 0.5 N(0,1), MSE/2, no gradient noise. dw_min is not in the notes: AIHWKIT's default."""


@functools.lru_cache(maxsize=2)
def followup_toy(runs: int = 3, seed: int = 0, every: int = 20) -> dict:
    """Analog SGD and Tiki-Taka (gamma = 0.4, P starting at 0 as AIHWKIT's set_weights) on both arrays'
    unequal-slope device, pulse level with 8-pulse trains (aggregate update: one train per step, not per sample).

    Returns {"steps", "c_lin", "analog-sgd", "tiki-taka"}: f(x_k) - f* per replica of the 50 weights at the
    forward pass's weights x (W; W + gamma P for Tiki-Taka), shape (c_lin, runs, n).
    """
    s = FOLLOWUP
    prob = fig4_sigma_problem()

    def dev(c):
        return Pulsed(SoftBoundsUpDown(s["tau"], c), dw_min=s["dw_min"], bit_length=s["bit_length"])

    snaps = range(0, s["steps"] + 1, every)
    algs = {"analog-sgd": lambda c: make_algorithm("analog-sgd", lr=s["lr"], device=dev(c)),
            "tiki-taka": lambda c: make_algorithm("tiki-taka", lr=s["lr"], fast_lr=s["fast_lr"], device=dev(c),
                                                  gamma=s["gamma"], fast_init=0.0)}
    tr = simulate(prob, algs, s["steps"], runs=runs, seed=seed, sigma=0.0, init=s["init"], grid={"c": s["c_lin"]},
                  record_every=every, weights_at=snaps)
    W = np.stack([tr.weights[k] for k in snaps], -2)                      # (alg, c, runs, n, d)
    P = np.nan_to_num(np.stack([tr.fast_weights[k] for k in snaps], -2))
    X = W + s["gamma"] * P                                                # Analog SGD has no P (NaN -> 0)
    gaps = prob.loss_gap(X) / s["d"]
    return {"steps": np.asarray(list(snaps)), "c_lin": np.asarray(s["c_lin"]), "analog-sgd": gaps[0],
            "tiki-taka": gaps[1]}
