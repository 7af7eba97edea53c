"""Numerical formulas used across the library, each written once (NumPy, vectorized).

The sympy derivations in :mod:`aimc_edu.theory` produce the same expressions symbolically;
the tests check that both agree. Everything here broadcasts over arrays.

* :func:`folded_normal_mean`, :func:`folded_normal_moments`: E|g|, E[g|g|], Var|g| for g ~ N(m, s^2).
* :func:`bisect`: the root of an increasing function on [lo, hi], elementwise.
* :func:`digital_floor`: the stationary E f - f* of digital SGD on a quadratic.
* :func:`max_abs_rows`: max_i |a_ri| per row r (the engine's saturation metric, every step).
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np


def erf(x) -> np.ndarray:
    """Elementwise error function (NumPy has none; SciPy is not a dependency).

    Example:
        >>> float(erf(0.0))
        0.0
    """
    x = np.asarray(x, dtype=float)
    return np.fromiter(map(math.erf, x.ravel().tolist()), float, x.size).reshape(x.shape)


def folded_normal_mean(m, s) -> np.ndarray:
    """E|g| for g ~ N(m, s^2):  s sqrt(2/pi) exp(-m^2/(2 s^2)) + m erf(m/(s sqrt 2)).

    Example:
        >>> round(float(folded_normal_mean(0.0, 1.0)), 6)   # sqrt(2/pi)
        0.797885
    """
    m, s = np.asarray(m, dtype=float), np.asarray(s, dtype=float)
    return s * np.sqrt(2 / np.pi) * np.exp(-m**2 / (2 * s**2)) + m * erf(m / (s * np.sqrt(2)))


def folded_normal_moments(m, s) -> dict:
    """E|g|, E[g|g|], Var|g| and Cov(g, |g|) for g ~ N(m, s^2).

    E[g|g|] = (m^2 + s^2) erf(m/(s sqrt 2)) + m s sqrt(2/pi) exp(-m^2/(2 s^2)),
    Var|g| = m^2 + s^2 - (E|g|)^2,  Cov(g, |g|) = E[g|g|] - m E|g|.
    """
    m, s = np.asarray(m, dtype=float), np.asarray(s, dtype=float)
    mean = folded_normal_mean(m, s)
    e_gabs = (m**2 + s**2) * erf(m / (s * np.sqrt(2))) + m * s * np.sqrt(2 / np.pi) * np.exp(-m**2 / (2 * s**2))
    return {"E|g|": mean, "E[g|g|]": e_gabs, "Var|g|": m**2 + s**2 - mean**2, "Cov(g,|g|)": e_gabs - m * mean}


def max_abs_rows(a) -> np.ndarray:
    """max over the last axis of |a|, per row: the same numbers as ``np.abs(a).max(axis=-1)``, faster.

    For many short rows (runs x d weights, d small) a reduction along each row costs a call per row;
    the position of each row's maximum (one ``argmax`` pass) and a gather of those entries is about twice as fast.

    Example:
        >>> max_abs_rows(np.array([[1.0, -3.0], [0.5, 0.25]]))
        array([3. , 0.5])
    """
    a = np.asarray(a)
    if a.ndim == 2 and a.size:
        absolute = np.abs(a)
        at = absolute.argmax(axis=1)                    # a NaN is its row's argmax, as it is np.max's result
        at += np.arange(0, a.size, a.shape[1])
        return absolute.reshape(-1)[at]
    return np.abs(a).max(axis=-1)


def bisect(fn: Callable[[np.ndarray], np.ndarray], lo, hi, iters: int = 100) -> np.ndarray:
    """Root of an increasing ``fn`` on [lo, hi], elementwise (``lo``, ``hi`` broadcast).

    Where fn has no sign change the result sits at the nearer end of the interval.

    Example:
        >>> round(float(bisect(lambda x: x**3 - 8.0, 0.0, 5.0)), 9)
        2.0
    """
    lo, hi = (np.array(v, dtype=float) for v in np.broadcast_arrays(np.asarray(lo, float), np.asarray(hi, float)))
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        right = np.asarray(fn(mid)) > 0
        hi = np.where(right, mid, hi)
        lo = np.where(right, lo, mid)
    return 0.5 * (lo + hi)


def digital_floor(lr, sigma2, curvature) -> np.ndarray:
    """Stationary E[f(W) - f*] of digital SGD on a quadratic with Hessian eigenvalues ``curvature``.

    Each eigen-direction i is an AR(1) process e <- (1 - alpha lambda_i) e - alpha sigma xi with
    variance alpha sigma^2 / (lambda_i (2 - alpha lambda_i)), so

        E f - f* = sum_i alpha sigma^2 / (2 (2 - alpha lambda_i))      (stable for alpha lambda_i < 2).

    ``curvature`` is a scalar (one dimension) or the eigenvalues along the last axis; ``lr`` and
    ``sigma2`` broadcast against the result.

    Example:
        >>> round(float(digital_floor(0.1, 0.01, 1.0)), 8)   # 0.1 * 0.01 / (2 * 1.9)
        0.00026316
    """
    lam = np.atleast_1d(np.asarray(curvature, dtype=float))
    a = np.asarray(lr, dtype=float)[..., None]
    if np.any(a * lam >= 2):
        raise ValueError(f"lr must be < 2 / lambda_max = {2 / lam.max():g} for digital SGD to be stable")
    return (a * np.asarray(sigma2, dtype=float)[..., None] / (2 * (2 - a * lam))).sum(axis=-1)
