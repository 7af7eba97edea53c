"""Batched NumPy layers, each with a forward and a backward pass.

A layer is a frozen dataclass with three pure methods:

    init(rng) -> params                       (a dict of arrays; {} for parameter-free layers)
    forward(params, x) -> (y, cache)
    backward(params, cache, dy) -> (dx, grads)  (grads has the keys of params)

and the layers on a crossbar tile (Dense, Conv2D) also

    abs_grads(params, cache, dy) -> {"W": sum_b |g_b|, ...}

the per-sample companion of the weight gradient: a tile updated with one rank-1 outer product d_b a_b^T
per input vector (AIHWKIT: one pulse train per sample; for a convolution, per image patch) drifts
with sum_b |d_b a_b^T| = |D|^T |A|, one extra matrix product. With ``out_scale`` a tile's output is
multiplied by a digital scalar ``s`` (AIHWKIT's ``learn_out_scaling``, one scale per tile, starting at 1).

Every operation acts on the whole batch at once (leading axis N); images are (N, C, H, W).
Convolution uses im2col with stride tricks (``sliding_window_view``): the forward pass is one
matrix product, and dx is the "full" convolution of dy with the flipped kernel, again one
matrix product, so there is no Python loop over samples, pixels or kernel offsets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .._validate import as_int


def _uniform(rng: np.random.Generator, fan_in: int, shape: tuple) -> np.ndarray:
    """U(-1/sqrt(fan_in), 1/sqrt(fan_in)), PyTorch's default for Linear and Conv2d."""
    bound = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, size=shape)


@dataclass(frozen=True)
class Dense:
    """Fully connected layer y = x W^T + b, W of shape (out, in) as on a crossbar tile.

    Example:
        >>> layer = Dense(3, 2)
        >>> params = layer.init(np.random.default_rng(0))
        >>> layer.forward(params, np.ones((5, 3)))[0].shape
        (5, 2)
    """

    n_in: int
    n_out: int
    bias: bool = True
    out_scale: bool = False

    def __post_init__(self):
        as_int("n_in", self.n_in, low=1)
        as_int("n_out", self.n_out, low=1)

    def init(self, rng: np.random.Generator) -> dict:
        params = {"W": _uniform(rng, self.n_in, (self.n_out, self.n_in))}
        if self.bias:
            params["b"] = _uniform(rng, self.n_in, (self.n_out,))
        return _with_scale(params, self.out_scale)

    def forward(self, params: dict, x: np.ndarray):
        z = x @ params["W"].T
        y = z * params["s"] if self.out_scale else z
        if self.bias:
            y = y + params["b"]
        return y, (x, z)

    def backward(self, params: dict, cache, dy: np.ndarray):
        x, z = cache
        d = dy * params["s"] if self.out_scale else dy
        grads = {"W": d.T @ x}
        if self.bias:
            grads["b"] = dy.sum(axis=0)
        if self.out_scale:
            grads["s"] = np.array(np.vdot(dy, z))
        return d @ params["W"], grads

    def abs_grads(self, params: dict, cache, dy: np.ndarray) -> dict:
        """sum_b |d_b x_b^T| = |D|^T |X| (and sum_b |dy_b| for the bias)."""
        d = np.abs(dy * params["s"] if self.out_scale else dy)
        out = {"W": d.T @ np.abs(cache[0])}
        if self.bias:
            out["b"] = np.abs(dy).sum(axis=0)
        return out


def _with_scale(params: dict, out_scale: bool) -> dict:
    """Add the digital output scale s = 1 of a tile (AIHWKIT's learnable out scaling)."""
    if out_scale:
        params["s"] = np.array(1.0)
    return params


def _windows(x: np.ndarray, k: int) -> np.ndarray:
    """im2col view of (N, C, H, W): shape (N, H-k+1, W-k+1, C, k, k), no copy."""
    return sliding_window_view(x, (k, k), axis=(2, 3)).transpose(0, 2, 3, 1, 4, 5)


