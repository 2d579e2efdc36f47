"""The result types and the one rule for "not a digit", shared by the window, the command
line and the self-test; each result serialised one way (``to_dict``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from digitpad.ink import Ink, load_ink
from digitpad.input_files import array_from_file
from digitpad.preprocess import ink_to_array
from digitpad.results import (
    NOT_A_DIGIT_REASON,
    REFUSE_AT,
    Answer,
    AnswerPart,
    DigitReading,
    NumberReading,
    PageNumber,
    PageReading,
    answer_classes,
    read,
)
from tests.data.samples import NAMES, SAMPLES


def probabilities(digits: dict[int, float], not_digit: float) -> list[float]:
    values = [0.0] * 11
    for digit, p in digits.items():
        values[digit] = p
    values[10] = not_digit
    return values


def test_a_digit_above_not_a_digit_is_the_answer() -> None:
    answer = read(probabilities({7: 0.6, 1: 0.1}, 0.3))
    assert answer.digit == 7
    assert answer.is_digit
    assert answer.confidence == pytest.approx(0.6)
    assert answer.reason is None


def test_a_sure_not_a_digit_is_a_refusal_with_the_digits_kept() -> None:
    answer = read(probabilities({2: 0.06, 3: 0.02}, 0.92))
    assert answer.digit is None
    assert not answer.is_digit
    assert answer.best_digit == 2  # still there for the chart
    assert answer.confidence == pytest.approx(0.92)
    assert answer.reason == NOT_A_DIGIT_REASON
    assert len(answer.probabilities) == 10
    assert answer.probabilities[2] == pytest.approx(0.06)


def test_an_unsure_not_a_digit_leaves_the_likeliest_digit() -> None:
    """Below REFUSE_AT the digit is answered, however weak: real digits are rarely refused."""
    assert REFUSE_AT == 0.9
    assert read(probabilities({4: 0.35, 9: 0.25}, 0.4)).digit == 4
    assert read(probabilities({4: 0.11}, 0.89)).digit == 4
    assert read(probabilities({4: 0.1}, 0.9)).digit is None


def test_the_vectorised_rule_is_the_same_rule() -> None:
    rows = np.array(
        [
            probabilities({2: 0.06, 3: 0.02}, 0.92),
            probabilities({4: 0.35, 9: 0.25}, 0.4),
            probabilities({7: 0.95}, 0.05),
        ]
    )
    classes = answer_classes(rows)
    assert classes.tolist() == [10, 4, 7]
    assert [read(row).digit for row in rows] == [None, 4, 7]


def test_ten_probabilities_never_refuse() -> None:
    answer = read([0.01] * 9 + [0.91])
    assert answer.digit == 9
    assert answer.not_digit == 0.0
    # A first-release model's rows of ten: the likeliest digit, every row.
    rows = np.array([[0.01] * 9 + [0.91], [0.5, 0.3] + [0.025] * 8], np.float32)
    assert answer_classes(rows).tolist() == [9, 0]


def test_accepts_the_models_array_as_it_comes() -> None:
    row = np.array(probabilities({5: 0.9}, 0.1), dtype=np.float32)
    assert read(row).digit == 5


@pytest.mark.parametrize("count", [0, 9, 12])
def test_other_lengths_are_refused(count: int) -> None:
    with pytest.raises(ValueError, match="10 or 11"):
        read([0.1] * count)


# ------------------------------------------------- the bundled model's answers

#: Letters and doodles drawn as a person draws them on the pad (100x100, y down).
NOT_DIGITS: dict[str, list[list[tuple[float, float]]]] = {
    "A": [[(15, 95), (50, 5), (85, 95)], [(30, 60), (70, 60)]],
    "K": [[(25, 5), (25, 95)], [(80, 5), (27, 55), (85, 95)]],
    "x": [[(20, 30), (80, 95)], [(80, 30), (20, 95)]],
    "M": [[(10, 95), (15, 5), (50, 60), (85, 5), (90, 95)]],
    "W": [[(5, 5), (27, 95), (50, 35), (73, 95), (95, 5)]],
    "zig-zag": [[(10, 20), (30, 80), (50, 20), (70, 80), (90, 20), (95, 70)]],
    "hash": [[(30, 5), (25, 95)], [(70, 5), (65, 95)], [(5, 35), (95, 30)], [(5, 70), (95, 65)]],
    "spiral": [
        [
            (50 + r * np.cos(a), 50 + r * np.sin(a))
            for a, r in zip(np.linspace(0, 6 * np.pi, 90), np.linspace(3, 45, 90), strict=True)
        ]
    ],
}


@pytest.mark.parametrize("name", NOT_DIGITS)
def test_letters_and_doodles_are_not_digits(recognizer, name: str) -> None:
    ink = Ink.from_lists(NOT_DIGITS[name], width=100, height=100)
    answer = read(recognizer.predict(ink_to_array(ink)))
    assert answer.digit is None, f"{name} read as {answer.digit} ({answer.confidence:.0%})"
    assert answer.reason == NOT_A_DIGIT_REASON


@pytest.mark.parametrize("digit", range(10))
def test_the_sample_digits_are_digits(recognizer, digit: int) -> None:
    """The bundled samples, as ink and as pictures, are read as their digit, never refused."""
    for path in (SAMPLES / f"{NAMES[digit]}.ink.json", SAMPLES / f"{NAMES[digit]}.png"):
        answer = read(recognizer.predict(array_from_file(path)))
        assert answer.digit == digit, f"{path.name}: {answer.digit}"


def test_two_digits_side_by_side_are_not_one_digit(recognizer) -> None:
    """What a number reader must not take for one digit: the samples' 2 and 7 as one drawing."""
    two, seven = (load_ink(SAMPLES / f"{name}.ink.json") for name in ("two", "seven"))
    answer = read(recognizer.predict(ink_to_array(side_by_side(two, seven))))
    assert answer.digit is None, answer


