"""What the window can open: files, clipboard pictures and drops, turned into model input and a view."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from digitpad.errors import InputError, NoDigitError
from digitpad.gui.opened_inputs import (
    DISPLAY_SIDE,
    Candidates,
    Opened,
    candidates_from_mime,
    file_dialog_filter,
    iter_openable,
    open_path,
    open_qimage,
    pil_to_qimage,
    qimage_to_png,
)
from digitpad.ink import Ink, save_ink
from digitpad.preprocess import image_to_array, ink_to_array
from tests.data.bad_inputs import digit_picture

SEVEN = Ink.from_lists([[[10, 10], [60, 10], [30, 80]]], width=100, height=100)


@pytest.fixture(autouse=True)
def _app(qapp: QApplication) -> None:
    """QImage and QMimeData want a QGuiApplication."""


def qimage_of(image: Image.Image) -> QImage:
    return QImage.fromData(_png(image))


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# ------------------------------------------------------------------ opening


def test_open_ink_gives_editable_ink_and_no_picture(tmp_path: Path) -> None:
    path = tmp_path / "seven.ink.json"
    save_ink(SEVEN, path)
    opened = open_path(path)
    assert opened.name == "seven.ink.json"
    assert opened.picture is None
    assert opened.ink is not None
    np.testing.assert_array_equal(opened.array, ink_to_array(SEVEN))


def test_open_picture_gives_its_array_and_a_view(tmp_path: Path) -> None:
    path = tmp_path / "seven.png"
    digit_picture().save(path)
    opened = open_path(path)
    assert opened.ink is None
    np.testing.assert_array_equal(opened.array, image_to_array(digit_picture()))
    assert opened.picture is not None
    assert (opened.picture.width(), opened.picture.height()) == (120, 120)


def test_empty_clipboard_picture_is_refused() -> None:
    with pytest.raises(InputError, match="clipboard picture is empty"):
        open_qimage(QImage())


def test_clipboard_picture_reads_like_the_same_file() -> None:
    opened = open_qimage(qimage_of(digit_picture()))
    assert opened.name == "the pasted picture"
    np.testing.assert_array_equal(opened.array, image_to_array(digit_picture()))
    assert opened.picture is not None
    assert not opened.picture.isNull()


def test_blank_clipboard_picture_has_no_digit() -> None:
    with pytest.raises(NoDigitError):
        open_qimage(qimage_of(Image.new("L", (50, 50), 255)), "blank")


def test_qimage_to_png_keeps_every_pixel() -> None:
    image = QImage(3, 2, QImage.Format.Format_RGB32)
    image.fill(QColor(10, 200, 30))
    image.setPixelColor(2, 1, QColor(250, 0, 5))
    data = qimage_to_png(image)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    decoded = Image.open(io.BytesIO(data)).convert("RGB")
    assert decoded.size == (3, 2)
    assert decoded.getpixel((0, 0)) == (10, 200, 30)
    assert decoded.getpixel((2, 1)) == (250, 0, 5)


# ------------------------------------------------------------------ display


def test_display_copy_keeps_colour_and_transparency() -> None:
    image = Image.new("RGBA", (4, 3), (255, 255, 255, 0))
    image.putpixel((1, 2), (200, 10, 20, 255))
    shown = pil_to_qimage(image)
    assert (shown.width(), shown.height()) == (4, 3)
    assert shown.pixelColor(1, 2) == QColor(200, 10, 20, 255)
    assert shown.pixelColor(0, 0).alpha() == 0


def test_display_copy_is_at_most_display_side_and_keeps_the_original() -> None:
    image = Image.new("L", (DISPLAY_SIDE * 2, DISPLAY_SIDE // 2), 128)
    shown = pil_to_qimage(image)
    assert (shown.width(), shown.height()) == (DISPLAY_SIDE, DISPLAY_SIDE // 4)
    assert image.size == (DISPLAY_SIDE * 2, DISPLAY_SIDE // 2)


def test_picture_pillow_cannot_convert_is_shown_as_the_model_input() -> None:
    """Pillow cannot convert mode 'La' to RGBA; the view falls back to what the model reads."""
    unconvertible = Image.new("La", (8, 8))
    fallback = np.zeros((28, 28), np.float32)
    fallback[5:20, 10:14] = 1.0
    shown = pil_to_qimage(unconvertible, fallback)
    assert (shown.width(), shown.height()) == (28, 28)
    assert shown.format() == QImage.Format.Format_Grayscale8
    assert shown.pixelColor(12, 10) == QColor(0, 0, 0)  # ink dark
    assert shown.pixelColor(0, 0) == QColor(255, 255, 255)  # paper white
    # The copy owns its pixels: changing the array afterwards changes nothing.
    fallback[:] = 1.0
    assert shown.pixelColor(0, 0) == QColor(255, 255, 255)


def test_picture_pillow_cannot_convert_without_fallback_is_a_null_view() -> None:
    assert pil_to_qimage(Image.new("La", (8, 8))).isNull()


# ------------------------------------------------------------ open dialog


def test_file_dialog_filter_lists_everything_readable_first() -> None:
    filters = file_dialog_filter().split(";;")
    patterns = []
    for entry in filters:
        match = re.fullmatch(r"[\w ]+ \(([^()]+)\)", entry)
        assert match, entry
        patterns.append(match.group(1).split())
    everything, pictures, inks, anything = patterns
    assert {"*.png", "*.jpg", "*.jpeg", "*.gif", "*.bmp", "*.webp"} <= set(pictures)
    assert inks == ["*.ink.json"]
    assert everything == pictures + inks
    assert anything == ["*"]


# ---------------------------------------------------------- drops / pastes


def text_mime(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    return mime


@pytest.mark.parametrize("as_url", [False, True], ids=["path", "file-url"])
def test_text_naming_a_picture_offers_that_file(tmp_path: Path, as_url: bool) -> None:
    path = tmp_path / "seven.png"
    digit_picture().save(path)
    text = QUrl.fromLocalFile(str(path)).toString() if as_url else f"  {path}\n"
    candidates = candidates_from_mime(text_mime(text))
    assert candidates == Candidates(paths=(path,))


def test_text_naming_a_folder_offers_its_pictures(tmp_path: Path) -> None:
    for name in ("b.png", "a.ink.json", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    candidates = candidates_from_mime(text_mime(str(tmp_path)))
    assert candidates.paths == (tmp_path / "a.ink.json", tmp_path / "b.png")
    assert candidates.problems == ()


def test_text_naming_a_folder_with_nothing_readable_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    candidates = candidates_from_mime(text_mime(str(folder)))
    assert candidates.paths == ()
    assert candidates.problems == ("notes: nothing readable there.",)


@pytest.mark.parametrize(
    "text",
    [
        "seven",
        "a\0b.png",  # not a path the OS can be asked about (ValueError)
        "x" * 300 + ".png",  # a name too long for the OS (OSError)
        "/" + "d/" * 2100,  # longer than any path
        "line one\nline two",
    ],
    ids=["word", "nul", "long-name", "long-path", "lines"],
)
def test_text_that_is_not_a_file_is_explained(text: str) -> None:
    candidates = candidates_from_mime(text_mime(text))
    assert candidates.paths == ()
    assert candidates.image is None
    [problem] = candidates.problems
    assert problem.startswith("That is text, not a picture.")


def test_image_alone_is_offered() -> None:
    mime = QMimeData()
    mime.setImageData(qimage_of(digit_picture()))
    candidates = candidates_from_mime(mime)
    assert candidates.paths == ()
    assert candidates.problems == ()
    assert candidates.image is not None
    assert (candidates.image.width(), candidates.image.height()) == (120, 120)


def test_image_with_its_caption_offers_the_image_without_complaint() -> None:
    """Browsers put a picture's alt text beside the picture; the picture wins."""
    mime = text_mime("a seven")
    mime.setImageData(qimage_of(digit_picture()))
    candidates = candidates_from_mime(mime)
    assert candidates.image is not None
    assert candidates.problems == ()


