"""Phone photos: the light evened out, the writing found and read, under every light and paper.

The photos are made by :mod:`training.photos` from the bundled sample drawings
(no data set needed): squared, ruled and plain paper, even light, a linear
fall-off, a vignette and a shadow, a ballpoint or a felt-tip, 900-4000 px
JPEG. Before this module, most of them were read as "1", "not a digit" or a
long wrong number.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from digitpad.errors import NoDigitError
from digitpad.ink import Ink, load_ink
from digitpad.photo_writing import LINES_OF_WRITING, PHOTO_SIDE, photo_page
from digitpad.picture_files import full_size, open_image
from digitpad.preprocess import image_to_array
from digitpad.reader import Reader
from tests.data.samples import sample
from training.datasets import PenDigit
from training.evaluate_numbers import compose_pen_number
from training.photos import LIGHTS, PAPERS, PhotoStyle, ink_photo, photograph, scribbled_text


def sample_number(digits: str, seed: int = 0) -> Ink:
    """The bundled sample drawings of ``digits``, laid out as one writer writes a number."""
    pen = [
        PenDigit(int(d), "samples", "samples", load_ink(sample(int(d), ".ink.json")))
        for d in digits
    ]
    return compose_pen_number(pen, np.random.default_rng(seed))


def style(paper: str, light: str, **changes: object) -> PhotoStyle:
    """A fixed photo style: a middling phone photo, with ``changes``."""
    values: dict[str, object] = {
        "paper": paper,
        "light": light,
        "pen": "ballpoint",
        "width": 1800,
        "digit_height": 0.12,
        "rotation": 4.0,
        "quality": 75,
        "blur": 0.6,
        "noise": 0.015,
        "seed": 7,
    }
    values.update(changes)
    return PhotoStyle(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader.bundled()


@pytest.mark.parametrize("light", LIGHTS)
@pytest.mark.parametrize("paper", PAPERS)
def test_a_photographed_number_is_read_whole(reader: Reader, paper: str, light: str) -> None:
    photo = ink_photo(sample_number("4072"), style(paper, light))
    assert reader.read_picture(open_image(photo)).text == "4072"


@pytest.mark.parametrize("light", LIGHTS)
def test_a_small_digit_on_a_big_page_is_read(reader: Reader, light: str) -> None:
    photo = ink_photo(sample_number("7"), style("grid", light, digit_height=0.05, width=3000))
    assert reader.read_picture(open_image(photo)).text == "7"


def test_a_felt_tip_number_in_a_hard_shadow_is_read(reader: Reader) -> None:
    photo = ink_photo(sample_number("586"), style("ruled", "shadow", pen="felt", seed=11))
    assert reader.read_picture(open_image(photo)).text == "586"


@pytest.mark.parametrize("slope", [0.15, 0.35])
def test_a_hard_shadow_across_a_corner_stays_paper(reader: Reader, slope: float) -> None:
    # The phone's own shadow, hard-edged, leaving the page at a shallow angle near a
    # corner: at the border it is a thin dark wedge. Its paper level was taken for a
    # stroke's, so the wedge became ink, the "writing" reached the top of the page, and
    # the number read as "not a digit" or "7".
    photo = Image.open(
        io.BytesIO(
            ink_photo(sample_number("4072"), style("grid", "even", width=1600, digit_height=0.05))
        )
    )
    pixels = np.asarray(photo, np.float32)
    ys, xs = np.mgrid[0 : photo.height, 0 : photo.width].astype(np.float32)
    edge = (xs - 0.05 * photo.width) * slope  # the shadow lies above this line
    shade = 1.0 / (1.0 + np.exp(np.clip((ys - edge) / 3.0, -50.0, 50.0)))
    shadowed = Image.fromarray(np.uint8(pixels * (1.0 - 0.45 * shade)[..., None]))
    stream = io.BytesIO()
    shadowed.save(stream, "JPEG", quality=85)
    image = open_image(stream.getvalue())
    assert photo_page(image).box[1] > 0.3 * full_size(image)[1]  # cropped to the writing
    assert reader.read_picture(image).text == "4072"


def test_a_big_number_whose_bars_line_up_keeps_them(reader: Reader) -> None:
    # Five felt-tip 7s across most of the page: a row through their bars is filled over
    # half its width, but broken at every space between them, so it is no printed line
    # and the bars are not erased (they were, and the number read as 71711).
    photo = ink_photo(
        sample_number("77777"),
        style("plain", "even", pen="felt", digit_height=0.25, width=1200, rotation=0.0),
    )
    assert reader.read_picture(open_image(photo)).text == "77777"


@pytest.mark.parametrize("light", LIGHTS)
@pytest.mark.parametrize("paper", PAPERS)
def test_a_blank_page_has_no_digit_never_a_guess(reader: Reader, paper: str, light: str) -> None:
    page = style(paper, light, width=2000)
    blank = photograph(np.zeros((1500, 2000), np.float32), page, spacing=60.0)
    with pytest.raises(NoDigitError, match="No digit found"):
        reader.read_picture(open_image(blank))


def test_a_full_size_photo_is_decoded_small_and_boxed_in_its_own_pixels(reader: Reader) -> None:
    photo = ink_photo(sample_number("2026"), style("grid", "linear", width=4000))
    image = open_image(photo)
    assert full_size(image) == (4000, 3000)
    assert image.size == (2000, 1500)  # JPEG draft mode: nothing read needs more
    answer = reader.read_picture(image)
    assert answer.text == "2026"
    assert answer.space == (4000.0, 3000.0)
    boxes = np.array([part.box for part in answer.parts])
    # The writing is 12% of the page high (360 px of 3000); boxes are in the file's pixels.
    heights = boxes[:, 3] - boxes[:, 1]
    assert 250 < float(np.median(heights)) < 450
    assert boxes[:, 2].max() <= 4000
    assert boxes[:, 3].max() <= 3000


def test_a_boxed_part_of_a_photo_is_read_alone_with_boxes_on_the_whole(reader: Reader) -> None:
    photo = ink_photo(sample_number("2026"), style("plain", "radial", width=2400))
    image = open_image(photo)
    whole = reader.read_picture(image)
    assert whole.text == "2026"
    first, second = (part.box for part in whole.parts[:2])
    assert first is not None
    assert second is not None
    margin = 0.3 * (first[3] - first[1])
    region = (
        first[0] - margin,
        first[1] - margin,
        second[2] + 2,
        max(first[3], second[3]) + margin,
    )
    part = reader.read_picture_region(image, region)
    assert part.text == "20"
    for got, expected in zip(part.parts, whole.parts[:2], strict=True):
        assert got.box is not None
        assert expected.box is not None
        np.testing.assert_allclose(got.box, expected.box, atol=0.05 * (first[3] - first[1]))


def test_a_box_beside_the_picture_holds_no_digit(reader: Reader) -> None:
    image = open_image(ink_photo(sample_number("5"), style("plain", "even")))
    with pytest.raises(NoDigitError, match="holds no part"):
        reader.read_picture_region(image, (5000.0, 5000.0, 6000.0, 6000.0))


def text_page(paper: str, light: str, lines: int = 12) -> bytes:
    """A phone photo of a page of small joined-up writing, ``lines`` lines of it."""
    ink = scribbled_text(lines, 7, np.random.default_rng(3))
    return ink_photo(ink, style(paper, light, digit_height=0.7, width=3000), lines=lines)


@pytest.mark.parametrize("paper", PAPERS)
def test_a_page_of_text_is_answered_plainly_never_a_guess(reader: Reader, paper: str) -> None:
    image = open_image(text_page(paper, "linear"))
    assert photo_page(image).lines_of_writing
    # The window and `predict --number`, and `predict` (one digit): the same plain sentence.
    with pytest.raises(NoDigitError, match="many lines of small writing"):
        reader.read_picture(image)
    with pytest.raises(NoDigitError, match="many lines of small writing"):
        reader.read_number_picture(image)
    with pytest.raises(NoDigitError) as refused:
        image_to_array(image)
    assert str(refused.value) == LINES_OF_WRITING


def test_one_line_of_writing_is_still_read_as_a_number(reader: Reader) -> None:
    # Strokes are judged against the writing's height: one line of joined-up writing is
    # no page of text (it is read, as a word is: whatever the reader makes of it).
    assert not photo_page(open_image(text_page("plain", "even", lines=1))).lines_of_writing
    number = ink_photo(sample_number("4072"), style("ruled", "even", pen="felt"))
    assert not photo_page(open_image(number)).lines_of_writing


def test_a_big_digit_drawn_with_a_thin_pen_is_read_not_refused(reader: Reader) -> None:
    # Thin for its height, as a page of text is, but no row crosses many marks.
    points = load_ink(sample(2, ".ink.json")).points[:, :2]
    low, high = points.min(axis=0), points.max(axis=0)
    scale = 900 / float((high - low).max())
    drawing = Image.new("L", (1200, 1200), 255)
    pen = ImageDraw.Draw(drawing)
    for stroke in load_ink(sample(2, ".ink.json")).strokes:
        xy = (stroke[:, :2] - low) * scale + 150
        pen.line([tuple(p) for p in xy.tolist()], fill=0, width=4)
    assert not photo_page(drawing).lines_of_writing
    assert reader.read_picture(drawing).text == "2"


def test_small_pictures_and_drawings_are_read_as_they_are() -> None:
    small = Image.new("L", (PHOTO_SIDE - 1, 300), 255)
    assert photo_page(small).image is small
    # Writing over half the picture high: a drawing or a close-up, left to the reader.
    drawing = Image.new("L", (1000, 1000), 255)
    drawing.paste(0, (450, 100, 550, 900))
    assert photo_page(drawing).image is drawing
    transparent = Image.new("RGBA", (1200, 900), (0, 0, 0, 0))
    assert photo_page(transparent).image is transparent


def test_a_photo_is_cropped_to_its_writing_with_a_margin() -> None:
    page = style("grid", "shadow", width=2000)
    photo = ink_photo(sample_number("31"), page)
    crop = photo_page(open_image(photo))
    x0, y0, x1, y1 = crop.box
    # 31 written 12% of 1500 px high (180 px): the crop holds it and its margins, no more.
    assert 180 <= y1 - y0 <= 180 * 2.2
    assert x1 - x0 < 0.6 * 2000
    assert np.asarray(crop.image).min() < 100  # dark ink on white paper
    assert np.median(np.asarray(crop.image)) == 255  # the paper, grid and shadow gone
