"""Phone photos of handwriting on paper, rendered from the project's own data.

A person photographs a number written on a sheet with a ballpoint or a
felt-tip: the sheet may be plain, squared (a printed grid, often finer than
the digits) or ruled; the light falls off towards a side or the corners, a
hand or the phone casts a soft shadow, the white balance tints the paper, the
phone blurs a little, adds sensor noise and saves a JPEG of 900-4000 pixels
across, turned by a few degrees and seen a little askew. This module makes
such pictures from strokes (UNIPEN pen digits) or from ink maps (USPS scans,
CAR-A amounts), so that the picture path can be measured against the same
handwriting read from its ink (``python -m training.evaluate_photos``).

The model of light is multiplicative, as a camera sees paper: pixel =
illumination x reflectance, where the reflectance holds the paper, its
printed lines and the ink. Every choice is drawn from ``rng``, so a seed
makes the same photo again.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from digitpad.ink import Ink

Paper = Literal["plain", "grid", "ruled"]
Light = Literal["even", "linear", "radial", "shadow"]
PAPERS: tuple[Paper, ...] = ("plain", "grid", "ruled")
LIGHTS: tuple[Light, ...] = ("even", "linear", "radial", "shadow")
Pen = Literal["ballpoint", "felt"]


@dataclass(frozen=True)
class PhotoStyle:
    """What one photo looks like: the paper, the light, the pen and the camera.

    ``digit_height`` is the height of the writing as a share of the picture's
    height; the rest are the usual ranges of a phone photo.
    """

    paper: Paper
    light: Light
    pen: Pen
    width: int
    digit_height: float
    rotation: float
    quality: int
    blur: float
    noise: float
    seed: int

    @classmethod
    def draw(
        cls,
        rng: np.random.Generator,
        paper: Paper | None = None,
        light: Light | None = None,
        width: int | None = None,
    ) -> PhotoStyle:
        """A style drawn at random, with ``paper``, ``light`` and ``width`` fixed when given."""
        return cls(
            paper=paper or PAPERS[int(rng.integers(len(PAPERS)))],
            light=light or LIGHTS[int(rng.integers(len(LIGHTS)))],
            pen="ballpoint" if rng.random() < 0.6 else "felt",
            width=width or int(rng.integers(900, 4001)),
            digit_height=float(rng.uniform(0.06, 0.25)),
            rotation=float(rng.uniform(-10, 10)),
            quality=int(rng.integers(60, 91)),
            blur=float(rng.uniform(0.0, 1.2)),
            noise=float(rng.uniform(0.005, 0.03)),
            seed=int(rng.integers(2**31)),
        )

    @classmethod
    def cycled(cls, rng: np.random.Generator, index: int) -> PhotoStyle:
        """The style of the ``index``-th photo of a set: the paper changes every photo and
        the light every three, so any twelve in a row meet every paper under every light;
        the rest is drawn at random."""
        return cls.draw(
            rng, paper=PAPERS[index % len(PAPERS)], light=LIGHTS[index // 3 % len(LIGHTS)]
        )


# ----------------------------------------------------------------------------- paper


def _paper_colour(rng: np.random.Generator) -> np.ndarray:
    """White to cream or grey paper (reflectance per RGB channel)."""
    level = float(rng.uniform(0.8, 0.97))
    tint = rng.uniform(-0.04, 0.02, 3) + np.array([0.02, 0.01, -0.02])
    return np.clip(level + tint, 0.0, 1.0).astype(np.float32)


def _printed_lines(
    shape: tuple[int, int], paper: Paper, spacing: float, rng: np.random.Generator
) -> np.ndarray:
    """Coverage (0-1) of the printed grid or rules, at the photo's resolution."""
    height, width = shape
    lines = Image.new("L", (width, height), 0)
    if paper == "plain":
        return np.zeros(shape, np.float32)
    draw = ImageDraw.Draw(lines)
    thickness = max(1, round(width / int(rng.integers(1500, 3000))))
    strength = int(rng.integers(90, 220))
    offset = float(rng.uniform(0, spacing))
    y = offset
    while y < height:
        draw.line([(0, round(y)), (width, round(y))], fill=strength, width=thickness)
        y += spacing
    if paper == "grid":
        x = float(rng.uniform(0, spacing))
        while x < width:
            draw.line([(round(x), 0), (round(x), height)], fill=strength, width=thickness)
            x += spacing
    elif rng.random() < 0.5:  # a ruled sheet's margin line
        x = round(width * float(rng.uniform(0.05, 0.2)))
        draw.line([(x, 0), (x, height)], fill=strength, width=thickness + 1)
    return np.asarray(lines, dtype=np.float32) / 255.0


