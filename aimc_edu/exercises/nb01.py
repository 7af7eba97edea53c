"""Checks for notebook 01 (the asymmetric update)."""

from __future__ import annotations

from .feedback import Feedback, number_feedback, prediction, word_feedback


@prediction
def check_trace_vs_tau(answer) -> Feedback:
    """Soft bounds, same number of states: does the pulse trace drawn against w / tau change when tau doubles? 'no'."""
    return word_feedback(answer, "no", "q_plus and q_minus depend on w / tau only and a pulse is tau / n_s: in units "
                         "of the range every soft-bounds device looks the same.",
                         "write q_plus(w) = 1 - w/tau in x = w/tau, and the pulse size dw_min = tau / n_s in units of tau.",
                         ("it does not", "does not change", "unchanged", "same", "the same", "it stays the same", "stays"))


def check_analog_step(answer) -> Feedback:
    """Soft bounds, tau = 1: one analog update of w = 0.5 by dw = +0.2. Expected 0.6."""
    return number_feedback(answer, 0.6, 1e-6, "w_new = w + dw - |dw| w / tau = 0.5 + 0.2 - 0.2 * 0.5 / 1 = 0.6.",
                           "use w_new = w + dw F(w) - |dw| G(w) with F = 1 and G(w) = w / tau.")


def check_soft_bounds_G(answer) -> Feedback:
    """Soft bounds with tau = 2: the value of G(w) at w = 0.5. Expected 0.25."""
    return number_feedback(answer, 0.25, 1e-6, "G(w) = (q_minus - q_plus) / 2 = w / tau = 0.25.",
                           "q_plus = 1 - w/tau and q_minus = 1 + w/tau; G is half their difference.")


@prediction
def check_linear_step_symmetric_point(answer) -> Feedback:
    """Linear step, nu_up = 0.2, nu_down = 0.6, w_min = -1, w_max = 1: symmetric point. Expected 0."""
    return number_feedback(answer, 0.0, 0.0, "q_plus(0) = q_minus(0) = 1 whatever the slopes: G(0) = 0.",
                           "solve q_plus(w) = q_minus(w): 1 - nu_up w / w_max = 1 - nu_down w / w_min.")
