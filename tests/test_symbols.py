"""One symbol table, no symbol with two meanings (issue 10, error 7).

Notebook 00 shows :func:`aimc_edu.theory.symbols.markdown_table`; every sympy symbol the theory prints is listed
there; no printed name belongs to two different symbols; the notebooks use none of the retired notations
(gamma for the device slopes, c and d for the dampings and the bound's factor, "states" without saying per half range).
"""

from __future__ import annotations

import json
import pathlib
import re

import pytest
import sympy as sp

from aimc_edu import theory as th
from aimc_edu.theory import bounds, lower_bound, symbols, tiki_taka

NOTEBOOKS = sorted((pathlib.Path(__file__).parents[1] / "notebooks").glob("0*.ipynb"))


def _sources(path):
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]]


def test_notebook_00_shows_the_table():
    text = "\n".join(_sources(NOTEBOOKS[0]))
    assert symbols.markdown_table() in text


def test_each_symbol_is_listed_once():
    shown = [e.symbol for e in symbols.SYMBOLS]
    assert len(shown) == len(set(shown))
    names = [n for e in symbols.SYMBOLS for n in e.sympy]
    assert len(names) == len(set(names))


def _printed_expressions():
    out = []
    for family in ("ideal", "soft-bounds", "linear-step", "pow-step", "exp-step"):
        out += [*th.response_factors(family), *th.FG(family)]
        out.append(th.symmetric_point(family))
        out.append(th.analog_update_expr(family))
    for case in th.soft_bounds_invariant():
        out += [case["target"], case["certificate"]]
    dig, an = th.digital_sgd_bound(), th.analog_sgd_bound()
    out += [v for v in dig.values()] + list(th.digital_quadratic_floor().values())
    out += [an[k] for k in ("bound_shown", "rate_shown", "error_shown", "alpha_opt")]
    out += list(an["first_order"].values())[:3]
    out += list(lower_bound.folded_normal_moments().values()) + [th.stationary_condition().lhs]
    out += [v for v in th.small_saturation_root().values()]
    out += [v for k, v in lower_bound.floor_correction().items()]
    md = th.mean_dynamics()
    out += [md["P_next"], md["e_next"], *md["fixed_point"].values(), md["jacobian"], md["charpoly"], *md["jury"].values()]
    out += list(th.friction().values()) + [th.fast_array_second_moment(), lower_bound.folded_normal_pdf()]
    for rate, err in th.table1().values():
        out += [rate, err]
    return [sp.sympify(e) for e in out if e is not None]


def test_every_printed_symbol_is_in_the_table_with_one_meaning():
    names = symbols.sympy_names()
    seen = {}
    for expr in _printed_expressions():
        for s in expr.free_symbols:
            if s.name == "-":                       # Table 1's placeholder for "no rate"
                continue
            latex = sp.latex(s)
            assert latex in names, f"{latex} ({s.name}) is printed by the theory but not in the symbol table"
            seen.setdefault(latex, set()).add(s)
    twice = {k: v for k, v in seen.items() if len(v) > 1}
    assert not twice, f"one printed name, several sympy symbols (different assumptions): {twice}"


RETIRED = {
    r"\gamma_\uparrow": "the step devices' shapes are nu, gamma is Tiki-Taka's mixing",
    r"\gamma_\downarrow": "the step devices' shapes are nu",
    r"\gamma_{up}": "the step devices' shapes are nu",
    r"c = E|g|": "Tiki-Taka's dampings are eta_P, eta_W",
    r"d = E|P|": "d is the dimension only",
    r"c = 1 - ": "the bound's factor is written 1 - rho^2",
    r"$d$": "d is the dimension, say so",
    r"number of *states* is": "states are counted per half range (n_s), say so",
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_use_none_of_the_retired_notations(path):
    text = "\n".join(_sources(path))
    for pattern, why in RETIRED.items():
        assert pattern not in text, f"{path.name} uses {pattern!r}: {why}"
    if re.search(r"\bstates\b", text) and path.stem[:2] in ("01", "03"):
        assert "per half range" in text, f"{path.name} counts states without saying per half range"


def test_theory_symbols_are_not_reused():
    """The symbols of the theory modules that used to carry two meanings now print distinctly."""
    assert sp.latex(tiki_taka.eta_P) == r"\eta_{P}" and sp.latex(tiki_taka.eta_W) == r"\eta_{W}"
    assert sp.latex(tiki_taka.gamma) == r"\gamma"
    assert sp.latex(th.parameter_symbols("linear-step")["gamma_up"]) == r"\nu_{up}"
    assert sp.latex(th.parameter_symbols("soft-bounds")["sym_point"]) == "w_{sym}"
    assert {sp.latex(s) for s in (bounds._a, bounds._b, bounds._d, bounds._r)} == {"r_{+}", "r_{-}", "u", "r_{u}"}
