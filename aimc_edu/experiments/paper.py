"""The simulations behind the paper's toy figures (Figs. 1, 3, 4) at the authors' settings, as labelled data.

Each figure puts two models of Analog SGD side by side (notes, Sec. 6):

* ``"analog-sgd"``: the paper's dynamic, W <- W - alpha g - (alpha/tau) |g| W, with gradient noise sigma
  (what the paper's theory describes);
* ``"per_sample"`` (and ``"per_sample-pulsed"``): our model of the curve the paper actually drew, IBM
  AIHWKIT at the pulse level: read noise w on the forward pass instead of gradient noise, one pulse
  train per row of the (full) batch, so the drift sees sum_b |g_b| (``update="per-sample"``), and
  soft-bounds pulses of dw_min = tau / states (:class:`~aimc_edu.devices.Pulsed`, Poisson counts);
  ``"per_sample"`` is the same update at the expectation level.

Settings are :data:`aimc_edu.problems.SCRIPT_SETTINGS` (scripts S1, S2, S3.2, S3.3) on our NumPy draw of A
and x_true (the authors' torch draw cannot be reproduced). Every Summary is in the paper's units
(f - f*)/d. ``steps`` and ``runs`` may be lowered for a quick look. Drawing is :mod:`aimc_edu.viz.figures`.
"""

from __future__ import annotations

import numpy as np

from ..algorithms import AnalogSGD, DigitalSGD
from ..devices import ExpStep, Ideal, LinearStep, PowStep, Pulsed, SoftBounds
from ..engine import simulate
from ..problems import (SCRIPT_SETTINGS, fig1_problem, fig3_problem, fig4_init_problem, fig4_sigma_problem,
                        mean_singular_value)
from .devices import response_curves
from .summary import summarize

MODELS = {"digital-sgd": "digital SGD (gradient noise)",
          "analog-sgd": "the paper's dynamic (aggregate, gradient noise)",
          "per_sample": "per-sample update, expectation level (read noise)",
          "per_sample-pulsed": "per-sample pulses (read noise; our model of the AIHWKIT curve)"}
"""What each key of the figure data holds."""


def _side_by_side(problem, make, steps, runs, seed, *, dynamic: dict, per_sample: dict, pulse_device,
                  init=0.0, record_every=10) -> dict:
    """The paper's dynamic next to the per-sample models, each a dict of Summaries in paper units.

    ``make(device)`` returns the algorithm factory, with the soft-bounds device (``device=None``) or
    ``pulse_device`` (a callable taking the same grid parameters); ``dynamic`` and ``per_sample`` are
    the noise keywords (and grids) of the two sides, e.g. ``{"sigma": 0.1}`` and ``{"read_noise": w}``.
    """
    kw = dict(runs=runs, record_every=record_every, init=init)
    out = {"analog-sgd": simulate(problem, make(None), steps, seed=seed + 1, **dynamic, **kw),
           "per_sample": simulate(problem, make(None), steps, seed=seed + 2, update="per-sample", **per_sample, **kw),
           "per_sample-pulsed": simulate(problem, make(pulse_device), steps, seed=seed + 3, update="per-sample",
                                         **per_sample, **kw)}
    return {k: summarize(v).in_paper_units() for k, v in out.items()}


def fig1(steps: int = 2500, runs: int = 8, seed: int = 0) -> dict:
    """Fig. 1 (script S1): digital SGD, the paper's dynamic and the per-sample models for alpha in
    {0.2, 0.1, 0.05, 0.03}; tau = 3, sigma = w = 0.01/sqrt(40), dw_min = 1e-4 (30,000 states).

    Returns {"digital-sgd", "analog-sgd", "per_sample", "per_sample-pulsed": Summary over lr, "settings": dict}.
    """
    s = SCRIPT_SETTINGS["fig1"]
    tau, lrs = s["tau"], list(s["lr"])
    p = fig1_problem()

    def make(device):
        return lambda lr: AnalogSGD(lr, SoftBounds(tau) if device is None else device())

    grid = {"lr": lrs}
    data = _side_by_side(p, make, steps, runs, seed, dynamic={"sigma": s["sigma"], "grid": grid},
                         per_sample={"read_noise": s["read_noise"], "grid": grid},
                         pulse_device=lambda: Pulsed(SoftBounds(tau), dw_min=s["dw_min"]))
    dig = simulate(p, lambda lr: DigitalSGD(lr), steps, runs=runs, seed=seed, sigma=s["sigma"], grid={"lr": lrs},
                   record_every=10)
    return {"digital-sgd": summarize(dig).in_paper_units(), **data, "settings": dict(s)}


def fig2() -> dict:
    """Fig. 2: response curves of an ideal device and a soft-bounds device with tau = 1."""
    return {"ideal device": response_curves(Ideal(), span=(-1.0, 1.0)),
            r"soft bounds, $\tau$ = 1": response_curves(SoftBounds(1.0))}


