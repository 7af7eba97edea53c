"""Checks for notebook 04 (Tiki-Taka)."""

from __future__ import annotations

from .feedback import Feedback, number_feedback, word_feedback


def check_p_mean(answer) -> Feedback:
    """At a critical point of f (mean gradient 0), around which value does P fluctuate? Expected 0."""
    return number_feedback(answer, 0.0, 0.0, "P is pulled to the symmetric point of its device, 0, so W's mean drift "
                   "alpha E[P] vanishes: no bias.", "look at the right panel of the dashboard: where does P hover?")


def check_tt_floor_vs_alpha(answer) -> Feedback:
    """As alpha = beta -> 0, does Tiki-Taka's asymptotic error go to 'zero' or to a 'floor'?"""
    return word_feedback(answer, "zero", "Tiki-Taka's floor falls with alpha (roughly in proportion), like digital SGD's.",
                 "compare the green and orange curves in the middle panel at the smallest alpha.",
                 ("0", "vanishes", "0.0"))
