"""Opening picture files safely, with a plain-words reason for every refusal.

People open whatever is at hand: photos with EXIF rotation, transparent PNGs,
animated GIFs, 16-bit scans, files with the wrong extension, half-downloaded
JPEGs. This module turns all of that into one loaded Pillow image, or an
:class:`~digitpad.errors.InputError` whose message can be shown as it is.
Pure Pillow: no Qt.
"""

from __future__ import annotations

import errno
import io
import os
import struct
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from digitpad.errors import InputError
from digitpad.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file

#: Largest picture we decode: about a 48-megapixel photo. A "decompression bomb"
#: declares far more in its header; it is refused before any pixel is decoded.
MAX_PIXELS = 50_000_000
MAX_SIDE = 20_000
#: A file larger than this is not a digit picture anyone drew.
MAX_FILE_BYTES = 200 * 1024 * 1024

#: A progressive JPEG is decoded in scans, each a pass over the whole picture,
#: and a file may declare any number (50,000 empty scans decode for minutes). The
#: scans times the pixels are bounded: about 40 scans of a 50-megapixel picture or
#: 160 of a 12-megapixel photo, a few seconds at most, where encoders write about 10.
MAX_JPEG_SCAN_PIXELS = 2_000_000_000

#: The formats that are decoded, all by Pillow itself (its own Python code or the
#: libraries it is built with). Pillow's other plugins stay off: EPS and PostScript
#: would run Ghostscript, an outside interpreter with no bound on time or memory,
#: and the rest are formats nobody holds a handwritten digit in. MPO is the JPEG of
#: AVIF is only offered where Pillow is built with it (JPEG also opens a phone's MPO).
PICTURE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "DIB", "TIFF", "WEBP", "PSD", "ICO", "PPM", "AVIF")

ImageSource = str | os.PathLike[str] | bytes | Image.Image


def picture_formats() -> tuple[str, ...]:
    """The formats of :data:`PICTURE_FORMATS` that this Pillow can open."""
    Image.init()
    return tuple(fmt for fmt in PICTURE_FORMATS if fmt in Image.OPEN)


def image_extensions() -> list[str]:
    """File extensions of the formats that are read (lower case, with the dot), for file dialogs."""
    allowed = picture_formats()
    return sorted(ext for ext, fmt in Image.registered_extensions().items() if fmt in allowed)


