"""Test problems: least squares of the paper's toy experiments and a diagonal quadratic.

Every problem is a quadratic  f(x) = 1/2 (x - x*)^T H (x - x*) + f*,  with the exact gradient
grad f(x) = H (x - x*) and stochastic gradients  g = grad f(x) + sigma * xi,  xi ~ N(0, I)
(paper, Sec. 3; sigma may vary along the runs axis). ``x`` has shape (runs, d).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validate import as_int, as_param, lead


class Problem:
    """Interface: ``dim``, ``minimizer``, ``f_star``, ``curvatures``, ``loss_gap``, ``grad``, ``stochastic_grad``.

    A problem is a quadratic: subclasses define ``_hessian_times(x - x*)``.
    """

    dim: int
    minimizer: np.ndarray
    f_star: float
    curvatures: np.ndarray

    def loss_gap(self, x: np.ndarray, grad: np.ndarray | None = None) -> np.ndarray:
        """f(x) - f* = 1/2 (x - x*) . grad f(x) (pass ``grad`` if already computed)."""
        g = self.grad(x) if grad is None else grad
        return 0.5 * np.einsum("...i,...i->...", x - self.minimizer, g)

    def grad_and_loss_gap(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(grad f(x), f(x) - f*) sharing the difference x - x* (one pass fewer per step)."""
        diff = x - self.minimizer
        g = self._hessian_times(diff)
        return g, 0.5 * np.einsum("...i,...i->...", diff, g)

    def _hessian_times(self, diff: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def grad(self, x: np.ndarray) -> np.ndarray:
        """Exact gradient grad f(x) = H (x - x*), shape like ``x``."""
        return self._hessian_times(x - self.minimizer)

    def loss(self, x: np.ndarray) -> np.ndarray:
        """f(x)."""
        return self.loss_gap(x) + self.f_star

    def stochastic_grad(self, x: np.ndarray, sigma, rng: np.random.Generator,
                        exact: np.ndarray | None = None, out: np.ndarray | None = None) -> np.ndarray:
        """g = grad f(x) + sigma * xi with xi ~ N(0, I); ``sigma`` scalar or per run.

        ``exact`` is grad f(x) if already computed; ``out`` a float64 buffer of x's shape to
        write g into (saves an allocation per step).
        """
        if out is None:
            g = rng.standard_normal(np.shape(x))
        else:
            g = rng.standard_normal(out=out)
        g *= lead(sigma, g)
        g += self.grad(x) if exact is None else exact
        return g


@dataclass(frozen=True, eq=False)
class Quadratic(Problem):
    """f(x) = sum_i L_i/2 (x_i - x*_i)^2 with diagonal curvature L; f* = 0.

    ``curvature`` and ``optimum`` are scalars or length-``dim`` arrays. Coordinates are
    independent, so a d-dimensional quadratic is d one-dimensional experiments at once.

    Example:
        >>> q = Quadratic(dim=2, curvature=2.0, optimum=1.0)
        >>> q.grad(np.array([[0.0, 1.0]]))
        array([[-2.,  0.]])
    """

    dim: int = 1
    curvature: float | np.ndarray = 1.0
    optimum: float | np.ndarray = 0.0

    def __post_init__(self):
        object.__setattr__(self, "dim", as_int("dim", self.dim, low=1))
        L = as_param("curvature", self.curvature, low=0.0, low_inclusive=False)
        opt = as_param("optimum", self.optimum)
        for name, v in (("curvature", L), ("optimum", opt)):
            if np.ndim(v) not in (0, 1) or (np.ndim(v) == 1 and len(v) != self.dim):
                raise ValueError(f"{name} must be a scalar or have length dim={self.dim}, got shape {np.shape(v)}")
        object.__setattr__(self, "curvature", np.broadcast_to(L, (self.dim,)).astype(float))
        object.__setattr__(self, "optimum", np.broadcast_to(opt, (self.dim,)).astype(float))

    @property
    def minimizer(self):
        return self.optimum

    @property
    def f_star(self):
        return 0.0

    @property
    def curvatures(self) -> np.ndarray:
        """Eigenvalues L_i of the (diagonal) Hessian, ascending."""
        return np.sort(self.curvature)

    @property
    def smoothness(self) -> float:
        """L = max_i L_i."""
        return float(self.curvature.max())

    def _hessian_times(self, diff):
        return self.curvature * diff


@dataclass(frozen=True, eq=False)
class LeastSquares(Problem):
    """f(x) = (loss_scale / n) ||A x - y||^2 over n rows (mean squared error times loss_scale).

    H = (2 loss_scale / n) A^T A, x* solves the normal equations, f* = f(x*).
    With ``batch_size`` the stochastic gradient uses a random minibatch of rows per run
    (plus the Gaussian noise of std sigma); otherwise the full-batch gradient.
    """

    A: np.ndarray
    y: np.ndarray
    loss_scale: float = 1.0
    batch_size: int | None = None
    hessian: np.ndarray = field(init=False, repr=False)
    minimizer: np.ndarray = field(init=False, repr=False)
    f_star: float = field(init=False, repr=False)

    def __post_init__(self):
        A = np.asarray(self.A, dtype=float)
        y = np.asarray(self.y, dtype=float)
        if A.ndim != 2 or y.shape != (A.shape[0],):
            raise ValueError(f"A must be (n, d) and y (n,), got A {A.shape} and y {y.shape}")
        if not (np.all(np.isfinite(A)) and np.all(np.isfinite(y))):
            raise ValueError("A and y must be finite")
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "loss_scale", as_param("loss_scale", self.loss_scale, low=0.0, low_inclusive=False))
        if self.batch_size is not None:
            bs = as_int("batch_size", self.batch_size, low=1)
            if bs > A.shape[0]:
                raise ValueError(f"batch_size must be <= n={A.shape[0]}, got {bs}")
            object.__setattr__(self, "batch_size", bs)
        n = A.shape[0]
        H = (2.0 * self.loss_scale / n) * (A.T @ A)
        x_star = np.linalg.lstsq(A, y, rcond=None)[0]
        resid = A @ x_star - y
        object.__setattr__(self, "hessian", H)
        object.__setattr__(self, "minimizer", x_star)
        object.__setattr__(self, "f_star", float(self.loss_scale * resid @ resid / n))

    @property
    def dim(self) -> int:
        return self.A.shape[1]

    @property
    def curvatures(self) -> np.ndarray:
        """Eigenvalues lambda_i of H, ascending."""
        return np.linalg.eigvalsh(self.hessian)

    @property
    def smoothness(self) -> float:
        """L = largest eigenvalue of H."""
        return float(self.curvatures[-1])

    def _hessian_times(self, diff):
        return diff @ self.hessian  # H is symmetric

    def stochastic_grad(self, x, sigma, rng, exact=None, out=None):
        if self.batch_size is None:
            return super().stochastic_grad(x, sigma, rng, exact, out)
        x2 = np.reshape(x, (-1, self.dim))
        rows = rng.integers(0, self.A.shape[0], size=(x2.shape[0], self.batch_size))
        Ab = self.A[rows]                                   # (R, b, d)
        resid = np.einsum("rbd,rd->rb", Ab, x2) - self.y[rows]
        g = (2.0 * self.loss_scale / self.batch_size) * np.einsum("rbd,rb->rd", Ab, resid)
        g = g.reshape(np.shape(x))
        return g + lead(sigma, g) * rng.standard_normal(np.shape(x))


