"""Writing styles MNIST lacks (training/styles.py): the bundled model reads each one right.

Each style is built once explicitly on a bundled sample digit (or drawn whole,
where the style is the digit's shape), and a few times by the generator the
training uses, with fixed seeds.
"""

from __future__ import annotations

import numpy as np
import pytest

from digitpad.ink import Ink, load_ink
from digitpad.preprocess import ink_to_array
from digitpad.results import read
from tests.data.samples import sample
from training.styles import (
    TEMPLATE_DIGITS,
    cross_stroke,
    curved_foot,
    flag_stroke,
    foot_stroke,
    slash_stroke,
    styled_ink,
    template_ink,
    theta_bar,
)


def with_strokes(digit: int, make) -> Ink:
    """The sample ``digit`` with the strokes ``make(points, box, height, rng)`` returns added."""
    ink = load_ink(sample(digit, ".ink.json"))
    points = ink.points
    (x0, y0), (x1, y1) = points.min(axis=0), points.max(axis=0)
    box = (float(x0), float(y0), float(x1), float(y1))
    extra = make(points, box, float(y1 - y0), np.random.default_rng(3))
    return Ink((*(s[:, :2] for s in ink.strokes), *extra))


def top(points: np.ndarray) -> np.ndarray:
    return points[np.argmin(points[:, 1])]


def bottom(points: np.ndarray) -> np.ndarray:
    return points[np.argmax(points[:, 1])]


def one_stick() -> Ink:
    """A plain upright one: the base for the flagged and footed styles."""
    return Ink((np.array([(50.0, 5.0), (48.0, 95.0)]),), 100, 100)


def on_stick(make) -> Ink:
    stick = one_stick()
    extra = make(stick.points, 90.0, np.random.default_rng(3))
    return Ink((*stick.strokes, *extra))


STYLES: dict[str, tuple[int, Ink]] = {
    "slashed zero": (0, with_strokes(0, lambda p, box, h, rng: [slash_stroke(box, rng)])),
    "zero with a backslash inside it": (
        0,
        with_strokes(
            0,
            lambda p, box, h, rng: [
                np.array([(box[0] + 0.15 * (box[2] - box[0]), box[1] + 0.1 * h), (box[2], box[3])])
            ],
        ),
    ),
    "zero barred like a theta": (0, with_strokes(0, lambda p, box, h, rng: [theta_bar(box, rng)])),
    "one with a long flag": (
        1,
        on_stick(lambda p, h, rng: [np.array([top(p) + np.array([-0.6 * h, 0.3 * h]), top(p)])]),
    ),
    "one with a flag and a foot": (
        1,
        on_stick(lambda p, h, rng: [flag_stroke(top(p), h, rng), foot_stroke(bottom(p), h, rng)]),
    ),
    "l-shaped one with a curved foot": (
        1,
        on_stick(lambda p, h, rng: [curved_foot(bottom(p), h, rng)]),
    ),
    "seven with a crossbar": (
        7,
        with_strokes(7, lambda p, box, h, rng: [cross_stroke(box, float(p[:, 0].mean()), rng)]),
    ),
    "four open at the top": (
        4,
        Ink.from_lists([[(30, 8), (22, 62), (85, 62)], [(65, 10), (63, 96)]], 100, 100),
    ),
    "nine with a straight tail": (
        9,
        Ink.from_lists(
            [
                [
                    *(
                        (50 + 22 * np.cos(a), 28 - 18 * np.sin(a))
                        for a in np.linspace(0, 2 * np.pi, 24)
                    ),
                    (70, 96),
                ]
            ],
            100,
            100,
        ),
    ),
    "nine with an open loop": (
        9,
        Ink.from_lists(
            [
                [(50 + 22 * np.cos(a), 28 - 18 * np.sin(a)) for a in np.linspace(0.0, 5.2, 20)],
                [(72, 28), (64, 96)],
            ],
            100,
            100,
        ),
    ),
}


@pytest.mark.parametrize(
    "style",
    STYLES,
)
def test_each_style_is_read_right(recognizer, style: str) -> None:
    digit, ink = STYLES[style]
    answer = read(recognizer.predict(ink_to_array(ink)))
    assert answer.digit == digit, f"{style} read as {answer.digit} ({answer.confidence:.0%})"


@pytest.mark.parametrize("digit", TEMPLATE_DIGITS)
def test_generated_templates_are_read_right(recognizer, digit: int) -> None:
    rng = np.random.default_rng(20261123)
    inks = [template_ink(digit, rng) for _ in range(5)]
    read_as = [read(recognizer.predict(ink_to_array(ink))).digit for ink in inks]
    assert read_as == [digit] * 5


@pytest.mark.parametrize("digit", [0, 7])
def test_generated_styles_on_a_sample_are_read_right(recognizer, digit: int) -> None:
    rng = np.random.default_rng(20261123)
    base = load_ink(sample(digit, ".ink.json"))
    styled = [styled_ink(base, digit, rng) for _ in range(5)]
    assert all(ink is not None for ink in styled)
    read_as = [read(recognizer.predict(ink_to_array(ink))).digit for ink in styled if ink]
    assert read_as == [digit] * 5


def test_slashes_lean_both_ways() -> None:
    """Writers slash a zero ``/`` and ``\\`` (the held-out art writer's refused zeros)."""
    rng = np.random.default_rng(4)
    leans = {
        bool(np.sign(s[1, 0] - s[0, 0]) == np.sign(s[1, 1] - s[0, 1]))  # True: backslash
        for s in (slash_stroke((10.0, 10.0, 60.0, 90.0), rng) for _ in range(20))
    }
    assert leans == {True, False}


def test_styles_add_strokes_only_where_the_style_exists() -> None:
    rng = np.random.default_rng(0)
    four = load_ink(sample(4, ".ink.json"))
    assert styled_ink(four, 4, rng) is None
    wide_one = Ink.from_lists([[(0, 50), (100, 55)]])  # not a stick: no flag or foot goes on it
    assert styled_ink(wide_one, 1, rng) is None
    assert len(styled_ink(one_stick(), 1, rng).strokes) > 1
