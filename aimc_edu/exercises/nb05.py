"""Checks for notebook 05 (the theory): the derivation steps (``check_step_*``) and the exercises.

Each returns a Feedback (truthy when right; ``None`` = not answered). Formulas may be sympy expressions
or strings in the names listed by each check.

Example:
    >>> import sympy as sp
    >>> w, tau = sp.Symbol("w", real=True), sp.Symbol("tau", positive=True)
    >>> bool(check_new_response_FG(sp.cosh(w / tau), sp.sinh(w / tau)))
    True
    >>> bool(check_step_M0("sigma*sqrt(2/pi)"))
    True
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from ..numerics import digital_floor
from ..theory import _common as c
from ..theory.lower_bound import analog_floor_orders, kappa
from ..theory.tiki_taka import gamma
from .feedback import Feedback, NO_ANSWER, expression_feedback, number_feedback, prediction

M = sp.Symbol("M", positive=True)
NAMES = {"w": c.w, "tau": c.tau, "sigma": c.sigma, "L": c.L, "w_star": c.w_star, "alpha": c.alpha, "beta": c.beta,
         "gamma": gamma, "kappa": kappa, "m": c.m, "M": M, "pi": sp.pi}


def _formula(answer, expected, right, hint):
    return expression_feedback(answer, expected, {k: v for k, v in NAMES.items() if k != "pi"}, right, hint)


# ---- the derivation steps --------------------------------------------------------------------
def check_step_ar1(answer) -> Feedback:
    """Digital SGD on L/2 (w - w*)^2: the V solving V = (1 - alpha L)^2 V + alpha^2 sigma^2."""
    return _formula(answer, c.alpha * c.sigma**2 / (c.L * (2 - c.alpha * c.L)), "V = alpha sigma^2 / (L (2 - alpha L)).",
                    "collect V: V (1 - (1 - alpha L)^2) = alpha^2 sigma^2, and 1 - (1 - x)^2 = x (2 - x).")


def check_step_M0(answer) -> Feedback:
    """E|g| for g ~ N(0, sigma^2) (the folded-normal mean at m = 0): sigma sqrt(2/pi)."""
    return _formula(answer, c.sigma * sp.sqrt(2 / sp.pi), "M(0) = sigma sqrt(2/pi), about 0.8 sigma.",
                    "substitute m = 0 into M(m), or integrate 2 int_0^oo zeta exp(-zeta^2/(2 sigma^2)) dzeta / "
                    "(sigma sqrt(2 pi)).")


def check_step_M2(answer) -> Feedback:
    """The coefficient of m^2 in M(m) = M(0) + ... m^2 + O(m^4): 1/(sigma sqrt(2 pi))."""
    return _formula(answer, 1 / (c.sigma * sp.sqrt(2 * sp.pi)), "M(m) = sigma sqrt(2/pi) + m^2/(sigma sqrt(2 pi)) + O(m^4).",
                    "half of the second derivative of M at m = 0: sp.diff(M, m, 2).subs(m, 0) / 2.")


def check_step_penalty(answer) -> Feedback:
    """A penalty R(w) whose gradient is the drift's extra term M w / tau (M = E|g| frozen): M w^2 / (2 tau)."""
    if answer is None:
        return NO_ANSWER
    try:
        expr = sp.sympify(answer, locals=NAMES).subs({sp.Symbol(n): s for n, s in NAMES.items() if n != "pi"})
        ok = sp.simplify(sp.diff(expr, c.w) - M * c.w / c.tau) == 0
    except (sp.SympifyError, TypeError, SyntaxError, AttributeError):
        ok = False
    if ok:
        return Feedback(True, "Correct! Analog SGD does SGD on f(w) + M w^2 / (2 tau): a weight decay of strength "
                              "M / tau = E|g| / tau, pulling w towards the symmetric point 0.")
    return Feedback(False, f"Not quite ({answer}). Hint: which function of w has derivative M w / tau?")


def check_step_w_bar(answer) -> Feedback:
    """The root of the linearised drift L (w - w*) + sigma sqrt(2/pi) w / tau = 0, in L, w_star, sigma, tau."""
    expected = c.L * c.w_star / (c.L + c.sigma * sp.sqrt(2 / sp.pi) / c.tau)
    return _formula(answer, expected, "w_bar = w* / (1 + kappa), kappa = sigma sqrt(2/pi) / (L tau).",
                    "the drift is linear in w: collect the terms in w and divide.")


