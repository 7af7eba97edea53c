"""Results with named leading axes: select grid points by parameter value instead of by position.

A result holds ``grid`` = {axis name: values} for its leading axes, in order, and arrays whose
leading axes are those. ``result.sel(tau=1.0, lr=0.03)`` returns the same kind of result with
those axes removed (values are matched with a relative tolerance of 1e-9; strings exactly).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np


def axis_index(grid: dict, name: str, value) -> int:
    """Position of ``value`` on the axis ``name`` of ``grid`` (ValueError listing the choices)."""
    if name not in grid:
        raise ValueError(f"no axis {name!r} to select; axes: {list(grid) or 'none'}")
    values = np.asarray(grid[name])
    if values.dtype.kind in "USO":
        hits = np.flatnonzero(values == value)
    else:
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} takes a number, got {value!r}") from None
        hits = np.flatnonzero(np.isclose(values.astype(float), v, rtol=1e-9, atol=1e-12))
    if not hits.size:
        raise ValueError(f"{name}={value!r} is not on the grid; choose one of {values.tolist()}")
    return int(hits[0])


def select(grid: dict, coords: dict) -> tuple[tuple, dict]:
    """(index tuple over the leading axes, remaining grid) for ``coords`` = {axis: value}."""
    index = tuple(axis_index(grid, n, coords[n]) if n in coords else slice(None) for n in grid)
    unknown = set(coords) - set(grid)
    if unknown:
        raise ValueError(f"no axis {sorted(unknown)} to select; axes: {list(grid)}")
    return index, {n: v for n, v in grid.items() if n not in coords}


def take(value: Any, index: tuple) -> Any:
    """Apply ``index`` to an array, or to every array inside a dict (recursively)."""
    if isinstance(value, dict):
        return {k: take(v, index) for k, v in value.items()}
    return np.asarray(value)[index]


class Labelled:
    """Mixin for dataclasses with a ``grid`` field and arrays listed in ``_gridded`` (leading grid axes)."""

    _gridded: tuple = ()

    def sel(self, **coords) -> "Labelled":
        """The result at the given grid values, those axes removed (e.g. ``.sel(tau=1.0)``)."""
        index, grid = select(self.grid, coords)
        changes = {name: take(getattr(self, name), index) for name in self._gridded}
        return dataclasses.replace(self, grid=grid, **changes)

    @property
    def grid_shape(self) -> tuple:
        """Lengths of the grid axes, in order."""
        return tuple(len(v) for v in self.grid.values())


@dataclasses.dataclass(frozen=True)
class Table(Labelled):
    """Named arrays over a named grid: ``Table(grid, data)``; ``table["floor"]`` or ``table.sel(...)``.

    Example:
        >>> t = Table({"tau": np.array([1.0, 2.0])}, {"floor": np.array([0.3, 0.1])})
        >>> float(t.sel(tau=2.0)["floor"])
        0.1
    """

    grid: dict
    data: dict
    _gridded = ("data",)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.data[name]

    def along(self, name: str) -> np.ndarray:
        """The values of the grid axis ``name``."""
        return np.asarray(self.grid[name])
