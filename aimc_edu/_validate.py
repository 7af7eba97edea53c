"""Input checks shared by the library and the command line.

Every bad value raises a ``ValueError`` whose message names the parameter (or the command-line
flag, when the caller passes the flag as ``name``), the allowed range and the offending value.

Example:
    >>> as_param("--lr", -0.1, low=0.0)
    Traceback (most recent call last):
    ...
    ValueError: --lr must be >= 0, got -0.1
"""

from __future__ import annotations

import numpy as np


def as_param(name: str, value, *, low: float | None = None, low_inclusive: bool = True,
             high: float | None = None, high_inclusive: bool = True):
    """Return ``value`` as a float (scalar) or float array, after checking range and finiteness.

    Arrays are allowed so that a parameter can vary along the leading runs axis; a violation
    reports the offending entry (the smallest below ``low``, the largest above ``high``).
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {_show(arr, arr[~np.isfinite(arr)])}")
    if low is not None:
        bad = arr < low if low_inclusive else arr <= low
        if np.any(bad):
            raise ValueError(f"{name} must be {'>=' if low_inclusive else '>'} {low:g}, got {_show(arr, arr[bad].min())}")
    if high is not None:
        bad = arr > high if high_inclusive else arr >= high
        if np.any(bad):
            raise ValueError(f"{name} must be {'<=' if high_inclusive else '<'} {high:g}, got {_show(arr, arr[bad].max())}")
    return float(arr) if arr.ndim == 0 else arr


def as_int(name: str, value, *, low: int = 0, high: int | None = None) -> int:
    """Return ``value`` as an int in [low, high] (``high`` optional)."""
    rng = f">= {low}" if high is None else f"in [{low}, {high}]"
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be an integer {rng}, got {value!r}")
    if value < low or (high is not None and value > high):
        raise ValueError(f"{name} must be an integer {rng}, got {value!r}")
    return int(value)


def choice(name: str, value: str, allowed) -> str:
    """Return ``value`` if it is one of ``allowed``."""
    if value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; allowed: {', '.join(map(str, allowed))}")
    return value


def lead(param, like: np.ndarray):
    """Broadcast a per-run parameter against the *leading* axes of ``like``.

    A parameter of shape ``(R,)`` applied to weights of shape ``(R, d)`` becomes ``(R, 1)``:
    parameters vary along the runs axis, never along the weight coordinates.

    Example:
        >>> lead(np.array([1.0, 2.0]), np.zeros((2, 3))).shape
        (2, 1)
    """
    if type(param) is float:
        return param
    p = param if type(param) is np.ndarray else np.asarray(param)
    if p.ndim == 0:
        return param
    shape = like.shape if type(like) is np.ndarray else np.shape(like)
    if p.shape == shape:                                             # already spread (see per_run)
        return p
    if p.ndim == 1 and len(shape) == 2 and shape[0] == len(p):     # the common case: (R,) against (R, d)
        return p[:, None]
    extra = len(shape) - p.ndim
    if extra < 0:
        raise ValueError(f"a parameter of shape {p.shape} cannot vary along weights of shape {shape}")
    if not all(a in (1, b) for a, b in zip(p.shape, shape[: p.ndim])):
        raise ValueError(
            f"a parameter of shape {p.shape} does not match the leading axes of weights of shape {shape}"
        )
    return p.reshape(p.shape + (1,) * extra)


def per_run(owner, name: str, like: np.ndarray, transform=None) -> "float | np.ndarray":
    """``lead(owner.<name>, like)`` spread over the whole shape of ``like``, computed once per shape.

    For the time loop: a per-run parameter becomes a contiguous array of ``like``'s shape (an operation
    against it is one pass, where a (R, 1) operand costs a pass per row), checked on first use; a
    scalar stays a scalar. ``transform`` (e.g. ``np.negative``) is applied once to the parameter first.
    The result is kept on ``owner``, a frozen dataclass whose parameters do not change (a copy made
    with ``dataclasses.replace`` starts afresh).

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> per_run(SoftBounds(tau=np.array([1.0, 2.0])), "tau", np.zeros((2, 3)))
        array([[1., 1., 1.],
               [2., 2., 2.]])
    """
    key = (name, transform, like.shape)
    cache = owner.__dict__.get("_per_run")
    if cache is None:
        cache = owner.__dict__["_per_run"] = {}
    value = cache.get(key)
    if value is None:
        value = getattr(owner, name)
        value = lead(value if transform is None else transform(value), like)
        if np.ndim(value):
            value = np.ascontiguousarray(np.broadcast_to(value, like.shape), dtype=float)
        cache[key] = value
    return value


def _show(arr: np.ndarray, worst) -> str:
    """The value the user typed (a scalar), or the offending entry of an array."""
    return f"{float(arr):g}" if arr.ndim == 0 else f"{float(worst):g} (in an array of {arr.size} values)"
