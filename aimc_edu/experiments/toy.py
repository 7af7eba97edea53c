"""The toy experiments of notebooks 02-04 (paper Figs. 1, 3, 4): whole slider grids in one call each.

Every function runs one vectorized :func:`~aimc_edu.engine.simulate` call per algorithm over its
grid, returns labelled :class:`~aimc_edu.experiments.summary.Summary` results (select a setting with
``.sel(tau=1.0, sigma2=0.01, lr=0.03)``) and is cached for the session, so a dashboard's slider move
only selects. The grids and defaults live here, next to the simulations that fill them.
"""

from __future__ import annotations

import functools

import numpy as np

from ..algorithms import AnalogSGD, DigitalSGD, TikiTaka
from ..devices import Pulsed, SoftBounds
from ..engine import simulate
from ..problems import fig3_problem
from .summary import Summary, summarize

# ---------------------------------------------------------------------------------- notebook 02
ANALOG_GRID = {"tau": (0.5, 1.0, 1.5, 2.0, 2.5, 3.0), "sigma2": (1e-3, 1e-2, 1e-1, 1.0),
               "lr": (0.01, 0.02, 0.03, 0.05, 0.1, 0.2), "init": (-0.5, 0.0, 0.5)}
ANALOG_DEFAULTS = {"tau": 1.0, "sigma2": 1e-2, "lr": 0.03, "init": 0.0}   # paper Figs. 3 and 4 (left)


def _sigma2_axis(summary: Summary) -> Summary:
    """Report the noise axis as sigma^2 (what the sliders show) instead of sigma."""
    return summary.relabel("sigma", "sigma2", np.round(np.asarray(summary.grid["sigma"]) ** 2, 12))


@functools.lru_cache(maxsize=4)
def analog_sgd_grid(steps: int = 2500, runs: int = 8, seed: int = 0) -> dict:
    """Analog and digital SGD on the Fig. 3 problem over the (tau, sigma^2, alpha) grid, W_0 = 0.

    Returns {"analog-sgd": Summary over (tau, sigma2, lr), "digital-sgd": Summary over (sigma2, lr)}.
    """
    g = ANALOG_GRID
    sig = np.sqrt(g["sigma2"])
    with np.errstate(all="ignore"):
        analog = simulate(fig3_problem(), lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs,
                          seed=seed, grid={"tau": g["tau"], "sigma": sig, "lr": g["lr"]}, record_every=25)
        digital = simulate(fig3_problem(), lambda lr: DigitalSGD(lr), steps, runs=runs, seed=seed + 1,
                           grid={"sigma": sig, "lr": g["lr"]}, record_every=25)
    return {"analog-sgd": _sigma2_axis(summarize(analog)), "digital-sgd": _sigma2_axis(summarize(digital))}


@functools.lru_cache(maxsize=64)
def analog_sgd_point(tau: float, sigma2: float, lr: float, init: float, steps: int = 2500, runs: int = 8,
                     seed: int = 0) -> dict:
    """Analog and digital SGD at one setting with W_0 = init (every coordinate)."""
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


@functools.lru_cache(maxsize=8)
def model_grid(steps: int = 2500, runs: int = 6, seed: int = 0) -> dict:
    """Digital SGD and the expectation-level analog dynamic on the Fig. 3 problem, per tau."""
    lr, sigma = PULSE_SETTINGS["lr"], PULSE_SETTINGS["sigma"]
    analog = simulate(fig3_problem(), lambda tau: AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs, seed=seed,
                      sigma=sigma, grid={"tau": PULSE_GRID["tau"]}, record_every=25)
    digital = simulate(fig3_problem(), DigitalSGD(lr), steps, runs=runs, seed=seed + 1, sigma=sigma,
                       record_every=25)
    return {"analog-sgd": summarize(analog), "digital-sgd": summarize(digital)}


