"""Checks for notebook 03 (model vs pulses)."""

from __future__ import annotations

from .feedback import Feedback, number_feedback, prediction, word_feedback


def check_pulse_count(answer) -> Feedback:
    """tau = 1 with n_s = 300 states per half range (dw_min = tau / 300): mean pulse count for dw = 0.01. Expected 3."""
    return number_feedback(answer, 3.0, 1e-6, "E n_p = |dw| / dw_min = 0.01 / (1/300) = 3 pulses.",
                           "dw_min = tau / n_s; the number of pulses is |dw| / dw_min on average.")


def check_aihwkit_states(answer) -> Feedback:
    """The paper's device has 300 states per half range: how many does AIHWKIT count over the full range? 600."""
    return number_feedback(answer, 600.0, 1e-6, "AIHWKIT counts (w_max - w_min) / dw_min = 2 tau / dw_min = 600.",
                           "the full range [-tau, tau] is twice the half range tau.")


@prediction
def check_few_states(answer) -> Feedback:
    """With very few states, is the pulse-level error 'above' or 'below' the analog model's?"""
    return word_feedback(answer, "above", "with coarse steps each update overshoots by up to dw_min: an extra noise "
                         "of variance about dw_min^2 that the expectation-level model ignores.",
                         "set states to 3 and compare the pink and orange curves.", ("higher", "larger", "greater"))


@prediction
def check_noise_raises_floor(answer) -> Feedback:
    """tau = 2.5, 300 states: does cycle-to-cycle pulse noise 1 raise the pulse-level floor, 'yes' or 'no'?"""
    return word_feedback(answer, "yes", "each pulse of size dw_min (1 + xi) adds variance dw_min^2 per pulse, and "
                         "dw_min = tau / n_s is largest at large tau.",
                         "noise multiplies every pulse by 1 + noise * xi: what does that add per update, and how "
                         "does it scale with dw_min = tau / n_s?", ("it does", "raises", "higher", "up", "it rises"))
