"""Benchmark of the core engine (issue 2): prints medians, not asserted anywhere.

(a) the Fig. 3 workload: tau in {1, 1.5, 2, 2.5} x {digital SGD, Analog SGD, Tiki-Taka},
    2500 steps, one run each, in ONE vectorized call;
(b) an Analog SGD ensemble of 1024 runs x 2500 steps on the Fig. 3 problem, and the cost of
    one of its steps against the cost of only drawing its Gaussian noise (the floor; target ratio <= 1.5).
    The two are timed in alternation (pairs), so a change of the machine's load hits both; the ratio is
    the median over pairs, of CPU time (``time.process_time``: robust to other processes) and of wall time;
(c) workload (a) done naively: one simulate call per (algorithm, tau) pair in a Python loop;
(d) a notebook-02-sized grid (6 tau x 5 sigma^2 x 6 alpha x 8 runs, 2500 steps) with independent noise
    per grid point and with common noise (``common_noise=True``: one draw of runs x d per step);
(e) the per-step cost of small arrays, where Python and NumPy call overhead dominates: 48 runs x d = 40
    (notebook 04's stationary floors: 3 tau x 2 sigma^2 x 8 runs, every parameter per run, recording
    every 500th step) for Analog SGD and Tiki-Taka, in microseconds per step (median of 3 runs of 20,000 steps).
"""

from __future__ import annotations

import inspect
import os
import statistics
import time

import numpy as np

from aimc_edu import AnalogSGD, DigitalSGD, SoftBounds, TikiTaka, fig3_problem, simulate

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


def paired_ratio(fn, ref, pairs: int) -> dict:
    """Time ``fn`` and ``ref`` alternately ``pairs`` times: medians and the median ratio, CPU and wall."""
    out = {"cpu": [], "wall": [], "cpu_ref": [], "wall_ref": []}
    for _ in range(pairs):
        for f, key in ((ref, "_ref"), (fn, "")):
            c0, w0 = time.process_time(), time.perf_counter()
            f()
            out["cpu" + key].append(time.process_time() - c0)
            out["wall" + key].append(time.perf_counter() - w0)
    med = {k: statistics.median(v) for k, v in out.items()}
    med["ratio_cpu"] = statistics.median(a / b for a, b in zip(out["cpu"], out["cpu_ref"]))
    med["ratio_wall"] = statistics.median(a / b for a, b in zip(out["wall"], out["wall_ref"]))
    return med


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

    b = paired_ratio(lambda: simulate(problem, AnalogSGD(LR, SoftBounds(1.0)), STEPS, runs=1024, seed=0,
                                      sigma=SIGMA), noise, pairs)
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
    results = {
        "load_1min": load,
        "a_fig3_workload_one_call_s": a,
        "b_ensemble_1024x2500_s": b["wall"],
        "b_ensemble_1024x2500_cpu_s": b["cpu"],
        "b_record_every_10_s": b10,
        "b_noise_only_s": b["wall_ref"],
        "b_noise_only_cpu_s": b["cpu_ref"],
        "b_step_over_noise_cpu": b["ratio_cpu"],
        "b_step_over_noise_wall": b["ratio_wall"],
        "c_naive_loop_s": c,
        "c_naive_over_vectorized": c / a,
        "d_grid_independent_noise_s": d[False],
        "d_grid_common_noise_s": d[True],
        **{f"e_{name}_48x40_us_per_step": v for name, v in e.items()},
    }
    print(f"core engine benchmark (medians; load average {load:.2f} on {os.cpu_count()} cores)")
    print(f"  (a) Fig. 3 workload, 12 runs in one call, 2500 steps : {a:8.3f} s   (target <= 0.15 s)")
    print(f"  (b) Analog SGD, 1024 runs x 2500 steps             : {b['wall']:8.3f} s wall, {b['cpu']:.3f} s CPU"
          f"   (target <= 2.5 s)")
    print(f"      the same recording every 10th step only           : {b10:8.3f} s")
    print(f"      drawing its noise only                            : {b['wall_ref']:8.3f} s wall, "
          f"{b['cpu_ref']:.3f} s CPU")
    print(f"      engine / noise, median of {pairs} alternated pairs   : x{b['ratio_cpu']:.2f} CPU, "
          f"x{b['ratio_wall']:.2f} wall   (target <= 1.5)")
    print(f"  (c) workload (a) one run at a time in a Python loop : {c:8.3f} s   "
          f"naive / vectorized = {c / a:.1f}x (target >= 10x)")
    print(f"  (d) notebook 02 grid, 1440 runs x 2500 steps        : {d[False]:8.3f} s independent noise, "
          f"{d[True]:.3f} s common noise")
    print(f"  (e) 48 runs x 40, per-run parameters, per step       : "
          + ", ".join(f"{name} {v:.1f} us" for name, v in e.items()))
    return results


if __name__ == "__main__":
    main()
