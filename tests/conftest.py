"""Shared test helpers: statistical comparisons used across the suite."""

import numpy as np

# z-score for the assertions: a correct implementation fails one comparison with
# probability ~6e-5 (two-sided normal tail at 4 sigma); the seeds are fixed, so a run is reproducible.
Z = 4.0


def paired_difference(a: np.ndarray, b: np.ndarray, axis: int = -1):
    """Mean and standard error of a - b over runs for paired samples (same noise draws)."""
    diff = np.asarray(a) - np.asarray(b)
    n = diff.shape[axis]
    return diff.mean(axis=axis), diff.std(axis=axis, ddof=1) / np.sqrt(n)


def per_run_floor(trace, last: int) -> np.ndarray:
    """Per-run mean of the last ``last`` recorded f - f*, shape (*grid, runs)."""
    return trace.loss_gap[..., -last:].mean(axis=-1)
