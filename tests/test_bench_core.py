"""bench/core.py compares like with like, and the engine's cost keeps a generous sanity bound.

The benchmark prints the engine's cost over the cost of drawing its noise alone (issue 11's target: 1.5) next
to a "NumPy floor": the same work written out by hand. These tests hold what makes that comparison fair: the
floor computes the engine's numbers bit for bit, and its other memory layout draws the same law. On time, they
assert only a sanity bound five times the target (7.5 x the noise), never the target itself.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from aimc_edu import AnalogSGD, SoftBounds, fig3_problem, simulate

BENCH = Path(__file__).resolve().parents[1] / "bench" / "core.py"


@pytest.fixture(scope="module")
def core():
    spec = importlib.util.spec_from_file_location("bench_core", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_floor_does_the_engines_work_bit_for_bit(core):
    assert core.floor_matches_engine(fig3_problem())


def test_the_floor_with_the_runs_axis_contiguous_draws_the_same_law(core):
    """order="F" assigns the normals to (run, coordinate) in another order: other numbers, the same law. The mean
    loss gap over the last 100 steps (well past the transient: 1/alpha = 33 steps) of 400 runs agrees within 4
    standard errors, and the layouts really differ (no two runs' paths coincide)."""
    p, runs, steps = fig3_problem(), 400, 600
    c = core.floor_loop(p, runs, steps, 0.03, 1.0, 0.3, seed=1)
    f = core.floor_loop(p, runs, steps, 0.03, 1.0, 0.3, seed=1, order="F")
    means = [r["loss_gap"][:, -100:].mean(axis=1) for r in (c, f)]      # one number per run: independent runs
    se = np.hypot(*(m.std(ddof=1) / np.sqrt(runs) for m in means))
    assert abs(means[0].mean() - means[1].mean()) < 4 * se
    assert not np.allclose(c["loss_gap"][:, -1], f["loss_gap"][:, -1])
    assert np.all(f["saturation"] <= 1.0) and np.all(c["saturation"] <= 1.0)


def test_engine_cost_stays_within_a_sanity_bound_of_the_noise(core):
    """The engine's CPU time over drawing its noise alone, median of 3 alternated rounds (the benchmark's own
    timing), stays below 7.5 (5 x the 1.5 target; measured 1.6 on the project's machine in bench/core.py). A
    bound for gross regressions only."""
    p, runs, steps = fig3_problem(), 256, 400
    rng, buf = np.random.default_rng(0), np.empty((runs, p.dim))

    def noise():
        for _ in range(steps):
            rng.standard_normal(out=buf)

    rounds = core.paired_ratios({"engine": lambda: simulate(p, AnalogSGD(0.03, SoftBounds(1.0)), steps, runs=runs,
                                                            seed=0, sigma=0.1)}, noise, 3)
    assert rounds["engine"]["ratio_cpu"] < 7.5, rounds
