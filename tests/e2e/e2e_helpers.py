"""Helpers for the real-browser tests: servers, Chromium, latency records, JupyterLab page probes.

Nothing in here imports Playwright at module level, so ``--doctest-modules``
can import this file on machines without a browser.  The fixtures in
``conftest.py`` wire these pieces together; ``course.py`` drives the notebooks.

Every wait is a wait *on a condition* (an HTTP answer, a DOM predicate, a
process exit) with a generous timeout scaled by ``AIMC_E2E_TIMEOUT_SCALE``;
there are no fixed sleeps.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("AIMC_TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))
VENV_BIN = Path(sys.executable).parent

CHROMIUM_INSTALL = (
    "install one: Debian `sudo apt-get install chromium`; Ubuntu `sudo snap install chromium`; "
    "Fedora `sudo dnf install chromium`; macOS `brew install --cask chromium` (or Google Chrome in /Applications); "
    "any system: `.venv/bin/python -m playwright install chromium`; "
    "or point AIMC_CHROMIUM at any Chromium-based browser's executable"
)

# Where a Chromium-based browser usually lives: names on PATH (Linux), then fixed paths (Linux, macOS),
# then Playwright's own download (`python -m playwright install chromium`).
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
CHROMIUM_PATHS = (
    "/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium",
    "/usr/bin/google-chrome", "/opt/google/chrome/chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "~/Applications/Chromium.app/Contents/MacOS/Chromium",
    "~/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
PLAYWRIGHT_BROWSERS = ("~/.cache/ms-playwright", "~/Library/Caches/ms-playwright")
PLAYWRIGHT_CHROMIUM = ("chromium-*/chrome-*/chrome", "chromium-*/chrome-*/Chromium.app/Contents/MacOS/Chromium")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def timeout_ms(seconds: float) -> float:
    """Scale a timeout for slow machines (``AIMC_E2E_TIMEOUT_SCALE``, default 1).

    >>> timeout_ms(2) >= 2000
    True
    """
    scale = float(os.environ.get("AIMC_E2E_TIMEOUT_SCALE", "1"))
    return seconds * 1000.0 * max(scale, 1.0)


def find_chromium() -> str | None:
    """Path of a Chromium-based browser, or None (then :func:`chromium_missing` says why and what to do).

    ``AIMC_CHROMIUM`` overrides the search (any Chromium-based binary works).
    """
    override = os.environ.get("AIMC_CHROMIUM")
    if override:
        return override if os.access(override, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    for path in CHROMIUM_PATHS:
        path = os.path.expanduser(path)
        if os.access(path, os.X_OK):
            return path
    for cache in PLAYWRIGHT_BROWSERS:
        found = sorted(p for pattern in PLAYWRIGHT_CHROMIUM for p in Path(cache).expanduser().glob(pattern))
        if found and os.access(found[-1], os.X_OK):
            return str(found[-1])
    return None


def chromium_missing() -> str:
    """Why no browser was found, and how to install one on each system."""
    override = os.environ.get("AIMC_CHROMIUM")
    if override:
        why = "is not executable" if os.path.exists(override) else "does not exist"
        return f"AIMC_CHROMIUM={override} {why}: point it at a Chromium executable, or unset it and {CHROMIUM_INSTALL}"
    return (f"Chromium not found (looked on PATH for {', '.join(CHROMIUM_NAMES)}, in the usual Linux and macOS "
            f"application folders and in Playwright's browser cache): {CHROMIUM_INSTALL}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def summarize(samples_ms: list[float]) -> dict:
    """Median / max / count of latency samples in milliseconds.

    >>> summarize([100.0, 300.0, 200.0])
    {'n': 3, 'median_ms': 200.0, 'max_ms': 300.0, 'min_ms': 100.0, 'samples_ms': [100.0, 300.0, 200.0]}
    """
    return {
        "n": len(samples_ms),
        "median_ms": round(statistics.median(samples_ms), 1),
        "max_ms": round(max(samples_ms), 1),
        "min_ms": round(min(samples_ms), 1),
        "samples_ms": [round(s, 1) for s in samples_ms],
    }


LATENCIES: dict[str, dict] = {}


def record_latency(key: str, samples_ms: list[float]) -> dict:
    """Summarize, keep for the end-of-run summary, write ``latency.json``.

    The file holds the measurements of the current pytest session only.
    """
    summary = summarize(samples_ms)
    LATENCIES[key] = summary
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "latency.json"
    path.write_text(json.dumps(LATENCIES, indent=2, sort_keys=True) + "\n")
    print(
        f"\nlatency {key}: median {summary['median_ms']} ms, max {summary['max_ms']} ms "
        f"over {summary['n']} sample(s)"
    )
    return summary


def latency_lines() -> list[str]:
    return [
        f"{key:<58} median {s['median_ms']:7.1f} ms   max {s['max_ms']:7.1f} ms   (n={s['n']})"
        for key, s in sorted(LATENCIES.items())
    ]


# --------------------------------------------------------------------------
# Server processes (JupyterLab, Voila)
# --------------------------------------------------------------------------


@dataclass
class ServerProcess:
    """A Jupyter-family server we started, in its own session, with its own dirs."""

    name: str
    argv: list[str]
    cwd: Path
    env: dict
    port: int
    log_path: Path
    runtime_dir: Path
    proc: subprocess.Popen | None = None
    _log: object = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(
        self, ready_path: str, timeout_s: float = 120.0, any_status: bool = False
    ) -> "ServerProcess":
        """Launch and wait until ``ready_path`` answers (200, or any HTTP status
        with ``any_status``: Voila executes the notebook for every page view,
        so its readiness is probed on a path that renders nothing)."""
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.argv,
            cwd=self.cwd,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout_ms(timeout_s) / 1000.0
        last_error = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with code {self.proc.returncode} "
                    f"before answering:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.url + ready_path, timeout=5) as resp:
                    if resp.status == 200:
                        return self
            except urllib.error.HTTPError as exc:
                if any_status:
                    return self
                last_error = exc
            except (urllib.error.URLError, OSError) as exc:  # not up yet
                last_error = exc
            # poll interval between two probes of the condition (returns at once
            # if the server dies meanwhile)
            _poll_pause(self.proc, 0.25)
        self.stop()
        raise TimeoutError(
            f"{self.name} did not answer {ready_path} within {timeout_s:.0f}s "
            f"(last error: {last_error}):\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout_s: float = 30.0) -> list[int]:
        """SIGTERM (the servers then shut their kernels down), then clean up.

        Returns the pids of leftover processes that had to be killed (kernels
        whose connection file lives in our private runtime dir); empty when the
        shutdown was clean.
        """
        if self.proc is None:
            return []
        if self.proc.poll() is None:
            try:
                os.kill(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=10)
        # anything else still in the server's own process group
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if self._log is not None:
            self._log.close()
            self._log = None
        return kill_strays(str(self.runtime_dir))


def _poll_pause(proc: subprocess.Popen, seconds: float) -> None:
    """Wait for the process to exit, at most ``seconds`` (a polling step)."""
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        pass


def kill_strays(marker: str) -> list[int]:
    """Kill (by pid) our own processes whose command line mentions ``marker``.

    Kernels are started by the server in their own sessions; their command
    line contains the connection file in our private runtime dir (or, for a
    server that keeps connection files elsewhere, their environment names that
    dir), which makes them unambiguous.
    """
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return []
    killed = []
    me = os.getpid()
    for proc in psutil.process_iter(["pid", "cmdline"]):
        try:
            cmdline = " ".join(proc.info["cmdline"] or [])
            ours = marker in cmdline
            if not ours and "python" in cmdline and "kernel" in cmdline:
                # a kernel whose connection file is elsewhere (a server we started with
                # its default connection dir) still has our private runtime dir in its env
                ours = proc.environ().get("JUPYTER_RUNTIME_DIR") == marker
            if proc.info["pid"] != me and ours:
                proc.kill()
                killed.append(proc.info["pid"])
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return killed


DASHBOARD_CACHE: Path | None = None
"""The dashboards' grid cache the servers' kernels read (``AIMC_EDU_CACHE``), as under ``make lab``; set by the
session fixture that warms it (tests/e2e/conftest.py), None: the kernels simulate every grid."""


def warm_dashboard_cache(folder: Path) -> float:
    """``aimc-edu cache warm`` into ``folder`` (what ``make lab`` does before JupyterLab starts); returns seconds."""
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "aimc_edu", "cache", "warm"], capture_output=True, text=True,
                          env={**os.environ, "AIMC_EDU_CACHE": str(folder), "MPLBACKEND": "Agg"})
    if done.returncode != 0:
        raise RuntimeError(f"aimc-edu cache warm failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.monotonic() - start


def jupyter_env(base: Path) -> dict:
    """Environment for a private, offline Jupyter: tmp config/data/runtime dirs, and the dashboards' grid cache
    (:data:`DASHBOARD_CACHE`) when one was warmed.

    The venv's own ``share/jupyter`` (kernelspec, lab extensions) stays on the
    data path because Jupyter always adds ``sys.prefix/share/jupyter``.
    """
    env = dict(os.environ)
    if DASHBOARD_CACHE is not None:
        env["AIMC_EDU_CACHE"] = str(DASHBOARD_CACHE)
    for key, sub in (
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "mpl"),
    ):
        path = base / sub
        path.mkdir(parents=True, exist_ok=True)
        env[key] = str(path)
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_PREFER_ENV_PATH", None)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("MPLBACKEND", None)  # notebooks pick the inline backend themselves
    return env


def _process(name: str, argv: list, cwd: Path, env: dict, port: int, log_path: Path) -> "ServerProcess":
    """A :class:`ServerProcess` whose runtime dir is the one :func:`jupyter_env` gave ``env``."""
    return ServerProcess(name=name, argv=argv, cwd=cwd, env=env, port=port, log_path=log_path,
                         runtime_dir=Path(env["JUPYTER_RUNTIME_DIR"]))


def write_lab_settings(settings_dir: Path) -> None:
    """User settings that keep JupyterLab offline and deterministic."""
    files = {
        # all cells stay in the DOM (no virtual scrolling hiding the dashboard)
        "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
            "windowingMode": "none"
        },
        # no news feed, no update check, no "would you like news?" toast
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
    }
    for rel, content in files.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content))


def lab_server(root: Path, base: Path) -> ServerProcess:
    """A JupyterLab server on a free port serving ``root`` (not yet started)."""
    env = jupyter_env(base)
    settings = base / "lab-user-settings"
    write_lab_settings(settings)
    port = free_port()
    argv = [
        sys.executable,  # the project's venv: its kernelspec's "python" is this one
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.open_browser=False",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.terminals_enabled=False",
        # safety net if the test process dies without tearing us down
        "--ServerApp.shutdown_no_activity_timeout=900",
        "--MappingKernelManager.cull_idle_timeout=900",
        "--MappingKernelManager.cull_interval=60",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={base / 'lab-workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        # window.jupyterapp: one JupyterLab page opens every notebook through the app's own
        # commands (no reload of the whole application per notebook)
        "--LabApp.expose_app_in_browser=True",
    ]
    return _process("JupyterLab", argv, root, env, port, base / "jupyterlab.log")


def voila_server(target: Path, base: Path, config_dirs: tuple[Path, ...] = ()) -> ServerProcess:
    """``voila <target>`` on a free port, as a lecturer would start it (not yet started).

    ``target`` is a notebook (served at ``/``) or a folder (each notebook at
    ``/voila/render/<name>``: one server, one kernel per page view). Voila reads
    ``voila.json``/``voila.py`` from ``config_dirs`` (the folders a lecturer would
    start it from) as well as from the Jupyter config path.
    """
    env = jupyter_env(base)
    port = free_port()
    cwd = target if target.is_dir() else target.parent
    argv = [
        sys.executable,
        "-m",
        "voila",
        "." if target.is_dir() else str(target.name),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--show_tracebacks=True",
        # kernel connection files in our runtime dir (default: the system tmp
        # dir), which lets the teardown recognise our kernels
        f"--Voila.connection_dir_root={env['JUPYTER_RUNTIME_DIR']}",
        "--ServerApp.allow_root=True",
        "--ServerApp.port_retries=0",
    ]
    if config_dirs:
        from jupyter_core.paths import jupyter_config_path

        argv += [f"--Voila.config_file_paths={d}" for d in (cwd, *config_dirs)]
        argv += [f"--Voila.config_file_paths={d}" for d in jupyter_config_path()]
    return _process(f"Voila ({target.name})", argv, cwd, env, port, base / "voila.log")


def present_server(notebook: str, base: Path, cwd: Path) -> ServerProcess:
    """``python -m aimc_edu present <notebook> --port P --no-browser`` (presentation mode, Voila at ``/``)."""
    env = jupyter_env(base)
    port = free_port()
    argv = [sys.executable, "-m", "aimc_edu", "present", notebook, "--port", str(port), "--no-browser"]
    return _process(f"aimc_edu present {notebook}", argv, cwd, env, port, base / "present.log")


def shutdown_voila_kernel(page_url: str, kernel_id: str) -> int:
    """Ask the Voila server of ``page_url`` to shut the kernel ``kernel_id`` down; the HTTP status (204 done).

    The token is any value sent both as the ``_xsrf`` cookie and the ``X-XSRFToken`` header (Tornado's
    double-submit check), as the page would if Voila had given it a token.
    """
    from urllib.parse import urlsplit

    origin = "{0.scheme}://{0.netloc}".format(urlsplit(page_url))
    token = os.urandom(8).hex()
    request = urllib.request.Request(f"{origin}/voila/api/shutdown/{kernel_id}", data=b"", method="POST",
                                     headers={"Cookie": f"_xsrf={token}", "X-XSRFToken": token})
    try:
        with urllib.request.urlopen(request, timeout=timeout_ms(30) / 1000.0) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):  # the server is gone: so is the kernel
        return 0


def copy_notebooks(src: Path, dest: Path) -> Path:
    """Copy the course notebooks (without outputs or checkpoints) to ``dest``."""
    shutil.copytree(
        src, dest, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    )
    return dest


# --------------------------------------------------------------------------
# JupyterLab
# --------------------------------------------------------------------------

ALL_CELLS_DONE_JS = """
() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const err = panel.querySelector('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]');
  if (err) return 'error';
  const cells = Array.from(panel.querySelectorAll('.jp-CodeCell'));
  const pending = cells.filter(c => {
    const src = (c.querySelector('.cm-content') || {}).textContent || '';
    if (!src.trim()) return false;
    const prompt = (c.querySelector('.jp-InputPrompt') || {}).textContent || '';
    return !/^\\[\\d+\\]:$/.test(prompt.trim());
  });
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const idle = !indicator || indicator.getAttribute('data-status') === 'idle';
  return (pending.length === 0 && idle) ? 'done' : null;
}
"""


_KERNEL_IDLE_JS = """
() => {
  // toolbar indicator of the visible notebook (defaults to 'idle' before a
  // kernel is attached, hence the status bar check below as well)
  const ind = document.querySelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
  if (!ind || ind.getAttribute('data-status') !== 'idle') return false;
  // status bar: "Python 3 (ipykernel) | Idle" only once the session has a kernel
  const bar = document.querySelector('#jp-main-statusbar');
  if (!bar) return false;
  return Array.from(bar.querySelectorAll('.jp-StatusBar-TextItem'))
    .some(e => /\\|\\s*Idle\\s*$/.test(e.textContent));
}
"""

EXECUTION_STARTED_JS = """
() => Array.from(document.querySelectorAll(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt'))
  .some(p => /^\\[(\\*|\\d+)\\]:$/.test(p.textContent.trim()))
"""


def lab_kernel_idle(page, timeout_s: float = 120.0) -> None:
    """Wait until the visible notebook's kernel is connected and idle."""
    page.wait_for_function(_KERNEL_IDLE_JS, timeout=timeout_ms(timeout_s))


def click_run_all(page) -> None:
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator('li[data-command="runmenu:run-all"]').click()


# --------------------------------------------------------------------------
# Voila
# --------------------------------------------------------------------------


def screenshot(locator, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    locator.screenshot(path=str(path))
    return path
