"""The page reader: every number on a photographed page, in its row and column.

Pages are phone photos (:mod:`training.photos`) of the bundled sample drawings
(:mod:`tests.data.pages`): a list, a table with an empty cell, a heading and
ticks, a decimal number, a single number, a blank page and a page of
thousands of specks.
"""

from __future__ import annotations

import io
import time

import numpy as np
import pytest
from PIL import Image

from digitpad.errors import InputError, NoDigitError
from digitpad.reader import Reader
from digitpad.reader.page_reader import NO_NUMBER_FOUND
from tests.data.pages import page_photo
from tests.data.samples import sample


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader.bundled()


def test_a_list_is_one_column_top_to_bottom(reader: Reader) -> None:
    page = reader.read_page_picture(
        page_photo({(0, 0): "12", (1, 0): "345", (2, 0): "6", (3, 0): "7890"})
    )
    assert page.rows == (("12",), ("345",), ("6",), ("7890",))
    assert [(n.row, n.column) for n in page.numbers] == [(0, 0), (1, 0), (2, 0), (3, 0)]


def test_a_table_keeps_its_empty_cell(reader: Reader) -> None:
    cells = {
        (0, 0): "12",
        (0, 1): "34",
        (0, 2): "56",
        (1, 0): "78",
        (1, 2): "90",
        (2, 0): "45",
        (2, 1): "67",
        (2, 2): "8",
    }
    page = reader.read_page_picture(page_photo(cells, paper="grid", light="shadow"))
    assert page.rows == (("12", "34", "56"), ("78", "", "90"), ("45", "67", "8"))


def test_a_heading_word_and_ticks_are_left_out(reader: Reader) -> None:
    photo = page_photo(
        {(0, 0): "12", (1, 0): "345", (2, 0): "60"}, heading=True, ticks=True, paper="plain"
    )
    page = reader.read_page_picture(photo)
    assert page.rows == (("12",), ("345",), ("60",))


@pytest.mark.parametrize(("paper", "light"), [("plain", "even"), ("grid", "shadow")])
def test_a_tick_read_as_ones_is_left_out(reader: Reader, paper: str, light: str) -> None:
    # On these two pages a tick's strokes read as "11" at over the floor; each is as wide as
    # it is high, which no written 1 is.
    photo = page_photo(
        {(0, 0): "12", (1, 0): "345", (2, 0): "60"}, ticks=True, paper=paper, light=light
    )
    assert reader.read_page_picture(photo).rows == (("12",), ("345",), ("60",))


def test_a_decimal_point_stays_inside_its_number(reader: Reader) -> None:
    # The number reader reads digits: the point is kept out, the number stays whole.
    page = reader.read_page_picture(
        page_photo({(0, 0): "1250", (1, 0): "35"}, dot_after={(0, 0): 2, (1, 0): 1})
    )
    assert page.rows == (("1250",), ("35",))


def test_boxes_are_in_the_photos_pixels(reader: Reader) -> None:
    page = reader.read_page_picture(page_photo({(0, 0): "12", (1, 0): "345"}))
    first, second = page.numbers
    # Drawn at x 150.., rows 140 px apart, 70 px tall; the camera turns the page by 2 degrees.
    assert 100 < first.box[0] < 220
    assert 50 < first.box[1] < 180
    assert 40 < second.box[1] - first.box[1] < 240
    assert all(first.box[0] - 5 <= d.box[0] for d in first.reading.digits)


def test_one_number_alone_reads_as_the_number_reader_reads_it(reader: Reader) -> None:
    picture = sample(7)
    page = reader.read_page_picture(picture)
    assert page.rows == ((reader.read_number_picture(picture).number,),)


def test_a_blank_page_has_no_number(reader: Reader) -> None:
    with pytest.raises(NoDigitError, match="No number found") as error:
        reader.read_page_picture(page_photo({}))
    assert str(error.value) == NO_NUMBER_FOUND


def test_ten_thousand_marks_are_refused_in_bounded_time(reader: Reader) -> None:
    rng = np.random.default_rng(0)
    pixels = np.full((1600, 1600), 255, np.uint8)
    ys, xs = rng.integers(0, 1600 // 8, (2, 10_000)) * 8
    for dy in range(4):  # 4x4 dots: bigger than the specks a photo's noise leaves
        for dx in range(4):
            pixels[ys + dy, xs + dx] = 0
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, "PNG")
    started = time.perf_counter()
    with pytest.raises(InputError, match="Too much writing"):
        reader.read_page_picture(buffer.getvalue())
    assert time.perf_counter() - started < 60  # does not hang
