"""The ``aimc-edu simulate`` command: JSON output, table output, one-line errors."""

import json
import subprocess
import sys

import pytest

from aimc_edu.cli import main

KEYS = {"algorithm", "device", "tau", "sigma", "lr", "init", "steps", "runs", "asymptotic_error",
        "asymptotic_error_se", "max_saturation"}


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "aimc_edu", *args], capture_output=True, text=True, timeout=120)


def test_json_one_object_per_grid_point(capsys):
    assert main(["simulate", "--algorithm", "analog-sgd", "--device", "soft-bounds", "--tau", "1,2.5",
                 "--sigma", "0.1", "--lr", "0.03,0.1", "--steps", "300", "--runs", "4", "--seed", "0", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 4 and all(KEYS <= set(r) for r in rows)
    assert {(r["tau"], r["lr"]) for r in rows} == {(1.0, 0.03), (1.0, 0.1), (2.5, 0.03), (2.5, 0.1)}
    by = {(r["tau"], r["lr"]): r for r in rows}
    assert by[(1.0, 0.03)]["max_saturation"] > by[(2.5, 0.03)]["max_saturation"] > 0
    assert all(r["asymptotic_error"] > 0 and r["asymptotic_error_se"] > 0 for r in rows)


def test_same_seed_same_numbers(capsys):
    args = ["simulate", "--tau", "1.5", "--steps", "200", "--runs", "3", "--json", "--seed", "9"]
    main(args)
    first = capsys.readouterr().out
    main(args)
    assert capsys.readouterr().out == first


@pytest.mark.parametrize("extra", [["--algorithm", "tiki-taka", "--fast-lr", "0.05", "--gamma", "0.1"],
                                   ["--algorithm", "digital-sgd"],
                                   ["--pulsed", "--states", "100"],
                                   ["--device", "exp-step"],
                                   ["--problem", "quadratic", "--dim", "3", "--curvature", "2", "--optimum", "0.4"],
                                   ["--problem", "fig1"], ["--problem", "fig4-sigma"]])
def test_variants_run(capsys, extra):
    assert main(["simulate", "--steps", "100", "--runs", "2", "--json", *extra]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["steps"] == 100 and row["asymptotic_error"] >= 0


def test_table_output(capsys):
    main(["simulate", "--tau", "1,2", "--steps", "100", "--runs", "2"])
    out = capsys.readouterr().out.splitlines()
    assert "asymptotic_error" in out[1] and len(out) == 4


@pytest.mark.parametrize("args, word", [
    (["--tau", "-1"], "--tau"),
    (["--tau", "abc"], "--tau"),
    (["--sigma", "nan"], "--sigma"),
    (["--lr", "-0.1"], "lr"),
    (["--runs", "0"], "runs"),
    (["--steps", "-5"], "steps"),
    (["--algorithm", "adam"], "--algorithm"),
    (["--device", "memristor"], "--device"),
    (["--pulsed", "--states", "0"], "--states"),
])
def test_bad_arguments_exit_nonzero_with_one_line(capsys, args, word):
    try:                                     # in-process: a subprocess per case costs seconds of start-up
        status = main(["simulate", "--steps", "10", *args])
    except SystemExit as done:
        status = done.code
    err = capsys.readouterr().err
    assert status == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and word in lines[-1]


def test_console_script_and_module_entry_points():
    res = run_cli("--help")
    assert res.returncode == 0 and "simulate" in res.stdout
