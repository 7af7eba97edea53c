"""The toy experiments of notebooks 02-04 (paper Figs. 1, 3, 4): whole slider grids in one call each.

Every function runs one vectorized :func:`~aimc_edu.engine.simulate` call per algorithm over its
grid, returns labelled :class:`~aimc_edu.experiments.summary.Summary` results (select a setting with
``.sel(tau=1.0, sigma2=0.01, lr=0.03)``) and is cached for the session, so a dashboard's slider move
only selects. The grids and defaults live here, next to the simulations that fill them. Grid points share
their gradient noise (common random numbers, ``simulate(common_noise=True)``): run r sees the same xi_k
at every setting, so a slider move changes the curves by the parameter alone, and a grid point equals
the single-setting run with the same seed.
"""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from ..algorithms import AnalogSGD, DigitalSGD, TikiTaka
from ..devices import Pulsed, SoftBounds
from ..cache import persistent
from ..engine import simulate
from ..problems import fig3_problem
from .stationary import analog_theory, box_limit, stationary_floors
from .summary import Summary, summarize

# ---------------------------------------------------------------------------------- notebook 02
ANALOG_GRID = {"tau": (0.5, 1.0, 1.5, 2.0, 2.5, 3.0), "sigma2": (0.0, 1e-3, 1e-2, 1e-1, 1.0),
               "lr": (0.01, 0.02, 0.03, 0.05, 0.1, 0.2), "init": (-0.5, 0.0, 0.5)}
ANALOG_DEFAULTS = {"tau": 1.0, "sigma2": 1e-2, "lr": 0.03, "init": 0.0}   # paper Figs. 3 and 4 (left)
STATIONARY = {"burn": 5.0, "window": 15.0}
"""Floors: runs start in the stationary regime, relax for ``burn`` and average over ``window`` units of t = alpha k."""


def _sigma2_axis(summary: Summary) -> Summary:
    """Report the noise axis as sigma^2 (what the sliders show) instead of sigma."""
    return summary.relabel("sigma", "sigma2", np.round(np.asarray(summary.grid["sigma"]) ** 2, 12))


def _shared_noise_run(problem, make, steps: int, runs: int, seed: int, grid: dict, **kw):
    """``simulate`` over ``grid`` with common noise; a noise-free first sigma (0) is run once and repeated.

    With common noise the grid points with sigma > 0 see the stream they would see in one joint call, and at
    sigma = 0 the runs are identical (no noise): the same trace as the joint call, a fifth cheaper on 02's grid.
    """
    sig = np.asarray(grid["sigma"], float)
    if sig[0] != 0 or np.any(sig[1:] == 0):
        return simulate(problem, make, steps, runs=runs, seed=seed, grid=grid, common_noise=True, **kw)
    axis = list(grid).index("sigma")
    noisy_part = simulate(problem, make, steps, runs=runs, seed=seed, grid={**grid, "sigma": sig[1:]},
                          common_noise=True, **kw)
    still = simulate(problem, make, steps, runs=1, seed=seed, grid={**grid, "sigma": sig[:1]}, **kw)

    def join(name):
        a, b = getattr(still, name), getattr(noisy_part, name)
        return np.concatenate([np.broadcast_to(a, a.shape[:-2] + (runs,) + a.shape[-1:]), b], axis=axis)

    return dataclasses.replace(noisy_part, grid={**noisy_part.grid, "sigma": sig},
                               **{m: join(m) for m in ("loss_gap", "grad_norm_sq", "saturation")})


def noisy(sigma2s) -> tuple:
    """The sigma^2 values with noise (> 0): only there is there a stationary floor to measure."""
    return tuple(s for s in sigma2s if s > 0)


