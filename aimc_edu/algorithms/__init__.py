"""Training rules as init / update pairs over arrays with a leading runs axis.

* :mod:`.base` -- the written :class:`~.base.Algorithm` protocol and shared defaults;
* :mod:`.sgd` -- :class:`DigitalSGD` and :class:`AnalogSGD`;
* :mod:`.tiki_taka` -- :class:`TikiTaka` (TT-v1);
* :mod:`.zero_shift` -- :func:`zero_shift` (P's symmetric point by pulses) and :class:`TikiTakaZeroShift`;
* :mod:`.ttv2`, :mod:`.chopped` -- :class:`BufferedTikiTaka` (TT-v2) and :class:`ChoppedTikiTaka` (c-TTv2);
* :mod:`.stack` -- :class:`Stack`, several algorithms side by side in one simulation;
* :mod:`.registry` -- :func:`register_algorithm` and :func:`make_algorithm`.

The engine (:func:`aimc_edu.engine.simulate`) is the only place with a time loop.
"""

from .base import Algorithm, AlgorithmBase, WeightsState
from .registry import ALGORITHMS, make_algorithm, register_algorithm
from .sgd import AnalogSGD, DigitalSGD
from .stack import Stack
from .tiki_taka import TikiTaka, TikiTakaState
from .zero_shift import TikiTakaZeroShift, zero_shift
from .ttv2 import BufferedTikiTaka
from .chopped import ChoppedTikiTaka

for _cls in (DigitalSGD, AnalogSGD, TikiTaka, TikiTakaZeroShift, BufferedTikiTaka, ChoppedTikiTaka):
    register_algorithm(_cls)

__all__ = ["ALGORITHMS", "Algorithm", "AlgorithmBase", "AnalogSGD", "BufferedTikiTaka", "ChoppedTikiTaka",
           "DigitalSGD", "Stack", "TikiTaka", "TikiTakaState", "TikiTakaZeroShift", "WeightsState", "make_algorithm",
           "register_algorithm", "zero_shift"]
