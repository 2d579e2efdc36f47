"""The training distortions (training/augment.py): off outside training, the identity when
every range is zero, and a real but bounded change of a digit when on."""

from __future__ import annotations

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from training.augment import Augmentation, Distortion  # noqa: E402

NONE = Augmentation(
    rotation_degrees=0.0,
    scale=(1.0, 1.0),
    aspect=0.0,
    shear=0.0,
    shift=0.0,
    elastic_pixels=0.0,
    elastic_share=1.0,
    thickness=0.0,
    thinning=0.0,
    clean_share=0.0,
)


def digits() -> np.ndarray:
    """Eight thick 'digits' (a ring and a bar at different places), ink 1 on 0."""
    yy, xx = np.mgrid[0:28, 0:28]
    images = np.zeros((8, 28, 28, 1), np.float32)
    for index in range(8):
        cy, cx = 12 + index % 4, 12 + index // 2
        ring = np.abs(np.hypot(yy - cy, xx - cx) - 6) < 1.5
        images[index, ..., 0] = ring | ((xx == cx) & (np.abs(yy - cy) < 8))
    return images


def mass_centre(image: np.ndarray) -> np.ndarray:
    yy, xx = np.mgrid[0:28, 0:28]
    weights = image[..., 0]
    return np.array([(yy * weights).sum(), (xx * weights).sum()]) / weights.sum()


def test_outside_training_the_images_pass_unchanged() -> None:
    images = digits()
    layer = Distortion(seed=0)
    np.testing.assert_array_equal(np.asarray(layer(images, training=False)), images)
    np.testing.assert_array_equal(np.asarray(layer(images)), images)


def test_with_every_range_zero_training_changes_nothing() -> None:
    """Catches a sampling grid off by a pixel, or a thickness change that is not neutral."""
    images = digits()
    out = np.asarray(Distortion(NONE, seed=0)(images, training=True))
    np.testing.assert_allclose(out, images, atol=1e-5)


def test_training_distorts_each_digit_but_keeps_it_a_digit() -> None:
    images = np.repeat(digits(), 8, axis=0)
    layer = Distortion(Augmentation(clean_share=0.0), seed=0)
    out = np.asarray(layer(images, training=True))
    assert out.shape == images.shape
    assert out.min() >= 0.0
    assert out.max() <= 1.0
    changed = np.abs(out - images).reshape(len(images), -1).max(axis=1)
    assert (changed > 0.2).all()
    # No two samples get the same distortion.
    assert len({np.round(o, 3).tobytes() for o in out}) == len(out)
    for before, after in zip(images, out, strict=True):
        # The ink stays (about) as much and (about) where it was: shifts are at most 2 px.
        assert 0.4 < after.sum() / before.sum() < 2.5
        assert np.abs(mass_centre(after) - mass_centre(before)).max() < 4.5
    # A second call draws new distortions.
    assert not np.allclose(np.asarray(layer(images, training=True)), out)


def test_the_clean_share_leaves_that_share_untouched() -> None:
    images = np.repeat(digits(), 64, axis=0)
    out = np.asarray(Distortion(Augmentation(clean_share=0.5), seed=1)(images, training=True))
    untouched = (np.abs(out - images).reshape(len(images), -1).max(axis=1) < 1e-6).mean()
    assert 0.35 < untouched < 0.65
