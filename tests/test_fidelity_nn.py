"""Issue 14, networks: per-sample updates of dense and convolution tiles, output scales, the paper's recipe
(column-transfer Tiki-Taka, digital biases, pixels in [0, 1]), Fig. 7's statistic, and the CLI flags."""

import json
import pathlib

import numpy as np
import pytest

from aimc_edu.algorithms import AnalogSGD, DigitalSGD
from aimc_edu.cli import main
from aimc_edu.datasets import load_digits, load_mnist_test_split
from aimc_edu.devices import Pulsed, SoftBounds
from aimc_edu.experiments.networks import fig7
from aimc_edu.nn import ColumnTransferTikiTaka, Conv2D, Dense, Flatten, MaxPool2D, Tanh, nll_loss, recipe, train
from aimc_edu.nn.models import Sequential, cnn

MNIST = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mnist"


def _per_sample_reference(layer, params, x, dy):
    """sum_b |g_b| from one backward pass per sample (the reference for abs_grads)."""
    total = {}
    for b in range(len(x)):
        _, cache = layer.forward(params, x[b:b + 1])
        _, g = layer.backward(params, cache, dy[b:b + 1])
        for k, v in g.items():
            total[k] = total.get(k, 0) + np.abs(v)
    return total


@pytest.mark.parametrize("layer, shape", [
    (Dense(6, 4), (5, 6)), (Dense(6, 4, out_scale=True), (5, 6)),
    (Conv2D(2, 3, kernel=3, padding=1), (4, 2, 5, 5)), (Conv2D(2, 3, kernel=3, out_scale=True), (3, 2, 6, 6))])
def test_abs_grads_are_the_sum_of_per_sample_moduli_and_grads_still_sum(layer, shape):
    rng = np.random.default_rng(0)
    params = layer.init(rng)
    if "s" in params:
        params["s"] = np.array(1.7)
    x = rng.normal(size=shape)
    y, cache = layer.forward(params, x)
    dy = rng.normal(size=y.shape)
    ref = _per_sample_reference(layer, params, x, dy)
    got = layer.abs_grads(params, cache, dy)
    if isinstance(layer, Dense):        # a dense tile: one rank-1 update per sample
        np.testing.assert_allclose(got["W"], ref["W"], rtol=1e-12)
    else:                               # a conv tile: one per image patch, finer than per image
        assert np.all(got["W"] >= ref["W"] - 1e-12)
        cols = cache[0]
        d = dy.transpose(0, 2, 3, 1).reshape(-1, dy.shape[1]) * params.get("s", 1.0)
        patches = np.abs(np.einsum("po,pi->poi", d, cols)).sum(axis=0)
        np.testing.assert_allclose(got["W"], patches.reshape(got["W"].shape), rtol=1e-12)
        ref["b"] = np.abs(dy).sum(axis=(0, 2, 3))
    np.testing.assert_allclose(got["b"], ref["b"], rtol=1e-12)
    _, grads = layer.backward(params, cache, dy)
    assert np.all(got["W"] >= np.abs(grads["W"]) - 1e-12)


@pytest.mark.parametrize("layer, shape", [(Dense(4, 3, out_scale=True), (5, 4)),
                                          (Conv2D(1, 2, kernel=3, padding=1, out_scale=True), (2, 1, 4, 4))])
def test_out_scale_gradients_match_finite_differences(layer, shape):
    rng = np.random.default_rng(1)
    params = layer.init(rng)
    params["s"] = np.array(0.8)
    x, probe = rng.normal(size=shape), None
    y, cache = layer.forward(params, x)
    probe = rng.normal(size=y.shape)
    dx, grads = layer.backward(params, cache, probe)
    for name in ("s", "W"):
        bump = np.zeros_like(params[name], dtype=float)
        bump.flat[0] = 1e-6
        up = {**params, name: params[name] + bump}
        down = {**params, name: params[name] - bump}
        fd = (np.sum(probe * layer.forward(up, x)[0]) - np.sum(probe * layer.forward(down, x)[0])) / 2e-6
        assert grads[name].flat[0] == pytest.approx(fd, rel=1e-6, abs=1e-8)
    if dx is not None:
        ex = np.zeros_like(x)
        ex.flat[3] = 1e-6
        fd = (np.sum(probe * layer.forward(params, x + ex)[0]) - np.sum(probe * layer.forward(params, x - ex)[0])) / 2e-6
        assert dx.flat[3] == pytest.approx(fd, rel=1e-6, abs=1e-8)


def test_paper_cnn_applies_tanh_after_the_second_pool():
    layers = cnn(28, pool_tanh=True, out_scale=True).layers
    assert isinstance(layers[5], MaxPool2D) and isinstance(layers[6], Tanh)
    assert all(layer.out_scale for layer in layers if isinstance(layer, (Dense, Conv2D)))


def test_per_sample_training_step_is_the_core_rule_with_g_abs():
    """One per-sample step changes every tensor as algorithm.update(W, g, rng, sum_b |g_b|) does."""
    data = load_digits(seed=0).subset(8, 8)
    net = Sequential((Flatten(), Dense(64, 5), Tanh(), Dense(5, 10)))
    alg = AnalogSGD(0.3, SoftBounds(0.5))
    result = train(net, alg, data, epochs=1, batch_size=8, seed=0, update="per-sample")
    rng = np.random.default_rng(0)
    params = net.init(rng)
    order = rng.permutation(8)
    z, caches = net.forward(params, data.x_train[order])
    grads, abs_grads = net.backward(params, caches, nll_loss(z, data.y_train[order])[1], per_sample=True)
    for layer, g, ga, trained in zip(params, grads, abs_grads, result.weights):
        for name, w in layer.items():
            expected = alg.update(alg.init(w), g[name], None, ga[name]).W
            np.testing.assert_allclose(trained[name], expected, rtol=1e-12, atol=1e-15)
            assert not np.allclose(expected, alg.update(alg.init(w), g[name]).W)


