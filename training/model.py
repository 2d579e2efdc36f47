"""The networks: the bundled deep CNN, and the two the MNIST demo projects compare it with.

All three read ``(None, 28, 28, 1)`` float32 in [0, 1] (ink = 1) and answer
eleven softmax probabilities: the digits 0-9 and "not a digit" (class 10).

- ``deep`` (bundled): three convolution blocks with batch normalisation and a
  strided 5x5 convolution in place of pooling (learnable down-sampling),
  dropout after each block: ~99.6-99.7% on MNIST with augmentation while
  small (~350k parameters, 1.4 MB as float32 LiteRT) and fast (~0.2 ms a
  prediction on one CPU thread).
- ``basic``: the demos' basic CNN (two convolution + max-pool blocks, one
  dense layer).
- ``dense``: the demos' dense-only network (two hidden layers of 512).
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
from keras import layers

from digitpad.results import CLASSES

ARCHITECTURES = ("deep", "basic", "dense")


def _conv(x: keras.KerasTensor, filters: int, kernel: int, strides: int = 1) -> keras.KerasTensor:
    x = layers.Conv2D(filters, kernel, strides=strides, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


def _deep(x: keras.KerasTensor, width: int, dropout: float) -> keras.KerasTensor:
    for filters in (width, 2 * width):
        x = _conv(x, filters, 3)
        x = _conv(x, filters, 3)
        x = _conv(x, filters, 5, strides=2)
        x = layers.Dropout(dropout)(x)
    x = layers.Conv2D(4 * width, 4, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Flatten()(x)
    return layers.Dropout(dropout)(x)


def _basic(x: keras.KerasTensor, width: int, dropout: float) -> keras.KerasTensor:
    x = layers.Conv2D(width, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(2 * width, 3, activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    x = layers.Dense(4 * width, activation="relu")(x)
    return layers.Dropout(dropout / 2)(x)


def _dense(x: keras.KerasTensor, width: int, dropout: float) -> keras.KerasTensor:
    x = layers.Flatten()(x)
    for _ in range(2):
        x = layers.Dense(16 * width, activation="relu")(x)
        x = layers.Dropout(dropout / 2)(x)
    return x


_BODIES: dict[str, Callable[[keras.KerasTensor, int, float], keras.KerasTensor]] = {
    "deep": _deep,
    "basic": _basic,
    "dense": _dense,
}


def build_model(width: int = 32, dropout: float = 0.4, arch: str = "deep") -> keras.Model:
    """Input (None, 28, 28, 1) float32 in [0, 1], ink = 1; output (None, 11) softmax."""
    inputs = keras.Input((28, 28, 1), name="digit")
    features = _BODIES[arch](inputs, width, dropout)
    outputs = layers.Dense(CLASSES, activation="softmax", name="probabilities")(features)
    return keras.Model(inputs, outputs, name=f"digitpad_{arch}")


def widen_head(old: keras.Model, width: int = 32, dropout: float = 0.4) -> keras.Model:
    """A deep model with every weight of ``old`` (a ten-class model) and one more class.

    Lets the eleven-class model start from the released ten-class one: the
    "not a digit" column starts at zero weight and a low bias, so the new model
    answers exactly as the old one did until training teaches the new class.
    """
    new = build_model(width, dropout, "deep")
    for source, target in zip(old.layers[:-1], new.layers[:-1], strict=True):
        target.set_weights(source.get_weights())
    kernel, bias = old.layers[-1].get_weights()
    if kernel.shape[1] == CLASSES:
        new.layers[-1].set_weights([kernel, bias])
        return new
    extra = CLASSES - kernel.shape[1]
    new.layers[-1].set_weights(
        [
            np.concatenate([kernel, np.zeros((kernel.shape[0], extra), kernel.dtype)], axis=1),
            np.concatenate([bias, np.full(extra, -4.0, bias.dtype)]),
        ]
    )
    return new
