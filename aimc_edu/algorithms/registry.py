"""The algorithm registry and the one factory that builds an algorithm by name."""

from __future__ import annotations

import inspect

from .._validate import choice
from ..devices import Device, make_device
from ..viz.style import register_series
from .base import Algorithm

ALGORITHMS: dict[str, type] = {}
"""Registered algorithms by name (``--algorithm`` choices, network trainer, plot colours)."""


def register_algorithm(cls: type) -> type:
    """Register an algorithm class under ``cls.name`` and its plot series (``cls.label``, ``cls.color``).

    Usable as a class decorator. The class must follow :class:`~aimc_edu.algorithms.base.Algorithm`.
    """
    missing = [m for m in ("init", "update", "query_point", "weights", "arrays", "max_saturation", "scaled")
               if not callable(getattr(cls, m, None))]
    if missing or not getattr(cls, "name", ""):
        raise ValueError(f"{cls!r} does not follow the Algorithm protocol: needs a 'name' and the methods "
                         f"{missing or 'listed in aimc_edu.algorithms.base'}")
    ALGORITHMS[cls.name] = cls
    register_series(cls.name, cls.label or cls.name, cls.color)
    return cls


def make_algorithm(name: str, *, lr, device: Device | str | None = None, **options) -> Algorithm:
    """Build a registered algorithm by name: ``lr`` is alpha, ``device`` a Device or a device name.

    Other keywords go to the algorithm (e.g. ``fast_lr``, ``gamma``, ``transfer_every`` for Tiki-Taka;
    ``fast_lr`` defaults to ``lr``: beta = alpha, as in the paper's toy runs). Device parameters
    (e.g. ``tau``) may follow a device name. An algorithm without a ``device`` field ignores ``device``.

    Example:
        >>> make_algorithm("analog-sgd", lr=0.1, device="soft-bounds", tau=2.0).device.tau
        2.0
        >>> make_algorithm("tiki-taka", lr=0.1, device="soft-bounds").fast_lr
        0.1
    """
    cls = ALGORITHMS[choice("algorithm", name, ALGORITHMS)]
    accepted = set(inspect.signature(cls).parameters)
    device_params = {k: v for k, v in options.items() if k not in accepted}
    options = {k: v for k, v in options.items() if k in accepted}
    if isinstance(device, str):
        device = make_device(device, **device_params)
    elif device_params:
        raise ValueError(f"unknown option(s) {sorted(device_params)} for algorithm {name!r}"
                         f"{'' if device is not None else ' (device parameters need a device name)'}")
    kwargs = {"lr": lr, **options}
    if "device" in accepted:
        if device is None:
            raise ValueError(f"algorithm {name!r} needs a device")
        kwargs["device"] = device
    if "fast_lr" in accepted and kwargs.get("fast_lr") is None:
        kwargs["fast_lr"] = lr
    return cls(**kwargs)