@persistent(4)
def analog_sgd_grid(steps: int = 2500, runs: int = 8, seed: int = 0) -> dict:
    """Notebook 02's whole slider grid on the Fig. 3 problem.

    Returns {"curves": {"analog-sgd": Summary over (tau, sigma2, lr), "digital-sgd": Summary over (sigma2, lr)}
    (f(W_k) - f* from W_0 = 0 over ``steps`` steps, sigma^2 = 0 included), "floors": the stationary floors
    (:func:`~aimc_edu.experiments.stationary.stationary_floors`, sigma^2 > 0), "theory": Analog SGD as SGD on
    the implicitly penalised objective (:func:`~aimc_edu.experiments.stationary.analog_theory`) and "box":
    the best value reachable inside the range per tau (:func:`~aimc_edu.experiments.stationary.box_limit`)}.
    """
    g, problem = ANALOG_GRID, fig3_problem()
    sig = np.sqrt(g["sigma2"])
    with np.errstate(all="ignore"):
        analog = _shared_noise_run(problem, lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), steps, runs, seed,
                                   {"tau": g["tau"], "sigma": sig, "lr": g["lr"]}, record_every=25)
        digital = _shared_noise_run(problem, lambda lr: DigitalSGD(lr), steps, runs, seed + 1,
                                    {"sigma": sig, "lr": g["lr"]}, record_every=25)
    grid = {"tau": g["tau"], "sigma2": noisy(g["sigma2"]), "lr": g["lr"]}
    floors = {"analog-sgd": stationary_floors(problem, "analog-sgd", grid, runs=runs, seed=seed + 2, **STATIONARY),
              "digital-sgd": stationary_floors(problem, "digital-sgd", {k: grid[k] for k in ("sigma2", "lr")},
                                               runs=runs, seed=seed + 3, **STATIONARY)}
    return {"curves": {"analog-sgd": _sigma2_axis(summarize(analog)), "digital-sgd": _sigma2_axis(summarize(digital))},
            "floors": floors, "theory": analog_theory(problem, grid), "box": box_limit(problem, g["tau"])}


@functools.lru_cache(maxsize=64)
def analog_sgd_point(tau: float, sigma2: float, lr: float, init: float, steps: int = 2500, runs: int = 8,
                     seed: int = 0) -> dict:
    """Analog and digital SGD at one setting with W_0 = init (every coordinate): the curves."""
    sigma = float(np.sqrt(sigma2))
    with np.errstate(all="ignore"):
        analog = simulate(fig3_problem(), AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs, seed=seed,
                          sigma=sigma, init=init, record_every=25)
        digital = simulate(fig3_problem(), DigitalSGD(lr), steps, runs=runs, seed=seed + 1, sigma=sigma,
                           init=init, record_every=25)
    return {"analog-sgd": summarize(analog), "digital-sgd": summarize(digital)}


# ---------------------------------------------------------------------------------- notebook 03
PULSE_GRID = {"tau": (0.5, 1.0, 1.5, 2.0, 2.5), "states": (3, 10, 30, 100, 300), "noise": (0.0, 0.3, 1.0)}
PULSE_DEFAULTS = {"tau": 1.0, "states": 300, "noise": 0.0}   # paper Fig. 3: 300 states, no variation
PULSE_SETTINGS = {"lr": 0.03, "sigma": 0.1}


@persistent(8)
def model_grid(steps: int = 2500, runs: int = 6, seed: int = 0) -> dict:
    """Digital SGD and the expectation-level analog dynamic on the Fig. 3 problem, per tau."""
    lr, sigma = PULSE_SETTINGS["lr"], PULSE_SETTINGS["sigma"]
    analog = simulate(fig3_problem(), lambda tau: AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs, seed=seed,
                      sigma=sigma, grid={"tau": PULSE_GRID["tau"]}, record_every=25)
    digital = simulate(fig3_problem(), DigitalSGD(lr), steps, runs=runs, seed=seed + 1, sigma=sigma,
                       record_every=25)
    return {"analog-sgd": summarize(analog), "digital-sgd": summarize(digital)}


