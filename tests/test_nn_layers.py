"""Finite-difference gradient checks (float64) for every layer, the loss and whole models."""

import numpy as np
import pytest

from aimc_edu.nn import (Conv2D, Dense, Flatten, MaxPool2D, ReLU, Sigmoid, Tanh, cnn, fcn, log_softmax,
                         make_model, nll_loss)

EPS = 1e-6
TOL = 1e-6   # central differences are accurate to O(EPS^2) ~ 1e-12 plus rounding ~ 1e-10/EPS


def numeric_grad(f, x):
    """Central differences of the scalar f at every entry of x (x is perturbed in place, then restored)."""
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + EPS
        up = f()
        x[i] = old - EPS
        down = f()
        x[i] = old
        grad[i] = (up - down) / (2 * EPS)
    return grad


def check_layer(layer, x, rng):
    params = layer.init(rng)
    y, _ = layer.forward(params, x)
    probe = rng.normal(size=y.shape)          # loss = <probe, y>, so dL/dy = probe

    def loss():
        return float(np.sum(probe * layer.forward(params, x)[0]))

    _, cache = layer.forward(params, x)
    dx, grads = layer.backward(params, cache, probe)
    np.testing.assert_allclose(dx, numeric_grad(loss, x), atol=TOL, rtol=TOL)
    assert set(grads) == set(params)
    for name, p in params.items():
        np.testing.assert_allclose(grads[name], numeric_grad(loss, p), atol=TOL, rtol=TOL)


@pytest.mark.parametrize("layer, shape", [
    (Dense(5, 3), (4, 5)),
    (Dense(5, 3, bias=False), (4, 5)),
    (Conv2D(2, 3, kernel=3), (2, 2, 6, 5)),
    (Conv2D(2, 3, kernel=3, padding=1), (2, 2, 4, 4)),
    (Conv2D(1, 2, kernel=2, padding=2, bias=False), (3, 1, 3, 3)),
    (Flatten(), (2, 3, 2, 2)),
    (Sigmoid(), (4, 6)),
    (Tanh(), (4, 6)),
    (ReLU(), (4, 6)),
])
def test_layer_gradients_match_finite_differences(layer, shape):
    rng = np.random.default_rng(1)
    check_layer(layer, rng.normal(size=shape), rng)


def test_maxpool_gradient_matches_finite_differences():
    rng = np.random.default_rng(2)
    # distinct values with gaps >> EPS, so the argmax does not flip under the perturbation
    x = rng.permutation(np.arange(2 * 3 * 4 * 6, dtype=float)).reshape(2, 3, 4, 6) * 0.01
    check_layer(MaxPool2D(2), x, rng)


def test_conv_matches_direct_sum():
    rng = np.random.default_rng(3)
    conv = Conv2D(2, 3, kernel=3, padding=1)
    p = conv.init(rng)
    x = rng.normal(size=(2, 2, 5, 4))
    y, _ = conv.forward(p, x)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    n, o, i, j = 1, 2, 3, 0
    direct = p["b"][o] + np.sum(p["W"][o] * xp[n, :, i:i + 3, j:j + 3])
    assert y[n, o, i, j] == pytest.approx(direct, rel=1e-12)


def test_nll_loss_gradient_and_value():
    rng = np.random.default_rng(4)
    z = rng.normal(size=(5, 4))
    y = np.array([0, 3, 1, 1, 2])
    loss, dz = nll_loss(z, y)
    assert loss == pytest.approx(-np.mean(log_softmax(z)[np.arange(5), y]))
    np.testing.assert_allclose(dz, numeric_grad(lambda: nll_loss(z, y)[0], z), atol=TOL)
    assert np.allclose(np.exp(log_softmax(z)).sum(axis=1), 1.0)


def test_sigmoid_and_log_softmax_are_stable_for_huge_inputs():
    big = np.array([[1000.0, -1000.0, 0.0]])
    assert np.all(np.isfinite(Sigmoid().forward({}, big)[0]))
    assert np.all(np.isfinite(log_softmax(big)))


@pytest.mark.parametrize("model", [fcn(16, hidden=(6, 5), n_classes=3), cnn(8, n_classes=3)])
def test_model_gradients_match_finite_differences(model):
    rng = np.random.default_rng(5)
    params = model.init(rng)
    x = rng.normal(size=(3, 1, 4, 4) if model.name == "fcn" else (3, 1, 8, 8))
    y = np.array([0, 2, 1])

    def loss():
        return nll_loss(model.forward(params, x)[0], y)[0]

    z, caches = model.forward(params, x)
    grads = model.backward(params, caches, nll_loss(z, y)[1])
    # every tensor of the FCN; for the CNN the conv kernels and the output layer (speed)
    for layer_params, layer_grads in zip(params, grads):
        for name, p in layer_params.items():
            if p.size <= 600:
                np.testing.assert_allclose(layer_grads[name], numeric_grad(loss, p), atol=TOL, rtol=1e-5)


def test_paper_model_shapes():
    rng = np.random.default_rng(0)
    for name, shape in [("fcn", (1, 28, 28)), ("cnn", (1, 28, 28)), ("cnn", (1, 8, 8))]:
        model = make_model(name, shape)
        z, _ = model.forward(model.init(rng), np.zeros((2, *shape)))
        assert z.shape == (2, 10)
    sizes = [(l.n_in, l.n_out) for l in make_model("cnn", (1, 28, 28)).layers if isinstance(l, Dense)]
    assert sizes == [(512, 128), (128, 10)]


@pytest.mark.parametrize("call, match", [
    (lambda: make_model("rnn", (1, 8, 8)), "model"),
    (lambda: Dense(0, 3), "n_in"),
    (lambda: Conv2D(1, 2, kernel=0), "kernel"),
    (lambda: MaxPool2D(2).forward({}, np.zeros((1, 1, 3, 4))), "divisible"),
    (lambda: cnn(10), "image_size"),
])
def test_bad_architecture_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_conv_without_input_grad_gives_the_same_parameter_gradients():
    rng = np.random.default_rng(6)
    with_dx, without = Conv2D(2, 3, kernel=3), Conv2D(2, 3, kernel=3, input_grad=False)
    p = with_dx.init(rng)
    x, dy = rng.normal(size=(2, 2, 5, 5)), rng.normal(size=(2, 3, 3, 3))
    dx_a, g_a = with_dx.backward(p, with_dx.forward(p, x)[1], dy)
    dx_b, g_b = without.backward(p, without.forward(p, x)[1], dy)
    assert dx_b is None and dx_a.shape == x.shape
    for k in g_a:
        np.testing.assert_array_equal(g_a[k], g_b[k])
