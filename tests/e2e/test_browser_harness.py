"""Smoke test of the browser harness itself, on a tiny notebook written at test time.

If these fail, the problem is the machinery (server, browser, probes), not a course notebook.
"""

import sys

import aimc_edu
import pytest

from . import course as c
from . import e2e_helpers as h

pytestmark = [pytest.mark.e2e, pytest.mark.slow]   # browser tests: `make test`, not `make test-fast`

SMOKE = "e2e_smoke/smoke_dashboard.ipynb"


def test_smoke_dashboard_in_jupyterlab(course, course_root):
    on_disk = (course_root / SMOKE).read_bytes()
    lab = course.lab
    lab.open(SMOKE)
    lab.arm_ready()
    lab.run_all()
    page = lab.page
    # the kernel is the project's virtualenv and imports the same aimc_edu as the tests
    prefix = page.locator(".jp-OutputArea-output", has_text="kernel prefix:").inner_text()
    assert prefix.split("kernel prefix:")[1].split("\n")[0].strip() == sys.prefix
    assert prefix.split("aimc_edu from:")[1].strip() == aimc_edu.__file__
    board = lab.board()
    assert [ctl["label"] for ctl in board.controls()] == ["τ (tau)", "α (alpha)"]
    for index in range(2):
        before = board.sources()
        move = board.move(index)
        assert board.sources() != before and move["ms"] > 0
    ready, _ = c.ready_ms(lab.ready())
    assert ready > 0
    assert c.page_errors(page, c.LAB_PANEL) == []
    # the Log Console probe sees output that belongs to no cell (what test_lab_nn_run_button relies on)
    assert lab.log_entries() == 0
    page.get_by_role("button", name="stray output").click()
    page.wait_for_function(f"() => ({c.LOG_ENTRIES_JS})() > 0", timeout=h.timeout_ms(30))
    assert "stray output from a callback" in lab.log_text()
    assert (course_root / SMOKE).read_bytes() == on_disk, "the run modified the notebook"


def test_smoke_dashboard_in_voila(course):
    page = course.voila.load("smoke", f"{course.voila_server.url}/voila/render/e2e_smoke/smoke_dashboard.ipynb")
    c.wait_rendered(page)
    board = c.find_board(page, "body")
    before = board.sources()
    board.move(0)
    assert board.sources() != before
    course.voila.close("smoke")