def least_squares(d: int, x_scale: float, a_scale: float, loss_scale: float, *,
                  n: int = 100, seed: int = 42, batch_size: int | None = None) -> LeastSquares:
    """Consistent least squares y = A x_true with A ~ a_scale N(0,1), x_true ~ x_scale N(0,1) (f* = 0)."""
    rng = np.random.default_rng(seed)
    x_true = x_scale * rng.standard_normal(as_int("d", d, low=1))
    A = a_scale * rng.standard_normal((as_int("n", n, low=1), d))
    return LeastSquares(A=A, y=A @ x_true, loss_scale=loss_scale, batch_size=batch_size)


def fig1_problem(seed: int = 42, batch_size: int | None = None) -> LeastSquares:
    """Paper Fig. 1: d = 40, x_true = 0.45 N(0,1), A ~ N(0,1), loss = mean squared error."""
    return least_squares(40, 0.45, 1.0, 1.0, seed=seed, batch_size=batch_size)


def fig3_problem(seed: int = 42, batch_size: int | None = None) -> LeastSquares:
    """Paper Figs. 3 and 4 (left): d = 40, x_true = 0.3 N(0,1), A = N(0,1)/2, loss = MSE / 2."""
    return least_squares(40, 0.3, 0.5, 0.5, seed=seed, batch_size=batch_size)


def fig4_sigma_problem(seed: int = 42, batch_size: int | None = None) -> LeastSquares:
    """Paper Fig. 4 (middle, right): d = 50, x_true = 0.5 N(0,1), A ~ N(0,1), loss = MSE / 2."""
    return least_squares(50, 0.5, 1.0, 0.5, seed=seed, batch_size=batch_size)


PROBLEMS = {"fig1": fig1_problem, "fig3": fig3_problem, "fig4-sigma": fig4_sigma_problem}

# The paper's toy settings (notes, Sec. 5); sigma is the gradient-noise std.
PAPER_SETTINGS = {
    "fig1": dict(tau=3.0, sigma=0.01 / np.sqrt(40), lr=(0.2, 0.1, 0.05, 0.03), steps=2500),
    "fig3": dict(tau=(1.0, 1.5, 2.0, 2.5), sigma=0.1, lr=0.03, steps=2500, states=300),
    "fig4-tau": dict(tau=(1.0, 1.5, 2.0, 2.5), sigma=0.1, lr=0.03, steps=2500),
    "fig4-sigma": dict(tau=2.0, sigma=tuple(np.sqrt([1e-3, 1e-2, 1e-1, 1.0])), lr=0.1, steps=2500),
    "fig4-init": dict(tau=1.0, sigma=0.1, lr=0.1, steps=2500, init=(-0.5, 0.0, 0.5)),
}
