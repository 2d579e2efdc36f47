"""``digitpad --self-test``: does this install read digits? A check for people, not developers.

A built bundle can be broken in ways no unit test sees: the model left out,
a native library of LiteRT missing, a wrong resource path under
``sys._MEIPASS``. This check runs the real recognizer on a few built-in digits
(drawn as ink, and the same ink rendered as pictures, so both input paths are
exercised) and says in plain words what it found. It needs no Qt and no
display, so it runs on a headless build machine right after the build.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
from PIL import Image, ImageDraw

from digitpad import __version__
from digitpad.errors import DigitpadError
from digitpad.ink import Ink
from digitpad.preprocess import image_to_array, ink_to_array
from digitpad.reader.ctc import best_path
from digitpad.reader.digit_model import Recognizer, load_recognizer
from digitpad.reader.line_input import line_array
from digitpad.reader.line_model import load_bundled_line_model
from digitpad.reader.number_reader import erased_ink_map
from digitpad.reader.pipeline import Reader
from digitpad.resources import line_model_path, model_path
from digitpad.results import CLASSES, read

#: Points a different model file to check (e.g. a freshly exported one, or a
#: missing path to see the failure); the bundled model otherwise.
MODEL_ENV = "DIGITPAD_SELFTEST_MODEL"

EXIT_PASSED, EXIT_FAILED = 0, 1

Strokes = tuple[tuple[tuple[float, float], ...], ...]


def _ellipse(
    cx: float, cy: float, rx: float, ry: float, n: int = 28
) -> tuple[tuple[float, float], ...]:
    angles = np.linspace(-np.pi / 2, 3 * np.pi / 2, n + 1)
    return tuple((cx + rx * float(np.cos(a)), cy + ry * float(np.sin(a))) for a in angles)


#: Clear, unambiguous digits as a person draws them on the pad (100x100, y down).
DIGITS: dict[int, Strokes] = {
    0: (_ellipse(50, 50, 26, 40),),
    1: (((38, 24), (52, 10), (52, 90)),),
    4: (((32, 10), (24, 58), (78, 58)), ((64, 12), (64, 92))),
    7: (((18, 14), (82, 14), (42, 92)),),
}

#: Digits also checked as pictures (the ink rendered with Pillow, dark on white).
PICTURES = (0, 7)

#: A number checked as a picture, read by the number reader and by the line model alone.
NUMBER = "1047"

#: A doodle that must be answered "not a digit" (a ten-class model reads it as a 2).
ZIGZAG: Strokes = (((10, 20), (30, 80), (50, 20), (70, 80), (90, 20), (95, 70)),)


@dataclass(frozen=True)
class Check:
    name: str
    #: The digit expected; None for "not a digit".
    expected: int | None
    found: int | None
    confidence: float

    @property
    def passed(self) -> bool:
        return self.found == self.expected


def digit_ink(digit: int) -> Ink:
    return Ink.from_lists(DIGITS[digit], width=100, height=100)


def digit_picture(digit: int, side: int = 160, pen: int = 9) -> Image.Image:
    """The built-in ink drawn as a photo-like picture: dark ink on light paper, with margins."""
    picture = Image.new("L", (side, side), 235)
    draw = ImageDraw.Draw(picture)
    scale, margin = (side * 0.7) / 100, side * 0.15
    for stroke in DIGITS[digit]:
        points = [(margin + x * scale, margin + y * scale) for x, y in stroke]
        draw.line(points, fill=30, width=pen, joint="curve")
    return picture


def run_checks(recognizer: Recognizer) -> list[Check]:
    """Every built-in digit as ink, some as pictures, and a doodle, through the real preprocessing."""
    named: list[tuple[str, int | None, np.ndarray]] = [
        (f"drawn {digit}", digit, ink_to_array(digit_ink(digit))) for digit in DIGITS
    ]
    named += [
        (f"picture of {digit}", digit, image_to_array(digit_picture(digit))) for digit in PICTURES
    ]
    if getattr(recognizer, "model_classes", CLASSES) == CLASSES:  # a ten-class model cannot refuse
        named.append(("zig-zag", None, ink_to_array(Ink.from_lists(ZIGZAG, width=100, height=100))))
    probabilities = recognizer.predict_batch(np.stack([array for _, _, array in named]))
    checks = []
    for (name, expected, _), row in zip(named, probabilities, strict=True):
        answer = read(row)
        checks.append(Check(name, expected, answer.digit, answer.confidence))
    return checks


def number_picture(number: str = NUMBER, side: int = 120, pen: int = 7) -> Image.Image:
    """The built-in ink of ``number``'s digits side by side, drawn as a picture."""
    gap = side // 8
    width = round(len(number) * (side * 0.6 + gap) + 2 * gap)
    picture = Image.new("L", (width, side + 2 * gap), 235)
    draw = ImageDraw.Draw(picture)
    scale = side / 100
    for index, digit in enumerate(number):
        left = gap + index * (side * 0.6 + gap) - 0.2 * side
        for stroke in DIGITS[int(digit)]:
            points = [(left + x * scale, gap + y * scale) for x, y in stroke]
            draw.line(points, fill=30, width=pen, joint="curve")
    return picture


