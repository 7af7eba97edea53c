"""Simulations that check the theory of notebook 05 (shared by the notebook and the tests).

Each function simulates with :func:`~aimc_edu.engine.simulate`, evaluates the matching derived
expression from :mod:`aimc_edu.theory` and returns both, so the notebook shows the comparison
and a test asserts it. Stationary averages are per-run time averages over a window after a
burn-in of many relaxation times; errors are standard errors over runs.
"""

from __future__ import annotations

import numpy as np

from .. import theory as th
from .._validate import as_int
from ..algorithms import AnalogSGD, DigitalSGD, TikiTaka
from ..devices import Device, SoftBounds
from ..engine import simulate
from ..numerics import digital_floor
from ..problems import Quadratic
from .stationary import stationary_trace


def _window(burn: int, gap: int, n: int) -> tuple[int, range]:
    """(total steps, snapshot steps) of a stationary window: n snapshots every ``gap`` after ``burn``."""
    return burn + gap * n, range(burn + gap, burn + gap * n + 1, gap)


def _snapshots(trace) -> np.ndarray:
    """W snapshots stacked on a last axis: (*grid, runs, d, n)."""
    return np.stack(list(trace.weights.values()), -1)


def response_check(devices: list[Device]) -> list[dict]:
    """F, G and the symmetric point of each device: the sympy expressions against the NumPy device.

    Returns one row per device: {"device", "w", "F", "G" (NumPy), "F_sympy", "G_sympy", "max_diff",
    "sym_sympy", "sym_device"}.
    """
    rows = []
    for dev in devices:
        lo, hi = dev.bounds
        w = np.linspace(lo, hi, 201)
        F, G = th.numeric_FG(dev)
        Fs, Gs = np.broadcast_to(F(w), w.shape), np.broadcast_to(G(w), w.shape)
        rows.append({"device": dev, "w": w, "F": dev.F(w), "G": dev.G(w), "F_sympy": Fs, "G_sympy": Gs,
                     "max_diff": float(max(np.abs(Fs - dev.F(w)).max(), np.abs(Gs - dev.G(w)).max())),
                     "sym_sympy": th.symmetric_point_numeric(dev), "sym_device": float(dev.symmetric_point)})
    return rows


def invariant_check(n: int = 100_000, seed: int = 0) -> float:
    """Largest |w_new| / tau over ``n`` random states |w| <= tau and increments |dw| <= tau (<= 1 by the invariant)."""
    rng = np.random.default_rng(seed)
    tau = rng.uniform(0.1, 3.0, as_int("n", n, low=1))
    w, dw = tau * rng.uniform(-1, 1, tau.shape), tau * rng.uniform(-1, 1, tau.shape)
    return float(np.max(np.abs(SoftBounds(tau=tau).update(w[:, None], dw[:, None])[:, 0]) / tau))


def digital_floor_check(curvature=(0.5, 1.0, 2.0), optimum=(0.3, -0.5, 1.0), sigma: float = 0.7,
                        lrs=(0.05, 0.2, 0.6), runs: int = 100, seed: int = 1) -> dict:
    """Stationary E f - f* of digital SGD per coordinate (1-D quadratics) against alpha sigma^2 / (2 (2 - alpha L)).

    Returns {"lr", "curvature", "simulated", "se", "derived"}, the last three of shape (len(lrs), d).
    """
    L, w_star = np.asarray(curvature, float), np.asarray(optimum, float)
    steps, snaps = _window(1500, 40, 40)
    tr = simulate(Quadratic(len(L), L, w_star), lambda lr: DigitalSGD(lr), steps, runs=runs, seed=seed,
                  sigma=sigma, grid={"lr": list(lrs)}, record_every=steps, weights_at=snaps)
    W = _snapshots(tr)
    per_run = (0.5 * L[:, None] * (W - w_star[:, None]) ** 2).mean(-1)          # (lr, runs, d)
    derived = np.stack([[digital_floor(lr, sigma**2, l) for l in L] for lr in lrs])
    return {"lr": np.asarray(lrs), "curvature": L, "simulated": per_run.mean(1),
            "se": per_run.std(1, ddof=1) / np.sqrt(runs), "derived": derived}


def descent_bounds_check(d: int = 10, steps: int = 2000, sigma: float = 0.3, runs: int = 64) -> dict:
    """The simulated average of ||grad f(W_k)||^2 against the derived bounds (digital at alpha*, analog at 0.05).

    Returns {"digital": (simulated, bound, alpha), "analog": (simulated, bound, rho, S_K)} on a
    d-dimensional quadratic with curvatures in [0.2, 1] and optima in [-0.4, 0.4].
    """
    prob = Quadratic(d, np.linspace(0.2, 1.0, d), np.linspace(-0.4, 0.4, d))
    delta, Lmax, s = float(prob.loss_gap(np.zeros((1, d)))[0]), prob.smoothness, np.sqrt(d) * sigma
    dig = th.digital_sgd_bound()
    a_opt = min(float(dig["alpha_opt"].subs({th.Delta: delta, th.L: Lmax, th.sigma: s, th.K: steps})), 1 / Lmax)
    avg = simulate(prob, DigitalSGD(a_opt), steps, runs=runs, seed=2, sigma=sigma).grad_norm_sq[..., :steps].mean()
    tr = simulate(prob, AnalogSGD(0.05, SoftBounds(1.0)), steps, runs=runs, seed=3, sigma=sigma)
    rho, S = float(tr.saturation.max()), float((tr.saturation[..., :steps] ** 2).mean())
    return {"digital": (float(avg), th.bounds.digital_bound_value(delta, Lmax, s, a_opt, steps), a_opt),
            "analog": (float(tr.grad_norm_sq[..., :steps].mean()),
                       th.bounds.analog_bound_value(delta, Lmax, s, 0.05, steps, rho, S), rho, S)}


