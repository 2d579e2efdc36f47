"""Reading the data sets: MNIST (IDX), UNIPEN pen digits, USPS scans, CAR-A cheque labels.

Where the data lives is never hard-coded: each loader takes a folder, and
:func:`data_dir` finds it from an option or the environment
(``DIGITPAD_DATA_DIR`` holding ``mnist/``, ``unipen-dev/``, ``usps/``, ``car-a/``; or
``DIGITPAD_MNIST_DIR`` etc. for one set). Pure numpy + Pillow, so the tests
use it too.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from PIL import Image

from digitpad.ink import Ink

DATA_ENV = "DIGITPAD_DATA_DIR"
SET_ENVS = {
    "mnist": "DIGITPAD_MNIST_DIR",
    "unipen-dev": "DIGITPAD_UNIPEN_DIR",
    "usps": "DIGITPAD_USPS_DIR",
    "car-a": "DIGITPAD_CAR_A_DIR",
}


def data_dir(name: str, option: str | os.PathLike[str] | None = None) -> Path | None:
    """Folder of data set ``name`` ("mnist", "unipen-dev", "usps", "car-a"), or None if not configured."""
    if option:
        return Path(option)
    specific = os.environ.get(SET_ENVS[name])
    if specific:
        return Path(specific)
    root = os.environ.get(DATA_ENV)
    if root and (Path(root) / name).is_dir():
        return Path(root) / name
    return None


def _idx(path: Path) -> np.ndarray:
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist(
    folder: str | os.PathLike[str] | None,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """((x_train, y_train), (x_test, y_test)); images float32 in [0, 1], ink bright.

    With no folder, Keras' own copy is used (downloaded once by Keras): a
    training-time convenience only, never used by the app.
    """
    if folder is None:
        import keras

        (xtr, ytr), (xte, yte) = keras.datasets.mnist.load_data()
    else:
        root = Path(folder)
        xtr = _idx(root / "train-images-idx3-ubyte.gz")
        ytr = _idx(root / "train-labels-idx1-ubyte.gz")
        xte = _idx(root / "t10k-images-idx3-ubyte.gz")
        yte = _idx(root / "t10k-labels-idx1-ubyte.gz")
    scale = np.float32(1 / 255)
    return (xtr.astype(np.float32) * scale, ytr.astype(np.int64)), (
        xte.astype(np.float32) * scale,
        yte.astype(np.int64),
    )


@dataclass(frozen=True)
class PenDigit:
    label: int
    source: str
    writer: str
    ink: Ink


@dataclass(frozen=True)
class PenLetter:
    letter: str
    source: str
    writer: str
    ink: Ink


#: A pen-written mark with its strokes: a digit or a letter.
Mark = TypeVar("Mark", PenDigit, PenLetter)


def writers_of(marks: Sequence[Mark], least: int) -> list[list[Mark]]:
    """Each writer's marks, in their order, for the writers with at least ``least`` of them
    (by the writer's name: the same draws pick the same writers on every run)."""
    by_writer: dict[str, list[Mark]] = {}
    for mark in marks:
        by_writer.setdefault(mark.writer, []).append(mark)
    return [by_writer[w] for w in sorted(by_writer) if len(by_writer[w]) >= least]


def _pen_rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def load_unipen(folder: str | os.PathLike[str]) -> list[PenDigit]:
    """The UNIPEN pen digits, as :class:`~digitpad.ink.Ink` (tablet units, y down)."""
    return [
        PenDigit(int(row["label"]), row["source"], row["writer"], Ink.from_lists(row["strokes"]))
        for row in _pen_rows(Path(folder) / "digits.jsonl.gz")
    ]


def load_letters(folder: str | os.PathLike[str]) -> list[PenLetter]:
    """The UNIPEN handwritten letters (what is not a digit), in the same units as the digits."""
    return [
        PenLetter(row["label"], row["source"], row["writer"], Ink.from_lists(row["strokes"]))
        for row in _pen_rows(Path(folder) / "letters.jsonl.gz")
    ]


def load_usps(folder: str | os.PathLike[str]) -> tuple[np.ndarray, np.ndarray]:
    """(images, labels): 16x16 float32 in [0, 1] with ink = 1, and int labels."""
    values = np.loadtxt(Path(folder) / "zip.train.gz", dtype=np.float32)
    labels = values[:, 0].astype(np.int64)
    images = (values[:, 1:].reshape(-1, 16, 16) + 1.0) / 2.0
    return images, labels


def car_a_labels(folder: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every row of CAR-A's ``labels.jsonl``, in file order (the split is by row index)."""
    lines = (Path(folder) / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def upscaled_on_margin(ink: np.ndarray, scale: int, margin: int) -> np.ndarray:
    """An ink map (1 = ink) enlarged ``scale`` times (bicubic) on a blank border ``margin`` wide."""
    height, width = ink.shape
    big = Image.fromarray((ink * 255).astype(np.uint8)).resize(
        (width * scale, height * scale), Image.Resampling.BICUBIC
    )
    canvas = np.zeros((height * scale + 2 * margin, width * scale + 2 * margin), np.float32)
    canvas[margin : -margin or None, margin : -margin or None] = np.asarray(big, np.float32) / 255.0
    return canvas


def usps_picture(image: np.ndarray, rng: np.random.Generator) -> bytes:
    """A USPS digit as the file a person might open: dark ink on white or grey
    paper, scaled up, with margins, a little noise and lighting, PNG or JPEG."""
    scale = int(rng.integers(3, 9))
    side = image.shape[0] * scale
    margin = int(rng.integers(side // 8, side // 2 + 1))
    return on_paper(upscaled_on_margin(image, scale, margin), rng)


def on_paper(canvas: np.ndarray, rng: np.random.Generator) -> bytes:
    """An ink map (1 = ink) as a picture file: dark ink on white or grey paper, with
    a lighting gradient, a little noise, PNG or JPEG."""
    paper = float(rng.uniform(0.72, 1.0))
    ink_level = float(rng.uniform(0.0, 0.3))
    gradient = np.linspace(0, float(rng.uniform(-0.15, 0.15)), canvas.shape[1])[None, :]
    picture = paper + gradient - canvas * (paper - ink_level)
    picture += rng.normal(0, float(rng.uniform(0.0, 0.05)), picture.shape)
    pixels = Image.fromarray((np.clip(picture, 0, 1) * 255).astype(np.uint8), mode="L")
    buffer = io.BytesIO()
    if rng.random() < 0.5:
        pixels.save(buffer, "JPEG", quality=int(rng.integers(40, 95)))
    else:
        pixels.save(buffer, "PNG")
    return buffer.getvalue()


def ink_box_crop(image: np.ndarray, threshold: float = 0.1) -> np.ndarray:
    """An ink map (1 = ink) cropped to the box of its ink: the digit touches every edge."""
    rows = np.flatnonzero(image.max(axis=1) > threshold)
    cols = np.flatnonzero(image.max(axis=0) > threshold)
    return image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def tight_picture(image: np.ndarray, rng: np.random.Generator) -> bytes:
    """A scanned digit cropped to its ink and saved small (16-40 px a side), as people
    find them in data sets and documents: 1-bit, grey or colour, BMP or PNG, either
    polarity, the ink covering a third to a half of the pixels or more."""
    crop = ink_box_crop(image)
    height, width = crop.shape
    side = int(rng.integers(16, 41))
    scale = side / max(height, width)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    ink = Image.fromarray((crop * 255).astype(np.uint8)).resize(size, Image.Resampling.BICUBIC)
    values = np.asarray(ink, np.float32) / 255.0
    kind = int(rng.integers(3))
    light_ink = rng.random() < 0.25  # white on black, as some scanners and data sets save
    if kind == 0:  # 1-bit
        bits = values > 0.45
        picture = Image.fromarray(bits if light_ink else ~bits).convert("1")
    else:
        paper, ink_level = float(rng.uniform(0.75, 1.0)), float(rng.uniform(0.0, 0.3))
        if light_ink:
            paper, ink_level = 1.0 - paper, 1.0 - ink_level
        grey = np.clip(paper + (ink_level - paper) * values, 0, 1)
        picture = Image.fromarray((grey * 255).astype(np.uint8), mode="L")
        if kind == 2:  # colour: a tinted pen on tinted paper
            tint = rng.uniform(0.7, 1.0, size=3)
            rgb = (np.asarray(picture, np.float32)[..., None] * tint).astype(np.uint8)
            picture = Image.fromarray(rgb, mode="RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "BMP" if rng.random() < 0.5 else "PNG")
    return buffer.getvalue()
