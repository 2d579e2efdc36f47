"""The page reader: every number on a photographed page, in its row and column.

Pages are phone photos (:mod:`training.photos`) of the bundled sample drawings
(:mod:`tests.data.pages`): a list, a table with an empty cell, a heading and
ticks, decimal numbers, ruled lines, a single number, a blank page, a page of
dense writing and a page of thousands of specks. How the page reader judges
and places what it read (:func:`~digitpad.reader.page_reader.arrange`) is
tested on readings made up for it: which is the number, which is left out.
"""

from __future__ import annotations

import io
import time
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad.errors import InputError, NoDigitError
from digitpad.reader import Reader
from digitpad.reader.page_reader import (
    NO_NUMBER_FOUND,
    TOO_MANY_GROUPS,
    PageMark,
    PageMarks,
    _at_ticks,
    _Ink,
    _marks,
    _point_between,
    _ruled_slope,
    arrange,
)
from digitpad.reader.settings import DEFAULT_SETTINGS
from digitpad.results import DigitReading, NumberReading
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


#: A table of three rows and three columns whose middle cell is empty.
TABLE_WITH_A_GAP = {
    (0, 0): "12",
    (0, 1): "34",
    (0, 2): "56",
    (1, 0): "78",
    (1, 2): "90",
    (2, 0): "45",
    (2, 1): "67",
    (2, 2): "8",
}


def test_a_table_keeps_its_empty_cell(reader: Reader) -> None:
    cells = TABLE_WITH_A_GAP
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


def test_decimal_points_and_commas_are_kept_as_written(reader: Reader) -> None:
    page = reader.read_page_picture(
        page_photo({(0, 0): "12.50", (1, 0): "3,5", (2, 0): "7.25", (3, 0): "40,1"})
    )
    assert page.rows == (("12.50",), ("3,5",), ("7.25",), ("40,1",))
    first = page.numbers[0]
    assert first.reading.number == "1250"  # the digits as the number reader read them
    assert first.separators == ((2, "."),)
    assert page.table_text(",") == '12.50\n"3,5"\n7.25\n"40,1"\n'


def test_ruled_lines_between_columns_are_no_numbers(reader: Reader) -> None:
    # Lines ruled down the table between its columns and across above it: left in, each
    # reads as a 1 and glues the numbers beside it.
    cells = TABLE_WITH_A_GAP
    page = reader.read_page_picture(page_photo(cells, rules=True))
    assert page.rows == (("12", "34", "56"), ("78", "", "90"), ("45", "67", "8"))


def test_a_ruled_line_touching_numbers_leaves_them_in_their_cells(reader: Reader) -> None:
    # Ruled through the first digits of the second and third columns: the line is erased
    # and the digits stay (less the ink they share with it: an 8 cut down its left side
    # may read as a 3, so only where each number is, is asserted beyond the first row).
    cells = TABLE_WITH_A_GAP
    rows = reader.read_page_picture(page_photo(cells, rules=True, rule_gap=0.0)).rows
    assert rows[0] == ("12", "34", "56")
    assert [[bool(cell) for cell in row] for row in rows] == [
        [True, True, True],
        [True, False, True],
        [True, True, True],
    ]


def test_ones_under_each_other_are_not_a_ruled_line(reader: Reader) -> None:
    photo = page_photo({(0, 0): "1", (1, 0): "11", (2, 0): "1", (3, 0): "41"}, rules=True)
    assert reader.read_page_picture(photo).rows == (("1",), ("11",), ("1",), ("41",))


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


def test_dense_writing_is_refused_in_bounded_time(reader: Reader) -> None:
    # 700 "words" of three strokes each: under the limit of marks, over that of groups.
    rng = np.random.default_rng(1)
    pixels = np.full((1600, 1600), 255, np.uint8)
    for row in range(28):
        for word in range(25):
            x, y = 20 + word * 62 + int(rng.integers(0, 6)), 20 + row * 56
            for stroke in range(3):
                pixels[y : y + 14, x + stroke * 6 : x + stroke * 6 + 3] = 0
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, "PNG")
    started = time.perf_counter()
    with pytest.raises(InputError, match="Too much writing") as error:
        reader.read_page_picture(buffer.getvalue())
    assert time.perf_counter() - started < 60  # does not hang
    assert str(error.value) == TOO_MANY_GROUPS.format(limit=DEFAULT_SETTINGS.page.max_groups)


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


