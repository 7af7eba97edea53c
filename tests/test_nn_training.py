"""Training networks on analog arrays: reuse of the core algorithms, reproducibility, and the
paper's claims on the offline digits data (several seeds, standard errors)."""

import numpy as np
import pytest

from aimc_edu.algorithms import AnalogSGD, DigitalSGD, TikiTaka
from aimc_edu.datasets import load_digits
from aimc_edu.devices import SoftBounds
from aimc_edu.experiments.networks import fig5, fig7
from aimc_edu.nn import course_algorithm, fcn, make_model, train

SEEDS = (0, 1, 2, 3)
SMALL_TAU = 0.3


@pytest.fixture(scope="module")
def digits():
    return load_digits(seed=0)


@pytest.fixture(scope="module")
def claims(digits):
    """FCN on digits, 4 seeds, 8 epochs, tau = 0.3: digital SGD, Analog SGD, Tiki-Taka."""
    return fig5("fcn", digits, taus=(SMALL_TAU,), epochs=8, seeds=SEEDS)


def test_one_step_is_the_core_update_rule(digits):
    """A training step changes every tensor exactly as the library's algorithm does on (W, g)."""
    net = fcn(64, hidden=(5,), n_classes=10)
    small = digits.subset(8, 8)
    for alg in (DigitalSGD(0.3), AnalogSGD(0.3, SoftBounds(0.5)), TikiTaka(0.1, 0.5, SoftBounds(0.5))):
        result = train(net, alg, small, epochs=1, batch_size=8, seed=0)
        rng = np.random.default_rng(0)
        params = net.init(rng)
        order = rng.permutation(8)
        from aimc_edu.nn import nll_loss
        z, caches = net.forward(params, small.x_train[order])
        grads = net.backward(params, caches, nll_loss(z, small.y_train[order])[1])
        for layer, layer_grads, trained in zip(params, grads, result.weights):
            for name, w in layer.items():
                expected = alg.weights(alg.update(alg.init(w), layer_grads[name], None))
                np.testing.assert_allclose(trained[name], expected, rtol=1e-12, atol=1e-15)


def test_same_seed_same_result_other_seed_differs(digits):
    small = digits.subset(200, 100)
    for model in ("fcn", "cnn"):
        net = make_model(model, small.image_shape)
        alg = course_algorithm("tiki-taka", lr=0.3, tau=0.6)
        a, b, c = (train(net, alg, small, epochs=2, seed=s) for s in (7, 7, 8))
        assert a.test_accuracy == b.test_accuracy and a.train_loss == b.train_loss
        np.testing.assert_array_equal(a.flat_weights(), b.flat_weights())
        np.testing.assert_array_equal(a.flat_weights("P"), b.flat_weights("P"))
        assert not np.array_equal(a.flat_weights(), c.flat_weights())


@pytest.mark.slow   # trains networks for several seeds (the `claims` fixture)
def test_analog_weights_stay_inside_the_soft_bounds(claims):
    for (name, tau, seed), result in claims.results.items():
        if tau is not None:
            assert result.max_saturation <= 1.0


@pytest.mark.slow   # trains networks for several seeds (the `claims` fixture)
def test_digital_sgd_fcn_reaches_90_percent_within_a_few_epochs(claims):
    acc = claims.accuracy[("digital-sgd", None)]          # (seeds, epochs)
    # every seed is above 90% by epoch 8, and the mean is above 90% from epoch 6 on
    assert acc[:, -1].min() >= 0.90
    assert acc.mean(axis=0)[5:].min() >= 0.90


@pytest.mark.slow   # trains networks for several seeds (the `claims` fixture)
def test_tiki_taka_beats_analog_sgd_and_is_close_to_digital_at_small_tau(claims):
    final = {name: claims.accuracy[(name, tau)][:, -1]
             for name, tau in [("digital-sgd", None), ("analog-sgd", SMALL_TAU), ("tiki-taka", SMALL_TAU)]}
    n = len(SEEDS)

    def diff(a, b):                                   # paired over seeds: mean and standard error
        d = final[a] - final[b]
        return d.mean(), d.std(ddof=1) / np.sqrt(n)

    gain, gain_se = diff("tiki-taka", "analog-sgd")
    assert gain - 3 * gain_se > 0.10                  # TT ahead of Analog SGD by > 10 points, 3 SE margin
    gap, gap_se = diff("digital-sgd", "tiki-taka")
    assert gap + 3 * gap_se < 0.05                    # TT within 5 points of digital, 3 SE margin


@pytest.mark.slow   # trains networks for several seeds (the `claims` fixture)
def test_saturation_after_training_analog_sgd_sits_nearer_zero_than_tiki_taka(claims):
    """Fig. 7 as measured here, NOT as the paper describes it: on digits (FCN, 8 epochs,
    tau = 0.3, 4 seeds) Analog SGD's mean |w|/tau (~0.135) is LOWER than Tiki-Taka's (~0.33),
    and the same holds on MNIST (FCN, tau = 0.6: 0.033 vs 0.103). The asymmetric term
    -alpha |g| W / tau acts like a gradient-scaled weight decay that pulls Analog SGD's weights
    towards the symmetric point 0 in runs this short; the paper's picture (weights crowding at
    the bounds) comes from 100+ epochs on MNIST, which we did not reproduce. This test pins
    down what our simulation shows, with a 3-standard-error margin over paired seeds."""
    sat = {name: np.array([claims.results[(name, SMALL_TAU, s)].mean_saturation for s in SEEDS])
           for name in ("analog-sgd", "tiki-taka")}
    diff = sat["tiki-taka"] - sat["analog-sgd"]
    assert diff.mean() > 3 * diff.std(ddof=1) / np.sqrt(len(diff)), sat


@pytest.mark.slow   # trains networks for several seeds (the `claims` fixture)
def test_fig7_data(claims):
    results = {name: claims.results[(name, None if name == "digital-sgd" else SMALL_TAU, 0)]
               for name in ("digital-sgd", "analog-sgd", "tiki-taka")}
    data = fig7(tau=SMALL_TAU, results=results)
    n_weights = results["digital-sgd"].tile_weights().size          # tile weights only (script S6)
    assert all(w.size == n_weights for w in data.weights.values())
    for name in ("analog-sgd", "tiki-taka"):
        assert data.saturation[name].max() <= 1.0
        np.testing.assert_allclose(data.saturation[name], np.abs(data.weights[name]) / SMALL_TAU)


@pytest.mark.parametrize("call, match", [
    (lambda d: train(fcn(64), DigitalSGD(0.1), d, epochs=0), "epochs"),
    (lambda d: train(fcn(64), DigitalSGD(0.1), d, epochs=1, batch_size=0), "batch_size"),
    (lambda d: course_algorithm("analog-sgd", lr=0.1, tau=0.0), "tau"),
    (lambda d: course_algorithm("analog-sgd", lr=-0.1), "lr"),
    (lambda d: course_algorithm("adam", lr=0.1), "algorithm"),
    (lambda d: fig5("mlp", d), "model"),
    (lambda d: fig5("fcn", d, taus=(-1.0,)), "tau"),
    (lambda d: fig7(tau=0.0), "tau"),
])
def test_bad_input_raises_value_error(digits, call, match):
    with pytest.raises(ValueError, match=match):
        call(digits)
