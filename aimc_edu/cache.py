"""Opt-in persistent cache of the course's precomputed grids (what a dashboard simulates when it is built).

Off unless the environment variable ``AIMC_EDU_CACHE`` names a folder. ``make lab``, ``make present`` and
Binder set it to the repository's ``.cache/aimc_edu`` and fill it once with ``aimc-edu cache warm``, so a
dashboard opens by reading its grid instead of simulating it; ``aimc-edu cache info`` and ``aimc-edu cache
clear`` show and empty it. Without the variable nothing is written anywhere.

A function decorated with :func:`persistent` keeps its results in memory for the session
(``functools.lru_cache``) and, with the cache on, on disk. An entry is keyed by the function, its arguments
(defaults applied, so ``f()`` and ``f(steps=2500)`` are one entry) and a fingerprint of the code: the bytes of
every module of ``aimc_edu`` and the Python and NumPy versions. Editing any module therefore starts a new
fingerprint folder (older ones are removed by the next ``aimc-edu cache warm``): a stored entry is always
what the current code computes from the same seed (tested bit for bit). Entries are pickles written to a
temporary file and renamed, so two kernels never read a half-written entry; an unreadable entry is
recomputed and rewritten. Pickles run code when read: point ``AIMC_EDU_CACHE`` only at a folder you own.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import pathlib
import pickle
import platform
import shutil
import tempfile
import warnings
from typing import Callable

import numpy as np

ENV = "AIMC_EDU_CACHE"
_PACKAGE = pathlib.Path(__file__).resolve().parent
_FUNCTIONS: list = []
"""Every :func:`persistent` function (for :func:`clear_memory`)."""


def folder() -> pathlib.Path | None:
    """The cache folder named by ``AIMC_EDU_CACHE`` (None when unset or empty: the cache is off)."""
    value = os.environ.get(ENV, "").strip()
    return pathlib.Path(value).expanduser().resolve() if value else None


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """Hash of every module of aimc_edu and the Python and NumPy versions (16 hex digits).

    Example:
        >>> len(fingerprint()) == 16 and fingerprint() == fingerprint()
        True
    """
    h = hashlib.sha256(f"python {platform.python_version()} numpy {np.__version__}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(str(path.relative_to(_PACKAGE)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def entry_path(base: pathlib.Path, fn: Callable, args: tuple, kwargs: dict, ignore: tuple = ()) -> pathlib.Path:
    """Where ``fn(*args, **kwargs)``'s result is stored under ``base`` (defaults applied to the key; the arguments
    named in ``ignore``, e.g. a progress callback, left out of it)."""
    bound = inspect.signature(fn).bind(*args, **kwargs)
    bound.apply_defaults()
    key = repr((fn.__module__, fn.__qualname__, sorted(kv for kv in bound.arguments.items() if kv[0] not in ignore)))
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    return base / fingerprint() / f"{fn.__module__}.{fn.__qualname__}-{digest}.pkl"


def _load(path: pathlib.Path):
    with open(path, "rb") as f:
        return pickle.load(f)


def _store(path: pathlib.Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pkl")
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)                           # atomic: readers see the old entry or the whole new one
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def persistent(maxsize: int = 8, ignore: tuple = ()) -> Callable:
    """Decorator: results kept in memory (``lru_cache(maxsize)``) and, with ``AIMC_EDU_CACHE`` set, on disk.

    The wrapped function must be deterministic in its arguments (a seed among them), apart from those named in
    ``ignore`` (a progress callback: it does not change the result and is left out of the disk key), and return a
    picklable value; ``cache_clear()`` empties the memory only (see :func:`clear` for the disk).
    """
    def decorate(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def through_disk(*args, **kwargs):
            base = folder()
            if base is None:
                return fn(*args, **kwargs)
            path = entry_path(base, fn, args, kwargs, ignore)
            if path.exists():
                try:
                    return _load(path)
                except Exception:                       # truncated or from another version: recompute below
                    pass
            value = fn(*args, **kwargs)
            try:
                _store(path, value)
            except OSError as err:
                warnings.warn(f"{ENV}={os.environ.get(ENV)!r}: cannot store a cache entry there ({err}); "
                              "continuing without it", RuntimeWarning, stacklevel=2)
            return value

        cached = functools.lru_cache(maxsize=maxsize)(through_disk)
        _FUNCTIONS.append(cached)
        return cached
    return decorate


def clear_memory() -> None:
    """Empty the in-memory caches of every :func:`persistent` function (the disk is untouched)."""
    for fn in _FUNCTIONS:
        fn.cache_clear()


def entries(base: pathlib.Path) -> list[pathlib.Path]:
    """The stored entries under ``base`` for the current code (its fingerprint folder)."""
    return sorted((base / fingerprint()).glob("*.pkl"))


def stale(base: pathlib.Path) -> list[pathlib.Path]:
    """Fingerprint folders under ``base`` left by other versions of the code."""
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and p.name != fingerprint() and len(p.name) == 16)


def clear(base: pathlib.Path, *, only_stale: bool = False) -> int:
    """Remove the fingerprint folders under ``base`` (only other versions' with ``only_stale``); returns how many."""
    if not base.is_dir():
        return 0
    gone = stale(base) if only_stale else sorted(p for p in base.iterdir() if p.is_dir() and len(p.name) == 16)
    for p in gone:
        shutil.rmtree(p)
    return len(gone)
