"""Resistive device models: response factors q_plus, q_minus, F, G and the analog update.

* :mod:`.base` -- the :class:`Device` protocol (F, G, symmetric point, saturation, update);
* :mod:`.ideal`, :mod:`.soft_bounds`, :mod:`.step` -- the families (paper Figs. 2 and 6);
* :mod:`.pulsed` -- a pulse-level wrapper around any family;
* :mod:`.registry` -- :func:`register_device`, :func:`make_device`, :func:`device_from_range`;
* :func:`lead` -- broadcast a per-run parameter (shape (runs,)) against weights (runs, d).
"""

from .._validate import lead
from .base import Device
from .ideal import Ideal
from .pulsed import Pulsed
from .registry import DEVICES, device_from_range, make_device, register_device
from .soft_bounds import SoftBounds, SoftBoundsUpDown
from .step import ExpStep, LinearStep, PowStep

for _family in (Ideal, SoftBounds, SoftBoundsUpDown, LinearStep, PowStep, ExpStep):
    register_device(_family)

__all__ = ["DEVICES", "Device", "ExpStep", "Ideal", "LinearStep", "PowStep", "Pulsed", "SoftBounds",
           "SoftBoundsUpDown", "device_from_range", "lead", "make_device", "register_device"]
