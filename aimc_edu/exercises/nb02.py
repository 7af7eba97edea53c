"""Checks for notebook 02 (Analog SGD)."""

from __future__ import annotations

import numpy as np

from ..theory.lower_bound import stationary_point
from .feedback import Feedback, number_feedback, prediction, word_feedback

FLOOR_RATIO_TAU = 0.45
"""Analog SGD's stationary floor at tau = 2 over the one at tau = 1 (sigma^2 = 0.01, alpha = 0.03, Fig. 3 problem):
the dashboard's measurement, and the implicit-penalty theory (tests/test_exercises.py checks both)."""


@prediction
def check_floor_ratio_tau(answer) -> Feedback:
    """Predict floor(tau = 2) / floor(tau = 1) at sigma^2 = 0.01, alpha = 0.03, then check with "vs τ". About 0.45."""
    return number_feedback(answer, FLOOR_RATIO_TAU, 0.2,
                           f"about {FLOOR_RATIO_TAU}: the bias part falls like 1/tau^2 (a quarter), but the noise "
                           "part, about digital SGD's floor, does not depend on tau.",
                           "the floor is bias + noise; the bias L/2 (w_bar - w*)^2 ~ sigma^2 (w*/tau)^2 falls like "
                           "1/tau^2, the noise part alpha sigma^2 / 4 per coordinate does not. Read both off the "
                           "dashboard at tau = 1 (dashed lines).")


@prediction
def check_floor_vs_alpha(answer) -> Feedback:
    """As alpha -> 0, does Analog SGD's asymptotic error go to 'zero' or to a 'floor'?"""
    return word_feedback(answer, "floor", "the drift -alpha |g| G(W) is proportional to alpha like the gradient step, "
                         "so shrinking alpha slows both and the bias stays (Fig. 1).",
                         "look at the right panel with 'vs α' selected: compare the two curves at the smallest alpha.",
                         ("a floor", "plateau", "a plateau", "nonzero", "non-zero", "stays", "a constant"))


@prediction
def check_floor_without_noise(answer) -> Feedback:
    """With sigma^2 = 0 (and the optimum inside the range), does Analog SGD keep a floor: 'yes' or 'no'?"""
    return word_feedback(answer, "no", "without noise E|g| = |grad f| vanishes at the optimum, so does the pull "
                         "|g| G(W): noise-free analog gradient descent converges to w* (inside the range).",
                         "the pull towards the symmetric point is alpha |g| W / tau. What is |g| at w* when sigma = 0?",
                         ("no floor", "none", "zero", "0", "it vanishes", "no it converges", "converges"))


def check_penalised_minimiser(answer) -> Feedback:
    """1-D, L = 1, w* = 0.5, tau = 1, sigma = 1: the minimiser w_bar of f + E|g| w^2 / (2 tau). About 0.28."""
    exact = float(stationary_point(1.0, 1.0, 1.0, 0.5))
    leading = 0.5 / (1 + np.sqrt(2 / np.pi))
    return number_feedback(answer, exact, 0.03, f"w_bar = w* / (1 + kappa) = {leading:.3f} with kappa = "
                           f"sigma sqrt(2/pi)/(L tau) (the exact root, with E|g| at w_bar, is {exact:.3f}).",
                           "set the derivative L (w - w*) + E|g| w / tau to zero, with E|g| ~ sigma sqrt(2/pi).")