def _sniff(head: bytes) -> str | None:
    """Name a common non-image format from its first bytes, for a friendlier refusal."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"%pdf"):
        return "This is a PDF document, not a picture. Export the page as PNG or JPEG."
    if text.startswith(b"%!") or head.startswith(b"\xc5\xd0\xd3\xc6"):
        return "PostScript and EPS drawings are not supported. Export it as PNG and open that."
    if b"<svg" in text[:1024]:
        return "SVG drawings are not supported. Export it as PNG and open that."
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "This is a web page (HTML), not a picture."
    if text.startswith((b"{", b"[")):
        return "This is a JSON text file, not a picture."
    if head and all(32 <= b < 127 or b in b"\t\r\n" for b in head[:512]):
        return "This is a text file, not a picture."
    return None


#: First bytes of the picture formats people mostly have: a file that starts like
#: one of these but cannot be identified was cut short or damaged, not a stranger.
_IMAGE_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
)


def _looks_like_image(head: bytes) -> bool:
    return head.startswith(_IMAGE_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


def _read_error(error: OSError) -> InputError:
    if isinstance(error, FileNotFoundError):
        return InputError("The file does not exist.")
    if isinstance(error, IsADirectoryError):
        return InputError("That is a folder, not a picture.")
    if isinstance(error, PermissionError):
        return InputError("Permission denied: the file cannot be read.")
    if error.errno == errno.ELOOP:
        return InputError("The path is a loop of symbolic links.")
    return InputError(f"The file cannot be read ({error.strerror or error}).")


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file only (never a device or a FIFO), at most MAX_FILE_BYTES."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except NotRegularFileError as error:
        raise InputError(f"This is {error.what}, not a picture file.") from None
    except FileTooLargeError as error:
        raise InputError(
            f"The file is too large to be a digit picture ({error.size / 1e6:.0f} MB)."
        ) from None
    except OSError as error:
        raise _read_error(error) from None
    except ValueError:  # a NUL byte in the name
        raise InputError("The file name is not valid.") from None


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width < 1 or height < 1:
        raise InputError("The picture has no pixels.")
    if width > MAX_SIDE or height > MAX_SIDE:
        raise InputError(
            f"The picture is too large ({width:,} x {height:,} pixels); "
            f"the limit is {MAX_SIDE:,} pixels a side."
        )
    if width * height > MAX_PIXELS:
        raise InputError(
            f"The picture is too large ({width:,} x {height:,} pixels); "
            f"the limit is {MAX_PIXELS / 1e6:.0f} megapixels."
        )


def _check_scans(image: Image.Image, data: bytes) -> None:
    """Refuse a JPEG whose scans would take too long to decode (see MAX_JPEG_SCAN_PIXELS).

    Counts start-of-scan markers (FF DA) in the bytes, from the header alone:
    inside compressed data a FF byte is always followed by 00 or a restart
    marker, so each FF DA starts a scan (or lies in a metadata block, which can
    only over-count).
    """
    if image.format not in ("JPEG", "MPO"):
        return
    scans = data.count(b"\xff\xda")
    width, height = image.size
    limit = max(1, MAX_JPEG_SCAN_PIXELS // (width * height))
    if scans > limit:
        raise InputError(
            f"The JPEG is stored in {scans:,} scans, too many to decode "
            f"(the limit at {width:,} x {height:,} pixels is {limit:,})."
        )


def _first_frame(image: Image.Image) -> None:
    """Go to the first frame: 0 for most formats, 1 for a PSD (its frame 0 is no layer)."""
    first = getattr(image, "_min_frame", 0)
    if image.tell() != first:
        image.seek(first)


def _check_pixels(image: Image.Image) -> None:
    """A float picture (32-bit TIFF) must hold numbers: inf or NaN has no brightness."""
    if image.mode == "F" and not np.all(np.isfinite(np.asarray(image))):
        raise InputError("The picture holds pixels that are not numbers (infinite or NaN).")


def open_image(source: ImageSource) -> Image.Image:
    """Open, size-check, decode the first frame of, and upright a picture.

    The size is checked from the header, before decoding, so a file that
    declares a gigantic canvas costs nothing.
    """
    if isinstance(source, Image.Image):
        _check_size(source)
        return source
    data = source if isinstance(source, bytes) else _read_bytes(Path(source))
    if not data:
        raise InputError("The file is empty (0 bytes).")
    try:
        with warnings.catch_warnings():
            # Pillow's remarks on odd files (corrupt EXIF, short TIFF reads) are not for
            # the user's terminal; a file that cannot be decoded raises below anyway.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=picture_formats())
            _check_size(image)
            _check_scans(image, data)
            _draft_large_jpeg(image)
            _first_frame(image)
            image.load()
            _check_pixels(image)
    except InputError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError("The picture is too large (it declares a gigantic size).") from None
    except UnidentifiedImageError:
        if _looks_like_image(data[:16]):
            raise InputError("The picture file is damaged or incomplete.") from None
        raise InputError(
            _sniff(data[:2048]) or "This is not a picture format that can be read."
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error):
        raise InputError("The picture file is damaged or incomplete.") from None
    except MemoryError:
        raise InputError("The picture is too large to open.") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            upright = ImageOps.exif_transpose(image)
    except Exception:  # noqa: BLE001 - a broken EXIF block must not cost the picture
        upright = image
    return upright if upright is not None else image


#: A large JPEG is decoded at a half, a quarter or an eighth of its size (Pillow's draft
#: mode, which skips the finest detail in the decoder itself: 4-10x faster) as long as its
#: longer side keeps DRAFT_LONG pixels and its shorter side DRAFT_SHORT. That is twice
#: what any reading of it uses (a photo's page is worked on at 1,600 px; a number at 400 px
#: high), so nothing read is lost.
DRAFT_LONG = 1600
DRAFT_SHORT = 800
#: ``image.info`` key holding a drafted picture's size in the file.
FULL_SIZE = "digitpad.full_size"


def _draft_large_jpeg(image: Image.Image) -> None:
    """Ask the JPEG decoder for a reduced picture where nothing read is lost (see DRAFT_LONG)."""
    if image.format != "JPEG":
        return
    width, height = image.size
    scale = max(DRAFT_LONG / max(width, height), DRAFT_SHORT / min(width, height))
    if scale >= 0.5:
        return
    requested = (max(1, round(width * scale)), max(1, round(height * scale)))
    if image.draft(image.mode, requested) is not None:
        image.info[FULL_SIZE] = (width, height)


def full_size(image: Image.Image) -> tuple[int, int]:
    """The picture's size in its file: larger than ``image.size`` when it was decoded in
    draft mode. Boxes given back to the user are in these pixels."""
    size = image.info.get(FULL_SIZE)
    return (int(size[0]), int(size[1])) if size else image.size
