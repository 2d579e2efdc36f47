"""The "why" heat map: on the ink, different for different digits, faithful; and its drawing.

Real model, real sample digits (resources/samples, as pictures and as ink).
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from digitpad.handwriting_profile import Profile
from digitpad.ink import load_ink
from digitpad.input_files import array_from_file
from digitpad.preprocess import ink_to_array, place_ink
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.explain import explain, heat_rgba, overlay, overlay_image, squares
from digitpad.reader.personal_model import PersonalRecognizer
from digitpad.results import NOT_A_DIGIT
from tests.data.samples import NAMES, SAMPLES, sample

WIPE = 5


@pytest.fixture(scope="module")
def digits() -> list[tuple[np.ndarray, int]]:
    """The twenty samples (pen ink and pictures) and shifted copies: forty inputs with their digits."""
    base = [
        (array_from_file(SAMPLES / f"{name}{suffix}"), digit)
        for digit, name in enumerate(NAMES)
        for suffix in (".ink.json", ".png")
    ]
    rng = np.random.default_rng(40)
    shifted = [(np.roll(a, tuple(rng.integers(-2, 3, 2)), axis=(0, 1)), d) for a, d in base]
    return base + shifted


def near_ink(array: np.ndarray, reach: int) -> np.ndarray:
    """Pixels within ``reach`` pixels (rows and columns) of an inked one."""
    inked = array > 0.05
    grown = np.zeros_like(inked)
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            grown |= np.roll(inked, (dy, dx), axis=(0, 1))
    return grown


def wiped(array: np.ndarray, row: int, col: int) -> np.ndarray:
    half = WIPE // 2
    out = array.copy()
    out[max(0, row - half) : row + half + 1, max(0, col - half) : col + half + 1] = 0
    return out


def hottest(heat: np.ndarray) -> tuple[int, int]:
    """Centre of the 5x5 square holding the most heat."""
    half = WIPE // 2
    padded = np.pad(heat, half)
    sums = np.array(
        [
            [padded[r : r + WIPE, c : c + WIPE].sum() for c in range(heat.shape[1])]
            for r in range(heat.shape[0])
        ]
    )
    row, col = np.unravel_index(int(np.argmax(sums)), sums.shape)
    return int(row), int(col)


def test_the_evidence_lies_on_the_ink(
    recognizer: LiteRTRecognizer, digits: list[tuple[np.ndarray, int]]
) -> None:
    for array, digit in digits:
        heat = explain(recognizer, array, digit)
        assert heat.shape == (28, 28)
        assert heat.dtype == np.float32
        assert float(heat.min()) == 0.0
        assert float(heat.max()) == pytest.approx(1.0)
        # Squares are centred on the ink, two pixels each way: no heat farther out.
        assert not heat[~near_ink(array, 2)].any()
        # Most of it within a pixel of the strokes, and far more on the inked pixels
        # than their share of the frame (a fifth of it or so).
        assert float(heat[near_ink(array, 1)].sum() / heat.sum()) > 0.75, digit
        inked = array > 0.05
        assert float(heat[inked].sum() / heat.sum()) > 2 * float(inked.mean()), digit


def test_the_evidence_differs_between_two_classes(
    recognizer: LiteRTRecognizer, digits: list[tuple[np.ndarray, int]]
) -> None:
    """ "Why 7 and not 1?": the maps of the answer and of the runner-up differ.

    Compared with the model's second choice, the class a person would ask about.
    (Where exactly a model looks is its own affair: the eleven-class model reads
    the sample 7 more by its stem than by its bar, so no place is asserted.)
    """
    for array, digit in digits[:20]:
        other = int(np.argsort(recognizer.predict(array)[:10])[-2])
        mine, theirs = explain(recognizer, array, digit), explain(recognizer, array, other)
        assert theirs.any(), (digit, other)  # evidence even for a class not answered
        assert float(np.abs(mine - theirs).mean()) > 0.02, (digit, other)
        assert float(np.corrcoef(mine.ravel(), theirs.ravel())[0, 1]) < 0.95, (digit, other)


def test_wiping_the_hottest_square_lowers_the_class_more_than_a_random_one(
    recognizer: LiteRTRecognizer, digits: list[tuple[np.ndarray, int]]
) -> None:
    rng = np.random.default_rng(9)
    hot_drops, random_drops = [], []
    for array, digit in digits:
        heat = explain(recognizer, array, digit)
        base = float(recognizer.predict(array)[digit])
        inked = np.argwhere(array > 0.5)
        row, col = inked[rng.integers(len(inked))]
        hot_drops.append(base - float(recognizer.predict(wiped(array, *hottest(heat)))[digit]))
        random_drops.append(base - float(recognizer.predict(wiped(array, row, col))[digit]))
    hot, rnd = np.array(hot_drops), np.array(random_drops)
    print(
        f"mean drop: hottest {hot.mean():.3f}, random {rnd.mean():.3f}; wins {np.mean(hot > rnd):.0%}"
    )
    assert np.mean(hot > rnd) >= 0.8
    assert hot.mean() > 2 * rnd.mean()


def test_a_blank_frame_has_no_evidence_and_bad_calls_are_refused(
    recognizer: LiteRTRecognizer,
) -> None:
    blank = np.zeros((28, 28), np.float32)
    assert len(squares(blank)) == 0
    assert not explain(recognizer, blank, 3).any()
    seven = array_from_file(sample(7))
    assert explain(recognizer, seven, NOT_A_DIGIT).shape == (28, 28)  # "not a digit" is a column
    with pytest.raises(ValueError, match="column"):
        explain(recognizer, seven, 11)
    with pytest.raises(ValueError, match="28x28"):
        explain(recognizer, np.zeros((32, 32), np.float32), 7)


def test_squares_cover_every_inked_pixel(digits: list[tuple[np.ndarray, int]]) -> None:
    for array, _ in digits:
        masks = squares(array)
        assert 5 <= len(masks) <= 40
        assert masks.any(axis=0)[array >= 0.5].all()


def test_it_explains_the_personal_answer_too(recognizer: LiteRTRecognizer, tmp_path) -> None:
    """Taught that this 7 is a 1, the personal reader answers 1 and shows evidence for it."""
    ink = load_ink(sample(7, ".ink.json"))
    profile = Profile.load(tmp_path)
    profile.add(1, ink=ink)
    personal = PersonalRecognizer(recognizer, profile)
    array = ink_to_array(ink)
    assert int(np.argmax(personal.predict(array))) == 1
    heat = explain(personal, array, 1)
    assert heat.any()
    assert not np.array_equal(heat, explain(recognizer, array, 1))


# ------------------------------------------------------------------------- drawing


def test_the_overlay_colours_the_heat_and_leaves_the_rest_as_drawn(
    recognizer: LiteRTRecognizer,
) -> None:
    array = array_from_file(sample(4))
    heat = explain(recognizer, array, 4)
    picture = overlay(array, heat, scale=10)
    assert picture.shape == (280, 280, 3)
    assert picture.dtype == np.uint8
    cold = np.kron(~near_ink(array, 3), np.ones((10, 10), bool))
    assert (picture[cold] == 255).all()  # blank paper far from the ink stays white
    row, col = np.unravel_index(int(np.argmax(heat)), heat.shape)
    hot = picture[row * 10 + 5, col * 10 + 5].astype(int)
    assert hot.max() - hot.min() > 60  # coloured, not grey
    image = overlay_image(array, heat, scale=4)
    assert isinstance(image, Image.Image)
    assert image.size == (112, 112)
    assert image.mode == "RGB"


def test_the_overlay_layer_is_transparent_where_cold() -> None:
    heat = np.linspace(0, 1, 28 * 28, dtype=np.float32).reshape(28, 28)
    layer = heat_rgba(heat)
    assert layer.shape == (28, 28, 4)
    assert layer.dtype == np.uint8
    assert (layer[heat < 0.05, 3] == 0).all()
    assert (layer[heat >= 0.05, 3] > 0).all()
    assert layer[-1, -1, 3] > layer[14, 0, 3]  # hotter, more opaque


@pytest.mark.parametrize("name", ["seven", "four", "eight"])
def test_the_placement_puts_the_ink_where_the_frame_shows_it(name: str) -> None:
    """What the window needs to draw the heat map over the pad: frame <-> ink coordinates."""
    ink = load_ink(SAMPLES / f"{name}.ink.json")
    placement = place_ink(ink)
    array = ink_to_array(ink)
    np.testing.assert_array_equal(array, ink_to_array(ink))  # placing renders nothing new
    columns, rows = np.round(placement.to_frame(ink.points)).astype(int).T
    assert (array[rows, columns] > 0.3).mean() > 0.95
    x0, y0, x1, y1 = placement.frame_box_in_ink()
    points = ink.points
    assert x0 < points[:, 0].min() <= points[:, 0].max() < x1
    assert y0 < points[:, 1].min() <= points[:, 1].max() < y1
    # The frame is square, and the ink's box spans 20 of its 28 pixels at most.
    assert (x1 - x0) == pytest.approx(y1 - y0)
    extent = float((points.max(axis=0) - points.min(axis=0)).max())
    assert extent / (x1 - x0) == pytest.approx((20 - 2.4) / 28, rel=1e-6)