# ------------------------------------------------------------------ judging and layout

#: The made-up pages' writing height, row pitch and column width, in pixels.
HIGH, ROW, COLUMN = 70.0, 140.0, 500.0


def made_up(
    written: str,
    row: float,
    column: float,
    confidence: float = 1.0,
    not_digit: float = 0.0,
    slope: float = 0.0,
) -> PageMark:
    """A group as the page reader finds it: ``written``'s digits read at ``confidence`` in
    all (each digit alike), the model giving each ``not_digit`` for "not a digit", the
    number at (row, column) of a page whose rows fall by ``slope`` to the right."""
    each = confidence ** (1 / len(written))
    left = 100 + column * COLUMN
    digits = []
    for index, char in enumerate(written):
        x0 = left + index * 0.7 * HIGH
        y0 = 100 + row * ROW + slope * x0
        rest = (1.0 - not_digit - each) / 9
        probabilities = tuple(each if d == int(char) else rest for d in range(10))
        box = (x0, y0, x0 + 0.6 * HIGH, y0 + HIGH)
        digits.append(DigitReading(int(char), each, probabilities, box, np.zeros((28, 28))))
    reading = NumberReading(tuple(digits))
    boxes = np.array([d.box for d in digits])
    box = (boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max())
    return PageMark(tuple(float(v) for v in box), reading)  # type: ignore[arg-type]


def laid_out(*marks: PageMark) -> tuple[tuple[str, ...], ...]:
    return arrange(PageMarks(marks, HIGH)).rows


def test_an_unsure_number_keeps_its_row() -> None:
    # Read too unsure to be sure of, it stands between sure numbers: shown in its row,
    # and the numbers below it stay in theirs.
    rows = laid_out(
        made_up("12", 0, 0), made_up("345", 1, 0), made_up("67", 2, 0, 0.02), made_up("8", 3, 0)
    )
    assert rows == (("12",), ("345",), ("67",), ("8",))


def test_an_unsure_reading_beside_a_number_is_left_out() -> None:
    # A tick read as a 7 beside the 12, in the 12345's column: that cell holds the 12.
    rows = laid_out(made_up("12345", 0, 0), made_up("12", 1, 0), made_up("7", 1, 0.4, 0.05))
    assert rows == (("12345",), ("12",))


def test_an_unsure_reading_well_above_the_table_is_left_out() -> None:
    # A heading read as digits, two rows above the first number.
    rows = laid_out(made_up("4126", -2, 0, 0.01), made_up("12", 0, 0), made_up("345", 1, 0))
    assert rows == (("12",), ("345",))


def test_a_lone_digit_the_model_calls_not_a_digit_beside_a_row_is_no_number() -> None:
    # In no column of the table and one digit long: a tick or a speck.
    rows = laid_out(made_up("12", 0, 0), made_up("5", 0, 1, 0.3, not_digit=0.6))
    assert rows == (("12",),)


def test_a_number_the_model_calls_not_a_digit_in_a_column_of_its_own_is_kept() -> None:
    # A table of one row: the 5501 is the only number of its column, read on a shadow.
    rows = laid_out(
        made_up("12", 0, 0), made_up("5501", 0, 1, 0.3, not_digit=0.6), made_up("34", 0, 2)
    )
    assert rows == (("12", "5501", "34"),)


def test_unsure_numbers_above_the_first_sure_one_are_found_one_after_another() -> None:
    # The first two numbers of a list read unsure: the second is within reach of the first
    # sure number, and once shown it brings the first within reach.
    rows = laid_out(
        made_up("4126", 0, 0, 0.01),
        made_up("77", 1, 0, 0.01),
        made_up("12", 2, 0),
        made_up("345", 3, 0),
    )
    assert rows == (("4126",), ("77",), ("12",), ("345",))


