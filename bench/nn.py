"""Benchmark: seconds per epoch of the paper's FCN (784-256-128-10) and CNN, batch 8, on the first
8,000 MNIST test images, for digital SGD, Analog SGD and Tiki-Taka (medians over repeats).

    .venv/bin/python bench/nn.py                      # timing (target: FCN analog epoch <= 10 s)
    .venv/bin/python bench/nn.py --accuracy --epochs 10   # also: train on 8,000, test on the other 2,000

The two MNIST test files (t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) are read from --data-dir,
by default the first of $AIMC_EDU_DATA, the user cache (where `aimc-edu train --dataset mnist` puts them)
and ../shared/data/mnist/ that has them; they are not shipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

from aimc_edu.commands.train import MNIST_LR
from aimc_edu.datasets import find_mnist, load_mnist_test_split, mnist_locations
from aimc_edu.experiments.networks import NETWORK_ALGORITHMS as ALGORITHMS
from aimc_edu.nn import course_algorithm, make_model, train

ROOT = Path(__file__).resolve().parents[1]
T10K = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
NEXT_TO_REPO = ROOT.parent / "shared" / "data" / "mnist"


def seconds_per_epoch(model_name, algorithm_name, data, tau, repeats):
    model = make_model(model_name, data.image_shape)
    alg = course_algorithm(algorithm_name, lr=MNIST_LR[algorithm_name], tau=tau)
    times = []
    for r in range(repeats):
        result = train(model, alg, data, epochs=1, seed=r)
        times.append(result.seconds[0])
    return float(np.median(times)), times


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", default=None, help="folder with the two MNIST test files (default: searched)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--tau", type=float, default=0.6)
    p.add_argument("--models", default="fcn,cnn")
    p.add_argument("--accuracy", action="store_true", help="train --epochs epochs and report test accuracy")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    data_dir = args.data_dir or find_mnist(T10K, also=[NEXT_TO_REPO])
    if data_dir is None:
        raise FileNotFoundError(
            f"MNIST test files {', '.join(T10K)} not found in {', '.join(map(str, mnist_locations([NEXT_TO_REPO])))}: "
            f"run `.venv/bin/python bench/nn.py --data-dir DIR` or `AIMC_EDU_DATA=DIR make bench` with a folder DIR "
            f"that has them")
    data = load_mnist_test_split(data_dir, n_train=8000)
    # time the timed part on the 8,000 training images only; evaluation uses the 2,000 others
    print(f"MNIST t10k split: {len(data.y_train)} train / {len(data.y_test)} test, batch 8, tau = {args.tau}")
    if args.accuracy:
        for model_name in args.models.split(","):
            model = make_model(model_name, data.image_shape)
            for name in ALGORITHMS:
                alg = course_algorithm(name, lr=MNIST_LR[name], tau=args.tau)
                t0 = time.perf_counter()
                result = train(model, alg, data, epochs=args.epochs, seed=args.seed)
                sat = "" if result.mean_saturation is None else \
                    f"  mean |w|/tau {result.mean_saturation:.3f}  max {result.max_saturation:.3f}"
                print(f"{model_name} {name:12s} lr {MNIST_LR[name]}: test accuracy per epoch "
                      f"{np.round(100 * np.array(result.test_accuracy), 2).tolist()}  final "
                      f"{100 * result.final_accuracy:.2f}%{sat}  ({time.perf_counter() - t0:.0f} s)", flush=True)
        return 0
    print(f"{'model':6s} {'algorithm':12s} {'s/epoch (median)':>17s}  repeats")
    for model_name in args.models.split(","):
        for name in ALGORITHMS:
            median, times = seconds_per_epoch(model_name, name, data, args.tau, args.repeats)
            print(f"{model_name:6s} {name:12s} {median:17.2f}  {np.round(times, 2).tolist()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
