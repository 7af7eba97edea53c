"""Answer checks for the notebooks' exercises, one module per notebook (``nb01`` .. ``nb05``, ``nb07``).

One convention everywhere: a notebook does ``from aimc_edu.exercises import nb02 as ex`` and a cell
``ex.check_floor_vs_tau(answer)``; a check returns a :class:`Feedback` (truthy when right, with a hint
when wrong; ``None`` means "not answered yet").
"""

from . import nb01, nb02, nb03, nb04, nb05, nb07
from .feedback import NO_ANSWER, Feedback, normalize_word, number_feedback, word_feedback

__all__ = ["Feedback", "NO_ANSWER", "nb01", "nb02", "nb03", "nb04", "nb05", "nb07", "normalize_word", "number_feedback",
           "word_feedback"]