@dataclass(frozen=True)
class Conv2D:
    """2-D convolution (cross-correlation), stride 1, zero padding ``padding``.

    y[n, o, i, j] = b[o] + sum_{c, u, v} W[o, c, u, v] x_pad[n, c, i + u, j + v].
    On a crossbar the kernel is the (out, in * k * k) matrix and each window one input vector.
    ``input_grad=False`` skips dx (a first layer needs none; backward then returns None for it).

    Example:
        >>> conv = Conv2D(1, 4, kernel=3, padding=1)
        >>> p = conv.init(np.random.default_rng(0))
        >>> conv.forward(p, np.ones((2, 1, 8, 8)))[0].shape
        (2, 4, 8, 8)
    """

    n_in: int
    n_out: int
    kernel: int = 5
    padding: int = 0
    bias: bool = True
    input_grad: bool = True
    out_scale: bool = False

    def __post_init__(self):
        as_int("n_in", self.n_in, low=1)
        as_int("n_out", self.n_out, low=1)
        as_int("kernel", self.kernel, low=1)
        as_int("padding", self.padding, low=0)

    def init(self, rng: np.random.Generator) -> dict:
        fan_in = self.n_in * self.kernel**2
        params = {"W": _uniform(rng, fan_in, (self.n_out, self.n_in, self.kernel, self.kernel))}
        if self.bias:
            params["b"] = _uniform(rng, fan_in, (self.n_out,))
        return _with_scale(params, self.out_scale)

    def _pad(self, x):
        p = self.padding
        return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p))) if p else x

    def forward(self, params: dict, x: np.ndarray):
        if x.ndim != 4 or x.shape[1] != self.n_in:
            raise ValueError(f"Conv2D expects input of shape (N, {self.n_in}, H, W), got {x.shape}")
        cols = _windows(self._pad(x), self.kernel)                 # (N, Ho, Wo, C, k, k)
        n, ho, wo = cols.shape[:3]
        cols = cols.reshape(n * ho * wo, -1)                        # im2col copy
        z = cols @ params["W"].reshape(self.n_out, -1).T
        y = z * params["s"] if self.out_scale else z
        if self.bias:
            y = y + params["b"]
        return y.reshape(n, ho, wo, self.n_out).transpose(0, 3, 1, 2), (cols, x.shape, z)

    def _rows(self, params: dict, dy: np.ndarray):
        """dy as (N * Ho * Wo, out) rows, and the error the tile sees (times s with out scaling)."""
        rows = dy.transpose(0, 2, 3, 1).reshape(-1, dy.shape[1])
        return rows, rows * params["s"] if self.out_scale else rows

    def backward(self, params: dict, cache, dy: np.ndarray):
        cols, x_shape, z = cache
        n, o, ho, wo = dy.shape
        dy_rows, d = self._rows(params, dy)
        grads = {"W": (d.T @ cols).reshape(params["W"].shape)}
        if self.bias:
            grads["b"] = dy_rows.sum(axis=0)
        if self.out_scale:
            grads["s"] = np.array(np.vdot(dy_rows, z))
        if not self.input_grad:
            return None, grads
        # dx_pad = full convolution of dy with the kernel flipped in space, channels swapped
        k = self.kernel
        dy_full = np.pad(dy, ((0, 0), (0, 0), (k - 1, k - 1), (k - 1, k - 1)))
        flipped = params["W"][:, :, ::-1, ::-1].transpose(1, 0, 2, 3).reshape(self.n_in, -1)
        if self.out_scale:
            flipped = flipped * params["s"]
        win = _windows(dy_full, k)                                   # (N, Hp, Wp, O, k, k)
        dx = win.reshape(-1, o * k * k) @ flipped.T
        dx = dx.reshape(n, win.shape[1], win.shape[2], self.n_in).transpose(0, 3, 1, 2)
        p = self.padding
        if p:
            dx = dx[:, :, p:-p, p:-p]
        return np.ascontiguousarray(dx), grads

    def abs_grads(self, params: dict, cache, dy: np.ndarray) -> dict:
        """One rank-1 update per image patch: sum over patches |d_p c_p^T| = |D|^T |C| (C = im2col rows)."""
        dy_rows, d = self._rows(params, dy)
        out = {"W": (np.abs(d).T @ np.abs(cache[0])).reshape(params["W"].shape)}
        if self.bias:
            out["b"] = np.abs(dy_rows).sum(axis=0)
        return out


@dataclass(frozen=True)
class MaxPool2D:
    """Non-overlapping max-pool over size x size blocks; the gradient goes to each block's argmax.

    Example:
        >>> MaxPool2D(2).forward({}, np.arange(16.0).reshape(1, 1, 4, 4))[0]
        array([[[[ 5.,  7.],
                 [13., 15.]]]])
    """

    size: int = 2

    def __post_init__(self):
        as_int("size", self.size, low=1)

    def init(self, rng) -> dict:
        return {}

    def forward(self, params: dict, x: np.ndarray):
        n, c, h, w = x.shape
        s = self.size
        if h % s or w % s:
            raise ValueError(f"MaxPool2D(size={s}) needs H and W divisible by {s}, got {h}x{w}")
        blocks = x.reshape(n, c, h // s, s, w // s, s).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // s, w // s, s * s)
        idx = blocks.argmax(axis=-1)
        y = np.take_along_axis(blocks, idx[..., None], axis=-1)[..., 0]
        return y, (idx, x.shape)

    def backward(self, params: dict, cache, dy: np.ndarray):
        idx, (n, c, h, w) = cache
        s = self.size
        mask = idx[..., None] == np.arange(s * s)                  # one-hot of the argmax
        dblocks = mask * dy[..., None]
        dx = dblocks.reshape(n, c, h // s, w // s, s, s).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h, w)
        return dx, {}


@dataclass(frozen=True)
class Flatten:
    """(N, ...) -> (N, prod(...))."""

    def init(self, rng) -> dict:
        return {}

    def forward(self, params: dict, x: np.ndarray):
        return x.reshape(x.shape[0], -1), x.shape

    def backward(self, params: dict, shape, dy: np.ndarray):
        return dy.reshape(shape), {}


@dataclass(frozen=True)
class Sigmoid:
    """sigma(x) = 1 / (1 + exp(-x)), computed without overflow; sigma' = sigma (1 - sigma)."""

    def init(self, rng) -> dict:
        return {}

    def forward(self, params: dict, x: np.ndarray):
        e = np.exp(-np.abs(x))
        y = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
        return y, y

    def backward(self, params: dict, y, dy: np.ndarray):
        return dy * y * (1.0 - y), {}


@dataclass(frozen=True)
class Tanh:
    """tanh(x); tanh' = 1 - tanh^2."""

    def init(self, rng) -> dict:
        return {}

    def forward(self, params: dict, x: np.ndarray):
        y = np.tanh(x)
        return y, y

    def backward(self, params: dict, y, dy: np.ndarray):
        return dy * (1.0 - y * y), {}


@dataclass(frozen=True)
class ReLU:
    """max(x, 0); gradient 1 where x > 0."""

    def init(self, rng) -> dict:
        return {}

    def forward(self, params: dict, x: np.ndarray):
        mask = x > 0
        return x * mask, mask

    def backward(self, params: dict, mask, dy: np.ndarray):
        return dy * mask, {}
