"""Every course notebook in Chromium: JupyterLab (Run All), Voila, and presentation mode.

Per notebook, in this order (conftest sorts the tests notebook by notebook):

* ``test_lab``: Run All in JupyterLab; no error output (tracebacks, stderr with "Error", the dashboard's
  red message); exactly the figures of :data:`course.EXPECTED_FIGURES`; the "ready" time (dashboard
  cell start -> first decoded dashboard image); every control moved ``AIMC_E2E_MOVES`` times (default 3)
  with a new image after each move, the move -> new image latency per control.
* ``test_lab_nn_run_button`` (06): a setting changed, Run clicked, the new figure inside the dashboard
  and nothing in JupyterLab's Log Console.
* ``test_voila``: the notebook executed by Voila (server side, no JupyterLab) shows the same figures,
  no errors; one control moves the image. ``test_voila_hides_solutions``: no solution text.
* ``test_present`` / ``test_present_font`` (``aimc_edu present``, 1280x720): the dashboard (controls
  and whole image) above the fold, no prose, smallest figure text >= 18 px.

Latency and ready times are printed as a table and written to ``test-artifacts/latency.json``; they are
asserted only against sanity bounds of 5x the targets (:mod:`course`), scaled by
``AIMC_E2E_TIMEOUT_SCALE``. Screenshots: ``test-artifacts/<mode>-<notebook>-<state>.png``.
"""

from __future__ import annotations

import json
import re

import pytest

from . import course as c
from . import e2e_helpers as h

pytestmark = [pytest.mark.e2e, pytest.mark.slow]   # browser tests: `make test`, not `make test-fast`

NAMES = c.notebook_names()
DASHBOARDS = [n for n in NAMES if c.has_dashboard(n)]
NN = "06_neural_networks"


def _solution_notebooks() -> list[str]:
    out = []
    for name in NAMES:
        cells = json.loads((c.NOTEBOOK_DIR / f"{name}.ipynb").read_text())["cells"]
        if any("solution" in cell.get("metadata", {}).get("tags", [])
               or re.search(r"<summary>[^<]*solution", "".join(cell["source"]), re.IGNORECASE) for cell in cells):
            out.append(name)
    return out


def test_table_names_every_notebook():
    assert NAMES, "no notebooks found"
    assert sorted(c.EXPECTED_FIGURES) == NAMES, (
        "course.EXPECTED_FIGURES must have one row per notebook in notebooks/ (figures a full run shows)")


def _figures_as_expected(found: dict, name: str, where: str) -> None:
    static, dashboard = c.EXPECTED_FIGURES[name]
    assert (found["static"], found["dashboard"]) == (static, dashboard), (
        f"{where} shows {found['static']} static figure(s) and {found['dashboard']} dashboard image(s) after "
        f"the run, expected {static} and {dashboard} (course.EXPECTED_FIGURES)")


# ------------------------------------------------------------------------------------------ JupyterLab

@pytest.mark.parametrize("name", NAMES)
def test_lab(course, name, snap_on_failure):
    lab = course.lab
    lab.open(f"notebooks/{name}.ipynb")
    lab.arm_ready()
    # the notebook's Voila and presentation pages start loading only after the moves below (or at once for a
    # notebook without controls to move): their kernels' builds would otherwise compete with the measured moves
    lab.run_all()
    page = lab.page
    try:
        _lab_checks(course, name, lab, page)
    finally:
        course.prefetch(name)


