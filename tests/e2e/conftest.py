"""Fixtures for the real-browser tests (JupyterLab, Voila and presentation mode in Chromium).

* ``course_root``: a temporary copy of ``notebooks/`` (the repo's notebooks are
  never opened, executed or saved by these tests), the repo's Voila settings,
  and a tiny smoke notebook.
* ``lab``: one JupyterLab server for the session, on a free localhost port,
  no token, no browser, private config/data/runtime dirs, offline settings;
  SIGTERM at the end (it shuts its kernels down), leftover check afterwards.
* ``voila_tree``: one Voila server for the course folder, started as a lecturer would.
* ``browser``: the system Chromium driven headless by Playwright.
  When Chromium is missing the tests FAIL, saying why and how to install one.
* ``course``: the session's pages (one JupyterLab page reused for every notebook,
  Voila and presentation tabs) and the ``aimc_edu present`` servers.
"""

from __future__ import annotations

import json
import re
import shutil
import warnings
from pathlib import Path

import pytest

from . import course as c
from . import e2e_helpers as h

SMOKE_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "%matplotlib inline\n",
                "import sys\n",
                "import numpy as np\n",
                "import matplotlib.pyplot as plt\n",
                "import ipywidgets as widgets\n",
                "import aimc_edu\n",
                "print('kernel prefix:', sys.prefix)\n",
                "print('aimc_edu from:', aimc_edu.__file__)",
            ],
        },
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "tau = widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.1,"
                " description='τ (tau)')\n",
                "alpha = widgets.FloatSlider(value=0.1, min=0.01, max=0.5, step=0.01,"
                " description='α (alpha)')\n",
                "\n",
                "def draw(tau, alpha):\n",
                "    x = np.linspace(0, 10, 400)\n",
                "    fig, ax = plt.subplots(figsize=(5, 3))\n",
                "    ax.plot(x, np.exp(-alpha * x) * np.cos(tau * x))\n",
                "    ax.set_title(f'tau = {tau:.2f}, alpha = {alpha:.2f}')\n",
                "    plt.show()\n",
                "\n",
                "out = widgets.interactive_output(draw, {'tau': tau, 'alpha': alpha})\n",
                "widgets.VBox([widgets.HBox([tau, alpha]), out])",
            ],
        },
        {
            "cell_type": "code",
            "metadata": {},
            "execution_count": None,
            "outputs": [],
            "source": [
                "# output from a callback belongs to no cell: JupyterLab puts it in its Log Console\n",
                "stray = widgets.Button(description='stray output')\n",
                "stray.on_click(lambda _: print('stray output from a callback'))\n",
                "stray",
            ],
        },
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def pytest_runtest_makereport(item, call):
    # lets ``snap_on_failure`` know whether the test failed (for a screenshot)
    if call.when == "call":
        item.e2e_failed = call.excinfo is not None and not call.excinfo.errisinstance(pytest.skip.Exception)


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = h.find_chromium()
    if path is None:
        pytest.fail(h.chromium_missing(), pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "Playwright for Python is missing: pip install -e '.[test]'", pytrace=False
        )
    with sync_playwright() as pw:
        try:
            # Playwright gives the browser a fresh temporary --user-data-dir
            browser = pw.chromium.launch(
                executable_path=chromium_executable, headless=True, args=h.CHROMIUM_ARGS
            )
        except Exception as exc:  # e.g. a snap stub instead of a real browser
            pytest.fail(
                f"could not start {chromium_executable}: {exc}\n{h.CHROMIUM_INSTALL}",
                pytrace=False,
            )
        yield browser
        browser.close()


# ---------------------------------------------------------------- servers


@pytest.fixture(scope="session")
def course_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    h.copy_notebooks(h.REPO_ROOT / "notebooks", root / "notebooks")
    for config in ("voila.json", "voila.py"):   # Voila settings a lecturer starting at the root gets
        if (h.REPO_ROOT / config).exists():
            shutil.copy(h.REPO_ROOT / config, root / config)
    smoke = root / "e2e_smoke" / "smoke_dashboard.ipynb"
    smoke.parent.mkdir()
    smoke.write_text(json.dumps(SMOKE_NOTEBOOK, indent=1))
    # the servers' kernels read the dashboards' grids from a cache warmed first, as under `make lab` and Binder
    h.DASHBOARD_CACHE = root / ".cache" / "aimc_edu"
    seconds = h.warm_dashboard_cache(h.DASHBOARD_CACHE)
    print(f"\ne2e: aimc-edu cache warm took {seconds:.1f} s ({h.DASHBOARD_CACHE})")
    return root


def _stop(server: h.ServerProcess) -> None:
    strays = server.stop()
    if strays:
        warnings.warn(f"{server.name} left processes behind, killed: {strays}")


def _start(make, **start_kwargs) -> h.ServerProcess:
    """Start a server; on a lost race for the free port, retry on a new one."""
    for attempt in range(3):
        server = make()
        try:
            return server.start(**start_kwargs)
        except RuntimeError:  # exited early (e.g. the port was taken meanwhile)
            server.stop()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def lab(course_root, tmp_path_factory):
    server = _start(
        lambda: h.lab_server(course_root, tmp_path_factory.mktemp("jupyterlab")),
        ready_path="/api/status",
    )
    yield server
    _stop(server)


