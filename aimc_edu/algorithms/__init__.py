"""Training rules as init / update pairs over arrays with a leading runs axis.

* :mod:`.base` -- the written :class:`~.base.Algorithm` protocol and shared defaults;
* :mod:`.sgd` -- :class:`DigitalSGD` and :class:`AnalogSGD`;
* :mod:`.tiki_taka` -- :class:`TikiTaka` (TT-v1);
* :mod:`.stack` -- :class:`Stack`, several algorithms side by side in one simulation;
* :mod:`.registry` -- :func:`register_algorithm` and :func:`make_algorithm`.

The engine (:func:`aimc_edu.engine.simulate`) is the only place with a time loop.
"""

from .base import Algorithm, AlgorithmBase, WeightsState
from .registry import ALGORITHMS, make_algorithm, register_algorithm
from .sgd import AnalogSGD, DigitalSGD
from .stack import Stack
from .tiki_taka import TikiTaka, TikiTakaState

for _cls in (DigitalSGD, AnalogSGD, TikiTaka):
    register_algorithm(_cls)

__all__ = ["ALGORITHMS", "Algorithm", "AlgorithmBase", "AnalogSGD", "DigitalSGD", "Stack", "TikiTaka",
           "TikiTakaState", "WeightsState", "make_algorithm", "register_algorithm"]
