"""pytest hooks for the whole repository: the library's doctests, tests/ and the notebooks.

Every notebook run (nbval) counts as slow: `make test` (and CI) runs the notebooks top to bottom,
`make test-fast` (-m "not slow") leaves them out and keeps the library, CLI and dashboard tests.
"""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)
