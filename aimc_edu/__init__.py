"""aimc_edu: training on analog in-memory computing hardware, for teaching.

Devices, the analog update, Analog SGD and Tiki-Taka, the paper's toy problems and a
vectorized simulation engine (Wu, Gokmen, Rasch, Chen, NeurIPS 2024).
"""

from .algorithms import AnalogSGD, DigitalSGD, Stack, TikiTaka, make_algorithm
from .devices import DEVICES, Device, ExpStep, Ideal, LinearStep, PowStep, SoftBounds, make_device
from .problems import (PAPER_SETTINGS, LeastSquares, Problem, Quadratic, fig1_problem, fig3_problem,
                       fig4_sigma_problem)
from .pulsed import Pulsed
from .simulate import Trace, simulate

__version__ = "0.1.0"

__all__ = [
    "AnalogSGD", "DigitalSGD", "Stack", "TikiTaka", "make_algorithm",
    "DEVICES", "Device", "ExpStep", "Ideal", "LinearStep", "PowStep", "SoftBounds", "make_device",
    "PAPER_SETTINGS", "LeastSquares", "Problem", "Quadratic", "fig1_problem", "fig3_problem",
    "fig4_sigma_problem", "Pulsed", "Trace", "simulate",
]
