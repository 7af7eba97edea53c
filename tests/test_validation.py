"""Bad input raises ValueError naming the parameter."""

import numpy as np
import pytest

from aimc_edu import (AnalogSGD, DigitalSGD, PowStep, Pulsed, Quadratic, SoftBounds, TikiTaka,
                      fig3_problem, make_algorithm, make_device, simulate)
from aimc_edu.problems import LeastSquares


@pytest.mark.parametrize("build, name", [
    (lambda: SoftBounds(tau=0.0), "tau"),
    (lambda: SoftBounds(tau=-1.0), "tau"),
    (lambda: SoftBounds(tau=np.nan), "tau"),
    (lambda: SoftBounds(tau=np.array([1.0, -2.0])), "tau"),
    (lambda: PowStep(w_min=0.1), "w_min"),
    (lambda: PowStep(w_max=-0.1), "w_max"),
    (lambda: PowStep(gamma_up=0.0), "gamma_up"),
    (lambda: make_device("memristor"), "device"),
    (lambda: make_device("soft-bounds", tauu=1.0), "tauu"),
    (lambda: DigitalSGD(lr=-0.1), "lr"),
    (lambda: DigitalSGD(lr=np.inf), "lr"),
    (lambda: AnalogSGD(lr=0.1, device="soft-bounds"), "device"),
    (lambda: TikiTaka(lr=0.1, fast_lr=-1.0, device=SoftBounds()), "fast_lr"),
    (lambda: TikiTaka(lr=0.1, fast_lr=0.1, transfer_every=0, device=SoftBounds()), "transfer_every"),
    (lambda: make_algorithm("adam", lr=0.1), "algorithm"),
    (lambda: Pulsed(SoftBounds(), dw_min=0.0), "dw_min"),
    (lambda: Pulsed(SoftBounds(), dw_min=0.01, noise_kind="pink"), "noise_kind"),
    (lambda: Pulsed.with_states(SoftBounds(), states=-3), "states"),
    (lambda: Quadratic(dim=0), "dim"),
    (lambda: Quadratic(dim=3, optimum=[1.0, 2.0]), "optimum"),
    (lambda: Quadratic(dim=2, curvature=-1.0), "curvature"),
    (lambda: LeastSquares(A=np.ones((3, 2)), y=np.ones(4)), "A must be"),
])
def test_constructor_errors_name_the_parameter(build, name):
    with pytest.raises(ValueError, match=name):
        build()


@pytest.mark.parametrize("kwargs, name", [
    (dict(steps=-1), "steps"),
    (dict(runs=0), "runs"),
    (dict(sigma=-0.1), "sigma"),
    (dict(sigma=np.nan), "sigma"),
    (dict(init=np.nan), "init"),
    (dict(record_every=0), "record_every"),
    (dict(grid={"sigma": [0.1, -1.0]}), "sigma"),
    (dict(grid={"tau": [1.0]}), "grid sweeps"),
    (dict(weights_at=[99]), "weights_at"),
])
def test_simulate_errors_name_the_parameter(kwargs, name):
    args = dict(steps=10) | kwargs
    steps = args.pop("steps")
    with pytest.raises(ValueError, match=name):
        simulate(fig3_problem(), DigitalSGD(0.1), steps, **args)


def test_grid_name_not_accepted_by_factory():
    with pytest.raises(ValueError, match="tua"):
        simulate(fig3_problem(), lambda tau: AnalogSGD(0.1, SoftBounds(tau)), 5, grid={"tua": [1.0]})


def test_wrong_shapes():
    with pytest.raises(ValueError, match="leading axes"):
        SoftBounds(tau=np.ones(3)).update(np.zeros((4, 2)), np.zeros((4, 2)))
    with pytest.raises(ValueError, match="rng is required"):
        Pulsed(SoftBounds(), dw_min=0.01).update(np.zeros(2), np.ones(2))
