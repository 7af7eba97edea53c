"""pytest hooks for the whole repository: the library's doctests, tests/ and the notebooks.

Every notebook run (nbval) counts as slow: `make test` (and CI) runs the notebooks top to bottom,
`make test-fast` (-m "not slow") leaves them out and keeps the library, CLI and dashboard tests.
"""

import os

import pytest

# Tests compute what they check: the opt-in disk cache of the dashboards' grids (aimc_edu/cache.py) stays off
# in this process and in every kernel or server it starts, unless a test sets it itself (the browser tests do).
os.environ.pop("AIMC_EDU_CACHE", None)


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
