"""Notebook 01's dashboard: q_plus, q_minus, F, G of a device family and a pulse-by-pulse trace (Figs. 2, 6).

The frame never moves: weights are shown in units of the range, w/tau in [-1, 1], and the trace's
pulse count in units of the number of states, so changing tau or the states only changes the data.
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np

from ..experiments.devices import families, family_device, pulse_trace, response_curves
from ..viz import plots
from ..viz.style import color
from .base import LABEL_WIDTH, Dashboard, control_layout, float_slider

SLOPED = ("linear-step", "pow-step")
"""Families whose shape the nu_up / nu_down sliders (AIHWKIT's gamma_up / gamma_down) set."""


class DeviceDashboard(Dashboard):
    """Sliders: device family, tau, nu_up, nu_down (AIHWKIT: gamma_up, gamma_down), states tau/dw_min, cycle-to-cycle pulse noise."""

    def __init__(self, device: str = "soft-bounds", tau: float = 1.0, states: int = 50, noise: float = 0.0,
                 seed: int = 0):
        self.seed = seed
        controls = {
            "device": W.Dropdown(options=families(), value=device, description="device family",
                                 style={"description_width": LABEL_WIDTH}, layout=control_layout()),
            "tau": float_slider("τ (tau)", 0.2, 3.0, tau, 0.1, fmt=".1f"),
            "gamma_up": float_slider("ν↑ (gamma_up)", 0.05, 1.0, 0.5, 0.05, fmt=".2f"),
            "gamma_down": float_slider("ν↓ (gamma_down)", 0.05, 1.0, 0.5, 0.05, fmt=".2f"),
            "states": W.IntSlider(value=states, min=5, max=200, step=5, description="states τ/Δw_min",
                                  continuous_update=False, style={"description_width": LABEL_WIDTH},
                                  layout=control_layout()),
            "noise": float_slider("pulse noise", 0.0, 1.0, noise, 0.05, fmt=".2f"),
        }
        fig, (ax_q, ax_fg, ax_p) = plots.new_figure(3, width=4.6)
        self.lines = plots.response_panels(ax_q, ax_fg)
        self.trace_lines = [ax_p.plot([], [], color=color("pulsed"), alpha=a, label="pulse trace" if i == 0 else None)[0]
                            for i, a in enumerate((1.0, 0.6, 0.4))]
        for y in (-1.0, 1.0):
            ax_p.axhline(y, color=color("reference"), linestyle=":", linewidth=2,
                         label=r"bounds $w = \pm\tau$" if y > 0 else None)
        ax_p.set_xlabel("pulses / states")
        ax_p.set_ylabel(r"weight $w / \tau$")
        self.ax_p = ax_p
        for ax in (ax_q, ax_fg):
            ax.set_xlabel(r"weight $w / \tau$")
            ax.set_xlim(-1.0, 1.0)
        ax_q.set_ylim(-0.05, 2.05)
        ax_fg.set_ylim(-1.1, 2.1)
        ax_p.set_xlim(0, 4)
        ax_p.set_ylim(-1.15, 1.15)
        plots.figure_legend(fig, [ax_q, ax_fg, ax_p], ncols=4)
        super().__init__(controls, fig, [["device", "tau", "states"], ["gamma_up", "gamma_down", "noise"]])

    def compute(self, device, tau, gamma_up, gamma_down, states, noise):
        dev = family_device(device, tau, gamma_up, gamma_down)
        curves = response_curves(dev, span=(-tau, tau))
        path = pulse_trace(dev, dw_min=tau / states, n=2 * states, noise=noise, seed=self.seed)
        return {"device": device, "tau": tau, "states": states, "noise": noise, "curves": curves, "path": path}

    def draw(self, data) -> str:
        for name in ("gamma_up", "gamma_down"):
            self.controls[name].disabled = data["device"] not in SLOPED
        tau, curves = data["tau"], dict(data["curves"])
        curves["w"] = curves["w"] / tau
        curves["symmetric_point"] = curves["symmetric_point"] / tau
        plots.set_response(self.lines, curves)
        path = data["path"] / tau
        self.ax_p.set_title(rf"$2n_s$ pulses up, then down ($\tau$ = {tau:g})")   # the same trace at any tau
        x = np.arange(len(path)) / data["states"]
        for i, line in enumerate(self.trace_lines):
            visible = data["noise"] > 0 or i == 0
            line.set_data(x if visible else [], path[:, i] if visible else [])
        return ""


def device_dashboard(**kwargs) -> DeviceDashboard:
    """The notebook-01 dashboard (see :class:`DeviceDashboard`)."""
    return DeviceDashboard(**kwargs)


__all__ = ["DeviceDashboard", "device_dashboard"]
