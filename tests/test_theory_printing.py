"""Notebook 05's formulas in textbook order (aimc_edu.theory.printing) with their values unchanged, and Table 1 as
a real table."""

import json
import pathlib
import re

import pytest
import sympy as sp

from aimc_edu import theory as th
from aimc_edu.experiments.theory_checks import table1_markdown
from aimc_edu.theory.printing import markdown, tex, tidy_signs

NB05 = pathlib.Path(__file__).parents[1] / "notebooks" / "05_theory.ipynb"


def test_sums_read_as_a_textbook_writes_them():
    c, w, W, tau, kappa = sp.symbols("c w W tau kappa", positive=True)
    assert tex(-c + w) == "w - c"
    assert tex(1 - W**2 / tau**2) == r"1 - \frac{W^{2}}{\tau^{2}}"
    assert tex(kappa + 1) == r"1 + \kappa"
    a, s, L = sp.symbols("alpha sigma L", positive=True)
    assert tex(-a * s**2 / (L * (L * a - 2))) == r"\frac{\alpha \sigma^{2}}{L \left(2 - L \alpha\right)}"


def test_characteristic_polynomial_is_grouped_by_powers_of_mu():
    md = th.mean_dynamics()
    mu = th.tiki_taka.mu
    shown = tex(md["charpoly"], poly_in=mu)
    assert shown.startswith(r"\mu^{2} - \left(2 - ")
    assert shown.count(r"\mu") == 2                                   # mu^2 once, mu once: grouped
    assert shown.endswith(r"\left(1 - \alpha \eta_{W}\right) \left(1 - \beta \eta_{P}\right)")
    text = shown.replace(r"\mu^{2}", "MU2").replace(r" \mu", "*mu").replace("MU2", "mu**2")
    for tex_name, name in ((r"\left(", "("), (r"\right)", ")"), (r"\alpha", "alpha"), (r"\beta", "beta"),
                           (r"\eta_{W}", "eta_W"), (r"\eta_{P}", "eta_P")):
        text = text.replace(tex_name, name)
    text = re.sub(r"(?<=[\w)])\s+(?=[\w(])", "*", text)                  # implicit products
    rebuilt = sp.parse_expr(text, local_dict={"mu": mu, "alpha": th.alpha, "beta": th.beta, "L": th.L,
                                              "eta_W": th.tiki_taka.eta_W, "eta_P": th.tiki_taka.eta_P})
    assert sp.expand(rebuilt - md["charpoly"]) == 0                    # the same polynomial


def _shown_expressions():
    md, dig, an = th.mean_dynamics(), th.digital_sgd_bound(), th.analog_sgd_bound()
    yield from (md["P_next"], md["e_next"], *md["fixed_point"].values(), md["jacobian"], *md["jury"].values())
    yield from (dig["one_step"], dig["bound"], dig["alpha_opt"], dig["rate"])
    yield from (an["bound_shown"], an["alpha_opt"], an["rate_shown"], an["error_shown"])
    yield from (e for row in th.table1().values() for e in row)
    yield from (th.fast_array_second_moment(), th.friction()["jacobian"], th.friction()["det"])
    for family in ("soft-bounds", "linear-step", "pow-step", "exp-step"):
        yield from (*th.response_factors(family), *th.FG(family))


@pytest.mark.parametrize("expr", list(_shown_expressions()), ids=lambda e: str(e)[:40])
def test_presentation_keeps_every_value(expr):
    tidy = tidy_signs(expr)
    diff = (tidy - expr).applyfunc(sp.simplify) if isinstance(expr, sp.MatrixBase) else sp.simplify(tidy - expr)
    assert diff == 0 or (isinstance(diff, sp.MatrixBase) and diff.is_zero_matrix)
    assert not re.search(r"\(- ", tex(expr)), tex(expr)                # no sum opens with a minus sign


def test_table1_is_a_real_markdown_table_not_a_latex_tabular():
    table = table1_markdown().splitlines()
    assert len(table) == 6 and all(line.startswith("|") and line.endswith("|") for line in table)
    assert all(line.count(" | ") == 2 for line in table[2:])
    assert r"1 - \frac{W_{max}^{2}}{\tau^{2}}" in table[3] and "tabular" not in "".join(table)
    source = "".join("".join(c["source"]) for c in json.loads(NB05.read_text())["cells"] if c["cell_type"] == "code")
    assert "table1_latex" not in source and "tabular" not in source
    assert "th.printing.markdown" in source                           # every show() prints in textbook order


def test_markdown_line():
    assert markdown("$F(w) =$", sp.Integer(1)) == r"$F(w) =$ $\displaystyle 1$"
