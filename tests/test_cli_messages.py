"""What the ``aimc-edu`` command tells a user: one-line errors naming the flag and the value typed
(exit 2), defaults in ``--help``, each device family's range, and a time estimate before long runs.
All in-process (no subprocess start-up)."""

from __future__ import annotations

import argparse

import pytest

from aimc_edu.cli import build_parser, main
from aimc_edu.commands import _eta
from aimc_edu.devices import DEVICES


def error_of(capsys, *argv):
    """(exit status, stderr) of ``aimc-edu argv``, argparse's own exits included."""
    try:
        status = main(list(argv))
    except SystemExit as done:
        status = done.code
    return status, capsys.readouterr().err


@pytest.mark.parametrize("argv, line", [
    (["simulate", "--steps", "0"], "--steps must be >= 1, got 0"),
    (["simulate", "--runs", "0"], "--runs must be >= 1, got 0"),
    (["simulate", "--seed", "-3"], "--seed must be >= 0, got -3"),
    (["simulate", "--tau", "1,-1"], "--tau must be > 0, got -1 (in --tau 1,-1)"),
    (["simulate", "--sigma", "-0.1"], "--sigma must be >= 0, got -0.1"),
    (["simulate", "--lr", "0"], "--lr must be > 0 for analog-sgd (with every learning rate at 0 its weights never move), got 0"),
    (["simulate", "--algorithm", "digital-sgd", "--lr", "0.1,0"], "--lr must be > 0 for digital-sgd"),
    (["simulate", "--algorithm", "tiki-taka", "--lr", "0"], "--lr must be > 0 for tiki-taka"),
    (["simulate", "--lr", "-0.1"], "--lr must be >= 0, got -0.1"),
    (["simulate", "--init", "2"], "--init must be in [-1, 1] (the range of --device soft-bounds at --tau 1), got 2"),
    (["simulate", "--device", "linear-step", "--tau", "2,0.5", "--init", "0,1"],
     "--init must be in [-0.5, 0.5] (the range of --device linear-step at --tau 0.5), got 1 (in --init 0,1)"),
    (["simulate", "--steps", "20", "--last", "30"], "--last must be <= --steps (20 recorded steps), got 30"),
    (["simulate", "--last", "0"], "--last must be >= 1, got 0"),
    (["simulate", "--pulsed", "--states", "0"], "--states must be > 0, got 0"),
    (["simulate", "--problem", "quadratic", "--dim", "0"], "--dim must be >= 1, got 0"),
    (["simulate", "--gamma", "nan"], "--gamma must be finite (no NaN or inf), got nan"),
    (["train", "--epochs", "0"], "--epochs must be >= 1, got 0"),
    (["train", "--lr", "0"], "--lr must be > 0, got 0"),
    (["train", "--train-size", "0"], "--train-size must be >= 1, got 0"),
    (["train", "--decay-every", "0"], "--decay-every must be >= 1, got 0"),
    (["figures", "--out", "x", "--runs", "1"], "--runs must be >= 2, got 1"),
    (["figures", "--out", "x", "--dpi", "0"], "--dpi must be >= 10, got 0"),
    (["present", "00"], "NB must be a notebook with a dashboard, one of 01, 02, 03, 04, 05, 06, 07"),
    (["present", "02", "--port", "70000"], "--port must be"),
])
def test_bad_values_exit_2_with_one_line_naming_the_flag_and_the_value(capsys, tmp_path, monkeypatch, argv, line):
    monkeypatch.chdir(tmp_path)
    status, err = error_of(capsys, *argv)
    assert status == 2
    assert err.count("\n") == 1 and line in err, err
    assert not (tmp_path / "x").exists()                # rejected before anything is written


def test_lr_zero_is_allowed_when_another_learning_rate_moves_the_algorithm(capsys):
    # Tiki-Taka with alpha = 0 but beta > 0: P learns (W stays put), a legitimate experiment
    assert main(["simulate", "--algorithm", "tiki-taka", "--lr", "0", "--fast-lr", "0.05",
                 "--steps", "30", "--runs", "2", "--json"]) == 0
    assert '"lr": 0.0' in capsys.readouterr().out


def test_digital_sgd_takes_any_init(capsys):
    assert main(["simulate", "--algorithm", "digital-sgd", "--init", "5", "--steps", "20", "--runs", "2"]) == 0


def test_figures_out_that_cannot_be_a_directory(capsys, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("")
    for out, says in ((a_file, "(it is a file)"), (a_file / "figs", f"({a_file} is a file)")):
        status, err = error_of(capsys, "figures", "--out", str(out), "--steps", "10", "--runs", "2")
        assert status == 2 and err.count("\n") == 1
        assert f"--out must be a directory, got '{out}'" in err and says in err and "Traceback" not in err


def test_unknown_choices_name_the_flag(capsys):
    status, err = error_of(capsys, "simulate", "--device", "memristor")
    assert status == 2 and err.count("\n") == 1 and "--device" in err and "memristor" in err


def _options(command):
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
    return sub, [a for a in sub._actions if a.option_strings and a.dest != "help"]


@pytest.mark.parametrize("command", ["simulate", "train", "figures", "present"])
def test_help_shows_every_default(capsys, command):
    sub, options = _options(command)
    text = " ".join(sub.format_help().split())
    for action in options:
        if action.default is None or action.default is False:
            continue
        default = action.default
        shown = ",".join(f"{v:g}" for v in default) if isinstance(default, list) else str(default)
        assert f"(default: {shown})" in text, f"{action.option_strings[0]}: no '(default: {shown})' in --help"


def test_device_help_says_each_familys_range():
    sub, _ = _options("simulate")
    text = " ".join(sub.format_help().split())
    for name, family in DEVICES.items():
        if name == "ideal":
            continue
        assert name in text
        assert family.range_help.split(": ", 1)[-1] in text, name


def test_long_simulations_announce_their_duration_first(capsys, monkeypatch):
    monkeypatch.setattr(_eta, "LONG", 0.0)        # announce everything: the estimate itself is what matters
    assert main(["simulate", "--steps", "400", "--runs", "2", "--json"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("aimc-edu simulate: 400 steps x 2 runs x 1 settings: about ") and "probe" in err


def test_short_runs_are_not_probed():
    calls = []
    assert _eta.probe(calls.append, 399) is None and calls == []
    assert _eta.probe(calls.append, 1000) > 0 and calls == [10]
