"""How long a run will take, said before the user waits: time a short probe of it and extrapolate.

The simulation engine runs every step of every run in one vectorized call and reports nothing while
it runs, so a command times the same call on a few steps first (about 1% of the work) and prints
the estimate on stderr when it is long enough to matter. ``aimc-edu train`` needs none of this: its
progress bar shows the time left from the first batches on.
"""

from __future__ import annotations

import sys
import time
from typing import Callable

LONG = 10.0
"""Runs estimated to take at least this many seconds are announced."""


def probe(run: Callable[[int], object], steps: int) -> float | None:
    """Seconds ``run(steps)`` will take, from timing ``run(k)`` for k of about 1% of the steps.

    The extrapolation is linear in the steps (the engine's cost per step is constant), so fixed
    set-up costs make it err on the long side. None for short runs (under 400 steps), which are
    not worth a probe.
    """
    k = max(4, steps // 100)
    if steps < 400:
        return None
    start = time.perf_counter()
    run(k)
    return (time.perf_counter() - start) * steps / k


def announce(command: str, what: str, seconds: float | None, extra: float = 0.0) -> None:
    """Print ``aimc-edu <command>: <what>: about N s`` on stderr if the estimate is :data:`LONG` or more."""
    if seconds is None or seconds + extra < LONG:
        return
    print(f"aimc-edu {command}: {what}: about {duration(seconds + extra)} on this machine "
          f"(estimated from a short probe run)", file=sys.stderr, flush=True)


def duration(seconds: float) -> str:
    """``42 s``, ``3.5 min`` or ``2.1 h``.

    Example:
        >>> duration(42.4), duration(210), duration(7560)
        ('42 s', '3.5 min', '2.1 h')
    """
    if seconds < 100:
        return f"{seconds:.0f} s"
    if seconds < 6000:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"
