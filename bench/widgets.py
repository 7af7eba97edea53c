"""Control-move latency of every dashboard, headless (Agg): compute + draw + PNG per move, and each build.

Run: .venv/bin/python bench/widgets.py [--only 02,04] [--sweeps 1]

For each dashboard (01 device, 02 Analog SGD, 03 model vs pulses, 04 Tiki-Taka, 05 theory, 07 beyond
Tiki-Taka) the build time (opening the notebook to a ready dashboard: the grid simulations and the first
frame), then every control moved through its values: every option of a select slider, dropdown or toggle,
seven points of a float or int slider (its corners included), single choices and all of a multi-select.
Each control is moved ``--sweeps`` times through its values in a random order, the others at their
defaults. A move that runs the simulation engine (a first visit of a value that is not precomputed,
e.g. 02's W_0 or 03's pulse noise, or every move of 05) is reported apart from moves that only select
precomputed data. Notebook 06 (networks) is built and its Run button pressed once with its defaults.
Prints one row per dashboard and control: n, median and max in ms, of wall time and of CPU time
(``time.process_time``: what an idle machine would take; the course's code runs on one thread, BLAS
included). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import time

import numpy as np

from aimc_edu import dashboards

engine = importlib.import_module("aimc_edu.engine.simulate")   # the module (the package exports the function)

BOARDS = {"01": "device_dashboard", "02": "analog_sgd_dashboard", "03": "model_vs_pulses_dashboard",
          "04": "tiki_taka_dashboard", "05": "theory_dashboard", "07": "beyond_tiki_taka_dashboard"}


class SimulationCounter:
    """Counts the engine's time loops (every ``simulate`` call runs ``engine._run`` once)."""

    def __init__(self):
        self.calls, self._run = 0, engine._run

    def __enter__(self):
        def counted(*args, **kwargs):
            self.calls += 1
            return self._run(*args, **kwargs)
        engine._run = counted
        return self

    def __exit__(self, *exc):
        engine._run = self._run


def values_of(widget) -> list:
    """The values a reader can give the control: options, or 7 points of a slider's range."""
    if hasattr(widget, "options") and not hasattr(widget, "rows"):          # select slider, dropdown, toggles
        return [o[1] if isinstance(o, tuple) else o for o in widget.options]
    if hasattr(widget, "options"):                                           # multi-select: each alone, then all
        options = [o[1] if isinstance(o, tuple) else o for o in widget.options]
        return [(o,) for o in options] + [tuple(options)]
    lo, hi = widget.min, widget.max
    if type(widget).__name__ == "FloatLogSlider":
        points = widget.base ** np.linspace(lo, hi, 7)
    else:
        points = np.linspace(lo, hi, 7)
    if type(widget).__name__ in ("IntSlider", "BoundedIntText"):
        return sorted({int(round(p)) for p in points})
    step = getattr(widget, "step", None)
    if step and type(widget).__name__ == "FloatSlider":
        points = np.clip(lo + np.round((points - lo) / step) * step, lo, hi)
    return [float(p) for p in points]


def move(board, name, value, counter) -> tuple[tuple, bool]:
    """Set one control; ((wall ms, CPU ms), whether it ran a simulation)."""
    before = counter.calls
    with contextlib.redirect_stdout(io.StringIO()):     # headless clear_output prints escape codes
        start, cpu = time.perf_counter(), time.process_time()
        board.controls[name].value = value
        ms = (1e3 * (time.perf_counter() - start), 1e3 * (time.process_time() - cpu))
    if board.message and "iverged" not in board.message:
        print(f"    note: {name}={value!r}: {board.message}")
    return ms, counter.calls > before


def bench_board(key: str, factory: str, sweeps: int, rng, counter) -> list:
    """Build one dashboard and move every control; rows (key, control, kind, times)."""
    with contextlib.redirect_stdout(io.StringIO()):
        start, cpu = time.perf_counter(), time.process_time()
        board = getattr(dashboards, factory)()
        build = (1e3 * (time.perf_counter() - start), 1e3 * (time.process_time() - cpu))
    rows = [(key, "(build)", "build", [build])]
    for name, widget in board.controls.items():
        default = widget.value
        values = values_of(widget)
        select, sim = [], []
        for _ in range(sweeps):
            for i in rng.permutation(len(values)):
                if values[i] == widget.value:
                    continue
                ms, ran = move(board, name, values[i], counter)
                (sim if ran else select).append(ms)
        if widget.value != default:
            ms, ran = move(board, name, default, counter)
            (sim if ran else select).append(ms)
        rows += [(key, name, "select", select), (key, name, "simulate", sim)]
    return rows


def bench_networks(counter) -> list:
    """Notebook 06: build, then one press of Run with the defaults."""
    with contextlib.redirect_stdout(io.StringIO()):
        start, cpu = time.perf_counter(), time.process_time()
        board = dashboards.NeuralNetDashboard()
        build = (1e3 * (time.perf_counter() - start), 1e3 * (time.process_time() - cpu))
        start, cpu = time.perf_counter(), time.process_time()
        board.button.click()
        run = (1e3 * (time.perf_counter() - start), 1e3 * (time.process_time() - cpu))
    if board.message:
        print(f"    note: 06 Run: {board.message}")
    return [("06", "(build)", "build", [build]), ("06", "Run (defaults)", "simulate", [run])]


def report(rows) -> None:
    """The table: per dashboard and control, n and the median and max of wall and CPU milliseconds."""
    print(f"\n{'nb':3s} {'control':16s} {'kind':9s} {'n':>4s} {'median ms':>10s} {'max ms':>9s}"
          f" {'CPU median':>11s} {'CPU max':>8s}")
    for key, name, kind, times in rows:
        if times:
            wall, cpu = np.asarray(times).T
            print(f"{key:3s} {name:16s} {kind:9s} {len(wall):4d} {np.median(wall):10.1f} {wall.max():9.1f}"
                  f" {np.median(cpu):11.1f} {cpu.max():8.1f}")
    for kind in ("select", "simulate"):
        both = [t for _, name, k, times in rows if k == kind and name != "Run (defaults)" for t in times]
        if both:
            wall, cpu = np.asarray(both).T
            print(f"all moves, {kind:8s}: n={len(wall)}  median {np.median(wall):.1f} ms  max {wall.max():.1f} ms"
                  f"  (CPU: median {np.median(cpu):.1f} ms, max {cpu.max():.1f} ms)")
    builds = {key: times[0] for key, _, kind, times in rows if kind == "build"}
    print("builds (s, wall / CPU): " + "  ".join(f"{k} {w / 1e3:.2f} / {c / 1e3:.2f}" for k, (w, c) in builds.items()))


def main(argv=None) -> list:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="comma-separated notebooks, e.g. 02,04 (default: all)")
    parser.add_argument("--sweeps", type=int, default=1, help="passes through each control's values")
    parser.add_argument("--no-06", action="store_true", help="skip notebook 06's Run (trains networks)")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else set(BOARDS) | {"06"}
    print(f"dashboard latency, headless (load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores)")
    rng = np.random.default_rng(0)
    rows = []
    with SimulationCounter() as counter:
        for key, factory in BOARDS.items():
            if key in only:
                board_rows = bench_board(key, factory, args.sweeps, rng, counter)
                print(f"  {key}: build {board_rows[0][3][0][0] / 1e3:.2f} s, "
                      f"{sum(len(r[3]) for r in board_rows) - 1} moves", flush=True)
                rows += board_rows
        if "06" in only and not args.no_06:
            rows += bench_networks(counter)
    report(rows)
    return rows


if __name__ == "__main__":
    main()
