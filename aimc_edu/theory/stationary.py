"""Stationary laws of the three algorithms on a quadratic, in the linear-Gaussian (mean-field) approximation.

On f(W) = 1/2 (W - w*)^T H (W - w*) with g = H (W - w*) + sigma xi (the course's toy problems):

* :func:`penalised_minimiser` -- the root W_bar of Analog SGD's mean drift
  h(W) = H (W - w*) + E|g| . W / tau, i.e. the minimiser of the implicitly penalised objective
  f(W) + sum_i E|g_i| W_i^2 / (2 tau) (with E|g_i| frozen at the root);
* :func:`box_optimum` -- the best value reachable inside the device range |W_i| <= tau;
* :func:`digital_law`, :func:`analog_law`, :func:`tiki_taka_law` -- mean and covariance of the
  stationary iterates: exact for digital SGD (a Gaussian AR(1) process), linearised around the mean
  field for Analog SGD and Tiki-Taka (used to *start* simulations in the stationary regime, whose
  floors the simulation then measures; the simulation, not this approximation, is what is shown).

Everything is NumPy and batched: leading axes of ``sigma``, ``tau``, ``lr`` broadcast.
"""

from __future__ import annotations

import numpy as np

from .._validate import choice
from ..numerics import erf, folded_normal_mean as _M, folded_normal_moments as _moments


LYAPUNOV_METHODS = ("auto", "kronecker", "doubling")


def discrete_lyapunov(A: np.ndarray, Q: np.ndarray, tol: float = 1e-13, max_doublings: int = 64,
                      method: str = "auto") -> np.ndarray:
    """S solving S = A S A^T + Q (batched over leading axes), i.e. S = sum_k A^k Q (A^T)^k.

    Requires the spectral radius of A below 1. Two methods, the same S to round-off (tested):

    * ``"kronecker"``: the n^2 linear equations (I - A (x) A) vec S = vec Q, solved directly, after
      checking the eigenvalues of A. Exact and cheapest for small n (cost n^6); ``"auto"`` takes it
      for n <= 6 (the 2 x 2 laws of the 1-D theory, iterated hundreds of times).
    * ``"doubling"``: S_{2m} = S_m + A^m S_m (A^m)^T, A^{2m} = A^m A^m until the added term is below
      ``tol`` relative to S (log2 of the relaxation time many products of n x n matrices; ``"auto"``
      for n > 6).

    Example:
        >>> float(discrete_lyapunov(np.array([[0.5]]), np.array([[3.0]]))[0, 0])   # 3 / (1 - 0.25)
        4.0
    """
    method = choice("method", method, LYAPUNOV_METHODS)
    A, Q = np.asarray(A, dtype=float), np.asarray(Q, dtype=float)
    n = A.shape[-1]
    if method == "kronecker" or (method == "auto" and n <= 6):
        return _lyapunov_kronecker(A, Q)
    return _lyapunov_doubling(A, Q, tol, max_doublings)


def _unstable() -> ValueError:
    return ValueError("discrete_lyapunov: the iteration matrix is not stable (spectral radius >= 1)")


def _lyapunov_kronecker(A: np.ndarray, Q: np.ndarray) -> np.ndarray:
    n = A.shape[-1]
    with np.errstate(over="ignore", invalid="ignore"):
        radius = np.abs(np.linalg.eigvals(A)).max(initial=0.0) if np.all(np.isfinite(A)) else np.inf
    if not radius < 1:
        raise _unstable()
    batch = np.broadcast_shapes(A.shape[:-2], Q.shape[:-2])
    K = np.einsum("...ik,...jl->...ijkl", A, A).reshape(A.shape[:-2] + (n * n, n * n))   # (A S A^T)_ij = K vec S
    rhs = np.broadcast_to(Q, batch + (n, n)).reshape(batch + (n * n, 1))
    S = np.linalg.solve(np.eye(n * n) - K, rhs).reshape(batch + (n, n))
    return 0.5 * (S + np.swapaxes(S, -1, -2))


def _lyapunov_doubling(A: np.ndarray, Q: np.ndarray, tol: float, max_doublings: int) -> np.ndarray:
    S, Ak = np.array(Q, dtype=float), np.array(A, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(max_doublings):
            add = Ak @ S @ np.swapaxes(Ak, -1, -2)
            S = S + add
            Ak = Ak @ Ak
            if not np.all(np.isfinite(S)):
                break
            if np.all(np.abs(add) <= tol * np.maximum(np.abs(S), 1e-300)):
                return 0.5 * (S + np.swapaxes(S, -1, -2))
    raise _unstable()


def _batch(*arrays):
    return np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))


