"""Smoke test of the browser harness itself, on a tiny notebook written at test time.

If these fail, the problem is the machinery (server, browser, helpers), not a
course notebook.
"""

import sys

import pytest

from . import e2e_helpers as h

pytestmark = [pytest.mark.e2e, pytest.mark.slow]   # browser tests: `make test`, not `make test-fast`

SMOKE = "e2e_smoke/smoke_dashboard.ipynb"


def test_smoke_dashboard_in_jupyterlab(page, lab, course_root):
    on_disk = (course_root / SMOKE).read_bytes()
    h.open_in_lab(page, lab.url, SMOKE)
    h.run_all_cells(page)
    # the kernel is the project's virtualenv, not some other python
    prefix = page.locator(".jp-OutputArea-output", has_text="kernel prefix:").inner_text()
    assert prefix.split("kernel prefix:")[1].strip() == sys.prefix
    dash = h.lab_dashboard(page)
    assert dash.slider_labels() == ["τ (tau)", "α (alpha)"]
    h.exercise_dashboard(dash, "lab-smoke", moves=10)
    assert h.notebook_errors(page) == []
    assert (course_root / SMOKE).read_bytes() == on_disk, "the run modified the notebook"


def test_smoke_dashboard_in_voila(page, voila, course_root):
    server = voila(course_root / SMOKE)
    dash = h.open_in_voila(page, server)
    h.exercise_dashboard(dash, "voila-smoke", moves=10)
