"""Knowledge distillation: one network learns from the averaged answers of several.

Two models trained apart read a little better together than either alone, but
running both costs twice the time of every digit, and the number reader frames
and reads about twenty candidate digits per cheque against a 20 ms budget. A
single network of the bundled size can learn much of what the pair knows by
being trained on their averaged probabilities (Hinton, Vinyals and Dean,
"Distilling the Knowledge in a Neural Network", 2015) besides the labels:
``python -m training.train --init-from models/digitpad.keras --distill-from
A.keras B.keras``. The teachers see the very distorted digit the student sees
(one :class:`training.augment.Distortion` in front of all of them) and are
never trained; only the student is saved.

Plain Keras (``keras.ops``), like the rest of the training code: any backend.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import keras
from keras import layers

from training.augment import Augmentation, Distortion
from training.model import CLASSES

#: The share of the loss taken by the teachers' answers (the rest is the labels').
DISTILL_WEIGHT = 0.5


def load_teachers(paths: Sequence[str | Path]) -> list[keras.Model]:
    """The teacher models, frozen, each under its own name (they share layer names)."""
    teachers = []
    for index, path in enumerate(paths):
        saved = keras.saving.load_model(path, compile=False)
        teacher = keras.Model(saved.inputs[0], saved.outputs[0], name=f"teacher_{index}")
        teacher.trainable = False
        teachers.append(teacher)
    return teachers


def distilling_model(model: keras.Model, teachers: Sequence[keras.Model], seed: int) -> keras.Model:
    """What ``fit`` trains: the student's probabilities, then the teachers' mean, side by side.

    Never saved: the student (``model``) is.
    """
    inputs = keras.Input((28, 28, 1))
    distorted = Distortion(Augmentation(), seed=seed)(inputs)
    answers = [teacher(distorted, training=False) for teacher in teachers]
    taught = answers[0] if len(answers) == 1 else layers.Average()(answers)
    both = layers.Concatenate(name="student_and_teachers")([model(distorted), taught])
    return keras.Model(inputs, both, name="distilling")


def distillation_loss(weight: float = DISTILL_WEIGHT) -> Callable[..., object]:
    """Cross-entropy with the label, and with the teachers' probabilities, mixed by ``weight``."""

    def loss(y_true: object, y_pred: object) -> object:
        student = y_pred[:, :CLASSES]  # type: ignore[index]
        taught = keras.ops.stop_gradient(y_pred[:, CLASSES:])  # type: ignore[index]
        labels = keras.losses.sparse_categorical_crossentropy(y_true, student)
        soft = keras.losses.categorical_crossentropy(taught, student)
        return (1.0 - weight) * labels + weight * soft

    return loss


def accuracy(y_true: object, y_pred: object) -> object:
    """The student's accuracy (the history keeps the name ``accuracy`` for the curves)."""
    return keras.metrics.sparse_categorical_accuracy(y_true, y_pred[:, :CLASSES])  # type: ignore[index]
