"""Notebook 05's dashboard grid: Analog and digital SGD on the 1-D instance at every slider setting, in one run.

The instance f(w) = L/2 (w - w*)^2, g = L (w - w*) + sigma xi, soft bounds of radius tau, W_0 = 0. In units
of the range, x = w / tau, Analog SGD reads

    x_{k+1} = x_k - a (u_k + |u_k| x_k),   u_k = (x_k - x*) + s xi_k,   a = alpha L,  s = sigma / (L tau),  x* = w*/tau,

(digital SGD the same without |u_k| x_k), so every setting of the five sliders is one of few (a, s, |x*|)
triples: the grids below are powers of two, which makes the 1,200 settings 7 x 9 x 7 triples. One call of
the engine simulates them all (both algorithms side by side); a setting is then an index, and
f - f* = L tau^2 (x - x*)^2 / 2, w = tau x. A negative w* mirrors the run of |w*| (w -> -w with xi -> -xi, an
exact symmetry of both updates). The derived predictions come from :func:`aimc_edu.theory.analog_stationary_moments`
over the whole grid at once; settings where its small-alpha expansion does not hold (alpha h'(w_bar) >= 1), or
where the increments alpha |g| are comparable to tau (weights leave the range, or runs diverge), are marked
invalid and refused with a message.
"""

from __future__ import annotations

import numpy as np

from .. import theory as th
from ..algorithms import AnalogSGD, DigitalSGD
from ..cache import persistent
from ..devices import SoftBounds
from ..engine import simulate
from ..numerics import digital_floor
from ..problems import Quadratic

GRID = {"sigma2": (0.0625, 0.25, 1.0, 4.0), "tau": (0.25, 0.5, 1.0, 2.0), "L": (0.5, 1.0, 2.0),
        "w_star": (-1.0, -0.5, 0.0, 0.5, 1.0), "alpha": (0.01, 0.02, 0.04, 0.08, 0.16)}
"""The sliders' values (powers of two, so that the settings share their scaled runs)."""
DEFAULTS = {"sigma2": 1.0, "tau": 1.0, "L": 1.0, "w_star": 0.5, "alpha": 0.04}
STEPS = 2000
"""Steps of every run: 10 relaxation times 1/(alpha L) at the smallest alpha L (0.005)."""
RUNS = 16
X_RANGE = 1.15
"""Late iterates beyond X_RANGE tau in more than 1% of the samples mark a setting invalid (increments alpha |g|
comparable to tau push the weights out of the range, section 2's condition): the right panel shows +-X_RANGE."""


def _log2_index(values, grid) -> np.ndarray:
    """Index of the nearest grid value (on a log scale) of each value."""
    return np.argmin(np.abs(np.log2(np.asarray(values, float))[..., None] - np.log2(grid)), axis=-1)


