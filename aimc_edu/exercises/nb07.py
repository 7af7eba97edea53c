"""Checks for notebook 07 (beyond Tiki-Taka). Each returns a Feedback (truthy when right; ``None`` = not answered).

Example:
    >>> bool(check_chopped_offset_sum(0.0))
    True
"""

from __future__ import annotations

from ..theory.offsets import offset_law
from .feedback import Feedback, number_feedback, prediction, word_feedback


@prediction
def check_tt_offset_floor(answer) -> Feedback:
    """p = 0.2, sigma = 0.5, tau = 1, L = 1: Tiki-Taka's floor as alpha = beta -> 0 (the derived law, about 3.3e-3)."""
    exact = float(offset_law(0.5, 1.0, 1.0, 0.2)["floor"])
    return number_feedback(answer, exact, 0.1, f"L/2 (E|g| p/(L tau))^2 = {exact:.2g}; sigma^2 (p/tau)^2/(pi L) = 3.2e-3 "
                           "is the same law with E|g| = sigma sqrt(2/pi).",
                           "Analog SGD's floor law sigma^2 (w*/tau)^2/(pi L) with w* replaced by p.")


@prediction
def check_offset_sign(answer) -> Feedback:
    """With p = +0.2 (AIHWKIT's convention), does W settle 'above' or 'below' w*? Expected: above."""
    return word_feedback(answer, "above", "P's pull towards p > 0 must be balanced by a mean gradient E g = E|g| p/tau > 0, "
                         "i.e. W > w*.", "at rest P is near 0 < p: the asymmetric term pulls P up; which gradient "
                         "sign pulls it back down (P accumulates -beta g)?", ("higher", "over", "larger"))


@prediction
def check_zero_shift_floor_vs_alpha(answer) -> Feedback:
    """With zero-shifting, halving alpha = beta roughly 'halves' the floor (or leaves it 'unchanged')? Expected: halves."""
    return word_feedback(answer, "halves", "the reference removes p, and Tiki-Taka's floor is again proportional to alpha.",
                         "zero-shifting makes P's symmetric point 0 again: which notebook-04 law applies?",
                         ("half", "halved", "falls", "shrinks"))


def check_penalty_minimizer(answer) -> Feedback:
    """Soft bounds: minimiser of L/2 (w - w*)^2 + M w^2/(2 tau) for L = 1, w* = 0.5, M = 0.4, tau = 1: 0.5/1.4."""
    return number_feedback(answer, 0.5 / 1.4, 1e-3, "w = L w*/(L + M/tau) = 0.357: the weight decay M/tau shrinks w*.",
                           "set the derivative L (w - w*) + M w / tau to zero.")


def check_chopped_offset_sum(answer) -> Feedback:
    """c-TTv2: the offset's contribution alpha c_k p to the buffer, summed over two chopper periods. Expected 0."""
    return number_feedback(answer, 0.0, 0.0, "the signs +1, -1 cancel: a constant offset never builds up in H.",
                           "c_k is +1 for one period and -1 for the next.")


def check_zero_shift_pulses(answer) -> Feedback:
    """Soft bounds, 300 states: pulses for the distance to p to shrink by a factor e (about tau/dw_min = 300)."""
    return number_feedback(answer, 300.0, 0.15, "each pulse pair shrinks the distance by (1 - dw_min/tau)^2, so one "
                           "pulse by about 1 - 1/300: an e-fold takes ~300 pulses.",
                           "x -> x (1 - dw_min/tau) + dw_min after a pulse up; what is dw_min/tau with 300 states?")
