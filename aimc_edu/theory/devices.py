"""Section 1: F, G and the symmetric point of every device family, derived with sympy.

For response factors q_plus(w), q_minus(w) (paper, Sec. 2)

    F(w) = (q_minus(w) + q_plus(w)) / 2,   G(w) = (q_minus(w) - q_plus(w)) / 2,

and the symmetric point w_sym solves G(w_sym) = 0. The formulas below mirror
:mod:`aimc_edu.devices` (AIHWKIT parametrisations) inside the device bounds.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from .._validate import choice
from ..devices import DEVICES, Device
from ._common import tau, w

# Device parameters as sympy symbols (names match the dataclass fields).
c = sp.Symbol("c", real=True)                                   # soft-bounds symmetric point
gamma_up, gamma_down = sp.symbols("gamma_up gamma_down", positive=True)
w_min = sp.Symbol("w_min", negative=True)
w_max = sp.Symbol("w_max", positive=True)
A_up, A_down, a, b = sp.Symbol("A_up", positive=True), sp.Symbol("A_down", positive=True), \
    sp.Symbol("a", positive=True), sp.Symbol("b", real=True)
z = sp.Symbol("z", real=True)
omega = sp.Symbol("omega", positive=True)

PARAMS = {
    "ideal": {},
    "soft-bounds": {"tau": tau, "sym_point": c},
    "linear-step": {"gamma_up": gamma_up, "gamma_down": gamma_down, "w_min": w_min, "w_max": w_max},
    "pow-step": {"gamma_up": gamma_up, "gamma_down": gamma_down, "w_min": w_min, "w_max": w_max},
    "exp-step": {"A_up": A_up, "A_down": A_down, "gamma_up": gamma_up, "gamma_down": gamma_down,
                 "a": a, "b": b, "w_min": w_min, "w_max": w_max},
}


def response_factors(family: str) -> tuple[sp.Expr, sp.Expr]:
    """(q_plus(w), q_minus(w)) of a device family as sympy expressions (inside the bounds).

    Example:
        >>> response_factors("soft-bounds")
        (1 - (-c + w)/tau, 1 + (-c + w)/tau)
    """
    choice("family", family, DEVICES)
    if family == "ideal":
        return sp.Integer(1), sp.Integer(1)
    if family == "soft-bounds":
        return 1 - (w - c) / tau, 1 + (w - c) / tau
    if family == "linear-step":
        return 1 - gamma_up * w / w_max, 1 - gamma_down * w / w_min
    if family == "pow-step":
        om = (w_max - w) / (w_max - w_min)
        return om**gamma_up, (1 - om) ** gamma_down
    zz = 2 * a * w / (w_max - w_min) + b
    return (sp.Max(0, 1 - A_up * sp.exp(gamma_up * zz)), sp.Max(0, 1 - A_down * sp.exp(-gamma_down * zz)))


@lru_cache(maxsize=None)
def FG(family: str) -> tuple[sp.Expr, sp.Expr]:
    """(F(w), G(w)) = ((q_minus + q_plus)/2, (q_minus - q_plus)/2), simplified.

    Example:
        >>> FG("soft-bounds")
        (1, (-c + w)/tau)
    """
    qp, qm = response_factors(family)
    if family == "exp-step":                                    # simplify is slow and no clearer here
        return (qm + qp) / 2, (qm - qp) / 2
    return sp.simplify((qm + qp) / 2), sp.simplify((qm - qp) / 2)


@lru_cache(maxsize=None)
def symmetric_point(family: str) -> sp.Expr | None:
    """The symmetric point solving G(w) = 0, symbolic where it exists in closed form.

    * ideal: G = 0 everywhere; 0 by convention.
    * soft-bounds: G = (w - c)/tau, so w_sym = c.
    * linear-step: G = w (gamma_up/w_max - gamma_down/w_min)/2, so w_sym = 0.
    * exp-step: on the branch where both q are positive, G = 0 means
      A_up exp(gamma_up z) = A_down exp(-gamma_down z); taking logs is linear in z:
      z = log(A_down/A_up)/(gamma_up + gamma_down), w = (z - b)(w_max - w_min)/(2 a).
    * pow-step: omega^gamma_up = (1 - omega)^gamma_down has no closed form in general
      (returns None: use :func:`symmetric_point_numeric`); for gamma_up = gamma_down = gamma
      it gives omega = 1/2, the middle of the range (see :func:`pow_step_equal_gamma_point`).
    """
    choice("family", family, DEVICES)
    if family == "ideal":
        return sp.Integer(0)
    if family == "pow-step":
        return None
    if family == "exp-step":
        zs = sp.solve(sp.Eq(sp.log(A_up) + gamma_up * z, sp.log(A_down) - gamma_down * z), z)[0]
        return (zs - b) * (w_max - w_min) / (2 * a)
    sols = sp.solve(sp.Eq(FG(family)[1], 0), w)
    return sols[0]


@lru_cache(maxsize=None)
def pow_step_equal_gamma_point() -> sp.Expr:
    """Pow-step with gamma_up = gamma_down = gamma: omega^gamma = (1 - omega)^gamma => omega = 1/2 => w_sym = (w_min + w_max)/2."""
    om = sp.solve(sp.Eq(omega, 1 - omega), omega)[0]            # gamma-th root of both sides (omega in (0, 1))
    return sp.simplify(sp.solve(sp.Eq((w_max - w) / (w_max - w_min), om), w)[0])


def _subs(device: Device) -> dict:
    fam = device.name
    return {sym: float(getattr(device, name)) for name, sym in PARAMS[fam].items()}


def numeric_FG(device: Device):
    """Lambdified (F(w), G(w)) for a concrete device (scalar parameters)."""
    F, G = FG(device.name)
    s = _subs(device)
    return tuple(sp.lambdify(w, sp.sympify(e).subs(s), modules="numpy") for e in (F, G))


def symmetric_point_numeric(device: Device, *, iters: int = 200) -> float:
    """w_sym for a concrete device: the closed form if there is one, else bisection of the symbolic G.

    Example:
        >>> from aimc_edu.devices import PowStep
        >>> round(symmetric_point_numeric(PowStep(gamma_up=1.0, gamma_down=1.0)), 12)
        0.0
    """
    expr = symmetric_point(device.name)
    if expr is not None:
        return float(expr.subs(_subs(device))) if expr.free_symbols else float(expr)
    G = numeric_FG(device)[1]
    lo, hi = float(device.w_min), float(device.w_max)
    for _ in range(iters):                                       # G rises from -1/2 to 1/2 across the range
        mid = 0.5 * (lo + hi)
        lo, hi = (lo, mid) if float(G(np.float64(mid))) > 0 else (mid, hi)
    return 0.5 * (lo + hi)