def check_step_a3(answer) -> Feedback:
    """The x*^3 coefficient of the root x_bar = a_1 x* + a_3 x*^3 (in kappa): -kappa / (pi (1 + kappa)^4)."""
    return _formula(answer, -kappa / (sp.pi * (1 + kappa) ** 4), "a_3 = -kappa / (pi (1 + kappa)^4): the exact root "
                    "sits closer to 0 than w*/(1 + kappa), so the floor is larger than the leading order.",
                    "solve the coefficient of eps^3 (with a_1 = 1/(1 + kappa) substituted) for a_3.")


def check_step_friction(answer) -> Feedback:
    """Tiki-Taka on ideal devices with mixing gamma: the determinant of the Jacobian of (e, P). 1 - beta gamma L."""
    return _formula(answer, 1 - c.beta * gamma * c.L, "det J = 1 - beta gamma L: at gamma = 0 the map preserves "
                    "area (|mu| = 1, nothing damps), for gamma > 0 both eigenvalues shrink by sqrt(1 - beta gamma L).",
                    "J = [[1 - alpha beta L, alpha (1 - beta gamma L)], [-beta L, 1 - beta gamma L]]; det = ad - bc.")


# ---- the exercises -------------------------------------------------------------------------------
def check_new_response_FG(F, G) -> Feedback:
    """q_plus(w) = exp(-w/tau), q_minus(w) = exp(w/tau): expected F = cosh(w/tau), G = sinh(w/tau)."""
    if F is None or G is None:
        return NO_ANSWER
    qp, qm = sp.exp(-c.w / c.tau), sp.exp(c.w / c.tau)
    okF, okG = (expression_feedback(a, e, {"w": c.w, "tau": c.tau}, "", "") for a, e in ((F, (qm + qp) / 2),
                                                                                       (G, (qm - qp) / 2)))
    if okF and okG:
        return Feedback(True, "Correct! F = cosh(w/tau), G = sinh(w/tau); G = 0 only at w = 0, the symmetric point.")
    wrong = " and ".join(n for n, ok in (("F", okF), ("G", okG)) if not ok)
    return Feedback(False, f"Not quite: {wrong} is off. Hint: F = (q_minus + q_plus)/2, G = (q_minus - q_plus)/2.")


def check_digital_floor_value(answer) -> Feedback:
    """alpha = 0.1, L = 2, sigma^2 = 0.5: alpha sigma^2 / (2 (2 - alpha L)) = 0.0138889."""
    return number_feedback(answer, float(digital_floor(0.1, 0.5, 2.0)), 1e-3, "alpha sigma^2/(2(2 - alpha L)) = 0.05/3.6.",
                           "the floor is L/2 times the AR(1) variance alpha sigma^2/(L(2 - alpha L)).")


@prediction
def check_floor_prediction(answer) -> Feedback:
    """Predict the small-alpha floor at sigma^2 = 1, tau = 1, L = 1, w* = 0.5 (then move the sliders). About 0.025."""
    r = analog_floor_orders(1.0, 1.0, 1.0, 0.5)
    exact, leading = float(r["exact"]), float(r["leading"])
    return number_feedback(answer, exact, 0.05, f"the exact root gives {exact:.4f}; the leading order "
                           f"sigma^2 (w*/tau)^2/(pi L (1 + kappa)^2) = {leading:.4f} is within 2% here.",
                           "f - f* = L/2 (w_bar - w*)^2 with w_bar = w*/(1 + kappa), kappa = sigma sqrt(2/pi)/(L tau).")


@prediction
def check_leading_order_error(answer) -> Feedback:
    """w* = 0.8, tau = 1, sigma^2 = 0.01, L = 1: by what fraction does the leading order underestimate the floor? ~0.34."""
    r = analog_floor_orders(0.1, 1.0, 1.0, 0.8)
    true = float(1 - r["leading"] / r["exact"])
    first = float(2 / np.pi * 0.8**2 / (1 + r["kappa"]) ** 3)
    return number_feedback(answer, true, 0.15, f"{true:.2f} (the correction (2/pi) x*^2/(1 + kappa)^3 = {first:.2f} "
                           "gets most of it): at x* = 0.8 the leading order is a poor guide.",
                           "the relative correction is (2/pi) (w*/tau)^2 / (1 + kappa)^3; kappa = 0.1 sqrt(2/pi).")