def test_a_table_turned_far_keeps_its_rows() -> None:
    # Turned so far that the next column is two thirds of a row lower: each number's
    # row-mate is told from the next row's by the slope of the digits' own lines.
    slope = 0.19
    marks = [
        made_up(written, row, column, slope=slope)
        for row, pair in enumerate((("1234", "4567"), ("7890", "1234"), ("5678", "8901")))
        for column, written in enumerate(pair)
    ]
    assert laid_out(*marks) == (("1234", "4567"), ("7890", "1234"), ("5678", "8901"))


def test_a_ruled_table_turned_far_takes_its_rows_from_its_lines() -> None:
    # Numbers of one and two digits show no slope of their own; turned so that the next
    # column is half a row lower, the nearest number there is the next row's. The lines
    # ruled on the page (their slope found with the marks) keep each row together.
    slope = 0.15
    marks = tuple(
        made_up(written, row, column, slope=slope)
        for row, cells in enumerate((("12", "4", "56"), ("7", "81", "3"), ("52", "9", "6")))
        for column, written in enumerate(cells)
    )
    rows = arrange(PageMarks(marks, HIGH, slope)).rows
    assert rows == (("12", "4", "56"), ("7", "81", "3"), ("52", "9", "6"))


@pytest.mark.parametrize("rotation", [-4.0, 4.0])
def test_the_slope_of_lines_ruled_across_is_found(reader: Reader, rotation: float) -> None:
    # A table with a line ruled across above its first row, photographed turned: the rows
    # fall (or rise) to the right as the line does, and the lines ruled down the table
    # are no guide to it.
    cells = {
        (row, column): written
        for row, line in enumerate((("12", "4", "56"), ("7", "81", "3"), ("52", "9", "6")))
        for column, written in enumerate(line)
    }
    photo = page_photo(cells, rules=True, rotation=rotation, paper="plain")
    slope = reader.find_page_marks(photo).slope
    assert slope is not None
    assert 0.03 <= abs(slope) <= 0.12
    assert (slope > 0) == (rotation > 0)


def test_a_page_without_lines_has_no_ruled_slope(reader: Reader) -> None:
    photo = page_photo({(0, 0): "12", (1, 0): "345"}, paper="plain", rotation=6.0)
    assert reader.find_page_marks(photo).slope is None


def test_the_ruled_slope_is_that_of_the_lines_across() -> None:
    # Lines across falling at 0.08 and lines down square to them: the lines across give
    # the slope; lines down alone give none (a photo taken at a slant shears them).
    across = np.zeros((600, 800), bool)
    xs = np.arange(800)
    for top in (100, 250, 400):
        across[np.round(top + 0.08 * xs).astype(int), xs] = True
    down = np.zeros_like(across)
    ys = np.arange(600)
    for left in (200, 500):
        down[ys, np.round(left - 0.08 * ys).astype(int)] = True
    settings = DEFAULT_SETTINGS.page
    assert _ruled_slope(across | down, settings) == pytest.approx(0.08, abs=0.002)
    assert _ruled_slope(down, settings) is None


def test_a_thin_pen_on_a_big_page_is_found_whole(reader: Reader) -> None:
    # A 1.5-px pen on a 4000-px photo: shrunk to the work size by averaging alone, its 1s
    # fade into the paper and its numbers are found in pieces.
    cells = {(0, 0): "41", (1, 0): "1", (2, 0): "17", (3, 0): "14", (4, 0): "11"}
    photo = page_photo(cells, paper="plain", light="even", size=(4000, 3000), pen=1.5)
    assert reader.read_page_picture(photo).rows == (("41",), ("1",), ("17",), ("14",), ("11",))


def test_a_number_spaced_wide_is_one_number() -> None:
    # Its last digit a writing height apart: found as two groups, each read well.
    rows = laid_out(made_up("912", 0, 0), made_up("7", 0, 0.42), made_up("5867", 1, 0))
    assert rows == (("9127",), ("5867",))