def penalised_minimiser(H, w_star, sigma, tau, iters: int = 60, tol: float = 1e-15) -> np.ndarray:
    """Root W_bar of h(W) = H (W - w*) + M(m, sigma) . W / tau, m = H (W - w*) (Newton, batched).

    M(m, sigma) = E|g| per coordinate (folded-normal mean). It is the minimiser of
    f(W) + sum_i M_i W_i^2 / (2 tau) with M frozen at W_bar: Analog SGD is SGD on that penalised
    objective. ``sigma`` and ``tau`` broadcast over leading axes (result: (*batch, d)); sigma = 0
    gives W_bar = w* where w* lies inside the range, and a point on the bound where it does not.
    Stops once max |h| <= ``tol`` everywhere (Newton converges quadratically: a few iterations).

    Example:
        >>> H = np.eye(1); w = penalised_minimiser(H, np.array([0.5]), 1e-9, 1.0)
        >>> round(float(w[0]), 6)
        0.5
    """
    H, w_star = np.asarray(H, float), np.asarray(w_star, float)
    sig, t = _batch(sigma, tau)
    sig, t = sig[..., None], t[..., None]
    s = np.maximum(sig, 1e-12)
    inside = (1 - 1e-9) * t
    W = np.clip(np.broadcast_to(w_star, np.broadcast_shapes(sig.shape, w_star.shape)), -inside, inside).copy()

    def drift(W):
        m = (W - w_star) @ H
        return m + _M(m, s) * W / t, m

    h, m = drift(W)
    for _ in range(iters):
        if np.abs(h).max(initial=0.0) <= tol:            # converged everywhere: further steps change nothing
            break
        J = H * (1 + erf(m / (s * np.sqrt(2))) * W / t)[..., :, None] + np.eye(len(w_star)) * (_M(m, s) / t)[..., None, :]
        step = np.linalg.solve(J, h[..., None])[..., 0]    # J_ij = d h_i / d W_j (d m_i / d W_j = H_ji = H_ij)
        lam = np.ones(W.shape[:-1] + (1,))
        for _ in range(30):                                # backtrack until |h| decreases, staying inside
            new = np.clip(W - lam * step, -inside, inside)
            h_new, m_new = drift(new)
            worse = (np.abs(h_new).max(-1, keepdims=True) > np.abs(h).max(-1, keepdims=True)) & (lam > 1e-6)
            if not worse.any():
                break
            lam = np.where(worse, lam / 2, lam)
        W, h, m = new, h_new, m_new
    return W