@pytest.fixture(scope="session")
def voila_tree(course_root, tmp_path_factory):
    """One Voila server for the course folder (each notebook at /voila/render/notebooks/<name>)."""
    server = _start(
        lambda: h.voila_server(course_root, tmp_path_factory.mktemp("voila"),
                               config_dirs=(course_root / "notebooks",)),
        ready_path="/voila/static/",
        any_status=True,
    )
    yield server
    _stop(server)


class Course:
    """The session's pages: one JupyterLab page, Voila and presentation tabs (see course.py)."""

    def __init__(self, browser, lab, voila_tree, course_root, tmp_path_factory):
        self.root, self.voila_server, self._tmp = course_root, voila_tree, tmp_path_factory
        self.contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}),
                         browser.new_context(viewport={"width": 1400, "height": 1000}),
                         browser.new_context(viewport={"width": 1280, "height": 720})]
        for context in self.contexts:
            context.set_default_timeout(h.timeout_ms(60))
        self.lab = c.Lab(lab, self.contexts[0])
        self.voila = c.Tabs(self.contexts[1])
        self.present = c.Tabs(self.contexts[2])
        self.present_servers: dict[str, h.ServerProcess] = {}

    def prefetch(self, name: str) -> None:
        """Start loading ``name`` in Voila and in presentation mode (their kernels run meanwhile);
        the previous notebooks' tabs and servers are closed (their kernels stop)."""
        for other in {*self.voila.pages, *self.present.pages, *self.present_servers} - {name}:
            self.done_with(other)
        self.voila_page(name)
        if c.has_dashboard(name) and c.present_available():
            self.present_page(name)

    def voila_page(self, name: str):
        return self.voila.load(name, f"{self.voila_server.url}/voila/render/notebooks/{name}.ipynb")

    def present_page(self, name: str):
        if name not in self.present_servers:
            self.present_servers[name] = _start(
                lambda: h.present_server(name[:2], self._tmp.mktemp("present"), self.root),
                ready_path="/voila/static/", any_status=True)
        return self.present.load(name, self.present_servers[name].url + "/")

    def done_with(self, name: str) -> None:
        self.voila.close(name)
        self.present.close(name)
        server = self.present_servers.pop(name, None)
        if server is not None:
            _stop(server)

    def pages_of(self, name: str) -> dict:
        pages = {"lab": self.lab.page, "voila": self.voila.pages.get(name), "present": self.present.pages.get(name)}
        return {k: p for k, p in pages.items() if p is not None}

    def close(self) -> None:
        for server in self.present_servers.values():
            _stop(server)
        for context in self.contexts:
            context.close()


@pytest.fixture(scope="session")
def course(browser, lab, voila_tree, course_root, tmp_path_factory):
    course = Course(browser, lab, voila_tree, course_root, tmp_path_factory)
    yield course
    course.close()


@pytest.fixture
def snap_on_failure(course, request):
    """On failure, full-page screenshots of the test's pages under test-artifacts/failures/."""
    yield
    if getattr(request.node, "e2e_failed", False):
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        target = request.node.callspec.params.get("name", "") if hasattr(request.node, "callspec") else ""
        h.ARTIFACTS.joinpath("failures").mkdir(parents=True, exist_ok=True)
        for mode, page in course.pages_of(target).items():
            try:
                page.screenshot(path=str(h.ARTIFACTS / "failures" / f"{name}-{mode}.png"), full_page=True)
            except Exception:  # the page may be gone; the failure itself matters more
                pass


# tests/e2e/test_notebooks.py: run notebook by notebook (JupyterLab first: it starts the notebook's
# Voila and presentation pages, which then compute alongside), not test function by test function
ORDER = ["test_lab", "test_lab_nn_run_button", "test_voila", "test_voila_hides_solutions",
         "test_present", "test_present_font"]


def pytest_collection_modifyitems(items):
    def key(item):
        params = getattr(getattr(item, "callspec", None), "params", {})
        fn = item.originalname if hasattr(item, "originalname") else item.name
        if item.path.name != "test_notebooks.py" or "name" not in params:
            return (0, "", 0)
        return (1, params["name"], ORDER.index(fn) if fn in ORDER else len(ORDER))

    items[:] = sorted(items, key=key)   # stable: everything else keeps its order, first


def pytest_terminal_summary(terminalreporter):
    if c.RACES:
        terminalreporter.section("widget front end race (course.WIDGET_ERROR): pages loaded again")
        for race in c.RACES:
            terminalreporter.write_line(f"{race['page']}: {race['detail']}")
    lines = h.latency_lines()
    if lines:
        terminalreporter.section("control move -> new dashboard image, and ready times (browser, end to end)")
        for line in lines:
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"(also in {h.ARTIFACTS / 'latency.json'})")
