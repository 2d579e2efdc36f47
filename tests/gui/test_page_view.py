"""A page's state in the window, without a window: selecting, clicking, marking, re-reading.

Pages are built by hand from readings with known probabilities, so each rule
is seen on its own; :class:`OpenedPage` reads a real page photo with the real
model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from PIL import Image

from digitpad.errors import DigitpadError
from digitpad.gui.page_view import OpenedPage, PageChoice, PageView, reads_as_a_page
from digitpad.picture_files import open_image
from digitpad.reader import Reader
from digitpad.results import Answer, Box, DigitReading, NumberReading, PageNumber, PageReading
from tests.data.pages import page_photo

SPACE = (1000.0, 800.0)


def number(text: str, box: Box, row: int, column: int, sure: Sequence[float] = ()) -> PageNumber:
    """A number read at ``box``, one digit box per digit side by side; digit i read at
    ``sure[i]`` (default 0.99), the rest shared by the nine other digits."""
    x0, y0, x1, y1 = box
    step = (x1 - x0) / len(text)
    digits = []
    for index, character in enumerate(text):
        digit = int(character)
        confidence = sure[index] if index < len(sure) else 0.99
        probabilities = [(1 - confidence) / 9] * 10
        probabilities[digit] = confidence
        place = (x0 + index * step, y0, x0 + (index + 1) * step, y1)
        array = np.full((28, 28), index / 10, np.float32)
        digits.append(DigitReading(digit, confidence, tuple(probabilities), place, array))
    return PageNumber(NumberReading(tuple(digits)), box, row, column)


def page(*numbers: PageNumber) -> PageReading:
    columns = max(n.column for n in numbers) + 1
    rows = [[""] * columns for _ in range(max(n.row for n in numbers) + 1)]
    for found in numbers:
        rows[found.row][found.column] = found.number
    return PageReading(tuple(numbers), tuple(tuple(row) for row in rows))


#: 12 | 34 on the first row, 56 under 34, the 5 read at 40%.
TABLE = page(
    number("12", (100, 100, 200, 160), 0, 0),
    number("34", (500, 100, 600, 160), 0, 1),
    number("56", (500, 300, 600, 360), 1, 1, sure=(0.4,)),
)


def test_the_numbers_to_check_are_those_with_a_digit_shown_with_a_question_mark() -> None:
    view = PageView(TABLE, SPACE)
    assert view.unsure() == (2,)
    assert [(m.label, m.unsure, m.digit) for m in view.marks()] == [
        ("12", False, None),
        ("34", False, None),
        ("56?", True, None),
    ]
    # 70%, and the runner-up at 3%: not shown with "?".
    assert PageView(page(number("7", (0, 0, 9, 9), 0, 0, sure=(0.7,))), SPACE).unsure() == ()


def test_a_click_chooses_the_number_under_it_or_near_it_and_off_them_the_page() -> None:
    view = PageView(TABLE, SPACE)
    assert view.click(150, 130, 5) == PageChoice(0)
    assert view.click(204, 130, 5) == PageChoice(0)  # within reach of its edge
    assert view.click(210, 130, 5) == PageChoice(None)  # beyond it
    assert view.click(800, 700, 5) == PageChoice(None)
    selected = view.select(1)
    assert selected.click(520, 130, 5) == PageChoice(1, 0)  # the 3 of the selected 34
    assert selected.click(590, 130, 5) == PageChoice(1, 1)
    assert selected.click(150, 130, 5) == PageChoice(0)  # another number: no digit yet


def test_overlapping_boxes_give_the_nearest_number() -> None:
    close = page(number("1", (0, 0, 100, 100), 0, 0), number("2", (90, 0, 190, 100), 0, 1))
    view = PageView(close, SPACE)
    assert view.click(97, 50, 0) == PageChoice(1)  # in both boxes, nearer the second's middle
    assert view.click(60, 50, 0) == PageChoice(0)


def test_the_selected_number_is_an_answer_as_a_picture_s_number_is() -> None:
    view = PageView(TABLE, SPACE)
    assert view.answer() is None  # the whole page
    answer = view.select(2).answer()
    assert isinstance(answer, Answer)
    assert answer.text == "56"
    assert answer.space == SPACE
    assert [p.box for p in answer.parts] == [d.box for d in TABLE.numbers[2].reading.digits]
    assert answer.least_sure() == 0
    assert view.select(7).selected is None  # off the page: the page


def test_a_selected_number_with_a_point_is_shown_and_copied_as_written() -> None:
    # The tag says 7.25: the answer shown (and copied) for it says so too, not 725.
    found = number("725", (100, 100, 250, 160), 0, 0)
    with_point = PageNumber(found.reading, found.box, 0, 0, separators=((1, "."),))
    answer = PageView(page(with_point), SPACE).select(0).answer()
    assert answer is not None
    assert answer.text == with_point.number == "7.25"
    assert len(answer.parts) == 3


def test_the_selected_number_is_marked_digit_by_digit() -> None:
    marks = PageView(TABLE, SPACE).select(2).marks(digit=1)
    assert [(m.label, m.selected, m.unsure, m.number, m.digit) for m in marks] == [
        ("12", False, False, 0, None),
        ("34", False, False, 1, None),
        ("5?", False, True, 2, 0),
        ("6", True, False, 2, 1),
    ]
    view = PageView(TABLE, SPACE).select(2)
    assert view.tag_choice(0, digit=1) == PageChoice(0)
    assert view.tag_choice(2, digit=1) == PageChoice(2, 0)


def test_up_and_down_follow_the_table_row_by_row() -> None:
    shuffled = page(TABLE.numbers[2], TABLE.numbers[1], TABLE.numbers[0])
    view = PageView(shuffled, SPACE)
    assert view.reading_order() == [2, 1, 0]
    assert view.step(1).selected == 2  # from the page: the first number, 12
    assert view.step(-1).selected == 0  # or the last, 56
    assert view.select(2).step(1).selected == 1
    assert view.select(0).step(1).selected == 0  # the last stays the last
    assert view.select(1).status().startswith("Number 2 of 3: 34.")
    assert view.status().startswith("The whole page.")


def test_after_a_re_reading_the_same_number_stays_selected() -> None:
    view = PageView(TABLE, SPACE).select(1)
    moved = page(
        number("12", (100, 100, 200, 160), 0, 0),
        number("9", (500, 300, 600, 360), 1, 1),
        number("39", (502, 101, 601, 161), 0, 1),  # the 34, its 4 taught as a 9
    )
    again = view.reread(moved)
    assert again.selected == 2
    assert again.reading is moved
    gone = page(number("12", (100, 100, 200, 160), 0, 0), number("9", (500, 300, 600, 360), 1, 1))
    assert view.reread(gone).selected is None
    assert PageView(TABLE, SPACE).reread(moved).selected is None


def test_a_page_is_two_numbers_or_more_unless_one_row_reads_as_one_number() -> None:
    def whole(text: str | None) -> Answer | None:
        if text is None:
            return None
        return PageView(page(number(text, (0, 0, 90, 9), 0, 0)), SPACE).select(0).answer()

    def never() -> Answer | None:
        raise AssertionError("a page of two rows needs no second reading")

    one = page(number("12", (0, 0, 9, 9), 0, 0))
    assert not reads_as_a_page(one, never)
    assert reads_as_a_page(TABLE, never)
    row = page(number("2", (0, 0, 9, 9), 0, 0), number("554", (30, 0, 59, 9), 0, 1))
    assert not reads_as_a_page(row, lambda: whole("2554"))  # an amount written "2 554"
    assert reads_as_a_page(row, lambda: whole("25"))
    assert reads_as_a_page(row, lambda: whole(None))


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader.bundled()


def test_an_opened_page_is_read_once_and_again_after_a_teaching(reader: Reader) -> None:
    image = open_image(page_photo({(0, 0): "12", (0, 1): "34", (1, 1): "56"}))
    opened = OpenedPage(image)
    assert opened.space == (2400.0, 1800.0)
    view = opened.read(reader, lambda: None)
    assert view is not None
    assert [n.number for n in view.numbers] == ["12", "34", "56"]
    assert opened.read(reader, lambda: None) is view  # not read again
    assert opened.reading(reader) is view.reading  # Copy Table's table: the same reading
    opened.view = view.select(1)
    opened.reread(reader)
    assert opened.view is not None
    assert opened.view.reading is not view.reading  # read again
    assert opened.view.selected == 1


def test_a_picture_with_no_number_is_no_page_and_its_table_says_why(reader: Reader) -> None:
    image = Image.new("L", (400, 200), 255)
    opened = OpenedPage(image)
    assert opened.read(reader, lambda: None) is None  # nothing on it: no page
    with pytest.raises(DigitpadError):
        opened.reading(reader)
