"""Input checks shared by the library: every bad value raises a ValueError naming the parameter."""

from __future__ import annotations

import numpy as np


def as_param(name: str, value, *, low: float | None = None, low_inclusive: bool = True,
             high: float | None = None, high_inclusive: bool = True):
    """Return ``value`` as a float (scalar) or float array, after checking range and finiteness.

    Arrays are allowed so that a parameter can vary along the leading runs axis.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {value!r}") from None
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {value!r}")
    if low is not None:
        bad = arr < low if low_inclusive else arr <= low
        if np.any(bad):
            op = ">=" if low_inclusive else ">"
            raise ValueError(f"{name} must be {op} {low:g}, got {_show(arr)}")
    if high is not None:
        bad = arr > high if high_inclusive else arr >= high
        if np.any(bad):
            op = "<=" if high_inclusive else "<"
            raise ValueError(f"{name} must be {op} {high:g}, got {_show(arr)}")
    return float(arr) if arr.ndim == 0 else arr


def as_int(name: str, value, *, low: int = 0) -> int:
    """Return ``value`` as an int >= ``low``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
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
    """
    if type(param) is float or np.ndim(param) == 0:
        return param
    p = np.asarray(param)
    extra = np.ndim(like) - p.ndim
    if extra < 0:
        raise ValueError(f"a parameter of shape {p.shape} cannot vary along weights of shape {np.shape(like)}")
    if p.shape != np.shape(like)[: p.ndim] and not all(
        a in (1, b) for a, b in zip(p.shape, np.shape(like)[: p.ndim])
    ):
        raise ValueError(
            f"a parameter of shape {p.shape} does not match the leading axes of weights of shape {np.shape(like)}"
        )
    return p.reshape(p.shape + (1,) * extra)


def _show(arr: np.ndarray) -> str:
    return f"{float(arr):g}" if arr.ndim == 0 else f"an array with min {arr.min():g}"
