"""The course's intuitions as experiments (data in, figures in :mod:`aimc_edu.viz.course`), each tested.

* :func:`crossbar_read`, :func:`coincidence_counts` -- a crossbar computes W x by Ohm's and Kirchhoff's laws
  against a reference column, and updates by pulse coincidence (notebook 00);
* :func:`friction` -- Tiki-Taka on ideal devices: gamma is the only friction (notebook 04);
* :func:`fast_array_size` -- E|P| = O(sqrt(beta)) against Analog SGD's E|g| (notebook 04);
* :func:`shifted_symmetric_point` -- Tiki-Taka when P's symmetric point is not 0 (notebook 04);
* :func:`rates` -- the rate column of Table 1 with alpha ~ 1/sqrt(K) (notebook 05);
* :func:`sandwich` -- the lower bound between (2/pi) sigma^2 S and 2 sigma^2 S/(1 - rho^2) (notebook 05).
"""

from __future__ import annotations

import numpy as np

from .. import theory as th
from .._validate import as_int, as_param
from ..algorithms import AnalogSGD, DigitalSGD, TikiTaka
from ..devices import Ideal, SoftBounds
from ..engine import simulate
from ..problems import Quadratic, fig3_problem
from ..theory.offsets import offset_law
from .stationary import stationary_trace


# ---------------------------------------------------------------------------------- notebook 00
def crossbar_read(G: np.ndarray, G_ref: np.ndarray, x: np.ndarray, v_read: float = 0.2,
                  g_unit: float = 1.0) -> np.ndarray:
    """Output of a crossbar read: row voltages v_j = v_read x_j, device currents G_ij v_j (Ohm), summed on each
    column (Kirchhoff), minus the reference column's current, in units of v_read g_unit.

    The weight a device stands for is w_ij = (G_ij - G_ref_i) / g_unit, so the result is W x.

    Example:
        >>> G = np.array([[3.0, 1.0], [2.0, 2.0]]); ref = np.array([2.0, 2.0])
        >>> crossbar_read(G, ref, np.array([1.0, -1.0])).tolist()     # W = [[1, -1], [0, 0]]
        [2.0, 0.0]
    """
    G, x = np.asarray(G, float), np.asarray(x, float)
    v = v_read * x                                  # voltages on the rows (inputs)
    currents = G @ v                                # Ohm per device, Kirchhoff per output line
    reference = np.asarray(G_ref, float) * v.sum()  # the reference device of each output line
    return (currents - reference) / (v_read * g_unit)


def crossbar_example(seed: int = 0) -> dict:
    """A 3 x 3 crossbar for the drawing of notebook 00: conductances, the reference, an input, its output
    W x, one update's pulse trains, and two reference levels (one at the symmetric point, one off it)."""
    rng = np.random.default_rng(seed)
    g_min, g_max, g_unit = 1.0, 5.0, 2.0
    G_ref = np.full(3, 3.0)                                   # the middle of the range: w in [-1, 1]
    G = np.round(rng.uniform(g_min, g_max, (3, 3)), 1)
    x = np.array([0.5, -1.0, 0.8])
    rows, cols = rng.random(24) < 0.6, rng.random(24) < 0.5
    return {"G": G, "G_ref": G_ref, "x": x, "y": crossbar_read(G, G_ref, x, g_unit=g_unit),
            "W": (G - G_ref[:, None]) / g_unit, "row_pulses": rows, "col_pulses": cols, "G_range": (g_min, g_max),
            "G_sym": 3.0, "G_refs": (3.0, 2.6), "g_unit": g_unit}


def coincidence_counts(x: np.ndarray, delta: np.ndarray, bit_length: int, runs: int,
                       rng: np.random.Generator) -> np.ndarray:
    """Pulse coincidences of a rank-1 update (AIHWKIT's stochastic pulse trains), ``runs`` times.

    In each of ``bit_length`` time slots input line j fires with probability |x_j| and output line i with
    probability |delta_i| (both in [0, 1]); device (i, j) takes one step only when both fire. The expected
    count is bit_length |delta_i| |x_j|: the outer product, applied in place, in one parallel step.
    Returns signed counts of shape (runs, len(delta), len(x)).
    """
    x, delta = np.asarray(x, float), np.asarray(delta, float)
    if np.any(np.abs(x) > 1) or np.any(np.abs(delta) > 1):
        raise ValueError("x and delta must lie in [-1, 1] (they are pulse probabilities)")
    bl = as_int("bit_length", bit_length, low=1)
    rows = rng.random((runs, bl, 1, len(x))) < np.abs(x)
    cols = rng.random((runs, bl, len(delta), 1)) < np.abs(delta)[:, None]
    return (rows & cols).sum(1) * np.sign(np.outer(delta, x))