def _lab_checks(course, name, lab, page):
    assert c.page_errors(page, c.LAB_PANEL) == []
    _figures_as_expected(c.page_figures(page, c.LAB_PANEL), name, "JupyterLab")
    if not c.has_dashboard(name):
        return
    board = lab.board()
    ready, run_all = c.ready_ms(lab.ready())
    summary = c.record(f"lab {name} | ready (cell start -> image)", [ready])
    summary["run_all_to_image_ms"] = round(run_all, 1)
    h.screenshot(board.root, f"lab-{name}-ready.png")
    failures, pending = [], []
    if ready > h.timeout_ms(c.READY_SANITY_S):
        failures.append(f"ready {ready:.0f} ms > sanity {h.timeout_ms(c.READY_SANITY_S):.0f} ms")
    if board.has_run_button():                  # 06: controls act on Run (test_lab_nn_run_button)
        assert not failures, failures
        return
    controls = board.controls()
    assert controls, "the dashboard has no controls"
    for index, ctl in enumerate(controls):
        known = (name, ctl["label"])
        if known in c.STILL:
            move = board.move_still(index, lab.drain)
            assert not move["changed"], (f"{move}: the image changes now; remove {known} from course.STILL "
                                         f"({c.STILL[known]})")
            pending.append(f"{ctl['label']} {move['from']} -> {move['to']} leaves the image unchanged: "
                           f"{c.STILL[known]}")
            continue
        samples = []
        for _ in range(c.MOVES):
            before = board.sources()
            move = board.move(index)
            assert board.sources() != before, f"the image did not change when moving {ctl['label']!r}"
            assert board.errors() == [], f"after {move}: {board.errors()}"
            samples.append(move["ms"])
            print(f"lab {name}: {move['label']} {move['from']} -> {move['to']}: {move['ms']:.0f} ms")
        key = f"lab {name} | {ctl['label'] or ctl['kind']}"
        breaches = c.sanity_failures(key, c.record(key, samples))
        (pending if known in c.SLOW and breaches else failures).extend(
            [f"{b} ({c.SLOW[known]})" for b in breaches] if known in c.SLOW else breaches)
    h.screenshot(board.root, f"lab-{name}-moved.png")
    assert c.page_errors(page, c.LAB_PANEL) == []
    _figures_as_expected(c.page_figures(page, c.LAB_PANEL), name, "JupyterLab (after the moves)")
    assert not failures, "\n".join(failures)
    if pending:                                  # everything else passed; known dashboard findings remain
        pytest.xfail("known dashboard findings (course.STILL / course.SLOW): " + "; ".join(pending))


def test_lab_nn_run_button(course, snap_on_failure):
    """06: change the epochs, click Run: the new figure is in the dashboard, nothing in the Log Console."""
    lab = course.lab
    if lab.path != f"notebooks/{NN}.ipynb":
        lab.open(f"notebooks/{NN}.ipynb")
        lab.arm_ready()
        lab.run_all()
    board = lab.board()
    assert lab.log_entries() == 0, f"JupyterLab's Log Console has entries after Run All: {lab.log_text()}"
    epochs = [i for i, ctl in enumerate(board.controls()) if "epoch" in ctl["label"].lower()]
    assert len(epochs) == 1, f"one 'epochs' slider expected: {board.controls()}"
    before = board.controls()[epochs[0]]["value"]
    handle = board.root.locator(c.CONTROLS).nth(epochs[0]).locator("[role=slider]")
    handle.focus()
    handle.press("ArrowLeft")
    lab.page.wait_for_function("([h, v]) => h.closest('.widget-slider').querySelector('.widget-readout')"
                               ".textContent.trim() !== v", arg=[handle.element_handle(), before])
    new = int(board.controls()[epochs[0]]["value"])
    board.root.evaluate("""r => { window.__aimcSeen = new Set(); const grab = () => {
        for (const m of r.innerText.matchAll(/epoch\\s*(\\d+)\\s*(?:\\/|of)\\s*(\\d+)/gi)) window.__aimcSeen.add(m[0]); };
        new MutationObserver(grab).observe(r, {subtree: true, childList: true, characterData: true}); }""")
    sources = board.sources()
    lab.page.evaluate(c._ARM_JS, board.root.element_handle())
    board.root.locator("button", has_text=re.compile(r"^\s*Run\s*$")).click()
    lab.page.wait_for_function("() => window.__aimcWatch.t1 !== null", timeout=h.timeout_ms(300))
    watch = lab.page.evaluate("() => window.__aimcWatch")
    h.lab_kernel_idle(lab.page, 300)
    seen = lab.page.evaluate("() => Array.from(window.__aimcSeen)")
    assert board.sources() != sources, "Run did not change the dashboard image"
    assert board.errors() == [], board.errors()
    assert any(re.search(rf"\b{new}\s*(/|of)\s*{new}\b", s) for s in seen), (
        f"the run did not train the new setting ({new} epochs): progress texts seen {seen}")
    c.record(f"lab {NN} | Run, epochs {before} -> {new} (click -> image)", [watch["t1"] - watch["t0"]])
    h.screenshot(board.root, f"lab-{NN}-run.png")
    _figures_as_expected(c.page_figures(lab.page, c.LAB_PANEL), NN, "JupyterLab (after Run)")
    assert lab.log_entries() == 0, f"output went to JupyterLab's Log Console instead of the dashboard: {lab.log_text()}"


# ------------------------------------------------------------------------------------------ Voila

def _open_board(tabs, name, where, open_page, run=False):
    """The page ``name`` in ``tabs`` and its dashboard (None for a notebook without one).

    The widget front end's race (:data:`course.WIDGET_ERROR`: "model not found" shown although the page's widget
    manager holds every model it was served with) is an upstream bug, not the course's: the page is loaded once more
    (a new kernel, as a reader pressing F5), and the race is printed and listed in the summary. Any other failure,
    a widget model really missing, or the race twice in a row, fails the test."""
    for attempt in (1, 2):
        page = open_page()
        c.wait_rendered(page)
        if not c.has_dashboard(name):
            return page, None
        try:
            return page, c.find_board(page, "body", run=run)
        except c.WidgetRace as race:
            c.note_race(f"{where} {name}", str(race))
            if attempt == 2:
                raise AssertionError(f"{where} {name}: the widget race twice in a row: {race}") from None
            tabs.reload(name)