def analog_stationary_check(w_star=(-0.2, 0.1, 0.4, 0.8), sigmas=(0.5, 2.0), taus=(0.5, 1.0, 2.0),
                            L: float = 1.0, alpha: float = 0.02, runs: int = 200, seed: int = 4) -> dict:
    """Stationary mean of Analog SGD on 1-D quadratics against :func:`aimc_edu.theory.analog_stationary_moments`.

    Returns {"simulated", "se", "derived"} of shape (len(sigmas), len(taus), len(w_star)) and "z" =
    (simulated - derived) / se.
    """
    w_star = np.asarray(w_star, float)
    steps, snaps = _window(1500, 100, 30)
    tr = simulate(Quadratic(len(w_star), L, w_star), lambda tau: AnalogSGD(alpha, SoftBounds(tau)), steps,
                  runs=runs, seed=seed, grid={"sigma": list(sigmas), "tau": list(taus)}, record_every=steps,
                  weights_at=snaps)
    W = _snapshots(tr).mean(-1)                                     # per-run time average (sigma, tau, runs, d)
    Sg, Tg = np.meshgrid(sigmas, taus, indexing="ij")
    derived = th.analog_stationary_moments(Sg[..., None], Tg[..., None], L, w_star, alpha)["mean"]
    sim, se = W.mean(2), W.std(2, ddof=1) / np.sqrt(runs)
    return {"sigma": np.asarray(sigmas), "tau": np.asarray(taus), "w_star": w_star, "simulated": sim, "se": se,
            "derived": derived, "z": (sim - derived) / se}


def floor_orders_check(x_stars=(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9), sigma: float = 0.1, tau: float = 1.0,
                       L: float = 1.0, alpha: float = 0.02, runs: int = 64, seed: int = 6) -> dict:
    """Analog SGD's floor against the saturation x* = w*/tau: the exact root, the leading order, the corrected
    order (:func:`aimc_edu.theory.lower_bound.floor_correction`) and simulation (the bias part L/2 (E w - w*)^2
    of runs started in the stationary regime; d independent coordinates, one per x*).

    Returns {"x_star", "exact", "leading", "corrected", "simulated", "se", "allowance"} where "allowance" is
    the O(alpha) shift of the mean (:func:`aimc_edu.theory.analog_stationary_moments`) in floor units.
    """
    xs = np.asarray(x_stars, float)
    w_star = xs * tau
    orders = th.lower_bound.analog_floor_orders(sigma, tau, L, w_star)
    tr, _ = stationary_trace(Quadratic(len(xs), L, w_star), "analog-sgd", alpha, sigma, tau, runs=runs,
                             rng=np.random.default_rng(seed), burn=5.0, window=15.0, records=40, arrays=True)
    W = _snapshots(tr).mean(-1)                                                   # (runs, d)
    off, off_se = W.mean(0) - w_star, W.std(0, ddof=1) / np.sqrt(runs)
    shift = th.analog_stationary_moments(sigma, tau, L, w_star, alpha)["mean_correction"]
    return {"x_star": xs, "exact": orders["exact"], "leading": orders["leading"], "corrected": orders["corrected"],
            "simulated": 0.5 * L * off**2, "se": L * np.abs(off) * off_se,
            "allowance": L * np.abs(off) * np.abs(shift)}


def tiki_taka_offset_check(betas=(0.08, 0.04, 0.02, 0.01), w_star: float = 0.5, sigma: float = 1.0,
                           alpha: float = 0.05, runs: int = 100, seed: int = 5) -> dict:
    """Offset E W - w* of Tiki-Taka's stationary mean per beta (simulated), the mean-field prediction on a
    fine beta grid, and Analog SGD's offset (independent of alpha), on the 1-D instance with tau = L = 1."""
    steps, snaps = _window(2000, 100, 30)
    tr = simulate(Quadratic(1, 1.0, w_star), lambda fast_lr: TikiTaka(alpha, fast_lr, SoftBounds(1.0)), steps,
                  runs=runs, seed=seed, sigma=sigma, grid={"fast_lr": list(betas)}, record_every=steps,
                  weights_at=snaps)
    Wr = _snapshots(tr)[..., 0, :].mean(-1)                         # (beta, runs)
    fine = np.geomspace(1e-4, 0.1, 60)
    return {"beta": np.asarray(betas), "simulated": Wr.mean(1) - w_star,
            "se": Wr.std(1, ddof=1) / np.sqrt(runs), "beta_fine": fine,
            "derived": th.tiki_taka_stationary_point(sigma, 1.0, 1.0, w_star, alpha, fine)["offset"],
            "analog": float(th.analog_floor(sigma, 1.0, 1.0, w_star)["w_bar"]) - w_star}


# ---------------------------------------------------------------------------------- Table 1
def table1_markdown() -> str:
    """Table 1 as a Markdown table (rates and asymptotic errors, derived), formulas in textbook order
    (:func:`aimc_edu.theory.printing.tex`); a real table in any notebook front end, narrow enough for the page."""
    rows = ["| algorithm | rate of $\\frac1K\\sum_k E\\|\\nabla f(W_k)\\|^2$ | asymptotic error |", "|---|---|---|"]
    for name, (rate, err) in th.table1().items():
        shown = "—" if name == "Lower bound" else f"${th.printing.tex(rate)}$"
        rows.append(f"| {name} | {shown} | ${th.printing.tex(err)}$ |")
    return "\n".join(rows)