def _line_colour(paper: Paper, rng: np.random.Generator) -> np.ndarray:
    """Light blue, grey or green printing (what the line absorbs of each channel)."""
    choices = np.array([[0.45, 0.25, 0.05], [0.3, 0.3, 0.3], [0.35, 0.15, 0.35], [0.1, 0.45, 0.5]])
    return choices[int(rng.integers(len(choices)))].astype(np.float32)


# ------------------------------------------------------------------------------- ink


def _pen_colour(rng: np.random.Generator) -> np.ndarray:
    """What the ink absorbs of each channel: black, blue or dark blue-black."""
    choices = np.array([[0.88, 0.88, 0.86], [0.85, 0.7, 0.3], [0.9, 0.85, 0.6]])
    return choices[int(rng.integers(len(choices)))].astype(np.float32)


def stroke_coverage(
    ink: Ink, shape: tuple[int, int], box: tuple[float, float, float, float], pen_width: float
) -> np.ndarray:
    """The strokes drawn into ``box`` (x0, y0, x1, y1) of a canvas of ``shape``, as coverage.

    The ink keeps its proportions: it is scaled to the box's height and
    centred in its width. Drawn at twice the size and shrunk, for smooth edges.
    """
    height, width = shape
    points = ink.points[:, :2]
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.maximum(high - low, 1e-9)
    x0, y0, x1, y1 = box
    scale = min((y1 - y0) / span[1], (x1 - x0) / span[0])
    left = x0 + ((x1 - x0) - span[0] * scale) / 2
    top = y0 + ((y1 - y0) - span[1] * scale) / 2
    canvas = Image.new("L", (width * 2, height * 2), 0)
    draw = ImageDraw.Draw(canvas)
    line = max(2, round(pen_width * 2))
    for stroke in ink.strokes:
        xy = ((stroke[:, :2] - low) * scale + [left, top]) * 2
        coords = [(float(x), float(y)) for x, y in xy]
        if len(coords) == 1:
            coords = coords * 2
        draw.line(coords, fill=255, width=line, joint="curve")
        for x, y in (coords[0], coords[-1]):
            draw.ellipse([x - line / 2, y - line / 2, x + line / 2, y + line / 2], fill=255)
    small = canvas.resize((width, height), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float32) / 255.0


def raster_coverage(
    ink_map: np.ndarray, shape: tuple[int, int], box: tuple[float, float, float, float]
) -> np.ndarray:
    """An ink map (1 = ink) scaled into ``box`` of a canvas of ``shape``, keeping proportions."""
    x0, y0, x1, y1 = box
    scale = min((y1 - y0) / ink_map.shape[0], (x1 - x0) / ink_map.shape[1])
    size = (max(1, round(ink_map.shape[1] * scale)), max(1, round(ink_map.shape[0] * scale)))
    scaled = Image.fromarray(ink_map.astype(np.float32), mode="F").resize(
        size, Image.Resampling.BICUBIC
    )
    canvas = np.zeros(shape, np.float32)
    left = round(x0 + ((x1 - x0) - size[0]) / 2)
    top = round(y0 + ((y1 - y0) - size[1]) / 2)
    canvas[top : top + size[1], left : left + size[0]] = np.clip(np.asarray(scaled), 0, 1)
    return canvas


# ----------------------------------------------------------------------------- light


