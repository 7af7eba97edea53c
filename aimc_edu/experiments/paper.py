"""The simulations behind the paper's toy figures (Figs. 1, 3, 4) at the paper's settings, as labelled data.

Settings are :data:`aimc_edu.problems.PAPER_SETTINGS`; ``steps`` and ``runs`` may be lowered for a
quick look. Drawing is :mod:`aimc_edu.viz.figures`; :mod:`aimc_edu.paper` joins the two.
"""

from __future__ import annotations

import numpy as np

from ..algorithms import AnalogSGD, DigitalSGD
from ..devices import ExpStep, Ideal, LinearStep, PowStep, Pulsed, SoftBounds
from ..engine import simulate
from ..problems import PAPER_SETTINGS, fig1_problem, fig3_problem, fig4_sigma_problem
from .devices import response_curves
from .summary import summarize


def fig1(steps: int = 2500, runs: int = 8, seed: int = 0) -> dict:
    """Fig. 1: digital vs Analog SGD for alpha in {0.2, 0.1, 0.05, 0.03} (tau = 3, sigma = 0.01/sqrt(40)).

    Returns {"digital-sgd": Summary over lr, "analog-sgd": Summary over lr, "tau": 3.0}.
    """
    s = PAPER_SETTINGS["fig1"]
    kw = dict(runs=runs, sigma=s["sigma"], grid={"lr": list(s["lr"])}, record_every=10)
    dig = simulate(fig1_problem(), lambda lr: DigitalSGD(lr), steps, seed=seed, **kw)
    ana = simulate(fig1_problem(), lambda lr: AnalogSGD(lr, SoftBounds(s["tau"])), steps, seed=seed + 1, **kw)
    return {"digital-sgd": summarize(dig), "analog-sgd": summarize(ana), "tau": s["tau"]}


def fig2() -> dict:
    """Fig. 2: response curves of an ideal device and a soft-bounds device with tau = 1."""
    return {"ideal device": response_curves(Ideal(), span=(-1.0, 1.0)),
            r"soft bounds, $\tau$ = 1": response_curves(SoftBounds(1.0))}


def fig3(steps: int = 2500, runs: int = 4, seed: int = 0) -> dict:
    """Fig. 3: digital SGD, the analog dynamic and the pulse-level simulation (300 states), per tau."""
    s = PAPER_SETTINGS["fig3"]
    kw = dict(runs=runs, sigma=s["sigma"], record_every=10)
    taus = {"tau": list(s["tau"])}
    dig = simulate(fig3_problem(), DigitalSGD(s["lr"]), steps, seed=seed, **kw)
    ana = simulate(fig3_problem(), lambda tau: AnalogSGD(s["lr"], SoftBounds(tau)), steps, seed=seed + 1,
                   grid=taus, **kw)
    pul = simulate(fig3_problem(), lambda tau: AnalogSGD(s["lr"], Pulsed.with_states(SoftBounds(tau), s["states"])),
                   steps, seed=seed + 2, grid=taus, **kw)
    return {"digital-sgd": summarize(dig), "analog-sgd": summarize(ana), "pulsed": summarize(pul)}


def fig4(steps: int = 2500, runs: int = 8, seed: int = 0) -> dict:
    """Fig. 4: Analog SGD's asymptotic error vs tau, vs sigma^2, and its independence of W_0.

    Returns {"tau": Summary over tau, "sigma2": Summary over sigma2, "init": Summary over init}.
    """
    st, ss, si = PAPER_SETTINGS["fig4-tau"], PAPER_SETTINGS["fig4-sigma"], PAPER_SETTINGS["fig4-init"]
    kw = dict(runs=runs, record_every=10)
    by_tau = simulate(fig3_problem(), lambda tau: AnalogSGD(st["lr"], SoftBounds(tau)), steps, seed=seed,
                      sigma=st["sigma"], grid={"tau": list(st["tau"])}, **kw)
    sig = np.asarray(ss["sigma"])
    by_sigma = simulate(fig4_sigma_problem(), AnalogSGD(ss["lr"], SoftBounds(ss["tau"])), steps, seed=seed + 1,
                        grid={"sigma": sig}, **kw)
    by_init = simulate(fig4_sigma_problem(), AnalogSGD(si["lr"], SoftBounds(si["tau"])), steps, seed=seed + 2,
                       sigma=si["sigma"], grid={"init": list(si["init"])}, **kw)
    return {"tau": summarize(by_tau),
            "sigma2": summarize(by_sigma).relabel("sigma", "sigma2", sig**2),
            "init": summarize(by_init)}


def fig6() -> dict:
    """Fig. 6: response curves of a linear-step, a power-step and an exponential-step device on [-1, 1]."""
    return {"linear step": response_curves(LinearStep(0.3, 0.6, -1.0, 1.0), n=401),
            "power step": response_curves(PowStep(0.5, 1.5, -1.0, 1.0), n=401),
            "exponential step": response_curves(ExpStep(w_min=-1.0, w_max=1.0), n=401)}
