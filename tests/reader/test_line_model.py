"""The bundled line model (digitpad.reader.line_model) and how the number reader uses it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from digitpad.errors import ModelError
from digitpad.reader import DEFAULT_SETTINGS, Reader
from digitpad.reader.ctc import best_path
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.line_input import FRAMES, line_array
from digitpad.reader.line_model import LINE_CLASSES, LineModel, load_bundled_line_model
from digitpad.reader.number_reader import erased_ink_map
from digitpad.resources import line_model_path, model_path
from tests.data.composed_numbers import compose, picture_of


def test_the_bundled_line_model_gives_log_probabilities_per_frame() -> None:
    model = load_bundled_line_model()
    assert model is not None
    assert model.path == line_model_path()
    out = model.log_probabilities(np.zeros((32, 224), np.float32))
    assert out.shape == (FRAMES, LINE_CLASSES)
    np.testing.assert_allclose(np.exp(out).sum(axis=1), 1.0, rtol=1e-5)
    # A blank row is no digit at all.
    assert best_path(out) == ""


@pytest.mark.parametrize("number", ["2026", "4071", "58"])
def test_the_line_model_reads_a_picture_of_a_number_alone(number: str) -> None:
    model = load_bundled_line_model()
    assert model is not None
    ink = erased_ink_map(picture_of(compose(number)[0]))
    assert best_path(model.log_probabilities(line_array(ink))) == number


def test_a_damaged_or_wrong_line_model_file_is_a_plain_model_error(tmp_path: Path) -> None:
    damaged = tmp_path / "digitpad-lines.tflite"
    damaged.write_bytes(b"not a model at all" * 10)
    with pytest.raises(ModelError, match="damaged or not a LiteRT model"):
        LineModel(damaged)
    with pytest.raises(ModelError, match="not a line model"):
        LineModel(model_path())  # the digit model: a LiteRT file of another shape
    with pytest.raises(ModelError, match="missing"):
        LineModel(tmp_path / "nowhere.tflite")


@pytest.mark.usefixtures("no_line_model")
def test_without_a_line_model_pictures_are_read_by_cutting_alone(
    recognizer: LiteRTRecognizer,
) -> None:
    assert load_bundled_line_model() is None
    picture = picture_of(compose("2026")[0])
    assert Reader(recognizer).read_number_picture(picture).number == "2026"


@pytest.mark.parametrize(
    ("number", "gap"), [("3400", 0.0), ("800", 0.0), ("1200", 0.0), ("5000", 0.0)]
)
def test_the_line_model_finds_digits_the_cut_alone_misses(
    number: str, gap: float, recognizer: LiteRTRecognizer
) -> None:
    """Touching zeros: cut alone, the pieces group wrongly (3400 read as 300, 800 as 850, 5000 as 5050);
    judged by the line model, the reader finds a grouping with the right digits."""
    picture = picture_of(compose(number, gap=gap)[0])
    assert Reader(recognizer, None).read_number_picture(picture).number != number
    assert Reader(recognizer).read_number_picture(picture).number == number


def test_digits_judged_by_the_line_model_are_still_read_by_the_digit_model(
    recognizer: LiteRTRecognizer,
) -> None:
    """Each digit is a group of pieces the digit model read: its 28x28 array is the digit
    model's input; its probabilities are the digit model's weighed by the line model,
    summing to what the digit model gives the ten digits."""
    reading = Reader(recognizer).read_number_picture(picture_of(compose("3400")[0]))
    assert reading.number == "3400"
    for digit in reading.digits:
        own = recognizer.predict(digit.array)[:10]
        assert sum(digit.probabilities) == pytest.approx(float(own.sum()), rel=1e-6)
        assert digit.confidence == digit.probabilities[digit.digit]
        assert digit.digit == int(np.argmax(digit.probabilities))
    # Boxes left to right, inside the picture.
    lefts = [d.box[0] for d in reading.digits]
    assert lefts == sorted(lefts)


class BlindLineModel(LineModel):
    """The bundled line model shown a blank row whatever the picture: it reads no digit."""

    def log_probabilities(self, line: np.ndarray) -> np.ndarray:
        return super().log_probabilities(np.zeros_like(line))


def test_a_line_model_that_sees_no_digit_does_not_erase_the_cuts_digits(
    recognizer: LiteRTRecognizer,
) -> None:
    """The line model's empty reading is not a candidate number: the picture still reads as
    digits (before, the empty reading won and the picture got "No digit found"). Only when
    the line model is sure the row holds no digit (``line_vouch``) is it no number
    (tests/reader/test_number_reader.py); here it is not asked to be."""
    blind = BlindLineModel()
    picture = picture_of(compose("2026")[0])
    assert best_path(blind.log_probabilities(line_array(erased_ink_map(picture)))) == ""
    unasked = replace(DEFAULT_SETTINGS, grouping=replace(DEFAULT_SETTINGS.grouping, line_vouch=2.0))
    reading = Reader(recognizer, blind, unasked).read_number_picture(picture)
    assert len(reading.number) == 4
    assert reading.number == Reader(recognizer, None).read_number_picture(picture).number
