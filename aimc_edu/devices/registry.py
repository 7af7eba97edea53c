"""The device registry: one call makes a family known to the command line, dashboards and theory."""

from __future__ import annotations

from .._validate import choice
from .base import Device

DEVICES: dict[str, type[Device]] = {}
"""Registered device families by name (``--device`` choices of ``aimc-edu simulate``)."""


def register_device(cls: type[Device]) -> type[Device]:
    """Register a :class:`Device` subclass under ``cls.name`` (usable as a class decorator).

    Example:
        >>> from aimc_edu.devices import SoftBounds
        >>> register_device(SoftBounds) is SoftBounds
        True
    """
    if not (isinstance(cls, type) and issubclass(cls, Device)):
        raise ValueError(f"register_device takes a Device subclass, got {cls!r}")
    if not cls.name or cls.name == Device.name:
        raise ValueError(f"{cls.__name__} needs a class attribute 'name' (a ClassVar[str])")
    DEVICES[cls.name] = cls
    return cls


def make_device(name: str, **params) -> Device:
    """Build a registered device by name with keyword parameters.

    Example:
        >>> make_device("soft-bounds", tau=1.5).tau
        1.5
    """
    cls = DEVICES[choice("device", name, DEVICES)]
    allowed = {f for f, spec in cls.__dataclass_fields__.items() if spec.init}
    unknown = set(params) - allowed
    if unknown:
        raise ValueError(f"unknown parameter(s) {sorted(unknown)} for device {name!r}; allowed: {sorted(allowed)}")
    return cls(**params)


def device_from_range(name: str, tau, **params) -> Device:
    """The registered family ``name`` on the range [-tau, tau] (``Device.from_range``).

    Example:
        >>> device_from_range("linear-step", 2.0).bounds
        (-2.0, 2.0)
    """
    return DEVICES[choice("device", name, DEVICES)].from_range(tau, **params)
