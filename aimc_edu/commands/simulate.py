"""Simulate digital SGD, Analog SGD or Tiki-Taka on a toy problem over a grid of tau, sigma, lr, init.

Prints one line per grid point (a table, or JSON objects with --json) with the asymptotic
error (mean over runs of the mean of the last 20 recorded f - f*), its standard error and
the largest saturation max|W|/tau reached.
"""

from __future__ import annotations

import argparse
import itertools
import json

import numpy as np

from ..algorithms import ALGORITHMS, make_algorithm
from ..devices import DEVICES, Pulsed, device_from_range
from ..engine import simulate
from ..engine.simulate import UPDATES
from ..problems import PROBLEMS, Quadratic


def _floats(name):
    def parse(text):
        try:
            values = [float(v) for v in text.split(",") if v.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} takes comma-separated numbers, got {text!r}") from None
        if not values or not all(np.isfinite(values)):
            raise argparse.ArgumentTypeError(f"{name} takes finite comma-separated numbers, got {text!r}")
        return values
    return parse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--algorithm", choices=list(ALGORITHMS), default="analog-sgd")
    p.add_argument("--device", choices=[d for d in DEVICES if d != "ideal"], default="soft-bounds",
                   help="device of the analog arrays; --tau sets its range: "
                        + "; ".join(DEVICES[d].range_help or d for d in DEVICES if d != "ideal"))
    p.add_argument("--problem", choices=[*PROBLEMS, "quadratic"], default="fig3")
    p.add_argument("--tau", type=_floats("--tau"), default=[1.0], help="dynamic range radius(es), e.g. 1,1.5,2")
    p.add_argument("--sigma", type=_floats("--sigma"), default=[0.1], help="gradient noise std(s)")
    p.add_argument("--lr", type=_floats("--lr"), default=[0.03], help="learning rate(s) alpha")
    p.add_argument("--init", type=_floats("--init"), default=[0.0], help="initial value(s) of every weight")
    p.add_argument("--fast-lr", type=float, default=None, help="Tiki-Taka's beta (default: = lr)")
    p.add_argument("--gamma", type=float, default=None, help="Tiki-Taka's mixing gamma (default: 0)")
    p.add_argument("--transfer-every", type=int, default=None, help="Tiki-Taka's transfer period (default: 1)")
    p.add_argument("--steps", type=int, default=2500)
    p.add_argument("--runs", type=int, default=32, help="seeds per grid point")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--last", type=int, default=20, help="records averaged for the asymptotic error")
    p.add_argument("--pulsed", action="store_true", help="pulse-level device simulation")
    p.add_argument("--states", type=float, default=300.0, help="with --pulsed: dw_min = tau / states")
    p.add_argument("--cycle-noise", type=float, default=0.0, help="with --pulsed: cycle-to-cycle noise std")
    p.add_argument("--dim", type=int, default=10, help="quadratic: dimension D")
    p.add_argument("--curvature", type=float, default=1.0, help="quadratic: L")
    p.add_argument("--optimum", type=float, default=0.5, help="quadratic: w* in every coordinate")
    p.add_argument("--json", action="store_true", help="one JSON object per grid point")
    p.add_argument("--update", choices=list(UPDATES), default="aggregate",
                   help="aggregate: the paper's dynamic (drift with |g|); per-sample: one pulse train per row "
                        "of the batch as in AIHWKIT (drift with sum_b |g_b|; least-squares problems)")
    p.add_argument("--read-noise", type=_floats("--read-noise"), default=[0.0], metavar="W",
                   help="AIHWKIT-style forward read noise w_noise (comma-separated values sweep it; "
                        "least-squares problems)")


def _device(args, tau):
    dev = device_from_range(args.device, tau)
    if args.pulsed:
        dev = Pulsed.with_states(dev, args.states, noise=args.cycle_noise)
    return dev


def run(args: argparse.Namespace) -> int:
    if args.problem == "quadratic":
        problem = Quadratic(dim=args.dim, curvature=args.curvature, optimum=args.optimum)
    else:
        problem = PROBLEMS[args.problem]()
    if args.states <= 0:
        raise ValueError(f"--states must be > 0, got {args.states:g}")
    if min(args.tau) <= 0:
        raise ValueError(f"--tau must be > 0, got {min(args.tau):g}")
    rows = []

    options = {k: v for k, v in (("fast_lr", args.fast_lr), ("gamma", args.gamma),
                                 ("transfer_every", args.transfer_every)) if v is not None}

    def make(tau, lr):
        return make_algorithm(args.algorithm, lr=lr, device=_device(args, tau), **options)

    if min(args.read_noise) < 0:
        raise ValueError(f"--read-noise must be >= 0, got {min(args.read_noise):g}")
    if (args.update == "per-sample" or max(args.read_noise) > 0) and args.problem == "quadratic":
        raise ValueError("--update per-sample and --read-noise need a least-squares problem (--problem fig1, "
                         "fig3, fig4-sigma or fig4-init), not the quadratic")
    grid = {"tau": args.tau, "sigma": args.sigma, "lr": args.lr, "init": args.init, "read_noise": args.read_noise}
    trace = simulate(problem, make, args.steps, runs=args.runs, seed=args.seed, grid=grid, update=args.update)
    mean, se = trace.asymptotic_error(args.last)
    sat = trace.max_saturation()
    for idx in itertools.product(*(range(len(v)) for v in grid.values())):
        point = {k: float(v[i]) for (k, v), i in zip(grid.items(), idx)}
        rows.append({"algorithm": args.algorithm, "device": "ideal" if args.algorithm == "digital-sgd" else args.device,
                     **point, "steps": args.steps, "runs": args.runs, "pulsed": bool(args.pulsed),
                     "update": args.update, "asymptotic_error": float(mean[idx]),
                     "asymptotic_error_per_coordinate": float(mean[idx]) / problem.dim,
                     "asymptotic_error_se": None if args.runs < 2 else float(se[idx]),
                     "max_saturation": float(sat[idx])})
    if args.json:
        for row in rows:
            print(json.dumps(row))
    else:
        head = ["tau", "sigma", "lr", "init", "read_noise", "asymptotic_error", "asymptotic_error_se", "max_saturation"]
        print(f"{args.algorithm} on {args.problem}, device {rows[0]['device']}"
              f"{' (pulse-level)' if args.pulsed else ''}, {args.update} update, {args.steps} steps x {args.runs} runs")
        print("  ".join(f"{h:>19s}" for h in head))
        for row in rows:
            print("  ".join(f"{row[h]:19.6g}" if row[h] is not None else f"{'-':>19s}" for h in head))
    return 0
