"""What the window answers (Reader.read_ink and read_picture), without a window: one digit, or a number."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from digitpad.ink import Ink, load_ink
from digitpad.preprocess import image_to_array, ink_to_array
from digitpad.reader import DEFAULT_SETTINGS, Reader
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.results import read
from tests.data.composed_numbers import compose, picture_of
from tests.data.samples import sample


@pytest.mark.parametrize("digit", range(10))
def test_one_digit_is_the_single_digit_path_exactly(
    recognizer: LiteRTRecognizer, digit: int
) -> None:
    ink = load_ink(sample(digit, ".ink.json"))
    answer = Reader(recognizer).read_ink(ink)
    assert answer is not None
    assert not answer.is_number
    (part,) = answer.parts
    np.testing.assert_array_equal(part.array, ink_to_array(ink))
    assert part.reading == read(recognizer.predict(ink_to_array(ink)))
    assert answer.text == str(digit)


def test_a_number_gets_a_part_per_digit_left_to_right(recognizer: LiteRTRecognizer) -> None:
    ink, lefts = compose("4071")
    answer = Reader(recognizer).read_ink(ink)
    assert answer is not None
    assert answer.is_number
    assert answer.text == "4071"
    boxes = [part.box for part in answer.parts]
    assert all(box is not None for box in boxes)
    assert [round(b[0]) for b in boxes if b] == [round(x) for x in lefts]
    assert answer.confidence == pytest.approx(np.prod([p.reading.confidence for p in answer.parts]))
    least = answer.least_sure()
    assert answer.parts[least].reading.confidence == min(p.reading.confidence for p in answer.parts)


def test_a_narrow_drawing_is_never_read_as_a_number(recognizer: LiteRTRecognizer) -> None:
    """Two ones one above the other are taller than wide: one answer, whatever it is."""
    ink = Ink((np.array([[0.0, 0.0], [2.0, 40.0]]), np.array([[0.0, 60.0], [2.0, 100.0]])))
    points = ink.points
    width, height = points.max(axis=0) - points.min(axis=0)
    assert width < DEFAULT_SETTINGS.answer.number_min_aspect * height
    answer = Reader(recognizer).read_ink(ink)
    assert answer is not None
    assert not answer.is_number


def test_a_letter_whose_strokes_read_as_digits_is_not_a_number(
    recognizer: LiteRTRecognizer,
) -> None:
    """An ``X`` drawn as two crossing strokes reads as "11", each stroke a confident 1;
    but the second starts where the first does, as no two digits in a row do."""
    x = Ink((np.array([[0.0, 0.0], [80.0, 100.0]]), np.array([[80.0, 0.0], [0.0, 100.0]])))
    number = Reader(recognizer).read_number_ink(x)
    assert len(number.digits) >= 2
    assert min(d.confidence for d in number.digits) >= DEFAULT_SETTINGS.answer.number_min_confidence
    answer = Reader(recognizer).read_ink(x)
    assert answer is not None
    assert not answer.is_number


@pytest.mark.parametrize("gap", [-0.1, -0.2])
def test_digits_overlapping_a_little_are_still_a_number(
    recognizer: LiteRTRecognizer, gap: float
) -> None:
    ink, _ = compose("4071", gap=gap)
    answer = Reader(recognizer).read_ink(ink)
    assert answer is not None
    assert answer.text == "4071"


def test_nothing_drawn_is_no_answer(recognizer: LiteRTRecognizer) -> None:
    assert Reader(recognizer).read_ink(Ink(())) is None


def test_the_frame_lies_over_each_digit(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("58")
    answer = Reader(recognizer).read_ink(ink)
    assert answer is not None
    assert answer.is_number
    for index, part in enumerate(answer.parts):
        frame = answer.frame_rect(index)
        assert frame is not None
        assert part.box is not None
        x0, y0, x1, y1 = part.box
        fx0, fy0, fx1, fy1 = frame
        assert fx0 < x0 < x1 < fx1
        assert fy0 < y0 < y1 < fy1
        # Drawn digits keep their strokes: the frame is where ink_to_array put them.
        assert part.ink is not None
        np.testing.assert_array_equal(ink_to_array(part.ink), part.array)
        # The 28x28 frame is 1.4 times the 20x20 box the digit is scaled into.
        assert (fx1 - fx0) == pytest.approx(1.4 * max(x1 - x0, y1 - y0), rel=0.2)


def test_a_picture_of_a_number_has_boxes_in_its_pixels(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("306")
    image = picture_of(ink)
    answer = Reader(recognizer).read_picture(image, image_to_array(image))
    assert answer.text == "306"
    assert answer.space == image.size
    for part in answer.parts:
        assert part.box is not None
        x0, y0, x1, y1 = part.box
        assert 0 <= x0 < x1 <= image.width
        assert 0 <= y0 < y1 <= image.height


def test_a_picture_of_one_digit_is_one_answer(recognizer: LiteRTRecognizer) -> None:
    array = image_to_array(sample(3))
    with Image.open(sample(3)) as image:
        answer = Reader(recognizer).read_picture(image.convert("L"), array)
    assert not answer.is_number
    assert answer.text == "3"
