"""Reading the data sets: MNIST (IDX), UNIPEN pen digits, USPS scans.

Where the data lives is never hard-coded: each loader takes a folder, and
:func:`data_dir` finds it from an option or the environment
(``DIGITPAD_DATA_DIR`` holding ``mnist/``, ``unipen-dev/``, ``usps/``; or
``DIGITPAD_MNIST_DIR`` etc. for one set). Pure numpy + Pillow, so the tests
use it too.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from digitpad.ink import Ink

DATA_ENV = "DIGITPAD_DATA_DIR"
SET_ENVS = {
    "mnist": "DIGITPAD_MNIST_DIR",
    "unipen-dev": "DIGITPAD_UNIPEN_DIR",
    "usps": "DIGITPAD_USPS_DIR",
}


def data_dir(name: str, option: str | os.PathLike[str] | None = None) -> Path | None:
    """Folder of data set ``name`` ("mnist", "unipen-dev", "usps"), or None if not configured."""
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


def load_unipen(folder: str | os.PathLike[str]) -> list[PenDigit]:
    """The UNIPEN pen digits, as :class:`~digitpad.ink.Ink` (tablet units, y down)."""
    digits = []
    with gzip.open(Path(folder) / "digits.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            ink = Ink.from_lists(row["strokes"])
            digits.append(PenDigit(int(row["label"]), row["source"], row["writer"], ink))
    return digits


def load_usps(folder: str | os.PathLike[str]) -> tuple[np.ndarray, np.ndarray]:
    """(images, labels): 16x16 float32 in [0, 1] with ink = 1, and int labels."""
    values = np.loadtxt(Path(folder) / "zip.train.gz", dtype=np.float32)
    labels = values[:, 0].astype(np.int64)
    images = (values[:, 1:].reshape(-1, 16, 16) + 1.0) / 2.0
    return images, labels


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
    paper = float(rng.uniform(0.72, 1.0))
    ink_level = float(rng.uniform(0.0, 0.3))
    canvas = upscaled_on_margin(image, scale, margin)
    width = canvas.shape[1]
    gradient = np.linspace(0, float(rng.uniform(-0.15, 0.15)), width)[None, :]
    picture = paper + gradient - canvas * (paper - ink_level)
    picture += rng.normal(0, float(rng.uniform(0.0, 0.05)), picture.shape)
    pixels = Image.fromarray((np.clip(picture, 0, 1) * 255).astype(np.uint8), mode="L")
    buffer = io.BytesIO()
    if rng.random() < 0.5:
        pixels.save(buffer, "JPEG", quality=int(rng.integers(40, 95)))
    else:
        pixels.save(buffer, "PNG")
    return buffer.getvalue()
