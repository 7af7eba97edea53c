"""Benchmark of the core engine (issue 2): prints medians, not asserted anywhere.

(a) the Fig. 3 workload: tau in {1, 1.5, 2, 2.5} x {digital SGD, Analog SGD, Tiki-Taka},
    2500 steps, one run each, in ONE vectorized call;
(b) an Analog SGD ensemble of 1024 runs x 2500 steps on the Fig. 3 problem, and the cost of
    one of its steps against the cost of only drawing its Gaussian noise (the floor);
(c) workload (a) done naively: one simulate call per (algorithm, tau) pair in a Python loop.
"""

from __future__ import annotations

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


def main(repeats: int = 7) -> dict:
    problem = fig3_problem()
    workload_vectorized(problem)  # warm-up
    a = median_seconds(lambda: workload_vectorized(problem), repeats)
    c = median_seconds(lambda: workload_naive(problem), max(3, repeats // 2))
    b = median_seconds(lambda: simulate(problem, AnalogSGD(LR, SoftBounds(1.0)), STEPS, runs=1024,
                                        seed=0, sigma=SIGMA), 3)
    b10 = median_seconds(lambda: simulate(problem, AnalogSGD(LR, SoftBounds(1.0)), STEPS, runs=1024,
                                          seed=0, sigma=SIGMA, record_every=10), 3)
    rng = np.random.default_rng(0)
    buf = np.empty((1024, problem.dim))
    noise = median_seconds(lambda: [rng.standard_normal(out=buf) for _ in range(STEPS)], 3)
    results = {
        "a_fig3_workload_one_call_s": a,
        "b_ensemble_1024x2500_s": b,
        "b_record_every_10_s": b10,
        "b_step_ms": 1e3 * b / STEPS,
        "b_noise_only_step_ms": 1e3 * noise / STEPS,
        "b_step_over_noise": b / noise,
        "c_naive_loop_s": c,
        "c_naive_over_vectorized": c / a,
    }
    print("core engine benchmark (medians)")
    print(f"  (a) Fig. 3 workload, 12 runs in one call, 2500 steps : {a:8.3f} s   (target <= 0.15 s)")
    print(f"  (b) Analog SGD, 1024 runs x 2500 steps             : {b:8.3f} s   (target <= 2.5 s)")
    print(f"      the same recording every 10th step only           : {b10:8.3f} s")
    print(f"      one step {1e3 * b / STEPS:.3f} ms vs drawing its noise only {1e3 * noise / STEPS:.3f} ms"
          f" (x{b / noise:.2f})")
    print(f"  (c) workload (a) one run at a time in a Python loop : {c:8.3f} s   "
          f"naive / vectorized = {c / a:.1f}x (target >= 10x)")
    return results


if __name__ == "__main__":
    main()
