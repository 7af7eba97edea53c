"""Every exercise check accepts the right answer, rejects wrong ones with a hint, and never raises."""

from __future__ import annotations

import numpy as np
import pytest

from aimc_edu import SoftBounds
from aimc_edu.devices import LinearStep
from aimc_edu.exercises import nb01, nb02, nb03, nb04, normalize_word
from aimc_edu.numerics import digital_floor

RIGHT = {
    "check_analog_step": float(SoftBounds(1.0).update(np.array([0.5]), np.array([0.2]))[0]),
    "check_soft_bounds_G": float(SoftBounds(2.0).G(np.array(0.5))),
    "check_linear_step_symmetric_point": float(LinearStep(0.2, 0.6, -1.0, 1.0).symmetric_point),
    "check_digital_floor": 0.1 * 0.01 / (2 * (2 - 0.1)),
    "check_floor_vs_tau": "shrink",
    "check_floor_vs_alpha": "floor",
    "check_pulse_count": 0.01 / (1.0 / 300),
    "check_few_states": "above",
    "check_p_mean": 0.0,
    "check_tt_floor_vs_alpha": "zero",
}
WRONG = {name: ("grow" if isinstance(v, str) else v + 0.37) for name, v in RIGHT.items()}
MODULES = (nb01, nb02, nb03, nb04)
FOUND = {n: getattr(m, n) for m in MODULES for n in dir(m) if n.startswith("check_")}
CHECKS = sorted(FOUND)


def test_every_check_is_covered():
    assert sorted(RIGHT) == CHECKS


@pytest.mark.parametrize("name", CHECKS)
def test_right_answer_passes(name):
    feedback = FOUND[name](RIGHT[name])
    assert feedback and feedback.message.startswith("Correct")


@pytest.mark.parametrize("name", CHECKS)
def test_wrong_and_missing_answers_get_a_hint(name):
    check = FOUND[name]
    for answer in (WRONG[name], "not a number" if not isinstance(RIGHT[name], str) else 42):
        feedback = check(answer)
        assert not feedback and "Hint:" in feedback.message
    missing = check(None)
    assert not missing and "No answer yet" in missing.message
    assert "Hint" in check(WRONG[name])._repr_html_()


def test_digital_floor_matches_a_long_simulation():
    """The closed form alpha sigma^2 / (2 (2 - alpha L)) against 4000 seeds of 1-D digital SGD."""
    rng = np.random.default_rng(0)
    alpha, sigma, L = 0.1, 0.1, 1.0
    w = np.zeros(4000)
    gaps = []
    for k in range(600):
        w = w - alpha * (L * w + sigma * rng.standard_normal(w.shape))
        if k >= 200:
            gaps.append(0.5 * L * w**2)
    gaps = np.array(gaps).mean(axis=0)
    se = gaps.std(ddof=1) / np.sqrt(gaps.size)
    assert abs(gaps.mean() - float(digital_floor(alpha, sigma**2, L))) < 4 * se


@pytest.mark.parametrize("text", ["stable", "Stable.", "  STABLE! ", "'stable'"])
def test_words_are_accepted_in_any_case_and_punctuation(text):
    assert normalize_word(text) == "stable"
