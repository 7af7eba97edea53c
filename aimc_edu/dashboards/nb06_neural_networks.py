"""Notebook 06's dashboard: pick a model, algorithms, tau, epochs and learning rate, press Run, watch a
progress bar (with the time left), then see the accuracy curves (Fig. 5) and the weight histograms (Fig. 7).

The dashboard wires widgets to :func:`aimc_edu.experiments.networks.fig5` / :func:`~aimc_edu.experiments.networks.fig7`
and the drawings of :mod:`aimc_edu.viz.networks`. Like every dashboard it draws off-screen: one pyplot-free Agg
figure, rendered to a PNG that is set as the ``Output`` widget's data. Nothing in the Run button's callback
calls pyplot, ``display()`` or ``print`` (an output sent from a widget callback has no notebook cell as its
parent, so JupyterLab shows it in its Log Console instead of the dashboard).
"""

from __future__ import annotations

import time

import ipywidgets as W

from ..experiments.networks import DIGITS_LR, NETWORK_ALGORITHMS, digits_run, setting_run
from ..viz import plots
from ..viz.networks import draw_fig5, draw_fig7
from ..viz.style import label
from .base import Dashboard, float_slider

HINT = "ctrl-click (cmd-click on a Mac) to pick several"
SHORT = {"style": {"description_width": "70px"}, "layout": W.Layout(width="250px")}


def _seconds(s: float) -> str:
    return f"{s:.0f} s" if s < 90 else f"{s / 60:.1f} min"


class NeuralNetDashboard(Dashboard):
    """Model, algorithms, tau, epochs, lr and seed; the Run button trains (``run()`` does the same headless).

    Defaults (FCN on the 8x8 digits, three algorithms, tau = 0.3, 8 epochs) take a few seconds on a laptop CPU.
    """

    def __init__(self, data=None, *, model: str = "fcn", tau: float = 0.3, epochs: int = 8,
                 lr: float = DIGITS_LR, seed: int = 0):
        self.dataset = data                             # None: the bundled digits (runs go through the cache)
        controls = {
            "model": W.ToggleButtons(options=[("FCN", "fcn"), ("CNN", "cnn")], value=model, description="model",
                                     style={"description_width": "70px", "button_width": "70px"}),
            "algorithms": W.SelectMultiple(options=[(label(a), a) for a in NETWORK_ALGORITHMS],
                                           value=NETWORK_ALGORITHMS, description="algorithms", rows=3,
                                           style={"description_width": "70px"}, layout=W.Layout(width="250px")),
            "tau": float_slider("τ (tau)", 0.1, 1.5, tau, 0.05, fmt=".2f"),
            "lr": float_slider("α (lr)", 0.01, 1.0, lr, 0.05, log=True),
            "epochs": W.IntSlider(value=epochs, min=1, max=40, description="epochs", continuous_update=False,
                                  **SHORT),
            "seed": W.BoundedIntText(value=seed, min=0, max=10_000, description="seed", **SHORT),
        }
        self.hint = W.HTML(f"<span style='font-size:0.9em;color:#555'>{HINT}</span>",
                           layout=W.Layout(margin="0 0 0 74px"))
        self.progress = W.IntProgress(value=0, min=0, max=1, layout=W.Layout(width="200px"))
        self.status = W.HTML("press <b>Run</b> to train", layout=W.Layout(width="auto", flex="1 1 auto"))
        fig, axes = plots.new_figure(3, width=4.4, height=3.8)
        self.axes = axes
        super().__init__(controls, fig, [["model"], ["algorithms"], ["tau", "lr"], ["epochs", "seed"]],
                         run_button="Run", blit=False)
        c = self.controls
        left = W.VBox([c["model"], c["algorithms"], self.hint])
        right = W.VBox([W.HBox([c["tau"], c["epochs"]], layout=W.Layout(flex_flow="row wrap")),
                        W.HBox([c["lr"], c["seed"]], layout=W.Layout(flex_flow="row wrap"))])
        run_row = W.HBox([self.button, self.progress, self.status],
                         layout=W.Layout(align_items="center", flex_flow="row wrap", width="100%"))
        self.output.layout.min_height = f"{round(fig.get_figheight() * self.dpi)}px"   # no jump when results arrive
        self.widget.children = (W.HBox([left, right], layout=W.Layout(flex_flow="row wrap", width="100%")),
                                run_row, self.output)
        self.last, self._t0 = None, 0.0

    def _on_batch(self, run, n_runs, epoch, batch, n_batches, epochs):
        total = n_runs * epochs * n_batches
        step = (run * epochs + epoch) * n_batches + batch + 1
        if self.progress.max != total:
            self.progress.max = total
        if batch % 20 == 0 or step == total:
            self.progress.value = step
            left = (time.perf_counter() - self._t0) * (total - step) / step
            self.status.value = (f"run {run + 1} of {n_runs}, epoch {epoch + 1} of {epochs}, "
                                 f"about {_seconds(left)} left")

    def compute(self, model, algorithms, tau, epochs, lr, seed):
        algs = tuple(algorithms)
        if not algs:
            raise ValueError(f"choose at least one algorithm ({HINT})")
        if self.button is not None:
            self.button.disabled = True
        self.progress.value, self._t0 = 0, time.perf_counter()
        progress = lambda *a: self._on_batch(*a, epochs)      # noqa: E731
        try:
            if self.dataset is None:
                data5, data7 = digits_run(model, algs, float(tau), int(epochs), float(lr), int(seed), on_batch=progress)
            else:
                data5, data7 = setting_run(model, self.dataset, algs, tau, epochs, lr, seed, on_batch=progress)
        finally:
            if self.button is not None:
                self.button.disabled = False
        self.last = (data5, data7)
        accs = ", ".join(f"{label(n)} {100 * acc:.1f}%" for (n, _), (acc, _) in data5.final().items())
        self.status.value = f"done in {_seconds(time.perf_counter() - self._t0)}: test accuracy {accs}"
        return data5, data7

    def draw(self, data) -> str:
        for ax in self.axes:
            ax.clear()
        draw_fig5(data[0], ax=self.axes[0])
        draw_fig7(data[1], axes=self.axes[1:])
        return ""

    def run(self):
        """Train the chosen algorithms and draw Fig. 5 and Fig. 7 (what the Run button does)."""
        self.update()
        return self.last


__all__ = ["NeuralNetDashboard"]
