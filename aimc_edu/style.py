"""One look for every figure of the course: colour-blind-safe colours per algorithm, lecture-hall fonts.

Colours are the Okabe-Ito palette; each algorithm keeps its colour in every notebook.
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl

COLORS = {
    "digital-sgd": "#0072B2",   # blue
    "analog-sgd": "#D55E00",    # vermillion
    "tiki-taka": "#009E73",     # bluish green
    "pulsed": "#CC79A7",        # reddish purple
    "theory": "#000000",        # black
    "q_plus": "#E69F00",        # orange
    "q_minus": "#56B4E9",       # sky blue
    "F": "#0072B2",
    "G": "#D55E00",
}
LABELS = {"digital-sgd": "Digital SGD", "analog-sgd": "Analog SGD", "tiki-taka": "Tiki-Taka",
          "pulsed": "pulse-level", "theory": "theory"}

RC = {
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 14,
    "legend.fontsize": 12,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "lines.linewidth": 2.0,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
}


@contextlib.contextmanager
def course_style():
    """Context manager applying the course's matplotlib settings."""
    with mpl.rc_context(RC):
        yield
