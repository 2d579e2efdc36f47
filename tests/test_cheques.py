"""Cheque digits and non-digit pieces cut for training (training/cheques.py), and the CAR-A split."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PIL import Image

from digitpad.reader.digit_model import LiteRTRecognizer
from tests.data.sets import data_folder
from training.cheques import cheque_samples
from training.datasets import car_a_labels
from training.splits import car_a_held_out


def write_cheque(folder: Path, mnist: tuple[np.ndarray, np.ndarray]) -> dict[str, object]:
    """A 'cheque' of two MNIST digits with a dash between them and a neighbour's tail."""
    images, labels = mnist
    first, second = int(np.flatnonzero(labels == 3)[0]), int(np.flatnonzero(labels == 7)[0])
    canvas = np.zeros((40, 90), np.float32)
    canvas[6:34, 4:32] = images[first]
    canvas[6:34, 58:86] = images[second]
    canvas[19:22, 38:52] = 1.0  # a dash: not a digit
    (folder / "images").mkdir(parents=True)
    Image.fromarray((255 - canvas * 255).astype(np.uint8)).save(folder / "images" / "c.png")

    def box(index: int, left: int) -> list[int]:
        ys, xs = np.nonzero(images[index] > 0.2)
        return [left + int(xs.min()), 6 + int(ys.min()), int(np.ptp(xs)) + 1, int(np.ptp(ys)) + 1]

    row = {
        "file": "images/c.png",
        "width": 90,
        "height": 40,
        "number": "37",
        "digits": [{"digit": 3, "box": box(first, 4)}, {"digit": 7, "box": box(second, 58)}],
    }
    (folder / "labels.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return row


def test_a_cheque_gives_its_boxed_digits_and_the_ink_between_as_a_non_digit(
    tmp_path: Path, mnist_test: tuple[np.ndarray, np.ndarray], recognizer: LiteRTRecognizer
) -> None:
    write_cheque(tmp_path, mnist_test)
    digits, labels, pieces = cheque_samples(tmp_path, car_a_labels(tmp_path))
    assert digits.shape == (2, 28, 28)
    assert pieces.shape == (1, 28, 28)
    assert labels.tolist() == [3, 7]
    # Framed the way the app frames a digit: the model reads them as what they are.
    assert recognizer.predict_batch(digits)[:, :10].argmax(axis=1).tolist() == [3, 7]
    # The dash is the only piece, framed flat and wide, with no part of a digit in it.
    rows = np.flatnonzero(pieces[0].max(axis=1) > 0.5)
    assert np.ptp(rows) <= 8
    assert pieces[0].max() == 1.0


def test_car_a_tuning_and_held_out_halves_alternate_and_together_cover_every_row() -> None:
    rows = car_a_labels(data_folder("car-a"))
    held = [i for i in range(len(rows)) if car_a_held_out(i)]
    assert len(held) == len(rows) // 2
    assert held[:3] == [1, 3, 5]


def test_every_labelled_box_of_real_cheques_becomes_a_training_digit() -> None:
    folder = data_folder("car-a")
    rows = [r for i, r in enumerate(car_a_labels(folder)) if not car_a_held_out(i)][:40]
    digits, labels, pieces = cheque_samples(folder, rows)
    assert labels.tolist() == [d["digit"] for r in rows for d in r["digits"]]
    assert digits.shape == (len(labels), 28, 28)
    assert np.allclose(digits.max(axis=(1, 2)), 1.0)
    assert len(pieces) > 0  # separators and strokes between the boxes