def _voila_board(course, name):
    try:
        return _open_board(course.voila, name, "voila", lambda: course.voila_page(name))
    except AssertionError:
        raise
    except Exception as exc:   # a timeout: say what the page and the server said
        page = course.voila.pages.get(name)
        raise AssertionError(f"Voila did not render {name}: {exc}\nconsole errors: "
                             f"{getattr(page, 'console_errors', [])[-5:]}\n{course.voila_server.log_tail()}") from None


@pytest.mark.parametrize("name", NAMES)
def test_voila(course, name, snap_on_failure):
    page, board = _voila_board(course, name)
    # the streamed cells may still be laid out by Voila's scripts after the document is complete
    c.wait_figures(page, "body", sum(c.EXPECTED_FIGURES[name]))
    assert c.page_errors(page, "body") == []
    _figures_as_expected(c.page_figures(page, "body"), name, "Voila (server-side run)")
    if board is None:
        return
    h.screenshot(board.root, f"voila-{name}-ready.png")
    if board.has_run_button():
        return
    before = board.sources()
    move = board.move(0)
    assert board.sources() != before, f"the image did not change when moving {move['label']!r}"
    assert board.errors() == []
    key = f"voila {name} | {move['label']}"
    failures = c.sanity_failures(key, c.record(key, [move["ms"]]), single=True)
    h.screenshot(board.root, f"voila-{name}-moved.png")
    assert not failures, failures


@pytest.mark.parametrize("name", _solution_notebooks())
def test_voila_hides_solutions(course, name, snap_on_failure):
    page = course.voila_page(name)
    c.wait_rendered(page)
    shown = c.solutions_visible(page)
    if shown and not c.present_available():
        pytest.skip(f"solutions still shown in Voila ({len(shown)}): Voila's configuration that removes cells "
                    f"tagged 'solution' comes with {c.PRESENT_MISSING}")
    assert shown == [], f"solution text visible in Voila: {shown[:3]}"


# ------------------------------------------------------------------------------------------ presentation

def _present_board(course, name):
    if not c.present_available():
        pytest.skip(c.PRESENT_MISSING)
    try:
        return _open_board(course.present, name, "present", lambda: course.present_page(name), run=True)
    except AssertionError:
        raise
    except Exception as exc:
        page = course.present.pages.get(name)
        log = course.present_servers[name].log_tail() if name in course.present_servers else ""
        raise AssertionError(f"presentation of {name} did not render its dashboard: {exc}\nconsole errors: "
                             f"{getattr(page, 'console_errors', [])[-5:]}\n{log}") from None


@pytest.mark.parametrize("name", DASHBOARDS)
def test_present(course, name, snap_on_failure):
    page, board = _present_board(course, name)
    page.screenshot(path=str(h.ARTIFACTS / f"present-{name}-ready.png"))
    box = c.dashboard_box(board)
    assert box["top"] >= 0 and box["bottom"] <= 720 and box["right"] <= 1280, (
        f"the dashboard (controls and image) is not above the fold of a 1280x720 screen: {box}")
    prose = c.prose_visible(page)
    assert prose == [], f"prose visible in presentation mode: {prose[:3]}"
    assert c.page_errors(page, "body") == []
    if board.has_run_button():
        return
    before = board.sources()
    move = board.move(0)
    assert board.sources() != before, f"the image did not change when moving {move['label']!r}"
    key = f"present {name} | {move['label']}"
    failures = c.sanity_failures(key, c.record(key, [move["ms"]]), single=True)
    page.screenshot(path=str(h.ARTIFACTS / f"present-{name}-moved.png"))
    assert not failures, failures


@pytest.mark.parametrize("name", DASHBOARDS)
def test_present_font(course, name, snap_on_failure):
    page, board = _present_board(course, name)
    font = c.figure_font(board)
    if font["minFont"] is None or font["cssWidth"] is None:
        pytest.skip("the dashboard image has no data-min-font-px / data-css-width (helper 'frames' adds "
                    "them in aimc_edu/dashboards/base.py; they land at the merge)")
    smallest = float(font["minFont"]) * font["shown"] / float(font["cssWidth"])
    print(f"present {name}: smallest figure text {smallest:.1f} px ({font})")
    assert smallest >= 18.0, f"smallest figure text {smallest:.1f} px < 18 px in presentation mode ({font})"