@pytest.mark.parametrize(
    ("point", "seen"),
    [((222, 138, 236, 152), True), (None, False), ((222, 90, 236, 104), False)],
)
def test_a_point_in_the_gap_between_two_groups_is_seen_in_the_picture(
    point: tuple[int, int, int, int] | None, seen: bool
) -> None:
    # Two "digits" 70 px apart in the picture (35 on the work map at half size, 0.7 of the
    # writing's height): joined only with a point at their baseline between them, not with
    # none and not with one halfway up.
    picture = Image.new("L", (800, 200), 255)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((100, 50, 160, 150), outline=0, width=8)
    draw.rectangle((300, 50, 360, 150), outline=0, width=8)
    if point is not None:
        draw.ellipse(point, fill=0)
    empty = np.zeros((100, 400))
    maps = _Ink(empty, empty.astype(np.int32), empty > 0, 2.0, empty > 0)
    found = _point_between(
        picture, maps, (50, 25, 80, 75), (150, 25, 180, 75), 50.0, DEFAULT_SETTINGS.page
    )
    assert found is seen


def test_a_group_read_as_no_number_keeps_its_cell_empty() -> None:
    # Where a number stands, ink the number reader reads no digit in: its row stays,
    # empty, and the numbers below it keep theirs.
    smudge = PageMark(made_up("55", 2, 0).box, None)
    rows = laid_out(made_up("12", 0, 0), made_up("345", 1, 0), smudge, made_up("8", 3, 0))
    assert rows == (("12",), ("345",), ("",), ("8",))


def test_a_number_the_model_calls_not_a_digit_in_an_empty_cell_is_shown() -> None:
    # Read as digits that the model mostly calls "not a digit" (a number in a shadow):
    # where it fills the table's empty cell it is shown, unsure, not dropped.
    smudge = made_up("55", 2, 0, 0.3, not_digit=0.6)
    rows = laid_out(made_up("12", 0, 0), made_up("345", 1, 0), smudge, made_up("8", 3, 0))
    assert rows == (("12",), ("345",), ("55",), ("8",))


def test_a_page_of_words_is_no_page_of_numbers() -> None:
    # Words read as digits: a few surely, most unsure or as no number at all. Giving the
    # sure few as the page's numbers would invent them (a photo of a page of text gave 5
    # to 107 such numbers before this rule).
    words = [made_up("74", row, col, 0.02) for row in range(4) for col in range(2)]
    words += [made_up("40", 4, col, 0.3, not_digit=0.6) for col in range(2)]
    sure = [made_up("71", 5, 0), made_up("208", 5, 1), made_up("5", 6, 0)]
    with pytest.raises(NoDigitError, match="holds writing rather than numbers"):
        laid_out(*words, *sure)


def test_a_table_with_a_heading_and_ticks_is_still_a_page() -> None:
    # Three groups read unsure or as no number (a heading's words two rows above, a tick)
    # beside eight numbers: 3 against 8 is under max_doubt, and the eight are the page's
    # numbers.
    cells = [(row, column) for row in range(4) for column in range(2)]
    marks = [made_up(f"{20 + k}", row, column) for k, (row, column) in enumerate(cells)]
    marks += [made_up("40", -2, column, 0.3, not_digit=0.6) for column in range(2)]
    marks += [made_up("7", 0, 0.6, 0.02)]
    page = arrange(PageMarks(tuple(marks), HIGH))
    assert sorted(n.number for n in page.numbers) == [f"{20 + k}" for k in range(8)]


def test_the_stub_of_a_ruled_line_drawn_in_two_strokes_is_no_mark() -> None:
    # A table's frame (its top rule and two sides) as one big mark, its right side drawn
    # again below a break: the stub that runs on straight from it is the line, while a
    # 1 as thin and as tall inside the frame, apart from its lines, stays a mark.
    ink = np.zeros((700, 900), np.float32)
    ink[100:104, 100:702] = 1.0  # the top rule
    ink[100:500, 100:104] = 1.0  # the left side
    ink[100:420, 698:702] = 1.0  # the right side, to its break...
    ink[425:500, 698:702] = 1.0  # ...and the stub below it
    ink[200:270, 400:404] = 1.0  # a 1
    for top in (104, 200, 300, 400):  # 0s, the first row touching the top rule
        for left in (160, 240, 480, 560):
            ink[top : top + 70, left : left + 45] = 1.0
            ink[top + 6 : top + 64, left + 6 : left + 39] = 0.0
    _, boxes, keep, writing = _marks((ink, 1.0, ink > 1), DEFAULT_SETTINGS.page)
    assert 60 <= writing <= 80
    kept = {tuple(int(v) for v in box) for box in boxes[keep]}
    assert (400, 200, 404, 270) in kept
    # (The rules' corners, cut off where the lines are erased, are specks.)
    assert not any(x0 >= 690 and y1 - y0 > writing / 2 for x0, y0, _, y1 in kept)


