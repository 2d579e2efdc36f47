"""WCAG 2.1 contrast on plain RGB triples: how far apart two colours are, and how to get apart enough.

WCAG 2.1 asks 4.5:1 for text and 3:1 for the graphics a person needs to
read (outlines, bars, a heat map's hot parts). Themes are not ours to pick
(a dark or high-contrast system palette), so the window takes the theme's
colour and, where it falls short, moves it towards black or white just far
enough (:func:`with_contrast`). Free of Qt so the arithmetic is tested on
numbers alone.
"""

from __future__ import annotations

RGB = tuple[int, int, int]

#: WCAG 2.1 success criterion 1.4.3: text and images of text.
TEXT_CONTRAST = 4.5
#: WCAG 2.1 success criterion 1.4.11: graphical objects and parts of controls.
GRAPHICS_CONTRAST = 3.0

_BLACK: RGB = (0, 0, 0)
_WHITE: RGB = (255, 255, 255)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: RGB) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour: 0 for black, 1 for white."""
    red, green, blue = (_linear(c) for c in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: RGB, second: RGB) -> float:
    """WCAG 2.1 contrast ratio, 1 (same) to 21 (black on white); order does not matter."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def composite(colour: RGB, alpha: float, background: RGB) -> RGB:
    """``colour`` at opacity ``alpha`` painted over ``background``: the colour the eye gets."""
    share = min(1.0, max(0.0, alpha))
    mixed = (round(c * share + b * (1 - share)) for c, b in zip(colour, background, strict=True))
    return (next(mixed), next(mixed), next(mixed))


def with_contrast(colour: RGB, background: RGB, minimum: float) -> RGB:
    """``colour`` itself if it stands out from ``background`` by ``minimum``, else the least
    change towards black or white that does (the direction away from the background first).

    When neither black nor white reaches ``minimum`` (a mid-grey background
    and 4.5:1 is still reachable one way), the better of the two extremes.
    """
    if contrast_ratio(colour, background) >= minimum:
        return colour
    dark_background = relative_luminance(background) < 0.5
    ends = (_WHITE, _BLACK) if dark_background else (_BLACK, _WHITE)
    for end in ends:
        if contrast_ratio(end, background) < minimum:
            continue
        low, high = 0.0, 1.0  # share of ``end`` mixed in: find the smallest that is enough
        for _ in range(20):
            middle = (low + high) / 2
            if contrast_ratio(composite(end, middle, colour), background) >= minimum:
                high = middle
            else:
                low = middle
        return composite(end, high, colour)
    return max(ends, key=lambda end: contrast_ratio(end, background))
