"""Render the paper's Figures 1, 2, 3, 4 and 6 at the paper's settings as PNG and PDF.

Writes figN.png and figN.pdf into --out (created if missing), with a progress bar.
--steps and --runs lower the cost for a quick preview (by default every figure runs as long as the
authors' script: 2500 steps; Fig. 4's sigma and W_0 panels 200 and 50). Figs. 1, 3 and 4 are drawn
in the paper's units (f - f*)/d, the paper's dynamic next to the per-sample models of AIHWKIT's curves.
"""

from __future__ import annotations

import argparse
import pathlib

from tqdm.auto import tqdm

from ..paper import FIGURES, figure


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--only", default=",".join(FIGURES), help=f"comma-separated subset of {','.join(FIGURES)}")
    p.add_argument("--steps", type=int, default=None,
                   help="iterations K of the simulated figures (default: the authors' script lengths)")
    p.add_argument("--runs", type=int, default=8, help="seeds per setting (bands are 10%%-90%% over seeds)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--dpi", type=int, default=200)


def run(args: argparse.Namespace) -> int:
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in FIGURES]
    if unknown or not names:
        raise ValueError(f"--only takes names from {','.join(FIGURES)}, got {args.only!r}")
    if args.steps is not None and args.steps < 1:
        raise ValueError(f"--steps must be >= 1, got {args.steps}")
    if args.runs < 2:
        raise ValueError(f"--runs must be >= 2 (bands need several seeds), got {args.runs}")
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name in tqdm(names, desc="figures", unit="fig"):
        fig = figure(name, steps=args.steps, runs=args.runs, seed=args.seed)
        for ext in ("png", "pdf"):
            fig.savefig(out / f"{name}.{ext}", dpi=args.dpi, bbox_inches="tight")
    print(f"wrote {2 * len(names)} files to {out}")
    return 0
