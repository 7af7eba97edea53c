"""Long runs: Fig. 5's accuracy ordering and Fig. 7's saturation under the paper's recipe, with the paper's
aggregate dynamic or the per-sample (pulse-level) model of AIHWKIT's update. Prints and appends JSON lines.

    .venv/bin/python bench/fig5_per_sample.py --algorithm analog-sgd --update per-sample --pulsed --epochs 80

Trains the FCN (or CNN) with the paper's recipe (:mod:`aimc_edu.nn.recipes`: lr 0.05, batch 10, step decay
x0.1 every 35 epochs, pixels in [0, 1], digital biases, output scales, Tiki-Taka fast lr 0.01 and one column
per step) on the first 8,000 MNIST test images and tests on the other 2,000 (only the t10k files are
needed: ../shared/data/mnist or --data-dir). One FCN epoch takes ~3 s at the expectation level and
~25 s with per-sample pulses (shared 2-core machine); nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

from aimc_edu.datasets import load_mnist_test_split
from aimc_edu.engine.simulate import UPDATES
from aimc_edu.nn import recipe, train

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data" / "mnist"))
    p.add_argument("--model", default="fcn", choices=("fcn", "cnn"))
    p.add_argument("--algorithm", default="analog-sgd", choices=("digital-sgd", "analog-sgd", "tiki-taka"))
    p.add_argument("--tau", type=float, default=0.7)
    p.add_argument("--update", default="aggregate", choices=UPDATES)
    p.add_argument("--pulsed", action="store_true")
    p.add_argument("--recipe", default="paper")
    p.add_argument("--epochs", type=int, default=80)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default=None, help="append the summary as one JSON line to this file")
    args = p.parse_args(argv)
    rec = recipe(args.recipe)
    data = rec.data(load_mnist_test_split(args.data_dir, n_train=8000))
    model = rec.model(args.model, data.image_shape)
    alg = rec.algorithm(args.algorithm, args.tau, pulsed=args.pulsed)
    t0 = time.perf_counter()

    def on_epoch(epoch, result):
        sat = "" if result.tau is None else f"  mean |w|/tau {np.abs(result.tile_weights()).mean() / result.tau:.4f}"
        print(f"epoch {epoch + 1:3d}  test accuracy {100 * result.test_accuracy[-1]:6.2f}%  "
              f"loss {result.train_loss[-1]:.4f}{sat}  ({result.seconds[-1]:.1f} s)", flush=True)

    result = train(model, alg, data, epochs=args.epochs, seed=args.seed, batch_size=rec.batch_size[args.model],
                   decay_every=rec.decay_every, lr_decay=rec.lr_decay, analog_bias=rec.analog_bias,
                   update=args.update, on_epoch=on_epoch)
    summary = {**vars(args), **result.summary(), "seconds": time.perf_counter() - t0,
               "out_scales": [float(layer["s"]) for layer in result.weights if "s" in layer]}
    if result.tau is not None:
        sat = result.saturation()
        summary["fraction_above_0.9"] = float((sat > 0.9).mean())
        if "P" in result.arrays:
            summary["mean_saturation_P"] = float(np.abs(result.tile_weights("P")).mean() / result.tau)
    print(json.dumps(summary), flush=True)
    if args.out:
        with open(args.out, "a") as f:
            f.write(json.dumps(summary) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
