"""Bad files as people meet them, built on the fly so no junk is committed.

Each case is written into a test's own temporary folder and carries the words
its refusal must contain, so the image, input and command-line tests all check
the same files and the same plain-words reasons.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

#: Side of the "decompression bomb" PNG: its header declares 60000 x 60000
#: pixels (3.6 gigapixels, 3.6 GB as 8-bit grey) over a few bytes of data.
BOMB_SIDE = 60_000


@dataclass(frozen=True)
class BadCase:
    name: str
    #: Regular expression the one-line refusal must match.
    reason: str


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = BOMB_SIDE, height: int = BOMB_SIDE) -> bytes:
    """A valid-looking PNG whose IHDR declares a gigantic 8-bit grey canvas."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(b"\0" * 4096))
        + png_chunk(b"IEND", b"")
    )


def digit_picture(size: int = 120, mode: str = "L") -> Image.Image:
    """A plain dark '7' on white paper: something that does read as a digit."""
    image = Image.new("L", (size, size), 255)
    s = size / 120
    ImageDraw.Draw(image).line(
        [(30 * s, 25 * s), (90 * s, 25 * s), (50 * s, 100 * s)],
        fill=0,
        width=max(1, round(9 * s)),
        joint="curve",
    )
    return image.convert(mode)


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def noise_png(size: int = 200) -> bytes:
    """Incompressible pixels, so that cutting the file in half cuts into the image data."""
    pixels = np.random.default_rng(7).integers(0, 256, (size, size), dtype=np.uint8)
    return encoded(Image.fromarray(pixels), "PNG")


#: File name -> (content, refusal). Names carry image extensions on purpose:
#: the content, not the name, must decide.
BAD_FILES: dict[str, tuple[bytes, BadCase]] = {}


def _add(name: str, content: bytes, reason: str) -> None:
    BAD_FILES[name] = (content, BadCase(name, reason))


_add("zero-bytes.png", b"", r"empty \(0 bytes\)")
_add("notes.png", b"Buy milk.\nCall Ann about the 7.\n", r"text file, not a picture")
_add("page.jpg", b"<!DOCTYPE html>\n<html><body>404 Not Found</body></html>", r"web page \(HTML\)")
_add(
    "scan.png",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    r"PDF document",
)
_add("data.png", b'{"digit": 7}', r"JSON text file")
_add("truncated.png", noise_png()[:20_000], r"damaged or incomplete")
_add(
    "truncated.jpg",
    encoded(digit_picture(400, "RGB"), "JPEG", quality=95)[:600],
    r"damaged or incomplete",
)
_add("header-only.png", noise_png()[:40], r"damaged or incomplete")
_add("random.jpg", np.random.default_rng(3).bytes(4096), r"not a picture format that can be read")
_add("bomb.png", bomb_png(), r"too large")
_add("wide-bomb.png", bomb_png(25_000, 2), r"too large")
_add(
    "drawing.svg",
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<path d="M1 1 L9 9"/></svg>',
    r"SVG drawings are not supported",
)
_add("drawing-svg.png", b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>', r"SVG")

#: Blank pictures: readable, but there is nothing to read.
BLANK_PICTURES: dict[str, Image.Image] = {
    "white.png": Image.new("L", (64, 64), 255),
    "black.png": Image.new("L", (64, 64), 0),
    "grey.png": Image.new("RGB", (64, 48), (128, 128, 128)),
    "one-pixel.png": Image.new("L", (1, 1), 0),
    "clear.png": Image.new("RGBA", (64, 64), (0, 0, 0, 0)),
    "faint.png": Image.fromarray(
        np.full((64, 64), 200, np.uint8) + (np.eye(64, dtype=np.uint8) * 5)
    ),
}
NO_DIGIT = r"[Nn]o digit found|[Nn]othing to read"


def write_bad_files(folder: Path) -> dict[str, BadCase]:
    """Write every bad file, plus a symlink loop and a folder posing as a picture."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = {}
    for name, (content, case) in BAD_FILES.items():
        (folder / name).write_bytes(content)
        cases[name] = case
    loop = folder / "loop.png"
    os.symlink(loop, loop)
    cases["loop.png"] = BadCase("loop.png", r"loop of symbolic links")
    (folder / "folder.png").mkdir()
    cases["folder.png"] = BadCase("folder.png", r"folder, not a picture")
    return cases


def write_blank_pictures(folder: Path) -> dict[str, BadCase]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, image in BLANK_PICTURES.items():
        image.save(folder / name)
    return {name: BadCase(name, NO_DIGIT) for name in BLANK_PICTURES}