@persistent(4)
def theory_grid(runs: int = RUNS, seed: int = 0, steps: int = STEPS) -> dict:
    """Simulation and prediction at every setting of :data:`GRID` (cached: built once per session).

    Returns:
        {"steps": recorded k (log-spaced), "band" (10%, 50%, 90% over runs) and "mean" of the scaled
        (x - x*)^2 / 2 per (algorithm, a, s, |x*|, [3,] records), "late": the scaled late iterates
        (algorithm, a, s, |x*|, runs * snapshots), "a", "s", "x_abs",
        "predicted": {name: array over the settings grid}, "valid": bool array over the settings grid,
        "limits": {"loss": (lo, hi), "x": (lo, hi) of w / tau, "density": (lo, hi) of w / tau}} (arrays over the settings have
        the shape of :data:`GRID`, axes in its order).
    """
    sig2, tau, L, ws, alpha = np.meshgrid(*(np.asarray(v, float) for v in GRID.values()), indexing="ij")
    a_vals = np.unique(np.round(alpha * L, 12))
    s_vals = np.unique(np.round(np.sqrt(sig2) / (L * tau), 12))
    x_vals = np.unique(np.round(np.abs(ws) / tau, 12))
    record = np.unique(np.geomspace(1, steps, 120).astype(int))
    late = np.unique(np.linspace(steps // 2, steps, 25).astype(int))
    algs = {"analog": lambda lr: AnalogSGD(lr, SoftBounds(1.0)), "digital": lambda lr: DigitalSGD(lr)}
    tr = simulate(Quadratic(len(x_vals), 1.0, x_vals), algs, steps, runs=runs, seed=seed, record_every=steps,
                  grid={"lr": list(a_vals), "sigma": list(s_vals)}, weights_at=sorted(set(record) | set(late)))
    W = tr.weights
    x = np.stack([W[k] for k in record], -1)                                   # (alg, a, s, runs, d, records)
    x_late = np.stack([W[k] for k in late], -1)                                # (alg, a, s, runs, d, n_late)
    x = np.moveaxis(x, 4, 3)                                                   # (alg, a, s, d, runs, records)
    x_late = np.moveaxis(x_late, 4, 3).reshape(*x.shape[:4], -1)               # (alg, a, s, d, runs * n_late)

    with np.errstate(over="ignore", invalid="ignore"):                      # diverged runs: invalid settings only
        gap = 0.5 * (x - x_vals[:, None, None]) ** 2                           # scaled f - f*: times L tau^2
    h1 = th.analog_stationary_moments(np.sqrt(sig2), tau, L, ws, 1e-12)["h1"]  # h'(w_bar) does not involve alpha
    stable = alpha * h1 < 1
    ia, i_s, ix = _indices({"a": a_vals, "s": s_vals, "x_abs": x_vals}, sig2, tau, L, ws, alpha)
    finite = np.isfinite(gap).all(axis=(0, -1, -2))[ia, i_s, ix]            # both algorithms, every run and step
    with np.errstate(invalid="ignore"):
        inside = (np.mean(np.abs(x_late[0]) > X_RANGE, axis=-1) < 0.01)[ia, i_s, ix]
    valid = stable & finite & inside
    p = th.analog_stationary_moments(np.sqrt(sig2), tau, L, ws, np.where(valid, alpha, 1e-12))
    predicted = {"w_bar": p["w_bar"], "mean": p["mean"], "var": p["var"], "analog_floor": p["loss_gap"],
                 "analog_floor_small_lr": 0.5 * L * (p["w_bar"] - ws) ** 2,
                 "digital_floor": digital_floor(alpha * L, sig2, 1.0) / L, "digital_var": alpha * sig2 / (L * (2 - alpha * L))}
    predicted = {k: np.where(stable, np.broadcast_to(v, valid.shape), np.nan) for k, v in predicted.items()}
    with np.errstate(over="ignore", invalid="ignore"):
        band, mean = np.moveaxis(np.quantile(gap, [0.1, 0.5, 0.9], axis=-2), 0, -2), gap.mean(-2)
    out = {"steps": record, "band": band, "mean": mean, "late": x_late, "a": a_vals, "s": s_vals, "x_abs": x_vals,
           "predicted": predicted, "valid": valid, "stable": stable, "runs": runs}
    out["limits"] = _limits(out, sig2, tau, L, ws, alpha)
    return out


def _indices(grid: dict, sigma2, tau, L, w_star, alpha):
    """Indices (a, s, |x*|) of the scaled run of each setting (arrays welcome)."""
    return (_log2_index(alpha * L, grid["a"]), _log2_index(np.sqrt(sigma2) / (L * tau), grid["s"]),
            np.argmin(np.abs(grid["x_abs"] - np.abs(np.asarray(w_star, float)[..., None] / np.asarray(tau)[..., None])),
                      axis=-1))


def _setting(**values) -> tuple[int, ...]:
    idx = []
    for name, grid in GRID.items():
        matches = np.flatnonzero(np.isclose(grid, values[name]))
        if matches.size == 0:
            raise ValueError(f"{name} must be one of the dashboard's values {grid}, got {values[name]}")
        idx.append(int(matches[0]))
    return tuple(idx)


def theory_setting(grid: dict, sigma2: float, tau: float, L: float, w_star: float, alpha: float) -> dict:
    """One setting of the dashboard, in the reader's units: {"steps", "analog": {"band", "mean", "w"},
    "digital": {...}, "predicted": {...}, "params"} (the keys of :func:`~.theory_checks.theory_point`).

    Raises:
        ValueError: a value off the grid, or a setting where the small-alpha theory does not hold.
    """
    values = dict(sigma2=sigma2, tau=tau, L=L, w_star=w_star, alpha=alpha)
    idx = _setting(**values)
    if not grid["stable"][idx]:
        raise ValueError(f"alpha = {alpha:g} is too large here: alpha h'(w_bar) >= 1, the small-alpha expansion "
                         "fails (lower alpha, L or sigma^2, or raise tau)")
    if not grid["valid"][idx]:
        raise ValueError(f"the weights leave the range or diverge at alpha = {alpha:g}: the increments alpha |g| are "
                         f"comparable to tau = {tau:g}, so the analog update overshoots its bounds (section 2's "
                         "condition |dw| <= tau fails; lower alpha or sigma^2)")
    ia, i_s, ix = (int(i) for i in _indices(grid, **values))
    sign, scale = (-1.0 if w_star < 0 else 1.0), L * tau**2
    out = {key: {"band": scale * grid["band"][j, ia, i_s, ix], "mean": scale * grid["mean"][j, ia, i_s, ix],
                 "w": sign * tau * grid["late"][j, ia, i_s, ix]} for j, key in enumerate(("analog", "digital"))}
    out.update(params=values, steps=grid["steps"],
               predicted={k: float(v[idx]) for k, v in grid["predicted"].items()})
    return out


def _limits(grid: dict, sig2, tau, L, ws, alpha) -> dict:
    """Axis limits covering every valid setting (so the frame never depends on what was shown before)."""
    ok = grid["valid"]
    ia, i_s, ix = _indices(grid, sig2, tau, L, ws, alpha)
    scale = (L * tau**2)[ok]
    band = grid["band"][:, ia[ok], i_s[ok], ix[ok]]                              # (alg, settings, 3, records)
    p = {k: v[ok] for k, v in grid["predicted"].items()}
    lo = min(np.min(p["digital_floor"]), np.min(p["analog_floor_small_lr"][p["analog_floor_small_lr"] > 1e-9]))
    hi = np.max(scale[:, None] * band[..., 2, :])
    var_x = p["digital_var"] / tau[ok] ** 2                                     # the narrowest law, in units of tau
    return {"loss": (lo / 10, hi * 2), "x": (-X_RANGE, X_RANGE), "density": (1e-2, float(3 / np.sqrt(2 * np.pi * var_x.min())))}


__all__ = ["DEFAULTS", "GRID", "theory_grid", "theory_setting"]
