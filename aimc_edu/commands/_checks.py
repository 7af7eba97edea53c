"""Checks of parsed command-line values, one table per command, messages in the user's own terms.

A command lists its numeric flags once, as typed on the command line, with their allowed range:

    CHECKS = {"--steps": at_least(1), "--tau": above(0), "--lr": at_least(0), ...}

and calls ``check(args, CHECKS)`` first thing in ``run``. A new flag is one more row. Flags left at
``None`` (optional, not given) are skipped; a comma-separated list is checked value by value. A bad
value raises a ``ValueError`` naming the flag, the range and the value typed, which
:func:`aimc_edu.cli.main` prints as one line before exiting with status 2.

Example:
    >>> import argparse
    >>> check(argparse.Namespace(steps=0), {"--steps": at_least(1)})
    Traceback (most recent call last):
    ...
    ValueError: --steps must be >= 1, got 0
    >>> check(argparse.Namespace(tau=[1.0, -1.0]), {"--tau": above(0)})
    Traceback (most recent call last):
    ...
    ValueError: --tau must be > 0, got -1 (in --tau 1,-1)
"""

from __future__ import annotations

import argparse

import numpy as np

from .._validate import as_param


def at_least(low: float) -> dict:
    """The range [low, inf)."""
    return {"low": low}


def above(low: float) -> dict:
    """The range (low, inf)."""
    return {"low": low, "low_inclusive": False}


def within(low: float, high: float) -> dict:
    """The range [low, high]."""
    return {"low": low, "high": high}


def dest(flag: str) -> str:
    """The attribute argparse stores ``flag`` under: ``--fast-lr`` -> ``fast_lr``."""
    return flag.lstrip("-").replace("-", "_")


def shown(values) -> str:
    """A value or list of values as the user would type it: ``[1.0, 2.5]`` -> ``1,2.5``."""
    values = values if isinstance(values, (list, tuple, np.ndarray)) else [values]
    return ",".join(f"{float(v):g}" for v in values)


def among(flag: str, values) -> str:
    """`` (in --tau 1,-1)`` when ``values`` holds several values, else nothing: where a bad value came from."""
    return f" (in {flag} {shown(values)})" if isinstance(values, (list, tuple)) and len(values) > 1 else ""


def check(args: argparse.Namespace, table: dict) -> None:
    """Check every flag of ``table`` (flag -> range keywords of :func:`aimc_edu._validate.as_param`)."""
    for flag, limits in table.items():
        value = getattr(args, dest(flag))
        if value is None:
            continue
        for v in value if isinstance(value, (list, tuple)) else [value]:
            try:
                as_param(flag, v, **limits)
            except ValueError as err:
                raise ValueError(f"{err}{among(flag, value)}") from None


def numbers(flag: str):
    """An argparse ``type``: comma-separated finite numbers, e.g. ``--tau 1,1.5,2`` -> [1.0, 1.5, 2.0]."""
    def parse(text):
        try:
            values = [float(v) for v in text.split(",") if v.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} takes comma-separated numbers, got {text!r}") from None
        if not values or not all(np.isfinite(values)):
            raise argparse.ArgumentTypeError(f"{flag} takes finite comma-separated numbers, got {text!r}")
        return values
    return parse
