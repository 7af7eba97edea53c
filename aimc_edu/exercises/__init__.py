"""Answer checks for the notebooks' exercises, one module per notebook (``nb01`` .. ``nb07``).

One convention everywhere: a notebook does ``from aimc_edu.exercises import nb02 as ex``; each exercise is a
question (predictions first: "predict, then move the slider"), a cell ``answer = None`` /
``ex.check_floor_ratio_tau(answer)``, and its solution in a collapsed Markdown ``<details>`` block that Run All
never executes. A check returns a :class:`Feedback` (truthy when right, with a hint when wrong; ``None``
means "not answered yet"). Notebook 05's derivation steps are checked by ``check_step_*``.
"""

from . import nb01, nb02, nb03, nb04, nb05, nb06, nb07
from .feedback import NO_ANSWER, Feedback, as_number, normalize_word, number_feedback, prediction, word_feedback

__all__ = ["Feedback", "NO_ANSWER", "as_number", "nb01", "nb02", "nb03", "nb04", "nb05", "nb06", "nb07",
           "normalize_word", "number_feedback", "prediction", "word_feedback"]