def side_by_side(left: Ink, right: Ink) -> Ink:
    """``right`` drawn after ``left`` on one line, both the same height, a small gap between."""
    strokes = []
    cursor = 0.0
    for ink in (left, right):
        low, high = ink.points.min(axis=0), ink.points.max(axis=0)
        scale = 100.0 / float(high[1] - low[1])
        strokes += [(s[:, :2] - low) * scale + (cursor, 0.0) for s in ink.strokes]
        cursor += float(high[0] - low[0]) * scale + 15.0
    return Ink(tuple(strokes))


def test_a_reading_serialises_its_answer_and_only_a_refusal_has_a_reason() -> None:
    digit = read(probabilities({7: 0.8, 1: 0.2000004}, 0.0)).to_dict()
    assert digit == {
        "digit": 7,
        "confidence": 0.8,
        "probabilities": [0.0, 0.2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.8, 0.0, 0.0],
        "not_digit": 0.0,
    }
    refused = read(probabilities({3: 0.02}, 0.98)).to_dict()
    assert refused["digit"] is None
    assert refused["confidence"] == 0.98
    assert refused["reason"] == NOT_A_DIGIT_REASON


def number_of(*digits: int) -> NumberReading:
    return NumberReading(
        tuple(
            DigitReading(
                d,
                0.9,
                tuple(0.9 if k == d else 0.1 / 9 for k in range(10)),
                (10.0 * i, 0.0, 10.0 * i + 8.123, 20.0),
                np.zeros((28, 28), np.float32),
            )
            for i, d in enumerate(digits)
        )
    )


def test_a_number_serialises_its_digits_with_rounded_boxes() -> None:
    record = number_of(4, 2).to_dict()
    assert record["number"] == "42"
    assert record["confidence"] == round(0.9 * 0.9, 6)
    digits = record["digits"]
    assert isinstance(digits, list)
    assert [d["digit"] for d in digits] == [4, 2]
    assert digits[1]["box"] == [10.0, 0.0, 18.12, 20.0]
    assert len(digits[0]["probabilities"]) == 10


def test_a_numbers_least_confidence_is_its_least_sure_digit() -> None:
    number = number_of(4, 2)
    unsure = NumberReading((number.digits[0], replace(number.digits[1], confidence=0.3)))
    assert number.least_confidence == 0.9
    assert unsure.least_confidence == 0.3
    assert NumberReading(()).least_confidence == 0.0


def test_an_answer_serialises_its_text_and_parts() -> None:
    part = AnswerPart(read(probabilities({5: 1.0}, 0.0)), np.zeros((28, 28)), (1.0, 2.0, 3.0, 4.0))
    whole = Answer((AnswerPart(read(probabilities({}, 1.0)), np.zeros((28, 28))),))
    assert Answer((part, part)).to_dict()["text"] == "55"
    assert Answer((part, part)).to_dict()["confidence"] == 1.0
    precise = AnswerPart(part.reading, part.array, (1.234, 2.0, 30.5, 4.567))
    assert precise.to_dict()["box"] == [1.23, 2.0, 30.5, 4.57]
    assert Answer((part,)).to_dict()["parts"] == [{**part.reading.to_dict(), "box": [1, 2, 3, 4]}]
    assert whole.to_dict()["text"] is None
    assert "box" not in whole.to_dict()["parts"][0]  # type: ignore[index]


