"""Simulate digital SGD, Analog SGD or a Tiki-Taka variant on a toy problem over a grid of tau, sigma, lr, init.

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
from ..devices import DEVICES, Pulsed, SoftBounds, device_from_range
from ..engine import simulate
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
    p.add_argument("--fast-sym-point", type=float, default=None,
                   help="Tiki-Taka family: P on soft bounds of radius tau around this symmetric point (default: P's device = W's)")
    p.add_argument("--zero-shift", action="store_true",
                   help="with --algorithm tiki-taka: estimate P's symmetric point by alternating pulses and transfer P minus it")
    p.add_argument("--threshold", type=float, default=None, help="ttv2 / c-ttv2: buffer threshold in pulses of W (>= 1)")
    p.add_argument("--chop-every", type=int, default=None, help="c-ttv2: chopper period in transfers (>= 1)")
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


def _check_beyond_flags(args) -> None:
    """The flags of notebook 07 name the algorithms they apply to."""
    fast = ("tiki-taka", "tiki-taka-zs", "ttv2", "c-ttv2")
    for flag, value, allowed in (("--fast-sym-point", args.fast_sym_point, fast),
                                 ("--zero-shift", args.zero_shift or None, ("tiki-taka",)),
                                 ("--threshold", args.threshold, ("ttv2", "c-ttv2")),
                                 ("--chop-every", args.chop_every, ("c-ttv2",))):
        if value is not None and args.algorithm not in allowed:
            raise ValueError(f"{flag} applies to --algorithm {' or '.join(allowed)}, not {args.algorithm!r}")


def _device(args, tau, sym_point=None):
    dev = device_from_range(args.device, tau) if sym_point is None else SoftBounds(tau, sym_point=sym_point)
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
                                 ("transfer_every", args.transfer_every), ("threshold", args.threshold),
                                 ("chop_every", args.chop_every)) if v is not None}
    _check_beyond_flags(args)
    if args.zero_shift:
        args.algorithm = "tiki-taka-zs"

    def make(tau, lr):
        if args.fast_sym_point is not None:
            options["fast_device"] = _device(args, tau, sym_point=args.fast_sym_point)
        return make_algorithm(args.algorithm, lr=lr, device=_device(args, tau), **options)

    grid = {"tau": args.tau, "sigma": args.sigma, "lr": args.lr, "init": args.init}
    trace = simulate(problem, make, args.steps, runs=args.runs, seed=args.seed, grid=grid)
    mean, se = trace.asymptotic_error(args.last)
    sat = trace.max_saturation()
    for idx in itertools.product(*(range(len(v)) for v in grid.values())):
        point = {k: float(v[i]) for (k, v), i in zip(grid.items(), idx)}
        rows.append({"algorithm": args.algorithm, "device": "ideal" if args.algorithm == "digital-sgd" else args.device,
                     **point, "steps": args.steps, "runs": args.runs, "pulsed": bool(args.pulsed),
                     "asymptotic_error": float(mean[idx]),
                     "asymptotic_error_se": None if args.runs < 2 else float(se[idx]),
                     "max_saturation": float(sat[idx])})
    if args.json:
        for row in rows:
            print(json.dumps(row))
    else:
        head = ["tau", "sigma", "lr", "init", "asymptotic_error", "asymptotic_error_se", "max_saturation"]
        print(f"{args.algorithm} on {args.problem}, device {rows[0]['device']}"
              f"{' (pulse-level)' if args.pulsed else ''}, {args.steps} steps x {args.runs} runs")
        print("  ".join(f"{h:>19s}" for h in head))
        for row in rows:
            print("  ".join(f"{row[h]:19.6g}" if row[h] is not None else f"{'-':>19s}" for h in head))
    return 0
