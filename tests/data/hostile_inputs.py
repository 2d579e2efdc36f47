"""Files a careless or hostile sender makes, built on the fly (issue 28's thirteen cases).

Each builder writes its file into a test's own folder and returns the path to
give the command; the reasons the refusals must contain live with the tests.
Nothing here is committed as a file: a FIFO, a device or a 9.8 MB ink file
are made when a test needs them.
"""

from __future__ import annotations

import io
import json
import os
import struct
from pathlib import Path

import numpy as np
from PIL import Image

from tests.data.bad_inputs import digit_picture

#: An EPS whose PostScript never ends: Ghostscript would loop on it for ever.
EPS_LOOP = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n{} loop\n"
#: PostScript that allocates without end (Ghostscript reached 2.6 GB), named .png.
PS_ALLOCATING = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"
    b"/a [] def { /a [ a aload pop 1 ] def } loop\n"
)


def many_scan_jpeg(side: int, scans: int) -> bytes:
    """A progressive JPEG whose last scan is repeated ``scans`` times: valid, endless to decode."""
    buffer = io.BytesIO()
    Image.new("L", (side, side), 255).save(buffer, "JPEG", progressive=True, quality=90)
    data = buffer.getvalue()
    last = data.rfind(b"\xff\xda")
    scan = data[last:-2]  # the header of the last scan and its entropy-coded data
    return data[:-2] + scan * scans + b"\xff\xd9"


def float_tiff(infinite: str) -> bytes:
    """A 32-bit float TIFF of a stroke on white paper, with infinities in it.

    ``"both"``: +inf and -inf in two corners; ``"positive"``: the stroke itself is +inf.
    """
    pixels = np.ones((64, 64), np.float32)
    pixels[10:54, 30:35] = 0.0
    if infinite == "both":
        pixels[0, 0], pixels[0, 1] = np.inf, -np.inf
    else:
        pixels[10:54, 30:35] = np.inf
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="F").save(buffer, "TIFF")
    return buffer.getvalue()


def psd(pixels: np.ndarray) -> bytes:
    """A valid Photoshop file (8-bit grey, no layers, raw data) that Pillow opens."""
    height, width = pixels.shape
    header = (
        b"8BPS" + struct.pack(">H", 1) + b"\0" * 6 + struct.pack(">HIIHH", 1, height, width, 8, 1)
    )
    empty_sections = struct.pack(">III", 0, 0, 0)  # colour mode, resources, layers
    return header + empty_sections + struct.pack(">H", 0) + pixels.astype(np.uint8).tobytes()


def digit_psd() -> bytes:
    return psd(np.asarray(digit_picture(120)))


def tall_png() -> bytes:
    """A white picture one pixel wide and 100,000 high: beyond the side limit, not the area."""
    buffer = io.BytesIO()
    Image.new("L", (1, 100_000), 255).save(buffer, "PNG")
    return buffer.getvalue()


def ink_text(strokes: object, **extra: object) -> str:
    return json.dumps({**extra, "strokes": strokes})


def long_number_ink(digits: int, where: str = "x") -> str:
    """An ink file with a ``digits``-digit integer as a coordinate or as the width."""
    number = "1" + "0" * (digits - 1)
    if where == "width":
        return f'{{"width": {number}, "strokes": [[[10, 10], [50, 90]]]}}'
    return f'{{"strokes": [[[{number}, 10], [50, 90]]]}}'


def one_point_strokes(count: int) -> str:
    """``count`` strokes of one point each, compact (a million take 12 MB)."""
    return '{"strokes":[' + ",".join(f"[[{i % 1000},{i // 1000}]]" for i in range(count)) + "]}"


def long_stroke(points: int) -> str:
    rng = np.random.default_rng(5)
    xy = np.round(rng.uniform(0, 100, (points, 2)), 1).tolist()
    return ink_text([xy])


def seven_ink_text() -> str:
    return ink_text([[[30, 25], [90, 25], [50, 100]]], width=120, height=120)


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def damaged_model(source: Path, target: Path) -> Path:
    """The bundled model with a run of its weights overwritten by NaN: it loads, answers NaN."""
    data = bytearray(source.read_bytes())
    start = (len(data) // 2) // 4 * 4
    data[start : start + 4096] = np.full(1024, np.nan, np.float32).tobytes()
    target.write_bytes(bytes(data))
    return target