def test_a_pictures_frame_is_scaled_by_the_side_the_digit_was_fitted_by() -> None:
    """The 28x28 array's ink (10 x 20 px here) is the part's box (30 x 100 px) scaled to fit:
    by its longer side, 5 px a frame pixel, so the frame is 140 px square around the box."""
    array = np.zeros((28, 28), np.float32)
    array[4:24, 9:19] = 1.0
    part = AnswerPart(read(probabilities({1: 1.0}, 0.0)), array, (100.0, 50.0, 130.0, 150.0))
    answer = Answer((part,), space=(400.0, 300.0))
    assert answer.frame_rect(0) == pytest.approx((55.0, 30.0, 195.0, 170.0))
    wide = AnswerPart(part.reading, array.T.copy(), (50.0, 100.0, 150.0, 130.0))
    assert Answer((wide,)).frame_rect(0) == pytest.approx((30.0, 55.0, 170.0, 195.0))
    # A mark one pixel high (a dash) or one pixel wide (a thin 1) still has a frame.
    dash = np.zeros((28, 28), np.float32)
    dash[14, 4:24] = 1.0
    flat = AnswerPart(part.reading, dash, (0.0, 10.0, 40.0, 12.0))
    assert Answer((flat,)).frame_rect(0) == pytest.approx((-8.0, -18.0, 48.0, 38.0))
    thin = AnswerPart(part.reading, dash.T.copy(), (10.0, 0.0, 12.0, 40.0))
    assert Answer((thin,)).frame_rect(0) == pytest.approx((-18.0, -8.0, 38.0, 48.0))
    # No box, or nothing inked in the array: nothing to lay the frame on.
    assert Answer((AnswerPart(part.reading, array),)).frame_rect(0) is None
    blank = AnswerPart(part.reading, np.zeros((28, 28)), (0.0, 0.0, 1.0, 1.0))
    assert Answer((blank,)).frame_rect(0) is None


def a_page() -> PageReading:
    """Two rows of a two-column table, the second row's first cell empty."""
    first, second, third = number_of(1, 2), number_of(3), number_of(4, 5)
    return PageReading(
        (
            PageNumber(first, (0.0, 0.0, 20.0, 20.0), 0, 0),
            PageNumber(second, (50.0, 0.0, 60.0, 20.0), 0, 1),
            PageNumber(third, (50.0, 40.0, 70.0, 60.0), 1, 1),
        ),
        (("12", "3"), ("", "45")),
    )


def test_a_page_serialises_its_rows_and_numbers() -> None:
    record = a_page().to_dict()
    assert record["rows"] == [["12", "3"], ["", "45"]]
    numbers = record["numbers"]
    assert isinstance(numbers, list)
    assert [(n["number"], n["row"], n["column"]) for n in numbers] == [
        ("12", 0, 0),
        ("3", 0, 1),
        ("45", 1, 1),
    ]
    assert numbers[2]["box"] == [50.0, 40.0, 70.0, 60.0]
    assert [d["digit"] for d in numbers[2]["digits"]] == [4, 5]


def test_a_pages_table_as_csv_and_tab_separated_text() -> None:
    assert a_page().table_text() == "12,3\n,45\n"
    # Copy Table's text: tabs between cells paste into a spreadsheet as cells.
    assert a_page().table_text("\t") == "12\t3\n\t45\n"


def test_a_pages_number_keeps_its_point_and_comma() -> None:
    price = PageNumber(number_of(1, 2, 5, 0), (0.0, 0.0, 40.0, 20.0), 0, 0, ((2, "."),))
    share = PageNumber(number_of(3, 5), (0.0, 40.0, 20.0, 60.0), 1, 0, ((1, ","),))
    assert (price.number, share.number) == ("12.50", "3,5")
    assert price.reading.number == "1250"  # the digits read, as the number reader reads
    assert price.to_dict()["number"] == "12.50"
    page = PageReading((price, share), (("12.50",), ("3,5",)))
    assert page.table_text() == '12.50\n"3,5"\n'  # a comma in a CSV cell is quoted
    assert page.table_text("\t") == "12.50\n3,5\n"
