"""Virtual screens for the offscreen platform: any size, any number, at any place.

Qt's offscreen platform reads its screens from a JSON file named in
``QT_QPA_PLATFORM`` (``offscreen:configfile=FILE``); with none it has one
800 x 800 screen, smaller than any desktop. ``QT_SCALE_FACTOR`` then scales
them as a desktop's display scaling does (1400 x 900 at 1.5: 933 x 600
logical pixels).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

#: (left, top, width, height) of each screen, in device pixels.
Screen = tuple[int, int, int, int]


def offscreen_platform(*screens: Screen, folder: Path | None = None) -> str:
    """A ``QT_QPA_PLATFORM`` value for the offscreen platform with these screens."""
    config = {
        "screens": [
            {"name": f"screen{i}", "x": x, "y": y, "width": w, "height": h, "dpr": 1}
            for i, (x, y, w, h) in enumerate(screens)
        ]
    }
    where = folder if folder is not None else Path(tempfile.mkdtemp(prefix="digitpad-screens-"))
    path = where / "screens.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return f"offscreen:configfile={path}"