def illumination(shape: tuple[int, int], light: Light, rng: np.random.Generator) -> np.ndarray:
    """How much light reaches each pixel (about 0.35-1): even, a linear fall-off towards one
    side, a radial vignette, or a soft-edged shadow band across the page."""
    height, width = shape
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    xs /= width
    ys /= height
    exposure = float(rng.uniform(0.85, 1.0))
    field = np.full(shape, exposure, np.float32)
    if light == "linear":
        angle = float(rng.uniform(0, 2 * np.pi))
        ramp = np.cos(angle) * xs + np.sin(angle) * ys
        ramp = (ramp - ramp.min()) / max(float(ramp.max() - ramp.min()), 1e-9)
        field *= 1.0 - float(rng.uniform(0.3, 0.6)) * ramp
    elif light == "radial":
        cx, cy = rng.uniform(0.3, 0.7, 2)
        radius = ((xs - cx) ** 2 + (ys - cy) ** 2) / 0.5
        field *= 1.0 - float(rng.uniform(0.3, 0.6)) * np.clip(radius, 0, 1.5)
    elif light == "shadow":
        angle = float(rng.uniform(0, 2 * np.pi))
        distance = np.cos(angle) * (xs - 0.5) + np.sin(angle) * (ys - 0.5)
        edge = float(rng.uniform(-0.3, 0.3))
        softness = float(rng.uniform(0.005, 0.08))
        shade = 1.0 / (1.0 + np.exp(-(distance - edge) / softness))
        if rng.random() < 0.5:  # a band (a finger, the phone) rather than a half-plane
            far = edge + float(rng.uniform(0.1, 0.35))
            shade = shade * (1.0 - 1.0 / (1.0 + np.exp(-(distance - far) / softness)))
        field *= 1.0 - float(rng.uniform(0.3, 0.55)) * shade
        field *= 1.0 - float(rng.uniform(0.0, 0.3)) * xs  # shadows rarely come alone
    return field


def _cast(rng: np.random.Generator) -> np.ndarray:
    """The white balance's tint: warm lamp, cool daylight or neutral."""
    casts = np.array([[1.0, 1.0, 1.0], [1.0, 0.92, 0.78], [0.9, 0.95, 1.0], [1.0, 0.97, 0.9]])
    return casts[int(rng.integers(len(casts)))].astype(np.float32)


# ---------------------------------------------------------------------------- camera


def _perspective(
    image: Image.Image, rotation: float, fill: tuple[int, int, int], rng: np.random.Generator
) -> tuple[Image.Image, np.ndarray]:
    """Turn by ``rotation`` degrees and look a little askew (corners moved up to 4%); the
    sheet fills the frame, so what comes into view at the edges is more paper (``fill``)."""
    width, height = image.size
    theta = np.deg2rad(rotation)
    centre = np.array([width / 2, height / 2])
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float64)
    turned = (corners - centre) @ np.array(
        [[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]
    ) + centre
    moved = turned + rng.uniform(-0.04, 0.04, (4, 2)) * [width, height]
    # Pillow maps each output pixel back to the input: solve output corners -> input corners.
    rows, rhs = [], []
    for (x, y), (u, v) in zip(corners, moved, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    coefficients = np.linalg.solve(np.array(rows), np.array(rhs))
    moved_image = image.transform(
        image.size,
        Image.Transform.PERSPECTIVE,
        tuple(float(c) for c in coefficients),
        resample=Image.Resampling.BILINEAR,
        fillcolor=fill,
    )
    return moved_image, np.append(coefficients, 1.0).reshape(3, 3)


def photograph(coverage: np.ndarray, style: PhotoStyle, spacing: float) -> bytes:
    """The JPEG a phone makes of ink ``coverage`` on paper of ``style``.

    ``spacing`` is the printed lines' pitch in pixels (the squares or rules).
    """
    return photograph_mapped(coverage, style, spacing)[0]


def photograph_mapped(
    coverage: np.ndarray, style: PhotoStyle, spacing: float
) -> tuple[bytes, np.ndarray]:
    """:func:`photograph`, and the 3x3 homography that takes a point of ``coverage`` to
    where it lies in the photo (a page's truth boxes follow their numbers)."""
    rng = np.random.default_rng(style.seed)
    shape = coverage.shape
    lines = _printed_lines((shape[0], shape[1]), style.paper, spacing, rng)
    paper = _paper_colour(rng)
    reflectance = np.broadcast_to(paper, (*shape, 3)).copy()
    reflectance *= 1.0 - lines[..., None] * _line_colour(style.paper, rng)
    strength = float(rng.uniform(0.75, 1.0)) if style.pen == "ballpoint" else 1.0
    reflectance *= 1.0 - (coverage * strength)[..., None] * _pen_colour(rng)
    picture = Image.fromarray((np.clip(reflectance, 0, 1) * 255).astype(np.uint8), mode="RGB")
    fill = tuple(round(float(c) * 255) for c in paper)
    picture, to_canvas = _perspective(picture, style.rotation, fill, rng)  # type: ignore[arg-type]
    # The page is seen through the camera: light, tint, blur, noise, then JPEG.
    light = illumination((shape[0], shape[1]), style.light, rng)
    pixels = np.asarray(picture, dtype=np.float32) / 255.0
    pixels = pixels * light[..., None] * _cast(rng)
    picture = Image.fromarray((np.clip(pixels, 0, 1) * 255).astype(np.uint8), mode="RGB")
    if style.blur > 0.3:
        picture = picture.filter(ImageFilter.GaussianBlur(style.blur))
    noisy = np.asarray(picture, dtype=np.float32) + rng.normal(0, style.noise * 255, (*shape, 3))
    picture = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8), mode="RGB")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=style.quality)
    return buffer.getvalue(), np.linalg.inv(to_canvas)


