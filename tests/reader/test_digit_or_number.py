"""What the window answers (Reader.read_ink and read_picture), without a window: one digit, or a number."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from digitpad.ink import Ink, load_ink
from digitpad.preprocess import image_to_array, ink_to_array
from digitpad.reader import DEFAULT_SETTINGS, Reader
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.digit_or_number import (
    cut_digit_stands,
    laid_out_as_a_number,
    number_answer,
    overlapping,
    wide_enough,
    wide_ink,
)
from digitpad.results import (
    NOT_A_DIGIT_REASON,
    Answer,
    AnswerPart,
    DigitReading,
    NumberReading,
    read,
)
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
    assert number.least_confidence >= DEFAULT_SETTINGS.answer.number_min_confidence
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


def test_a_six_read_whole_as_a_zero_is_read_as_the_six_the_cut_is_sure_of(
    recognizer: LiteRTRecognizer, mnist_test: tuple[np.ndarray, np.ndarray]
) -> None:
    """MNIST test digit 445, a 6 whose loop nearly closes on its stem: the whole picture
    reads a 0; cut, the digit model and the line model together read the 6 sure. With the
    rule off (``cut_digit_sure`` above 1) the whole picture's 0 stands."""
    images, labels = mnist_test
    assert labels[445] == 6
    image = Image.fromarray((images[445] * 255).astype(np.uint8), "L")
    answer = Reader(recognizer).read_picture(image)
    assert answer.text == "6"
    assert not answer.is_number
    (part,) = answer.parts
    assert part.box is not None  # outlined where the cut found it
    never = replace(DEFAULT_SETTINGS, answer=replace(RULES, cut_digit_sure=2.0))
    assert Reader(recognizer, settings=never).read_picture(image).text == "0"


def test_a_pictures_one_cut_digit_stands_when_sure_and_the_whole_reads_otherwise() -> None:
    assert RULES.cut_digit_sure == 0.8
    whole_zero, whole_six = _whole({0: 0.6, 6: 0.3}, 0.1), _whole({6: 0.9}, 0.1)
    refused = _whole({0: 0.05}, 0.95)
    assert (whole_zero.text, whole_six.text, refused.text) == ("0", "6", None)
    sure_six = NumberReading((_digit({6: 0.8, 0: 0.1}, 0.0),))
    unsure_six = NumberReading((_digit({6: 0.79, 0: 0.1}, 0.0),))
    assert cut_digit_stands(sure_six, whole_zero, RULES)
    assert cut_digit_stands(sure_six, refused, RULES)
    assert not cut_digit_stands(sure_six, whole_six, RULES)  # they agree: the whole stands
    assert not cut_digit_stands(unsure_six, whole_zero, RULES)
    two = NumberReading((_digit({6: 0.9}, 0.0), _digit({1: 0.9}, 10.0)))
    assert not cut_digit_stands(two, whole_zero, RULES)


def _whole(probabilities: dict[int, float], not_digit: float) -> Answer:
    """A picture's answer read whole: one part, no box."""
    eleven = [probabilities.get(d, 0.0) for d in range(10)] + [not_digit]
    return Answer((AnswerPart(read(eleven), np.zeros((28, 28))),))


def _digit(probabilities: dict[int, float], left: float) -> DigitReading:
    ten = tuple(probabilities.get(d, 0.0) for d in range(10))
    best = max(probabilities, key=probabilities.__getitem__)
    return DigitReading(best, ten[best], ten, (left, 0.0, left + 8.0, 20.0), np.zeros((28, 28)))


def test_each_digit_of_a_number_keeps_what_its_ten_leave_to_not_a_digit() -> None:
    """A number's digit has ten probabilities; what they leave of 1 is its "not a digit",
    which refuses it when that is sure (0.92 here) as for a single digit."""
    number = NumberReading((_digit({4: 0.6, 9: 0.1}, 0.0), _digit({1: 0.05, 7: 0.03}, 10.0)))
    answer = number_answer(number, space=(30.0, 20.0))
    four, mark = (part.reading for part in answer.parts)
    assert four.not_digit == pytest.approx(0.3)
    assert four.digit == 4
    assert mark.not_digit == pytest.approx(0.92)
    assert mark.digit is None
    assert mark.reason == NOT_A_DIGIT_REASON
    assert answer.text is None
    assert answer.parts[0].probabilities == pytest.approx([0, 0, 0, 0, 0.6, 0, 0, 0, 0, 0.1, 0.3])
    assert answer.parts[1].box == (10.0, 0.0, 18.0, 20.0)
    assert answer.space == (30.0, 20.0)


RULES = DEFAULT_SETTINGS.answer


def test_ink_may_be_a_number_from_three_quarters_as_wide_as_high_wherever_it_lies() -> None:
    assert RULES.number_min_aspect == 0.75
    for x, y in [(0.0, 0.0), (900.0, 700.0)]:
        exactly = Ink((np.array([[x, y], [x + 75.0, y + 100.0]]),))
        narrower = Ink((np.array([[x, y], [x + 74.0, y + 100.0]]),))
        assert wide_ink(exactly, RULES), (x, y)
        assert not wide_ink(narrower, RULES), (x, y)
    dash = Ink((np.array([[10.0, 50.0], [10.5, 50.0]]),))  # no height at all: wide
    assert wide_ink(dash, RULES)
    assert wide_enough(75.0, 100.0, RULES)
    assert not wide_enough(74.9, 100.0, RULES)


def _boxed(*boxes: tuple[float, float, float, float], confidence: float = 0.9) -> NumberReading:
    ten = tuple(confidence if d == 1 else 0.0 for d in range(10))
    return NumberReading(
        tuple(DigitReading(1, confidence, ten, b, np.zeros((28, 28))) for b in boxes)
    )


def test_digits_overlap_when_one_starts_over_three_tenths_of_the_height_back() -> None:
    """Boxes 100 high (at y 500-600): a right neighbour may start up to 30 back."""
    limit = RULES.number_max_overlap * 100.0
    assert not overlapping(_boxed((-50.0, 500.0, limit, 600.0), (0.0, 500.0, 50.0, 600.0)), RULES)
    assert overlapping(_boxed((-50.0, 500.0, limit + 1, 600.0), (0.0, 500.0, 50.0, 600.0)), RULES)
    # The height is the number's, top to bottom: a lower digit makes it taller.
    tall = _boxed((-50.0, 500.0, limit + 1, 600.0), (0.0, 550.0, 50.0, 700.0))
    assert not overlapping(tall, RULES)


def test_a_number_needs_two_digits_each_read_at_least_half_sure() -> None:
    assert RULES.number_min_confidence == 0.5
    boxes = ((0.0, 0.0, 10.0, 20.0), (15.0, 0.0, 25.0, 20.0))
    assert laid_out_as_a_number(_boxed(*boxes, confidence=0.5), RULES)
    assert not laid_out_as_a_number(_boxed(*boxes, confidence=0.49), RULES)
    assert not laid_out_as_a_number(_boxed(boxes[0]), RULES)
