"""Checks for notebook 03 (model vs pulses)."""

from __future__ import annotations

from .feedback import Feedback, number_feedback, word_feedback


def check_pulse_count(answer) -> Feedback:
    """tau = 1 with 300 states (dw_min = tau / 300): mean pulse count for an increment dw = 0.01. Expected 3."""
    return number_feedback(answer, 3.0, 1e-6, "E[n] = |dw| / dw_min = 0.01 / (1/300) = 3 pulses.",
                   "dw_min = tau / states; the number of pulses is |dw| / dw_min on average.")


def check_few_states(answer) -> Feedback:
    """With very few states, is the pulse-level error 'above' or 'below' the analog model's?"""
    return word_feedback(answer, "above", "with coarse steps each update overshoots by up to dw_min: an extra noise "
                 "of variance about dw_min^2 that the expectation-level model ignores.",
                 "set states to 3 and compare the pink and orange curves.", ("higher", "larger", "greater"))
