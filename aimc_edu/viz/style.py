"""One look for every figure of the course: one colour per meaning, lecture-hall fonts.

Series (algorithms, the pulse-level model, theory lines, device curves) are looked up by key
with :func:`series`; algorithms add theirs when registered (:func:`register_series`), so a new
algorithm gets a colour and a label in every plot without touching this file. Colours are the
Okabe-Ito palette (colour-blind-safe) for the algorithms and models, Paul Tol's for the device
curves, so no colour means two things.

Presentation mode (``AIMC_EDU_PRESENT=1``, set by ``aimc-edu present``): :func:`course_style` switches to
:data:`PRESENT_RC`, :func:`present_size` resizes figures for a projector and :func:`render_scale` renders
dashboards at twice the resolution.

This module is a leaf: it imports only matplotlib and the standard library.
"""

from __future__ import annotations

import contextlib
import os
import zlib

import matplotlib as mpl

_SERIES: dict[str, tuple[str, str]] = {
    # models and references
    "pulsed": ("pulse-level", "#CC79A7"),           # reddish purple
    "theory": ("theory", "#000000"),                # black
    "reference": ("reference", "#7F7F7F"),          # grey: symmetric points, optima, bounds
    # device response curves (Figs. 2 and 6)
    "q_plus": (r"$q_+(w)$", "#E69F00"),             # orange
    "q_minus": (r"$q_-(w)$", "#56B4E9"),            # sky blue
    "F": (r"$F(w)$", "#332288"),                    # indigo
    "G": (r"$G(w)$", "#999933"),                    # olive
    "per_sample": ("per-sample update", "#117733"),  # green (Paul Tol): AIHWKIT's pulse train per sample
}
_SPARE = ("#44AA99", "#DDCC77", "#88CCEE", "#6699CC")


def register_series(key: str, label: str, color: str) -> None:
    """Give ``key`` a legend label and a colour in every plot of the course."""
    _SERIES[key] = (label, color)


def series(key: str) -> tuple[str, str]:
    """(label, colour) of a series; an unknown key gets its own name and a stable spare colour.

    Example:
        >>> series("theory")
        ('theory', '#000000')
    """
    if key in _SERIES:
        return _SERIES[key]
    return key, _SPARE[zlib.crc32(key.encode()) % len(_SPARE)]


def color(key: str) -> str:
    """The colour of a series (see :func:`series`)."""
    return series(key)[1]


def label(key: str) -> str:
    """The legend label of a series (see :func:`series`)."""
    return series(key)[0]


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


PRESENT_ENV = "AIMC_EDU_PRESENT"
"""Environment variable that switches the presentation mode on (any value but '' and '0')."""
PRESENT_MIN_PX = 18
"""Smallest figure text in presentation mode, in CSS pixels (dashboards draw at 72 CSS px per inch: 1 pt = 1 px)."""
PRESENT_RC = {
    **RC,
    # named sizes scale font.size: "small" is 0.833 x 22 = 18.3 pt, the smallest a dashboard may use
    "font.size": 22,
    "axes.titlesize": 22,
    "axes.labelsize": 22,
    "legend.fontsize": PRESENT_MIN_PX,
    "legend.title_fontsize": PRESENT_MIN_PX,
    "xtick.labelsize": PRESENT_MIN_PX,
    "ytick.labelsize": PRESENT_MIN_PX,
    "lines.linewidth": 3.0,
    "lines.markersize": 9,
    "axes.linewidth": 1.2,
    "grid.alpha": 0.35,
}
"""The presentation mode's settings (see :func:`presenting`): every text >= :data:`PRESENT_MIN_PX` pt."""
PRESENT_WIDTH_PX = 1240
"""Width of a dashboard figure in presentation mode, CSS px: a 1280 px wide screen less the page's margins."""
PRESENT_HEIGHT_PX = (420, 470)
"""Height range of a dashboard figure in presentation mode, CSS px: it and its controls (<= 240 px) fill 720 px."""
PRESENT_DPI = 72
"""CSS pixels per figure inch of the dashboards (:class:`aimc_edu.dashboards.base.Dashboard`'s ``dpi``)."""


def presenting() -> bool:
    """True in presentation mode (``AIMC_EDU_PRESENT`` set, e.g. by ``aimc-edu present``)."""
    return os.environ.get(PRESENT_ENV, "") not in ("", "0")


def present_size(width: float, height: float) -> tuple[float, float]:
    """Figure size in inches for a new figure of ``width`` x ``height`` inches.

    Unchanged normally. In presentation mode the figure is scaled to :data:`PRESENT_WIDTH_PX` CSS px wide
    (at :data:`PRESENT_DPI`), its height scaled alike into :data:`PRESENT_HEIGHT_PX`, in whole pixels.
    """
    if not presenting():
        return width, height
    if not (width > 0 and height > 0):
        raise ValueError(f"width and height must be > 0 inches, got {width:g} x {height:g}")
    low, high = PRESENT_HEIGHT_PX
    tall_px = min(max(round(height * PRESENT_WIDTH_PX / width), low), high)
    return PRESENT_WIDTH_PX / PRESENT_DPI, tall_px / PRESENT_DPI


def render_scale() -> float:
    """Device pixels per CSS pixel of dashboard images: 2 in presentation mode (crisp on a projector), else 1."""
    return 2.0 if presenting() else 1.0


@contextlib.contextmanager
def course_style():
    """Context manager applying the course's matplotlib settings (restored on exit; see :func:`presenting`)."""
    with mpl.rc_context(PRESENT_RC if presenting() else RC):
        yield
