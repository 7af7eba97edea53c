"""Section 1: F, G and the symmetric point of every registered device family, derived with sympy.

For response factors q_plus(w), q_minus(w) (paper, Sec. 2)

    F(w) = (q_minus(w) + q_plus(w)) / 2,   G(w) = (q_minus(w) - q_plus(w)) / 2,

and the symmetric point w_sym solves G(w_sym) = 0. The response factors come from each family's
:meth:`~aimc_edu.devices.Device.symbolic_response` (AIHWKIT parametrisations, inside the bounds),
so a family added with :func:`aimc_edu.devices.register_device` is covered here too.
"""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache

import numpy as np
import sympy as sp

from .._validate import choice
from ..devices import DEVICES, Device
from ..numerics import bisect
from ._common import dw, w

ASSUMPTIONS = {"tau": {"positive": True}, "gamma_up": {"positive": True}, "gamma_down": {"positive": True},
               "w_min": {"negative": True}, "w_max": {"positive": True}, "A_up": {"positive": True},
               "A_down": {"positive": True}, "a": {"positive": True}}
"""Sign assumptions of the parameter symbols, by dataclass field name (others are just real)."""
SYMBOL_NAMES = {"sym_point": "w_sym", "gamma_up": "nu_up", "gamma_down": "nu_down"}
"""Printed names of parameter symbols that differ from the field name (:mod:`.symbols`): the symmetric point
w_sym, and the step devices' shapes nu_up, nu_down (AIHWKIT calls them gamma_up, gamma_down; gamma is
Tiki-Taka's mixing in this course)."""


def parameter_symbols(family: str) -> dict:
    """{field name: sympy Symbol} of a family's parameters.

    Example:
        >>> parameter_symbols("soft-bounds")
        {'tau': tau, 'sym_point': w_sym}
    """
    cls = DEVICES[choice("family", family, DEVICES)]
    return {f.name: sp.Symbol(SYMBOL_NAMES.get(f.name, f.name), **ASSUMPTIONS.get(f.name, {"real": True}))
            for f in fields(cls) if f.init}


def response_factors(family: str) -> tuple[sp.Expr, sp.Expr]:
    """(q_plus(w), q_minus(w)) of a device family as sympy expressions (inside the bounds).

    Example:
        >>> response_factors("soft-bounds")
        (1 - (w - w_sym)/tau, 1 + (w - w_sym)/tau)
    """
    out = DEVICES[choice("family", family, DEVICES)].symbolic_response(w, parameter_symbols(family), sp)
    if out is None:
        raise ValueError(f"device family {family!r} gives no symbolic_response: define one to use the theory")
    return tuple(sp.sympify(q) for q in out)


@lru_cache(maxsize=None)
def FG(family: str) -> tuple[sp.Expr, sp.Expr]:
    """(F(w), G(w)) = ((q_minus + q_plus)/2, (q_minus - q_plus)/2), simplified.

    Example:
        >>> FG("soft-bounds")
        (1, (w - w_sym)/tau)
    """
    qp, qm = response_factors(family)
    F, G = (qm + qp) / 2, (qm - qp) / 2
    if F.has(sp.Max):                                           # simplify is slow and no clearer there
        return F, G
    return sp.simplify(F), sp.simplify(G)


def _exp_step_point(p: dict) -> sp.Expr:
    """Exp step: on the branch where both q are positive, G = 0 means A_up exp(gamma_up z) = A_down exp(-gamma_down z);
    taking logs is linear in z: z = log(A_down/A_up)/(gamma_up + gamma_down), w = (z - b)(w_max - w_min)/(2 a)."""
    z = sp.Symbol("z", real=True)
    zs = sp.solve(sp.Eq(sp.log(p["A_up"]) + p["gamma_up"] * z, sp.log(p["A_down"]) - p["gamma_down"] * z), z)[0]
    return (zs - p["b"]) * (p["w_max"] - p["w_min"]) / (2 * p["a"])


CLOSED_FORMS = {"ideal": lambda p: sp.Integer(0), "exp-step": _exp_step_point, "pow-step": lambda p: None}
"""Families whose symmetric point sympy's solve cannot find alone: ideal (G = 0 everywhere; 0 by
convention), exp-step (the log trick), pow-step (omega^gamma_up = (1 - omega)^gamma_down has no
closed form in general: None, use :func:`symmetric_point_numeric`)."""


@lru_cache(maxsize=None)
def symmetric_point(family: str) -> sp.Expr | None:
    """The symmetric point solving G(w) = 0, symbolic where it exists in closed form (else None).

    * soft-bounds: G = (w - p)/tau, so w_sym = p;  linear-step: w_sym = 0;
    * exp-step: see :func:`_exp_step_point`;  pow-step: None (for gamma_up = gamma_down the middle of
      the range, :func:`pow_step_equal_gamma_point`).
    """
    if family in CLOSED_FORMS:
        return CLOSED_FORMS[family](parameter_symbols(family))
    sols = sp.solve(sp.Eq(FG(family)[1], 0), w)
    return sols[0] if sols else None


@lru_cache(maxsize=None)
def pow_step_equal_gamma_point() -> sp.Expr:
    """Pow-step with gamma_up = gamma_down = gamma: omega^gamma = (1 - omega)^gamma => omega = 1/2 => w_sym = (w_min + w_max)/2."""
    p = parameter_symbols("pow-step")
    omega = sp.Symbol("omega", positive=True)
    om = sp.solve(sp.Eq(omega, 1 - omega), omega)[0]            # gamma-th root of both sides (omega in (0, 1))
    return sp.simplify(sp.solve(sp.Eq((p["w_max"] - w) / (p["w_max"] - p["w_min"]), om), w)[0])


def _subs(device: Device) -> dict:
    return {sym: float(getattr(device, name)) for name, sym in parameter_symbols(device.name).items()}


def numeric_FG(device: Device):
    """Lambdified (F(w), G(w)) for a concrete device (scalar parameters), from the sympy expressions."""
    s = _subs(device)
    return tuple(sp.lambdify(w, sp.sympify(e).subs(s), modules="numpy") for e in FG(device.name))


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
    lo, hi = device.bounds
    return float(bisect(lambda x: np.asarray(G(x), dtype=float), float(lo), float(hi), iters=iters))


def analog_update_expr(family: str = "soft-bounds") -> sp.Expr:
    """The analog update w + dw F(w) - |dw| G(w) of a family, symbolic (tested equal to ``Device.update``).

    Example:
        >>> analog_update_expr("soft-bounds")
        \\Delta w + w - (w - w_sym)*Abs(\\Delta w)/tau
    """
    F, G = FG(family)
    return w + dw * F - sp.Abs(dw) * G
