"""Checks for notebook 05 (the theory). Each returns a Feedback (truthy when right; ``None`` = not answered).

Example:
    >>> import sympy as sp
    >>> w, tau = sp.Symbol("w", real=True), sp.Symbol("tau", positive=True)
    >>> bool(check_new_response_FG(sp.cosh(w / tau), sp.sinh(w / tau)))
    True
    >>> bool(check_tt_stability("stable"))
    True
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..numerics import digital_floor
from ..theory import _common as c
from ..theory.lower_bound import stationary_point
from .feedback import NO_ANSWER, Feedback, number_feedback, word_feedback


def _same_expr(answer, expected: sp.Expr) -> bool:
    try:
        expr = sp.sympify(answer, locals={"w": c.w, "tau": c.tau})
    except (sp.SympifyError, TypeError, SyntaxError):
        return False
    expr = expr.subs({sp.Symbol("w"): c.w, sp.Symbol("tau"): c.tau})
    if sp.simplify((expr - expected).rewrite(sp.exp)) == 0:
        return True
    f = sp.lambdify((c.w, c.tau), expr - expected, modules="numpy")      # numeric fallback on a grid
    ws, taus = np.meshgrid(np.linspace(-0.9, 0.9, 7), np.linspace(0.5, 2.0, 4))
    with np.errstate(all="ignore"):
        vals = np.asarray(f(ws, taus), dtype=complex)
    return bool(np.all(np.abs(vals) < 1e-9))


def check_new_response_FG(F, G) -> Feedback:
    """q_plus(w) = exp(-w/tau), q_minus(w) = exp(w/tau): expected F = cosh(w/tau), G = sinh(w/tau)."""
    if F is None or G is None:
        return NO_ANSWER
    qp, qm = sp.exp(-c.w / c.tau), sp.exp(c.w / c.tau)
    okF, okG = _same_expr(F, (qm + qp) / 2), _same_expr(G, (qm - qp) / 2)
    if okF and okG:
        return Feedback(True, "Correct! F = cosh(w/tau), G = sinh(w/tau); G = 0 only at w = 0, the symmetric point.")
    wrong = " and ".join(n for n, ok in (("F", okF), ("G", okG)) if not ok)
    return Feedback(False, f"Not quite: {wrong} is off. Hint: F = (q_minus + q_plus)/2, G = (q_minus - q_plus)/2.")


def check_shifted_symmetric_point(answer) -> Feedback:
    """q_plus(w) = 2 - w, q_minus(w) = 1 + w: G = w - 1/2, so w_sym = 0.5."""
    return number_feedback(answer, 0.5, 1e-6, "G(w) = ((1 + w) - (2 - w))/2 = w - 1/2 vanishes at w = 1/2.",
                   "solve q_plus(w) = q_minus(w).")


def check_digital_floor_value(answer) -> Feedback:
    """alpha = 0.1, L = 2, sigma^2 = 0.5: alpha sigma^2 / (2 (2 - alpha L)) = 0.0138889."""
    return number_feedback(answer, float(digital_floor(0.1, 0.5, 2.0)), 1e-3, "alpha sigma^2/(2(2 - alpha L)) = 0.05/3.6.",
                   "the floor is L/2 times the AR(1) variance alpha sigma^2/(L(2 - alpha L)).")


def check_analog_floor_value(answer) -> Feedback:
    """sigma = 0.5, tau = 1, L = 1, w* = 0.1: the floor L/2 (w_bar - w*)^2 with the exact root (about 4.1e-4)."""
    exact = float(0.5 * (stationary_point(0.5, 1.0, 1.0, 0.1) - 0.1) ** 2)
    return number_feedback(answer, exact, 0.02, f"the floor is {exact:.3g}: sigma^2 (w*/tau)^2 / (pi L (1 + kappa)^2) "
                   "with kappa = sigma sqrt(2/pi)/(L tau).",
                   "w_bar = w*/(1 + kappa) for small w*/tau; do not forget the (1 + kappa)^2.")


def check_tt_stability(answer) -> Feedback:
    """alpha = 0.5, beta = 1.5, L = 1, c = 1, d = 0.2: Jury's conditions hold, so 'stable'."""
    return word_feedback(answer, "stable", "p(1) = 0.9 > 0, p(-1) = 0.2 > 0 and |D| = |0.9 * (-0.5)| = 0.45 < 1.",
                         "evaluate p(1), p(-1) and D from mean_dynamics()['jury'].")


