"""The bundled sample digits (resources/samples): real pen digits as ink and as pictures."""

from __future__ import annotations

from pathlib import Path

from digitpad.resources import resource_path

SAMPLES = resource_path("resources", "samples")
NAMES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def sample(digit: int, suffix: str = ".png") -> Path:
    """The sample of ``digit``: ``.png`` (a picture) or ``.ink.json`` (strokes)."""
    return SAMPLES / f"{NAMES[digit]}{suffix}"
