"""Render the paper's Figures 1, 2, 3, 4 and 6 at the paper's settings as PNG and PDF.

Writes figN.png and figN.pdf into --out (created if missing), with a progress bar and, for long
runs, an estimate of the time it takes. --steps and --runs lower the cost for a quick preview (by
default every figure runs as long as the authors' script: 2500 steps; Fig. 4's sigma and W_0 panels
200 and 50). Figs. 1, 3 and 4 are drawn in the paper's units (f - f*)/d, the paper's dynamic next to
the per-sample models of AIHWKIT's curves.
"""

from __future__ import annotations

import argparse
import pathlib

from tqdm.auto import tqdm

from ..paper import FIGURES, SIMULATED, figure
from ._checks import at_least, check
from ._eta import announce, probe

CHECKS = {"--steps": at_least(1), "--runs": at_least(2), "--seed": at_least(0), "--dpi": at_least(10)}
"""Each numeric flag once, with its allowed range (see :mod:`._checks`); --runs >= 2: bands need seeds."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="output directory (created if missing)")
    p.add_argument("--only", default=",".join(FIGURES), help=f"comma-separated subset of {','.join(FIGURES)}")
    p.add_argument("--steps", type=int, default=None,
                   help="iterations K of the simulated figures (default: the authors' script lengths)")
    p.add_argument("--runs", type=int, default=8, help="seeds per setting, >= 2 (bands are 10%%-90%% over seeds)")
    p.add_argument("--seed", type=int, default=0, help="seed of the random generator (>= 0)")
    p.add_argument("--dpi", type=int, default=200, help="resolution of the PNG files")


def _directory(text: str) -> pathlib.Path:
    """--out as a directory that exists (created if missing), or a one-line ValueError saying why not."""
    out = pathlib.Path(text)
    blocker = next((p for p in (out, *out.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        where = " (it is a file)" if blocker == out else f" ({blocker} is a file)"
        raise ValueError(f"--out must be a directory, got {text!r}, which cannot be one{where}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ValueError(f"--out must be a directory, got {text!r}, which cannot be created ({err.strerror})") from None
    return out


def run(args: argparse.Namespace) -> int:
    check(args, CHECKS)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in FIGURES]
    if unknown or not names:
        raise ValueError(f"--only takes names from {','.join(FIGURES)}, got {args.only!r}")
    out = _directory(args.out)
    steps = args.steps or 2500
    simulated = [FIGURES[n][0] for n in names if n in SIMULATED]
    estimate = probe(lambda k: [experiment(steps=k, runs=args.runs, seed=args.seed) for experiment in simulated],
                     steps) if simulated else None
    announce("figures", f"{len(names)} figures, {steps} steps x {args.runs} runs", estimate,
             extra=1.5 * len(names))   # drawing and saving: about 1.5 s per figure
    for name in tqdm(names, desc="figures", unit="fig"):
        fig = figure(name, steps=args.steps, runs=args.runs, seed=args.seed)
        for ext in ("png", "pdf"):
            fig.savefig(out / f"{name}.{ext}", dpi=args.dpi, bbox_inches="tight")
    print(f"wrote {2 * len(names)} files to {out}")
    return 0
