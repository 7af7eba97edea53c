"""Section 6: Tiki-Taka's fixed point, its linearised mean dynamics and why no floor remains.

1-D quadratic f = L/2 (W - w*)^2, both arrays soft bounds with radius tau and symmetric point 0,
gamma = 0, transfer every step (paper's toy runs), in AIHWKIT's sign convention (P accumulates -beta g):

    P_{k+1} = P_k - beta g_k - beta |g_k| P_k / tau,          g_k = L (W_k - w*) + sigma xi_k,
    W_{k+1} = W_k + alpha P_{k+1} - alpha |P_{k+1}| W_k / tau.

Mean dynamics. Replace |g| by its mean M (= sigma sqrt(2/pi) near the critical point) and |P|
by its mean E|P|: P is damped at rate beta c with c = M/tau, W at rate alpha d with d = E|P|/tau.
With e = W - w*:

    P_{k+1} = (1 - beta c) P_k - beta L e_k,
    e_{k+1} = (1 - alpha d) e_k + alpha P_{k+1} - alpha d w*.

Fixed point: P = -L e / c and e = -w* c d / (L + c d). At d = 0 it is (W, P) = (w*, 0): a
critical point of f with P at its symmetric point. The residual offset is set by d = E|P|/tau,
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

e, P = sp.symbols("e P", real=True)
cP = sp.Symbol("c", positive=True)      # damping of P: E|g| / tau
dW = sp.Symbol("d", nonnegative=True)   # damping of W: E|P| / tau
lam = sp.Symbol("lambda")


@lru_cache(maxsize=None)
def mean_dynamics() -> dict:
    """Linearised mean map of (e, P), its fixed point, Jacobian, characteristic polynomial and Jury conditions.

    Jury's criterion for p(lambda) = lambda^2 - T lambda + D (both roots inside the unit circle):
    p(1) = 1 - T + D > 0, p(-1) = 1 + T + D > 0, |D| < 1. Here
        D = (1 - alpha d)(1 - beta c),  T = 2 - alpha d - beta c - alpha beta L,
        p(1) = alpha beta (L + c d) > 0 always,
        p(-1) = 4 - 2 alpha d - 2 beta c - alpha beta L + alpha beta c d > 0,
        |D| < 1 holds for 0 < alpha d < 2 and 0 < beta c < 2 (not both damping-free).
    Without noise (c = d = 0) D = 1: the mean dynamics is a pure rotation, the |.| terms
    (second order at the fixed point) provide the damping.
    """
    P_new = (1 - beta * cP) * P - beta * L * e
    e_new = (1 - alpha * dW) * e + alpha * P_new - alpha * dW * w_star
    sol = sp.solve([sp.Eq(P_new, P), sp.Eq(e_new, e)], [e, P], dict=True)[0]
    J = sp.Matrix([[sp.diff(e_new, e), sp.diff(e_new, P)], [sp.diff(P_new, e), sp.diff(P_new, P)]])
    T, D = sp.simplify(J.trace()), sp.factor(J.det())
    charpoly = sp.expand(lam**2 - T * lam + D)
    assert sp.simplify(charpoly - J.charpoly(lam).as_expr()) == 0
    return {"P_next": P_new, "e_next": e_new, "fixed_point": {k: sp.simplify(v) for k, v in sol.items()},
            "jacobian": J, "trace": T, "det": D, "charpoly": charpoly,
            "jury": {"p(1)": sp.factor(1 - T + D), "p(-1)": sp.expand(1 + T + D), "det": D},
            "noiseless_det": D.subs({cP: 0, dW: 0})}


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


def _lyapunov(J: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Stationary covariance S = J S J^T + Q of x_{k+1} = J x_k + noise (batched 2x2)."""
    n = J.shape[-1]
    kron = np.einsum("...ij,...kl->...ikjl", J, J).reshape(J.shape[:-2] + (n * n, n * n))
    vec = np.linalg.solve(np.eye(n * n) - kron, Q.reshape(Q.shape[:-2] + (n * n, 1)))[..., 0]
    return vec.reshape(Q.shape)


def stationary_point(sigma_, tau_, L_, w_star_, alpha_, beta_, *, iters: int = 300) -> dict:
    """Self-consistent stationary mean and fluctuations of Tiki-Taka on the 1-D instance (mean field).

    Unknowns W_bar, mu_P = E P, E|P| and the covariance of (e, P), solved by fixed-point iteration of
        mu_P = E|P| W_bar / tau                           (W stationary),
        L (W_bar - w*) = -M mu_P / tau,  M = E|g|          (P stationary),
        Cov(e, P) = J Cov J^T + Q                          (linearised fluctuations, Lyapunov),
        E|P| = folded-normal mean of N(mu_P, Var P),   M = folded-normal mean of N(L (W_bar - w*), sigma^2 + L^2 Var W),
    with J the Jacobian of :func:`mean_dynamics` at c = M/tau, d = E|P|/tau and the noise covariance
    Q = beta^2 sigma^2 [[alpha^2, alpha], [alpha, 1]] (the noise -beta sigma xi enters P and, through
    alpha P_{k+1}, W). Correlations between |P| and W are neglected (a higher-order effect).

    Returns:
        {"W_bar", "offset" (W_bar - w*), "mean_P", "abs_P", "var_P", "var_W",
         "loss_gap" (L/2 (offset^2 + Var W))}.
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
        S = _lyapunov(J, Q)
        var_W, var_P = S[..., 0, 0], S[..., 1, 1]
        mu_P = abs_P * W / t
        abs_P = _M(mu_P, np.sqrt(var_P))
        W = ws / (1 + M * abs_P / (l * t * t))     # L (W - w*) = -M E|P| W / tau^2
    off = W - ws
    return {"W_bar": W, "offset": off, "mean_P": abs_P * W / t, "abs_P": abs_P, "var_P": var_P,
            "var_W": var_W, "loss_gap": 0.5 * l * (off**2 + var_W)}
