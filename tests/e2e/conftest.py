"""Fixtures for the real-browser tests (JupyterLab and Voila in Chromium).

* ``course_root``: a temporary copy of ``notebooks/`` (the repo's notebooks are
  never opened, executed or saved by these tests) plus a tiny smoke notebook.
* ``lab``: one JupyterLab server for the session, on a free localhost port,
  no token, no browser, private config/data/runtime dirs, offline settings;
  SIGTERM at the end (it shuts its kernels down), leftover check afterwards.
* ``voila``: a factory that serves one notebook with ``voila <notebook>``.
* ``browser`` / ``page``: the system Chromium driven headless by Playwright.
  When Chromium is missing the tests FAIL, saying why and how to install one.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

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
                "print('kernel prefix:', sys.prefix)",
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
    ],
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    },
    "nbformat": 4,
    "nbformat_minor": 5,
}


def pytest_runtest_makereport(item, call):
    # lets the ``page`` fixture know whether the test failed (for a screenshot)
    if call.when == "call":
        item.e2e_failed = call.excinfo is not None


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


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(h.timeout_ms(60))
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    page.page_errors = page_errors
    yield page
    if getattr(request.node, "e2e_failed", False):
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            h.ARTIFACTS.joinpath("failures").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(h.ARTIFACTS / "failures" / f"{name}.png"), full_page=True)
        except Exception:  # the page may be gone; the failure itself matters more
            pass
    if page_errors:
        print(f"\nJavaScript errors in {request.node.name}:", *page_errors, sep="\n  ")
    context.close()


# ---------------------------------------------------------------- servers


@pytest.fixture(scope="session")
def course_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    h.copy_notebooks(h.REPO_ROOT / "notebooks", root / "notebooks")
    smoke = root / "e2e_smoke" / "smoke_dashboard.ipynb"
    smoke.parent.mkdir()
    smoke.write_text(json.dumps(SMOKE_NOTEBOOK, indent=1))
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
def voila(tmp_path_factory):
    """``voila(notebook_path)`` -> a started server; each notebook is served once."""
    servers: dict[Path, h.ServerProcess] = {}

    def serve(notebook: Path) -> h.ServerProcess:
        if notebook not in servers:
            servers[notebook] = _start(
                lambda: h.voila_server(notebook, tmp_path_factory.mktemp("voila")),
                ready_path="/voila/static/",
                any_status=True,
            )
        return servers[notebook]

    yield serve
    for server in servers.values():
        _stop(server)


def pytest_terminal_summary(terminalreporter):
    lines = h.latency_lines()
    if lines:
        terminalreporter.section("slider -> redrawn figure latency (browser, end to end)")
        for line in lines:
            terminalreporter.write_line(line)
        terminalreporter.write_line(f"(also in {h.ARTIFACTS / 'latency.json'})")
