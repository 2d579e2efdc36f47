"""Training-time distortions that make the model read digits the way people draw them.

Random affine (rotation, scale, aspect, shear, shift), elastic distortion, and
stroke thickness changes (soft dilation / erosion). Real pen digits lean,
wobble and vary in stroke weight far more than MNIST's test set does.

They are written in ``keras.ops``, so one definition trains under any Keras
backend: TensorFlow on a laptop, JAX or PyTorch on a GPU machine that has no
TensorFlow. ``Distortion`` applies them as the first layer of the training
model only; the saved model never contains it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import keras
from keras import ops

SIDE = 28
CENTRE = 14.0


@dataclass(frozen=True)
class Augmentation:
    rotation_degrees: float = 12.0
    scale: tuple[float, float] = (0.85, 1.08)
    aspect: float = 0.12
    shear: float = 0.25
    shift: float = 2.0
    elastic_pixels: float = 1.2
    elastic_share: float = 0.6
    thickness: float = 0.8
    thinning: float = 0.4
    clean_share: float = 0.15


Seed = keras.random.SeedGenerator


def _uniform(shape: Any, low: float, high: float, seed: Seed) -> Any:
    return keras.random.uniform(shape, low, high, seed=seed)


def _affine(images: Any, aug: Augmentation, seed: Seed) -> Any:
    n = ops.shape(images)[0]
    u = lambda lo, hi: _uniform((n,), lo, hi, seed)  # noqa: E731
    angle = u(-1.0, 1.0) * (aug.rotation_degrees * math.pi / 180)
    scale = u(*aug.scale)
    aspect = ops.exp(u(-aug.aspect, aug.aspect))
    sx, sy = scale * aspect, scale / aspect
    shear = u(-aug.shear, aug.shear)
    tx, ty = u(-aug.shift, aug.shift), u(-aug.shift, aug.shift)
    cos, sin = ops.cos(angle), ops.sin(angle)
    # Forward map A = R @ Shear @ S; the op wants output -> input, i.e. A^-1.
    a00, a01 = cos * sx, (cos * shear - sin) * sy
    a10, a11 = sin * sx, (sin * shear + cos) * sy
    det = a00 * a11 - a01 * a10
    i00, i01, i10, i11 = a11 / det, -a01 / det, -a10 / det, a00 / det
    cx, cy = CENTRE + tx, CENTRE + ty
    b0 = CENTRE - (i00 * cx + i01 * cy)
    b1 = CENTRE - (i10 * cx + i11 * cy)
    zeros = ops.zeros_like(i00)
    transforms = ops.stack([i00, i01, b0, i10, i11, b1, zeros, zeros], axis=1)
    return ops.image.affine_transform(
        images, transforms, interpolation="bilinear", fill_mode="constant", fill_value=0.0
    )


def _bilinear_sample(images: Any, ys: Any, xs: Any) -> Any:
    """Sample (n, 28, 28, 1) images at float coordinates (n, 28, 28), zero outside."""
    side = SIDE + 2
    padded = ops.reshape(ops.pad(images[..., 0], [[0, 0], [1, 1], [1, 1]]), (-1,))
    ys, xs = ys + 1.0, xs + 1.0
    y0, x0 = ops.floor(ys), ops.floor(xs)
    wy, wx = ys - y0, xs - x0
    base = ops.arange(ops.shape(images)[0], dtype="int32")[:, None, None] * (side * side)

    def at(yy: Any, xx: Any) -> Any:
        yy = ops.clip(ops.cast(yy, "int32"), 0, side - 1)
        xx = ops.clip(ops.cast(xx, "int32"), 0, side - 1)
        return ops.take(padded, base + yy * side + xx)

    top = at(y0, x0) * (1 - wx) + at(y0, x0 + 1) * wx
    bottom = at(y0 + 1, x0) * (1 - wx) + at(y0 + 1, x0 + 1) * wx
    return (top * (1 - wy) + bottom * wy)[..., None]


def _elastic(images: Any, aug: Augmentation, seed: Seed) -> Any:
    """Smooth random displacement (coarse 4x4 noise field upsampled), on a share of the batch."""
    n = ops.shape(images)[0]
    coarse = keras.random.normal((n, 4, 4, 2), seed=seed)
    field = ops.image.resize(coarse, (SIDE, SIDE), interpolation="bicubic") * aug.elastic_pixels
    field = field * ops.cast(_uniform((n, 1, 1, 1), 0.0, 1.0, seed) < aug.elastic_share, "float32")
    grid = ops.arange(SIDE, dtype="float32")
    grid_y, grid_x = grid[None, :, None], grid[None, None, :]
    return _bilinear_sample(images, grid_y + field[..., 0], grid_x + field[..., 1])


def _thickness(images: Any, aug: Augmentation, seed: Seed) -> Any:
    """Blend towards a dilated or eroded copy: a continuous change of stroke weight."""
    n = ops.shape(images)[0]
    amount = _uniform((n, 1, 1, 1), -aug.thinning, aug.thickness, seed)
    dilated = ops.max_pool(images, 3, 1, "same")
    eroded = -ops.max_pool(-images, 3, 1, "same")
    target = ops.where(amount > 0, dilated, eroded)
    blended = images + ops.abs(amount) * (target - images)
    # Our preprocessing always yields full-strength strokes: keep the peak at 1.
    peak = ops.max(blended, axis=(1, 2, 3), keepdims=True)
    return blended / ops.maximum(peak, 1e-3)


def augment_batch(images: Any, aug: Augmentation, seed: Seed) -> Any:
    """All distortions on a batch of (n, 28, 28, 1) float images in [0, 1]."""
    distorted = _elastic(_affine(_thickness(images, aug, seed), aug, seed), aug, seed)
    # Some samples stay as they are, so clean digits are seen too.
    keep = _uniform((ops.shape(images)[0], 1, 1, 1), 0.0, 1.0, seed) < aug.clean_share
    return ops.clip(ops.where(keep, images, distorted), 0.0, 1.0)


class Distortion(keras.layers.Layer):
    """The distortions while training; the images unchanged otherwise (validation)."""

    def __init__(self, aug: Augmentation | None = None, seed: int | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.aug = aug or Augmentation()
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, images: Any, training: bool = False) -> Any:
        if not training:
            return images
        return augment_batch(images, self.aug, self.seed_generator)

    def compute_output_shape(self, input_shape: Any) -> Any:
        return input_shape
