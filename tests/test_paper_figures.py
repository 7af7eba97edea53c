"""`aimc-edu figures --out DIR` writes every figure as a non-trivial PNG and PDF."""

from __future__ import annotations

import pytest

from aimc_edu.cli import main
from aimc_edu.paper import FIGURES


@pytest.mark.slow   # the whole command: five simulated figures, ten files (drawings: tests/test_viz.py)
def test_figures_command_writes_png_and_pdf(tmp_path, capsys):
    assert main(["figures", "--out", str(tmp_path / "figs"), "--steps", "150", "--runs", "2", "--dpi", "60"]) == 0
    for name in FIGURES:
        for ext in ("png", "pdf"):
            path = tmp_path / "figs" / f"{name}.{ext}"
            assert path.exists() and path.stat().st_size > 3000, path
    assert "wrote 10 files" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--only", "fig9"], ["--steps", "0"], ["--runs", "1"]])
def test_figures_command_rejects_bad_arguments(tmp_path, argv, capsys):
    assert main(["figures", "--out", str(tmp_path), *argv]) == 2