def test_null_image_offers_nothing() -> None:
    mime = QMimeData()
    mime.setImageData(QImage())
    assert candidates_from_mime(mime) == Candidates()


def test_web_address_beside_a_file_keeps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "seven.png"
    digit_picture().save(path)
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/7.png"), QUrl.fromLocalFile(str(path))])
    candidates = candidates_from_mime(mime)
    assert candidates.paths == (path,)
    assert candidates.problems == ("Only files on this computer can be opened, not web addresses.",)


def test_each_candidate_is_opened_or_explained_files_first(tmp_path: Path) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"junk")
    good = tmp_path / "good.png"
    digit_picture().save(good)
    candidates = Candidates(paths=(bad, good), image=qimage_of(digit_picture(60)))
    results = list(iter_openable(candidates))
    assert [name for name, _ in results] == ["bad.png", "good.png", "the dropped picture"]
    assert isinstance(results[0][1], InputError)
    opened = results[1][1]
    assert isinstance(opened, Opened)
    np.testing.assert_array_equal(opened.array, image_to_array(good))
    dropped = results[2][1]
    assert isinstance(dropped, Opened)
    assert dropped.name == "the dropped picture"
    np.testing.assert_array_equal(dropped.array, image_to_array(digit_picture(60)))


def test_a_blank_dropped_picture_is_explained_not_raised() -> None:
    blank = qimage_of(Image.new("L", (40, 40), 255))
    [(name, result)] = list(iter_openable(Candidates(image=blank)))
    assert name == "the dropped picture"
    assert isinstance(result, NoDigitError)


def test_a_fifo_or_device_dropped_or_opened_is_refused_like_on_the_command_line(
    tmp_path: Path,
) -> None:
    import os

    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match=r"^This is a named pipe \(FIFO\), not a picture file\.$"):
        open_path(fifo)
    mime = QMimeData()
    urls = [QUrl.fromLocalFile(str(fifo))]
    if os.path.exists("/dev/zero"):
        urls.append(QUrl.fromLocalFile("/dev/zero"))
    mime.setUrls(urls)
    said = [str(result) for _, result in iter_openable(candidates_from_mime(mime))]
    assert said[0] == "This is a named pipe (FIFO), not a picture file."
    assert said[1:] in ([], ["This is a device, not a picture file."])
