"""Sections 2-4: the soft-bounds invariant and the descent-lemma bounds of Table 1, with sympy.

Every inequality is proved the same way: sympy checks an *identity* target = certificate,
where the certificate is built from symbols declared nonnegative, so sympy can also
confirm ``certificate.is_nonnegative``. Nothing is taken on trust from the paper.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from .._validate import as_param
from ._common import Delta, K, L, alpha, positive, sigma, tau, w

# nonnegative helper symbols of the certificates: r_+ = tau - w, r_- = tau + w (distances to the bounds),
# u = |dw| (the size of the increment), r_u = tau - |dw| (its margin below tau)
_a, _b, _d, _r = sp.symbols("r_+ r_- u r_u", nonnegative=True)


@lru_cache(maxsize=None)
def soft_bounds_invariant() -> list[dict]:
    """|w| <= tau and |dw| <= tau imply |w_new| <= tau for w_new = w + dw - |dw| w / tau.

    Case dw = +u >= 0:  w_new = w + u (1 - w/tau)
        tau - w_new = r_+ r_u / tau,          tau + w_new = r_- + u r_+ / tau,
    case dw = -u < 0:   w_new = w - u (1 + w/tau)
        tau - w_new = r_+ + u r_- / tau,      tau + w_new = r_- r_u / tau,
    with r_+ = tau - w >= 0, r_- = tau + w >= 0, r_u = tau - u >= 0.
    The condition |dw| <= tau matters: without it r_u < 0 and the weight can leave the range
    (e.g. Analog SGD with Gaussian gradient noise, whose increments alpha |g| have no bound).

    Returns:
        four dicts {"case", "target", "certificate", "identity" (target - certificate, simplified: 0),
        "nonnegative" (sympy's verdict on the certificate: True)}.
    """
    out = []
    for sign, case in ((1, "dw >= 0"), (-1, "dw < 0")):
        w_new = w + sign * _d - _d * w / tau                 # |dw| = d
        for target_name, target in (("tau - w_new", tau - w_new), ("tau + w_new", tau + w_new)):
            if (sign, target_name) == (1, "tau - w_new"):
                cert = _a * _r / tau
            elif (sign, target_name) == (1, "tau + w_new"):
                cert = _b + _d * _a / tau
            elif (sign, target_name) == (-1, "tau - w_new"):
                cert = _a + _d * _b / tau
            else:
                cert = _b * _r / tau
            ident = (target - cert).subs({_a: tau - w, _b: tau + w, _r: tau - _d})
            out.append({"case": case, "target_name": target_name, "target": sp.expand(target),
                        "certificate": cert, "identity": sp.simplify(ident),
                        "nonnegative": bool(cert.is_nonnegative)})
    return out


# ---- Section 3: digital SGD -----------------------------------------------------------------

grad = sp.Symbol(r"{\nabla_i f}", real=True)        # one coordinate of grad f(W_k)
gn2 = sp.Symbol(r"{\|\nabla f\|^2}", nonnegative=True)  # ||grad f(W_k)||^2
s2 = sp.Symbol(r"{s_i^2}", nonnegative=True)         # noise variance of one coordinate


@lru_cache(maxsize=None)
def digital_sgd_bound() -> dict:
    """Descent lemma for W_{k+1} = W_k - alpha g_k on an L-smooth f with E||g - grad f||^2 <= sigma^2.

    f(W_{k+1}) <= f(W_k) - alpha <grad f, g> + L alpha^2/2 ||g||^2; in expectation
        E f_{k+1} <= E f_k - alpha (1 - L alpha / 2) ||grad f||^2 + L alpha^2 sigma^2 / 2.
    For alpha <= 1/L the bracket is >= 1/2; summing k = 0..K-1 (telescoping, f_K >= f*):
        (1/K) sum E||grad f(W_k)||^2 <= 2 Delta / (alpha K) + L alpha sigma^2 =: B(alpha),
    Delta = f(W_0) - f*. B is minimal at alpha* = sqrt(2 Delta / (L sigma^2 K)) where
        B(alpha*) = 2 sqrt(2) sqrt(sigma^2 L Delta / K)       (valid while alpha* <= 1/L).

    Returns:
        dict with "one_step" (the bound on E f_{k+1} - E f_k), "bound" B(alpha), "alpha_opt",
        "rate" B(alpha*), "constant" 2 sqrt(2), "floor" (lim_{K->oo} B at fixed alpha = L alpha sigma^2).
    """
    one_step = -alpha * (1 - L * alpha / 2) * gn2 + L * alpha**2 * sigma**2 / 2
    # with (1 - L alpha/2) >= 1/2: E f_{k+1} - E f_k <= -alpha/2 ||grad||^2 + L alpha^2 sigma^2 / 2; sum and divide
    avg = sp.Symbol("avg", nonnegative=True)
    telescoped = sp.solve(sp.Eq(-Delta + alpha / 2 * K * avg - L * alpha**2 * sigma**2 / 2 * K, 0), avg)[0]
    bound = sp.expand(telescoped)
    a_opt = [s for s in sp.solve(sp.diff(bound, alpha), alpha) if s.is_positive][0]
    rate = sp.simplify(bound.subs(alpha, a_opt))
    return {"one_step": one_step, "bound": bound, "alpha_opt": a_opt, "rate": rate,
            "constant": sp.simplify(rate / sp.sqrt(sigma**2 * L * Delta / K)),
            "floor": sp.limit(bound, K, sp.oo)}


def digital_quadratic_floor() -> dict:
    """Exact stationary floor of digital SGD on f = L/2 (w - w*)^2 with g = L (w - w*) + sigma xi.

    e_{k+1} = (1 - alpha L) e_k - alpha sigma xi_k is AR(1); its stationary variance solves
    V = (1 - alpha L)^2 V + alpha^2 sigma^2, so (stable for 0 < alpha L < 2)

        V = alpha sigma^2 / (L (2 - alpha L)),   E f - f* = L V / 2 = alpha sigma^2 / (2 (2 - alpha L)),
        E|grad f|^2 = L^2 V = alpha L sigma^2 / (2 - alpha L).

    Example:
        >>> sp.simplify(digital_quadratic_floor()["loss_gap"] - alpha * sigma**2 / (4 - 2 * alpha * L))
        0
    """
    V = sp.Symbol("V", positive=True)
    var = sp.solve(sp.Eq(V, (1 - alpha * L) ** 2 * V + alpha**2 * sigma**2), V)[0]
    shown = alpha * sigma**2 / (L * (2 - alpha * L))              # the same, in the order we write it
    assert sp.simplify(var - shown) == 0
    return {"var": shown, "loss_gap": alpha * sigma**2 / (2 * (2 - alpha * L)),
            "grad_norm_sq": alpha * L * sigma**2 / (2 - alpha * L)}


# ---- Section 4: Analog SGD -------------------------------------------------------------------

Mg = sp.Symbol("M_i", nonnegative=True)        # E|g_i| for one coordinate
rho = sp.Symbol("rho", nonnegative=True)        # W_max / tau
S_K = sp.Symbol("S_K", nonnegative=True)        # (1/K) sum_k E ||W_k||_inf^2 / tau^2
ONE_MINUS_RHO2 = sp.Symbol(r"\left(1 - \rho^{2}\right)", positive=True)
"""The factor 1 - W_max^2/tau^2 as one printed block (substitute ``1 - rho**2`` to compute with it)."""


@lru_cache(maxsize=None)
def analog_sgd_bound() -> dict:
    """Descent lemma for Analog SGD on soft bounds, W_{k+1} = W_k - alpha (g + |g| W / tau).

    First-order term, per coordinate (nabla = grad_i f, M = E|g_i|, s^2 = Var g_i, M^2 <= nabla^2 + s^2):
        E[nabla (g + |g| w / tau)] = nabla^2 + nabla M w / tau
            >= 1/2 (1 - w^2/tau^2) nabla^2 - 1/2 s^2 w^2 / tau^2,
    because the difference is the certificate
        1/2 (nabla + M w / tau)^2 + 1/2 (nabla^2 + s^2 - M^2) w^2 / tau^2  >= 0.
    Here (1 - w^2/tau^2) is where the rate's factor comes from, and s^2 w^2/tau^2 (noise times
    saturation) is where the floor comes from: it does not carry a factor alpha^2 like the
    usual noise term, so it does not vanish as alpha -> 0.
    Second-order term: (w_new - w)^2 = alpha^2 g^2 (1 + sign(g) w / tau)^2 <= alpha^2 (1 + rho)^2 g^2.
    With W_max = max_k ||W_k||_inf = rho tau < tau:
        E f_{k+1} <= E f_k - alpha (1 - rho^2)/2 ||grad||^2 + alpha/2 sigma^2 ||W_k||_inf^2/tau^2
                     + L alpha^2 (1 + rho)^2 (||grad||^2 + sigma^2) / 2,
    and for alpha <= (1 - rho^2) / (2 L (1 + rho)^2) the gradient coefficient is <= -alpha (1 - rho^2) / 4, so
        (1/K) sum E||grad f(W_k)||^2 <= 4 Delta/(alpha (1 - rho^2) K) + 2 L alpha (1+rho)^2 sigma^2 / (1 - rho^2)
                                        + 2 sigma^2 S_K / (1 - rho^2),
    S_K = (1/K) sum_k E||W_k||_inf^2 / tau^2. At alpha* = sqrt(2 Delta / (L (1+rho)^2 sigma^2 K)):
        rate = 4 sqrt(2) (1 + rho) sqrt(sigma^2 L Delta / K) / (1 - W_max^2/tau^2),
        asymptotic error = 2 sigma^2 S_K / (1 - W_max^2/tau^2).

    Returns:
        dict with "first_order" (lhs, rhs, certificate, identity), "bound", "alpha_opt", "rate",
        "asymptotic_error" and the same written by hand ("bound_shown", "rate_shown", "error_shown").
    """
    lhs = grad**2 + grad * Mg * w / tau
    rhs = sp.Rational(1, 2) * (1 - w**2 / tau**2) * grad**2 - sp.Rational(1, 2) * s2 * w**2 / tau**2
    excess = sp.Symbol("epsilon_i", nonnegative=True)   # Jensen gap nabla^2 + s^2 - M^2 >= 0 ((E|g|)^2 <= E g^2)
    cert = sp.Rational(1, 2) * (grad + Mg * w / tau) ** 2 + sp.Rational(1, 2) * excess * w**2 / tau**2
    identity = sp.simplify(lhs - rhs - cert.subs(excess, grad**2 + s2 - Mg**2))
    c = 1 - rho**2                                  # the factor (1 - W_max^2 / tau^2)
    avg = sp.Symbol("avg", nonnegative=True)
    # sum of one-step bounds with -alpha c/4 on the gradient: -Delta <= -alpha c/4 K avg + K alpha/2 sigma^2 S_K + K L alpha^2 (1+rho)^2 sigma^2/2
    telescoped = sp.solve(sp.Eq(-Delta + alpha * c / 4 * K * avg - K * alpha / 2 * sigma**2 * S_K
                                - K * L * alpha**2 * (1 + rho) ** 2 * sigma**2 / 2, 0), avg)[0]
    bound = sp.expand(telescoped)
    vanishing = bound.subs(S_K, 0)
    a_opt = [s for s in sp.solve(sp.diff(vanishing, alpha), alpha) if s.is_positive][0]
    rate = sp.simplify(vanishing.subs(alpha, a_opt))
    one_minus = ONE_MINUS_RHO2                     # printed as (1 - rho^2), not expanded
    shown_bound = (4 * Delta / (alpha * one_minus * K) + 2 * L * alpha * (1 + rho) ** 2 * sigma**2 / one_minus
                   + 2 * sigma**2 * S_K / one_minus)
    shown_rate = 4 * sp.sqrt(2) * (1 + rho) * sp.sqrt(sigma**2 * L * Delta / K) / one_minus
    shown_error = 2 * sigma**2 * S_K / one_minus
    for shown, derived in ((shown_bound, bound), (shown_rate, rate), (shown_error, bound - vanishing)):
        assert sp.simplify(shown.subs(one_minus, c) - derived) == 0
    return {"bound_shown": shown_bound, "rate_shown": shown_rate, "error_shown": shown_error,
            "first_order": {"lhs": lhs, "rhs": rhs, "certificate": cert, "identity": identity,
                            "certificate_nonnegative": bool(cert.is_nonnegative)},
            "one_minus_rho2": c, "bound": bound, "alpha_opt": a_opt, "rate": rate,
            "asymptotic_error": sp.simplify(bound - vanishing)}


def digital_bound_value(delta, L_, sigma_, alpha_, K_) -> float:
    """B(alpha) = 2 Delta/(alpha K) + L alpha sigma^2 (requires alpha <= 1/L)."""
    delta, L_, sigma_, alpha_ = (positive(n, v) for n, v in
                                 (("delta", delta), ("L", L_), ("sigma", sigma_), ("alpha", alpha_)))
    if alpha_ > 1 / L_:
        raise ValueError(f"alpha must be <= 1/L = {1 / L_:g} for the bound, got {alpha_:g}")
    return 2 * delta / (alpha_ * K_) + L_ * alpha_ * sigma_**2


def analog_bound_value(delta, L_, sigma_, alpha_, K_, rho_, S_K_) -> float:
    """(4 Delta/(alpha K) + 2 L alpha (1+rho)^2 sigma^2 + 2 sigma^2 S_K) / (1 - rho^2)."""
    rho_ = as_param("rho", rho_, low=0.0, high=1.0, high_inclusive=False)
    c = 1 - rho_**2
    if alpha_ > c / (2 * L_ * (1 + rho_) ** 2):
        raise ValueError(f"alpha must be <= (1 - rho^2)/(2 L (1 + rho)^2) = {c / (2 * L_ * (1 + rho_) ** 2):g}, got {alpha_:g}")
    return 4 * delta / (alpha_ * c * K_) + 2 * L_ * alpha_ * (1 + rho_) ** 2 * sigma_**2 / c + 2 * sigma_**2 * S_K_ / c
