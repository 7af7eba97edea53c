"""Section 8: Tiki-Taka when P's symmetric point p is not 0, zero-shifting, and residual learning (gamma > 0).

1-D quadratic f = L/2 (W - w*)^2, g = L (x - w*) + sigma xi at the query point x = W + gamma P
(AIHWKIT's convention: P accumulates -beta g, W receives +alpha P). P lives on soft bounds of
radius tau around p (q_pm = 1 -+ (P - p)/tau), W on soft bounds around 0:

    P_{k+1} = P_k - beta g_k - beta |g_k| (P_k - p) / tau,
    W_{k+1} = W_k + alpha P_{k+1} - alpha |P_{k+1}| W_k / tau.

Mean field (M = E|g|, N = E|P|, fluctuations of |.| and of the other array neglected), stationary:

    (P)  L (W + gamma P - w*) = -M (P - p) / tau       the gradient's mean balances P's pull to p,
    (W)  P = N W / tau                                 P's mean balances W's pull to 0.

Two linear equations: :func:`mean_field` solves them with sympy. As alpha = beta -> 0, N -> 0
(P's spread is O(sqrt(beta))), so P -> 0 and the query point's offset tends to

    x - w* -> M p / (L tau)   (any gamma),   f - f* -> L/2 (M p / (L tau))^2 ~ sigma^2 (p/tau)^2 / (pi L),

Analog SGD's floor law with w* replaced by p (M -> sigma sqrt(2/pi) for small offsets). The sign is
that of p in AIHWKIT's convention (the opposite convention, P accumulating +beta g, mirrors it).
Zero-shifting replaces p by the error of the reference R, p - R.

Residual learning: with gamma > 0 the forward pass sees x = W + gamma P and P learns the residual
x - W. The mixed weights reach w* (x = w*) exactly when P rests at its symmetric point (P = p, by (P)),
i.e. (by (W)) when p (tau + gamma N) = N w*. For p = 0 that needs N w* = 0, reached as beta -> 0
(the paper's result); for p != 0 and beta -> 0 it fails whatever gamma, since then P -> 0 != p.
Without noise (sigma = 0, M = |g| = 0 at x = w*) (W, P) = (w*, 0) is a fixed point for every p and gamma.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from ..numerics import bisect
from ..numerics import folded_normal_mean as _M
from ._common import L, alpha, beta, positive, sigma, tau, w_star
from .tiki_taka import _lyapunov

p = sp.Symbol("p", real=True)                 # P's symmetric point
gamma = sp.Symbol("gamma", nonnegative=True)  # mixing of P into the forward pass
Mg = sp.Symbol("M", positive=True)            # E|g|
N = sp.Symbol("N", nonnegative=True)          # E|P|
Wb, Pb = sp.symbols("Wbar Pbar", real=True)


@lru_cache(maxsize=None)
def mean_field() -> dict:
    """The stationary means of (W, P) from equations (P) and (W), the query point's offset and its limits.

    Returns:
        {"W_bar", "P_bar", "x_offset" (W + gamma P - w*), "W_offset" (W - w*), "exact_condition"
        (x = w* iff this expression is 0), "limit_offset" (x - w* at N = 0), "limit_floor"
        (L/2 limit_offset^2), "small_offset_floor" (M = sigma sqrt(2/pi))}.

    Example:
        >>> mean_field()["limit_offset"]
        M*p/(L*tau)
    """
    eqs = [sp.Eq(L * (Wb + gamma * Pb - w_star), -Mg * (Pb - p) / tau), sp.Eq(Pb, N * Wb / tau)]
    sol = sp.solve(eqs, [Wb, Pb], dict=True)[0]
    W_bar, P_bar = sp.factor(sol[Wb]), sp.factor(sol[Pb])
    x_off = sp.factor(sp.together(W_bar + gamma * P_bar - w_star))
    numerator = sp.factor(sp.numer(x_off))
    limit = sp.factor(x_off.subs(N, 0))
    floor = L / 2 * limit**2
    small = sp.factor(floor.subs(Mg, sigma * sp.sqrt(2 / sp.pi)))
    assert sp.expand(small - sigma**2 * (p / tau) ** 2 / (sp.pi * L)) == 0
    return {"W_bar": W_bar, "P_bar": P_bar, "x_offset": x_off, "W_offset": sp.factor(sp.together(W_bar - w_star)),
            "exact_condition": numerator, "limit_offset": limit, "limit_floor": floor, "small_offset_floor": small}


def _W_bar(L_, tau_, w_star_, p_, gamma_, M, N_):
    """W_bar of :func:`mean_field` in NumPy: (L w* + M p / tau) / (L (1 + gamma N / tau) + M N / tau^2) (tested
    equal to the sympy solution; written out so that a dashboard does not wait for sympy's solve)."""
    return (L_ * w_star_ + M * p_ / tau_) / (L_ * (1 + gamma_ * N_ / tau_) + M * N_ / tau_**2)


def _P_bar(L_, tau_, w_star_, p_, gamma_, M, N_):
    """P_bar = N W_bar / tau (equation (W)), W_bar from :func:`_W_bar`."""
    return N_ * _W_bar(L_, tau_, w_star_, p_, gamma_, M, N_) / tau_


def _mean_field_numeric():
    """(W_bar, P_bar) of :func:`mean_field` as NumPy functions of (L, tau, w*, p, gamma, M, N)."""
    return _W_bar, _P_bar


def offset_law(sigma_, tau_, L_, p_) -> dict:
    """The alpha = beta -> 0 limit, self-consistently: L e = M(L e, sigma) p / tau with M the folded-normal mean.

    Returns {"offset" e, "floor" L e^2 / 2, "small_p_floor" sigma^2 (p/tau)^2 / (pi L)} (arrays broadcast).

    Example:
        >>> r = offset_law(0.5, 1.0, 1.0, 0.2)
        >>> round(float(r["offset"]), 4), round(float(r["small_p_floor"]), 5)
        (0.0808, 0.00318)
    """
    s, t, l = (positive(n, v) for n, v in (("sigma", sigma_), ("tau", tau_), ("L", L_)))
    p_ = np.asarray(p_, dtype=float)
    s, t, l, pp = (np.array(v, dtype=float) for v in np.broadcast_arrays(s, t, l, p_))
    if np.any(np.abs(pp) >= t):
        raise ValueError("p must lie inside P's range: |p| < tau")
    # e - M(L e) p / (L tau) is increasing in e for |p| < tau (|dM/de| <= L): bisection on a wide bracket
    span = 10 * (s + np.abs(pp)) / l
    e = bisect(lambda e: e - _M(l * e, s) * pp / (l * t), -span, span, iters=100)
    return {"offset": e, "floor": 0.5 * l * e**2, "small_p_floor": s**2 * (pp / t) ** 2 / (np.pi * l)}


def stationary_point(sigma_, tau_, L_, w_star_, p_, alpha_, beta_, gamma_=0.0, *, iters: int = 400) -> dict:
    """Mean-field stationary state of Tiki-Taka with P's symmetric point ``p_`` (and mixing ``gamma_``).

    Means from :func:`mean_field`; fluctuations of (W, P) from the linearised map (Lyapunov equation)
        dP' = (1 - beta M/tau - beta L gamma) dP - beta L dW - beta sigma xi,   dW' = (1 - alpha N/tau) dW + alpha dP',
    M = E|g| (folded normal of N(L (x - w*), sigma^2 + L^2 Var x)), N = E|P| (folded normal of N(P, Var P)),
    iterated to a fixed point. Correlations between |g|, |P| and the states are neglected.

    Returns:
        {"W_bar", "P_bar", "x_bar" (W + gamma P), "offset" (W - w*), "x_offset", "var_W", "var_P",
         "abs_P", "loss_gap" (E f(W) - f* = L/2 (offset^2 + Var W)), "x_loss_gap" (at the query point)}.
    """
    s, t, l, a, b = (positive(n, v) for n, v in
                     (("sigma", sigma_), ("tau", tau_), ("L", L_), ("alpha", alpha_), ("beta", beta_)))
    ws, pp, gm = (np.asarray(v, dtype=float) for v in (w_star_, p_, gamma_))
    s, t, l, a, b, ws, pp, gm = (np.array(v, dtype=float) for v in np.broadcast_arrays(s, t, l, a, b, ws, pp, gm))
    W_f, P_f = _mean_field_numeric()
    Q = (b**2 * s**2)[..., None, None] * np.stack([np.stack([a**2, a], -1), np.stack([a, np.ones_like(a)], -1)], -2)
    M, Nv, S = s * np.sqrt(2 / np.pi), np.abs(pp), np.zeros(s.shape + (2, 2))
    for _ in range(iters):
        W, P = W_f(l, t, ws, pp, gm, M, Nv), P_f(l, t, ws, pp, gm, M, Nv)
        kP = 1 - b * M / t - b * l * gm
        if np.any(np.abs(kP) >= 1) or np.any(2 * t * M <= b * s**2):
            raise ValueError("beta too large for a stationary P (need beta (E|g|/tau + L gamma) < 2)")
        J = np.stack([np.stack([1 - a * Nv / t - a * b * l, a * kP], -1), np.stack([-b * l, kP], -1)], -2)
        S = _lyapunov(J, Q)
        var_x = S[..., 0, 0] + 2 * gm * S[..., 0, 1] + gm**2 * S[..., 1, 1]
        M_new = _M(l * (W + gm * P - ws), np.sqrt(s**2 + l**2 * var_x))
        N_new = _M(P, np.sqrt(S[..., 1, 1]))
        done = np.max(np.abs(M_new - M)) < 1e-14 and np.max(np.abs(N_new - Nv)) < 1e-14
        M, Nv = M_new, N_new
        if done:
            break
    off, x_off = W - ws, W + gm * P - ws
    return {"W_bar": W, "P_bar": P, "x_bar": W + gm * P, "offset": off, "x_offset": x_off, "var_W": S[..., 0, 0],
            "var_P": S[..., 1, 1], "abs_P": Nv, "loss_gap": 0.5 * l * (off**2 + S[..., 0, 0]),
            "x_loss_gap": 0.5 * l * (x_off**2 + var_x)}
