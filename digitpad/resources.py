"""Finding bundled files (model, icons, samples) from source and from a frozen build.

Everything the app ships is found through :func:`resource_path`, never through
the working directory, so digitpad runs the same from any folder, from a
source checkout and from the PyInstaller bundle (whose files live under
``sys._MEIPASS``).
"""

from __future__ import annotations

import sys
from pathlib import Path

#: The project root in a source checkout (``digitpad/..``).
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def resource_root() -> Path:
    """The folder holding ``models/`` and ``resources/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else _SOURCE_ROOT


def resource_path(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``resource_path("models", "digitpad.tflite")``."""
    return resource_root().joinpath(*parts)


def model_path() -> Path:
    """The bundled LiteRT model."""
    return resource_path("models", "digitpad.tflite")


def keras_model_path() -> Path:
    """The Keras source-of-truth model (present in a source checkout, not in the bundle)."""
    return resource_path("models", "digitpad.keras")


def model_card_path() -> Path:
    return resource_path("models", "model_card.json")
