"""Section 9: Analog SGD as SGD on f plus an implicit penalty set by G/F (the follow-up, arXiv 2502.06309).

With dw = -alpha g the analog update w + dw F(w) - |dw| G(w) is, for every device with F > 0, exactly

    w_new = w - alpha F(w) [ g + |g| Phi'(w) ],      Phi(w) = integral from w_sym to w of G(u)/F(u) du,

a step of SGD on f + |g| Phi, preconditioned by F(w) > 0. At a stationary mean the bracket vanishes
on average, so with M = E|g| the iterates settle (mean field) at a critical point of the penalised objective

    f(w) + M Phi(w),   i.e.   f'(w) + M G(w)/F(w) = 0,

not of f: the bias of Analog SGD is this penalty pulling towards the symmetric point.

* soft bounds (F = 1, G = (w - p)/tau): Phi = (w - p)^2 / (2 tau), so Analog SGD is *exactly* SGD
  (no preconditioner) on f + |g| (w - p)^2 / (2 tau): weight decay of strength E|g| / tau towards p;
* unequal slopes (F = 1 - c w/tau, G = w/tau - c):
  Phi = tau [ -(v - c)/c - (1 - c^2)/c^2 ln((1 - c v)/(1 - c^2)) ],  v = w/tau,
  which tends to w^2/(2 tau) as c -> 0 and is steeper on the side away from the symmetric point c tau;
* in general: Phi as the integral above (:func:`penalty`), a convex well around w_sym where G/F increases.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from ..devices import Device
from ..numerics import bisect
from ..numerics import folded_normal_mean as _M
from ._common import alpha, positive, w
from .devices import FG, parameter_symbols, symmetric_point

g = sp.Symbol("g", real=True)
u = sp.Symbol("u", real=True)


@lru_cache(maxsize=None)
def penalty(family: str) -> sp.Expr:
    """Phi(w) = integral_{w_sym}^{w} G(u)/F(u) du for a registered family (sympy; an Integral if no closed form).

    Example:
        >>> penalty("soft-bounds")
        (w - w_sym)**2/(2*tau)
    """
    F, G = FG(family)
    w_sym = symmetric_point(family)
    if w_sym is None:
        raise ValueError(f"{family!r} has no closed-form symmetric point: integrate G/F numerically")
    ratio = sp.simplify((G / F).subs(w, u))
    phi = sp.integrate(ratio, (u, w_sym, w))
    return sp.factor(sp.simplify(phi))


def update_identity(family: str) -> sp.Expr:
    """(analog update) - (preconditioned penalised SGD step), simplified: 0 for every family (with F != 0).

    Example:
        >>> update_identity("soft-bounds-updown")
        0
    """
    F, G = FG(family)
    analog = w + (-alpha * g) * F - sp.Abs(-alpha * g) * G
    penalised = w - alpha * F * (g + sp.Abs(g) * G / F)
    return sp.simplify(analog - penalised)


def updown_penalty_closed_form() -> sp.Expr:
    """The unequal-slope device's Phi in the form of the module docstring (tested equal to :func:`penalty`)."""
    ps = parameter_symbols("soft-bounds-updown")
    c, t = ps["up_down"], ps["tau"]
    v = w / t
    return t * (-(v - c) / c - (1 - c**2) / c**2 * sp.log((1 - c * v) / (1 - c**2)))


def penalised_stationary_point(device: Device, sigma_, L_, w_star_) -> np.ndarray:
    """Mean-field stationary mean of Analog SGD on f = L/2 (w - w*)^2 with gradient noise sigma:

        L (w - w*) + M G(w)/F(w) = 0,   M = E|g| = folded-normal mean of N(L (w - w*), sigma^2),

    the critical point of f + M Phi (fluctuations of w neglected: exact as alpha -> 0). For soft
    bounds (G/F = w/tau) this is :func:`aimc_edu.theory.lower_bound.stationary_point`, whose d-dimensional
    form is :func:`aimc_edu.theory.stationary.penalised_minimiser`; the tests check that the three agree.
    """
    s, l = positive("sigma", sigma_), positive("L", L_)
    ws = np.asarray(w_star_, dtype=float)
    lo, hi = (np.asarray(b, dtype=float) for b in device.bounds)
    span = hi - lo
    lo, hi = lo + 1e-9 * span, hi - 1e-9 * span

    def h(x):
        return l * (x - ws) + _M(l * (x - ws), s) * device.G(x) / device.F(x)

    return bisect(h, np.broadcast_to(lo, ws.shape), np.broadcast_to(hi, ws.shape), iters=100)
