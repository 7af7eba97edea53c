"""Benchmark of the core engine (issue 2): prints medians, not asserted anywhere.

(a) the Fig. 3 workload: tau in {1, 1.5, 2, 2.5} x {digital SGD, Analog SGD, Tiki-Taka},
    2500 steps, one run each, in ONE vectorized call;
(b) an Analog SGD ensemble of 1024 runs x 2500 steps on the Fig. 3 problem, and the cost of
    one of its steps against the cost of only drawing its Gaussian noise (the noise draw; target ratio <= 1.5).
    The two are timed in alternated rounds (with (f)), so a change of the machine's load hits all; the ratio is
    the median over rounds, of CPU time (``time.process_time``: robust to other processes) and of wall time;
(c) workload (a) done naively: one simulate call per (algorithm, tau) pair in a Python loop;
(d) a notebook-02-sized grid (6 tau x 5 sigma^2 x 6 alpha x 8 runs, 2500 steps) with independent noise
    per grid point and with common noise (``common_noise=True``: one draw of runs x d per step);
(e) the per-step cost of small arrays, where Python and NumPy call overhead dominates: 48 runs x d = 40
    (notebook 04's stationary floors: 3 tau x 2 sigma^2 x 8 runs, every parameter per run, recording
    every 500th step) for Analog SGD and Tiki-Taka, in microseconds per step (median of 3 runs of 20,000 steps);
(f) the NumPy floor of workload (b): the same work written out by hand with no library layer at all (buffers
    allocated once, every operation in place, the metrics written straight into their rows), checked to give
    the engine's numbers bit for bit, timed in the same alternated rounds as (b) and the noise; once more with the runs
    axis contiguous in memory (the other layout: rows of d = 40 cost a call each in a row reduction); and the
    floor's step taken apart, microseconds per operation inside the loop. The engine can only approach the
    floor: the floor says what NumPy allows for (b) on this machine.
"""

from __future__ import annotations

import inspect
import os
import statistics
import time

import numpy as np

from aimc_edu import AnalogSGD, DigitalSGD, SoftBounds, TikiTaka, fig3_problem, simulate
from aimc_edu.engine.simulate import one_blas_thread

TAUS = [1.0, 1.5, 2.0, 2.5]
LR, SIGMA, STEPS = 0.03, 0.1, 2500
FACTORIES = {
    "digital-sgd": lambda tau: DigitalSGD(LR),
    "analog-sgd": lambda tau: AnalogSGD(LR, SoftBounds(tau)),
    "tiki-taka": lambda tau: TikiTaka(LR, LR, device=SoftBounds(tau)),
}


def median_seconds(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def workload_vectorized(problem):
    return simulate(problem, FACTORIES, STEPS, runs=1, seed=0, sigma=SIGMA, grid={"tau": TAUS})


def workload_naive(problem):
    return [simulate(problem, make(tau), STEPS, runs=1, seed=0, sigma=SIGMA)
            for make in FACTORIES.values() for tau in TAUS]


SMALL_STEPS = 20_000
SMALL = {"analog-sgd": lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)),
         "tiki-taka": lambda tau, lr: TikiTaka(lr, lr, SoftBounds(tau))}


def small_arrays(problem, make):
    """Notebook 04's stationary-floor size: 3 tau x 2 sigma x 8 runs = 48 rows of d = 40, parameters per run."""
    return simulate(problem, make, SMALL_STEPS, runs=8, seed=0, record_every=500,
                    grid={"tau": (0.5, 1.0, 2.0), "sigma": (0.1, 0.316), "lr": (0.01,)})


