"""Distillation: the student learns the teachers' mean answer; the teachers never change."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from digitpad.results import CLASSES  # noqa: E402
from training.distill import (  # noqa: E402
    accuracy,
    distillation_loss,
    distilling_model,
    load_teachers,
)
from training.model import build_model  # noqa: E402


def _probabilities(rng: np.random.Generator, count: int) -> np.ndarray:
    logits = rng.normal(size=(count, CLASSES))
    return (np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)).astype(np.float32)


def test_the_loss_mixes_the_label_and_the_teachers_answer() -> None:
    rng = np.random.default_rng(0)
    student, taught = _probabilities(rng, 8), _probabilities(rng, 8)
    labels = rng.integers(0, CLASSES, 8)
    y_pred = np.concatenate([student, taught], axis=1)
    hard = -np.log(student[np.arange(8), labels])
    soft = -(taught * np.log(student)).sum(axis=1)
    for weight in (0.0, 0.5, 1.0):
        got = np.asarray(distillation_loss(weight)(labels, y_pred))
        np.testing.assert_allclose(got, (1 - weight) * hard + weight * soft, rtol=1e-4)
    hits = np.asarray(accuracy(labels, y_pred))
    np.testing.assert_array_equal(hits, (student.argmax(1) == labels).astype(np.float32))


@pytest.fixture
def teachers(tmp_path: Path) -> list[keras.Model]:
    paths = []
    for seed in (1, 2):
        keras.utils.set_random_seed(seed)
        path = tmp_path / f"teacher{seed}.keras"
        build_model(4, arch="basic").save(path)
        paths.append(path)
    return load_teachers(paths)


def test_the_teachers_half_is_their_mean_answer(teachers: list[keras.Model]) -> None:
    student = build_model(4, arch="basic")
    model = distilling_model(student, teachers, seed=0)
    assert model.output_shape == (None, 2 * CLASSES)
    # Only the student learns: the teachers bring no trainable weights.
    assert len(model.trainable_weights) == len(student.trainable_weights)
    x = np.random.default_rng(3).random((5, 28, 28, 1)).astype(np.float32)
    both = model.predict(x, verbose=0)
    mean = np.mean([t.predict(x, verbose=0) for t in teachers], axis=0)
    np.testing.assert_allclose(both[:, CLASSES:], mean, atol=1e-5)
    np.testing.assert_allclose(both[:, :CLASSES], student.predict(x, verbose=0), atol=1e-5)


def test_with_the_whole_weight_on_the_teachers_the_student_learns_their_answer(
    teachers: list[keras.Model],
) -> None:
    """Labels that disagree with the teachers everywhere: at weight 1 the student follows the
    teachers, and the teachers' own weights do not move."""
    rng = np.random.default_rng(4)
    x = rng.random((128, 28, 28, 1)).astype(np.float32)
    teacher_answer = np.mean([t.predict(x, verbose=0) for t in teachers], axis=0)
    wrong = (teacher_answer.argmax(1) + 1) % CLASSES
    before = [w.copy() for w in teachers[0].get_weights()]
    keras.utils.set_random_seed(5)
    student = build_model(4, arch="basic")
    model = distilling_model(student, teachers, seed=0)
    model.compile(optimizer=keras.optimizers.Adam(3e-3), loss=distillation_loss(1.0))

    def gap() -> float:
        answer = student.predict(x, verbose=0)
        return float(np.abs(answer - teacher_answer).sum(axis=1).mean())

    start = gap()
    model.fit(x, wrong, epochs=30, batch_size=32, verbose=0)
    assert gap() < 0.5 * start
    for old, new in zip(before, teachers[0].get_weights(), strict=True):
        np.testing.assert_array_equal(old, new)
