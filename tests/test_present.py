"""Presentation mode (``aimc-edu present NB`` / ``make present NB=02``) and Voila's hiding of the solutions.

Headless: every dashboard built the way the presentation notebook builds it, with AIMC_EDU_PRESENT=1, fits a
1280x720 screen with its controls, is rendered at twice the resolution and has no figure text under 18 px.
The command's notebook resolution, its errors and the Voila command line are checked without a server;
one slow test starts the real server and fetches the page. The browser measures the same page (tests/e2e).
"""

from __future__ import annotations

import io
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import ipywidgets as W
import nbformat
import PIL.Image
import pytest
from matplotlib.text import Text

from aimc_edu.cli import main
from aimc_edu.commands import present
from aimc_edu.commands.hide_solutions import PREPROCESSOR, SOLUTION_BLOCK
from aimc_edu.dashboards import BY_NOTEBOOK
from aimc_edu.viz import style

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREEN_W, SCREEN_H = 1280, 720
TITLE_PX = 40
"""The title line above the dashboard (20 px bold text and its margins; 40 px measured in Chromium)."""


def _cells(path):
    return nbformat.read(path, as_version=4).cells


# -- which notebook, which dashboard ------------------------------------------------------------------

def test_every_notebook_with_a_dashboard_is_presentable_and_none_other():
    names = present.notebooks()
    for path in NOTEBOOKS:
        key = path.name[:2]
        code = "\n".join(c.source for c in _cells(path) if c.cell_type == "code")
        uses = [k for k, factory in BY_NOTEBOOK.items() if re.search(rf"\b{factory.__name__}\(", code)]
        assert uses == ([key] if key in BY_NOTEBOOK else []), f"{path.name} builds the dashboards of {uses}"
        if key in BY_NOTEBOOK:
            assert names[key] == path.stem
    assert "00" not in BY_NOTEBOOK and set(BY_NOTEBOOK) == {p.name[:2] for p in NOTEBOOKS} - {"00"}


@pytest.mark.parametrize("typed, key", [("2", "02"), ("02", "02"), ("02_analog_sgd", "02"), ("7", "07"),
                                        ("notebooks/04_tiki_taka.ipynb", "04"), (" 06 ", "06")])
def test_nb_is_a_number_or_a_name(typed, key):
    assert present.resolve(typed) == key


@pytest.mark.parametrize("typed", ["00", "0", "8", "08", "x", "02_tiki_taka", "", "2x", "-1"])
def test_nb_without_a_dashboard_exits_2_with_one_line_naming_nb_and_the_allowed_values(capsys, typed):
    try:
        status = main(["present", typed, "--no-browser"])
    except SystemExit as done:
        status = done.code
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1, err
    assert "aimc-edu present: error: NB must be" in err and "01, 02, 03, 04, 05, 06, 07" in err
    assert f"got {typed!r}" in err


