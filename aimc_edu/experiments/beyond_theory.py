"""Notebook 07's theory against simulation: Tiki-Taka's offset with P's symmetric point p, zero-shifting,
residual learning (gamma > 0) and the implicit penalty of Analog SGD (shared by the notebook and the tests).

Each check simulates the 1-D toy of :mod:`.beyond` (L = 1, w* = 0.5, tau = 1) and evaluates the
matching expression of :mod:`aimc_edu.theory.offsets` / :mod:`aimc_edu.theory.penalty`. Stationary
averages are per-run time averages of snapshots after a burn-in of many relaxation times.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import theory as th
from ..algorithms import AnalogSGD, TikiTaka
from ..devices import SoftBounds, SoftBoundsUpDown
from ..engine import simulate
from ..theory import offsets, penalty
from .beyond import TOY, algorithm, toy_problem

W_STAR, L_, TAU = TOY["optimum"], TOY["curvature"], TOY["tau"]


def _window_mean(trace, name: str = "W") -> np.ndarray:
    """Per-run time average (over snapshots) and replica average of an array: shape (*grid, runs)."""
    snaps = trace.arrays[name]
    return np.stack(list(snaps.values()), -1).mean(-1).mean(-1)


def _stationary(burn: int, gap: int, n: int) -> tuple[int, range]:
    return burn + gap * n, range(burn + gap, burn + gap * n + 1, gap)


@functools.lru_cache(maxsize=4)
def offset_check(lrs=(0.04, 0.02, 0.01, 0.005), ps=(0.0, 0.2, -0.3), sigma: float = 0.5, runs: int = 16,
                 dim: int = 16, seed: int = 3) -> dict:
    """Tiki-Taka (alpha = beta, gamma = 0) with P's symmetric point p: simulated stationary offset E W - w*
    and floor against the mean field (:func:`aimc_edu.theory.offsets.stationary_point`) and the alpha -> 0 law.

    Returns arrays of shape (len(lrs), len(ps)): "offset", "offset_se", "floor", "floor_se", "mf_offset",
    "mf_floor"; and (len(ps),): "law_offset", "law_floor", "small_p_floor".
    """
    steps, snaps = _stationary(int(50 / min(lrs)), 100, 60)
    tr = simulate(toy_problem(dim), lambda lr, p: algorithm("tiki-taka", lr, p), steps, runs=runs, seed=seed,
                  sigma=sigma, grid={"lr": list(lrs), "p": list(ps)}, record_every=100, weights_at=snaps)
    off = _window_mean(tr) - W_STAR                                            # (lr, p, runs)
    floor = tr.loss_gap[..., -60:].mean(-1) / dim
    A, P = np.meshgrid(lrs, ps, indexing="ij")
    mf = offsets.stationary_point(sigma, TAU, L_, W_STAR, P, A, A)
    law = offsets.offset_law(sigma, TAU, L_, np.asarray(ps))
    se = lambda x: x.std(-1, ddof=1) / np.sqrt(runs)      # noqa: E731
    return {"lr": np.asarray(lrs), "p": np.asarray(ps), "offset": off.mean(-1), "offset_se": se(off),
            "floor": floor.mean(-1), "floor_se": se(floor), "mf_offset": mf["offset"], "mf_floor": mf["loss_gap"],
            "law_offset": law["offset"], "law_floor": law["floor"], "small_p_floor": law["small_p_floor"]}


def residual_check(gammas=(0.0, 0.4), ps=(0.0, 0.2), lr: float = 0.01, sigma: float = 0.5, runs: int = 16,
                   dim: int = 16, seed: int = 4) -> dict:
    """Residual learning: the query point's offset E[W + gamma P] - w* and E P, simulated and mean-field,
    over (gamma, p) at alpha = beta = ``lr``; plus the noise-free run (sigma = 0) for every (gamma, p)."""
    def make(gamma, p):
        return TikiTaka(lr, lr, SoftBounds(TAU), gamma=gamma, fast_device=SoftBounds(TAU, sym_point=p))

    steps, snaps = _stationary(int(60 / lr), 100, 60)
    grid = {"gamma": list(gammas), "p": list(ps)}
    tr = simulate(toy_problem(dim), make, steps, runs=runs, seed=seed, sigma=sigma, grid=grid, record_every=steps,
                  weights_at=snaps)
    G = np.asarray(gammas)[:, None, None]
    x_off = _window_mean(tr, "W") + G * _window_mean(tr, "P") - W_STAR
    P_mean = _window_mean(tr, "P")
    Gm, Pm = np.meshgrid(gammas, ps, indexing="ij")
    mf = offsets.stationary_point(sigma, TAU, L_, W_STAR, Pm, lr, lr, Gm)
    quiet = simulate(toy_problem(1), lambda gamma, p: TikiTaka(0.05, 0.05, SoftBounds(TAU), gamma=gamma,
                                                                 fast_device=SoftBounds(TAU, sym_point=p)),
                     20000, runs=1, seed=seed, sigma=0.0, grid=grid, record_every=20000, weights_at=[20000])
    se = lambda x: x.std(-1, ddof=1) / np.sqrt(runs)      # noqa: E731
    return {"gamma": np.asarray(gammas), "p": np.asarray(ps), "x_offset": x_off.mean(-1), "x_offset_se": se(x_off),
            "P": P_mean.mean(-1), "P_se": se(P_mean), "mf_x_offset": mf["x_offset"], "mf_P": mf["P_bar"],
            "noise_free_W_error": np.abs(quiet.weights[20000][..., 0, 0] - W_STAR)}


def penalty_check(cs=(-0.3, 0.0, 0.3), lr: float = 0.005, sigma: float = 0.5, runs: int = 16, dim: int = 16,
                  seed: int = 5) -> dict:
    """Analog SGD on the unequal-slope device (up_down = c): simulated stationary mean against the critical
    point of f + E|g| Phi (:func:`aimc_edu.theory.penalty.penalised_stationary_point`)."""
    steps, snaps = _stationary(int(30 / lr), 50, 100)
    tr = simulate(toy_problem(dim), lambda c: AnalogSGD(lr, SoftBoundsUpDown(TAU, c)), steps, runs=runs, seed=seed,
                  sigma=sigma, grid={"c": list(cs)}, record_every=steps, weights_at=snaps)
    W = _window_mean(tr)
    pred = np.array([penalty.penalised_stationary_point(SoftBoundsUpDown(TAU, c), sigma, L_, W_STAR) for c in cs])
    return {"c": np.asarray(cs), "simulated": W.mean(-1), "se": W.std(-1, ddof=1) / np.sqrt(runs),
            "predicted": pred, "soft_bounds_exact": float(th.stationary_point(sigma, TAU, L_, W_STAR))}


def dashboard_theory(ps, sigma2s, lrs, n_fine: int = 40) -> dict:
    """Derived curves for the notebook-07 dashboard over (p, sigma^2): Tiki-Taka's mean-field floor on a fine
    alpha grid (beta = alpha), its alpha -> 0 law, the floor against p at each grid alpha, Analog SGD's floor."""
    ps, s2, lrs = (np.asarray(v, float) for v in (ps, sigma2s, lrs))
    fine = np.geomspace(lrs.min() / 1.3, lrs.max() * 1.3, n_fine)
    p_fine = np.linspace(ps.min(), ps.max(), 41)
    S, P, A = np.meshgrid(np.sqrt(s2), ps, fine, indexing="ij")
    tt = offsets.stationary_point(S, TAU, L_, W_STAR, P, A, A)["loss_gap"]           # (sigma2, p, fine)
    S2, A2, P2 = np.meshgrid(np.sqrt(s2), lrs, p_fine, indexing="ij")
    tt_p = offsets.stationary_point(S2, TAU, L_, W_STAR, P2, A2, A2)["loss_gap"]     # (sigma2, lr, p_fine)
    S3, P3 = np.meshgrid(np.sqrt(s2), p_fine, indexing="ij")
    law_p = offsets.offset_law(S3, TAU, L_, P3)["floor"]                            # (sigma2, p_fine)
    S4, A4 = np.meshgrid(np.sqrt(s2), fine, indexing="ij")
    analog = th.analog_stationary_moments(S4, TAU, L_, W_STAR, A4)["loss_gap"]      # (sigma2, fine)
    return {"lr_fine": fine, "p_fine": p_fine, "tiki-taka": tt, "tiki-taka_vs_p": tt_p, "law_vs_p": law_p,
            "analog-sgd": analog}


