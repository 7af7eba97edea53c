"""Exercises (issue 10): one convention in every notebook, real checks, equivalent answers accepted.

* every check accepts the right answer (and its equivalent spellings), rejects wrong ones with a hint, and reads
  ``None`` as "not answered yet";
* each notebook 01-06 has 2-4 exercises (07: up to 6), at least half of them predictions, each a check cell whose answer is
  ``None`` followed by its solution in a collapsed Markdown ``<details>`` block: Run All never executes a solution,
  no cell calls more than one check, no code cell is a hidden solution;
* the expected answers are the course's own results (simulations, derived formulas).
"""

from __future__ import annotations

import ast
import json
import pathlib

import numpy as np
import pytest
import sympy as sp

from aimc_edu import SoftBounds
from aimc_edu.devices import LinearStep
from aimc_edu.exercises import as_number, nb01, nb02, nb03, nb04, nb05, nb06, nb07, normalize_word
from aimc_edu.numerics import digital_floor

RIGHT = {
    "nb01.check_trace_vs_tau": ["no", "No.", "the same"],
    "nb01.check_analog_step": [float(SoftBounds(1.0).update(np.array([0.5]), np.array([0.2]))[0]), "3/5", " 0.6 "],
    "nb01.check_soft_bounds_G": [float(SoftBounds(2.0).G(np.array(0.5))), "1/4"],
    "nb01.check_linear_step_symmetric_point": [float(LinearStep(0.2, 0.6, -1.0, 1.0).symmetric_point), "0"],
    "nb02.check_floor_ratio_tau": [0.45, 0.5, "0.42"],
    "nb02.check_floor_vs_alpha": ["floor", "A floor.", "plateau"],
    "nb02.check_floor_without_noise": ["no", "No floor", "NO!"],
    "nb02.check_penalised_minimiser": [0.5 / (1 + np.sqrt(2 / np.pi)), 0.2749],
    "nb03.check_pulse_count": [0.01 / (1.0 / 300), "3"],
    "nb03.check_aihwkit_states": [600, "2*300"],
    "nb03.check_few_states": ["above", "Above.", "higher"],
    "nb03.check_noise_raises_floor": ["yes", "Yes."],
    "nb04.check_p_mean": [0.0, "0"],
    "nb04.check_tt_floor_vs_alpha": ["zero", "0", "Zero."],
    "nb04.check_box_limit": [0.5 * 0.3**2, "0.045"],
    "nb04.check_shifted_symmetric_point": [0.1617, 0.2 * np.sqrt(2 / np.pi)],
    "nb05.check_step_ar1": ["alpha*sigma**2/(L*(2 - alpha*L))", "alpha*sigma**2/(2*L - alpha*L**2)"],
    "nb05.check_step_M0": ["sigma*sqrt(2/pi)", "sqrt(2)*sigma/sqrt(pi)"],
    "nb05.check_step_M2": ["1/(sigma*sqrt(2*pi))"],
    "nb05.check_step_penalty": ["M*w**2/(2*tau)", "M*w**2/(2*tau) + 7"],
    "nb05.check_step_w_bar": ["L*w_star/(L + sigma*sqrt(2/pi)/tau)", "w_star/(1 + sigma*sqrt(2/pi)/(L*tau))"],
    "nb05.check_step_a3": ["-kappa/(pi*(1 + kappa)**4)"],
    "nb05.check_step_friction": ["1 - beta*gamma*L"],
    "nb05.check_digital_floor_value": [float(digital_floor(0.1, 0.5, 2.0)), "0.05/3.6"],
    "nb05.check_floor_prediction": [0.0251, 0.0246],
    "nb05.check_leading_order_error": [0.34, 0.32, "1/3"],
    "nb06.check_small_tau_loser": ["Analog SGD", "analog-sgd", "analog"],
    "nb06.check_lower_saturation": ["Analog SGD", "Analog_SGD"],
    "nb06.check_transfer_rate": [0.003, "3e-3"],
}
WRONG = {
    "nb01.check_trace_vs_tau": "yes", "nb01.check_analog_step": 0.7, "nb01.check_soft_bounds_G": 0.5,
    "nb01.check_linear_step_symmetric_point": 0.5, "nb02.check_floor_ratio_tau": 0.25,
    "nb02.check_floor_vs_alpha": "zero", "nb02.check_floor_without_noise": "yes", "nb02.check_penalised_minimiser": 0.5,
    "nb03.check_pulse_count": 300, "nb03.check_aihwkit_states": 300, "nb03.check_few_states": "below",
    "nb03.check_noise_raises_floor": "no", "nb04.check_p_mean": 0.5, "nb04.check_tt_floor_vs_alpha": "floor",
    "nb04.check_box_limit": 0.0, "nb04.check_shifted_symmetric_point": 0.0, "nb05.check_step_ar1": "alpha*sigma**2",
    "nb05.check_step_M0": "sigma", "nb05.check_step_M2": "1/sigma", "nb05.check_step_penalty": "M*w/tau",
    "nb05.check_step_w_bar": "w_star", "nb05.check_step_a3": "kappa", "nb05.check_step_friction": "1",
    "nb05.check_digital_floor_value": 0.05, "nb05.check_floor_prediction": 0.016,
    "nb05.check_leading_order_error": 0.08, "nb06.check_small_tau_loser": "Tiki-Taka",
    "nb06.check_lower_saturation": "Tiki-Taka", "nb06.check_transfer_rate": 0.9,
}
MODULES = {"nb01": nb01, "nb02": nb02, "nb03": nb03, "nb04": nb04, "nb05": nb05, "nb06": nb06}
FOUND = {f"{m}.{n}": getattr(mod, n) for m, mod in MODULES.items() for n in dir(mod) if n.startswith("check_")}
SINGLE = sorted(k for k in FOUND if k != "nb05.check_new_response_FG")


