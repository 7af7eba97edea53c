"""Sequential networks and the paper's two models (Fig. 5): the FCN and the CNN.

A model holds only its architecture. Its parameters are a list (one entry per layer) of
dicts of arrays, so that the training loop can keep one analog array per weight tensor.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import choice
from .layers import Conv2D, Dense, Flatten, MaxPool2D, Sigmoid, Tanh
from .losses import log_softmax

MODELS = ("fcn", "cnn")


@dataclass(frozen=True)
class Sequential:
    """A chain of layers: forward left to right, backward right to left."""

    layers: tuple
    name: str = "sequential"

    def init(self, rng: np.random.Generator) -> list[dict]:
        """Fresh parameters, drawn layer by layer from ``rng``."""
        return [layer.init(rng) for layer in self.layers]

    def forward(self, params: list[dict], x: np.ndarray) -> tuple[np.ndarray, list]:
        """Logits z and the caches the backward pass needs."""
        caches = []
        for layer, p in zip(self.layers, params):
            x, cache = layer.forward(p, x)
            caches.append(cache)
        return x, caches

    def backward(self, params: list[dict], caches: list, dz: np.ndarray, per_sample: bool = False):
        """Gradients of the loss w.r.t. every parameter, given dloss/dz.

        With ``per_sample`` also their per-sample companions sum_b |g_b| (``layer.abs_grads`` of the
        tile layers; {} for the others): returns (grads, abs_grads).
        """
        grads = [None] * len(self.layers)
        abs_grads = [{} for _ in self.layers]
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            if per_sample and hasattr(layer, "abs_grads"):
                abs_grads[i] = layer.abs_grads(params[i], caches[i], dz)
            dz, grads[i] = layer.backward(params[i], caches[i], dz)
        return (grads, abs_grads) if per_sample else grads

    def predict_log_proba(self, params: list[dict], x: np.ndarray, batch_size: int = 1000) -> np.ndarray:
        """log softmax(z) for every sample, evaluated in chunks of ``batch_size``."""
        chunks = [log_softmax(self.forward(params, x[i:i + batch_size])[0])
                  for i in range(0, len(x), batch_size)]
        return np.concatenate(chunks)

    def accuracy(self, params: list[dict], x: np.ndarray, y: np.ndarray) -> float:
        """Fraction of samples whose most likely class is the label."""
        return float((self.predict_log_proba(params, x).argmax(axis=1) == y).mean())


def fcn(n_inputs: int = 784, hidden: tuple = (256, 128), n_classes: int = 10, bias: bool = True,
        out_scale: bool = False) -> Sequential:
    """The paper's FCN: 784-256-128-10 with sigmoid activations (log-softmax in the loss).

    ``out_scale`` gives every tile a learnable digital output scale (the paper's AIHWKIT setting).

    Example:
        >>> [layer.n_out for layer in fcn(64).layers if hasattr(layer, "n_out")]
        [256, 128, 10]
    """
    sizes = (n_inputs, *hidden, n_classes)
    layers = [Flatten()]
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Dense(a, b, bias=bias, out_scale=out_scale))
        if i < len(sizes) - 2:
            layers.append(Sigmoid())
    return Sequential(tuple(layers), name="fcn")


def cnn(image_size: int = 28, n_classes: int = 10, bias: bool = True, out_scale: bool = False,
        pool_tanh: bool = False) -> Sequential:
    """The paper's CNN: two conv layers (16, 32 channels, tanh, 2x2 max-pool), then 512-128-10.

    ``pool_tanh`` applies tanh once more after the second max-pool, as the authors' script S4.2 does;
    ``out_scale`` gives every tile a learnable digital output scale.

    For 28x28 MNIST the kernels are 5x5 without padding (28 -> 24 -> 12 -> 8 -> 4, 32*4*4 = 512);
    for the 8x8 digits they are 3x3 with padding 1 (8 -> 8 -> 4 -> 4 -> 2, 32*2*2 = 128 inputs).
    """
    if image_size == 28:
        kernel, padding = 5, 0
    elif image_size % 4 == 0:
        kernel, padding = 3, 1
    else:
        raise ValueError(f"image_size must be 28 or a multiple of 4, got {image_size}")
    side = (image_size + 2 * padding - kernel + 1) // 2
    side = (side + 2 * padding - kernel + 1) // 2
    layers = (
        Conv2D(1, 16, kernel, padding, bias, input_grad=False, out_scale=out_scale), Tanh(), MaxPool2D(2),
        Conv2D(16, 32, kernel, padding, bias, out_scale=out_scale), Tanh(), MaxPool2D(2),
        *((Tanh(),) if pool_tanh else ()),
        Flatten(), Dense(32 * side * side, 128, bias, out_scale), Tanh(), Dense(128, n_classes, bias, out_scale),
    )
    return Sequential(layers, name="cnn")


def make_model(name: str, image_shape: tuple, n_classes: int = 10, bias: bool = True, out_scale: bool = False,
               pool_tanh: bool = False) -> Sequential:
    """Build ``fcn`` or ``cnn`` for images of shape (1, H, W) (``pool_tanh`` concerns the CNN only)."""
    choice("model", name, MODELS)
    if name == "fcn":
        return fcn(int(np.prod(image_shape)), n_classes=n_classes, bias=bias, out_scale=out_scale)
    if image_shape[-1] != image_shape[-2]:
        raise ValueError(f"the CNN needs square images, got {image_shape}")
    return cnn(image_shape[-1], n_classes=n_classes, bias=bias, out_scale=out_scale, pool_tanh=pool_tanh)
