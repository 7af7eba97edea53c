"""The theory of the course, derived with sympy and checked against simulation (paper, Table 1).

Sections (each a module, each result a function returning sympy expressions, cached):

1. :mod:`.devices` — F, G and the symmetric point of every device family.
2. :func:`.bounds.soft_bounds_invariant` — |w| <= tau and |dw| <= tau imply |w_new| <= tau.
3. :func:`.bounds.digital_sgd_bound`, :func:`.bounds.digital_quadratic_floor` — digital SGD.
4. :func:`.bounds.analog_sgd_bound` — Analog SGD: the (1 - W_max^2/tau^2) factor and the floor.
5. :mod:`.lower_bound` — the 1-D instance: stationary point, floor ~ sigma^2 (w*/tau)^2 and its correction.
6. :mod:`.tiki_taka` — Tiki-Taka's fixed point, stability, friction, vanishing offset.
7. :func:`.table.table1_latex` — Table 1 assembled; :mod:`.printing` — formulas printed in textbook order.
8. :mod:`.offsets` — Tiki-Taka with P's symmetric point p != 0, zero-shifting, residual learning (notebook 07).
9. :mod:`.penalty` — Analog SGD as SGD on f plus the implicit penalty Phi = int G/F (notebook 07).

Also :mod:`.stationary` (the stationary laws used to start simulations in the stationary regime, the implicit
penalty's minimiser, the best value inside the range) and :mod:`.symbols` (the course's one symbol table).
"""

from . import bounds, devices, lower_bound, offsets, penalty, printing, stationary, symbols, table, tiki_taka
from ._common import Delta, K, L, alpha, beta, dw, kappa, m, sigma, tau, w, w_star
from .bounds import (analog_sgd_bound, digital_quadratic_floor, digital_sgd_bound, soft_bounds_invariant)
from .devices import (FG, analog_update_expr, numeric_FG, parameter_symbols, response_factors, symmetric_point,
                      symmetric_point_numeric)
from .lower_bound import (analog_drift, analog_floor, analog_stationary_moments, folded_normal_mean,
                          small_saturation_root, stationary_condition, stationary_point)
from .table import table1, table1_latex
from .tiki_taka import fast_array_second_moment, friction, mean_dynamics
from .tiki_taka import stationary_point as tiki_taka_stationary_point

__all__ = [
    "bounds", "devices", "lower_bound", "offsets", "penalty", "printing", "stationary", "symbols", "table", "tiki_taka",
    "Delta", "K", "L", "alpha", "beta", "dw", "kappa", "m", "sigma", "tau", "w", "w_star",
    "analog_sgd_bound", "digital_quadratic_floor", "digital_sgd_bound", "soft_bounds_invariant",
    "FG", "analog_update_expr", "parameter_symbols", "numeric_FG", "response_factors", "symmetric_point", "symmetric_point_numeric",
    "analog_drift", "analog_floor", "analog_stationary_moments", "folded_normal_mean",
    "small_saturation_root", "stationary_condition", "stationary_point",
    "table1", "table1_latex", "mean_dynamics", "fast_array_second_moment", "friction", "tiki_taka_stationary_point",
]