def test_lines_across_and_down_that_meet_are_no_mark() -> None:
    # A line ruled across and one down from it, meeting (a T): its box is neither long and
    # thin nor the size of a number, yet it is all line, and no writing.
    ink = np.zeros((700, 900), np.float32)
    ink[100:104, 100:702] = 1.0
    ink[100:500, 400:404] = 1.0
    for top in (150, 250, 350):
        for left in (160, 240, 480, 560):
            ink[top : top + 70, left : left + 45] = 1.0
            ink[top + 6 : top + 64, left + 6 : left + 39] = 0.0
    _, boxes, keep, writing = _marks((ink, 1.0, ink > 1), DEFAULT_SETTINGS.page)
    assert 60 <= writing <= 80
    assert all(x1 - x0 < 100 for x0, _, x1, _ in boxes[keep].tolist())


def test_a_frame_cut_where_its_lines_across_were_taken_out_is_no_mark() -> None:
    # A two-row table whose lines across the photo's ink step took out (as printed lines)
    # leaves its frame's sides in pieces as thin as 1s: one between two lines taken out,
    # and the last one, meeting a line at its top alone, running on from it. Together
    # too short for a dashed line; a 1 inside a cell, apart from the lines, stays a mark.
    ink = np.zeros((700, 900), np.float32)
    taken = np.zeros(ink.shape, bool)
    taken[100:104, 100:702] = True  # the top rule...
    taken[198:202, 100:702] = True  # ...and the line under the first row, taken out
    for x in (100, 698):  # the frame's sides, in the pieces left
        ink[104:196, x : x + 4] = 1.0
        ink[204:284, x : x + 4] = 1.0
    ink[215:285, 400:404] = 1.0  # a 1
    for top in (120, 210):
        for left in (160, 240, 480, 560):
            ink[top : top + 70, left : left + 45] = 1.0
            ink[top + 6 : top + 64, left + 6 : left + 39] = 0.0
    _, boxes, keep, writing = _marks((ink, 1.0, taken), DEFAULT_SETTINGS.page)
    assert 60 <= writing <= 80
    kept = {tuple(int(v) for v in box) for box in boxes[keep]}
    assert (400, 215, 404, 285) in kept
    assert not any(x0 in (100, 698) for x0, _, _, _ in kept)


def test_a_tick_between_two_numbers_cuts_their_group_in_two() -> None:
    # "36.607", a tick reaching towards the next column, then "75": one group, read as
    # 36607175 with the tick a 1 as wide as it is high, half a digit from each.
    numbers = made_up("36607", 0, 0)
    second = made_up("75", 0, 0)
    assert numbers.reading is not None
    assert second.reading is not None
    after = numbers.reading.digits[-1].box[2]
    tick = replace(
        numbers.reading.digits[0],
        digit=1,
        box=(after + 0.5 * HIGH, 100.0, after + 1.3 * HIGH, 100.0 + HIGH),
    )
    shift = tick.box[2] + 0.6 * HIGH - second.reading.digits[0].box[0]
    moved = tuple(
        replace(d, box=(d.box[0] + shift, d.box[1], d.box[2] + shift, d.box[3]))
        for d in second.reading.digits
    )
    reading = NumberReading((*numbers.reading.digits, tick, *moved))
    glued = PageMark(numbers.box, reading, ((2, "."),))
    parts = _at_ticks(glued, DEFAULT_SETTINGS.page)
    assert [(p.reading.number if p.reading else None, p.separators) for p in parts] == [
        ("36607", ((2, "."),)),
        ("75", ()),
    ]
    assert parts[1].box[0] == moved[0].box[0]
    # A narrow 1 there is the second number's first digit: nothing is cut.
    narrow = replace(tick, box=(tick.box[0], tick.box[1], tick.box[0] + 0.2 * HIGH, tick.box[3]))
    whole = PageMark(numbers.box, NumberReading((*numbers.reading.digits, narrow, *moved)))
    assert _at_ticks(whole, DEFAULT_SETTINGS.page) == [whole]


