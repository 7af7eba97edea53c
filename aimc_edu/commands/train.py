"""Train the paper's FCN or CNN on digits or MNIST with digital SGD, Analog SGD or Tiki-Taka.

Every weight tensor (and bias) lives on a soft-bounds device of range tau and is updated by
the library's algorithm. Shows a progress bar, prints the test accuracy after each epoch and a
summary (JSON with --json: final and best test accuracy, per-epoch history, max saturation).
"""

from __future__ import annotations

import argparse
import json
import sys

from tqdm.auto import tqdm

from ..algorithms import ALGORITHMS
from ..datasets import load_digits, load_mnist, user_cache_dir
from ..experiments.networks import DIGITS_LR
from ..engine.simulate import UPDATES
from ..nn import MODELS, RECIPES, make_model, recipe, train
from ._checks import above, at_least, check

MNIST_LR = {"digital-sgd": 0.1, "analog-sgd": 0.05, "tiki-taka": 0.05}
"""The course recipe's learning rates on MNIST (digital 0.1, analog 0.05); the authors' scripts use 0.05
for every algorithm, digital included (``--recipe paper``)."""

CHECKS = {
    "--tau": above(0), "--epochs": at_least(1), "--seed": at_least(0),
    "--lr": above(0), "--fast-lr": above(0), "--transfer-lr": above(0),
    "--batch-size": at_least(1), "--decay-every": at_least(1), "--train-size": at_least(1), "--test-size": at_least(1),
}
"""Each numeric flag once, with its allowed range (see :mod:`._checks`)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", choices=MODELS, default="fcn", help="the paper's fully connected net or CNN")
    p.add_argument("--dataset", choices=("digits", "mnist"), default="digits",
                   help="digits: scikit-learn's 8x8 digits (offline); mnist: cached/downloaded IDX files")
    p.add_argument("--algorithm", choices=list(ALGORITHMS), default="tiki-taka", help="training rule")
    p.add_argument("--tau", type=float, default=0.6, help="soft-bounds range radius tau (> 0)")
    p.add_argument("--epochs", type=int, default=5, help="passes over the training set (>= 1)")
    p.add_argument("--seed", type=int, default=0, help="seed of the initial weights and the batch order (>= 0)")
    p.add_argument("--lr", type=float, default=None,
                   help=f"learning rate alpha (default: {DIGITS_LR} on digits; 0.1 digital / 0.05 analog on MNIST)")
    p.add_argument("--fast-lr", type=float, default=None, help="Tiki-Taka's beta (default: 3 lr)")
    p.add_argument("--transfer-lr", type=float, default=None, help="Tiki-Taka's alpha for W (default: 0.01 lr)")
    p.add_argument("--batch-size", type=int, default=None, help="images per update (>= 1; default: 8; --recipe paper: "
                   "FCN 10, CNN 8)")
    p.add_argument("--decay-every", type=int, default=35, help="multiply learning rates by 0.1 every N epochs")
    p.add_argument("--train-size", type=int, default=None, help="use only the first N training images")
    p.add_argument("--test-size", type=int, default=None, help="use only the first N test images")
    p.add_argument("--data-dir", default=None,
                   help=f"MNIST: folder with the four IDX files, downloaded there if missing (default: "
                        f"$AIMC_EDU_DATA if set, else {user_cache_dir()})")
    p.add_argument("--no-download", action="store_true",
                   help="MNIST: use only the files already in --data-dir; stop with an error if any is missing")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.add_argument("--recipe", choices=list(RECIPES), default="course",
                   help="course: the course's fast recipe; paper: the authors' scripts S4.1/S4.2 "
                        "(lr 0.05 for all, FCN batch 10, pixels in [0, 1], digital biases, output scales, "
                        "Tiki-Taka fast lr 0.01 and one column per step; the paper trains --epochs 80)")
    p.add_argument("--update", choices=list(UPDATES), default="aggregate",
                   help="aggregate: the paper's dynamic; per-sample: each tile drifts with sum_b |g_b| "
                        "over the batch (one pulse train per sample, as in AIHWKIT)")
    p.add_argument("--pulsed", action="store_true",
                   help="analog arrays at the pulse level (dw_min = 0.001, AIHWKIT's default soft-bounds device)")


def run(args: argparse.Namespace) -> int:
    check(args, CHECKS)
    if args.dataset == "digits":
        data = load_digits(seed=args.seed)
        lr = DIGITS_LR if args.lr is None else args.lr
    else:
        try:
            data = load_mnist(args.data_dir, download=not args.no_download)
        except (FileNotFoundError, OSError) as err:
            print(f"aimc-edu train: error: {err}", file=sys.stderr)
            return 1
        lr = MNIST_LR.get(args.algorithm, MNIST_LR["analog-sgd"]) if args.lr is None else args.lr
    rec = recipe(args.recipe)
    data = rec.data(data.subset(args.train_size, args.test_size))
    batch_size = args.batch_size or rec.batch_size[args.model]
    if rec.name == "paper":
        lr = rec.lr[args.algorithm] if args.lr is None else args.lr
        algorithm = rec.algorithm(args.algorithm, args.tau, lr=lr, pulsed=args.pulsed, fast_lr=args.fast_lr)
        model = rec.model(args.model, data.image_shape, data.n_classes)
    else:
        algorithm = rec.algorithm(args.algorithm, args.tau, lr=lr, pulsed=args.pulsed, fast_lr=args.fast_lr,
                                  transfer_lr=args.transfer_lr)
        model = make_model(args.model, data.image_shape, data.n_classes)
    n_batches = -(-len(data.y_train) // batch_size)
    bar = tqdm(total=args.epochs * n_batches, unit="batch", disable=args.no_progress, file=sys.stderr,
               dynamic_ncols=True, mininterval=0.5)
    out = sys.stderr if args.json else sys.stdout

    def on_batch(epoch, batch, n):
        bar.update(1)
        if batch == 0:
            bar.set_description(f"epoch {epoch + 1}/{args.epochs}")

    def on_epoch(epoch, result):
        bar.write(f"epoch {epoch + 1:3d}  test accuracy {100 * result.test_accuracy[-1]:6.2f}%  "
                  f"train loss {result.train_loss[-1]:.4f}  ({result.seconds[-1]:.1f} s)", file=out)

    try:
        result = train(model, algorithm, data, epochs=args.epochs, seed=args.seed, batch_size=batch_size,
                       decay_every=args.decay_every, analog_bias=rec.analog_bias, update=args.update,
                       on_batch=on_batch, on_epoch=on_epoch)
    finally:
        bar.close()
    summary = {"dataset": data.name, "n_train": len(data.y_train), "n_test": len(data.y_test),
               "seed": args.seed, "epochs": args.epochs, "lr": lr, "recipe": args.recipe, "update": args.update,
               "pulsed": bool(args.pulsed), "batch_size": batch_size, **result.summary()}
    if args.algorithm == "tiki-taka":
        summary.update(fast_lr=float(algorithm.fast_lr), transfer_lr=float(algorithm.lr), gamma=0.0)
    if args.algorithm == "digital-sgd":
        summary["tau"] = None
    if args.json:
        print(json.dumps(summary))
    else:
        sat = "n/a (digital)" if result.max_saturation is None else f"{result.max_saturation:.3f}"
        print(f"{args.model} / {data.name} / {args.algorithm}"
              f"{'' if args.algorithm == 'digital-sgd' else f' (tau = {args.tau:g})'}: "
              f"final test accuracy {100 * result.final_accuracy:.2f}%, best {100 * result.best_accuracy:.2f}%, "
              f"max saturation |w|/tau {sat}")
    return 0
