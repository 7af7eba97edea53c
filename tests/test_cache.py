"""The opt-in disk cache of the dashboards' grids (aimc_edu/cache.py, ``aimc-edu cache``): off by default, keyed by
the arguments and the code, bit-identical to computing afresh, robust to broken entries, and complete: after
``aimc-edu cache warm`` every dashboard builds and every option move is served without a simulation."""

from __future__ import annotations

import importlib
import pickle

import numpy as np
import pytest

from aimc_edu import cache
from aimc_edu.cli import main
from aimc_edu.experiments import toy

engine = importlib.import_module("aimc_edu.engine.simulate")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    cache.clear_memory()
    yield tmp_path / "cache"
    cache.clear_memory()


@pytest.fixture
def counted(monkeypatch):
    """Counts the engine's time loops (every simulate call runs engine._run once)."""
    calls = []
    real = engine._run
    monkeypatch.setattr(engine, "_run", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def make_counter():
    """A fresh persistent function that records each real computation."""
    seen = []

    @cache.persistent(2)
    def square(x: float, power: int = 2) -> np.ndarray:
        seen.append((x, power))
        return np.arange(3.0) * x ** power

    return square, seen


def test_off_without_the_variable_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    square, seen = make_counter()
    assert cache.folder() is None
    square(2.0)
    square.cache_clear()
    square(2.0)
    assert seen == [(2.0, 2), (2.0, 2)] and not any(tmp_path.rglob("*"))


def test_an_entry_is_keyed_by_arguments_with_defaults_applied(folder):
    square, seen = make_counter()
    np.testing.assert_array_equal(square(3.0), [0.0, 9.0, 18.0])
    square.cache_clear()                                   # a new session: memory empty, disk kept
    square(3.0, power=2)
    square.cache_clear()
    square(x=3.0)
    assert seen == [(3.0, 2)]                              # one computation, then read twice from disk
    square(3.0, 3)
    assert seen == [(3.0, 2), (3.0, 3)] and len(cache.entries(folder)) == 2
    assert all(p.parent.name == cache.fingerprint() for p in cache.entries(folder))


def test_a_broken_entry_is_recomputed_and_rewritten(folder):
    square, seen = make_counter()
    square(1.5)
    (entry,) = cache.entries(folder)
    entry.write_bytes(b"not a pickle")
    square.cache_clear()
    np.testing.assert_array_equal(square(1.5), [0.0, 2.25, 4.5])
    assert len(seen) == 2
    np.testing.assert_array_equal(pickle.loads(entry.read_bytes()), [0.0, 2.25, 4.5])


def test_a_folder_that_cannot_be_written_warns_and_still_computes(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.ENV, str(blocker))
    square, _ = make_counter()
    with pytest.warns(RuntimeWarning, match=cache.ENV):
        np.testing.assert_array_equal(square(2.0), [0.0, 4.0, 8.0])


def test_other_code_versions_are_removed_and_only_fingerprint_folders(folder):
    square, _ = make_counter()
    square(1.0)
    (folder / "0123456789abcdef").mkdir()                  # another version of the code
    (folder / "notes").mkdir()                             # not ours: never removed
    assert [p.name for p in cache.stale(folder)] == ["0123456789abcdef"]
    assert cache.clear(folder, only_stale=True) == 1 and len(cache.entries(folder)) == 1
    assert cache.clear(folder) == 1 and not cache.entries(folder) and (folder / "notes").is_dir()


def test_a_stored_grid_is_bit_identical_to_computing_it_afresh(folder, monkeypatch, counted):
    stored = toy.pulsed_grid(0.3, steps=60, runs=2)        # computed, written
    cache.clear_memory()
    read = toy.pulsed_grid(0.3, steps=60, runs=2)          # read from disk
    assert len(counted) == len(toy.PULSE_GRID["tau"])     # one simulation per tau slice, then none
    monkeypatch.delenv(cache.ENV)
    cache.clear_memory()
    fresh = toy.pulsed_grid(0.3, steps=60, runs=2)
    for a in (stored, read):
        for name in ("steps", "band", "floor", "se"):
            np.testing.assert_array_equal(getattr(a, name), getattr(fresh, name))
        assert {k: list(v) for k, v in a.grid.items()} == {k: list(v) for k, v in fresh.grid.items()}


@pytest.mark.parametrize("argv, line", [
    (["cache", "info"], "the environment variable AIMC_EDU_CACHE is not set"),
    (["cache", "warm", "--only", "08"], "--only must be a comma-separated list of notebooks among 01,02,03,04,05,06,07, got '08'"),
])
def test_cli_errors_name_the_variable_or_the_flag(capsys, monkeypatch, argv, line):
    monkeypatch.delenv(cache.ENV, raising=False)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and line in err, err


def test_cli_refuses_a_file_as_the_folder(capsys, tmp_path, monkeypatch):
    (tmp_path / "f").write_text("x")
    monkeypatch.setenv(cache.ENV, str(tmp_path / "f"))
    assert main(["cache", "info"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def moves_without_simulation(notebook: str, counted: list) -> dict:
    """Build ``notebook``'s dashboard and move each control with options through them: simulations per control."""
    import matplotlib.pyplot as plt

    from aimc_edu.commands.cache import values_of
    from aimc_edu.dashboards import BY_NOTEBOOK

    counted.clear()
    board = BY_NOTEBOOK[notebook]()
    runs = {"build": len(counted)}
    for name, widget in board.controls.items():
        counted.clear()
        default = widget.value
        for value in values_of(widget):
            widget.value = value
        widget.value = default
        runs[name] = len(counted)
    assert not board.message, board.message
    plt.close(board.figure)
    return runs


@pytest.mark.slow
def test_after_warm_every_dashboard_builds_and_moves_without_simulating(folder, capsys, counted):
    assert main(["cache", "warm"]) == 0
    out = capsys.readouterr().out
    assert "notebook 03: built and" in out and "notebook 06:" in out and f"entries in {folder}" in out
    cache.clear_memory()                                   # a new kernel: only the disk remains
    toy.analog_sgd_point.cache_clear()                     # (in memory only: 02's W_0 runs)
    for notebook in ("01", "02", "03", "04", "05", "07"):
        runs = moves_without_simulation(notebook, counted)
        expected = {name: 0 for name in runs}
        if notebook == "02":
            expected["init"] = runs["init"]                # another W_0 is a new run, computed on the move (~0.2 s)
            assert runs["init"] == 2 * 2                   # two other W_0 values, analog and digital each
        assert runs == expected, (notebook, runs)
    from aimc_edu.dashboards import BY_NOTEBOOK

    counted.clear()
    board = BY_NOTEBOOK["03"](noise=1.0)                   # 03 at a pulse noise > 0: every tau was stored too
    for tau in toy.PULSE_GRID["tau"]:
        board.controls["tau"].value = tau
    assert not counted and not board.message
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    names = ("toy.model_grid", "toy.pulsed_grid", "toy.pulsed_slice", "toy.analog_sgd_grid", "toy.tiki_taka_grid",
             "beyond.beyond_grid", "theory_grid.theory_grid", "networks.digits_run")
    stored = {n: out.count(f".{n}-") for n in names}
    pulse = len(toy.PULSE_GRID["noise"])
    assert stored == {"toy.model_grid": 1, "toy.pulsed_grid": pulse, "toy.pulsed_slice": pulse * len(toy.PULSE_GRID["tau"]),
                      "toy.analog_sgd_grid": 1, "toy.tiki_taka_grid": 1, "beyond.beyond_grid": 1,
                      "theory_grid.theory_grid": 1, "networks.digits_run": 1}, stored
    assert f"{sum(stored.values())} entries" in out


@pytest.mark.parametrize("target, command", [("lab", "jupyter lab"), ("present NB=02", "aimc-edu present 02")])
def test_make_warms_the_cache_and_points_the_server_at_it(target, command):
    import pathlib
    import shutil
    import subprocess

    if not shutil.which("make"):
        pytest.skip("needs make")
    root = pathlib.Path(__file__).resolve().parents[1]
    done = subprocess.run(["make", "-n", "-W", "aimc_edu/cache.py", *target.split()], cwd=root,
                          capture_output=True, text=True, check=True)   # -W: as if the code had just changed
    lines = done.stdout.splitlines()
    warm = next(i for i, line in enumerate(lines) if "aimc-edu cache warm" in line)
    serve = next(i for i, line in enumerate(lines) if command in line)
    where = f'AIMC_EDU_CACHE="{root}/.cache/aimc_edu"'
    assert warm < serve and where in lines[warm] and where in " ".join(lines[serve - 1:serve + 1])


def test_a_stored_training_run_equals_training_afresh(folder):
    from aimc_edu.experiments import networks

    seen = []
    first = networks.digits_run("fcn", ("digital-sgd",), 0.3, 1, 0.1, 0, on_batch=lambda *a: seen.append(a))
    assert seen                                            # trained, with progress
    seen.clear()
    read = networks.digits_run("fcn", ("digital-sgd",), 0.3, 1, 0.1, 0, on_batch=lambda *a: seen.append(a))
    assert not seen and len(cache.entries(folder)) == 1    # the callback is not part of the key: read back
    fresh = networks.setting_run("fcn", None, ("digital-sgd",), 0.3, 1, 0.1, 0)
    for data5, data7 in (first, read):
        np.testing.assert_array_equal(data5.accuracy[("digital-sgd", None)], fresh[0].accuracy[("digital-sgd", None)])
        np.testing.assert_array_equal(data7.weights["digital-sgd"], fresh[1].weights["digital-sgd"])
