"""A page of numbers in the window: which number is selected, which are not sure, what a click hits.

When an opened picture holds two numbers or more, the window shows the page:
every number boxed with its reading, the ones to check marked, and a click
on one selects it so that the answer panel shows it as it shows a number read
from a picture. This module holds that state and its rules, free of Qt, so
they are tested on plain values: :class:`PageView` (the page read and the
number selected), :class:`OpenedPage` (the page of the opened picture, read
once and kept for Copy Table, read again after a teaching) and
:func:`reads_as_a_page` (when a picture is a page rather than one number).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PIL import Image

from digitpad.errors import DigitpadError
from digitpad.gui.answer_wording import PageWords, page_words, wording
from digitpad.picture_files import full_size
from digitpad.reader import Reader
from digitpad.reader.digit_or_number import number_answer
from digitpad.results import Answer, Box, PageNumber, PageReading, box_overlap

#: A number selected before a re-reading stays selected if a number read afterwards covers
#: at least this share of the smaller of the two boxes (teaching a digit seldom moves a box).
SAME_NUMBER_OVERLAP = 0.5


def unsure(number: PageNumber) -> bool:
    """Whether a number is worth checking: one of its digits would be shown with a "?" (the
    window's own rule for an unsure digit, :func:`~digitpad.gui.answer_wording.wording`)."""
    return any(wording(digit.probabilities).unsure for digit in number.reading.digits)


@dataclass(frozen=True)
class PageMark:
    """One outline on the page: a number's box, or a digit's box in the number selected."""

    box: Box
    label: str
    selected: bool
    unsure: bool
    #: The number it belongs to (an index into the page's numbers).
    number: int
    #: The digit it outlines, in the selected number; None for a whole number.
    digit: int | None = None


@dataclass(frozen=True)
class PageChoice:
    """What a click on the page chooses: a number (None: the whole page), and a digit of the
    number already selected (None: its least sure, as when a number is first shown)."""

    number: int | None
    digit: int | None = None


@dataclass(frozen=True)
class PageView:
    """The numbers read on a page (in the page reader's order) and the one selected (None: the
    whole page)."""

    reading: PageReading
    #: The picture's size in its own pixels, which the numbers' boxes are in.
    space: tuple[float, float]
    selected: int | None = None

    @property
    def numbers(self) -> tuple[PageNumber, ...]:
        return self.reading.numbers

    def unsure(self) -> tuple[int, ...]:
        """The numbers to check, by index: those with a digit the window would show with "?"."""
        return tuple(i for i, number in enumerate(self.numbers) if unsure(number))

    def select(self, index: int | None) -> PageView:
        """This page with number ``index`` selected (None, or an index off the page: none)."""
        chosen = index if index is not None and 0 <= index < len(self.numbers) else None
        return replace(self, selected=chosen)

    def step(self, step: int) -> PageView:
        """The number ``step`` places on in reading order (rows, then columns); from the whole
        page, the first (forwards) or the last (backwards). Stops at either end."""
        order = self.reading_order()
        if not order:
            return self
        if self.selected is None:
            return self.select(order[0] if step > 0 else order[-1])
        place = order.index(self.selected) + step
        return self.select(order[max(0, min(len(order) - 1, place))])

    def reading_order(self) -> list[int]:
        """The numbers' indices as a table is read: row by row, left to right."""
        return sorted(range(len(self.numbers)), key=lambda i: _cell(self.numbers[i]))

    def answer(self) -> Answer | None:
        """The selected number as the window shows a number read from a picture; None for the
        whole page."""
        if self.selected is None:
            return None
        number = self.numbers[self.selected]
        answer = number_answer(number.reading, space=self.space)
        return replace(answer, separators=number.separators)

    def click(self, x: float, y: float, reach: float) -> PageChoice:
        """What a click at (``x``, ``y``) of the picture chooses: the number under it or within
        ``reach`` (the nearest when boxes overlap), in the selected number the digit under it;
        off every number, the whole page."""
        number = _nearest([n.box for n in self.numbers], x, y, reach)
        digit = None
        if number is not None and number == self.selected:
            boxes = [d.box for d in self.numbers[number].reading.digits]
            digit = _nearest(boxes, x, y, reach)
        return PageChoice(number, digit)

    def tag_choice(self, tag: int, digit: int = 0) -> PageChoice:
        """What a click on the tag of mark ``tag`` of :meth:`marks` (``digit`` selected) chooses."""
        marks = self.marks(digit)
        if not 0 <= tag < len(marks):
            return PageChoice(self.selected, None)
        return PageChoice(marks[tag].number, marks[tag].digit)

    def words(self) -> PageWords:
        """What the answer panel says of the whole page."""
        rows = self.reading.rows
        return page_words(
            len(self.numbers), len(rows), len(rows[0]) if rows else 0, len(self.unsure())
        )

    def status(self) -> str:
        """The status line on choosing: which number is selected, or the whole page."""
        if self.selected is None:
            return "The whole page. Click a number to check it."
        place = self.reading_order().index(self.selected) + 1
        return (
            f"Number {place} of {len(self.numbers)}: {self.numbers[self.selected].number}. "
            "Click elsewhere or press Esc for the whole page."
        )

    def marks(self, digit: int = 0) -> list[PageMark]:
        """The outlines to draw: every number with its reading ("?" after one to check), and
        the selected number's digits instead of its box, digit ``digit`` selected."""
        marks = []
        for index, number in enumerate(self.numbers):
            if index != self.selected:
                doubt = unsure(number)
                label = number.number + ("?" if doubt else "")
                marks.append(PageMark(number.box, label, False, doubt, index))
                continue
            for place, part in enumerate(number.reading.digits):
                doubt = wording(part.probabilities).unsure
                label = f"{part.digit}{'?' if doubt else ''}"
                marks.append(PageMark(part.box, label, place == digit, doubt, index, place))
        return marks

    def reread(self, reading: PageReading) -> PageView:
        """The page read again (after a teaching): the same number stays selected where a
        number read now covers its place."""
        selected = None
        if self.selected is not None:
            box = self.numbers[self.selected].box
            shares = [box_overlap(box, number.box) for number in reading.numbers]
            best = max(range(len(shares)), key=shares.__getitem__, default=None)
            if best is not None and shares[best] >= SAME_NUMBER_OVERLAP:
                selected = best
        return PageView(reading, self.space, selected)


def reads_as_a_page(reading: PageReading, whole: Callable[[], Answer | None]) -> bool:
    """Whether a picture is shown as a page of numbers rather than read as one, as it always was.

    Two numbers or more on two rows or more make a page. On one row, a gap
    wider than the page reader's may still be inside one number (an amount
    written "2 554"): when the picture read whole (``whole()``, the reading
    shown for one number) reads the same digits, it is that one number.
    """
    if len(reading.numbers) < 2:
        return False
    if len(reading.rows) > 1:
        return True
    answer = whole()
    together = "".join(n.reading.number for n in sorted(reading.numbers, key=_cell))
    return answer is None or answer.text != together


class OpenedPage:
    """The opened picture's numbers: read once when it is first shown, kept for Copy Table
    and Save Table, and read again (:meth:`reread`) after the person teaches a digit."""

    def __init__(self, image: Image.Image) -> None:
        self.image = image
        width, height = full_size(image)
        #: The picture's size in its file, which the numbers' boxes are in.
        self.space = (float(width), float(height))
        #: The page read (or why it could not be); None until read.
        self.result: PageReading | DigitpadError | None = None
        #: The page shown, when the picture reads as one; None for one number (read as always).
        self.view: PageView | None = None

    def read(self, reader: Reader, whole: Callable[[], Answer | None]) -> PageView | None:
        """The page view, reading the page the first time; None when the picture is one number."""
        if self.result is None:
            self.result = self._read(reader)
            if isinstance(self.result, PageReading) and reads_as_a_page(self.result, whole):
                self.view = PageView(self.result, self.space)
        return self.view

    def reading(self, reader: Reader) -> PageReading:
        """The page read (once); raises the :class:`~digitpad.errors.DigitpadError` that says why
        there is none."""
        if self.result is None:
            self.result = self._read(reader)
        if isinstance(self.result, DigitpadError):
            raise self.result
        return self.result

    def reread(self, reader: Reader) -> None:
        """Read the page again with the reader as it is now; the selection follows its number.

        A picture read as one number is only forgotten here (Copy Table reads it when asked).
        """
        if self.view is None:
            self.result = None
            return
        self.result = self._read(reader)
        self.view = self.view.reread(self.result) if isinstance(self.result, PageReading) else None

    def _read(self, reader: Reader) -> PageReading | DigitpadError:
        try:
            return reader.read_page_picture(self.image)
        except DigitpadError as error:  # no number, or too many marks: read as one picture
            return error


def _cell(number: PageNumber) -> tuple[int, int, float]:
    return (number.row, number.column, number.box[0])


def _nearest(boxes: list[Box], x: float, y: float, reach: float) -> int | None:
    """The box within ``reach`` of the point, the nearest centre first; None when none is."""
    near = [
        i
        for i, (x0, y0, x1, y1) in enumerate(boxes)
        if x0 - reach <= x <= x1 + reach and y0 - reach <= y <= y1 + reach
    ]
    if not near:
        return None

    def distance(index: int) -> float:
        x0, y0, x1, y1 = boxes[index]
        return float((x - (x0 + x1) / 2) ** 2 + (y - (y0 + y1) / 2) ** 2)

    return min(near, key=distance)