def test_every_check_is_covered():
    assert sorted(RIGHT) == SINGLE and sorted(WRONG) == SINGLE


@pytest.mark.parametrize("name", SINGLE)
def test_right_answers_pass_in_every_spelling(name):
    for answer in RIGHT[name]:
        feedback = FOUND[name](answer)
        assert feedback and feedback.message.startswith("Correct"), (answer, feedback.message)


@pytest.mark.parametrize("name", SINGLE)
def test_wrong_and_missing_answers_get_a_hint(name):
    check = FOUND[name]
    for answer in (WRONG[name], "not an answer" if not isinstance(RIGHT[name][0], str) else 42):
        feedback = check(answer)
        assert not feedback and "Hint:" in feedback.message, (answer, feedback.message)
    missing = check(None)
    assert not missing and "No answer yet" in missing.message
    assert "Hint" in check(WRONG[name])._repr_html_()


def test_two_part_check():
    w, tau = sp.Symbol("w", real=True), sp.Symbol("tau", positive=True)
    assert nb05.check_new_response_FG(sp.cosh(w / tau), sp.sinh(w / tau))
    assert nb05.check_new_response_FG("(exp(w/tau) + exp(-w/tau))/2", "(exp(w/tau) - exp(-w/tau))/2")
    wrong = nb05.check_new_response_FG(sp.cosh(w / tau), sp.cosh(w / tau))
    assert not wrong and "G is off" in wrong.message
    assert not nb05.check_new_response_FG(None, None)


@pytest.mark.parametrize("text", ["stable", "Stable.", "  STABLE! ", "'stable'"])
def test_words_are_accepted_in_any_case_and_punctuation(text):
    assert normalize_word(text) == "stable"


def test_numbers_are_read_in_any_spelling():
    assert as_number("3/5") == 0.6 and as_number("sqrt(4)") == 2.0 and as_number("six") is None
    assert as_number("__import__('os')") is None