def fig3(steps: int = 2500, runs: int = 8, seed: int = 0) -> dict:
    """Fig. 3 (script S2): per tau in {1, 1.5, 2, 2.5}, digital SGD and the paper's dynamic (sigma = 0.1)
    next to the per-sample models (read noise 0.1 / mean singular value of A, 300 states).

    Returns {"digital-sgd": Summary, "analog-sgd", "per_sample", "per_sample-pulsed": Summary over tau,
    "settings": dict (with the read noise used)}.
    """
    s = dict(SCRIPT_SETTINGS["fig3"])
    p = fig3_problem()
    s["read_noise"] = 0.1 / mean_singular_value(p)

    def make(device):
        return lambda tau: AnalogSGD(s["lr"], SoftBounds(tau) if device is None else device(tau))

    grid = {"tau": list(s["tau"])}
    data = _side_by_side(p, make, steps, runs, seed, dynamic={"sigma": s["sigma"], "grid": grid},
                         per_sample={"read_noise": s["read_noise"], "grid": grid},
                         pulse_device=lambda tau: Pulsed.with_states(SoftBounds(tau), s["states"]))
    dig = simulate(p, DigitalSGD(s["lr"]), steps, runs=runs, seed=seed, sigma=s["sigma"], record_every=10)
    return {"digital-sgd": summarize(dig).in_paper_units(), **data, "settings": s}


def fig4_starts(problem, settings: dict) -> tuple[np.ndarray, list]:
    """Fig. 4 (right) initial points: the constants of S3.3 clipped to [-tau, tau] (as AIHWKIT writes
    them; those above tau coincide, so each appears once) and digital GD after 10, 20, 30 steps from 0."""
    tau, pre = settings["tau"], list(settings["pretrain"])
    clipped = sorted({float(np.clip(v, -tau, tau)) for v in settings["init"]}, reverse=True)
    gd = simulate(problem, DigitalSGD(settings["lr"]), max(pre), weights_at=pre, record_every=max(pre))
    starts = [np.full(problem.dim, v) for v in clipped] + [np.clip(gd.weights[k][0], -tau, tau) for k in pre]
    names = [[f"{v:g}" for v in settings["init"] if np.clip(v, -tau, tau) == c] for c in clipped]
    names = [", ".join(n) + (f" (clipped to {c:g})" if len(n) > 1 or float(n[0]) != c else "")
             for n, c in zip(names, clipped)]
    return np.stack(starts), names + [f"{k} digital GD steps" for k in pre]


def fig4(steps: int | None = None, runs: int = 8, seed: int = 0) -> dict:
    """Fig. 4: the asymptotic error vs tau (Fig. 3 data), vs sigma^2 (script S3.2: 200 steps, tau = 2,
    alpha = 0.1, w = sigma, 20,000 states) and from several W_0 (S3.3: 50 steps, tau = 1, alpha = 0.1).

    ``steps`` (if given) replaces the scripts' lengths of all three panels. Returns
    {"tau": {model: Summary over tau}, "sigma2": {model: Summary over sigma2},
    "init": {model: Summary over init}, "init_labels": [...], "settings": {...}}.
    """
    t3 = fig3(2500 if steps is None else steps, runs, seed)
    ss, si = SCRIPT_SETTINGS["fig4-sigma"], SCRIPT_SETTINGS["fig4-init"]
    sig = np.asarray(ss["sigma"])

    def make_sigma(device):
        return lambda: AnalogSGD(ss["lr"], SoftBounds(ss["tau"]) if device is None else device())

    by_sigma = _side_by_side(fig4_sigma_problem(), make_sigma, ss["steps"] if steps is None else steps, runs,
                             seed + 10, dynamic={"grid": {"sigma": sig}}, per_sample={"grid": {"read_noise": sig}},
                             pulse_device=lambda: Pulsed(SoftBounds(ss["tau"]), dw_min=ss["dw_min"]), record_every=1)
    p = fig4_init_problem()
    starts, labels = fig4_starts(p, si)

    def make_init(device):
        return lambda: AnalogSGD(si["lr"], SoftBounds(si["tau"]) if device is None else device())

    by_init = _side_by_side(p, make_init, si["steps"] if steps is None else steps, runs, seed + 20,
                            dynamic={"sigma": si["sigma"]}, per_sample={"read_noise": si["read_noise"]}, init=starts,
                            pulse_device=lambda: Pulsed(SoftBounds(si["tau"]), dw_min=si["dw_min"]), record_every=1)
    return {"tau": {k: t3[k] for k in ("analog-sgd", "per_sample", "per_sample-pulsed")},
            "sigma2": {k: v.relabel("sigma" if k == "analog-sgd" else "read_noise", "sigma2", sig**2)
                       for k, v in by_sigma.items()},
            "init": by_init, "init_labels": labels,
            "settings": {"tau": t3["settings"], "sigma2": dict(ss), "init": dict(si)}}


def fig6() -> dict:
    """Fig. 6: response curves of a linear-step, a power-step and an exponential-step device on [-1, 1]."""
    return {"linear step": response_curves(LinearStep(0.3, 0.6, -1.0, 1.0), n=401),
            "power step": response_curves(PowStep(0.5, 1.5, -1.0, 1.0), n=401),
            "exponential step": response_curves(ExpStep(w_min=-1.0, w_max=1.0), n=401)}
