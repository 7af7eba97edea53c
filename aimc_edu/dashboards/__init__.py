"""Live dashboards of the course, one module per notebook, all built on :class:`.base.Dashboard`.

In a notebook cell, ``analog_sgd_dashboard()`` shows the dashboard; headless,
``board.controls["tau"].value = 2.0`` redraws and ``board.figure`` holds the updated artists.
:data:`BY_NOTEBOOK` finds a notebook's dashboard by its number (``aimc-edu present 02`` uses it).
"""

from .base import Dashboard, float_slider, select_slider
from .nb01_asymmetric_update import device_dashboard
from .nb02_analog_sgd import analog_sgd_dashboard
from .nb03_model_vs_pulses import model_vs_pulses_dashboard
from .nb04_tiki_taka import tiki_taka_dashboard
from .nb05_theory import theory_dashboard
from .nb06_neural_networks import NeuralNetDashboard
from .nb07_beyond_tiki_taka import beyond_tiki_taka_dashboard

BY_NOTEBOOK = {"01": device_dashboard, "02": analog_sgd_dashboard, "03": model_vs_pulses_dashboard,
               "04": tiki_taka_dashboard, "05": theory_dashboard, "06": NeuralNetDashboard,
               "07": beyond_tiki_taka_dashboard}
"""Each notebook's dashboard factory by the notebook's number (00 has none): ``BY_NOTEBOOK["02"]()`` builds 02's.
A factory's module is named after its notebook: ``nb02_analog_sgd`` belongs to ``02_analog_sgd.ipynb``."""

__all__ = ["BY_NOTEBOOK", "Dashboard", "NeuralNetDashboard", "analog_sgd_dashboard", "beyond_tiki_taka_dashboard",
           "device_dashboard", "float_slider", "model_vs_pulses_dashboard", "select_slider", "theory_dashboard",
           "tiki_taka_dashboard"]
