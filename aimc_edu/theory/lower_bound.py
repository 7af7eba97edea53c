"""Section 5: the lower-bound instance, a 1-D quadratic with Gaussian gradient noise.

f(w) = L/2 (w - w*)^2,  g = L (w - w*) + sigma xi,  xi ~ N(0, 1), and Analog SGD on a
soft-bounds device with symmetric point 0:  w_{k+1} = w_k - alpha g_k - (alpha/tau) |g_k| w_k.
The mean dynamics w_{k+1} - w_k = -alpha h(w_k) has the drift

    h(w) = E[g] + E[|g|] w / tau = L (w - w*) + M(m) w / tau,   m = L (w - w*),

with the folded-normal mean  M(m) = E|g| = sigma sqrt(2/pi) exp(-m^2 / (2 sigma^2)) + m erf(m / (sigma sqrt 2)).
Its root w_bar (unique in (-tau, tau)) is where Analog SGD settles as alpha -> 0; the floor
f(w_bar) - f* = L/2 (w_bar - w*)^2 does not vanish with alpha. Paper: Table 1, lower bound.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from .._validate import as_param
from ..numerics import bisect, erf, folded_normal_mean as _M, folded_normal_moments as _moments
from ._common import L, kappa, m, positive, sigma, tau, w, w_star

_zeta = sp.Symbol("zeta", real=True)         # integration variable of the folded-normal integrals
x = sp.Symbol("x", real=True)                 # w / tau, the weight in units of the range
x_star = sp.Symbol("x^*", positive=True)      # w* / tau, the optimum in units of the range (the saturation)


@lru_cache(maxsize=None)
def folded_normal_moments() -> dict:
    """E|g|, E[g|g|] and E[g^2] for g ~ N(m, sigma^2), integrated by sympy (about 1 s, cached).

    Returns:
        {"E|g|": ..., "E[g|g|]": ..., "E[g^2]": ...}, sympy expressions in m and sigma.
    """
    pdf = folded_normal_pdf()

    def e_abs(k):  # E[g^k |g|] = int_0^oo zeta^(k+1) pdf - int_-oo^0 zeta^(k+1) pdf
        expr = (sp.integrate(_zeta ** (k + 1) * pdf, (_zeta, 0, sp.oo))
                - sp.integrate(_zeta ** (k + 1) * pdf, (_zeta, -sp.oo, 0)))
        return sp.simplify(expr.rewrite(sp.erf))

    return {"E|g|": e_abs(0), "E[g|g|]": e_abs(1), "E[g^2]": m**2 + sigma**2}


def folded_normal_pdf() -> sp.Expr:
    """The density of g ~ N(m, sigma^2) in the integration variable zeta."""
    return sp.exp(-(_zeta - m) ** 2 / (2 * sigma**2)) / (sigma * sp.sqrt(2 * sp.pi))


def folded_normal_mean() -> sp.Expr:
    """M(m) = E|g| = sigma sqrt(2/pi) exp(-m^2/(2 sigma^2)) + m erf(m/(sigma sqrt 2)).

    Example:
        >>> M = folded_normal_mean()
        >>> sp.simplify(M.subs(m, 0))
        sqrt(2)*sigma/sqrt(pi)
    """
    return folded_normal_moments()["E|g|"]


def analog_drift() -> sp.Expr:
    """h(w) = L (w - w*) + M(L (w - w*)) w / tau: minus the mean step of Analog SGD per unit alpha."""
    return L * (w - w_star) + folded_normal_mean().subs(m, L * (w - w_star)) * w / tau


def stationary_condition() -> sp.Eq:
    """The equation E[g] + E[|g|] w / tau = 0 whose root is the small-lr stationary point."""
    return sp.Eq(analog_drift(), 0)


@lru_cache(maxsize=None)
def small_saturation_root() -> dict:
    """Leading order of the root for small saturation w*/tau (sympy).

    There m = L (w - w*) = O(sigma w*/tau), so M = sigma sqrt(2/pi) + O(m^2/sigma) and the
    drift is linear in w:  L (w - w*) + sigma sqrt(2/pi) w / tau = 0, giving

        w_bar = w* / (1 + kappa),  kappa = sigma sqrt(2/pi) / (L tau),
        f - f* = L/2 (w_bar - w*)^2 = L/2 w*^2 kappa^2 / (1 + kappa)^2  ~  sigma^2 (w*/tau)^2 / (pi L),
        |grad f|^2 = L^2 (w_bar - w*)^2  ~  (2/pi) sigma^2 (w*/tau)^2.

    Returns:
        dict with "M0" (M at m = 0), "linear_drift", "w_bar", "kappa", "floor", "grad_floor",
        "floor_leading", "grad_floor_leading" (the sigma^2 (w*/tau)^2 forms) and
        "ratio_limit" = lim_{w*/tau -> 0} floor / (sigma^2 (w*/tau)^2) = 1/(pi L).
    """
    M = folded_normal_mean()
    M0 = sp.simplify(M.subs(m, 0))
    M2 = sp.simplify(sp.diff(M, m, 2).subs(m, 0) / 2)       # M = M0 + M2 m^2 + O(m^4)
    drift = L * (w - w_star) + M0 * w / tau
    w_bar = sp.simplify(sp.solve(sp.Eq(drift, 0), w)[0])
    kappa = M0 / (L * tau)
    floor = sp.simplify(L / 2 * (w_bar - w_star) ** 2)
    grad_floor = sp.simplify(L**2 * (w_bar - w_star) ** 2)
    s = sp.Symbol("s", positive=True)                        # saturation w*/tau
    ratio = sp.limit(floor.subs(w_star, s * tau) / (sigma**2 * s**2), tau, sp.oo)
    return {"M0": M0, "M2": M2, "linear_drift": drift, "w_bar": w_bar, "kappa": sp.simplify(kappa),
            "floor": floor, "grad_floor": grad_floor,
            "floor_leading": sigma**2 * (w_star / tau) ** 2 / (sp.pi * L),
            "grad_floor_leading": 2 / sp.pi * sigma**2 * (w_star / tau) ** 2,
            "ratio_limit": sp.simplify(ratio)}


@lru_cache(maxsize=None)
def floor_correction() -> dict:
    """The next order of the root in the saturation x* = w*/tau, at fixed kappa (sympy).

    In units of the range (w = tau x, w* = tau x*, sigma = kappa L tau sqrt(pi/2)) the drift divided by
    L tau depends on x, x* and kappa only:

        phi(x) = (x - x*) + x [kappa exp(-(x - x*)^2 / (pi kappa^2)) + (x - x*) erf((x - x*) / (kappa sqrt pi))].

    phi is odd under (x, x*) -> (-x, -x*), so the root is x_bar = a_1 x* + a_3 x*^3 + O(x*^5); matching
    powers of x* gives a_1 = 1/(1 + kappa) and a_3 = -kappa / (pi (1 + kappa)^4), hence

        f(w_bar) - f* = sigma^2 x*^2 / (pi L (1 + kappa)^2) * (1 + (2/pi) x*^2 / (1 + kappa)^3 + O(x*^4)):

    the leading-order floor always underestimates, by the relative amount (2/pi) x*^2/(1 + kappa)^3.

    Returns:
        {"phi", "a1", "a3", "x_bar" (series), "floor_ratio" (floor / (L tau^2/2), series),
         "relative_correction"}.
    """
    u = x - x_star
    phi = u + x * (kappa * sp.exp(-u**2 / (sp.pi * kappa**2)) + u * sp.erf(u / (kappa * sp.sqrt(sp.pi))))
    a1, a3, eps = sp.symbols("a_1 a_3 epsilon", real=True)
    trial = phi.subs({x: a1 * eps * x_star + a3 * (eps * x_star) ** 3, x_star: eps * x_star}, simultaneous=True)
    series = sp.expand(sp.series(trial, eps, 0, 4).removeO())
    s1 = sp.solve(series.coeff(eps, 1), a1)[0]
    s3 = sp.solve(series.coeff(eps, 3).subs(a1, s1), a3)[0]
    x_bar = s1 * x_star + s3 * x_star**3
    ratio = sp.expand(sp.series((x_bar - x_star) ** 2, x_star, 0, 5).removeO())   # (x_bar - x*)^2 to O(x*^4)
    leading = ratio.coeff(x_star, 2) * x_star**2
    return {"phi": phi, "a1": sp.simplify(s1), "a3": sp.factor(s3), "x_bar": x_bar, "floor_ratio": ratio,
            "relative_correction": sp.factor(sp.simplify((ratio - leading) / leading))}


# ---- numeric side -------------------------------------------------------------------------

def _check(sigma_, tau_, L_, w_star_):
    return (positive("sigma", sigma_), positive("tau", tau_), positive("L", L_), as_param("w_star", w_star_))


def stationary_point(sigma_, tau_, L_, w_star_, *, iters: int = 200) -> np.ndarray:
    """Root w_bar in (-tau, tau) of h(w) = L (w - w*) + M(L (w - w*)) w / tau (vectorised bisection).

    h is increasing on (-tau, tau) (h' >= L (1 - |w|/tau) + M/tau > 0) with h(-tau) <= 0 <= h(tau),
    so the root is unique.

    Example:
        >>> round(float(stationary_point(1.0, 1.0, 1.0, 0.0)), 12)
        0.0
    """
    s, t, l, ws = np.broadcast_arrays(*map(np.asarray, _check(sigma_, tau_, L_, w_star_)))
    return bisect(lambda x: l * (x - ws) + _M(l * (x - ws), s) * x / t, -t, t, iters=iters)


def analog_floor(sigma_, tau_, L_, w_star_) -> dict:
    """Small-lr floor of Analog SGD on the 1-D instance: f - f* = L/2 (w_bar - w*)^2, |grad f|^2 = L^2 (w_bar - w*)^2."""
    s, t, l, ws = _check(sigma_, tau_, L_, w_star_)
    wb = stationary_point(s, t, l, ws)
    return {"w_bar": wb, "loss_gap": 0.5 * l * (wb - ws) ** 2, "grad_norm_sq": (l * (wb - ws)) ** 2}


def analog_floor_orders(sigma_, tau_, L_, w_star_) -> dict:
    """The small-lr floor three ways: "exact" (the root w_bar), "leading" sigma^2 (w*/tau)^2 / (pi L (1 + kappa)^2)
    and "corrected" = leading (1 + (2/pi) (w*/tau)^2 / (1 + kappa)^3) (:func:`floor_correction`).

    Example:
        >>> r = analog_floor_orders(0.1, 1.0, 1.0, 0.4)
        >>> bool(r["leading"] < r["corrected"] < r["exact"])
        True
    """
    s, t, l, ws = _check(sigma_, tau_, L_, w_star_)
    k = s * np.sqrt(2 / np.pi) / (l * t)
    sat = np.asarray(ws, float) / t
    leading = s**2 * sat**2 / (np.pi * l * (1 + k) ** 2)
    return {"exact": analog_floor(s, t, l, ws)["loss_gap"], "leading": leading, "kappa": k,
            "corrected": leading * (1 + 2 / np.pi * sat**2 / (1 + k) ** 3)}


def analog_stationary_moments(sigma_, tau_, L_, w_star_, alpha_) -> dict:
    """Stationary mean and variance of Analog SGD at finite alpha, to first order in alpha.

    Write w_{k+1} = w_k - alpha h(w_k) + alpha n_k with the zero-mean noise
    n = -(g - m) - (|g| - M) w / tau. Linearising around w_bar:

        Var(w)  = alpha v / (h' (2 - alpha h')),  v = Var(g + |g| w_bar / tau),
        E[w]    = w_bar - h'' Var(w) / (2 h')     (from E[h(w)] = 0 to second order),
        E[f - f*] = L/2 ((E[w] - w*)^2 + Var(w)).

    v uses Var|g| = m^2 + sigma^2 - M^2 and Cov(g, |g|) = E[g|g|] - m M, with
    E[g|g|] = (m^2 + sigma^2) erf(m/(sigma sqrt 2)) + m sigma sqrt(2/pi) exp(-m^2/(2 sigma^2)).
    The neglected terms are O(alpha^2).

    Returns:
        dict with "w_bar", "mean", "mean_correction" (E[w] - w_bar), "var", "loss_gap", "grad_norm_sq", "h1", "v".
    """
    s, t, l, ws = _check(sigma_, tau_, L_, w_star_)
    a = positive("alpha", alpha_)
    wb = stationary_point(s, t, l, ws)
    mm = l * (wb - ws)
    mom = _moments(mm, s)
    M = mom["E|g|"]
    E = erf(mm / (s * np.sqrt(2)))
    gauss = np.sqrt(2 / np.pi) * np.exp(-mm**2 / (2 * s**2))
    h1 = l + l * E * wb / t + M / t                                   # h'(w_bar)
    h2 = l * l * (gauss / s) * wb / t + 2 * l * E / t                  # h''(w_bar)
    c = wb / t
    v = s**2 + c**2 * mom["Var|g|"] + 2 * c * mom["Cov(g,|g|)"]
    if np.any(a * h1 >= 1):
        raise ValueError(f"alpha must be < 1/h'(w_bar) = {float(np.min(1 / h1)):.3g} for the small-alpha expansion "
                         f"(got alpha h' up to {float(np.max(a * h1)):.3g}); lower alpha, L or sigma^2, or raise tau")
    var = a * v / (h1 * (2 - a * h1))
    mean = wb - h2 * var / (2 * h1)
    return {"w_bar": wb, "mean": mean, "mean_correction": mean - wb, "var": var, "h1": h1, "v": v,
            "loss_gap": 0.5 * l * ((mean - ws) ** 2 + var),
            "grad_norm_sq": l**2 * ((mean - ws) ** 2 + var)}