def floor_loop(problem, runs: int, steps: int, lr: float, tau: float, sigma: float, seed: int = 0, *,
               order: str = "C", timer=None) -> dict:
    """Workload (b) written out by hand: Analog SGD on soft bounds (p = 0), g = sigma xi + H (W - w*),
    recording f(W_k) - f*, ||grad f(W_k)||^2 and max|W_k| / tau at every step like the engine.

    The same operations in the same order as the engine (so the same numbers, bit for bit, in C order), but
    with every buffer allocated once and every operation in place. ``order="F"`` keeps the runs axis
    contiguous instead (row reductions become column reductions; the noise fills the buffer in that order, so
    the numbers differ, not their law). ``timer`` (a list) receives the seconds of each operation per step.
    """
    rng = np.random.default_rng(seed)
    d = problem.dim
    shape = (runs, d)
    W, diff, grad, g = (np.zeros(shape, order=order) for _ in range(4))
    minimizer = np.array(np.broadcast_to(problem.minimizer, shape), order=order)
    H = problem.hessian
    gap, grad_sq, sat = (np.empty((steps + 1, runs)) for _ in range(3))
    rows = np.arange(0, runs * d, d)
    laps: list = []
    lap = (lambda: None) if timer is None else (lambda: laps.append(time.perf_counter()))
    ops = ("W - w*", "H (W - w*)", "loss gap", "||grad||^2", "|W|", "max_i |W_i|", "noise xi", "g = sigma xi + grad",
           "analog update")
    spent = np.zeros(len(ops))
    with one_blas_thread():
        for k in range(steps + 1):
            lap()
            np.subtract(W, minimizer, out=diff)
            lap()
            np.matmul(diff, H, out=grad)
            lap()
            if order == "C":
                np.einsum("ri,ri->r", diff, grad, out=gap[k])
                gap[k] *= 0.5
                lap()
                np.einsum("ri,ri->r", grad, grad, out=grad_sq[k])
                lap()
                np.abs(W, out=diff)
                lap()
                at = diff.argmax(axis=1)
                at += rows
                np.take(diff.reshape(-1), at, out=sat[k])
            else:                                   # column reductions: the inner loop runs along the runs
                np.multiply(diff, grad, out=g)
                np.add.reduce(g, axis=1, out=gap[k])
                gap[k] *= 0.5
                lap()
                np.multiply(grad, grad, out=g)
                np.add.reduce(g, axis=1, out=grad_sq[k])
                lap()
                np.abs(W, out=diff)
                lap()
                np.maximum.reduce(diff, axis=1, out=sat[k])
            sat[k] /= tau
            lap()
            if k == steps:
                break
            rng.standard_normal(out=g)
            lap()
            g *= sigma
            g += grad
            lap()
            g *= -lr                                # dw = -alpha g
            np.abs(g, out=diff)
            diff *= W
            diff /= tau                             # |dw| W / tau
            W += g
            W -= diff                               # (W + dw) - |dw| W / tau
            if timer is not None:
                lap()
                spent += np.diff(laps)
                laps.clear()
    if timer is not None:
        timer.extend(zip(ops, spent / steps))
    return {"loss_gap": gap.T, "grad_norm_sq": grad_sq.T, "saturation": sat.T, "W": W}


def floor_matches_engine(problem) -> bool:
    """The floor does the engine's work: a short run of both gives the same numbers, bit for bit."""
    lr, tau, sigma, steps, runs = 0.05, 1.5, 0.2, 40, 6
    ours = floor_loop(problem, runs, steps, lr, tau, sigma, seed=3)
    tr = simulate(problem, AnalogSGD(lr, SoftBounds(tau)), steps, runs=runs, seed=3, sigma=sigma,
                  weights_at=(steps,))
    return (all(np.array_equal(getattr(tr, m), ours[m]) for m in ("loss_gap", "grad_norm_sq", "saturation"))
            and np.array_equal(tr.weights[steps], ours["W"]))


def paired_ratios(fns: dict, ref, pairs: int) -> dict:
    """Time ``ref`` and every function of ``fns`` in turn, ``pairs`` rounds, so a change of the machine's load
    hits them all. Per name: the median CPU (``time.process_time``) and wall times, and the median over rounds
    of its ratio to ``ref`` (CPU and wall); ``ref`` gets its medians under the name "ref"."""
    times = {name: {"cpu": [], "wall": []} for name in ("ref", *fns)}
    for _ in range(pairs):
        for name, f in (("ref", ref), *fns.items()):
            c0, w0 = time.process_time(), time.perf_counter()
            f()
            times[name]["cpu"].append(time.process_time() - c0)
            times[name]["wall"].append(time.perf_counter() - w0)
    out = {name: {kind: statistics.median(v) for kind, v in t.items()} for name, t in times.items()}
    for name in fns:
        for kind in ("cpu", "wall"):
            out[name][f"ratio_{kind}"] = statistics.median(
                x / y for x, y in zip(times[name][kind], times["ref"][kind]))
    return out