def test_column_transfer_tiki_taka_moves_one_column_per_step_and_keeps_its_fast_lr():
    tt = ColumnTransferTikiTaka(lr=0.5, fast_lr=0.01, device=SoftBounds(1.0))
    assert tt.scaled(0.1).fast_lr == 0.01 and tt.scaled(0.1).lr == pytest.approx(0.05)
    state = tt.init(np.zeros((2, 3)))
    for k in range(4):
        before = state.W.copy()
        state = tt.update(state, -np.ones((2, 3)))
        changed = np.flatnonzero(np.any(state.W != before, axis=0))
        assert changed.tolist() == [k % 3]
    conv = tt.init(np.zeros((4, 2, 3, 3)))           # a kernel: columns are the 18 flattened inputs
    conv = tt.update(conv, np.ones((4, 2, 3, 3)))
    assert np.count_nonzero(conv.W) == 4 and conv.W[:, 0, 0, 0].tolist() == pytest.approx([-0.005] * 4)


def test_paper_recipe():
    rec = recipe("paper")
    data = rec.data(load_digits(seed=0))
    assert data.x_train.min() >= 0.0 and data.x_train.max() <= 1.0
    assert rec.batch_size == {"fcn": 10, "cnn": 8} and rec.epochs == 80 and rec.decay_every == 35
    assert set(rec.lr.values()) == {0.05} and not rec.analog_bias
    tt = rec.algorithm("tiki-taka", 0.7)
    assert isinstance(tt, ColumnTransferTikiTaka) and tt.fast_lr == 0.01 and tt.lr == 0.05
    assert isinstance(rec.algorithm("analog-sgd", 0.7, pulsed=True).device, Pulsed)
    assert isinstance(rec.algorithm("digital-sgd", 0.7), DigitalSGD)
    small = data.subset(40, 20)
    result = train(rec.model("fcn", small.image_shape), rec.algorithm("analog-sgd", 0.7), small, epochs=1,
                   batch_size=10, analog_bias=False, update="per-sample")
    first = result.weights[1]
    assert set(first) == {"W", "b", "s"} and np.abs(first["b"]).max() > 0.0
    # Fig. 7's statistic (script S6): tile weights only, biases and output scales excluded
    n_tile = sum(layer["W"].size for layer in result.weights if "W" in layer)
    assert result.saturation().size == n_tile < result.flat_weights().size
    with pytest.raises(ValueError, match="recipe"):
        recipe("fast")


def test_fig7_statistic_is_over_tile_weights(tmp_path):
    data = load_digits(seed=0).subset(60, 30)
    d = fig7("fcn", data, tau=0.7, epochs=1, recipe_name="paper", update="per-sample")
    for name, sat in d.saturation.items():
        assert sat.size == 64 * 256 + 256 * 128 + 128 * 10
    assert set(d.fraction_above(0.9)) == set(d.saturation)


def test_train_cli_recipe_update_and_pulsed(capsys):
    rc = main(["train", "--recipe", "paper", "--update", "per-sample", "--pulsed", "--algorithm", "tiki-taka",
               "--epochs", "1", "--train-size", "50", "--test-size", "20", "--tau", "0.7", "--json", "--no-progress"])
    summary = json.loads(capsys.readouterr().out)
    assert rc == 0 and summary["recipe"] == "paper" and summary["update"] == "per-sample" and summary["pulsed"]
    assert summary["batch_size"] == 10 and summary["lr"] == 0.05 and summary["fast_lr"] == 0.01


def test_simulate_cli_per_sample_flags(capsys):
    assert main(["simulate", "--problem", "fig3", "--update", "per-sample", "--read-noise", "0.02", "--pulsed",
                 "--states", "300", "--sigma", "0", "--steps", "100", "--runs", "2", "--json"]) == 0
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert row["update"] == "per-sample" and row["read_noise"] == 0.02
    assert row["asymptotic_error_per_coordinate"] == pytest.approx(row["asymptotic_error"] / 40)
    assert main(["simulate", "--problem", "quadratic", "--update", "per-sample", "--steps", "5"]) == 2
    assert "--update" in capsys.readouterr().err


@pytest.mark.skipif(not (MNIST / "t10k-images-idx3-ubyte.gz").exists(),
                    reason=f"MNIST test files not found in {MNIST} (they are not shipped)")
def test_mnist_per_sample_cnn_step_on_real_images():
    """On 200 real MNIST images, the paper's CNN (pixels in [0, 1], output scales, tanh after the pool)
    trains one per-sample pulse-level epoch; the tiles stay inside their bounds."""
    rec = recipe("paper")
    data = rec.data(load_mnist_test_split(MNIST, n_train=9800)).subset(200, 100)
    result = train(rec.model("cnn", data.image_shape), rec.algorithm("analog-sgd", 0.7, pulsed=True), data,
                   epochs=1, batch_size=8, analog_bias=False, update="per-sample")
    assert 0.0 < result.saturation().max() <= 1.0 and np.isfinite(result.train_loss[0])
