"""Notebook 06's dashboard: pick a model, algorithms, tau, epochs and learning rate, press Run, watch a
progress bar, then see the accuracy curves (Fig. 5) and the weight histograms (Fig. 7) in one figure.

The dashboard wires widgets to :func:`aimc_edu.experiments.networks.fig5` / :func:`~aimc_edu.experiments.networks.fig7`
and the drawings of :mod:`aimc_edu.viz.networks`; it draws off-screen like every other dashboard.
"""

from __future__ import annotations

import ipywidgets as W

from ..experiments.networks import DIGITS_LR, NETWORK_ALGORITHMS, fig5, fig7, load_digits
from ..viz import plots
from ..viz.networks import draw_fig5, draw_fig7
from ..viz.style import label
from .base import LABEL_WIDTH, Dashboard, float_slider


class NeuralNetDashboard(Dashboard):
    """Model, algorithms, tau, epochs, lr and seed; the Run button trains (``run()`` does the same headless).

    Defaults (FCN on the 8x8 digits, three algorithms, tau = 0.3, 8 epochs) take seconds on a laptop CPU.
    """

    def __init__(self, data=None, *, model: str = "fcn", tau: float = 0.3, epochs: int = 8,
                 lr: float = DIGITS_LR, seed: int = 0):
        self.dataset = load_digits() if data is None else data
        style = {"description_width": LABEL_WIDTH}
        controls = {
            "model": W.ToggleButtons(options=[("FCN", "fcn"), ("CNN", "cnn")], value=model, description="model",
                                     style=style),
            "algorithms": W.SelectMultiple(options=[(label(a), a) for a in NETWORK_ALGORITHMS],
                                           value=NETWORK_ALGORITHMS, description="algorithms", rows=3, style=style),
            "tau": float_slider("τ (tau)", 0.1, 1.5, tau, 0.05, fmt=".2f"),
            "epochs": W.IntSlider(value=epochs, min=1, max=40, description="epochs", continuous_update=False,
                                  style=style),
            "lr": float_slider("α (lr)", 0.01, 1.0, lr, 0.05, log=True),
            "seed": W.BoundedIntText(value=seed, min=0, max=10_000, description="seed", style=style),
        }
        self.progress = W.IntProgress(value=0, min=0, max=1, description="idle", style=style,
                                      layout=W.Layout(width="330px"))
        self.status = W.Label("")
        fig, axes = plots.new_figure(3, width=4.6, height=4.0)
        self.axes = axes
        super().__init__(controls, fig, [["model", "tau"], ["algorithms", "epochs"], ["lr", "seed"]],
                         run_button="Run", blit=False)
        self.widget.children = (*self.widget.children[:-1], W.HBox([self.progress, self.status]),
                                self.widget.children[-1])
        self.last = None

    def _on_batch(self, run, n_runs, epoch, batch, n_batches, epochs):
        total = n_runs * epochs * n_batches
        step = (run * epochs + epoch) * n_batches + batch + 1
        if self.progress.max != total:
            self.progress.max = total
        if batch % 20 == 0 or step == total:
            self.progress.value = step
            self.progress.description = f"run {run + 1}/{n_runs}"
            self.status.value = f"epoch {epoch + 1}/{epochs}"

    def compute(self, model, algorithms, tau, epochs, lr, seed):
        algs = tuple(algorithms)
        if not algs:
            raise ValueError("choose at least one algorithm (ctrl- or cmd-click to select several)")
        if self.button is not None:
            self.button.disabled = True
        self.progress.value = 0
        try:
            data5 = fig5(model, self.dataset, taus=(tau,), algorithms=algs, epochs=epochs, seeds=(seed,), lr=lr,
                         on_batch=lambda *a: self._on_batch(*a, epochs))
        finally:
            if self.button is not None:
                self.button.disabled = False
        results = {name: data5.results[(name, None if name == "digital-sgd" else tau, seed)] for name in algs}
        data7 = fig7(tau=tau, algorithms=algs, results=results)
        self.last = (data5, data7)
        self.progress.description = "done"
        self.status.value = "  ".join(f"{label(n)}: {100 * acc:.1f}%" for (n, _), (acc, _) in data5.final().items())
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
