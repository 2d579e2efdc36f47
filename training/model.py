"""The digit CNN.

Three convolution blocks with batch normalisation and a strided 5x5
convolution in place of pooling (learnable down-sampling), dropout after each
block: a design that reaches ~99.6-99.7% on MNIST with augmentation while
staying small (~330k parameters, 1.4 MB as float32 LiteRT) and fast (~0.2 ms
a prediction on one CPU thread).
"""

from __future__ import annotations

import keras
from keras import layers


def _conv(x: keras.KerasTensor, filters: int, kernel: int, strides: int = 1) -> keras.KerasTensor:
    x = layers.Conv2D(filters, kernel, strides=strides, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.ReLU()(x)


def build_model(width: int = 32, dropout: float = 0.4) -> keras.Model:
    """Input (None, 28, 28, 1) float32 in [0, 1], ink = 1; output (None, 10) softmax."""
    inputs = keras.Input((28, 28, 1), name="digit")
    x = inputs
    for filters in (width, 2 * width):
        x = _conv(x, filters, 3)
        x = _conv(x, filters, 3)
        x = _conv(x, filters, 5, strides=2)
        x = layers.Dropout(dropout)(x)
    x = layers.Conv2D(4 * width, 4, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Flatten()(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(10, activation="softmax", name="probabilities")(x)
    return keras.Model(inputs, outputs, name="digitpad")
