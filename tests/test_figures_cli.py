"""`aimc-edu figures --out DIR` writes every figure as a non-trivial PNG and PDF."""

from __future__ import annotations

import numpy as np
import PIL.Image
import pytest

from aimc_edu.cli import main
from aimc_edu.figures import FIGURES


def test_figures_command_writes_png_and_pdf(tmp_path, capsys):
    assert main(["figures", "--out", str(tmp_path / "figs"), "--steps", "150", "--runs", "2", "--dpi", "60"]) == 0
    out = tmp_path / "figs"
    for name in FIGURES:
        png, pdf = out / f"{name}.png", out / f"{name}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000, name
        image = np.asarray(PIL.Image.open(png).convert("L"), float)
        assert image.shape[0] > 150 and image.shape[1] > 300, name
        assert image.std() > 10, f"{name}.png looks blank"
    assert "wrote 10 files" in capsys.readouterr().out


@pytest.mark.parametrize("argv, word", [(["--only", "fig5"], "--only"), (["--steps", "0"], "--steps"),
                                        (["--runs", "1"], "--runs")])
def test_bad_arguments_name_the_argument(tmp_path, capsys, argv, word):
    assert main(["figures", "--out", str(tmp_path), *argv]) == 2
    assert word in capsys.readouterr().err
