"""Binder: reproduce repo2docker's steps in a fresh virtual environment, so a broken binder/ fails here.

repo2docker, seeing binder/, installs binder/requirements.txt into the image's Python (pinned by
binder/runtime.txt), runs binder/postBuild with bash from the repository root, and opens the URL of
the README's badge. This test does the same with `python3 -m venv` (pip's cache is reused), then
executes notebook 00 with the environment's own Jupyter.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
START = "notebooks/00_start_here.ipynb"


def test_binder_files_are_what_repo2docker_honours():
    assert re.fullmatch(r"python-3\.\d+\n?", (BINDER / "runtime.txt").read_text())
    post = (BINDER / "postBuild").read_text()
    assert post.startswith("#!/bin/bash") and "\nset -e\n" in post
    assert "python -m pip install" in post and " -e ." in post
    assert os.access(BINDER / "postBuild", os.X_OK)
    requirements = (BINDER / "requirements.txt").read_text()
    for package in ("numpy", "matplotlib", "ipywidgets", "jupyterlab"):
        assert re.search(rf"^{package}\b", requirements, re.M), package
    assert (ROOT / START).exists()


def test_readme_badge_opens_notebook_00():
    readme = (ROOT / "README.md").read_text()
    assert f"?urlpath=lab/tree/{START})" in readme
    assert "https://mybinder.org/badge_logo.svg" in readme


@pytest.mark.slow
def test_binder_environment_runs_notebook_00(tmp_path):
    python = shutil.which("python3")
    if python is None:
        pytest.skip("python3 not on PATH")
    wanted = (BINDER / "runtime.txt").read_text().strip().removeprefix("python-")
    version = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    if version != wanted:
        pytest.skip(f"runtime.txt pins Python {wanted}, this machine has {version}")
    venv = tmp_path / "binder-env"
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "MPLBACKEND": "Agg"}
    env.pop("PYTHONPATH", None)

    def run(*cmd, **kw):
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, **kw)
        assert done.returncode == 0, f"{cmd} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done

    run(str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r", str(BINDER / "requirements.txt"))
    run("bash", str(BINDER / "postBuild"))
    where = run(str(bin_dir / "python"), "-c", "import aimc_edu; print(aimc_edu.__file__)").stdout.strip()
    assert pathlib.Path(where).resolve().is_relative_to(ROOT), where
    run(str(bin_dir / "jupyter"), "nbconvert", "--to", "notebook", "--execute", START,
        "--output-dir", str(tmp_path), "--ExecutePreprocessor.timeout=300")
    executed = json.loads((tmp_path / "00_start_here.ipynb").read_text())
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "notebook 00 shows no figure"
