"""The one convention for exercise checks: a check takes the reader's answer and returns a :class:`Feedback`.

``None`` (the placeholder in the notebooks) means "not answered yet", never an error; a wrong answer
gets a hint; numbers are compared with a relative tolerance (and may be typed as "3/5" or "1e-3"), words
case- and punctuation-insensitively, formulas symbolically. Checks of questions that ask the reader to
predict before moving a slider carry ``prediction = True`` (:func:`prediction`); checks of the steps of a
derivation (notebook 05) are named ``check_step_*``.
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


def prediction(check):
    """Mark ``check`` as the check of a prediction (asked before the reader moves a slider or runs a cell)."""
    check.prediction = True
    return check


def as_number(answer) -> float | None:
    """``answer`` as a float: numbers, and strings such as " 0.6 ", "3/5", "6e-1", "sqrt(2)/2"; else None.

    Example:
        >>> as_number("3/5"), as_number(" 1e-3 "), as_number("many")
        (0.6, 0.001, None)
    """
    try:
        return float(answer)
    except (TypeError, ValueError):
        pass
    if not isinstance(answer, str) or not re.fullmatch(r"[0-9eE.+\-*/() sqrtpi]+", answer.strip()):
        return None
    import sympy as sp

    try:
        return float(sp.sympify(answer.strip()))
    except (sp.SympifyError, TypeError, ValueError, SyntaxError):
        return None


def number_feedback(answer, expected: float, rtol: float, right: str, hint: str, atol: float = 1e-12) -> Feedback:
    """Feedback on a numeric answer: right within relative tolerance ``rtol`` (or ``atol``), else the hint.

    Example:
        >>> bool(number_feedback(0.3001, 0.3, 1e-3, "ok", "hint"))
        True
    """
    if answer is None:
        return NO_ANSWER
    value = as_number(answer)
    if value is None:
        return Feedback(False, f"Expected a number, got {answer!r}. Hint: {hint}")
    if np.isfinite(value) and abs(value - expected) <= rtol * abs(expected) + atol:
        return Feedback(True, f"Correct! {right}")
    return Feedback(False, f"Not quite ({value:g}). Hint: {hint}")


def normalize_word(answer) -> str:
    """'  Stable. ' -> 'stable', 'Analog-SGD' -> 'analog sgd': lower case, outer punctuation removed, inner
    hyphens, underscores and runs of spaces made single spaces."""
    inner = re.sub(r"[\s_\-]+", " ", str(answer).strip().lower())
    return re.sub(r"^[\W_]+|[\W_]+$", "", inner)


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


def expression_feedback(answer, expected, symbols: dict, right: str, hint: str) -> Feedback:
    """Feedback on a formula: a sympy expression or a string in the names of ``symbols`` ({name: Symbol}),
    right if it equals ``expected`` (symbolically, else numerically at random positive points).

    Example:
        >>> import sympy as sp
        >>> a = sp.Symbol("a", positive=True)
        >>> bool(expression_feedback("2*a/(a + a)", 1, {"a": a}, "ok", "hint"))
        True
    """
    import sympy as sp

    if answer is None:
        return NO_ANSWER
    try:
        expr = sp.sympify(answer, locals=dict(symbols))
        expr = expr.subs({sp.Symbol(n): s for n, s in symbols.items()})
    except (sp.SympifyError, TypeError, SyntaxError, AttributeError):
        return Feedback(False, f"Could not read {answer!r} as a formula. Hint: {hint}")
    diff = expr - sp.sympify(expected)
    try:
        same = sp.simplify(diff.rewrite(sp.exp)) == 0
    except Exception:                       # simplify can fail on odd input: fall back to numbers
        same = False
    if not same:
        names = sorted(diff.free_symbols, key=str)
        f = sp.lambdify(names, diff, modules="numpy")
        rng = np.random.default_rng(0)
        with np.errstate(all="ignore"):
            vals = [complex(f(*rng.uniform(0.2, 1.5, len(names)))) for _ in range(8)]
        same = bool(np.all(np.abs(vals) < 1e-9)) and not (diff.free_symbols - set(symbols.values()))
    if same:
        return Feedback(True, f"Correct! {right}")
    return Feedback(False, f"Not quite ({answer}). Hint: {hint}")
