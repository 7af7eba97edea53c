"""Notebook 05's dashboard: the derived floor and stationary point over simulated Analog and digital SGD.

1-D instance f(w) = L/2 (w - w*)^2, g = L (w - w*) + sigma xi, soft bounds (radius tau). Sliders
sigma^2, tau, L, w*, alpha. Left: f(w_k) - f* (10-90 % band over seeds and the mean over seeds)
with the predicted floors as horizontal lines. Right: the histogram of late w against the
predicted stationary mean and the Gaussian N(E[w], Var(w)) of :func:`aimc_edu.theory.analog_stationary_moments`.

The science lives in :mod:`aimc_edu.theory` and :func:`aimc_edu.simulate.simulate`;
:func:`theory_point` gathers data, :func:`draw_theory_point` draws it, :func:`theory_dashboard` wires sliders.

Example:
    >>> data = theory_point(sigma2=1.0, tau=1.0, L=1.0, w_star=0.5, alpha=0.05, runs=8)
    >>> sorted(data["predicted"])
    ['analog_floor', 'analog_floor_small_lr', 'digital_floor', 'mean', 'var', 'w_bar']
"""

from __future__ import annotations

import html
import warnings

import ipywidgets as W
import matplotlib.pyplot as plt
import numpy as np
from IPython import get_ipython
from IPython.display import HTML, display

from . import theory
from ._validate import as_int, as_param
from .algorithms import AnalogSGD, DigitalSGD
from .devices import SoftBounds
from .problems import Quadratic
from .simulate import simulate
from .style import COLORS, course_style

RANGES = {"sigma2": (1e-3, 4.0), "tau": (0.2, 3.0), "L": (0.2, 3.0), "w_star": (-1.5, 1.5), "alpha": (1e-3, 0.2)}
DEFAULTS = {"sigma2": 1.0, "tau": 1.0, "L": 1.0, "w_star": 0.5, "alpha": 0.05}


def _steps(alpha: float, L: float) -> tuple[int, int]:
    """Enough steps to relax (~12 / (alpha L)), and the burn-in after which w is sampled."""
    steps = int(np.clip(12.0 / (alpha * L), 400, 12_000))
    return steps, steps // 2