# ---------------------------------------------------------------- the answers are the course's results
def test_floor_ratio_is_what_the_dashboard_and_the_theory_show():
    """nb02: floor(tau = 2) / floor(tau = 1) at sigma^2 = 0.01, alpha = 0.03, from the stationary floors (within
    4 propagated s.e.) and from the implicit-penalty theory (within 5%)."""
    from aimc_edu.experiments import toy
    grid = toy.analog_sgd_grid(2500, 8, 0)
    f = grid["floors"]["analog-sgd"].sel(sigma2=0.01, lr=0.03)
    t = grid["theory"].sel(sigma2=0.01, lr=0.03)["floor"]
    ratio = f["floor"][3] / f["floor"][1]                                          # tau = 2 over tau = 1
    se = ratio * np.hypot(f["se"][3] / f["floor"][3], f["se"][1] / f["floor"][1])
    assert abs(ratio - nb02.FLOOR_RATIO_TAU) < 4 * se + 0.01
    assert t[3] / t[1] == pytest.approx(nb02.FLOOR_RATIO_TAU, rel=0.05)


def test_box_and_shift_answers_are_the_theory():
    from aimc_edu.experiments.intuitions import shifted_offset
    from aimc_edu.theory.stationary import box_optimum
    _, gap = box_optimum(np.eye(1), np.array([0.8]), 0.5)
    assert nb04.check_box_limit(float(gap))
    assert nb04.check_shifted_symmetric_point(float(shifted_offset(0.2)))


# ---------------------------------------------------------------- the notebooks follow the convention
NOTEBOOKS = {p.stem[:2]: p for p in (pathlib.Path(__file__).parents[1] / "notebooks").glob("0*.ipynb")}


def _python(source: str) -> str:
    """The cell without IPython magics (``%matplotlib inline``)."""
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def _calls(source):
    tree = ast.parse(_python(source))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and isinstance(n.func.value, ast.Name) and n.func.value.id == "ex" and n.func.attr.startswith("check_")]


@pytest.mark.parametrize("nb", ["01", "02", "03", "04", "05", "06", "07"])
def test_notebook_exercises_follow_the_convention(nb):
    """07's checks are tested with its dashboard (tests/test_beyond_dashboard.py); its layout follows the convention,
    with up to six exercises (the advanced notebook)."""
    cells = json.loads(NOTEBOOKS[nb].read_text())["cells"]
    module = {**MODULES, "nb07": nb07}[f"nb{nb}"]
    exercises = []
    for i, cell in enumerate(cells):
        src = "".join(cell["source"])
        if cell["cell_type"] == "code":
            assert "solution" not in cell.get("metadata", {}).get("tags", []), "a code cell holds a solution"
            calls = _calls(src)
            assert len(calls) <= 1, f"cell {i} calls several checks"
            if not calls:
                continue
            call = calls[0]
            bound = {t.id: v for node in ast.parse(_python(src)).body if isinstance(node, ast.Assign)
                     for t, v in zip(getattr(node.targets[0], "elts", node.targets),
                                     getattr(node.value, "elts", [node.value])) if isinstance(t, ast.Name)}
            for arg in call.args:                                  # the reader's answer: a name set to None here
                assert isinstance(arg, ast.Name) and isinstance(bound.get(arg.id), ast.Constant) \
                    and bound[arg.id].value is None, f"cell {i}: the check is not called with an answer left at None"
            follow = cells[i + 1]
            assert follow["cell_type"] == "markdown" and "".join(follow["source"]).lstrip().startswith("<details>"), \
                f"cell {i}: no collapsed solution after the check"
            assert "solution" in follow["metadata"].get("tags", [])
            if not call.func.attr.startswith("check_step_"):
                exercises.append((call.func.attr, "".join(cells[i - 1]["source"])))
    assert 2 <= len(exercises) <= (6 if nb == "07" else 4), exercises
    predictions = [name for name, _ in exercises if getattr(getattr(module, name), "prediction", False)]
    assert 2 * len(predictions) >= len(exercises), exercises
    for name, question in exercises:
        assert ("Predict first" in question) == (name in predictions), name
    assert len({name for name, _ in exercises}) == len(exercises)        # no exercise twice


def test_no_exercise_appears_in_two_notebooks():
    seen = {}
    for nb in ("01", "02", "03", "04", "05", "06"):
        for cell in json.loads(NOTEBOOKS[nb].read_text())["cells"]:
            if cell["cell_type"] == "code":
                for call in _calls("".join(cell["source"])):
                    question = getattr(MODULES[f"nb{nb}"], call.func.attr).__doc__.split(":")[0]
                    assert question not in seen, (nb, seen.get(question))
                    seen[question] = nb