def check_line_model(recognizer: Recognizer, stream: TextIO) -> bool:
    """The bundled line model is there and reads a picture of a number; one report line."""
    try:
        line_model = load_bundled_line_model()
        if line_model is None:
            print("FAILED: the line model is missing (numbers in pictures read worse)", file=stream)
            return False
        picture = number_picture()
        line = line_array(erased_ink_map(picture))
        alone = best_path(line_model.log_probabilities(line))
        number = Reader(recognizer, line_model).read_number_picture(picture).number
    except DigitpadError as error:
        print(f"FAILED: line model: {error}", file=stream)
        return False
    passed = alone == number == NUMBER
    verdict = "ok" if passed else f"WRONG (expected {NUMBER})"
    print(
        f"  number {NUMBER:<7} read as {number}, by the line model alone {alone}  {verdict}",
        file=stream,
    )
    return passed


def run_self_test(stream: TextIO, model: str | Path | None = None) -> int:
    """Check the model on the built-in digits; print a report to ``stream``; 0 = all right.

    ``model`` (or ``$DIGITPAD_SELFTEST_MODEL``) selects another model file;
    by default it is the bundled one, found as the app finds it.
    """
    chosen = model if model is not None else os.environ.get(MODEL_ENV) or None
    path = Path(chosen) if chosen is not None else model_path()
    print(f"digitpad {__version__} self-test", file=stream)
    print(f"model: {path}", file=stream)
    try:
        recognizer = load_recognizer(path)
        checks = run_checks(recognizer)
    except DigitpadError as error:
        print(f"FAILED: {error}", file=stream)
        return EXIT_FAILED
    print(f"line model: {line_model_path()}", file=stream)
    numbers_read = check_line_model(recognizer, stream)
    verdict = report(checks, stream)
    return verdict if numbers_read else EXIT_FAILED


def report(checks: list[Check], stream: TextIO) -> int:
    """Print one line a check and the verdict; 0 only when every digit was read right."""
    for check in checks:
        verdict = "ok" if check.passed else f"WRONG (expected {_name(check.expected)})"
        print(
            f"  {check.name:<14} read as {_name(check.found)} ({check.confidence:6.1%})  {verdict}",
            file=stream,
        )
    right = sum(check.passed for check in checks)
    if checks and right == len(checks):
        print(f"passed: all {right} drawings read right", file=stream)
        return EXIT_PASSED
    print(f"FAILED: {len(checks) - right} of {len(checks)} drawings read wrong", file=stream)
    return EXIT_FAILED


def _name(answer: int | None) -> str:
    return "not a digit" if answer is None else str(answer)