@functools.lru_cache(maxsize=8)
def pulsed_grid(noise: float, steps: int = 2500, runs: int = 6, seed: int = 0) -> Summary:
    """Pulse-level Analog SGD (dw_min = tau / states, stochastic rounding) over the (tau, states) grid."""
    lr, sigma = PULSE_SETTINGS["lr"], PULSE_SETTINGS["sigma"]

    def make(tau, states):
        return AnalogSGD(lr, Pulsed(SoftBounds(tau), dw_min=tau / states, noise=noise))

    trace = simulate(fig3_problem(), make, steps, runs=runs, seed=seed + 2, sigma=sigma,
                     grid={"tau": PULSE_GRID["tau"], "states": PULSE_GRID["states"]}, record_every=25)
    return summarize(trace)


# ---------------------------------------------------------------------------------- notebook 04
TT_GRID = {"tau": (0.5, 1.0, 2.0), "sigma2": (1e-3, 1e-2, 1e-1), "lr": (0.01, 0.02, 0.03, 0.05, 0.1),
           "ratio": (0.3, 1.0, 3.0), "gamma": (0.0, 0.1, 0.5)}
TT_DEFAULTS = {"tau": 0.5, "sigma2": 1e-2, "lr": 0.01, "ratio": 1.0, "gamma": 0.0}
TT_STEPS = 5000


def _tiki_taka(taus, sigma2s, ratio: float, gamma: float, steps: int, runs: int, seed: int) -> Summary:
    """Tiki-Taka over (tau, sigma^2, alpha) with beta = ratio alpha; P snapshots in ``extra["P"]``."""
    def make(tau, lr):
        return TikiTaka(lr, ratio * lr, SoftBounds(tau), gamma=gamma)

    every = max(1, steps // 50)
    trace = simulate(fig3_problem(), make, steps, runs=runs, seed=seed,
                     grid={"tau": taus, "sigma": np.sqrt(sigma2s), "lr": TT_GRID["lr"]}, record_every=every,
                     weights_at=range(0, steps + 1, every))
    P_steps = np.array(sorted(trace.fast_weights))
    P = np.stack([trace.fast_weights[k] for k in P_steps], axis=-1)    # (*grid, runs, d, n)
    return _sigma2_axis(summarize(trace, P=P, P_steps=np.broadcast_to(P_steps, P.shape[:-3] + P_steps.shape)))


@functools.lru_cache(maxsize=4)
def tiki_taka_grid(steps: int = TT_STEPS, runs: int = 8, seed: int = 0) -> dict:
    """Tiki-Taka (beta = alpha, gamma = 0), Analog SGD and digital SGD over the (tau, sigma^2, alpha) grid."""
    g = TT_GRID
    sig = np.sqrt(g["sigma2"])
    every = max(1, steps // 50)
    tt = _tiki_taka(g["tau"], g["sigma2"], 1.0, 0.0, steps, runs, seed)
    analog = simulate(fig3_problem(), lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs,
                      seed=seed + 1, grid={"tau": g["tau"], "sigma": sig, "lr": g["lr"]}, record_every=every)
    digital = simulate(fig3_problem(), lambda lr: DigitalSGD(lr), steps, runs=runs, seed=seed + 2,
                       grid={"sigma": sig, "lr": g["lr"]}, record_every=every)
    return {"tiki-taka": tt, "analog-sgd": _sigma2_axis(summarize(analog)),
            "digital-sgd": _sigma2_axis(summarize(digital))}


@functools.lru_cache(maxsize=32)
def tiki_taka_sweep(tau: float, sigma2: float, ratio: float, gamma: float, steps: int = TT_STEPS, runs: int = 8,
                    seed: int = 0) -> Summary:
    """Tiki-Taka over the alpha grid at one (tau, sigma^2) with beta = ratio * alpha and mixing gamma."""
    return _tiki_taka((tau,), (sigma2,), ratio, gamma, steps, runs, seed).sel(tau=tau, sigma2=sigma2)
