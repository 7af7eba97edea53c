"""Run every benchmark in one go and print its numbers (``make bench``).

    core.py     the simulation engine (issue 2 targets)
    widgets.py  latency of every control of every dashboard and each build (wall and CPU), headless
    builds.py   each dashboard built by a fresh process, with the disk cache off (cold) and warm
    nn.py       seconds per epoch of the FCN and CNN on 8,000 MNIST test images
    per_sample.py  the per-sample update against the aggregate one (toy problem and FCN)

Nothing here asserts a time: benchmarks print medians, tests check correctness.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    for name in ("core", "widgets", "builds", "nn", "per_sample"):
        print(f"\n=== bench/{name}.py ===", flush=True)
        sys.argv = [str(HERE / f"{name}.py")]
        try:
            runpy.run_path(str(HERE / f"{name}.py"), run_name="__main__")
        except SystemExit as done:
            if done.code not in (0, None):
                print(f"bench/{name}.py exited with {done.code}")
        except FileNotFoundError as err:  # nn.py needs the MNIST test files (it says where it looked)
            print(f"bench/{name}.py skipped: {err}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
