"""Fill, show or empty the persistent cache of the dashboards' precomputed grids (see aimc_edu/cache.py).

    aimc-edu cache warm                      # build every dashboard once, so each opens by reading its grid
    aimc-edu cache warm --only 03,04
    aimc-edu cache info
    aimc-edu cache clear

The cache is the folder named by the environment variable AIMC_EDU_CACHE (``make lab``, ``make present`` and
Binder set it to the repository's .cache/aimc_edu, and ``make lab`` warms it on first use). ``warm`` builds each
dashboard headless with its defaults and moves every control that has a list of values through them, so that
every grid a reader can reach (03's pulse-noise levels included) is stored; it also removes the entries left
by older versions of the code. Entries are keyed by a fingerprint of the code, so they never go stale.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import time

from .. import cache

WARMED = ("01", "02", "03", "04", "05", "06", "07")
"""The notebooks with a dashboard (06's is trained once with its defaults, as its notebook does)."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("warm", "info", "clear"), help="warm: fill the cache; info: show it; "
                   "clear: remove every entry")
    p.add_argument("--only", default=",".join(WARMED), help="warm only these notebooks (comma-separated)")


def _folder() -> pathlib.Path:
    base = cache.folder()
    if base is None:
        raise ValueError(f"the environment variable {cache.ENV} is not set: name the cache folder, e.g. "
                         f"{cache.ENV}=.cache/aimc_edu aimc-edu cache warm (make lab sets it)")
    if base.exists() and not base.is_dir():
        raise ValueError(f"{cache.ENV}={os.environ[cache.ENV]!r} is a file, not a folder")
    return base


def _only(text: str) -> list[str]:
    chosen = [t.strip().zfill(2) for t in text.split(",") if t.strip()]
    bad = [t for t in chosen if t not in WARMED]
    if bad or not chosen:
        raise ValueError(f"--only must be a comma-separated list of notebooks among {','.join(WARMED)}, got {text!r}")
    return chosen


def _every_pulse_level() -> None:
    from ..experiments import toy
    for noise in toy.PULSE_GRID["noise"]:               # every (noise, tau) slice, not only the default tau's
        toy.pulsed_grid(noise)


EXTRA = {"03": _every_pulse_level}
"""What a notebook's dashboard computes on a combination of moves that moving one control at a time misses."""


def values_of(widget) -> list:
    """The values of a control with a list of options (select slider, dropdown, toggle buttons); [] otherwise."""
    from ..dashboards.base import option_values
    if not hasattr(widget, "options") or hasattr(widget, "rows"):       # sliders of floats, multi-selects
        return []
    return option_values(widget)


def warm(notebook: str) -> str:
    """Build notebook ``notebook``'s dashboard headless and move every control with options through them (a Run-button
    dashboard is run once with its defaults instead); returns what was done."""
    import matplotlib
    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from ..dashboards import BY_NOTEBOOK

    board = BY_NOTEBOOK[notebook]()
    if board.button is not None:                        # a Run-button dashboard: its notebook runs the defaults
        board.run()
        plt.close(board.figure)
        return "built and trained with its defaults"
    moves = 0
    for widget in board.controls.values():
        default = widget.value
        for value in values_of(widget):
            if value != default:
                widget.value = value
                moves += 1
        widget.value = default
    plt.close(board.figure)
    if notebook in EXTRA:
        EXTRA[notebook]()
    return f"built and {moves} control moves"


def run(args: argparse.Namespace) -> int:
    notebooks = _only(args.only) if args.action == "warm" else []
    base = _folder()
    if args.action == "info":
        here, old = cache.entries(base), cache.stale(base)
        size = sum(p.stat().st_size for p in here)
        print(f"{cache.ENV} = {base}\ncode fingerprint {cache.fingerprint()}: {len(here)} entries, {size / 1e6:.1f} MB"
              f"\nfolders of other code versions: {len(old)}")
        for p in here:
            print(f"  {p.name}  {p.stat().st_size / 1e6:.1f} MB")
        return 0
    if args.action == "clear":
        print(f"removed {cache.clear(base)} fingerprint folder(s) from {base}")
        return 0
    removed = cache.clear(base, only_stale=True)
    if removed:
        print(f"removed {removed} folder(s) of older code versions from {base}")
    for nb in notebooks:
        t0 = time.perf_counter()
        done = warm(nb)
        print(f"notebook {nb}: {done} in {time.perf_counter() - t0:.1f} s", flush=True)
    print(f"{len(cache.entries(base))} entries in {base / cache.fingerprint()}")
    return 0
