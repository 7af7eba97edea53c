"""Opening a notebook to a ready dashboard, as a new kernel does: a fresh Python process per build, cold and warm.

Run: .venv/bin/python bench/builds.py [--only 02,04] [--repeat 3]

For each dashboard with a precomputed grid (01, 02, 03, 04, 05, 07) three numbers, each the median of
``--repeat`` fresh processes (wall time):
  import  -- importing matplotlib and aimc_edu.dashboards (what the notebook's first cell pays anyway);
  cold    -- building the dashboard with the disk cache off (its grid simulated, then the first frame);
  warm    -- building it with AIMC_EDU_CACHE pointing at a folder filled by ``aimc-edu cache warm``
             (what `make lab`, `make present` and Binder do).
The warm folder is a temporary one, filled once here (its time is printed too). Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

BUILD = """
import sys, time
t0 = time.perf_counter()
import matplotlib; matplotlib.use("Agg")
from aimc_edu.dashboards import BY_NOTEBOOK
t1 = time.perf_counter()
BY_NOTEBOOK[sys.argv[1]]()
print(t1 - t0, time.perf_counter() - t1)
"""
NOTEBOOKS = ("01", "02", "03", "04", "05", "07")


def build(notebook: str, cache: str | None) -> tuple[float, float]:
    """(import, build) seconds of notebook's dashboard in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != "AIMC_EDU_CACHE"}
    if cache:
        env["AIMC_EDU_CACHE"] = cache
    done = subprocess.run([sys.executable, "-c", BUILD, notebook], env=env, capture_output=True, text=True, check=True)
    imp, built = done.stdout.split()
    return float(imp), float(built)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(NOTEBOOKS))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    chosen = [n.strip().zfill(2) for n in args.only.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "aimc_edu", "cache", "warm", "--only", ",".join(chosen)],
                       env={**os.environ, "AIMC_EDU_CACHE": folder}, check=True, capture_output=True)
        print(f"aimc-edu cache warm --only {','.join(chosen)}: {time.perf_counter() - t0:.1f} s")
        print(f"{'notebook':>8} {'import s':>9} {'cold s':>8} {'warm s':>8}   (median of {args.repeat} fresh processes)")
        for nb in chosen:
            cold = [build(nb, None) for _ in range(args.repeat)]
            warm = [build(nb, folder) for _ in range(args.repeat)]
            med = statistics.median
            print(f"{nb:>8} {med([c[0] for c in cold + warm]):9.2f} {med([c[1] for c in cold]):8.2f} "
                  f"{med([w[1] for w in warm]):8.2f}", flush=True)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
