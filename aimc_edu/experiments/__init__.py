"""The course's experiments as labelled data, shared by dashboards, figures, the CLI and the tests.

* :mod:`.summary` -- :class:`Summary` (bands, floors, standard errors over a named grid) and :func:`summarize`;
* :mod:`.devices` -- response curves and pulse traces (notebook 01, Figs. 2 and 6);
* :mod:`.toy` -- the slider grids of notebooks 02-04 (Figs. 1, 3, 4), cached;
* :mod:`.paper` -- the paper's toy figures at the authors' settings, the paper's dynamic next to the
  per-sample models of AIHWKIT's update;
* :mod:`.per_sample` -- the per-sample update against the aggregate one, and its noise-free stuck
  equilibrium (notebook 03);
* :mod:`.theory_checks` -- simulations against the derived formulas (notebook 05);
* :mod:`.networks` -- Figs. 5 and 7 (notebook 06).
"""

from .summary import QUANTILES, Summary, summarize

__all__ = ["QUANTILES", "Summary", "summarize"]
