"""Present a notebook's dashboard in a lecture: Voila, the dashboard alone, sized for a 1280x720 projector.

    aimc-edu present 02                        # serves http://localhost:8866/ and opens it in a browser
    aimc-edu present 4 --port 8870 --no-browser

NB is a notebook with a dashboard, 01 to 07 (also written 2 or 02_analog_sgd). The command writes a
two-cell notebook into a temporary folder (the title line, the cell that builds NB's dashboard) and serves
it with Voila in presentation mode (AIMC_EDU_PRESENT=1): the figure fills the width of a 1280x720 screen
below its controls, is rendered at twice the resolution, and no figure text is smaller than 18 px. The
prose and the exercises stay in the notebook. Voila builds the dashboard before the first visit (its
pre-heated kernel), so the page opens ready; notebook 06's dashboard trains once there, as in its notebook,
and again on its Run button.
Ctrl-C (or SIGTERM) stops the server.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import re
import signal
import socket
import subprocess
import sys
import tempfile

from ._checks import check, within

CHECKS = {"--port": within(1, 65535)}
PAGE_CSS = """
:root { --jp-widgets-font-size: 16px; --jp-widgets-inline-height: 30px; }
body, .jp-Notebook, #rendered_cells { margin: 0 !important; padding: 0 !important; }
.jp-Cell { padding: 0 20px !important; }
.jp-Cell-inputWrapper, .jp-Cell-outputWrapper { margin: 0 !important; }
p.aimc-present-title { margin: 6px 0 2px 0 !important; font-size: 20px; font-weight: bold; }
.jp-OutputArea-output { padding: 0 !important; }
.widget-hslider, .widget-dropdown, .widget-text { width: 405px !important; }
.widget-hslider > .widget-label, .widget-dropdown > .widget-label, .widget-text > .widget-label,
.widget-hprogress > .widget-label { width: 170px !important; }
.widget-select-multiple > .widget-label { width: 110px !important; }
.widget-readout { max-width: 150px !important; }
"""
"""Page style of the presentation: 20 px margins (the figure is 1240 px of 1280), 16 px controls, labels and
readouts uncut."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("nb", metavar="NB", help="the notebook, 01 to 07 (also 2 or 02_analog_sgd)")
    p.add_argument("--port", type=int, default=8866, help="port of the Voila server on localhost")
    p.add_argument("--no-browser", action="store_true", help="only print the address (do not open a browser)")


def notebooks() -> dict[str, str]:
    """Notebook number -> notebook name (without .ipynb) of every notebook that has a dashboard."""
    from ..dashboards import BY_NOTEBOOK                # lazy: the CLI's other commands start faster
    return {key: factory.__module__.rsplit(".", 1)[-1].removeprefix("nb") for key, factory in BY_NOTEBOOK.items()}


def resolve(nb: str) -> str:
    """The two-digit number of notebook ``nb`` ('2', '02', '02_analog_sgd', 'notebooks/02_analog_sgd.ipynb').

    Raises ValueError naming NB and the allowed values if ``nb`` is not a notebook with a dashboard.
    """
    names = notebooks()
    stem = pathlib.PurePath(str(nb).strip()).name.removesuffix(".ipynb")
    match = re.fullmatch(r"(\d{1,2})(_\w+)?", stem)
    key = f"{int(match[1]):02d}" if match else None
    if key not in names or (match[2] and stem != names[key]):
        raise ValueError(f"NB must be a notebook with a dashboard, one of {', '.join(names)} "
                         f"(or its name, e.g. 2 or {names['02']}), got {nb!r}")
    return key


def title(key: str) -> str:
    """The notebook's own heading ('02 · Analog SGD and ...') from the course's notebooks/, else its name."""
    name = notebooks()[key]
    path = pathlib.Path(__file__).resolve().parents[2] / "notebooks" / f"{name}.ipynb"
    with contextlib.suppress(OSError, ValueError, KeyError, IndexError):
        import nbformat
        first = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]
        if first.startswith("# "):
            return first[2:].strip()
    return name.replace("_", " ")


def presentation_notebook(key: str):
    """The notebook ``aimc-edu present`` serves for notebook ``key``: a cell showing the title line (and the page
    style) and the one cell that builds the dashboard, as the course's notebook does. Returns an nbformat node.

    Both are code cells (Voila shows their outputs only): no text cell, so no prose on the page. A dashboard
    that trains on a Run button (06) runs once in the cell, as in its notebook: Voila's pre-heated kernel does
    that before the first visit, so the page opens with the figures and the Run button ready."""
    import html

    import nbformat.v4 as v4

    from ..dashboards import BY_NOTEBOOK
    factory = BY_NOTEBOOK[key].__name__
    heading = f"<style>{PAGE_CSS}</style><p class='aimc-present-title'>{html.escape(title(key))}</p>"
    head = v4.new_code_cell(f"from IPython.display import HTML\n\nHTML({heading!r})", id="present-title")
    run = "\n_ = dashboard.run()" if callable(getattr(BY_NOTEBOOK[key], "run", None)) else ""
    cell = v4.new_code_cell(f"from aimc_edu.dashboards import {factory}\n\ndashboard = {factory}()\ndisplay(dashboard)"
                            + run, id="present-dashboard")
    kernel = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return v4.new_notebook(cells=[head, cell], metadata={"kernelspec": kernel, "language_info": {"name": "python"}})


def voila_command(notebook: pathlib.Path, port: int, browser: bool) -> list[str]:
    """The command line serving ``notebook`` at http://localhost:PORT/ (Voila's lab template, light theme)."""
    command = [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--Voila.ip=localhost",
               "--Voila.port_retries=0", "--template=lab", "--theme=light", "--strip_sources=True",
               "--VoilaConfiguration.show_margins=False", "--preheat_kernel=True"]
    return command + ([] if browser else ["--no-browser"])


def present_env(base: dict | None = None) -> dict:
    """The environment of the server (its kernels inherit it): presentation mode on."""
    from ..viz.style import PRESENT_ENV
    return {**(os.environ if base is None else base), PRESENT_ENV: "1"}


def _port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)     # as Voila binds: a closed server's
        try:                                                            # lingering connections do not count
            probe.bind(("localhost", port))
        except OSError:
            raise OSError(f"--port {port} is in use (another server?): choose another, "
                          f"e.g. --port {port + 1 if port < 65535 else port - 1}") from None


def run(args: argparse.Namespace) -> int:
    check(args, CHECKS)
    key = resolve(args.nb)
    try:
        import voila  # noqa: F401  (the lab extra installs it)
    except ImportError:
        raise OSError("Voila is not installed: pip install -e '.[lab]' (or make setup)") from None
    _port_free(args.port)
    import nbformat
    with tempfile.TemporaryDirectory(prefix="aimc-present-") as folder:
        path = pathlib.Path(folder) / f"{notebooks()[key]}.ipynb"
        nbformat.write(presentation_notebook(key), path)
        print(f"Presenting notebook {key} ({title(key)}) at http://localhost:{args.port}/  (Ctrl-C stops)",
              flush=True)
        server = subprocess.Popen(voila_command(path, args.port, not args.no_browser), cwd=folder,
                                  env=present_env())
        previous = signal.signal(signal.SIGTERM, _interrupt)    # `kill` stops the server too, not only Ctrl-C
        try:
            return server.wait()
        except KeyboardInterrupt:
            return _stop(server)
        finally:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _stop(server: subprocess.Popen) -> int:
    """Stop the Voila server (it shuts its kernels down), forcefully after 10 s."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    return 0