@pytest.mark.parametrize("port", ["0", "65536"])
def test_bad_port_exits_2_naming_the_flag(capsys, port):
    assert main(["present", "02", "--port", port, "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--port must be" in err and f"got {port}" in err


def test_a_port_in_use_is_one_line_and_exit_1(capsys):
    with socket.socket() as busy:
        busy.bind(("localhost", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["present", "03", "--port", str(port), "--no-browser"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"--port {port} is in use" in err


# -- what the command serves --------------------------------------------------------------------------

def test_voila_command_serves_the_notebook_at_localhost_port_without_a_browser_when_asked(tmp_path):
    nb = tmp_path / "02_analog_sgd.ipynb"
    cmd = present.voila_command(nb, 8871, browser=False)
    assert cmd[:4] == [sys.executable, "-m", "voila", str(nb)]
    assert "--port=8871" in cmd and "--no-browser" in cmd and "--Voila.ip=localhost" in cmd
    assert "--Voila.port_retries=0" in cmd                       # the printed address is the served one
    assert "--strip_sources=True" in cmd and "--theme=light" in cmd and "--template=lab" in cmd
    assert "--no-browser" not in present.voila_command(nb, 8871, browser=True)
    assert present.present_env({"PATH": "/bin"}) == {"PATH": "/bin", style.PRESENT_ENV: "1"}


@pytest.mark.parametrize("key", sorted(BY_NOTEBOOK))
def test_presentation_notebook_is_a_title_and_the_dashboard_cell(key):
    nb = present.presentation_notebook(key)
    nbformat.validate(nb)
    title, cell = nb.cells                                      # no text cell: no prose on the page
    assert title.cell_type == "code" and "<style>" in title.source and present.title(key) in title.source
    assert present.title(key).startswith(key)                  # the notebook's own heading, "02 · ..."
    factory = BY_NOTEBOOK[key].__name__
    assert cell.cell_type == "code" and f"dashboard = {factory}()\ndisplay(dashboard)" in cell.source
    assert f"from aimc_edu.dashboards import {factory}" in cell.source
    assert cell.source.endswith("_ = dashboard.run()") == (key == "06")     # 06 trains once, as its notebook does
    assert not any(SOLUTION_BLOCK.search(c.source) for c in nb.cells)


# -- the dashboards in presentation mode (headless) ---------------------------------------------------

@pytest.fixture(scope="module")
def boards():
    """Every dashboard built by its presentation cell's code with AIMC_EDU_PRESENT=1 (06 trains 1 epoch)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(style.PRESENT_ENV, "1")
        built = {}
        for key in sorted(BY_NOTEBOOK):
            head, cell = present.presentation_notebook(key).cells
            assert "aimc-present-title" in eval(head.source.splitlines()[-1], {"HTML": lambda s: s})
            factory = BY_NOTEBOOK[key].__name__
            source = cell.source.replace(f"{factory}()", f"{factory}(epochs=1)" if key == "06" else f"{factory}()")
            shown = []
            scope = {"display": shown.append}
            exec(source, scope)                               # the cell, as the kernel runs it
            assert shown == [scope["dashboard"]]
            built[key] = scope["dashboard"]
        yield built


def _controls_height(board) -> float:
    """The controls' height in CSS px at the presentation's 16 px widget font, as Chromium lays them out
    (measured: a row 34 px, the Run button 30, a toggle row with its label above 62, a 3-line list 72)."""
    def height(w):
        if isinstance(w, (W.HBox, W.VBox)):
            sizes = [height(c) for c in w.children]
            return (max if isinstance(w, W.HBox) else sum)(sizes or [0])
        if isinstance(w, W.Output):
            return 0
        if isinstance(w, W.SelectMultiple):
            return 20 * w.rows + 12
        if isinstance(w, W.ToggleButtons):
            return 62 if w.description else 34       # the description wraps above the buttons
        return 30 if isinstance(w, W.Button) else 34
    return height(board.widget)


@pytest.mark.parametrize("key", sorted(BY_NOTEBOOK))
def test_dashboard_fills_a_1280x720_screen_with_its_controls(boards, key):
    board = boards[key]
    assert board.message == "" and board.png
    w, h = (board.figure.get_size_inches() * board.dpi)
    assert 1200 <= w <= style.PRESENT_WIDTH_PX == SCREEN_W - 40
    assert style.PRESENT_HEIGHT_PX[0] <= h <= style.PRESENT_HEIGHT_PX[1]
    assert TITLE_PX + _controls_height(board) + h <= SCREEN_H - 10, (TITLE_PX, _controls_height(board), h)


@pytest.mark.parametrize("key", sorted(BY_NOTEBOOK))
def test_dashboard_renders_at_twice_the_resolution(boards, key):
    board = boards[key]
    css_w, css_h = board.figure.get_size_inches() * board.dpi
    image = PIL.Image.open(io.BytesIO(board.png))
    assert board.scale == 2 and image.size == (round(2 * css_w), round(2 * css_h))
    html = board.output.outputs[0]["data"]["text/html"]
    assert "alt='dashboard figure'" in html and f"width:{round(css_w)}px" in html


@pytest.mark.parametrize("key", sorted(BY_NOTEBOOK))
def test_no_figure_text_under_18_px(boards, key):
    board = boards[key]
    small = sorted({(round(t.get_fontsize() * board.dpi / 72, 1), t.get_text()[:50])
                    for t in board.figure.findobj(Text) if t.get_visible() and t.get_text().strip()
                    and t.get_fontsize() * board.dpi / 72 < style.PRESENT_MIN_PX})
    assert not small, f"notebook {key}: text under {style.PRESENT_MIN_PX} px: {small}"


@pytest.mark.parametrize("key", sorted(BY_NOTEBOOK))
def test_no_text_clipped_or_over_data_in_presentation_mode(boards, key):
    """The frames checker (:func:`aimc_edu.viz.frames.text_problems`) on every dashboard at its presentation size."""
    from aimc_edu.viz.frames import text_problems
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(style.PRESENT_ENV, "1")
        with style.course_style():
            assert text_problems(boards[key].figure, strict_legends=True) == []


def test_normal_mode_is_unchanged(monkeypatch):
    monkeypatch.delenv(style.PRESENT_ENV, raising=False)
    assert style.present_size(12.0, 4.2) == (12.0, 4.2) and style.render_scale() == 1.0
    monkeypatch.setenv(style.PRESENT_ENV, "0")
    assert not style.presenting()
    monkeypatch.setenv(style.PRESENT_ENV, "1")
    assert style.present_size(12.0, 4.2) == pytest.approx((1240 / 72, 434 / 72))          # aspect kept
    assert style.present_size(6.0, 4.4)[1] * 72 == pytest.approx(style.PRESENT_HEIGHT_PX[1])   # not taller
    assert style.present_size(14.1, 4.2)[1] * 72 == pytest.approx(style.PRESENT_HEIGHT_PX[0])  # nor flatter
    sizes = [v for k, v in style.PRESENT_RC.items() if k.endswith("size") and "marker" not in k]
    assert min(sizes) >= style.PRESENT_MIN_PX and 0.833 * style.PRESENT_RC["font.size"] >= style.PRESENT_MIN_PX


def test_presentation_notebook_executes_in_a_kernel(tmp_path, monkeypatch):
    """The served cell, run by a real kernel with the server's environment: a widget, no error."""
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv(style.PRESENT_ENV, "1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    nb = present.presentation_notebook("01")
    nb.cells.append(nbformat.v4.new_code_cell("import os; print(os.environ['AIMC_EDU_PRESENT'])", id="env"))
    nbclient.NotebookClient(nb, timeout=300, resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = nb.cells[1].outputs
    assert not [o for o in outputs if o.output_type == "error"]
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert [o.text for o in nb.cells[2].outputs] == ["1\n"]
    assert "aimc-present-title" in nb.cells[0].outputs[0]["data"]["text/html"]          # the title line


@pytest.mark.slow
def test_present_serves_the_dashboard_at_localhost_port_and_stops_on_sigterm():
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    server = subprocess.Popen([sys.executable, "-m", "aimc_edu", "present", "01", "--port", str(port), "--no-browser"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = server.stdout.readline()
        assert f"http://localhost:{port}/" in first, first
        page, deadline = "", time.monotonic() + 240
        while not page and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://localhost:{port}/", timeout=240) as answer:
                    page = answer.read().decode()
            except OSError:
                time.sleep(1)
        assert "aimc-present-title" in page and present.title("01").split("·")[-1].strip() in page   # the title
        assert "application/vnd.jupyter.widget-view+json" in page                                    # the dashboard
        assert "There was an error" not in page and "Traceback" not in page   # no error output
    finally:
        server.send_signal(signal.SIGTERM)
        status = server.wait(timeout=60)
    assert status == 0
    with socket.socket() as again:                              # the Voila server is gone with it
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)    # (its closed connections may linger)
        again.bind(("localhost", port))
        again.listen()


# -- Voila hides the solutions of the ordinary notebooks ----------------------------------------------

def _solution_phrases(path) -> list[str]:
    """Runs of five plain words from each solution (tagged cell or folded block) of a notebook."""
    texts = [c.source for c in _cells(path) if "solution" in c.get("metadata", {}).get("tags", [])]
    texts += [m.group(0) for c in _cells(path) if c.cell_type == "markdown" for m in SOLUTION_BLOCK.finditer(c.source)]
    return [m.group(0) for t in texts for m in [re.search(r"(?<![\\\w])([A-Za-z]{3,} ){4}[A-Za-z]{3,}\b", t)] if m]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if _solution_phrases(p)], ids=lambda p: p.stem)
def test_voila_configuration_removes_every_solution(path):
    """Voila's own conversion step (its exporter, configured by voila.json) before execution and rendering."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters import Exporter
    from traitlets.config import JSONFileConfigLoader
    from voila.exporter import VoilaExporter

    config = JSONFileConfigLoader("voila.json", path=str(ROOT)).load_config()
    nb = nbformat.read(path, as_version=4)
    shown, _ = Exporter.from_notebook_node(VoilaExporter(config=config), nb)   # what Voila executes and shows
    before, _ = HTMLExporter(exclude_input=True).from_notebook_node(nb)
    after, _ = HTMLExporter(exclude_input=True).from_notebook_node(shown)
    phrases = _solution_phrases(path)
    assert all(p in before for p in phrases) and re.search(r"<summary>\s*Solution", before)
    assert not [p for p in phrases if p in after] and not re.search(r"<summary>\s*Solution", after)
    questions = [c for c in nb.cells
                 if re.search(r"\*\*\d\.", c.source) and "solution" not in c.metadata.get("tags", [])]
    assert questions and all(c.id in {s.id for s in shown.cells} for c in questions)   # the questions stay


def test_voila_started_at_the_top_folder_reads_voila_json(monkeypatch):
    from voila.app import Voila
    monkeypatch.chdir(ROOT)
    previous = signal.getsignal(signal.SIGTERM)
    app = Voila()
    try:
        app.initialize(["notebooks/02_analog_sgd.ipynb"])
        assert PREPROCESSOR in app.config.VoilaExporter.preprocessors
    finally:
        signal.signal(signal.SIGTERM, previous)
        Voila.clear_instance()


def test_jupyterlab_and_binder_voila_preview_read_the_same_setting():
    """The server extension (JupyterLab's and Binder's voila/render) takes its exporter settings from the
    server's config: jupyter-config/ on JUPYTER_CONFIG_PATH (``make lab``, binder/start)."""
    server = json.loads((ROOT / "jupyter-config" / "jupyter_server_config.json").read_text())
    assert server == json.loads((ROOT / "voila.json").read_text())
    assert server["VoilaExporter"]["preprocessors"] == [PREPROCESSOR]
    assert "JUPYTER_CONFIG_PATH=\"$(CONFIG_PATH)\"" in (ROOT / "Makefile").read_text()
    done = subprocess.run(["bash", str(ROOT / "binder" / "start"), "sh", "-c", "echo $JUPYTER_CONFIG_PATH"],
                          capture_output=True, text=True, check=True, env={**os.environ, "JUPYTER_CONFIG_PATH": "/x"})
    assert done.stdout.strip() == f"{ROOT / 'jupyter-config'}:/x"
