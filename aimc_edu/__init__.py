"""aimc_edu: training on analog in-memory computing hardware, for teaching.

Devices, the analog update, Analog SGD and Tiki-Taka, the paper's toy problems and a
vectorized simulation engine (Wu, Gokmen, Rasch, Chen, NeurIPS 2024). The packages, each one
concept (imports point one way, from top to bottom):

    dashboards/  one live dashboard per notebook            -> experiments, viz
    paper        the paper's figures                          -> experiments, viz
    experiments/ the figures' simulations as labelled data    -> engine, nn, theory
    nn/          NumPy networks trained by the algorithms     -> algorithms
    engine/      simulate() and Trace, the only time loop     -> algorithms, problems
    algorithms/  training rules (init / update pairs)         -> devices
    devices/     q_plus, q_minus, F, G, the analog update     -> numerics
    theory/      sympy derivations                            -> numerics, devices
    exercises/   answer checks for the notebooks              -> numerics, theory
    viz/         style, plot builders (arrays in, artists out)
"""

from .algorithms import (ALGORITHMS, AnalogSGD, DigitalSGD, Stack, TikiTaka, make_algorithm,
                         register_algorithm)
from .devices import (DEVICES, Device, ExpStep, Ideal, LinearStep, PowStep, Pulsed, SoftBounds,
                      device_from_range, make_device, register_device)
from .engine import Trace, simulate
from .problems import (PAPER_SETTINGS, LeastSquares, Problem, Quadratic, fig1_problem, fig3_problem,
                       fig4_sigma_problem)

__version__ = "0.1.0"

__all__ = [
    "ALGORITHMS", "AnalogSGD", "DigitalSGD", "Stack", "TikiTaka", "make_algorithm", "register_algorithm",
    "DEVICES", "Device", "ExpStep", "Ideal", "LinearStep", "PowStep", "Pulsed", "SoftBounds",
    "device_from_range", "make_device", "register_device",
    "Trace", "simulate",
    "PAPER_SETTINGS", "LeastSquares", "Problem", "Quadratic", "fig1_problem", "fig3_problem",
    "fig4_sigma_problem",
]
