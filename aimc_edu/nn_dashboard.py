"""Notebook 06's dashboard: pick a model, algorithms, tau, epochs and learning rate, press Run,
watch a progress bar, then see the accuracy curves (Fig. 5) and weight histograms (Fig. 7).

The dashboard only wires widgets to :func:`aimc_edu.experiments.fig5` / :func:`~aimc_edu.experiments.fig7`
and to the plot builders; errors raised during a run are shown in its output area.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from .algorithms import ALGORITHMS
from .datasets import Dataset, load_digits
from .experiments import DIGITS_LR, fig5, fig7
from .nn_plots import plot_fig5, plot_fig7
from .style import LABELS


class NeuralNetDashboard:
    """Widgets + a Run button. ``run()`` does what the button does (used headless in CI).

    Defaults (FCN on the 8x8 digits, three algorithms, tau = 0.3, 8 epochs) take well under a
    minute on a laptop CPU.
    """

    def __init__(self, data: Dataset | None = None, *, model: str = "fcn", tau: float = 0.3,
                 epochs: int = 8, lr: float = DIGITS_LR, seed: int = 0):
        self.data = load_digits() if data is None else data
        self.model = widgets.ToggleButtons(options=[("FCN", "fcn"), ("CNN", "cnn")], value=model,
                                           description="model")
        self.algorithms = widgets.SelectMultiple(options=[(LABELS[a], a) for a in ALGORITHMS],
                                                 value=ALGORITHMS, description="algorithms", rows=3)
        self.tau = widgets.FloatSlider(value=tau, min=0.1, max=1.5, step=0.05, description="τ",
                                       continuous_update=False)
        self.epochs = widgets.IntSlider(value=epochs, min=1, max=40, description="epochs", continuous_update=False)
        self.lr = widgets.FloatLogSlider(value=lr, base=10, min=-2, max=0, step=0.05, description="lr α",
                                         continuous_update=False, readout_format=".3f")
        self.seed = widgets.IntText(value=seed, description="seed")
        self.button = widgets.Button(description="Run", button_style="primary", icon="play")
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="idle",
                                            layout=widgets.Layout(width="60%"))
        self.output = widgets.Output(layout=widgets.Layout(min_height="420px"))
        self.button.on_click(lambda _: self.run())
        self.last = None
        controls = widgets.VBox([self.model, self.algorithms, self.tau, self.epochs, self.lr, self.seed,
                                 widgets.HBox([self.button, self.progress])])
        self.widget = widgets.VBox([controls, self.output])

    def _ipython_display_(self):
        display(self.widget)

    def _on_batch(self, run, n_runs, epoch, batch, n_batches):
        step = (run * self.epochs.value + epoch) * n_batches + batch + 1
        if self.progress.max != n_runs * self.epochs.value * n_batches:
            self.progress.max = n_runs * self.epochs.value * n_batches
        if batch % 20 == 0 or step == self.progress.max:
            self.progress.value = step
            self.progress.description = f"run {run + 1}/{n_runs}, epoch {epoch + 1}"

    def run(self):
        """Train the chosen algorithms and draw Fig. 5 and Fig. 7 into the output area."""
        self.button.disabled = True
        self.progress.value = 0
        self.output.clear_output(wait=True)
        with self.output:
            try:
                algs = tuple(self.algorithms.value)
                if not algs:
                    raise ValueError("choose at least one algorithm")
                tau = self.tau.value
                data5 = fig5(self.model.value, self.data, taus=(tau,), algorithms=algs, epochs=self.epochs.value,
                             seeds=(self.seed.value,), lr=self.lr.value, on_batch=self._on_batch)
                results = {name: data5.results[(name, None if name == "digital-sgd" else tau, self.seed.value)]
                           for name in algs}
                data7 = fig7(tau=tau, algorithms=algs, results=results)
                self.last = (data5, data7)
                self.progress.description = "done"
                for name, (acc, _) in data5.final().items():
                    print(f"{LABELS[name[0]]:12s} final test accuracy {100 * acc:5.1f}%", end="")
                    print("" if name[0] == "digital-sgd" else f"   mean |w|/τ {data7.mean_saturation()[name[0]]:.3f}")
                for fig in (plot_fig5(data5), plot_fig7(data7)):
                    display(fig)
                    plt.close(fig)
            except Exception as err:  # show every failure in the output area, never lose it
                self.progress.description = "error"
                print(f"error: {type(err).__name__}: {err}")
            finally:
                self.button.disabled = False
        return self.last