@persistent(8)
def pulsed_grid(noise: float, steps: int = 2500, runs: int = 6, seed: int = 0) -> Summary:
    """Pulse-level Analog SGD (dw_min = tau / states, stochastic rounding) over the (tau, states) grid."""
    lr, sigma = PULSE_SETTINGS["lr"], PULSE_SETTINGS["sigma"]

    def make(tau, states):
        return AnalogSGD(lr, Pulsed(SoftBounds(tau), dw_min=tau / states, noise=noise))

    trace = simulate(fig3_problem(), make, steps, runs=runs, seed=seed + 2, sigma=sigma,
                     grid={"tau": PULSE_GRID["tau"], "states": PULSE_GRID["states"]}, record_every=25)
    return summarize(trace)


# ---------------------------------------------------------------------------------- notebook 04
TT_GRID = {"tau": (0.5, 1.0, 2.0), "sigma2": (1e-2, 1e-1), "lr": (0.001, 0.003, 0.01, 0.03, 0.1)}
TT_DEFAULTS = {"tau": 1.0, "sigma2": 1e-2, "lr": 0.01}   # the optimum (max |x*| = 0.64) fits in [-1, 1]
TT_STEPS = 4000
TT_STATIONARY = {"burn": 10.0, "window": 12.0}
"""Tiki-Taka relaxes more slowly (its damping is beta E|g| / tau): a longer burn-in, a shorter window."""


@persistent(4)
def tiki_taka_grid(steps: int = TT_STEPS, runs: int = 8, seed: int = 0) -> dict:
    """Tiki-Taka (beta = alpha, gamma = 0), Analog SGD and digital SGD over notebook 04's (tau, sigma^2, alpha) grid.

    Returns {"curves": {name: Summary}} (f(W_k) - f* from W_0 = 0 over ``steps`` steps; Tiki-Taka's P
    snapshots in ``extra["P"]``), "floors": {name: Table} (stationary floors) and "box" (per tau).
    """
    g, problem = TT_GRID, fig3_problem()
    sig = np.sqrt(g["sigma2"])
    every = max(1, steps // 50)
    with np.errstate(all="ignore"):
        tt = simulate(problem, lambda tau, lr: TikiTaka(lr, lr, SoftBounds(tau)), steps, runs=runs, seed=seed,
                      grid={"tau": g["tau"], "sigma": sig, "lr": g["lr"]}, record_every=every,
                      weights_at=range(0, steps + 1, every), common_noise=True)
        analog = simulate(problem, lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs,
                          seed=seed + 1, grid={"tau": g["tau"], "sigma": sig, "lr": g["lr"]}, record_every=every,
                          common_noise=True)
        digital = simulate(problem, lambda lr: DigitalSGD(lr), steps, runs=runs, seed=seed + 2,
                           grid={"sigma": sig, "lr": g["lr"]}, record_every=every, common_noise=True)
    P_steps = np.array(sorted(tt.fast_weights))
    P = np.stack([tt.fast_weights[k] for k in P_steps], axis=-1)    # (*grid, runs, d, n)
    curves = {"tiki-taka": _sigma2_axis(summarize(tt, P=P, P_steps=np.broadcast_to(P_steps, P.shape[:-3] + P_steps.shape))),
              "analog-sgd": _sigma2_axis(summarize(analog)), "digital-sgd": _sigma2_axis(summarize(digital))}
    grid = {"tau": g["tau"], "sigma2": g["sigma2"], "lr": g["lr"]}
    floors = {name: stationary_floors(problem, name, grid if name != "digital-sgd" else
                                      {k: grid[k] for k in ("sigma2", "lr")}, runs=runs, seed=seed + 3 + i,
                                      **TT_STATIONARY)
              for i, name in enumerate(("tiki-taka", "analog-sgd", "digital-sgd"))}
    return {"curves": curves, "floors": floors, "box": box_limit(problem, g["tau"])}
