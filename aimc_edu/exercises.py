"""Self-checks for the notebooks' exercises: each says whether an answer is right and gives a hint if not.

A check returns a :class:`Feedback` (truthy when correct) that prints as one friendly line.
``None`` (the placeholder in the notebooks) means "not answered yet", never an error.

Example:
    >>> check_analog_step(0.6)
    Correct! w_new = w + dw - |dw| w / tau = 0.5 + 0.2 - 0.2 * 0.5 / 1 = 0.6.
    >>> bool(check_analog_step(0.7))
    False
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``correct`` and a message (with a hint when wrong)."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        color = "#009E73" if self.correct else "#D55E00"
        return f"<b style='color:{color}'>{self.message}</b>"


NO_ANSWER = Feedback(False, "No answer yet: replace None with your answer and run the cell again.")


def number_feedback(answer, expected: float, rtol: float, right: str, hint: str) -> Feedback:
    """Feedback on a numeric answer: right within relative tolerance ``rtol``, else the hint."""
    if answer is None:
        return NO_ANSWER
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number, got {answer!r}. Hint: {hint}")
    if np.isfinite(value) and abs(value - expected) <= rtol * abs(expected) + 1e-12:
        return Feedback(True, f"Correct! {right}")
    return Feedback(False, f"Not quite ({value:g}). Hint: {hint}")


def _word(answer, expected: str, right: str, hint: str, synonyms: tuple = ()) -> Feedback:
    if answer is None:
        return Feedback(False, "No answer yet: replace None with your answer and run the cell again.")
    text = str(answer).strip().lower()
    if text in (expected, *synonyms):
        return Feedback(True, f"Correct! {right}")
    return Feedback(False, f"Not quite ({answer!r}). Hint: {hint}")


# 01 -- the asymmetric update
def check_analog_step(answer) -> Feedback:
    """Soft bounds, tau = 1: one analog update of w = 0.5 by dw = +0.2. Expected 0.6."""
    return number_feedback(answer, 0.6, 1e-6, "w_new = w + dw - |dw| w / tau = 0.5 + 0.2 - 0.2 * 0.5 / 1 = 0.6.",
                   "use w_new = w + dw F(w) - |dw| G(w) with F = 1 and G(w) = w / tau.")


def check_soft_bounds_G(answer) -> Feedback:
    """Soft bounds with tau = 2: the value of G(w) at w = 0.5. Expected 0.25."""
    return number_feedback(answer, 0.25, 1e-6, "G(w) = (q_minus - q_plus) / 2 = w / tau = 0.25.",
                   "q_plus = 1 - w/tau and q_minus = 1 + w/tau; G is half their difference.")


def check_linear_step_symmetric_point(answer) -> Feedback:
    """Linear step, gamma_up = 0.2, gamma_down = 0.6, w_min = -1, w_max = 1: symmetric point. Expected 0."""
    return number_feedback(answer, 0.0, 0.0, "q_plus(0) = q_minus(0) = 1 whatever the slopes: G(0) = 0.",
                   "solve q_plus(w) = q_minus(w): 1 - gamma_up w / w_max = 1 - gamma_down w / w_min.")


# 02 -- Analog SGD
def digital_floor_1d(lr: float, sigma2: float, curvature: float) -> float:
    """Stationary E[f(w) - f*] of digital SGD on f = L/2 (w - w*)^2: alpha sigma^2 / (2 (2 - alpha L))."""
    return lr * sigma2 / (2.0 * (2.0 - lr * curvature))


def check_digital_floor(answer) -> Feedback:
    """Digital SGD on f = L/2 w^2, L = 1, alpha = 0.1, sigma^2 = 0.01: stationary E[f - f*]."""
    expected = digital_floor_1d(0.1, 0.01, 1.0)
    return number_feedback(answer, expected, 0.02, f"alpha sigma^2 / (2 (2 - alpha L)) = {expected:.4g}: it vanishes as alpha -> 0.",
                   "w_{k+1} = (1 - alpha L) w_k - alpha sigma xi_k; solve Var = (1 - alpha L)^2 Var + alpha^2 sigma^2, "
                   "then f - f* = L Var / 2.")


def check_floor_vs_tau(answer) -> Feedback:
    """Does Analog SGD's asymptotic error 'grow' or 'shrink' as tau grows?"""
    return _word(answer, "shrink", "a larger dynamic range means a weaker pull G(w) = w / tau towards 0 (Fig. 4 left).",
                 "move the tau slider with 'vs τ' selected in the right panel.", ("shrinks", "decrease", "decreases"))


def check_floor_vs_alpha(answer) -> Feedback:
    """As alpha -> 0, does Analog SGD's asymptotic error go to 'zero' or to a 'floor'?"""
    return _word(answer, "floor", "the drift -alpha |g| G(W) is proportional to alpha like the gradient step, "
                 "so shrinking alpha slows both and the bias stays (Fig. 1).",
                 "look at the right panel with 'vs α' selected: compare the two curves at the smallest alpha.",
                 ("a floor", "plateau", "nonzero", "non-zero"))


# 03 -- model vs pulses
def check_pulse_count(answer) -> Feedback:
    """tau = 1 with 300 states (dw_min = tau / 300): mean pulse count for an increment dw = 0.01. Expected 3."""
    return number_feedback(answer, 3.0, 1e-6, "E[n] = |dw| / dw_min = 0.01 / (1/300) = 3 pulses.",
                   "dw_min = tau / states; the number of pulses is |dw| / dw_min on average.")


def check_few_states(answer) -> Feedback:
    """With very few states, is the pulse-level error 'above' or 'below' the analog model's?"""
    return _word(answer, "above", "with coarse steps each update overshoots by up to dw_min: an extra noise "
                 "of variance about dw_min^2 that the expectation-level model ignores.",
                 "set states to 3 and compare the pink and orange curves.", ("higher", "larger", "greater"))


# 04 -- Tiki-Taka
def check_p_mean(answer) -> Feedback:
    """At a critical point of f (mean gradient 0), around which value does P fluctuate? Expected 0."""
    return number_feedback(answer, 0.0, 0.0, "P is pulled to the symmetric point of its device, 0, so W's mean drift "
                   "alpha E[P] vanishes: no bias.", "look at the right panel of the dashboard: where does P hover?")


def check_tt_floor_vs_alpha(answer) -> Feedback:
    """As alpha = beta -> 0, does Tiki-Taka's asymptotic error go to 'zero' or to a 'floor'?"""
    return _word(answer, "zero", "Tiki-Taka's floor falls with alpha (roughly in proportion), like digital SGD's.",
                 "compare the green and orange curves in the middle panel at the smallest alpha.",
                 ("0", "vanishes", "0.0"))


__all__ = [name for name in dir() if name.startswith("check_")] + ["Feedback", "digital_floor_1d"]