def box_optimum(H, w_star, tau, iters: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """(W_box, f(W_box) - f*): the minimiser of f over the device range |W_i| <= tau (projected gradient).

    No analog weight that stays inside its range can do better: when |w*_i| > tau for some i, every
    algorithm's f - f* is at least this value. ``tau`` may carry leading batch axes.

    Example:
        >>> W, gap = box_optimum(np.eye(2), np.array([0.8, 0.1]), 0.5)
        >>> W.round(6).tolist(), round(float(gap), 6)     # 1/2 (0.8 - 0.5)^2
        ([0.5, 0.1], 0.045)
    """
    H, w_star = np.asarray(H, float), np.asarray(w_star, float)
    t = np.asarray(tau, float)[..., None]
    step = 1.0 / np.linalg.eigvalsh(H).max()
    W = np.clip(np.broadcast_to(w_star, np.broadcast_shapes(t.shape, w_star.shape)), -t, t)
    for _ in range(iters):
        W = np.clip(W - step * ((W - w_star) @ H), -t, t)
    diff = W - w_star
    return W, 0.5 * np.einsum("...i,ij,...j->...", diff, H, diff)


def digital_law(H, w_star, lr, sigma) -> tuple[np.ndarray, np.ndarray]:
    """Exact stationary law of digital SGD: mean w*, covariance S = (I - alpha H) S (I - alpha H) + alpha^2 sigma^2 I.

    In H's eigenbasis S_i = alpha sigma^2 / (lambda_i (2 - alpha lambda_i)), so E f - f* = sum_i alpha
    sigma^2 / (2 (2 - alpha lambda_i)) (:func:`aimc_edu.numerics.digital_floor`). Batched over lr, sigma.
    """
    H, w_star = np.asarray(H, float), np.asarray(w_star, float)
    a, s = _batch(lr, sigma)
    lam, V = np.linalg.eigh(H)
    var = a[..., None] * s[..., None] ** 2 / (lam * (2 - a[..., None] * lam))
    cov = np.einsum("ik,...k,jk->...ij", V, var, V)
    return np.broadcast_to(w_star, cov.shape[:-1]), cov


def analog_law(H, w_star, lr, sigma, tau) -> tuple[np.ndarray, np.ndarray]:
    """Analog SGD (soft bounds, symmetric point 0): mean W_bar (:func:`penalised_minimiser`) and the
    covariance of the iterates linearised there, S = (I - alpha J) S (I - alpha J)^T + alpha^2 diag(v),

    J = dh/dW = H + diag(M / tau) + diag(W_bar M'(m) / tau) H,  v_i = Var(g_i + |g_i| W_bar_i / tau).
    The O(alpha) shift of the mean is left out (a simulation started here relaxes it).
    """
    H, w_star = np.asarray(H, float), np.asarray(w_star, float)
    a, s, t = _batch(lr, sigma, tau)
    W = penalised_minimiser(H, w_star, s, t)
    s_, t_, a_ = s[..., None], t[..., None], a[..., None]
    m = (W - w_star) @ H
    mom = _moments(m, np.maximum(s_, 1e-12))
    c = W / t_
    J = H * (1 + erf(m / (np.maximum(s_, 1e-12) * np.sqrt(2))) * c)[..., :, None] + np.eye(len(w_star)) * (mom["E|g|"] / t_)[..., None, :]
    v = s_**2 + c**2 * mom["Var|g|"] + 2 * c * mom["Cov(g,|g|)"]
    A = np.eye(len(w_star)) - a_[..., None] * J
    return W, discrete_lyapunov(A, (a_**2 * v)[..., None] * np.eye(len(w_star)))


def tiki_taka_law(H, w_star, lr, fast_lr, sigma, tau, gamma=0.0, iters: int = 30) -> tuple[np.ndarray, np.ndarray]:
    """Tiki-Taka (both arrays soft bounds of radius tau, symmetric points 0): mean of (W, P) and the
    covariance of their fluctuations, mean field plus linearisation (a self-consistent iteration).

    Means: P_bar = E|P| . W_bar / tau (W stationary) and H (W_bar + gamma P_bar - w*) = -E|g| . P_bar / tau
    (P stationary). Fluctuations x = (dW, dP), with q = W + gamma P the query point:

        dP' = dP - beta H~ dq - beta (E|g| / tau) dP + eta,     H~ = diag(1 + P_bar M'(m) / tau) H,
        dW' = (1 - alpha E|P| / tau) dW + alpha k dP',          k = 1 - (W_bar / tau) Cov(|P|, P) / Var P,

    (the gain k is how |P| W / tau passes P's fluctuations on to W: the |P|-W correlation), and the
    covariance solves a 2d x 2d Lyapunov equation. Returns (mean (*, 2d), covariance (*, 2d, 2d)),
    W first. Used to start simulations near stationarity; the simulation measures the floor.
    """
    H, w_star = np.asarray(H, float), np.asarray(w_star, float)
    d, I = len(w_star), np.eye(len(w_star))
    a, b, s, t, gm = (x[..., None] for x in _batch(lr, fast_lr, sigma, tau, gamma))
    W = np.broadcast_to(w_star, np.broadcast_shapes(a.shape, w_star.shape)).copy()
    P, var_P, var_m = np.zeros_like(W), np.full_like(W, 1e-300), np.zeros_like(W)
    S = None
    for _ in range(iters):
        m = (W + gm * P - w_star) @ H
        s_eff = np.sqrt(s**2 + var_m)
        mom = _moments(m, s_eff)
        abs_P = _M(P, np.sqrt(var_P))
        D_P, D_W = mom["E|g|"] / t, abs_P / t
        gain = 1 - (W / t) * _moments(P, np.sqrt(var_P))["Cov(g,|g|)"] / var_P
        Ht = H * (1 + erf(m / (s_eff * np.sqrt(2))) * P / t)[..., :, None]
        inner = I - b[..., None] * (D_P[..., :, None] * I + gm[..., None] * Ht)           # dP -> dP'
        A = np.concatenate([
            np.concatenate([I - a[..., None] * D_W[..., :, None] * I - (a * b * gain)[..., :, None] * Ht,
                            (a * gain)[..., :, None] * inner], -1),
            np.concatenate([-b[..., None] * Ht, inner], -1)], -2)
        v = s_eff**2 + (P / t) ** 2 * mom["Var|g|"] + 2 * (P / t) * mom["Cov(g,|g|)"]
        k = np.concatenate([a * gain, np.ones_like(gain)], -1)
        Q = b[..., None] ** 2 * k[..., :, None] * k[..., None, :] * np.kron(np.ones((2, 2)), I) \
            * np.concatenate([v, v], -1)[..., None, :]
        S = discrete_lyapunov(A, Q)
        var_P = np.maximum(np.diagonal(S, axis1=-2, axis2=-1)[..., d:], 1e-300)
        S_qq = S[..., :d, :d] + gm[..., None] * (S[..., :d, d:] + S[..., d:, :d]) + gm[..., None] ** 2 * S[..., d:, d:]
        var_m = np.einsum("ij,...jk,ki->...i", H, S_qq, H)
        coef = _M(P, np.sqrt(var_P)) / t                                                  # E|P| / tau
        lhs = H * (1 + gm * coef)[..., None, :] + I * (mom["E|g|"] * coef / t)[..., None, :]
        W = np.clip(np.linalg.solve(lhs, np.broadcast_to(H @ w_star, W.shape)[..., None])[..., 0],
                    -0.999 * t, 0.999 * t)
        P = coef * W
    return np.concatenate([W, P], -1), S
