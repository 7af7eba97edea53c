"""Section 6: Tiki-Taka's fixed point, its linearised mean dynamics and why no floor remains.

1-D quadratic f = L/2 (W - w*)^2, both arrays soft bounds with radius tau and symmetric point 0,
gamma = 0, transfer every step (paper's toy runs), in AIHWKIT's sign convention (P accumulates -beta g):

    P_{k+1} = P_k - beta g_k - beta |g_k| P_k / tau,          g_k = L (W_k - w*) + sigma xi_k,
    W_{k+1} = W_k + alpha P_{k+1} - alpha |P_{k+1}| W_k / tau.

Mean dynamics. Replace |g| by its mean M (= sigma sqrt(2/pi) near the critical point) and |P|
by its mean E|P|: P is damped at rate beta eta_P with eta_P = M/tau, W at rate alpha eta_W with
eta_W = E|P|/tau. With e = W - w*:

    P_{k+1} = (1 - beta eta_P) P_k - beta L e_k,
    e_{k+1} = (1 - alpha eta_W) e_k + alpha P_{k+1} - alpha eta_W w*.

Fixed point: P = -L e / eta_P and e = -w* eta_P eta_W / (L + eta_P eta_W). At eta_W = 0 it is
(W, P) = (w*, 0): a critical point of f with P at its symmetric point. The residual offset is set by eta_W = E|P|/tau,
the *fast array's* saturation, and E|P| ~ sqrt(beta sigma tau) -> 0 as beta -> 0: unlike
Analog SGD, whose offset w* kappa/(1 + kappa) with kappa = M/(L tau) does not depend on alpha,
Tiki-Taka's offset (and hence its floor) vanishes with the fast learning rate.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import sympy as sp

from .._validate import as_param
from ._common import L, alpha, beta, positive, sigma, tau, w_star
from ..numerics import folded_normal_mean as _M
from .stationary import discrete_lyapunov

_lyapunov = discrete_lyapunov   # the name theory.offsets (notebook 07) imports: S = J S J^T + Q, batched

e, P = sp.symbols("e P", real=True)
eta_P = sp.Symbol("eta_P", positive=True)      # damping of P per unit beta: E|g| / tau
eta_W = sp.Symbol("eta_W", nonnegative=True)   # damping of W per unit alpha: E|P| / tau
mu = sp.Symbol("mu")                           # an eigenvalue of the mean map's Jacobian
gamma = sp.Symbol("gamma", nonnegative=True)   # mixing: the forward pass sees W + gamma P


@lru_cache(maxsize=None)
def mean_dynamics() -> dict:
    """Linearised mean map of (e, P), its fixed point, Jacobian, characteristic polynomial and Jury conditions.

    Jury's criterion for p(mu) = mu^2 - T mu + D (both roots inside the unit circle):
    p(1) = 1 - T + D > 0, p(-1) = 1 + T + D > 0, |D| < 1. Here
        D = (1 - alpha eta_W)(1 - beta eta_P),  T = 2 - alpha eta_W - beta eta_P - alpha beta L,
        p(1) = alpha beta (L + eta_P eta_W) > 0 always,
        p(-1) = 4 - 2 alpha eta_W - 2 beta eta_P - alpha beta L + alpha beta eta_P eta_W > 0,
        |D| < 1 holds for 0 < alpha eta_W < 2 and 0 < beta eta_P < 2 (not both damping-free).
    Without noise (eta_P = eta_W = 0) D = 1: the mean dynamics is a pure rotation, the |.| terms
    (second order at the fixed point) provide the damping.
    """
    P_new = (1 - beta * eta_P) * P - beta * L * e
    e_new = (1 - alpha * eta_W) * e + alpha * P_new - alpha * eta_W * w_star
    sol = sp.solve([sp.Eq(P_new, P), sp.Eq(e_new, e)], [e, P], dict=True)[0]
    J = sp.Matrix([[sp.diff(e_new, e), sp.diff(e_new, P)], [sp.diff(P_new, e), sp.diff(P_new, P)]])
    T, D = sp.simplify(J.trace()), sp.factor(J.det())
    charpoly = sp.expand(mu**2 - T * mu + D)
    assert sp.simplify(charpoly - J.charpoly(mu).as_expr()) == 0
    return {"P_next": P_new, "e_next": e_new, "fixed_point": {k: sp.simplify(v) for k, v in sol.items()},
            "jacobian": J, "trace": T, "det": D, "charpoly": charpoly,
            "jury": {"p(1)": sp.factor(1 - T + D), "p(-1)": sp.expand(1 + T + D), "det": D},
            "noiseless_det": D.subs({eta_P: 0, eta_W: 0})}


@lru_cache(maxsize=None)
def friction() -> dict:
    """Tiki-Taka on ideal devices (F = 1, G = 0): gamma is the only friction of the (e, P) pair.

    With the forward pass at W + gamma P: g = L (e + gamma P) + noise, so
        P_{k+1} = (1 - beta gamma L) P_k - beta L e_k,   e_{k+1} = e_k + alpha P_{k+1},
    whose Jacobian has det = 1 - beta gamma L: at gamma = 0 both eigenvalues lie on the unit circle
    (|mu| = 1, a pure rotation: the noise is never damped and E f grows without bound), for
    0 < beta gamma L < 1 and small alpha they form a pair of modulus sqrt(1 - beta gamma L) < 1.

    Returns:
        {"P_next", "e_next", "jacobian", "det", "modulus" (sqrt(det), the modulus of a complex pair)}.
    """
    P_new = (1 - beta * gamma * L) * P - beta * L * e
    e_new = e + alpha * P_new
    J = sp.Matrix([[sp.diff(e_new, e), sp.diff(e_new, P)], [sp.diff(P_new, e), sp.diff(P_new, P)]])
    det = sp.factor(J.det())
    return {"P_next": P_new, "e_next": e_new, "jacobian": J, "det": det, "modulus": sp.sqrt(det)}


@lru_cache(maxsize=None)
def fast_array_second_moment() -> sp.Expr:
    """E[P^2] at the critical point (E g = 0, E g^2 = sigma^2, g independent of P_k):

    E P^2 = E(1 - beta |g|/tau)^2 E P^2 + beta^2 sigma^2  =>  E P^2 = beta sigma^2 tau^2 / (2 tau M - beta sigma^2),
    M = sigma sqrt(2/pi). For small beta: E P^2 ~ beta sigma tau sqrt(pi/2) / 2, so E|P| = O(sqrt(beta)).
    """
    V = sp.Symbol("V", positive=True)
    M = sigma * sp.sqrt(2 / sp.pi)
    ratio = sp.expand(1 - 2 * beta * M / tau + beta**2 * sigma**2 / tau**2)  # E(1 - beta|g|/tau)^2
    solved = sp.solve(sp.Eq(V, ratio * V + beta**2 * sigma**2), V)[0]
    shown = sp.sqrt(sp.pi) * beta * sigma * tau**2 / (2 * sp.sqrt(2) * tau - sp.sqrt(sp.pi) * beta * sigma)
    assert sp.simplify(solved - shown) == 0
    return shown


def stationary_point(sigma_, tau_, L_, w_star_, alpha_, beta_, *, iters: int = 300) -> dict:
    """Stationary mean of Tiki-Taka's W and of P on the 1-D instance, in the mean-field approximation.

    Unknowns W_bar, P_bar = E P, E|P| (and, as a means to E|P|, the covariance of (e, P)), solved by
    fixed-point iteration of
        P_bar = E|P| W_bar / tau                          (W stationary, Cov(|P|, W) dropped),
        L (W_bar - w*) = -M P_bar / tau,  M = E|g|         (P stationary),
        Cov(e, P) = J Cov J^T + Q                          (linearised fluctuations, Lyapunov),
        E|P| = folded-normal mean of N(P_bar, Var P),  M = folded-normal mean of N(L (W_bar - w*), sigma^2 + L^2 Var W),
    with J the Jacobian of :func:`mean_dynamics` at eta_P = M/tau, eta_W = E|P|/tau and the noise
    covariance Q = beta^2 sigma^2 [[alpha^2, alpha], [alpha, 1]].

    What is checked (tests/test_theory.py, long runs): the offset W_bar - w*, P_bar and E|P|, whose
    only neglected term is Cov(|P|, W) in the first equation (measured below 1% of E|P| W_bar up to
    w*/tau = 0.8). The variance of W is NOT returned: this linearisation lets P move W with gain 1,
    while |P| W / tau makes the gain 1 - (W_bar/tau) Cov(|P|, P)/Var P, an O((w*/tau)^2) effect that
    put the predicted Var W (and so the floor) up to 57% too high at w*/tau = 0.8 (simulated).

    Returns:
        {"W_bar", "offset" (W_bar - w*), "mean_P" (P_bar), "abs_P" (E|P|)}.
    """
    s, t, l, a, b = (positive(n, v) for n, v in
                     (("sigma", sigma_), ("tau", tau_), ("L", L_), ("alpha", alpha_), ("beta", beta_)))
    ws = np.asarray(as_param("w_star", w_star_), dtype=float)
    s, t, l, a, b, ws = (np.array(x, dtype=float) for x in np.broadcast_arrays(s, t, l, a, b, ws))
    W, abs_P, var_W = ws.copy(), np.zeros_like(ws), np.zeros_like(ws)
    Q = (b**2 * s**2)[..., None, None] * np.stack([np.stack([a**2, a], -1), np.stack([a, np.ones_like(a)], -1)], -2)
    for _ in range(iters):
        sg2 = s**2 + l**2 * var_W
        M = _M(l * (W - ws), np.sqrt(sg2))
        if np.any(2 * t * M <= b * s**2):
            raise ValueError("beta must be < 2 tau E|g| / sigma^2 (about 1.6 tau / sigma) for P to have a "
                             f"stationary variance, got beta up to {float(np.max(b)):g}")
        c, d = M / t, abs_P / t
        J = np.stack([np.stack([1 - a * d - a * b * l, a * (1 - b * c)], -1),
                      np.stack([-b * l, 1 - b * c], -1)], -2)
        S = discrete_lyapunov(J, Q)
        var_W, var_P = S[..., 0, 0], S[..., 1, 1]
        mu_P = abs_P * W / t
        abs_P = _M(mu_P, np.sqrt(var_P))
        W = ws / (1 + M * abs_P / (l * t * t))     # L (W - w*) = -M E|P| W / tau^2
    off = W - ws
    return {"W_bar": W, "offset": off, "mean_P": abs_P * W / t, "abs_P": abs_P}
