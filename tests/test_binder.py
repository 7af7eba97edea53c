"""Binder: reproduce repo2docker's steps in a virtual environment, so a broken binder/ fails here.

repo2docker, seeing binder/, installs binder/requirements.txt into the image's Python (pinned by
binder/runtime.txt), runs binder/postBuild with bash from the repository root, opens the URL that
`make binder-url` prints, and starts every session through binder/start (which adds jupyter-config/, the
course's Voila settings, to the server's config path). The slow test does the same with `python3 -m venv`
and executes notebook 00 with the environment's own Jupyter. The environment is built once per content of the files that
shape it (binder/*, pyproject.toml) and kept in .binder-env/<hash>/ (`make clean` removes it), so
`make test` needs the package index only when those files change: without it, the test skips and
says so. In CI (CI=true, always online) an unreachable index fails the test instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
START = "notebooks/00_start_here.ipynb"
CACHE = ROOT / ".binder-env"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_binder_files_are_what_repo2docker_honours():
    assert re.fullmatch(r"python-3\.\d+\n?", (BINDER / "runtime.txt").read_text())
    post = (BINDER / "postBuild").read_text()
    assert post.startswith("#!/bin/bash") and "\nset -e\n" in post
    assert "python -m pip install" in post and " -e ." in post
    assert os.access(BINDER / "postBuild", os.X_OK)
    assert (ROOT / START).exists()
    start = (BINDER / "start").read_text()                # run at every launch: must hand over to the server
    assert start.startswith("#!/bin/bash") and start.rstrip().endswith('exec "$@"')
    assert os.access(BINDER / "start", os.X_OK)
    # the dashboards' grids are computed into the image, and every session reads them from there
    assert 'AIMC_EDU_CACHE="$PWD/.cache/aimc_edu" python -m aimc_edu cache warm' in post
    assert "export AIMC_EDU_CACHE=" in start and "/.cache/aimc_edu" in start


def test_binder_installs_the_course_and_everything_the_notebooks_tell_a_user_to_run():
    """The library's dependencies, JupyterLab and Voila (notebook 00 tells Binder users to run it)."""
    tomllib = pytest.importorskip("tomllib", reason="reading pyproject.toml needs Python >= 3.11")
    listed = {_name(line) for line in (BINDER / "requirements.txt").read_text().splitlines()
              if line.strip() and not line.lstrip().startswith("#")}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needed = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["lab"]}
    assert needed <= listed, f"binder/requirements.txt lacks {sorted(needed - listed)}"
    told = "".join("".join(c["source"]) for c in json.loads((ROOT / START).read_text())["cells"])
    assert "voila " in told and "voila" in listed


@pytest.mark.parametrize("remote", ["https://github.com/alice/aimc_edu.git", "git@github.com:alice/aimc_edu.git",
                                    "https://github.com/alice/aimc_edu/"])
def test_make_binder_url_opens_notebook_00_of_the_github_remote(tmp_path, remote):
    if not (shutil.which("make") and shutil.which("git")):
        pytest.skip("needs make and git")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", remote], check=True)
    done = subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "binder-url"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"https://mybinder.org/v2/gh/alice/aimc_edu/main?urlpath=lab/tree/{START}"


def test_make_binder_url_says_what_to_do_without_a_github_remote(tmp_path):
    if not (shutil.which("make") and shutil.which("git")):
        pytest.skip("needs make and git")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "binder-url"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode != 0 and done.stdout == ""
    assert "not a GitHub repository" in done.stderr and "git push" in done.stderr


def test_readme_has_no_placeholder_binder_link():
    readme = (ROOT / "README.md").read_text()
    assert "OWNER" not in readme and "make binder-url" in readme


def _environment_key() -> str:
    """Hash of everything that shapes the environment (and of where it lives: postBuild installs -e .)."""
    digest = hashlib.sha256(str(ROOT).encode())
    for path in sorted(BINDER.iterdir()) + [ROOT / "pyproject.toml"]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _index_unreachable() -> str | None:
    """None if pip's package index answers, else why not (pip's own configuration names the index)."""
    done = subprocess.run([sys.executable, "-m", "pip", "config", "get", "global.index-url"],
                          capture_output=True, text=True)
    index = os.environ.get("PIP_INDEX_URL") or (done.stdout.strip() if done.returncode == 0 else "") \
        or "https://pypi.org/simple/"
    if index.startswith("file:"):
        return None
    try:
        with urllib.request.urlopen(index.rstrip("/") + "/pip/", timeout=15):
            return None
    except (urllib.error.URLError, OSError) as err:
        return f"the package index {index} cannot be reached ({getattr(err, 'reason', err)})"


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
    venv = CACHE / _environment_key()
    bin_dir = venv / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "VIRTUAL_ENV": str(venv),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "MPLBACKEND": "Agg"}
    env.pop("PYTHONPATH", None)

    def run(*cmd, **kw):
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, **kw)
        assert done.returncode == 0, f"{cmd} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done

    if not (venv / ".complete").exists():
        why = _index_unreachable()
        if why and os.environ.get("CI") == "true":
            pytest.fail(f"{why}: CI must build Binder's environment", pytrace=False)
        if why:
            pytest.skip(f"{why}, and Binder's environment for the current binder/ and pyproject.toml is not "
                        f"built yet (it would be kept in {venv.relative_to(ROOT)}); run once online")
        shutil.rmtree(CACHE, ignore_errors=True)          # older keys: binder files or pyproject changed
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        run(str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r", str(BINDER / "requirements.txt"))
        run("bash", str(BINDER / "postBuild"))
        (venv / ".complete").touch()
    where = run(str(bin_dir / "python"), "-c", "import aimc_edu; print(aimc_edu.__file__)").stdout.strip()
    assert pathlib.Path(where).resolve().is_relative_to(ROOT), where
    for command in ("jupyter", "voila", "aimc-edu"):                  # what the notebooks tell users to run
        assert (bin_dir / command).exists(), f"Binder's environment has no {command}"
    # Binder's Voila preview (voila/render/...) hides the solutions: binder/start puts jupyter-config/ (naming
    # the preprocessor) on the server's config path, and the preprocessor imports there
    paths = run("bash", str(BINDER / "start"), str(bin_dir / "python"), "-c",
                "from jupyter_core.paths import jupyter_config_path; import aimc_edu.commands.hide_solutions as h; "
                "print(h.PREPROCESSOR); print(*jupyter_config_path(), sep='\\n')").stdout.splitlines()
    assert paths[0] in (ROOT / "jupyter-config" / "jupyter_server_config.json").read_text()
    stored = run("bash", str(BINDER / "start"), str(bin_dir / "python"), "-c",
                 "from aimc_edu import cache; print(cache.folder()); print(len(cache.entries(cache.folder())))")
    folder, count = stored.stdout.split()
    assert folder == str(ROOT / ".cache" / "aimc_edu") and int(count) >= 8, stored.stdout
    assert str(ROOT / "jupyter-config") in paths[1:]
    run(str(bin_dir / "jupyter"), "nbconvert", "--to", "notebook", "--execute", START,
        "--output-dir", str(tmp_path), "--ExecutePreprocessor.timeout=300")
    executed = json.loads((tmp_path / "00_start_here.ipynb").read_text())
    outputs = [o for c in executed["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs), "notebook 00 shows no figure"
