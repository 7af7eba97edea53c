"""Test problems: least squares of the paper's toy experiments and a diagonal quadratic.

Every problem is a quadratic  f(x) = 1/2 (x - x*)^T H (x - x*) + f*,  with the exact gradient
grad f(x) = H (x - x*) and stochastic gradients  g = grad f(x) + sigma * xi,  xi ~ N(0, I)
(paper, Sec. 3; sigma may vary along the runs axis). ``x`` has shape (runs, d).

Least squares is a sum over rows (samples), so it can also hand out the per-sample parts of its
gradient, g = sum_b g_b, through their companion g_abs = sum_b |g_b| (:meth:`Problem.sample_gradient`):
the update an analog tile applies sample by sample (AIHWKIT) drifts with g_abs, not |g|. Its
forward pass can be read through AIHWKIT-style weight noise ``read_noise``.
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

    def grad_and_loss_gap(self, x: np.ndarray, out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(grad f(x), f(x) - f*) sharing the difference x - x* (one pass fewer per step).

        ``out``: a float64 buffer of x's shape to write the gradient into (saves an allocation).
        """
        diff = self._minus_minimizer(x)
        g = self._hessian_times(diff, out)
        gap = np.einsum("...i,...i->...", diff, g)
        gap *= 0.5
        return g, gap

    def _hessian_times(self, diff: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        raise NotImplementedError

    def _minus_minimizer(self, x: np.ndarray) -> np.ndarray:
        """x - x*, against x* copied to every row of a (runs, d) x once per shape (one pass, not one per row)."""
        rows, shape = self.__dict__.get("_minimizer_rows"), np.shape(x)
        if (rows is None or rows.shape != shape) and len(shape) == 2:
            rows = self.__dict__["_minimizer_rows"] = np.broadcast_to(self.minimizer, shape).astype(float, order="C")
        return np.subtract(x, rows) if rows is not None and rows.shape == shape else x - self.minimizer

    def grad(self, x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Exact gradient grad f(x) = H (x - x*), shape like ``x`` (written into ``out`` if given)."""
        return self._hessian_times(self._minus_minimizer(x), out)

    def loss(self, x: np.ndarray) -> np.ndarray:
        """f(x)."""
        return self.loss_gap(x) + self.f_star

    def stochastic_grad(self, x: np.ndarray, sigma, rng: np.random.Generator,
                        exact: np.ndarray | None = None, out: np.ndarray | None = None,
                        noise: np.ndarray | None = None) -> np.ndarray:
        """g = grad f(x) + sigma * xi with xi ~ N(0, I); ``sigma`` scalar or per run.

        ``exact`` is grad f(x) if already computed; ``out`` a float64 buffer of x's shape to
        write g into (saves an allocation per step); ``noise`` a float64 array of x's shape holding
        xi already drawn (e.g. shared by several runs: common random numbers), turned into g in place.
        """
        g = noise if noise is not None else (rng.standard_normal(np.shape(x)) if out is None
                                             else rng.standard_normal(out=out))
        g *= sigma if type(sigma) is float else lead(sigma, g)
        g += self.grad(x) if exact is None else exact
        return g

    has_samples: bool = False
    """Whether the gradient is a sum of per-sample parts (least squares) that ``sample_gradient`` can return."""

    def sample_gradient(self, x: np.ndarray, sigma, rng: np.random.Generator, *, read_noise=0.0,
                        per_sample: bool = False, exact: np.ndarray | None = None,
                        out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """(g, g_abs): the stochastic gradient and, if ``per_sample``, sum_b |g_b| over its samples (else None).

        A problem without samples (a quadratic) has neither per-sample parts nor a forward pass to
        read with noise: asking for them is a ValueError.
        """
        if per_sample or np.any(np.asarray(read_noise) != 0):
            raise ValueError(f"{type(self).__name__} has no per-sample gradients: update='per-sample' and "
                             f"read_noise need a least-squares problem (e.g. fig3_problem())")
        return self.stochastic_grad(x, sigma, rng, exact, out), None


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

    def _hessian_times(self, diff, out=None):
        return np.multiply(self.curvature, diff, out=out)


@dataclass(frozen=True, eq=False)
class LeastSquares(Problem):
    """f(x) = (loss_scale / n) ||A x - y||^2 over n rows (mean squared error times loss_scale).

    H = (2 loss_scale / n) A^T A, x* solves the normal equations, f* = f(x*).
    With ``batch_size`` the stochastic gradient uses a random minibatch of rows per run
    (plus the Gaussian noise of std sigma); otherwise the full-batch gradient.

    Per sample (:meth:`sample_gradient`): the B rows of a step (B = n for full batch) give
    residuals r_b = a_b . x - y_b + w ||a_b|| xi_b and parts g_b = (2 loss_scale / B) r_b a_b, so

        g = c A_B^T r,   g_abs = sum_b |g_b| = c |A_B|^T |r|,   c = 2 loss_scale / B,

    one extra matrix product for g_abs. The read noise w ||a_b|| xi_b is what AIHWKIT's forward
    ``w_noise`` (type ADDITIVE_CONSTANT: every weight read with an independent N(0, w^2) error, for
    every input vector) does to a one-output tile: a_b . (x + w xi) = a_b . x + w ||a_b|| xi'_b.
    Gradient noise sigma xi, if any, is one more part: it adds sigma xi to g and |sigma xi| to g_abs.

    Example:
        >>> p = LeastSquares(A=np.array([[1.0, 0.0], [1.0, 1.0]]), y=np.array([1.0, 0.0]))
        >>> g, g_abs = p.sample_gradient(np.zeros((1, 2)), 0.0, np.random.default_rng(0), per_sample=True)
        >>> g, g_abs            # parts (-1, 0) from row 1 and (0, 0) from row 2: no cancellation here
        (array([[-1.,  0.]]), array([[1., 0.]]))
    """

    A: np.ndarray
    y: np.ndarray
    loss_scale: float = 1.0
    batch_size: int | None = None
    hessian: np.ndarray = field(init=False, repr=False)
    minimizer: np.ndarray = field(init=False, repr=False)
    f_star: float = field(init=False, repr=False)
    abs_A: np.ndarray = field(init=False, repr=False)
    row_norms: np.ndarray = field(init=False, repr=False)

    has_samples = True

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
        object.__setattr__(self, "abs_A", np.abs(A))
        object.__setattr__(self, "row_norms", np.linalg.norm(A, axis=1))

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

    def _hessian_times(self, diff, out=None):
        return np.matmul(diff, self.hessian, out=out)  # H is symmetric

    def stochastic_grad(self, x, sigma, rng, exact=None, out=None, noise=None):
        if self.batch_size is None:
            return Problem.stochastic_grad(self, x, sigma, rng, exact, out, noise)
        x2 = np.reshape(x, (-1, self.dim))
        rows = rng.integers(0, self.A.shape[0], size=(x2.shape[0], self.batch_size))
        Ab = self.A[rows]                                   # (R, b, d)
        resid = np.einsum("rbd,rd->rb", Ab, x2) - self.y[rows]
        g = (2.0 * self.loss_scale / self.batch_size) * np.einsum("rbd,rb->rd", Ab, resid)
        g = g.reshape(np.shape(x))
        return g + lead(sigma, g) * (rng.standard_normal(np.shape(x)) if noise is None else noise)

    def sample_gradient(self, x, sigma, rng, *, read_noise=0.0, per_sample=False, exact=None, out=None):
        """(g, g_abs) from the per-sample residuals (see the class docstring); g_abs is None unless ``per_sample``.

        ``read_noise`` (w, >= 0; a scalar or one value per run) perturbs every residual by w ||a_b|| xi_b.
        Without read noise and per-sample parts this is :meth:`stochastic_grad` (same random stream).
        """
        read_noise = as_param("read_noise", read_noise, low=0.0)
        noisy = np.any(np.asarray(read_noise) != 0)
        if not (per_sample or noisy):
            return self.stochastic_grad(x, sigma, rng, exact, out), None
        x2 = np.reshape(x, (-1, self.dim))
        if self.batch_size is None:                            # every row is a sample
            resid = x2 @ self.A.T - self.y                     # (R, n)
            norms = self.row_norms
        else:
            rows = rng.integers(0, self.A.shape[0], size=(x2.shape[0], self.batch_size))
            Ab = self.A[rows]                                   # (R, B, d)
            resid = np.einsum("rbd,rd->rb", Ab, x2) - self.y[rows]
            norms = self.row_norms[rows]
        if noisy:
            resid += lead(read_noise, resid) * norms * rng.standard_normal(resid.shape)
        c = 2.0 * self.loss_scale / resid.shape[1]
        if self.batch_size is None:
            g = c * (resid @ self.A)
            g_abs = c * (np.abs(resid) @ self.abs_A) if per_sample else None
        else:
            g = c * np.einsum("rbd,rb->rd", Ab, resid)
            g_abs = c * np.einsum("rbd,rb->rd", np.abs(Ab), np.abs(resid)) if per_sample else None
        if np.any(np.asarray(sigma) != 0):
            xi = lead(sigma, g) * rng.standard_normal(g.shape)
            g += xi
            if per_sample:
                g_abs += np.abs(xi)
        shape = np.shape(x)
        return g.reshape(shape), None if g_abs is None else g_abs.reshape(shape)


def least_squares(d: int, x_scale: float, a_scale: float, loss_scale: float, *, n: int = 100, seed: int = 42,
                  batch_size: int | None = None, offset: float = 0.0, intercept: bool = False) -> LeastSquares:
    """Least squares y = A x_true + offset with A ~ a_scale N(0,1), x_true ~ x_scale N(0,1).

    ``intercept=True`` adds a digital bias b (AIHWKIT's default ``digital_bias``) held at its optimum
    b = mean_b(y_b - a_b . x) for the current weights: it is profiled out by centring A and y over
    the rows, which removes ``offset`` (f* = 0 again, x* = x_true). Without it, an offset leaves f* > 0.
    """
    rng = np.random.default_rng(seed)
    x_true = x_scale * rng.standard_normal(as_int("d", d, low=1))
    A = a_scale * rng.standard_normal((as_int("n", n, low=1), d))
    y = A @ x_true + as_param("offset", offset)
    if intercept:
        A, y = A - A.mean(axis=0), y - y.mean()
    return LeastSquares(A=A, y=y, loss_scale=loss_scale, batch_size=batch_size)


def fig1_problem(seed: int = 42, batch_size: int | None = None) -> LeastSquares:
    """Paper Fig. 1: d = 40, x_true = 0.45 N(0,1), A ~ N(0,1), loss = mean squared error."""
    return least_squares(40, 0.45, 1.0, 1.0, seed=seed, batch_size=batch_size)


def fig3_problem(seed: int = 42, batch_size: int | None = None) -> LeastSquares:
    """Paper Figs. 3 and 4 (left): d = 40, x_true = 0.3 N(0,1), A = N(0,1)/2, loss = MSE / 2."""
    return least_squares(40, 0.3, 0.5, 0.5, seed=seed, batch_size=batch_size)


def fig4_sigma_problem(seed: int = 42, batch_size: int | None = None) -> LeastSquares:
    """Paper Fig. 4 (middle, right): d = 50, x_true = 0.5 N(0,1), A ~ N(0,1), loss = MSE / 2."""
    return least_squares(50, 0.5, 1.0, 0.5, seed=seed, batch_size=batch_size)


def fig4_init_problem(seed: int = 42, batch_size: int | None = None) -> LeastSquares:
    """Paper Fig. 4 (right) as in the authors' script S3.3: d = 50, x_true = 0.5 N(0,1), A ~ N(0,1),
    y = A x_true + 0.1, loss = plain MSE, with the script's digital bias taken at its optimum
    (``intercept=True``: A and y centred). The script's bias starts at W_0's value and learns the 0.1
    within about 20 steps (from 0); ours is exact from step 0."""
    return least_squares(50, 0.5, 1.0, 1.0, seed=seed, batch_size=batch_size, offset=0.1, intercept=True)


PROBLEMS = {"fig1": fig1_problem, "fig3": fig3_problem, "fig4-sigma": fig4_sigma_problem,
            "fig4-init": fig4_init_problem}

# The paper's toy settings (notes, Sec. 5); sigma is the gradient-noise std.
PAPER_SETTINGS = {
    "fig1": dict(tau=3.0, sigma=0.01 / np.sqrt(40), lr=(0.2, 0.1, 0.05, 0.03), steps=2500),
    "fig3": dict(tau=(1.0, 1.5, 2.0, 2.5), sigma=0.1, lr=0.03, steps=2500, states=300),
    "fig4-tau": dict(tau=(1.0, 1.5, 2.0, 2.5), sigma=0.1, lr=0.03, steps=2500),
    "fig4-sigma": dict(tau=2.0, sigma=tuple(np.sqrt([1e-3, 1e-2, 1e-1, 1.0])), lr=0.1, steps=2500),
    "fig4-init": dict(tau=1.0, sigma=0.1, lr=0.1, steps=2500, init=(-0.5, 0.0, 0.5)),
}


def mean_singular_value(problem: LeastSquares) -> float:
    """Mean singular value of A (the authors' ``noise_correction`` divides the read noise by it)."""
    return float(np.linalg.svd(problem.A, compute_uv=False).mean())


# The settings of the authors' scripts behind the paper's "analog" curves (IBM AIHWKIT, pulse level;
# notes, Sec. 6): read noise on the forward pass instead of gradient noise, soft-bounds devices with
# dw_min = tau / states, one stochastic pulse train per row of the batch (desired_bl pulses at most).
# ``sigma`` is the gradient noise of the paper's dynamic drawn next to it; the AIHWKIT runs have none.
SCRIPT_SETTINGS = {
    "fig1": dict(script="S1", tau=3.0, lr=(0.2, 0.1, 0.05, 0.03), steps=2500, sigma=0.01 / np.sqrt(40),
                 read_noise=0.01 / np.sqrt(40), dw_min=1e-4, bit_length=800),
    "fig3": dict(script="S2", tau=(1.0, 1.5, 2.0, 2.5), lr=0.03, steps=2500, sigma=0.1,
                 read_noise="0.1 / mean singular value of A", states=300, bit_length=5000),
    "fig4-sigma": dict(script="S3.2", tau=2.0, lr=0.1, steps=200, sigma=tuple(np.sqrt([1e-3, 1e-2, 1e-1, 1.0])),
                       read_noise="= sigma", dw_min=1e-4, bit_length=5000),
    "fig4-init": dict(script="S3.3", tau=1.0, lr=0.1, steps=50, sigma=0.01 / np.sqrt(50),
                      read_noise=0.01 / np.sqrt(50), dw_min=1e-4, bit_length=400,
                      init=(1e3, 1e2, 10.0, 1.0, 1e-2), pretrain=(10, 20, 30)),
}
