"""Device curves and pulse traces (paper Figs. 2 and 6; notebook 01) as arrays."""

from __future__ import annotations

import numpy as np

from .._validate import as_int, as_param
from ..devices import DEVICES, Device, Pulsed, SoftBounds, device_from_range


def families() -> tuple:
    """The registered device families now (a family registered later appears too)."""
    return tuple(name for name in DEVICES if name != "ideal") + (("ideal",) if "ideal" in DEVICES else ())


def response_curves(device: Device, n: int = 201, span: tuple | None = None) -> dict:
    """q_plus, q_minus, F, G of ``device`` on ``n`` points of its range (or ``span``), and its symmetric point.

    Example:
        >>> c = response_curves(SoftBounds(1.0), n=3)
        >>> c["w"].tolist(), c["G"].tolist(), c["symmetric_point"]
        ([-1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], 0.0)
    """
    lo, hi = span if span is not None else device.bounds
    if not np.isfinite(lo) or not np.isfinite(hi):
        lo, hi = -1.0, 1.0
    w = np.linspace(lo, hi, as_int("n", n, low=2))
    sym = float(device.symmetric_point)
    return {"w": w, "q_plus": device.q_plus(w), "q_minus": device.q_minus(w), "F": device.F(w), "G": device.G(w),
            "symmetric_point": sym, "q_at_symmetric_point": float(device.q_plus(np.array(sym)))}


def family_device(family: str, tau: float, gamma_up: float = 0.5, gamma_down: float = 0.5) -> Device:
    """A registered family on [-tau, tau]; the slopes gamma_up, gamma_down apply to linear and power step."""
    shape = {"gamma_up": gamma_up, "gamma_down": gamma_down} if family in ("linear-step", "pow-step") else {}
    return device_from_range(family, tau, **shape)


def pulse_trace(device: Device, dw_min: float, n: int, noise: float = 0.0, traces: int = 3,
                seed: int = 0) -> np.ndarray:
    """``n`` pulses up then ``n`` down from the symmetric point, each of size dw_min q(w) (times 1 + noise xi).

    Returns shape (2 n + 1, traces); with ``noise`` = 0 all traces coincide.

    Example:
        >>> pulse_trace(SoftBounds(1.0), dw_min=0.5, n=1, traces=1)[:, 0].tolist()
        [0.0, 0.5, -0.25]
    """
    pulsed = Pulsed(device, dw_min=as_param("dw_min", dw_min, low=0.0, low_inclusive=False),
                    noise=as_param("noise", noise, low=0.0))
    start = np.full(as_int("traces", traces, low=1), float(device.symmetric_point))
    n = as_int("n", n, low=1)
    return pulsed.pulse_response(start, n, n, np.random.default_rng(seed))
