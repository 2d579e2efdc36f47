"""Finding shipped files (model, icons, desktop entry, samples) wherever digitpad runs.

Everything the app ships is found through :func:`resource_path`, never through
the working directory. Three ways to run digitpad, one layout: a folder that
holds ``models/`` and ``resources/`` as they are in the repository.

* a source checkout (or an editable install): the project root, ``digitpad/..``;
* an installed wheel: ``digitpad/_data/`` inside the package, which the build
  (``setup.py``) fills from the top-level ``models/`` and ``resources/`` at
  build time, so ``models/`` stays the one place training writes to;
* the PyInstaller bundle: ``sys._MEIPASS`` (``build.spec`` ships the same files).

:data:`SHIPPED` is the one list of those files; ``setup.py`` and ``build.spec``
both read it, so the wheel and the bundle cannot drift apart.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
#: The project root in a source checkout (``digitpad/..``).
_SOURCE_ROOT = _PACKAGE.parent
#: Where a built wheel keeps the shipped files (absent from the source tree).
PACKAGE_DATA = "_data"

#: What the app needs at run time, as globs relative to the project root. Training files
#: (``models/digitpad.keras``, the plots) are deliberately not here: the app never reads them.
SHIPPED: tuple[str, ...] = (
    "models/digitpad.tflite",
    "models/model_card.json",
    "models/digitpad-lines.tflite",
    "models/digitpad-lines.json",
    "resources/icon.png",
    "resources/icons/digitpad-*.png",
    "resources/digitpad.desktop",
    "resources/samples/*.png",
    "resources/samples/*.ink.json",
)


def resource_root() -> Path:
    """The folder holding ``models/`` and ``resources/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    installed = _PACKAGE / PACKAGE_DATA
    if installed.is_dir():
        return installed
    return _SOURCE_ROOT


def resource_path(*parts: str) -> Path:
    """Path of a shipped file, e.g. ``resource_path("models", "digitpad.tflite")``."""
    return resource_root().joinpath(*parts)


def shipped_files(root: Path) -> list[Path]:
    """The files of :data:`SHIPPED` under ``root`` (a project root), sorted; for the builds."""
    return sorted({path for pattern in SHIPPED for path in root.glob(pattern) if path.is_file()})


def model_path() -> Path:
    """The bundled LiteRT model."""
    return resource_path("models", "digitpad.tflite")


def keras_model_path() -> Path:
    """The Keras source-of-truth model (present in a source checkout, not in the bundle)."""
    return resource_path("models", "digitpad.keras")


def model_card_path() -> Path:
    return resource_path("models", "model_card.json")


def line_model_path() -> Path:
    """The bundled line model (LiteRT), which judges a picture's whole row of digits."""
    return resource_path("models", "digitpad-lines.tflite")


def line_model_card_path() -> Path:
    return resource_path("models", "digitpad-lines.json")
