"""Checks for notebook 02 (Analog SGD)."""

from __future__ import annotations

from ..numerics import digital_floor
from .feedback import Feedback, number_feedback, word_feedback


def check_digital_floor(answer) -> Feedback:
    """Digital SGD on f = L/2 w^2, L = 1, alpha = 0.1, sigma^2 = 0.01: stationary E[f - f*]."""
    expected = float(digital_floor(0.1, 0.01, 1.0))
    return number_feedback(answer, expected, 0.02, f"alpha sigma^2 / (2 (2 - alpha L)) = {expected:.4g}: it vanishes as alpha -> 0.",
                   "w_{k+1} = (1 - alpha L) w_k - alpha sigma xi_k; solve Var = (1 - alpha L)^2 Var + alpha^2 sigma^2, "
                   "then f - f* = L Var / 2.")


def check_floor_vs_tau(answer) -> Feedback:
    """Does Analog SGD's asymptotic error 'grow' or 'shrink' as tau grows?"""
    return word_feedback(answer, "shrink", "a larger dynamic range means a weaker pull G(w) = w / tau towards 0 (Fig. 4 left).",
                 "move the tau slider with 'vs τ' selected in the right panel.", ("shrinks", "decrease", "decreases"))


def check_floor_vs_alpha(answer) -> Feedback:
    """As alpha -> 0, does Analog SGD's asymptotic error go to 'zero' or to a 'floor'?"""
    return word_feedback(answer, "floor", "the drift -alpha |g| G(W) is proportional to alpha like the gradient step, "
                 "so shrinking alpha slows both and the bias stays (Fig. 1).",
                 "look at the right panel with 'vs α' selected: compare the two curves at the smallest alpha.",
                 ("a floor", "plateau", "nonzero", "non-zero"))
