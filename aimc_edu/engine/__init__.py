"""The simulation engine (:func:`simulate`, the only time loop) and what it returns (:class:`Trace`)."""

from .labelled import Labelled, Table
from .simulate import ENGINE_KEYS, one_blas_thread, simulate
from .trace import METRICS, Trace

__all__ = ["ENGINE_KEYS", "Labelled", "METRICS", "Table", "Trace", "one_blas_thread", "simulate"]
