"""Reading whole numbers (digitpad.reader.number_reader, digitpad.reader.segment) with the real model.

Numbers are composed from the bundled real pen digits (resources/samples, from
UNIPEN) the way a person lays them out, as ink and as pictures drawn from that
ink; the UNIPEN tests use the real data set when it is configured.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

import digitpad.cli as cli
from digitpad.errors import InputError, NoDigitError
from digitpad.ink import Ink, save_ink
from digitpad.preprocess import ink_to_array
from digitpad.reader import DEFAULT_SETTINGS, Reader, number_reader
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.line_input import FRAMES
from digitpad.reader.line_model import LineModel
from digitpad.reader.number_reader import erased_ink_map, number_ink_map
from digitpad.reader.segment import (
    _least_ink_path,
    erase_rules,
    label_components,
    picture_pieces,
    stroke_pieces,
)
from digitpad.results import Box, NumberReading
from tests.data.bad_inputs import NO_DIGIT, write_bad_files, write_blank_pictures
from tests.data.composed_numbers import HEIGHT, compose, digit_ink, picture_of
from tests.data.samples import sample
from training.datasets import PenDigit
from training.splits import UNIPEN_HOLDOUT_SOURCES

PLAIN_NUMBER = re.compile(r"^(?P<path>.+): (?P<number>\d+) \((?P<confidence>\d{1,3}\.\d)%\)$")


def digits_of(reading: NumberReading) -> str:
    return reading.number


def ink_boxes(digits: str, lefts: list[float], pen: float, margin: int = 30) -> list[Box]:
    """Where each digit of ``compose(digits)`` lies in ``picture_of``'s picture: its
    strokes' box moved by the margin, grown by half the pen on every side."""
    boxes = []
    for char, left in zip(digits, lefts, strict=True):
        points = np.concatenate(digit_ink(int(char)))
        (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
        grow = pen / 2
        boxes.append(
            (
                left + float(x0) + margin - grow,
                float(y0) + margin - grow,
                left + float(x1) + margin + grow,
                float(y1) + margin + grow,
            )
        )
    return boxes


# ------------------------------------------------------------------ one digit stays one


@pytest.mark.parametrize("digit", range(10))
def test_a_sample_digit_is_never_split(recognizer: LiteRTRecognizer, digit: int) -> None:
    for suffix in (".ink.json", ".png"):
        reading = Reader(recognizer).read_number_file(sample(digit, suffix))
        assert reading.number == str(digit), suffix
        assert len(reading.digits) == 1


def test_a_single_digit_reads_as_the_single_digit_path_does(
    recognizer: LiteRTRecognizer,
) -> None:
    """Same preprocessing, same model: one digit gets the same probabilities."""
    from digitpad.input_files import array_from_file

    path = sample(8, ".ink.json")
    expected = recognizer.predict(array_from_file(path))[:10]
    reading = Reader(recognizer).read_number_file(path)
    np.testing.assert_allclose(reading.digits[0].probabilities, expected, atol=1e-5)


def test_unipen_multi_stroke_digits_stay_whole(
    recognizer: LiteRTRecognizer, unipen: list[PenDigit]
) -> None:
    """Held-out writers' digits of two strokes or more (a 5's bar, a 4 in two strokes,
    an 8 as two circles) read as one digit: all 400 today (the old ten-class model
    split 2 of 1,200; measured, not tuned on these writers)."""
    digits = [d for d in unipen if d.source in UNIPEN_HOLDOUT_SOURCES and len(d.ink.strokes) >= 2][
        :400
    ]
    assert len(digits) == 400
    split = [d.label for d in digits if len(Reader(recognizer).read_number_ink(d.ink).digits) != 1]
    assert split == []


# ------------------------------------------------------------------------ pen numbers


def test_a_year_written_with_gaps(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("2026")
    reading = Reader(recognizer).read_number_ink(ink)
    assert reading.number == "2026"
    assert 0.0 < reading.confidence <= reading.least_confidence


def test_slightly_overlapping_neighbours_are_separated(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("3026", gap=-0.08)
    assert Reader(recognizer).read_number_ink(ink).number == "3026"


def test_multi_stroke_digits_are_kept_whole(recognizer: LiteRTRecognizer) -> None:
    # four and five are drawn in two strokes each, eight too.
    ink, _ = compose("4589", gap=0.15)
    assert len(ink.strokes) == 7
    assert Reader(recognizer).read_number_ink(ink).number == "4589"


def test_a_late_stroke_joins_its_digit(recognizer: LiteRTRecognizer) -> None:
    """The bar of a 5 written after the next digit, and a 7 crossed at the end."""
    ink, lefts = compose("573", gap=0.3)
    strokes = list(ink.strokes)
    bar = strokes.pop(1)  # the five's second stroke: its top bar
    seven = strokes[1]
    middle = seven[:, 1].min() + 0.55 * (seven[:, 1].max() - seven[:, 1].min())
    cross = np.array([[lefts[1] + 10, middle], [lefts[1] + 55, middle - 3]])
    late = Ink((*strokes, bar, cross))
    assert Reader(recognizer).read_number_ink(late).number == "573"


def test_boxes_are_in_ink_units_left_to_right(recognizer: LiteRTRecognizer) -> None:
    ink, lefts = compose("147", gap=0.4)
    reading = Reader(recognizer).read_number_ink(ink)
    assert reading.number == "147"
    for digit, left in zip(reading.digits, lefts, strict=True):
        x0, y0, x1, y1 = digit.box
        assert x0 == pytest.approx(left, abs=1.0)
        assert 0 <= y0 < y1 <= HEIGHT + 1
        assert x1 > x0
        assert len(digit.probabilities) == 10
        assert digit.array.shape == (28, 28)


def test_stroke_order_does_not_matter(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("2026")
    backwards = Ink(tuple(reversed(ink.strokes)))
    assert Reader(recognizer).read_number_ink(backwards).number == "2026"


def test_a_dot_between_digits_is_left_out(recognizer: LiteRTRecognizer) -> None:
    ink, lefts = compose("25", gap=0.5)
    dot = np.array([[lefts[1] - 25.0, HEIGHT - 2], [lefts[1] - 23.0, HEIGHT]])
    reading = Reader(recognizer).read_number_ink(Ink((*ink.strokes, dot)))
    assert reading.number == "25"


def test_stroke_pieces_are_in_reading_order() -> None:
    ink, _ = compose("71", gap=0.3)
    late = Ink((ink.strokes[1], ink.strokes[0]))  # the 1 drawn first
    assert [p.ids for p in stroke_pieces(late)] == [(1,), (0,)]


# ------------------------------------------------------------------------- pictures


def test_a_picture_of_a_number(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("2026")
    image = picture_of(ink)
    reading = Reader(recognizer).read_number_picture(image)
    assert reading.number == "2026"
    # Boxes in the picture's own pixels: inside it, left to right.
    lefts = [d.box[0] for d in reading.digits]
    assert lefts == sorted(lefts)
    for d in reading.digits:
        assert 0 <= d.box[0] < d.box[2] <= image.width
        assert 0 <= d.box[1] < d.box[3] <= image.height


@pytest.mark.parametrize("times", [1, 4])
def test_boxes_lie_on_the_ink_in_the_pictures_own_pixels(
    recognizer: LiteRTRecognizer, times: int
) -> None:
    """Four times enlarged (1,648 x 640 px), the picture is read shrunk to 400 px high; its
    boxes are scaled back on both axes and lie on each digit's ink, as at its own size."""
    ink, lefts = compose("2026")
    picture = picture_of(ink)
    size = (picture.width * times, picture.height * times)
    image = picture.resize(size, Image.Resampling.BICUBIC)
    if times > 1:
        assert image.height > DEFAULT_SETTINGS.grouping.work_height  # the reader shrinks it
    reading = Reader(recognizer).read_number_picture(image)
    assert reading.number == "2026"
    for digit, expected in zip(reading.digits, ink_boxes("2026", lefts, pen=9), strict=True):
        np.testing.assert_allclose(digit.box, [v * times for v in expected], atol=2 * times)


def test_touching_digits_in_a_picture_are_separated(recognizer: LiteRTRecognizer) -> None:
    """Digits whose strokes touch make one blob of ink; it is cut and read as two."""
    ink, _ = compose("20", gap=-0.03)
    image = picture_of(ink, pen=12)
    _labels, count = label_components(np.asarray(image) < 128)
    assert count == 1  # they do touch
    assert Reader(recognizer).read_number_picture(image).number == "20"


def test_a_broken_digit_in_a_picture_is_joined(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("45", gap=0.4)
    image = picture_of(ink)
    # Break the strokes with a white gap across the middle of both digits.
    ImageDraw.Draw(image).rectangle((0, 80, image.width, 84), fill=250)
    _labels, count = label_components(np.asarray(image) < 128)
    assert count >= 4
    assert Reader(recognizer).read_number_picture(image).number == "45"


def test_separators_underline_and_specks_are_ignored(recognizer: LiteRTRecognizer) -> None:
    ink, lefts = compose("2026", gap=0.45)
    image = picture_of(ink)
    draw = ImageDraw.Draw(image)
    base = 30 + HEIGHT
    gap_x = 30 + lefts[2] - 22  # between the second and third digit
    draw.ellipse((gap_x - 5, base - 8, gap_x + 5, base + 2), fill=20)  # a decimal point
    dash_x = 30 + lefts[1] - 22
    draw.line((dash_x - 10, 30 + HEIGHT / 2, dash_x + 10, 30 + HEIGHT / 2), fill=20, width=7)
    draw.line((10, base + 14, image.width - 10, base + 14), fill=20, width=4)  # underline
    rng = np.random.default_rng(3)
    for x, y in rng.integers(0, [image.width, image.height], size=(25, 2)):
        draw.point((int(x), int(y)), fill=60)  # specks
    assert Reader(recognizer).read_number_picture(image).number == "2026"


def test_an_underline_touching_the_digits_is_erased(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("37", gap=0.5)
    image = picture_of(ink, margin=20)
    bottom = 20 + int(HEIGHT)
    ImageDraw.Draw(image).line((0, bottom, image.width, bottom), fill=20, width=5)
    assert Reader(recognizer).read_number_picture(image).number == "37"


def test_erase_rules_keeps_strokes_that_cross_the_line() -> None:
    ink = np.zeros((60, 200), np.float32)
    ink[40:43, :] = 1.0  # a line
    ink[5:55, 50:54] = 1.0  # a stroke crossing it
    erased = erase_rules(ink, DEFAULT_SETTINGS.cut)
    assert erased[41, 120] == 0.0
    assert erased[41, 51] == 1.0
    assert erased[10:55, 50:54].min() == 1.0


def test_erased_ink_map_is_what_the_cut_works_on() -> None:
    # The self-test and the line model's training build its input with erased_ink_map:
    # it must be the very map Reader.read_number_picture cuts (and gives the line model).
    image = picture_of(compose("37", gap=0.5)[0], margin=20)
    bottom = 20 + int(HEIGHT)
    # An underline short of the edges: the paper removal keeps it, erase_rules takes it.
    ImageDraw.Draw(image).line((10, bottom, image.width - 10, bottom), fill=20, width=5)
    erased = erased_ink_map(image)
    ink = number_ink_map(image, DEFAULT_SETTINGS.grouping)
    np.testing.assert_array_equal(erased, picture_pieces(ink, DEFAULT_SETTINGS.cut).ink)
    assert not np.array_equal(erased, ink)


@pytest.mark.parametrize(
    ("size", "shape"),
    [
        ((300, 100), (100, 300)),  # small: read at its own size, never enlarged
        ((1648, 640), (400, 1030)),  # too high: shrunk to 400 px high
        ((14500, 160), (44, 4000)),  # too wide: shrunk to 4,000 px wide
        ((5000, 2000), (400, 1000)),  # both: the tighter bound
    ],
)
def test_the_cut_works_on_the_picture_at_its_own_size_or_shrunk_to_fit(
    size: tuple[int, int], shape: tuple[int, int]
) -> None:
    image = Image.new("L", size, 250)
    ImageDraw.Draw(image).line((0, 0, *size), fill=0, width=3)
    assert number_ink_map(image, DEFAULT_SETTINGS.grouping).shape == shape


def test_erase_rules_takes_a_faint_broken_underline() -> None:
    # A scanned underline: light grey, lighter still in places, with pixels missing.
    ink = np.zeros((60, 200), np.float32)
    row = np.tile(np.array([0.6] * 18 + [0.15, 0.15] + [0.6] * 18 + [0.0, 0.0], np.float32), 5)
    ink[45, :] = row
    ink[5:46, 100:104] = 1.0  # a digit's stroke standing on the line
    erased = erase_rules(ink, DEFAULT_SETTINGS.cut)
    assert erased[45, :99].max() == 0.0
    assert erased[45, 105:].max() == 0.0
    assert erased[5:45, 100:104].min() == 1.0


def test_erase_rules_keeps_bars_with_a_real_gap_between_them() -> None:
    # The top bars of two 5s: each shorter than the picture is high, 5 px apart.
    ink = np.zeros((60, 200), np.float32)
    ink[10:12, 20:60] = 1.0
    ink[10:12, 65:105] = 1.0
    np.testing.assert_array_equal(erase_rules(ink, DEFAULT_SETTINGS.cut), ink)


def test_label_components_joins_diagonal_neighbours() -> None:
    mask = np.zeros((6, 8), bool)
    mask[0, 0] = mask[1, 1] = mask[2, 2] = True  # one diagonal line
    mask[4:6, 5:8] = True  # a block
    mask[0, 7] = True  # a dot
    labels, count = label_components(mask)
    assert count == 3
    assert labels[0, 0] == labels[2, 2] != labels[4, 5]
    assert (labels > 0).sum() == mask.sum()


def test_picture_pieces_drop_specks_and_cut_wide_blobs() -> None:
    ink = np.zeros((60, 200), np.float32)
    ink[10:50, 10:14] = 1.0  # a 1
    ink[10:50, 40:120] = 0.0
    ink[10:50, 60:64] = ink[10:50, 100:104] = 1.0
    ink[28:31, 60:104] = 1.0  # an H-like blob two digits wide
    ink[55, 150] = 1.0  # a speck
    cut = picture_pieces(ink, DEFAULT_SETTINGS.cut)
    assert cut.digit_height == pytest.approx(40, abs=1)
    assert len(cut.pieces) >= 3  # the 1, and the wide blob in at least two
    assert all(p.box[0] < 140 for p in cut.pieces)


def test_two_touching_ones_narrower_than_two_margins_are_cut() -> None:
    """Two 1s joined by a thin bridge make a blob 0.35 of the digit height wide:
    narrower than twice the edge margin, where no column used to be a cut."""
    ink = np.zeros((60, 200), np.float32)
    ink[10:50, 20:34] = 1.0  # a digit beside, 40 high
    ink[10:50, 100:105] = ink[10:50, 109:114] = 1.0  # 1 1, 14 wide together
    ink[30:32, 105:109] = 1.0  # the bridge
    cut = picture_pieces(ink, DEFAULT_SETTINGS.cut)
    assert cut.digit_height == pytest.approx(40, abs=1)
    ones = [p.box[0::2] for p in cut.pieces if p.box[0] >= 90]
    assert len(ones) == 2
    assert ones[0][0] == 100
    assert ones[1][1] == 114


@pytest.mark.parametrize("slope", [1, 2])
def test_a_steeper_cut_path_slips_through_a_thin_slanting_stroke(slope: int) -> None:
    """Two digits written into each other cross in a thin slanting stroke. A path that
    moves one column a row has to cut through it; one allowed two steps over its pixels
    (the recut's paths, ``CutSettings.recut_slope``)."""
    size = 30
    cost = np.full((size, size), 0.01)  # paper...
    for row in range(size):  # ...crossed corner to corner by a stroke two pixels wide a row
        cost[row, max(0, size - 2 - row) : size - row] = 1.0
    path = _least_ink_path(cost, start=size // 2, slope=slope)
    assert np.all(np.abs(np.diff(path)) <= slope)
    on_ink = int((cost[np.arange(size), path] == 1.0).sum())
    assert on_ink == (0 if slope == 2 else 1)


@pytest.mark.parametrize(("number", "gap", "pen"), [("34", -0.25, 5.0), ("12", -0.15, 9.0)])
def test_digits_written_into_each_other_are_cut_again_finer_and_steeper(
    recognizer: LiteRTRecognizer, number: str, gap: float, pen: float
) -> None:
    """Two digits whose boxes overlap cross in a thin stroke: the first cut reads them
    as one digit, unsure; cut again, finer and with steeper paths (``CutSettings``'s
    ``recut_*``), they read apart and sure, and that reading is the one given."""
    picture = picture_of(compose(number, gap=gap)[0], pen=pen)
    no_recut = replace(DEFAULT_SETTINGS, cut=replace(DEFAULT_SETTINGS.cut, recut_below=0.0))
    first = Reader(recognizer, settings=no_recut).read_number_picture(picture)
    assert first.number != number
    assert first.least_confidence < DEFAULT_SETTINGS.cut.recut_below
    reading = Reader(recognizer).read_number_picture(picture)
    assert reading.number == number
    assert reading.least_confidence > 0.8


# ---------------------------------------------------------------------------- bad input


def test_nothing_to_read(recognizer: LiteRTRecognizer) -> None:
    with pytest.raises(NoDigitError, match="Nothing to read"):
        Reader(recognizer).read_number_ink(Ink())
    with pytest.raises(NoDigitError, match="No digit found"):
        Reader(recognizer).read_number_picture(Image.new("L", (300, 80), 240))


def test_too_many_strokes_are_refused_in_plain_words(recognizer: LiteRTRecognizer) -> None:
    strokes = tuple(
        np.array([[i * 10.0, 0.0], [i * 10.0, 50.0]])
        for i in range(DEFAULT_SETTINGS.grouping.max_pieces + 1)
    )
    with pytest.raises(InputError, match="Too much to read as one number"):
        Reader(recognizer).read_number_ink(Ink(strokes))


def test_a_very_long_strip_is_read_at_a_bounded_size(recognizer: LiteRTRecognizer) -> None:
    """A strip of 150 digits (about 14,500 px wide) is analysed at most 4,000 px wide:
    still every digit read, boxes in the picture's own pixels."""
    digits = "3141592653589793238462643383279502884197169399375105820974944592" * 3
    digits = digits[:150]
    ink, lefts = compose(digits, gap=0.35)
    image = picture_of(ink, pen=9)
    assert image.width > 14_000
    reading = Reader(recognizer).read_number_picture(image)
    # Every one of the 150 is read today: any digit lost is a change to look at.
    assert reading.number == digits
    assert reading.digits[-1].box[2] == pytest.approx(image.width - 30, abs=40)
    # Shrunk about 3.6 times across to fit: the boxes come back on both axes.
    for digit, expected in zip(reading.digits, ink_boxes(digits, lefts, pen=9), strict=True):
        assert digit.box[1] == pytest.approx(expected[1], abs=8)
        assert digit.box[3] == pytest.approx(expected[3], abs=8)


# --------------------------------------------------------------------------------- CLI


@pytest.fixture
def number_files(tmp_path: Path) -> Path:
    folder = tmp_path / "numbers"
    folder.mkdir()
    ink, _ = compose("2026")
    save_ink(ink, folder / "a-year.ink.json")
    picture_of(compose("307")[0]).save(folder / "b-amount.png")
    Image.new("L", (200, 60), 255).save(folder / "c-blank.png")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_plain_number_lines(capsys: pytest.CaptureFixture[str], number_files: Path) -> None:
    code, out, _ = run(capsys, "predict", "--number", str(number_files))
    lines = out.splitlines()
    assert code == cli.EXIT_SOME_FAILED  # the blank picture
    first, second = (PLAIN_NUMBER.match(line) for line in lines[:2])
    assert first
    assert first["number"] == "2026"
    assert first["path"].endswith("a-year.ink.json")
    assert second
    assert second["number"] == "307"
    assert lines[2].endswith("c-blank.png: error: No digit found: the picture has no visible ink.")


def test_cli_json_numbers(capsys: pytest.CaptureFixture[str], number_files: Path) -> None:
    code, out, _ = run(capsys, "predict", "--number", "--json", str(number_files))
    records = [json.loads(line) for line in out.splitlines()]
    assert code == cli.EXIT_SOME_FAILED
    year, amount, blank = records
    assert set(year) == {"path", "number", "confidence", "digits"}
    assert year["number"] == "2026"
    assert 0 < year["confidence"] <= 1
    assert [d["digit"] for d in year["digits"]] == [2, 0, 2, 6]
    for d in year["digits"]:
        assert set(d) == {"digit", "confidence", "probabilities", "box"}
        assert len(d["probabilities"]) == 10
        assert d["probabilities"][d["digit"]] == d["confidence"]
        x0, y0, x1, y1 = d["box"]
        assert x0 < x1
        assert y0 < y1
    width, height = Image.open(number_files / "b-amount.png").size
    assert all(d["box"][0] >= 0 and d["box"][2] <= width for d in amount["digits"])
    assert all(d["box"][1] >= 0 and d["box"][3] <= height for d in amount["digits"])
    assert blank == {
        "path": str(number_files / "c-blank.png"),
        "number": None,
        "error": "No digit found: the picture has no visible ink.",
    }


def test_cli_json_boxes_of_a_shrunk_picture_are_in_its_own_pixels(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``predict --number --json`` gives the boxes of a picture the reader shrinks (640 px
    high) in the file's own pixels, on both axes."""
    ink, lefts = compose("307")
    picture = picture_of(ink)
    path = tmp_path / "amount.png"
    picture.resize((picture.width * 4, picture.height * 4), Image.Resampling.BICUBIC).save(path)
    code, out, _ = run(capsys, "predict", "--number", "--json", str(path))
    assert code == cli.EXIT_OK
    record = json.loads(out)
    assert record["number"] == "307"
    for digit, expected in zip(record["digits"], ink_boxes("307", lefts, pen=9), strict=True):
        np.testing.assert_allclose(digit["box"], [4 * v for v in expected], atol=8)


def test_cli_number_exit_codes(capsys: pytest.CaptureFixture[str], number_files: Path) -> None:
    code, _, _ = run(capsys, "predict", "--number", str(number_files / "a-year.ink.json"))
    assert code == cli.EXIT_OK
    code, out, _ = run(capsys, "predict", "--number", str(number_files / "missing.png"))
    assert code == cli.EXIT_SOME_FAILED
    assert out.strip().endswith("error: The file does not exist.")
    code, _, err = run(
        capsys, "predict", "--number", "--model", str(number_files / "c-blank.png"), "x.png"
    )
    assert code == cli.EXIT_USAGE
    assert "model" in err


def test_cli_without_number_reads_one_digit(
    capsys: pytest.CaptureFixture[str], number_files: Path
) -> None:
    code, out, _ = run(capsys, "predict", "--json", str(number_files / "a-year.ink.json"))
    record = json.loads(out)
    assert code == cli.EXIT_OK
    assert "number" not in record
    assert isinstance(record["digit"], int | None)


def test_cli_number_in_a_real_process_has_no_traceback(number_files: Path) -> None:
    bad = number_files / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n truncated")
    result = subprocess.run(
        [sys.executable, "-m", "digitpad", "predict", "--number", str(number_files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == cli.EXIT_SOME_FAILED
    assert "Traceback" not in result.stderr + result.stdout
    assert ": 2026 (" in result.stdout
    assert "bad.png: error: " in result.stdout


def test_dots_beside_a_digit_are_left_out(recognizer: LiteRTRecognizer) -> None:
    dots = tuple(np.array([[x, 50.0], [x + 1.0, 51.0]]) for x in (40.0, 80.0, 120.0))
    tall = (np.array([[0.0, 0.0], [0.0, 100.0]]),)  # the number's height: the dots are small
    reading = Reader(recognizer).read_number_ink(Ink(tall + dots))
    assert reading.number == "1"
    assert reading.digits[0].box == (0.0, 0.0, 0.0, 100.0)


def test_cli_number_explains_every_bad_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The first release's bad files and blank pictures get their one-line reason with --number."""
    bad = write_bad_files(tmp_path / "bad")
    blank = write_blank_pictures(tmp_path / "blank")
    code, out, err = run(
        capsys, "predict", "--number", "--json", str(tmp_path / "bad"), str(tmp_path / "blank")
    )
    assert code == cli.EXIT_SOME_FAILED
    assert "Traceback" not in out + err
    records = {record["path"]: record for record in map(json.loads, out.splitlines())}
    for name, case in bad.items():
        path = str(tmp_path / "bad" / name)
        if path in records:  # a folder scan skips what is not named like a picture
            assert records[path]["number"] is None
            assert re.search(case.reason, records[path]["error"]), (name, records[path])
    # All but the SVG (not a picture name) and the folder posing as a picture were read.
    assert sum(path.startswith(str(tmp_path / "bad")) for path in records) == len(bad) - 2
    for name in blank:
        record = records[str(tmp_path / "blank" / name)]
        assert record["number"] is None
        assert re.search(NO_DIGIT, record["error"])


def test_the_whole_drawing_is_drawn_once_for_the_digit_and_the_number() -> None:
    """The window reads the whole ink as one digit and the number reader reads it as its
    whole-group candidate, with the strokes in another order: one array serves both."""
    ink, _ = compose("4071")
    reader = Reader(LiteRTRecognizer(), None)
    first = reader.ink_array(ink)
    np.testing.assert_array_equal(first, ink_to_array(ink))
    assert reader.ink_array(Ink(tuple(reversed(ink.strokes)))) is first
    assert not first.flags.writeable


def test_a_pieces_mask_grows_as_pillows_3x3_max_filter_does() -> None:
    """The framing takes a piece's anti-aliased rim with a 3x3 growth of its mask."""
    from PIL import ImageFilter

    from digitpad.reader.number_reader import _grown

    rng = np.random.default_rng(3)
    for height, width in [(1, 1), (1, 7), (5, 1), (9, 13), (31, 17)]:
        mask = rng.random((height, width)) < 0.15
        pillow = Image.fromarray(mask.astype(np.uint8) * 255).filter(ImageFilter.MaxFilter(3))
        assert np.array_equal(_grown(mask), np.asarray(pillow) > 0)


def test_a_number_on_a_hatched_cheque_background_keeps_dark_ink(
    recognizer: LiteRTRecognizer,
) -> None:
    """A cheque's printed hatching covers a quarter of the picture and its corners: the
    strokes are still the ink (the corner vote is for one digit cropped to its ink)."""
    ink, _ = compose("2026")
    period = 4
    clean = np.asarray(picture_of(ink, margin=12), dtype=np.float32)
    # Sides of k * period + 1 pixels, so that the diagonal lines meet all four corners.
    height, width = ((side - 1) // period * period + 1 for side in clean.shape)
    clean = clean[:height, :width]
    rows, columns = np.indices(clean.shape)
    hatching = (rows + columns) % period == 0
    hatched = np.where(hatching, np.minimum(clean, 100), clean)
    picture = Image.fromarray(hatched.astype(np.uint8))
    assert picture.width > 2 * picture.height
    assert hatching[[0, 0, -1, -1], [0, -1, 0, -1]].all(), "every corner on a line"

    ink_map = number_ink_map(picture, DEFAULT_SETTINGS.grouping)
    strokes = clean < 128
    assert float(ink_map[strokes].mean()) > 0.8
    # The hatching's thin lines stay faintly: a third of the strokes' weight at most.
    assert float(ink_map[~strokes].mean()) < 0.3
    assert Reader(recognizer).read_number_picture(picture).number == "2026"


class ConstantLineModel(LineModel):
    """A line model whose frames are known: every frame gives the same probabilities."""

    def __init__(self, frame: np.ndarray) -> None:
        self.path = Path("constant-frames")
        self._frames = np.tile(np.log(frame), (FRAMES, 1))

    def log_probabilities(self, line: np.ndarray) -> np.ndarray:
        return self._frames.copy()


@pytest.mark.parametrize("weight", [DEFAULT_SETTINGS.grouping.line_weight, 0.5])
def test_the_line_model_weighs_each_digits_probabilities(
    recognizer: LiteRTRecognizer, weight: float
) -> None:
    """A digit the line model judged has the digit model's ten probabilities times the line
    model's share of each digit in its columns (to the power line_weight), scaled back to
    the digit model's total. Every frame here gives the same shares, so what each digit
    must read is known whatever columns it covers."""
    #: "No digit here", then the digits 0-9: the frames lean to 0 and 1, away from 2 and 6.
    frame = np.array([0.04, 0.40, 0.30, 0.0002, 0.05, 0.05, 0.05, 0.0002, 0.05, 0.05, 0.0096])
    shares = frame[1:] / frame[1:].sum()
    picture = picture_of(compose("2026")[0])
    settings = replace(
        DEFAULT_SETTINGS, grouping=replace(DEFAULT_SETTINGS.grouping, line_weight=weight)
    )
    reading = Reader(recognizer, ConstantLineModel(frame), settings).read_number_picture(picture)
    assert reading.number
    changed = 0
    for digit in reading.digits:
        own = recognizer.predict(digit.array)[:10].astype(np.float64)
        joint = own * shares**weight
        expected = joint / joint.sum() * own.sum()
        np.testing.assert_allclose(digit.probabilities, expected, rtol=1e-4, atol=1e-9)
        assert digit.confidence == digit.probabilities[digit.digit]
        changed += not np.allclose(digit.probabilities, own, rtol=1e-3, atol=0)
    assert changed == len(reading.digits)  # the frames do change what every digit reads


def test_a_digit_the_line_model_vouches_for_reads_at_least_as_sure() -> None:
    """Two digits written into each other are cut into pieces the digit model calls "not
    a digit"; when the line model is sure of the whole number, the digit reads at least
    that sure, its rivals keep their proportions and "not a digit" does not grow."""
    weak = np.array([0.05, 0.1, 0.0, 0.15, 0, 0, 0, 0, 0, 0.0])  # 0.7 "not a digit"
    vouched = number_reader._vouched(weak, 3, 0.95)
    assert vouched[3] == pytest.approx(0.95)
    assert vouched.sum() == pytest.approx(0.95)  # the line model's word, all of it on the 3
    strong = np.array([0.05, 0.1, 0.0, 0.6, 0, 0, 0, 0, 0, 0.2])
    vouched = number_reader._vouched(strong, 3, 0.8)
    assert vouched[3] == pytest.approx(0.8)
    assert vouched.sum() == pytest.approx(strong.sum())  # "not a digit" stays 0.05
    np.testing.assert_allclose(vouched[[0, 1, 9]], np.array([0.05, 0.1, 0.2]) * 0.15 / 0.35)
    # A digit already read surer than the line model is left as it was.
    np.testing.assert_array_equal(number_reader._vouched(strong, 3, 0.5), strong)


def test_a_row_the_line_model_is_sure_holds_no_digit_is_no_number(
    recognizer: LiteRTRecognizer,
) -> None:
    """A line model that reads only blanks, surely (as it reads a row of letters): the
    picture holds no number; unsure of it, the cut's own reading stands."""
    picture = picture_of(compose("2026")[0])
    sure_blank = np.array([0.999, *[0.0001] * 10])
    reader = Reader(recognizer, ConstantLineModel(sure_blank))
    with pytest.raises(NoDigitError):
        reader.read_number_picture(picture)
    unsure_blank = np.array([0.95, *[0.005] * 10])  # 0.95 ** 56: under 6% sure of no digit
    unsure = Reader(recognizer, ConstantLineModel(unsure_blank))
    assert unsure.read_number_picture(picture).number == "2026"
    never = replace(DEFAULT_SETTINGS, grouping=replace(DEFAULT_SETTINGS.grouping, line_vouch=2.0))
    told = Reader(recognizer, ConstantLineModel(sure_blank), never)
    assert told.read_number_picture(picture).number == "2026"