# ------------------------------------------------------------------------- the pages


def _page(style: PhotoStyle, aspect: float) -> tuple[tuple[int, int], tuple[float, ...], float]:
    """The canvas, the writing's box on it and the printed lines' pitch.

    The writing is ``digit_height`` of the picture's height tall and at most
    85% of its width wide (shrunk to fit), placed at random on the page.
    """
    rng = np.random.default_rng(style.seed + 1)
    width = style.width
    height = round(width * 0.75)
    tall = style.digit_height * height
    wide = tall * aspect
    if wide > 0.85 * width:
        tall *= 0.85 * width / wide
        wide = 0.85 * width
    x0 = float(rng.uniform(0.05 * width, width - wide - 0.05 * width))
    y0 = float(rng.uniform(0.08 * height, height - tall - 0.08 * height))
    # Squares of 0.4-1.2 of a digit's height; rules 1.2-2 heights apart.
    pitch = tall * float(rng.uniform(0.4, 1.2) if style.paper == "grid" else rng.uniform(1.2, 2.0))
    return (height, width), (x0, y0, x0 + wide, y0 + tall), max(pitch, 8.0)


def ink_photo(ink: Ink, style: PhotoStyle, lines: int = 1) -> bytes:
    """A phone photo of ``ink`` (strokes) written on a sheet of ``style``.

    ``lines``: how many lines of writing the ink holds (a page of text): the pen's
    width follows one line's height, as a pen's does, not the whole writing's.
    """
    points = ink.points[:, :2]
    span = np.maximum(points.max(axis=0) - points.min(axis=0), 1e-9)
    shape, box, pitch = _page(style, float(span[0] / span[1]))
    tall = (box[3] - box[1]) / max(1, lines)
    share = 0.035 if style.pen == "ballpoint" else 0.08
    rng = np.random.default_rng(style.seed + 2)
    pen = max(1.2, tall * share * float(rng.uniform(0.7, 1.3)))
    coverage = stroke_coverage(ink, shape, box, pen)  # type: ignore[arg-type]
    return photograph(coverage, style, pitch)


def raster_photo(ink_map: np.ndarray, style: PhotoStyle) -> bytes:
    """A phone photo of an ink map (1 = ink: a scan's digits, a cheque's amount) on a sheet."""
    shape, box, pitch = _page(style, ink_map.shape[1] / ink_map.shape[0])
    coverage = raster_coverage(ink_map, shape, box)  # type: ignore[arg-type]
    return photograph(coverage, style, pitch)


def scribbled_text(lines: int, words: int, rng: np.random.Generator) -> Ink:
    """``lines`` lines of ``words`` joined-up "words" (runs of loops, as cursive writing
    looks from afar): a page of text for the photo tests, with no letters data set.

    Each word is one stroke of 3-8 loops a line's height tall; lines are 1.8 heights
    apart and drift a little, as handwriting does.
    """
    strokes = []
    for line in range(lines):
        x = 0.0
        baseline = line * 180.0 + float(rng.normal(0, 8))
        for _ in range(words):
            loops = int(rng.integers(3, 9))
            t = np.linspace(0.0, 2 * np.pi * loops, 24 * loops)
            width = float(rng.uniform(25, 45))
            tall = float(rng.uniform(35, 100))
            xs = x + t / (2 * np.pi) * width + 0.4 * width * np.sin(t)
            ys = baseline - tall / 2 * (1 - np.cos(t)) + 0.05 * (xs - x)
            strokes.append(np.column_stack([xs, ys]))
            x = float(xs.max()) + float(rng.uniform(40, 80))
    return Ink(tuple(strokes))