# ---------------------------------------------------------------------------------- notebook 04
FRICTION = {"gammas": (0.0, 0.3, 1.0), "lr": 0.03, "sigma": 0.1, "steps": 4000}


def friction(gammas=FRICTION["gammas"], lr: float = FRICTION["lr"], sigma: float = FRICTION["sigma"],
             steps: int = FRICTION["steps"], runs: int = 16, seed: int = 0):
    """Tiki-Taka (beta = alpha) on *ideal* devices, no asymmetry at all, for several mixings gamma (Fig. 3 problem).

    Returns the trace over the grid {"gamma"}: f(W_k) - f* grows at gamma = 0 (|mu| = 1, nothing damps the
    noise) and settles for gamma > 0 (|mu|^2 = 1 - beta gamma L, :func:`aimc_edu.theory.friction`).
    """
    return simulate(fig3_problem(), lambda gamma: TikiTaka(lr, lr, Ideal(), gamma=gamma), steps, runs=runs,
                    seed=seed, sigma=sigma, grid={"gamma": list(gammas)}, record_every=max(1, steps // 80))


def fast_array_size(betas=(0.003, 0.01, 0.03, 0.1), sigma: float = 1.0, tau: float = 1.0, w_star: float = 0.5,
                    runs: int = 64, seed: int = 0) -> dict:
    """Stationary E|P| of Tiki-Taka (alpha = beta, 1-D, L = 1) per beta, started in the stationary regime.

    Returns {"beta", "abs_P", "se", "mean_field" (:func:`aimc_edu.theory.tiki_taka_stationary_point`),
    "abs_g" (sigma sqrt(2/pi): what drives Analog SGD's drift), "slope" (log-log fit of E|P| on beta)}.
    """
    betas = np.asarray(betas, float)
    tr, _ = stationary_trace(Quadratic(1, 1.0, w_star), "tiki-taka", betas, sigma, tau, runs=runs,
                             rng=np.random.default_rng(seed), burn=5.0, window=20.0, records=40, arrays=True)
    P = np.stack([tr.arrays["P"][k] for k in sorted(tr.arrays["P"])], -1)[:, 0].reshape(len(betas), runs, -1)
    per_run = np.abs(P).mean(-1)
    mean = per_run.mean(-1)
    return {"beta": betas, "abs_P": mean, "se": per_run.std(-1, ddof=1) / np.sqrt(runs),
            "mean_field": th.tiki_taka_stationary_point(sigma, tau, 1.0, w_star, betas, betas)["abs_P"],
            "abs_g": sigma * np.sqrt(2 / np.pi), "slope": float(np.polyfit(np.log(betas), np.log(mean), 1)[0])}


def shifted_offset(p, sigma: float = 1.0, tau: float = 1.0, L: float = 1.0) -> np.ndarray:
    """alpha -> 0 offset W_bar - w* of Tiki-Taka whose P has symmetric point p: P rests at 0 only where the
    mean gradient m balances P's pull, m = E|g| p / tau with E|g| = M(m, sigma), so W_bar - w* = m / L.
    The equation has one home, :func:`aimc_edu.theory.offsets.offset_law` (this is its ``"offset"``)."""
    return offset_law(sigma, tau, L, p)["offset"]


def shifted_symmetric_point(ps=(0.0, 0.1, 0.2, 0.3), lr: float = 0.01, sigma: float = 1.0, tau: float = 1.0,
                            w_star: float = 0.5, runs: int = 64, seed: int = 0) -> dict:
    """Tiki-Taka (alpha = beta = ``lr``, 1-D, L = 1) with P on a soft-bounds device whose symmetric point is p.

    Returns {"p", "offset" (simulated stationary E W - w*), "se", "shift" (offset minus the offset at p = 0,
    Tiki-Taka's own O(sqrt(beta)) offset), "shift_se", "predicted" (:func:`shifted_offset`, alpha -> 0),
    "floor", "floor_se"}: a floor of about L/2 offset^2, like Analog SGD's with w* replaced by p.
    """
    ps = np.asarray(ps, float)
    burn, steps = int(40 / lr), int(120 / lr)
    tr = simulate(Quadratic(1, 1.0, w_star), lambda p: TikiTaka(lr, lr, SoftBounds(tau), fast_device=SoftBounds(tau, p)),
                  steps, runs=runs, seed=seed, sigma=sigma, grid={"p": ps}, record_every=max(1, steps // 120),
                  weights_at=range(burn, steps + 1, max(1, (steps - burn) // 80)))
    W = np.stack([tr.weights[k] for k in sorted(tr.weights)], -1)[..., 0, :].mean(-1)       # (p, runs)
    late = tr.loss_gap[..., tr.steps >= burn].mean(-1)
    offset, se = W.mean(-1) - w_star, W.std(-1, ddof=1) / np.sqrt(runs)
    base = int(np.argmin(np.abs(ps)))
    return {"p": ps, "offset": offset, "se": se, "shift": offset - offset[base], "shift_se": np.hypot(se, se[base]),
            "predicted": shifted_offset(ps, sigma, tau), "floor": late.mean(-1),
            "floor_se": late.std(-1, ddof=1) / np.sqrt(runs)}


# ---------------------------------------------------------------------------------- notebook 05
def rates(Ks=(50, 150, 500, 1500, 5000), c: float = 1.0, sigma: float = 1.0, tau: float = 1.0, w_star: float = 0.5,
          runs: int = 32, seed: int = 0) -> dict:
    """The rate column of Table 1: (1/K) sum_{k<K} E||grad f(W_k)||^2 with alpha = beta = c / sqrt(K), 1-D, W_0 = 0.

    Returns {"K", name: (average, se) per K for digital SGD, Analog SGD and Tiki-Taka, "slopes": {name: fitted
    exponent over the three largest K}, "floor": |grad f(w_bar)|^2 (the level Analog SGD stops at)}.
    """
    Ks = np.asarray(Ks, int)
    lrs = as_param("c", c, low=0.0, low_inclusive=False) / np.sqrt(Ks)
    algs = {"digital-sgd": lambda lr: DigitalSGD(lr), "analog-sgd": lambda lr: AnalogSGD(lr, SoftBounds(tau)),
            "tiki-taka": lambda lr: TikiTaka(lr, lr, SoftBounds(tau))}
    tr = simulate(Quadratic(1, 1.0, w_star), algs, int(Ks.max()), runs=runs, seed=seed, sigma=sigma,
                  grid={"lr": lrs}, record_every=1)
    out = {"K": Ks, "slopes": {}, "floor": float(th.analog_floor(sigma, tau, 1.0, w_star)["grad_norm_sq"])}
    for a, name in enumerate(algs):
        per_run = np.stack([tr.grad_norm_sq[a, i, :, :K].mean(-1) for i, K in enumerate(Ks)])   # (K, runs)
        mean = per_run.mean(-1)
        out[name] = (mean, per_run.std(-1, ddof=1) / np.sqrt(runs))
        out["slopes"][name] = float(np.polyfit(np.log(Ks[-3:]), np.log(mean[-3:]), 1)[0])
    return out


def sandwich(x_stars=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8), sigma: float = 1.0, tau: float = 1.0,
             lr: float = 0.002, runs: int = 64, seed: int = 0) -> dict:
    """The lower-bound instance between its bounds, against the saturation x* = w*/tau (1-D, L = 1).

    At the root w_bar: |grad f(w_bar)|^2 = (E|g|)^2 S with S = (w_bar/tau)^2 and E|g| >= sigma sqrt(2/pi), so
    (2/pi) sigma^2 S <= |grad f(w_bar)|^2 <= sigma^2 S/(1 - rho^2) <= 2 sigma^2 S/(1 - rho^2) (rho = w_bar/tau,
    since (E|g|)^2 <= E g^2 = (E|g|)^2 S + sigma^2). Simulation: Analog SGD from its stationary law, the bias
    part L^2 (E w - w*)^2 of the stationary E|grad f|^2 (its O(alpha) noise part left out).

    Returns {"x_star", "lower", "exact", "upper", "simulated", "se"}.
    """
    xs = np.asarray(x_stars, float)
    w_star = xs * tau
    tr, _ = stationary_trace(Quadratic(len(xs), 1.0, w_star), "analog-sgd", lr, sigma, tau, runs=runs,
                             rng=np.random.default_rng(seed), burn=5.0, window=15.0, records=40, arrays=True)
    W = np.stack([tr.weights[k] for k in sorted(tr.weights)], -1).mean(-1)                 # (runs, d)
    off, off_se = W.mean(0) - w_star, W.std(0, ddof=1) / np.sqrt(runs)
    S = (th.stationary_point(sigma, tau, 1.0, w_star) / tau) ** 2
    return {"x_star": xs, "lower": 2 / np.pi * sigma**2 * S,
            "exact": th.analog_floor(sigma, tau, 1.0, w_star)["grad_norm_sq"],
            "upper": 2 * sigma**2 * S / (1 - S), "simulated": off**2, "se": 2 * np.abs(off) * off_se}
