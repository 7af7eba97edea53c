"""Live dashboards of the course: one call builds sliders, a figure and its update.

Each dashboard precomputes what its sliders can reach in one vectorized
:func:`~aimc_edu.simulate.simulate` call per algorithm (cached for the session), so a slider
move only indexes into arrays, moves the artists in place and renders a PNG into an
``Output`` widget (works in JupyterLab, Colab, Voila and static renderers; no ipympl).
Anything a callback raises is shown as a readable message in that same ``Output``.

In a notebook cell, ``widgets.analog_sgd_dashboard()`` shows the dashboard; headless,
``board.sliders["tau"].value = 2.0`` redraws and ``board.figure`` holds the updated artists.

Example:
    >>> from aimc_edu import widgets
    >>> tau = widgets.select_slider("τ (tau)", (0.5, 1.0, 2.0), 1.0)
    >>> tau.value, tau.continuous_update
    (1.0, False)
"""

from __future__ import annotations

import functools
import html
import warnings

import ipywidgets as W
import numpy as np
from IPython import get_ipython
from IPython.display import HTML, Image, display

from . import plots
from .algorithms import AnalogSGD, DigitalSGD, TikiTaka
from .devices import ExpStep, Ideal, LinearStep, PowStep, SoftBounds
from .problems import fig3_problem
from .pulsed import Pulsed
from .simulate import simulate

QUANTILES = (0.1, 0.5, 0.9)
OUTPUT_HEIGHT = "420px"
SLIDER_STYLE = {"description_width": "110px"}


def _styled(build):
    """Run a dashboard builder inside the course's matplotlib style (fonts, line widths)."""
    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        with plots.course_style():
            return build(*args, **kwargs)
    return wrapper


def select_slider(description: str, options, value, fmt: str = "{:g}") -> W.SelectionSlider:
    """A slider over a fixed list of values (those the dashboard precomputed), clamped by construction."""
    return W.SelectionSlider(options=[(fmt.format(v), v) for v in options], value=value,
                             description=description, continuous_update=False, style=SLIDER_STYLE,
                             layout=W.Layout(width="340px"))


class Dashboard:
    """Sliders + an Agg figure + a PNG view in an ``Output`` widget, wired by ``interactive_output``.

    Attributes:
        sliders: {name: widget}; setting ``.value`` redraws (also headless).
        figure: the matplotlib Figure whose artists are updated in place.
        message: the last notice shown above the figure ('' when all is well).
        png: the last rendered image.
    """

    def __init__(self, sliders: dict, figure, redraw, rows: list[list[str]], dpi: int = 72):
        self.sliders, self.figure, self._redraw, self.dpi = sliders, figure, redraw, dpi
        self.message, self.png, self.renders, self.full_draws = "", b"", 0, 0
        self._background = None
        self._dynamic = [a for ax in figure.axes for a in (*ax.lines, *ax.collections, *ax.texts)]
        for artist in self._dynamic:
            artist.set_animated(True)
        figure.set_dpi(dpi)  # render at the figure's own dpi: text caches stay valid between redraws
        self.output = W.interactive_output(self._on_change, sliders)  # first draw: constrained layout
        self.output.layout = W.Layout(height=OUTPUT_HEIGHT, overflow="hidden")
        figure.set_layout_engine("none")  # layout fixed by the first draw: later redraws skip it (2x faster)
        controls = W.VBox([W.HBox([sliders[n] for n in row]) for row in rows])
        self.widget = W.VBox([controls, self.output])

    def _on_change(self, **values) -> None:
        try:
            with warnings.catch_warnings(), plots.course_style():
                warnings.simplefilter("error")  # a warning is a bug here: surface it as a message
                frame = self._frame()
                self.message = self._redraw(**values) or ""
                self.png = self._render(full=self._frame() != frame)
            self.renders += 1
        except Exception as err:  # shown to the reader, never a traceback
            self.message = f"Could not draw this setting: {type(err).__name__}: {err}"
        if get_ipython() is None:  # headless (tests, bench): nothing to show
            return
        if self.message:
            display(HTML(f"<b style='color:#D55E00'>{html.escape(self.message)}</b>"))
        if self.png:
            display(Image(data=self.png, format="png"))

    def _frame(self) -> tuple:
        """What the static background shows: axis limits, scales and labels of every axes."""
        return tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(), ax.get_xlabel())
                     for ax in self.figure.axes)

    def _render(self, full: bool) -> bytes:
        """PNG of the figure: redraw the frame only when it changed, else blit the data artists onto it."""
        canvas = self.figure.canvas
        if full or self._background is None:
            canvas.draw()  # data artists are 'animated', so this draws the frame alone
            self._background = canvas.copy_from_bbox(self.figure.bbox)
            self.full_draws += 1
        else:
            canvas.restore_region(self._background)
        for artist in self._dynamic:
            self.figure.draw_artist(artist)
        return plots.encode_png(np.asarray(canvas.buffer_rgba()))

    def set(self, **values) -> None:
        """Move several sliders (each move redraws)."""
        for name, value in values.items():
            self.sliders[name].value = value

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _ipython_display_(self):
        display(self.widget)


