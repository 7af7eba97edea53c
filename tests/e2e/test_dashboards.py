"""The course dashboards in a real browser: JupyterLab (run all cells) and Voila.

For each dashboard notebook: the figure renders, the tau and alpha sliders
redraw it (a new PNG in the page), nothing raises, no figure gets duplicated;
the slider -> redrawn-figure latency is measured over 10 key presses and a
screenshot lands in ``test-artifacts/``.
"""

import os

import pytest

from . import e2e_helpers as h

pytestmark = pytest.mark.e2e

DASHBOARDS = ["02_analog_sgd", "04_tiki_taka"]

# Issue 6 target: median slider -> figure latency for notebook 02 at default settings.
LATENCY_BUDGET_MS = {"02_analog_sgd": float(os.environ.get("AIMC_E2E_LATENCY_BUDGET_MS", "300"))}


def _notebook(course_root, name):
    path = course_root / "notebooks" / f"{name}.ipynb"
    assert path.exists(), f"notebooks/{name}.ipynb is missing"
    return path


@pytest.mark.parametrize("name", DASHBOARDS)
def test_dashboard_in_jupyterlab(page, lab, course_root, name):
    _notebook(course_root, name)
    h.open_in_lab(page, lab.url, f"notebooks/{name}.ipynb")
    h.run_all_cells(page)
    assert h.notebook_errors(page) == []
    dash = h.lab_dashboard(page)
    summary = h.exercise_dashboard(dash, f"lab-{name}")
    assert h.notebook_errors(page) == []
    budget = LATENCY_BUDGET_MS.get(name)
    if budget is not None:
        assert summary["median_ms"] <= budget, (
            f"median slider latency {summary['median_ms']} ms > {budget} ms: {summary}"
        )


@pytest.mark.parametrize("name", DASHBOARDS)
def test_dashboard_in_voila(page, voila, course_root, name):
    server = voila(_notebook(course_root, name))
    dash = h.open_in_voila(page, server)
    h.exercise_dashboard(dash, f"voila-{name}")
