"""What the window can open (files, clipboard, drops) turned into model input and a view.

All reading and image maths happen in :mod:`digitpad.picture_files`,
:mod:`digitpad.ink` and :mod:`digitpad.preprocess`; this module only moves
data between them and Qt (a Pillow picture to a QImage for display, a
clipboard QImage to PNG bytes for Pillow) and decides what a drop means.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QUrl
from PySide6.QtGui import QImage

from digitpad.errors import DigitpadError, InputError
from digitpad.ink import INK_SUFFIX, Ink, is_ink_path, load_ink
from digitpad.input_files import expand_paths
from digitpad.photo_writing import PhotoCrop, photo_page
from digitpad.picture_files import image_extensions, open_image
from digitpad.preprocess import ink_to_array, picture_array

#: Opened pictures are shown at most this large (longest side); the pad is smaller.
DISPLAY_SIDE = 2048


@dataclass(frozen=True)
class Opened:
    """A readable input: the model's array, plus ink (editable) or a picture (shown)."""

    name: str
    array: np.ndarray
    ink: Ink | None = None
    picture: QImage | None = None
    #: The picture as read (Pillow), for reading it as a number.
    image: Image.Image | None = None
    #: What the reader reads of it (a photo evened out and cropped), made once here.
    page: PhotoCrop | None = None


def open_path(path: str | Path) -> Opened:
    """Read an ink file or a picture; raises :class:`~digitpad.errors.DigitpadError` in plain words."""
    path = Path(path)
    if is_ink_path(path):
        ink = load_ink(path)
        return Opened(path.name, ink_to_array(ink), ink=ink)
    return _picture(open_image(path), path.name)


def open_bytes(data: bytes, name: str = "the pasted picture") -> Opened:
    return _picture(open_image(data), name)


def open_qimage(image: QImage, name: str = "the pasted picture") -> Opened:
    """A picture from the clipboard or a drop, read through the same Pillow path as files."""
    if image.isNull():
        raise InputError("The clipboard picture is empty.")
    return open_bytes(qimage_to_png(image), name)


def _picture(image: Image.Image, name: str) -> Opened:
    page = photo_page(image)
    array = picture_array(page.image)
    return Opened(name, array, picture=pil_to_qimage(image, array), image=image, page=page)


def qimage_to_png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs want bytes; only str works
    buffer.close()
    return bytes(data.data())


def pil_to_qimage(image: Image.Image, fallback: np.ndarray | None = None) -> QImage:
    """A display copy of a picture (at most DISPLAY_SIDE); the model's input if Pillow cannot convert it."""
    try:
        shown = image.copy()
        shown.thumbnail((DISPLAY_SIDE, DISPLAY_SIDE))
        rgba = shown.convert("RGBA")
    except (ValueError, OSError):
        if fallback is None:
            return QImage()
        pixels = np.ascontiguousarray(255 - np.clip(fallback, 0, 1) * 255, dtype=np.uint8)
        height, width = pixels.shape
        return QImage(pixels.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
    data = rgba.tobytes()
    return QImage(
        data, rgba.width, rgba.height, 4 * rgba.width, QImage.Format.Format_RGBA8888
    ).copy()


def file_dialog_filter() -> str:
    """Filters for the Open dialog: everything readable first, then pictures, then ink."""
    pictures = " ".join(f"*{ext}" for ext in image_extensions())
    ink = f"*{INK_SUFFIX}"
    return ";;".join(
        (
            f"Pictures and drawings ({pictures} {ink})",
            f"Pictures ({pictures})",
            f"digitpad drawings ({ink})",
            "All files (*)",
        )
    )


@dataclass(frozen=True)
class Candidates:
    """What a drop or a paste offers, in the order to try it."""

    paths: tuple[Path, ...] = ()
    problems: tuple[str, ...] = ()
    image: QImage | None = None


def candidates_from_mime(mime: QMimeData) -> Candidates:
    """Files first (folders expanded), then an image; web addresses and plain text explained."""
    problems: list[str] = []
    paths: list[Path] = []
    if mime.hasUrls():
        urls: list[QUrl] = list(mime.urls())
        local = [url.toLocalFile() for url in urls if url.isLocalFile()]
        if len(local) < len(urls):
            problems.append("Only files on this computer can be opened, not web addresses.")
        for path, problem in expand_paths(local):
            if problem is not None:
                problems.append(f"{path.name or path}: {problem}")
            else:
                paths.append(path)
    elif mime.hasText() and not mime.hasImage():
        text = mime.text().strip()
        candidate = Path(QUrl(text).toLocalFile() if text.startswith("file:") else text)
        if text and "\n" not in text and _exists(candidate):
            paths.extend(path for path, problem in expand_paths([candidate]) if problem is None)
            if not paths:
                problems.append(f"{candidate.name}: nothing readable there.")
        else:
            problems.append("That is text, not a picture. Drop or paste a picture or an ink file.")
    image = None
    if mime.hasImage():
        data = mime.imageData()
        if isinstance(data, QImage) and not data.isNull():
            image = data
    return Candidates(tuple(paths), tuple(problems), image)


def _exists(path: Path) -> bool:
    try:
        return len(str(path)) < 4096 and path.exists()
    except (OSError, ValueError):
        return False


def iter_openable(candidates: Candidates) -> Iterator[tuple[str, Opened | DigitpadError]]:
    """Each candidate opened in turn (or the reason it could not be), files before the image."""
    for path in candidates.paths:
        try:
            yield path.name, open_path(path)
        except DigitpadError as error:  # told to the user; the next candidate is tried
            yield path.name, error
    if candidates.image is not None:
        try:
            yield "the dropped picture", open_qimage(candidates.image, "the dropped picture")
        except DigitpadError as error:
            yield "the dropped picture", error
