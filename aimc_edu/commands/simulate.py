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
from ..engine.simulate import UPDATES
from ..problems import PROBLEMS, Quadratic
from ._checks import above, among, at_least, check, numbers
from ._eta import announce, probe


_floats = numbers  # comma-separated values, e.g. --tau 1,1.5,2

CHECKS = {
    "--tau": above(0), "--sigma": at_least(0), "--lr": at_least(0), "--init": {},
    "--fast-lr": at_least(0), "--gamma": at_least(0), "--transfer-every": at_least(1),
    "--steps": at_least(1), "--runs": at_least(1), "--seed": at_least(0), "--last": at_least(1),
    "--states": above(0), "--cycle-noise": at_least(0),
    "--dim": at_least(1), "--curvature": above(0), "--optimum": {},
    "--fast-sym-point": {}, "--threshold": at_least(1), "--chop-every": at_least(1), "--read-noise": at_least(0),
}
"""Each numeric flag once, with its allowed range (see :mod:`._checks`); --init and --last are also
checked against the device's range and the number of steps, --lr against algorithms that cannot move."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--algorithm", choices=list(ALGORITHMS), default="analog-sgd", help="training rule")
    p.add_argument("--device", choices=[d for d in DEVICES if d != "ideal"], default="soft-bounds",
                   help="device of the analog arrays, its range set by --tau: " + "; ".join(
                       f"{d} ({(DEVICES[d].range_help or 'range [-tau, tau]').split(': ', 1)[-1]})"
                       for d in DEVICES if d != "ideal"))
    p.add_argument("--problem", choices=[*PROBLEMS, "quadratic"], default="fig3",
                   help="the paper's least-squares problem of that figure, or a diagonal quadratic")
    p.add_argument("--tau", type=_floats("--tau"), default="1", help="dynamic range radius(es) (> 0), e.g. 1,1.5,2")
    p.add_argument("--sigma", type=_floats("--sigma"), default="0.1", help="gradient noise std(s) (>= 0)")
    p.add_argument("--lr", type=_floats("--lr"), default="0.03", help="learning rate(s) alpha (> 0)")
    p.add_argument("--init", type=_floats("--init"), default="0",
                   help="initial value(s) of every weight, inside the device range [-tau, tau]")
    p.add_argument("--fast-lr", type=float, default=None, help="Tiki-Taka's beta (default: = lr)")
    p.add_argument("--gamma", type=float, default=None, help="Tiki-Taka's mixing gamma (default: 0)")
    p.add_argument("--transfer-every", type=int, default=None, help="Tiki-Taka's transfer period (default: 1)")
    p.add_argument("--fast-sym-point", type=float, default=None,
                   help="Tiki-Taka family: P on soft bounds of radius tau around this symmetric point (default: P's device = W's)")
    p.add_argument("--zero-shift", action="store_true",
                   help="with --algorithm tiki-taka: estimate P's symmetric point by alternating pulses and transfer P minus it")
    p.add_argument("--threshold", type=float, default=None, help="ttv2 / c-ttv2: buffer threshold in pulses of W (>= 1)")
    p.add_argument("--chop-every", type=int, default=None, help="c-ttv2: chopper period in transfers (>= 1)")
    p.add_argument("--steps", type=int, default=2500, help="iterations K (>= 1)")
    p.add_argument("--runs", type=int, default=32, help="seeds per grid point")
    p.add_argument("--seed", type=int, default=0, help="seed of the random generator (>= 0)")
    p.add_argument("--last", type=int, default=20, help="last steps averaged for the asymptotic error (1 .. --steps)")
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


def _check_against_setting(args, make) -> None:
    """--last within the recorded steps, --init inside the weights' device range, --lr that moves."""
    if args.last > args.steps:
        raise ValueError(f"--last must be <= --steps ({args.steps} recorded steps), got {args.last}")
    for tau in args.tau:
        algorithm = make(tau, max(args.lr))
        lo, hi = getattr(algorithm, "weights_device", _device(args, tau)).bounds
        for init in args.init:
            if not lo <= init <= hi:
                raise ValueError(f"--init must be in [{lo:g}, {hi:g}] (the range of --device {args.device} at "
                                 f"--tau {tau:g}), got {init:g}{among('--init', args.init)}")
    if min(args.lr) == 0:
        frozen = make(args.tau[0], 0.0)
        if all(np.all(np.asarray(getattr(frozen, n)) == 0) for n in frozen.learning_rates):
            raise ValueError(f"--lr must be > 0 for {args.algorithm} (with every learning rate at 0 its weights "
                             f"never move), got 0{among('--lr', args.lr)}")


def run(args: argparse.Namespace) -> int:
    check(args, CHECKS)
    if args.problem == "quadratic":
        problem = Quadratic(dim=args.dim, curvature=args.curvature, optimum=args.optimum)
    else:
        problem = PROBLEMS[args.problem]()
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

    if (args.update == "per-sample" or max(args.read_noise) > 0) and args.problem == "quadratic":
        raise ValueError("--update per-sample and --read-noise need a least-squares problem (--problem fig1, "
                         "fig3, fig4-sigma or fig4-init), not the quadratic")
    _check_against_setting(args, make)
    grid = {"tau": args.tau, "sigma": args.sigma, "lr": args.lr, "init": args.init, "read_noise": args.read_noise}

    def run_for(steps):
        return simulate(problem, make, steps, runs=args.runs, seed=args.seed, grid=grid, update=args.update)

    settings = int(np.prod([len(v) for v in grid.values()]))
    announce("simulate", f"{args.steps} steps x {args.runs} runs x {settings} settings", probe(run_for, args.steps))
    trace = run_for(args.steps)
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
