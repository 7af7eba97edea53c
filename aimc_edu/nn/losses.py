"""Log-softmax with the negative log-likelihood loss, and its gradient."""

from __future__ import annotations

import numpy as np


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log p_i = z_i - log sum_j exp(z_j), row-wise and stable (the max is subtracted first).

    Example:
        >>> np.exp(log_softmax(np.array([[1.0, 1.0]])))
        array([[0.5, 0.5]])
    """
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def nll_loss(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean over the batch of -log softmax(z)[y], and its gradient softmax(z) - onehot(y), / N.

    Args:
        logits: (N, classes) network outputs z.
        labels: (N,) integer classes y.
    Returns:
        (loss, dloss/dlogits).
    """
    logp = log_softmax(logits)
    n = logits.shape[0]
    rows = np.arange(n)
    loss = -logp[rows, labels].mean()
    grad = np.exp(logp)
    grad[rows, labels] -= 1.0
    return float(loss), grad / n
