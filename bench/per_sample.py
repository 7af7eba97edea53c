"""Benchmark: the per-sample update (AIHWKIT's one pulse train per sample) against the paper's aggregate one.

Prints medians, asserts nothing. At the expectation level the per-sample drift costs one extra matrix
product (|r|^T |A| for least squares, |D|^T |X| for a layer), so it should cost at most 1.5x the
aggregate update computed from the same per-sample residuals; the pulse level costs more.

    .venv/bin/python bench/per_sample.py             # toy problem + FCN on 8,000 MNIST test images
    .venv/bin/python bench/per_sample.py --no-nn     # toy problem only

(a) Fig. 3 problem with read noise (its residuals are per sample either way), tau in {1, 1.5, 2, 2.5} x 8
    seeds = 32 runs, 2500 steps, recording every 10th step: aggregate vs per-sample vs per-sample pulses;
(b) the paper's FCN (784-256-128-10, paper recipe: batch 10) with Analog SGD, one epoch on 8,000 images:
    seconds per epoch, aggregate vs per-sample vs per-sample pulses (dw_min = 0.001).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from aimc_edu import AnalogSGD, Pulsed, SoftBounds, fig3_problem, simulate
from aimc_edu.problems import mean_singular_value

sys.path.insert(0, str(Path(__file__).resolve().parent))
from core import median_seconds  # noqa: E402  (bench/core.py)

ROOT = Path(__file__).resolve().parents[1]
TAUS = [1.0, 1.5, 2.0, 2.5]


def toy(repeats: int) -> dict:
    p = fig3_problem()
    w = 0.1 / mean_singular_value(p)

    def run(update, pulsed=False):
        def make(tau):
            return AnalogSGD(0.03, Pulsed.with_states(SoftBounds(tau), 300) if pulsed else SoftBounds(tau))
        return lambda: simulate(p, make, 2500, runs=8, grid={"tau": TAUS}, read_noise=w, update=update,
                                record_every=10)

    out = {name: median_seconds(fn, repeats) for name, fn in
           (("aggregate", run("aggregate")), ("per-sample", run("per-sample")),
            ("per-sample pulses", run("per-sample", pulsed=True)))}
    print("(a) Fig. 3 problem, read noise, 32 runs x 2500 steps (median of %d)" % repeats)
    for name, t in out.items():
        print(f"    {name:18s} {t:7.3f} s   x{t / out['aggregate']:.2f} of aggregate")
    return out


def nn(data_dir: str, repeats: int) -> dict:
    from aimc_edu.datasets import load_mnist_test_split
    from aimc_edu.nn import recipe, train

    rec = recipe("paper")
    data = rec.data(load_mnist_test_split(data_dir, n_train=8000))
    model = rec.model("fcn", data.image_shape)
    out = {}
    for name, update, pulsed in (("aggregate", "aggregate", False), ("per-sample", "per-sample", False),
                                 ("per-sample pulses", "per-sample", True)):
        alg = rec.algorithm("analog-sgd", 0.7, pulsed=pulsed)
        times = [train(model, alg, data, epochs=1, seed=r, batch_size=10, analog_bias=False,
                       update=update).seconds[0] for r in range(repeats)]
        out[name] = statistics.median(times)
    print("(b) FCN 784-256-128-10, Analog SGD, paper recipe (batch 10), one epoch on 8,000 MNIST images "
          "(median of %d)" % repeats)
    for name, t in out.items():
        print(f"    {name:18s} {t:7.2f} s/epoch   x{t / out['aggregate']:.2f} of aggregate")
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data" / "mnist"))
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--no-nn", action="store_true")
    args = p.parse_args(argv)
    toy(args.repeats)
    if not args.no_nn:
        try:
            nn(args.data_dir, args.repeats)
        except FileNotFoundError as err:
            print(f"(b) skipped: {err}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
