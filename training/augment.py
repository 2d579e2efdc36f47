"""Training-time distortions that make the model read digits the way people draw them.

Applied per batch inside the tf.data pipeline (not part of the saved model):
random affine (rotation, scale, aspect, shear, shift), elastic distortion,
and stroke thickness changes (soft dilation / erosion). Real pen digits lean,
wobble and vary in stroke weight far more than MNIST's test set does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import tensorflow as tf

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


def _affine(images: tf.Tensor, aug: Augmentation) -> tf.Tensor:
    n = tf.shape(images)[0]
    u = lambda lo, hi: tf.random.uniform([n], lo, hi)  # noqa: E731
    angle = u(-1.0, 1.0) * (aug.rotation_degrees * math.pi / 180)
    scale = u(*aug.scale)
    aspect = tf.exp(u(-aug.aspect, aug.aspect))
    sx, sy = scale * aspect, scale / aspect
    shear = u(-aug.shear, aug.shear)
    tx, ty = u(-aug.shift, aug.shift), u(-aug.shift, aug.shift)
    cos, sin = tf.cos(angle), tf.sin(angle)
    # Forward map A = R @ Shear @ S; the op wants output -> input, i.e. A^-1.
    a00, a01 = cos * sx, (cos * shear - sin) * sy
    a10, a11 = sin * sx, (sin * shear + cos) * sy
    det = a00 * a11 - a01 * a10
    i00, i01, i10, i11 = a11 / det, -a01 / det, -a10 / det, a00 / det
    cx, cy = CENTRE + tx, CENTRE + ty
    b0 = CENTRE - (i00 * cx + i01 * cy)
    b1 = CENTRE - (i10 * cx + i11 * cy)
    zeros = tf.zeros([n])
    transforms = tf.stack([i00, i01, b0, i10, i11, b1, zeros, zeros], axis=1)
    return tf.raw_ops.ImageProjectiveTransformV3(
        images=images,
        transforms=transforms,
        output_shape=[28, 28],
        fill_value=0.0,
        interpolation="BILINEAR",
        fill_mode="CONSTANT",
    )


def _bilinear_sample(images: tf.Tensor, ys: tf.Tensor, xs: tf.Tensor) -> tf.Tensor:
    """Sample (n, 28, 28, 1) images at float coordinates (n, 28, 28), zero outside."""
    padded = tf.pad(images[..., 0], [[0, 0], [1, 1], [1, 1]])
    ys, xs = ys + 1.0, xs + 1.0
    y0, x0 = tf.floor(ys), tf.floor(xs)
    wy, wx = ys - y0, xs - x0
    n = tf.shape(images)[0]
    batch = tf.broadcast_to(tf.range(n)[:, None, None], tf.shape(ys))

    def at(yy: tf.Tensor, xx: tf.Tensor) -> tf.Tensor:
        yy = tf.clip_by_value(tf.cast(yy, tf.int32), 0, 29)
        xx = tf.clip_by_value(tf.cast(xx, tf.int32), 0, 29)
        return tf.gather_nd(padded, tf.stack([batch, yy, xx], axis=-1))

    top = at(y0, x0) * (1 - wx) + at(y0, x0 + 1) * wx
    bottom = at(y0 + 1, x0) * (1 - wx) + at(y0 + 1, x0 + 1) * wx
    return (top * (1 - wy) + bottom * wy)[..., None]


def _elastic(images: tf.Tensor, aug: Augmentation) -> tf.Tensor:
    """Smooth random displacement (coarse 4x4 noise field upsampled), on a share of the batch."""
    n = tf.shape(images)[0]
    coarse = tf.random.normal([n, 4, 4, 2])
    field = tf.image.resize(coarse, [28, 28], method="bicubic") * aug.elastic_pixels
    apply = tf.cast(tf.random.uniform([n, 1, 1, 1]) < aug.elastic_share, tf.float32)
    field = field * apply
    grid_y, grid_x = tf.meshgrid(tf.range(28.0), tf.range(28.0), indexing="ij")
    return _bilinear_sample(images, grid_y + field[..., 0], grid_x + field[..., 1])


def _thickness(images: tf.Tensor, aug: Augmentation) -> tf.Tensor:
    """Blend towards a dilated or eroded copy: a continuous change of stroke weight."""
    n = tf.shape(images)[0]
    amount = tf.random.uniform([n, 1, 1, 1], -aug.thinning, aug.thickness)
    dilated = tf.nn.max_pool2d(images, 3, 1, "SAME")
    eroded = -tf.nn.max_pool2d(-images, 3, 1, "SAME")
    target = tf.where(amount > 0, dilated, eroded)
    blended = images + tf.abs(amount) * (target - images)
    # Our preprocessing always yields full-strength strokes: keep the peak at 1.
    peak = tf.reduce_max(blended, axis=[1, 2, 3], keepdims=True)
    return blended / tf.maximum(peak, 1e-3)


def augment_batch(images: tf.Tensor, aug: Augmentation | None = None) -> tf.Tensor:
    """All distortions on a batch of (n, 28, 28, 1) float images in [0, 1]."""
    aug = aug or Augmentation()
    distorted = _elastic(_affine(_thickness(images, aug), aug), aug)
    # Some samples stay as they are, so clean digits are seen too.
    keep = tf.random.uniform([tf.shape(images)[0], 1, 1, 1]) < aug.clean_share
    return tf.clip_by_value(tf.where(keep, images, distorted), 0.0, 1.0)
