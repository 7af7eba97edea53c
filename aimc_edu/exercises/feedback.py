"""The one convention for exercise checks: a check takes the reader's answer and returns a :class:`Feedback`.

``None`` (the placeholder in the notebooks) means "not answered yet", never an error; a wrong answer
gets a hint; numbers are compared with a relative tolerance, words case- and punctuation-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Feedback:
    """The verdict of a check: ``correct`` and a message (with a hint when wrong); truthy when correct."""

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


def number_feedback(answer, expected: float, rtol: float, right: str, hint: str, atol: float = 1e-12) -> Feedback:
    """Feedback on a numeric answer: right within relative tolerance ``rtol`` (or ``atol``), else the hint.

    Example:
        >>> bool(number_feedback(0.3001, 0.3, 1e-3, "ok", "hint"))
        True
    """
    if answer is None:
        return NO_ANSWER
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return Feedback(False, f"Expected a number, got {answer!r}. Hint: {hint}")
    if np.isfinite(value) and abs(value - expected) <= rtol * abs(expected) + atol:
        return Feedback(True, f"Correct! {right}")
    return Feedback(False, f"Not quite ({value:g}). Hint: {hint}")


def normalize_word(answer) -> str:
    """'  Stable. ' -> 'stable': lower case, surrounding spaces, quotes and punctuation removed."""
    return re.sub(r"^[\W_]+|[\W_]+$", "", str(answer).strip().lower())


def word_feedback(answer, expected: str, right: str, hint: str, synonyms: tuple = ()) -> Feedback:
    """Feedback on a one-word answer (``expected`` or one of ``synonyms``), in any case or punctuation.

    Example:
        >>> bool(word_feedback("Stable.", "stable", "ok", "hint"))
        True
    """
    if answer is None:
        return NO_ANSWER
    if normalize_word(answer) in (expected, *synonyms):
        return Feedback(True, f"Correct! {right}")
    return Feedback(False, f"Not quite ({answer!r}). Hint: {hint}")
