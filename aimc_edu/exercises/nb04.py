"""Checks for notebook 04 (Tiki-Taka)."""

from __future__ import annotations


from ..numerics import bisect, folded_normal_mean
from .feedback import Feedback, number_feedback, prediction, word_feedback


@prediction
def check_p_mean(answer) -> Feedback:
    """At a critical point of f (mean gradient 0), around which value does P fluctuate? Expected 0."""
    return number_feedback(answer, 0.0, 0.0, "P is pulled to the symmetric point of its device, 0, so W's mean drift "
                           "alpha E[P] vanishes: no bias.", "look at the right panel of the dashboard: where does P hover?")


@prediction
def check_tt_floor_vs_alpha(answer) -> Feedback:
    """tau = 1: as alpha = beta -> 0, does Tiki-Taka's asymptotic error go to 'zero' or to a 'floor'?"""
    return word_feedback(answer, "zero", "Tiki-Taka's floor falls in proportion to alpha, like digital SGD's (the "
                         "dash-dotted guide), while Analog SGD's stays.",
                         "compare the green and orange curves in the middle panel at the smallest alpha.",
                         ("0", "vanishes", "0.0", "it vanishes", "goes to zero"))


@prediction
def check_box_limit(answer) -> Feedback:
    """f(w) = (w - 0.8)^2 / 2 on a device with tau = 0.5: the best f - f* any analog weight can reach. 0.045."""
    return number_feedback(answer, 0.045, 1e-3, "the best weight inside [-0.5, 0.5] is 0.5, so f - f* = 0.3^2 / 2 "
                           "= 0.045: no algorithm on this device goes lower, however small alpha is.",
                           "a weight on the device stays in [-tau, tau]: which w in [-0.5, 0.5] is closest to w* = 0.8?")


@prediction
def check_shifted_symmetric_point(answer) -> Feedback:
    """Tiki-Taka, 1-D, L = tau = sigma = 1, P's device has symmetric point 0.2: the offset W - w* as alpha -> 0. ~0.16."""
    exact = float(bisect(lambda m: m - folded_normal_mean(m, 1.0) * 0.2, -5.0, 5.0))
    return number_feedback(answer, exact, 0.1, f"P rests at 0 only where the mean gradient balances its pull: "
                           f"L (W - w*) = E|g| 0.2 / tau = {exact:.3f} (~ sigma sqrt(2/pi) 0.2). The floor is back: "
                           "Analog SGD's bias with w* replaced by the symmetric point.",
                           "P stays put (on average) when -beta E g - beta E|g| (P - 0.2) / tau = 0; W stays put "
                           "when P is about 0. Solve for E g = L (W - w*) with E|g| ~ sigma sqrt(2/pi).")