def penalty_curves(cs=(-0.3, 0.0, 0.3), sigma: float = 0.5, **check) -> dict:
    """Phi(w) of the unequal-slope device for each c (from the sympy integral), and :func:`penalty_check`
    with the predicted stationary mean on a fine c grid (what :func:`aimc_edu.viz.beyond.draw_penalty` draws)."""
    import sympy as sp

    params = th.parameter_symbols("soft-bounds-updown")
    phi = penalty.penalty("soft-bounds-updown")
    w = np.linspace(-0.9 * TAU, 0.9 * TAU, 181)
    curves = []
    for c in cs:
        if c == 0:
            curves.append(w**2 / (2 * TAU))      # the c -> 0 limit (the integral's closed form divides by c)
            continue
        f = sp.lambdify(th.w, phi.subs({params["tau"]: TAU, params["up_down"]: c}), modules="numpy")
        curves.append(np.real(np.asarray(f(w.astype(complex)))))
    out = penalty_check(tuple(cs), sigma=sigma, **check)
    c_fine = np.linspace(min(cs), max(cs), 25)
    out.update({"w": w, "phi": np.stack(curves), "tau": TAU, "w_star": W_STAR, "c_fine": c_fine,
                "predicted_fine": np.array([penalty.penalised_stationary_point(SoftBoundsUpDown(TAU, c), sigma, L_,
                                                                                W_STAR) for c in c_fine])})
    return out