def test_two_ticks_side_by_side_inside_a_reading_leave_no_empty_number() -> None:
    # Words on a page of writing read as "4", two wide 1s apart from everything, "7".
    def digit(value: int, left: float, wide: float) -> DigitReading:
        box = (left, 100.0, left + wide, 100.0 + HIGH)
        return DigitReading(value, 0.9, (0.01,) * 10, box, np.zeros((28, 28)))

    digits = (
        digit(4, 0, 40),
        digit(1, 80, 60),
        digit(1, 180, 60),
        digit(7, 280, 40),
    )
    mark = PageMark((0.0, 100.0, 320.0, 100.0 + HIGH), NumberReading(digits))
    parts = _at_ticks(mark, DEFAULT_SETTINGS.page)
    assert [p.reading.number for p in parts if p.reading] == ["4", "7"]


def test_a_list_with_most_numbers_ticked_is_still_a_page() -> None:
    # Ten numbers, nine of them ticked: nine refused groups would be doubt enough (over
    # 0.8 times the numbers) for a page of writing, but ticks are no doubt.
    marks = [made_up(f"{30 + k}", k, 0) for k in range(10)]
    for k in range(9):
        tick = made_up("1", k, 0.25)
        assert tick.reading is not None
        digit = tick.reading.digits[0]
        wide = replace(digit, box=(digit.box[0], digit.box[1], digit.box[0] + HIGH, digit.box[3]))
        marks.append(PageMark(wide.box, NumberReading((wide,))))
    page = arrange(PageMarks(tuple(marks), HIGH))
    assert [n.number for n in page.numbers] == [f"{30 + k}" for k in range(10)]


def wide_one(row: float, column: float) -> PageMark:
    """A 1 as wide as it is high at (row, column): a tick's shape, or a 1 with a flag."""
    mark = made_up("1", row, column)
    assert mark.reading is not None
    digit = mark.reading.digits[0]
    wide = replace(digit, box=(digit.box[0], digit.box[1], digit.box[0] + HIGH, digit.box[3]))
    return PageMark(wide.box, NumberReading((wide,)))


def test_a_lone_1_as_wide_as_a_tick_in_an_empty_cell_is_a_number() -> None:
    # A 1 with a flag, its own row of a list: nothing stands just before it on its line.
    rows = laid_out(made_up("12", 0, 0), made_up("345", 1, 0), wide_one(2, 0), made_up("8", 3, 0))
    assert rows == (("12",), ("345",), ("1",), ("8",))


def test_a_tick_after_an_unread_number_is_no_number() -> None:
    # The number of row 2 is read as no number; the tick just after it stays a tick, its
    # cell (row 2 of the column) kept empty, not shown as a 1.
    unread = PageMark(made_up("55", 2, 0).box, None)
    tick = wide_one(2, 0.2)
    rows = laid_out(made_up("12", 0, 0), made_up("345", 1, 0), unread, tick, made_up("8", 3, 0))
    assert rows == (("12",), ("345",), ("",), ("8",))


def test_a_heading_read_surely_two_rows_above_a_list_is_no_number() -> None:
    # A word read as 7160 at 0.7, two row pitches above a list: a heading, not its first
    # number (a row of its own that far from the table is never one).
    heading = made_up("7160", -2, 0, 0.7)
    rows = laid_out(heading, *(made_up(f"{40 + k}", k, 0) for k in range(4)))
    assert rows == (("40",), ("41",), ("42",), ("43",))