def _summary(trace) -> dict:
    """Quantile bands and floors (mean, se over seeds) of a trace, without the per-run arrays."""
    with np.errstate(invalid="ignore", over="ignore"):
        band = trace.band("loss_gap", QUANTILES)
        mean, se = trace.asymptotic_error(last=max(2, len(trace.steps) // 5))
    return {"steps": trace.steps, "band": band, "floor": np.asarray(mean), "se": np.asarray(se)}


def _finite_message(*bands) -> str:
    if all(np.all(np.isfinite(b)) and np.all(b < 1e6) for b in bands):
        return ""
    return ("Diverged: at this corner the increments alpha*|g| are comparable to tau, so the analog update "
            "overshoots its bounds. Try a smaller alpha or sigma^2, or a larger tau.")


def _show(values: np.ndarray) -> np.ndarray:
    """Loss values for a log plot: non-finite or huge values clipped so the curve shows divergence."""
    return np.clip(np.nan_to_num(values, nan=1e6, posinf=1e6), 1e-12, 1e6)


# ----------------------------------------------------------------------------- 01 devices
DEVICE_CHOICES = ("ideal", "soft-bounds", "linear-step", "pow-step", "exp-step")


def build_device(name: str, tau: float, gamma_up: float, gamma_down: float):
    """The device of the 01 dashboard: every family on the range [-tau, tau]."""
    if name == "ideal":
        return Ideal()
    if name == "soft-bounds":
        return SoftBounds(tau)
    if name == "linear-step":
        return LinearStep(gamma_up, gamma_down, -tau, tau)
    if name == "pow-step":
        return PowStep(gamma_up, gamma_down, -tau, tau)
    return ExpStep(w_min=-tau, w_max=tau)


@_styled
def device_dashboard(device: str = "soft-bounds", tau: float = 1.0, states: int = 50, noise: float = 0.0,
                     seed: int = 0) -> Dashboard:
    """01: q_plus, q_minus, F, G of a device family and a pulse-response trace (paper Figs. 2 and 6).

    The trace applies n = 2 * states pulses up then n down, from the symmetric point, with
    dw_min = tau / states and optional multiplicative cycle-to-cycle noise (3 seeds).
    """
    sliders = {
        "device": W.Dropdown(options=DEVICE_CHOICES, value=device, description="device family",
                             style=SLIDER_STYLE),
        "tau": W.FloatSlider(value=tau, min=0.2, max=3.0, step=0.1, description="τ (tau)",
                             style=SLIDER_STYLE, continuous_update=False),
        "gamma_up": W.FloatSlider(value=0.5, min=0.05, max=3.0, step=0.05, description="γ↑ (gamma_up)",
                                  style=SLIDER_STYLE, continuous_update=False),
        "gamma_down": W.FloatSlider(value=0.5, min=0.05, max=3.0, step=0.05, description="γ↓ (gamma_down)",
                                    style=SLIDER_STYLE, continuous_update=False),
        "states": W.IntSlider(value=states, min=5, max=200, step=5, description="states τ/Δw_min",
                              style=SLIDER_STYLE, continuous_update=False),
        "noise": W.FloatSlider(value=noise, min=0.0, max=1.0, step=0.05, description="pulse noise",
                               style=SLIDER_STYLE, continuous_update=False),
    }
    fig, (ax_q, ax_fg, ax_p) = plots.new_figure(3, width=4.6)
    lines = plots.response_panels(ax_q, ax_fg)
    trace_lines = [ax_p.plot([], [], color=plots.COLORS["pulsed"], alpha=a)[0] for a in (1.0, 0.6, 0.4)]
    ax_p.set_xlabel("pulse number")
    ax_p.set_ylabel("weight $w$")
    ax_p.set_title(r"$n$ pulses up, then $n$ down")

    def redraw(device, tau, gamma_up, gamma_down, states, noise):
        for name in ("gamma_up", "gamma_down"):
            sliders[name].disabled = device not in ("linear-step", "pow-step")
        dev = build_device(device, tau, gamma_up, gamma_down)
        w = np.linspace(-tau, tau, 201)
        plots.set_response(lines, w, dev)
        pulsed = Pulsed(dev, dw_min=tau / states, noise=noise)
        n = 2 * states
        path = pulsed.pulse_response(np.full(3, dev.symmetric_point), n, n, np.random.default_rng(seed))
        for i, line in enumerate(trace_lines):
            shown = noise > 0 or i == 0
            line.set_data(np.arange(len(path)) if shown else [], path[:, i] if shown else [])
        for ax in (ax_q, ax_fg, ax_p):
            plots.autoscale(ax, ylog=False, expand_only=True)
        ax_q.set_xlim(-tau, tau)
        ax_fg.set_xlim(-tau, tau)
        return ""

    board = Dashboard(sliders, fig, redraw, [["device", "tau", "states"], ["gamma_up", "gamma_down", "noise"]])
    board.lines = lines
    board.trace_lines = trace_lines
    return board


# ----------------------------------------------------------------------------- 02 analog SGD
ANALOG_GRID = {"tau": (0.5, 1.0, 1.5, 2.0, 2.5, 3.0), "sigma2": (1e-3, 1e-2, 1e-1, 1.0),
               "lr": (0.01, 0.02, 0.03, 0.05, 0.1, 0.2), "init": (-0.5, 0.0, 0.5)}
ANALOG_DEFAULTS = {"tau": 1.0, "sigma2": 1e-2, "lr": 0.03, "init": 0.0}  # paper Figs. 3 and 4 (left)


@functools.lru_cache(maxsize=4)
def analog_sgd_data(steps: int = 2500, runs: int = 8, seed: int = 0) -> dict:
    """Analog and digital SGD on the Fig. 3 problem over the whole (tau, sigma^2, alpha) grid, W_0 = 0.

    Returns {"analog": summary with grid axes (tau, sigma2, lr), "digital": (sigma2, lr)}.
    """
    g = ANALOG_GRID
    sig = np.sqrt(g["sigma2"])
    with np.errstate(all="ignore"):
        analog = simulate(fig3_problem(), lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs,
                          seed=seed, grid={"tau": g["tau"], "sigma": sig, "lr": g["lr"]}, record_every=25)
        digital = simulate(fig3_problem(), lambda lr: DigitalSGD(lr), steps, runs=runs, seed=seed + 1,
                           grid={"sigma": sig, "lr": g["lr"]}, record_every=25)
    return {"analog": _summary(analog), "digital": _summary(digital)}


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
    return {"analog": _summary(analog), "digital": _summary(digital)}


@_styled
def analog_sgd_dashboard(steps: int = 2500, runs: int = 8, seed: int = 0, **defaults) -> Dashboard:
    """02: f(W_k) - f* of digital vs Analog SGD (band over seeds) and the asymptotic error vs alpha, tau or sigma^2.

    Problem of paper Figs. 3-4 (least squares, d = 40); defaults tau = 1, sigma^2 = 0.01, alpha = 0.03, W_0 = 0.
    """
    d = {**ANALOG_DEFAULTS, **defaults}
    g = ANALOG_GRID
    data = analog_sgd_data(steps, runs, seed)
    sliders = {
        "tau": select_slider("τ (tau)", g["tau"], d["tau"]),
        "sigma2": select_slider("σ² (sigma²)", g["sigma2"], d["sigma2"]),
        "lr": select_slider("α (alpha)", g["lr"], d["lr"]),
        "init": select_slider("W₀ (init)", g["init"], d["init"]),
        "sweep": W.ToggleButtons(options=[("vs α", "lr"), ("vs τ", "tau"), ("vs σ²", "sigma2")], value="lr",
                                 description="right panel", style={"description_width": "90px",
                                                                   "button_width": "70px"}),
    }
    fig, (ax_l, ax_r) = plots.new_figure(2, width=6.0)
    bands = plots.loss_panel(ax_l, ["digital-sgd", "analog-sgd"])
    info = plots.info_text(ax_l)
    floors = plots.floor_panel(ax_r, ["digital-sgd", "analog-sgd"])
    ax_r.set_title("asymptotic error (±2 s.e.)")

    def redraw(tau, sigma2, lr, init, sweep):
        i, j, k = g["tau"].index(tau), g["sigma2"].index(sigma2), g["lr"].index(lr)
        if init == 0.0:
            an = {key: data["analog"][key][..., i, j, k, :] if key == "band" else data["analog"][key][i, j, k]
                  for key in ("band", "floor", "se")}
            dg = {key: data["digital"][key][..., j, k, :] if key == "band" else data["digital"][key][j, k]
                  for key in ("band", "floor", "se")}
        else:
            point = analog_sgd_point(tau, sigma2, lr, init, steps, runs, seed)
            an, dg = point["analog"], point["digital"]
        x = data["analog"]["steps"]
        bands["analog-sgd"].set_data(x, _show(an["band"]))
        bands["digital-sgd"].set_data(x, _show(dg["band"]))
        info.set_text(rf"$\tau$={tau:g}, $\sigma^2$={sigma2:g}, $\alpha$={lr:g}, $W_0$={init:g}")
        A, D = data["analog"], data["digital"]
        index = {"lr": (np.s_[i, j, :], np.s_[j, :], k), "tau": (np.s_[:, j, k], np.s_[j, k], i),
                 "sigma2": (np.s_[i, :, k], np.s_[:, k], j)}[sweep]
        xs = np.asarray(g[sweep])
        dig_mean, dig_se = np.broadcast_to(D["floor"][index[1]], xs.shape), np.broadcast_to(D["se"][index[1]], xs.shape)
        floors["analog-sgd"].set_data(xs, _show(A["floor"][index[0]]), A["se"][index[0]], index[2])
        floors["digital-sgd"].set_data(xs, _show(dig_mean), dig_se, index[2])
        if init != 0.0:  # the current point at its own W_0 (the sweep curves start at W_0 = 0)
            floors["analog-sgd"].current.set_data([xs[index[2]]], [_show(an["floor"])])
            floors["digital-sgd"].current.set_data([xs[index[2]]], [_show(dg["floor"])])
        ax_r.set_xlabel(plots.AXIS_LABELS[sweep])
        plots.autoscale(ax_l, expand_only=True)
        plots.autoscale(ax_r, expand_only=True)
        ax_r.set_xlim(min(xs) / 1.4, max(xs) * 1.4)
        return _finite_message(an["band"], dg["band"])

    board = Dashboard(sliders, fig, redraw, [["tau", "sigma2"], ["lr", "init"], ["sweep"]])
    board.bands, board.floors, board.data = bands, floors, data
    return board


# ----------------------------------------------------------------------------- 03 model vs pulses
PULSE_GRID = {"tau": (0.5, 1.0, 1.5, 2.0, 2.5), "states": (3, 10, 30, 100, 300), "noise": (0.0, 0.3, 1.0)}
PULSE_DEFAULTS = {"tau": 1.0, "states": 300, "noise": 0.0}  # paper Fig. 3: 300 states, no variation
PULSE_SETTINGS = {"lr": 0.03, "sigma": 0.1}


@functools.lru_cache(maxsize=8)
def model_data(steps: int = 2500, runs: int = 6, seed: int = 0) -> dict:
    """Digital SGD and the expectation-level analog dynamic on the Fig. 3 problem, per tau."""
    lr, sigma = PULSE_SETTINGS["lr"], PULSE_SETTINGS["sigma"]
    analog = simulate(fig3_problem(), lambda tau: AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs, seed=seed,
                      sigma=sigma, grid={"tau": PULSE_GRID["tau"]}, record_every=25)
    digital = simulate(fig3_problem(), DigitalSGD(lr), steps, runs=runs, seed=seed + 1, sigma=sigma,
                       record_every=25)
    return {"analog": _summary(analog), "digital": _summary(digital)}


@functools.lru_cache(maxsize=8)
def pulsed_data(noise: float, steps: int = 2500, runs: int = 6, seed: int = 0) -> dict:
    """Pulse-level Analog SGD (dw_min = tau / states, stochastic rounding) over the (tau, states) grid."""
    lr, sigma = PULSE_SETTINGS["lr"], PULSE_SETTINGS["sigma"]

    def make(tau, states):
        return AnalogSGD(lr, Pulsed(SoftBounds(tau), dw_min=tau / states, noise=noise))

    trace = simulate(fig3_problem(), make, steps, runs=runs, seed=seed + 2, sigma=sigma,
                     grid={"tau": PULSE_GRID["tau"], "states": PULSE_GRID["states"]}, record_every=25)
    return _summary(trace)


@_styled
def model_vs_pulses_dashboard(steps: int = 2500, runs: int = 6, seed: int = 0, **defaults) -> Dashboard:
    """03: the analog dynamic (expectation level) against the pulse-level simulation (paper Fig. 3)."""
    d = {**PULSE_DEFAULTS, **defaults}
    g = PULSE_GRID
    model = model_data(steps, runs, seed)
    sliders = {"tau": select_slider("τ (tau)", g["tau"], d["tau"]),
               "states": select_slider("states τ/Δw_min", g["states"], d["states"]),
               "noise": select_slider("pulse noise", g["noise"], d["noise"])}
    fig, (ax_l, ax_r) = plots.new_figure(2, width=6.0)
    bands = plots.loss_panel(ax_l, ["digital-sgd", "analog-sgd", "pulsed"])
    info = plots.info_text(ax_l)
    floors = plots.floor_panel(ax_r, ["digital-sgd", "analog-sgd", "pulsed"], xlabel="states")
    ax_r.set_title(r"asymptotic error vs states (±2 s.e.)")

    def redraw(tau, states, noise):
        i, s = g["tau"].index(tau), g["states"].index(states)
        pulsed = pulsed_data(noise, steps, runs, seed)
        x = model["analog"]["steps"]
        bands["digital-sgd"].set_data(x, _show(model["digital"]["band"]))
        bands["analog-sgd"].set_data(x, _show(model["analog"]["band"][:, i]))
        bands["pulsed"].set_data(x, _show(pulsed["band"][:, i, s]))
        info.set_text(rf"$\tau$={tau:g}, {states} states, noise {noise:g}")
        xs = np.asarray(g["states"], float)
        ones = np.ones_like(xs)
        floors["digital-sgd"].set_data(xs, ones * model["digital"]["floor"], ones * model["digital"]["se"])
        floors["analog-sgd"].set_data(xs, ones * model["analog"]["floor"][i], ones * model["analog"]["se"][i])
        floors["pulsed"].set_data(xs, _show(pulsed["floor"][i]), pulsed["se"][i], s)
        plots.autoscale(ax_l, expand_only=True)
        plots.autoscale(ax_r, expand_only=True)
        ax_r.set_xlim(min(xs) / 1.4, max(xs) * 1.4)
        return _finite_message(pulsed["band"][:, i, s])

    board = Dashboard(sliders, fig, redraw, [["tau", "states", "noise"]])
    board.bands, board.floors, board.model = bands, floors, model
    board.pulsed = lambda noise: pulsed_data(noise, steps, runs, seed)
    return board


# ----------------------------------------------------------------------------- 04 Tiki-Taka
TT_GRID = {"tau": (0.5, 1.0, 2.0), "sigma2": (1e-3, 1e-2, 1e-1), "lr": (0.01, 0.02, 0.03, 0.05, 0.1),
           "ratio": (0.3, 1.0, 3.0), "gamma": (0.0, 0.1, 0.5)}
TT_DEFAULTS = {"tau": 0.5, "sigma2": 1e-2, "lr": 0.01, "ratio": 1.0, "gamma": 0.0}
TT_STEPS = 5000


def _tt_trace(tau_values, sigma_values, lr_values, ratio, gamma, steps, runs, seed):
    def make(tau, lr):
        return TikiTaka(lr, ratio * lr, gamma=gamma, device=SoftBounds(tau))
    every = max(1, steps // 50)
    trace = simulate(fig3_problem(), make, steps, runs=runs, seed=seed,
                     grid={"tau": tau_values, "sigma": sigma_values, "lr": lr_values}, record_every=every,
                     weights_at=range(0, steps + 1, every))
    out = _summary(trace)
    out["P_steps"] = np.array(sorted(trace.fast_weights))
    out["P"] = np.stack([trace.fast_weights[k] for k in out["P_steps"]], axis=-1)  # (*grid, runs, d, n)
    return out


@functools.lru_cache(maxsize=4)
def tiki_taka_data(steps: int = TT_STEPS, runs: int = 8, seed: int = 0) -> dict:
    """Tiki-Taka (beta = alpha, gamma = 0), Analog SGD and digital SGD over the (tau, sigma^2, alpha) grid."""
    g = TT_GRID
    sig = np.sqrt(g["sigma2"])
    every = max(1, steps // 50)
    tt = _tt_trace(g["tau"], sig, g["lr"], 1.0, 0.0, steps, runs, seed)
    analog = simulate(fig3_problem(), lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs,
                      seed=seed + 1, grid={"tau": g["tau"], "sigma": sig, "lr": g["lr"]}, record_every=every)
    digital = simulate(fig3_problem(), lambda lr: DigitalSGD(lr), steps, runs=runs, seed=seed + 2,
                       grid={"sigma": sig, "lr": g["lr"]}, record_every=every)
    return {"tiki-taka": tt, "analog": _summary(analog), "digital": _summary(digital)}


@functools.lru_cache(maxsize=32)
def tiki_taka_sweep(tau: float, sigma2: float, ratio: float, gamma: float, steps: int = TT_STEPS, runs: int = 8,
                    seed: int = 0) -> dict:
    """Tiki-Taka over the alpha grid at one (tau, sigma^2) with beta = ratio * alpha and mixing gamma."""
    out = _tt_trace([tau], [float(np.sqrt(sigma2))], TT_GRID["lr"], ratio, gamma, steps, runs, seed)
    return {k: (v[:, 0, 0] if k == "band" else v[0, 0]) if k in ("band", "floor", "se", "P") else v
            for k, v in out.items()}


@_styled
def tiki_taka_dashboard(steps: int = TT_STEPS, runs: int = 8, seed: int = 0, **defaults) -> Dashboard:
    """04: Analog SGD vs Tiki-Taka, asymptotic error vs alpha for both, and Tiki-Taka's fast array P.

    Fig. 3 problem; beta = ratio * alpha (paper: ratio 1), gamma = mixing of P into the forward pass.
    """
    d = {**TT_DEFAULTS, **defaults}
    g = TT_GRID
    data = tiki_taka_data(steps, runs, seed)
    sliders = {"tau": select_slider("τ (tau)", g["tau"], d["tau"]),
               "sigma2": select_slider("σ² (sigma²)", g["sigma2"], d["sigma2"]),
               "lr": select_slider("α (alpha)", g["lr"], d["lr"]),
               "ratio": select_slider("β/α (beta/alpha)", g["ratio"], d["ratio"]),
               "gamma": select_slider("γ (gamma)", g["gamma"], d["gamma"])}
    fig, (ax_l, ax_m, ax_p) = plots.new_figure(3, width=4.7)
    keys = ["digital-sgd", "analog-sgd", "tiki-taka"]
    bands = plots.loss_panel(ax_l, keys)
    info = plots.info_text(ax_l)
    floors = plots.floor_panel(ax_m, keys)
    ax_m.set_title("asymptotic error (±2 s.e.)")
    p_band = plots.Band(ax_p, "tiki-taka", label="P: 10-90% over entries")
    p_lines = [ax_p.plot([], [], color=plots.COLORS["tiki-taka"], linewidth=1, alpha=0.8)[0] for _ in range(3)]
    ax_p.axhline(0.0, color=plots.COLORS["theory"], linestyle="--", label="symmetric point")
    ax_p.set_xlabel("iteration $k$")
    ax_p.set_ylabel(r"fast array $P_k$")
    ax_p.set_title("Tiki-Taka's P")
    ax_p.legend(loc="upper right", fontsize=10)

    def redraw(tau, sigma2, lr, ratio, gamma):
        i, j, k = g["tau"].index(tau), g["sigma2"].index(sigma2), g["lr"].index(lr)
        if ratio == 1.0 and gamma == 0.0:
            tt_all = data["tiki-taka"]
            tt = {"band": tt_all["band"][:, i, j], "floor": tt_all["floor"][i, j], "se": tt_all["se"][i, j],
                  "P": tt_all["P"][i, j]}
        else:
            tt = tiki_taka_sweep(tau, sigma2, ratio, gamma, steps, runs, seed)
        an, dg = data["analog"], data["digital"]
        x = an["steps"]
        bands["tiki-taka"].set_data(x, _show(tt["band"][:, k]))
        bands["analog-sgd"].set_data(x, _show(an["band"][:, i, j, k]))
        bands["digital-sgd"].set_data(x, _show(dg["band"][:, j, k]))
        info.set_text(rf"$\tau$={tau:g}, $\sigma^2$={sigma2:g}, $\alpha$={lr:g}, $\beta$={ratio * lr:g}")
        xs = np.asarray(g["lr"])
        floors["tiki-taka"].set_data(xs, _show(tt["floor"]), tt["se"], k)
        floors["analog-sgd"].set_data(xs, _show(an["floor"][i, j]), an["se"][i, j], k)
        floors["digital-sgd"].set_data(xs, _show(dg["floor"][j]), dg["se"][j], k)
        P = tt["P"][k]  # (runs, d, n)
        ps = data["tiki-taka"]["P_steps"]
        p_band.set_data(ps, np.quantile(P.reshape(-1, P.shape[-1]), QUANTILES, axis=0))
        for c, line in enumerate(p_lines):
            line.set_data(ps, P[0, c])
        plots.autoscale(ax_l, expand_only=True)
        plots.autoscale(ax_m, expand_only=True)
        plots.autoscale(ax_p, ylog=False, expand_only=True)
        return _finite_message(tt["band"][:, k], an["band"][:, i, j, k])

    board = Dashboard(sliders, fig, redraw, [["tau", "sigma2", "lr"], ["ratio", "gamma"]])
    board.bands, board.floors, board.data, board.p_band = bands, floors, data, p_band
    return board


__all__ = ["Dashboard", "analog_sgd_dashboard", "device_dashboard", "model_vs_pulses_dashboard",
           "tiki_taka_dashboard", "select_slider"]