def main(repeats: int = 7, pairs: int = 5) -> dict:
    problem = fig3_problem()
    load = os.getloadavg()[0]
    workload_vectorized(problem)  # warm-up
    a = median_seconds(lambda: workload_vectorized(problem), repeats)
    c = median_seconds(lambda: workload_naive(problem), max(3, repeats // 2))
    rng = np.random.default_rng(0)
    buf = np.empty((1024, problem.dim))

    def noise():
        for _ in range(STEPS):
            rng.standard_normal(out=buf)

    rounds = paired_ratios({
        "engine": lambda: simulate(problem, AnalogSGD(LR, SoftBounds(1.0)), STEPS, runs=1024, seed=0, sigma=SIGMA),
        "floor": lambda: floor_loop(problem, 1024, STEPS, LR, 1.0, SIGMA),
        "floor_runs_contiguous": lambda: floor_loop(problem, 1024, STEPS, LR, 1.0, SIGMA, order="F"),
    }, noise, pairs)
    b, f = rounds["engine"], rounds
    b10 = median_seconds(lambda: simulate(problem, AnalogSGD(LR, SoftBounds(1.0)), STEPS, runs=1024,
                                          seed=0, sigma=SIGMA, record_every=10), 3)
    grid = {"tau": (0.5, 1.0, 1.5, 2.0, 2.5, 3.0), "sigma": np.sqrt([0.0, 1e-3, 1e-2, 1e-1, 1.0]),
            "lr": (0.01, 0.02, 0.03, 0.05, 0.1, 0.2)}
    shared = "common_noise" in inspect.signature(simulate).parameters    # absent before issue 11
    d = {common: median_seconds(lambda: simulate(problem, lambda tau, lr: AnalogSGD(lr, SoftBounds(tau)), STEPS,
                                                 runs=8, grid=grid, record_every=25,
                                                 **({"common_noise": common} if shared else {})), 1)
         for common in ((False, True) if shared else (False,))}
    d.setdefault(True, float("nan"))
    e = {name: 1e6 * median_seconds(lambda: small_arrays(problem, make), 3) / SMALL_STEPS
         for name, make in SMALL.items()}
    same = floor_matches_engine(problem)
    parts: list = []
    floor_loop(problem, 1024, STEPS, LR, 1.0, SIGMA, timer=parts)
    results = {
        "load_1min": load,
        "a_fig3_workload_one_call_s": a,
        "b_ensemble_1024x2500_s": b["wall"],
        "b_ensemble_1024x2500_cpu_s": b["cpu"],
        "b_record_every_10_s": b10,
        "b_noise_only_s": f["ref"]["wall"],
        "b_noise_only_cpu_s": f["ref"]["cpu"],
        "b_step_over_noise_cpu": b["ratio_cpu"],
        "b_step_over_noise_wall": b["ratio_wall"],
        "c_naive_loop_s": c,
        "c_naive_over_vectorized": c / a,
        "d_grid_independent_noise_s": d[False],
        "d_grid_common_noise_s": d[True],
        **{f"e_{name}_48x40_us_per_step": v for name, v in e.items()},
        "f_floor_equals_engine": same,
        **{f"f_{name}_over_noise_cpu": f[name]["ratio_cpu"] for name in ("floor", "floor_runs_contiguous")},
        "f_engine_over_floor_cpu": f["engine"]["cpu"] / f["floor"]["cpu"],
        **{f"f_us_{op}": 1e6 * sec for op, sec in parts},
    }
    print(f"core engine benchmark (medians; load average {load:.2f} on {os.cpu_count()} cores)")
    print(f"  (a) Fig. 3 workload, 12 runs in one call, 2500 steps : {a:8.3f} s   (target <= 0.15 s)")
    print(f"  (b) Analog SGD, 1024 runs x 2500 steps             : {b['wall']:8.3f} s wall, {b['cpu']:.3f} s CPU"
          f"   (target <= 2.5 s)")
    print(f"      the same recording every 10th step only           : {b10:8.3f} s")
    print(f"      drawing its noise only                            : {f['ref']['wall']:8.3f} s wall, "
          f"{f['ref']['cpu']:.3f} s CPU")
    print(f"      engine / noise, median of {pairs} alternated rounds  : x{b['ratio_cpu']:.2f} CPU, "
          f"x{b['ratio_wall']:.2f} wall   (target <= 1.5)")
    print(f"  (c) workload (a) one run at a time in a Python loop : {c:8.3f} s   "
          f"naive / vectorized = {c / a:.1f}x (target >= 10x)")
    print(f"  (d) notebook 02 grid, 1440 runs x 2500 steps        : {d[False]:8.3f} s independent noise, "
          f"{d[True]:.3f} s common noise")
    print(f"  (e) 48 runs x 40, per-run parameters, per step       : "
          + ", ".join(f"{name} {v:.1f} us" for name, v in e.items()))
    print(f"  (f) the NumPy floor of (b): the same work by hand, every buffer allocated once"
          f" (same numbers as the engine, bit for bit: {'yes' if same else 'NO'})")
    print(f"      over the noise, in the same rounds as (b) (CPU)      : "
          f"floor x{f['floor']['ratio_cpu']:.2f}, floor with the runs axis contiguous "
          f"x{f['floor_runs_contiguous']['ratio_cpu']:.2f}   (target <= 1.5)")
    print(f"      engine / floor                                    : x{f['engine']['cpu'] / f['floor']['cpu']:.3f} CPU")
    total = sum(sec for _, sec in parts)
    print("      the floor's step, us per operation inside the loop: "
          + ", ".join(f"{op} {1e6 * sec:.1f}" for op, sec in parts) + f"; total {1e6 * total:.0f} us")
    return results


if __name__ == "__main__":
    main()
