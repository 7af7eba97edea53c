"""Checks for notebook 06 (neural networks)."""

from __future__ import annotations

from .feedback import Feedback, number_feedback, prediction, word_feedback

ANALOG = ("analog", "analog sgd", "analogsgd", "analog-sgd")


@prediction
def check_small_tau_loser(answer) -> Feedback:
    """At a small range (tau = 0.3), which algorithm loses more accuracy: 'Analog SGD' or 'Tiki-Taka'?"""
    return word_feedback(answer, "analog sgd", "its drift alpha |g| W / tau is a noise-driven pull towards 0 that "
                         "grows as tau shrinks; Tiki-Taka's fast array absorbs it (P rests at its symmetric point).",
                         "think of the size of alpha |g| / tau in each algorithm's update of W.", ANALOG)


@prediction
def check_lower_saturation(answer) -> Feedback:
    """After training at tau = 0.3, whose weights sit nearer zero (lower mean |w|/tau): 'Analog SGD' or 'Tiki-Taka'?"""
    return word_feedback(answer, "analog sgd", "in these runs the pull alpha |g| W / tau acts like a weight decay and "
                         "keeps Analog SGD's weights nearer 0 (the paper's Fig. 7 shows the opposite ordering after "
                         "much longer runs; we did not reproduce it).",
                         "which algorithm's W is pulled towards 0 at every update?", ANALOG)


def check_transfer_rate(answer) -> Feedback:
    """The course's Tiki-Taka recipe with lr = 0.3: alpha = 0.01 lr. Expected 0.003."""
    return number_feedback(answer, 0.003, 1e-6, "beta = 3 lr = 0.9 moves P fast; alpha = 0.01 lr = 0.003 moves W "
                           "slowly, so the pair (W, P) does not overshoot.",
                           "COURSE_RECIPE = {'fast_lr': 3.0, 'lr': 0.01} multiplies lr.")