def theory_point(sigma2: float, tau: float, L: float, w_star: float, alpha: float, *, runs: int = 48,
                 seed: int = 0) -> dict:
    """Simulate Analog and digital SGD on the 1-D instance and collect the matching predictions.

    Returns:
        {"steps", "analog": {"band", "mean", "w"}, "digital": {...}, "predicted": {...}, "params"},
        bands of f - f* with shape (3, n_records), "w" the pooled late iterates.
    """
    for name, v in (("sigma2", sigma2), ("tau", tau), ("L", L), ("w_star", w_star), ("alpha", alpha)):
        lo, hi = RANGES[name]
        as_param(name, v, low=lo, high=hi)
    runs = as_int("runs", runs, low=2)
    sigma = float(np.sqrt(sigma2))
    steps, burn = _steps(alpha, L)
    problem = Quadratic(1, L, w_star)
    p = theory.analog_stationary_moments(sigma, tau, L, w_star, alpha)   # raises if alpha is too large
    snaps = np.linspace(burn, steps, 25).astype(int)
    out = {"params": dict(sigma2=sigma2, tau=tau, L=L, w_star=w_star, alpha=alpha)}
    for key, alg in (("analog", AnalogSGD(alpha, SoftBounds(tau))), ("digital", DigitalSGD(alpha))):
        tr = simulate(problem, alg, steps, runs=runs, seed=seed, sigma=sigma, record_every=max(1, steps // 300),
                      weights_at=snaps)
        w = np.concatenate([v[..., 0] for v in tr.weights.values()])
        out[key] = {"band": tr.band(), "mean": tr.loss_gap.mean(axis=0), "w": w}
        out["steps"] = tr.steps
    digital = alpha * sigma2 / (2 * (2 - alpha * L))
    out["predicted"] = {"w_bar": float(p["w_bar"]), "mean": float(p["mean"]), "var": float(p["var"]),
                        "analog_floor": float(p["loss_gap"]),
                        "analog_floor_small_lr": float(0.5 * L * (p["w_bar"] - w_star) ** 2),
                        "digital_floor": digital}
    return out


def draw_theory_point(data: dict, fig=None):
    """Two panels: f - f* (bands, means, predicted floors) and the histogram of late w (predicted mean, density)."""
    if fig is None:
        fig = plt.figure(figsize=(12, 4.4))
    fig.clear()
    ax_l, ax_r = fig.subplots(1, 2)
    k, pred, prm = data["steps"], data["predicted"], data["params"]
    for key, name in (("digital", "digital-sgd"), ("analog", "analog-sgd")):
        band = np.maximum(data[key]["band"], 1e-12)
        ax_l.fill_between(k, band[0], band[2], color=COLORS[name], alpha=0.2, lw=0)
        ax_l.plot(k, np.maximum(data[key]["mean"], 1e-12), color=COLORS[name], label=f"{key}: mean over seeds")
    ax_l.axhline(pred["analog_floor"], color=COLORS["theory"], lw=2, label="analog floor (derived)")
    ax_l.axhline(pred["analog_floor_small_lr"], color=COLORS["theory"], ls="--", lw=1.5,
                 label=r"bias part $\frac{L}{2}(\bar w - w^*)^2$")
    ax_l.axhline(pred["digital_floor"], color=COLORS["theory"], ls=":", lw=2, label="digital floor (derived)")
    ax_l.set_yscale("log")
    top = max(float(np.nanmax(data["analog"]["band"][2])), pred["analog_floor"]) * 2
    ax_l.set_ylim(min(pred["digital_floor"], pred["analog_floor_small_lr"] or pred["digital_floor"]) / 30, top)
    ax_l.set_xlabel("step $k$")
    ax_l.set_ylabel(r"$f(w_k) - f^*$")
    ax_l.legend(fontsize=9, loc="upper right")
    ax_l.set_title(rf"$\sigma^2$={prm['sigma2']:g}, $\tau$={prm['tau']:g}, $L$={prm['L']:g}, "
                   rf"$w^*$={prm['w_star']:g}, $\alpha$={prm['alpha']:g}", fontsize=11)
    w = data["analog"]["w"]
    ax_r.hist(w, bins=40, density=True, color=COLORS["analog-sgd"], alpha=0.45, label="Analog SGD, late $w_k$")
    ax_r.hist(data["digital"]["w"], bins=40, density=True, color=COLORS["digital-sgd"], alpha=0.3,
              label="digital SGD, late $w_k$")
    sd = np.sqrt(pred["var"])
    x = np.linspace(pred["mean"] - 4 * sd, pred["mean"] + 4 * sd, 200)
    ax_r.plot(x, np.exp(-(x - pred["mean"]) ** 2 / (2 * sd**2)) / (sd * np.sqrt(2 * np.pi)), color=COLORS["theory"],
              label=r"$N(E[w], \mathrm{Var}\,w)$ derived")
    ax_r.axvline(pred["w_bar"], color=COLORS["theory"], lw=2, ls="--", label=r"root $\bar w$ of the mean drift")
    ax_r.axvline(prm["w_star"], color="0.5", lw=2, ls=":", label="$w^*$")
    ax_r.set_xlabel("$w$")
    ax_r.set_ylabel("density")
    ax_r.legend(fontsize=9, loc="upper left")
    fig.tight_layout()
    return fig


def _slider(name: str, description: str, log: bool = False):
    lo, hi = RANGES[name]
    common = dict(value=DEFAULTS[name], description=description, continuous_update=False,
                  style={"description_width": "70px"}, layout=W.Layout(width="320px"))
    if log:
        return W.FloatLogSlider(min=np.log10(lo), max=np.log10(hi), step=0.05, readout_format=".3g", **common)
    return W.FloatSlider(min=lo, max=hi, step=0.05, readout_format=".2f", **common)


class TheoryDashboard:
    """Sliders sigma^2, tau, L, w*, alpha over :func:`theory_point` / :func:`draw_theory_point`.

    Attributes:
        sliders: {name: widget}; setting ``.value`` recomputes and redraws (also headless).
        data: the last :func:`theory_point` result; message: the last notice ('' if none);
        renders: how many times the figure was redrawn.
    """

    def __init__(self, runs: int = 48, seed: int = 0):
        self.runs, self.seed = runs, seed
        self.sliders = {"sigma2": _slider("sigma2", "σ²", log=True), "tau": _slider("tau", "τ"),
                        "L": _slider("L", "L"), "w_star": _slider("w_star", "w*"),
                        "alpha": _slider("alpha", "α", log=True)}
        self.figure = plt.figure(figsize=(12, 4.4))
        plt.close(self.figure)                       # drawn explicitly, not by the inline backend's autoshow
        self.data, self.message, self.renders = None, "", 0
        self.messages = W.Output()
        self.output = W.interactive_output(self._on_change, self.sliders)
        self.output.layout = W.Layout(height="470px", overflow="hidden")
        rows = W.VBox([W.HBox([self.sliders[n] for n in ("sigma2", "tau", "L")]),
                       W.HBox([self.sliders[n] for n in ("w_star", "alpha")])])
        self.widget = W.VBox([rows, self.messages, self.output])

    def _on_change(self, **values):
        self.messages.clear_output()
        self.message = ""
        try:
            with warnings.catch_warnings(), course_style():
                warnings.simplefilter("error")
                data = theory_point(**values, runs=self.runs, seed=self.seed)
                draw_theory_point(data, self.figure)
            self.data = data
            self.renders += 1
            if not all(np.all(np.isfinite(data[k]["w"])) for k in ("analog", "digital")):
                self.message = "Some runs diverged at this setting."
        except Exception as err:                     # shown to the reader, never a traceback
            self.message = f"Could not draw: {type(err).__name__}: {err}"
        if get_ipython() is None:                    # headless (tests): nothing to show
            return
        if self.renders and self.data is not None and not self.message.startswith("Could not"):
            display(self.figure)
        if self.message:
            with self.messages:
                display(HTML(f"<b style='color:#D55E00'>{html.escape(self.message)}</b>"))

    def _ipython_display_(self):
        display(self.widget)


def theory_dashboard(runs: int = 48, seed: int = 0) -> TheoryDashboard:
    """The notebook-05 dashboard (see :class:`TheoryDashboard`)."""
    return TheoryDashboard(runs=runs, seed=seed)
