"""Make the app icon's platform files from the one source image, ``resources/icon.png``.

    python resources/make_icons.py           # icon.ico, icon.icns, icons/digitpad-N.png
    python resources/make_icons.py --redraw  # first draw icon.png again, then the above

Every icon file derives from ``icon.png`` (512x512), so a new design is one
edit; the outputs are committed so a build needs no extra step. ``--redraw``
re-creates the source drawing (a pen digit on a pad, with a little
probability chart): the design lives in code rather than in an editor file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "icon.png"
SIDE = 512
#: Sizes Windows picks from an .ico (taskbar, title bar, Explorer views).
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
#: Sizes for the Linux hicolor theme and for Qt's window icon.
PNG_SIZES = [16, 32, 48, 64, 128, 256]

BACKGROUND = (33, 47, 74, 255)
PAD = (246, 244, 238, 255)
INK = (28, 36, 52, 255)
BAR = (150, 163, 186, 255)
ACCENT = (56, 178, 120, 255)


def draw_source() -> Image.Image:
    """The icon, drawn at 4x and reduced: Pillow's only anti-aliasing for shapes."""
    s = 4
    side = SIDE * s
    image = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((16 * s, 16 * s, 496 * s, 496 * s), radius=96 * s, fill=BACKGROUND)
    # The pad: a sheet of paper with a hand-drawn 2.
    draw.rounded_rectangle((72 * s, 64 * s, 440 * s, 352 * s), radius=36 * s, fill=PAD)
    stroke = [
        (176, 148),
        (196, 116),
        (236, 100),
        (278, 108),
        (300, 136),
        (296, 172),
        (262, 214),
        (214, 262),
        (178, 300),
        (240, 298),
        (312, 296),
        (338, 300),
    ]
    points = [(x * s, y * s) for x, y in stroke]
    width = 30 * s
    draw.line(points, fill=INK, width=width, joint="curve")
    for x, y in (points[0], points[-1]):
        r = width / 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=INK)
    # The chart: ten bars, the recognised digit's the tallest.
    heights = [6, 10, 86, 14, 4, 8, 5, 18, 9, 6]
    left, bottom, bar, gap = 92, 452, 24, 8
    for digit, height in enumerate(heights):
        x0 = (left + digit * (bar + gap)) * s
        colour = ACCENT if digit == 2 else BAR
        top = bottom - max(height, 6)
        draw.rounded_rectangle((x0, top * s, x0 + bar * s, bottom * s), radius=5 * s, fill=colour)
    return image.reduce(s)


def make_outputs(source: Image.Image) -> list[Path]:
    """Write the .ico, .icns and the PNG sizes next to the source; return their paths."""
    source = source.convert("RGBA")
    written = []
    ico = HERE / "icon.ico"
    source.save(ico, sizes=[(n, n) for n in ICO_SIZES])
    written.append(ico)
    icns = HERE / "icon.icns"
    source.save(icns)
    written.append(icns)
    folder = HERE / "icons"
    folder.mkdir(exist_ok=True)
    for n in PNG_SIZES:
        path = folder / f"digitpad-{n}.png"
        source.resize((n, n), Image.Resampling.LANCZOS).save(path, optimize=True)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redraw", action="store_true", help="draw icon.png again first")
    args = parser.parse_args()
    if args.redraw:
        draw_source().save(SOURCE, optimize=True)
        print(f"drew {SOURCE.relative_to(HERE.parent)}")
    with Image.open(SOURCE) as source:
        if source.size != (SIDE, SIDE):
            raise SystemExit(f"{SOURCE.name} must be {SIDE}x{SIDE}, not {source.size}")
        for path in make_outputs(source):
            print(f"wrote {path.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
