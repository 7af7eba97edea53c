"""Slider-move latency of every dashboard, headless (Agg): compute + draw + PNG, per move.

Run: .venv/bin/python bench/widgets.py [--moves N]

For each dashboard: the one-off build time (the grid simulation), then the median and max
latency of N moves of the sliders that index precomputed data, and separately of the moves
that start a new simulation (first visit of a W_0 or noise value; cached after).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import time

import numpy as np

from aimc_edu import dashboards

PRECOMPUTED = {"device_dashboard": ["device", "tau", "gamma_up", "gamma_down", "states", "noise"],
               "analog_sgd_dashboard": ["tau", "sigma2", "lr", "sweep"],
               "model_vs_pulses_dashboard": ["tau", "states"],
               "tiki_taka_dashboard": ["tau", "sigma2", "lr"]}
RECOMPUTE = {"analog_sgd_dashboard": ["init"], "model_vs_pulses_dashboard": ["noise"]}


def _options(slider):
    if hasattr(slider, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in slider.options]
    return list(np.linspace(slider.min, slider.max, 7))


def _time_moves(board, names, moves, rng):
    times = []
    for _ in range(moves):
        name = names[rng.integers(len(names))]
        slider = board.sliders[name]
        choices = [v for v in _options(slider) if v != slider.value]
        value = choices[rng.integers(len(choices))]
        with contextlib.redirect_stdout(io.StringIO()):  # headless clear_output prints escape codes
            start = time.perf_counter()
            slider.value = value
            times.append(1e3 * (time.perf_counter() - start))
        assert board.message == "" or "Diverged" in board.message, board.message
    return times


def _report(label, times):
    if times:
        print(f"  {label:<34s} n={len(times):3d}  median {statistics.median(times):7.1f} ms   max {max(times):7.1f} ms")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    for name, names in PRECOMPUTED.items():
        with contextlib.redirect_stdout(io.StringIO()):
            start = time.perf_counter()
            board = getattr(dashboards, name)()
        print(f"{name}: build {time.perf_counter() - start:.2f} s")
        _report("moves over precomputed values", _time_moves(board, names, args.moves, rng))
        if name in RECOMPUTE:
            _report("moves that may simulate (first visit)", _time_moves(board, RECOMPUTE[name], 6, rng))


if __name__ == "__main__":
    main()
