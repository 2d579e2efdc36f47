"""What every build of digitpad must carry, written out file by file.

The builds take their files from ``digitpad.resources.SHIPPED`` (``setup.py`` for the
wheel, ``build.spec`` for the bundle) and the sdist from ``MANIFEST.in``. A check that
took its expectation from the same list would pass a file left out of it, so the
packaging tests and ``tests/test_resources.py`` compare against this one instead: a new
run-time file is added here on purpose, and one dropped from a build fails.
"""

from __future__ import annotations

from tests.data.samples import NAMES

#: The run-time files, relative to the project root (as in the repository).
RUNTIME_FILES: frozenset[str] = frozenset(
    {
        "models/digitpad.tflite",
        "models/model_card.json",
        "models/digitpad-lines.tflite",
        "models/digitpad-lines.json",
        "resources/icon.png",
        "resources/digitpad.desktop",
        *(f"resources/icons/digitpad-{size}.png" for size in (16, 32, 48, 64, 128, 256)),
        *(
            f"resources/samples/{name}{suffix}"
            for name in NAMES
            for suffix in (".png", ".ink.json")
        ),
    }
)
