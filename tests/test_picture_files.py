"""Opening pictures: the odd files people really have, and every way a file can be bad.

Real files, written by Pillow or by hand into a temporary folder, go through
:func:`open_image` and the whole :func:`image_to_array` path. A refusal must be
an :class:`InputError` (or :class:`NoDigitError` for a blank picture) whose
message is one plain line.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from digitpad.errors import DigitpadError, InputError, NoDigitError
from digitpad.picture_files import image_extensions, open_image
from digitpad.preprocess import image_to_array
from tests.data.bad_inputs import (
    BAD_FILES,
    BLANK_PICTURES,
    NO_DIGIT,
    bomb_png,
    digit_picture,
    encoded,
    write_bad_files,
)
from tests.data.memory import refused_with_peak
from tests.data.privileges import run_unprivileged

EXIF_ORIENTATION = 0x0112


def assert_plain(error: BaseException, pattern: str) -> None:
    message = str(error)
    assert re.search(pattern, message), message
    assert "\n" not in message
    assert "Traceback" not in message
    assert "Errno" not in message


def test_extensions_cover_common_formats_and_not_svg() -> None:
    extensions = image_extensions()
    for ext in (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"):
        assert ext in extensions
    assert ".svg" not in extensions
    assert extensions == sorted(extensions)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"])
def test_open_image_from_path_and_bytes(tmp_path: Path, fmt: str) -> None:
    data = encoded(digit_picture(90, "RGB"), fmt)
    path = tmp_path / f"seven.{fmt.lower()}"
    path.write_bytes(data)
    for source in (path, str(path), data):
        image = open_image(source)
        assert image.size == (90, 90)
        assert image.getbbox() is not None  # decoded, not a lazy stub


def test_open_image_passes_a_pillow_image_through() -> None:
    image = digit_picture()
    assert open_image(image) is image


def test_a_pillow_image_beyond_the_limit_is_refused() -> None:
    with pytest.raises(InputError) as info:
        open_image(Image.new("1", (25_000, 2)))
    assert_plain(info.value, "too large")


# ------------------------------------------------------------- odd but valid


def _stroke_picture(
    points: list[tuple[int, int]], size: tuple[int, int] = (80, 120)
) -> Image.Image:
    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).line(points, fill=0, width=8, joint="curve")
    return image


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_exif_orientation_is_honoured(tmp_path: Path, orientation: int) -> None:
    """A phone photo is stored sideways with a tag saying how to turn it; we must turn it."""
    upright = _stroke_picture([(20, 20), (60, 20), (30, 100)]).convert("RGB")
    # exif_transpose undoes orientation 3/6/8 with ROTATE_180/270/90, so store the inverse.
    stored_as = {
        3: Image.Transpose.ROTATE_180,
        6: Image.Transpose.ROTATE_90,
        8: Image.Transpose.ROTATE_270,
    }
    stored = upright.transpose(stored_as[orientation])
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    path = tmp_path / "photo.jpg"
    stored.save(path, "JPEG", quality=95, exif=exif.tobytes())

    opened = open_image(path)
    assert opened.size == upright.size
    expected = image_to_array(upright)
    got = image_to_array(path)
    ignored = image_to_array(stored)
    assert np.abs(got - expected).mean() < 0.02
    assert np.abs(ignored - expected).mean() > 0.05  # the test would notice a lost tag


def test_broken_exif_does_not_cost_the_picture(tmp_path: Path) -> None:
    path = tmp_path / "odd-exif.jpg"
    digit_picture(100, "RGB").save(
        path, "JPEG", exif=b"Exif\x00\x00MM\x00*\x00\x00\x00\x08\xff\xff"
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert image_to_array(path).max() == pytest.approx(1.0)
    # Pillow's "Corrupt EXIF data" remark must not reach the user's terminal.
    assert [str(w.message) for w in caught] == []


def _frames() -> tuple[Image.Image, Image.Image]:
    seven = _stroke_picture([(20, 20), (60, 20), (30, 100)])
    one = _stroke_picture([(40, 15), (40, 105)])
    return seven, one


def test_animated_gif_reads_the_first_frame(tmp_path: Path) -> None:
    seven, one = _frames()
    path = tmp_path / "anim.gif"
    seven.save(path, save_all=True, append_images=[one], duration=100, loop=0)
    with Image.open(path) as check:
        assert check.n_frames == 2
    got = image_to_array(path)
    assert np.abs(got - image_to_array(seven)).max() < 0.02
    assert np.abs(got - image_to_array(one)).mean() > 0.05


def test_multi_page_tiff_reads_the_first_page(tmp_path: Path) -> None:
    seven, one = _frames()
    path = tmp_path / "pages.tiff"
    seven.save(path, save_all=True, append_images=[one])
    with Image.open(path) as check:
        assert check.n_frames == 2
    got = image_to_array(path)
    assert np.abs(got - image_to_array(seven)).max() < 0.02
    assert np.abs(got - image_to_array(one)).mean() > 0.05


def test_first_frame_even_when_the_image_was_left_on_another() -> None:
    seven, one = _frames()
    data = encoded(seven, "GIF", save_all=True, append_images=[one])
    image = Image.open(io.BytesIO(data))
    image.seek(1)
    assert np.abs(image_to_array(data) - image_to_array(seven)).max() < 0.02


def test_wrong_extension_with_real_picture_is_read(tmp_path: Path) -> None:
    """The content decides, not the name: a PNG saved as .jpg is still a digit."""
    path = tmp_path / "really-a-png.jpg"
    path.write_bytes(encoded(digit_picture(), "PNG"))
    assert image_to_array(path).shape == (28, 28)


def test_complete_png_missing_only_its_end_marker_is_read() -> None:
    """Pillow decodes all pixels before IEND; a file cut just there lost nothing and is read."""
    data = encoded(digit_picture(), "PNG")
    assert data.endswith(b"IEND\xaeB`\x82")
    np.testing.assert_array_equal(image_to_array(data[:-12]), image_to_array(data))


# -------------------------------------------------------------------- bad files


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, write_bad_files(folder)


BAD_NAMES = [*sorted(BAD_FILES), "loop.png", "folder.png"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_bad_file_is_refused_in_plain_words(bad_folder: tuple[Path, dict], name: str) -> None:
    folder, cases = bad_folder
    with pytest.raises(InputError) as info:
        image_to_array(folder / name)
    assert_plain(info.value, cases[name].reason)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_bytes_are_refused_in_plain_words(name: str) -> None:
    content, case = BAD_FILES[name]
    with pytest.raises(InputError) as info:
        image_to_array(content)
    assert_plain(info.value, case.reason)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        image_to_array(tmp_path / "gone.png")
    assert_plain(info.value, "does not exist")


def test_path_through_a_file_is_refused(tmp_path: Path) -> None:
    """``a.png/b.png``: the OS says 'not a directory'; the user gets a sentence, not errno."""
    parent = tmp_path / "a.png"
    parent.write_bytes(encoded(digit_picture(), "PNG"))
    with pytest.raises(InputError) as info:
        image_to_array(parent / "b.png")
    assert_plain(info.value, "cannot be read|does not exist")


def test_unreadable_file(open_tmp: Path) -> None:
    path = open_tmp / "locked.png"
    path.write_bytes(encoded(digit_picture(), "PNG"))
    code = f"result = image_to_array({str(path)!r}).shape"
    assert run_unprivileged(code)["result"] == [28, 28]  # readable: read
    path.chmod(0)
    refused = run_unprivileged(code)
    assert refused.get("error") == "InputError", refused
    assert_plain(InputError(refused["message"]), "^Permission denied")


def sparse_file(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that takes no disk: ``head``, then zeros (a hole)."""
    with path.open("wb") as handle:
        handle.write(head)
        handle.truncate(size)
    return path


def test_oversized_file_is_refused_unread(tmp_path: Path) -> None:
    """One byte over the limit, and not a picture: refused for its size, with nothing read.

    Had it been read (200 MB, counted by tracemalloc) or parsed ("not a picture
    format"), the peak or the reason would show it.
    """
    import digitpad.picture_files as images

    path = sparse_file(tmp_path / "big.png", images.MAX_FILE_BYTES + 1)
    error, peak = refused_with_peak(lambda: image_to_array(path), InputError)
    assert_plain(error, "too large")
    assert peak < 5_000_000


@pytest.mark.parametrize("name", sorted(BLANK_PICTURES))
def test_blank_picture_is_no_digit(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    BLANK_PICTURES[name].save(path)
    with pytest.raises(NoDigitError) as info:
        image_to_array(path)
    assert_plain(info.value, NO_DIGIT)


# ---------------------------------------------------------------- the bomb


def test_bomb_is_refused_without_allocating(tmp_path: Path) -> None:
    """A PNG declaring 60000 x 60000 pixels is refused from its header: Python memory stays low."""
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb_png())
    error, peak = refused_with_peak(lambda: image_to_array(path), InputError)
    assert_plain(error, "too large")
    assert peak < 5_000_000


def test_bomb_keeps_process_memory_low(tmp_path: Path) -> None:
    """Pillow's pixel buffers are invisible to tracemalloc, so measure a fresh process's peak RSS."""
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb_png())
    script = textwrap.dedent(
        """
        import resource, sys
        from digitpad.errors import InputError
        from digitpad.preprocess import image_to_array
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            image_to_array(sys.argv[1])
        except InputError as error:
            print("refused:", error)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("grew_kb", after - before)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "refused: The picture is too large" in result.stdout
    grew_kb = int(result.stdout.split("grew_kb")[1])
    # 60000^2 grey pixels would be 3.6 GB; refusing from the header costs next to nothing.
    assert grew_kb < 50_000, result.stdout


# ----------------------------------------------------------- property based

MODES = ["1", "L", "P", "LA", "RGB", "RGBA", "CMYK", "I;16", "I", "F"]


@st.composite
def random_pictures(draw: st.DrawFn) -> Image.Image:
    width = draw(st.integers(1, 70))
    height = draw(st.integers(1, 70))
    mode = draw(st.sampled_from(MODES))
    seed = draw(st.integers(0, 2**32 - 1))
    kind = draw(st.sampled_from(["noise", "flat", "shapes", "sparse"]))
    rng = np.random.default_rng(seed)
    if kind == "noise":
        pixels = rng.integers(0, 256, (height, width), dtype=np.uint8)
    elif kind == "flat":
        pixels = np.full((height, width), int(rng.integers(0, 256)), np.uint8)
    elif kind == "sparse":
        pixels = np.full((height, width), 255, np.uint8)
        pixels[rng.random((height, width)) < 0.01] = 0
    else:
        image = Image.new("L", (width, height), int(rng.integers(0, 256)))
        pen = ImageDraw.Draw(image)
        for _ in range(int(rng.integers(1, 5))):
            x0, x1 = sorted(rng.integers(0, width, 2).tolist())
            y0, y1 = sorted(rng.integers(0, height, 2).tolist())
            pen.rectangle((x0, y0, x1, y1), fill=int(rng.integers(0, 256)))
        pixels = np.asarray(image)
    image = Image.fromarray(pixels, "L")
    if mode == "I;16":
        return Image.fromarray(pixels.astype(np.uint16) * 257)
    if mode in ("LA", "RGBA"):
        image = image.convert(mode)
        alpha = rng.integers(0, 256, (height, width), dtype=np.uint8)
        image.putalpha(Image.fromarray(alpha if draw(st.booleans()) else 255 - pixels, "L"))
        return image
    return image.convert(mode)


def _outcome(source: object) -> np.ndarray | str:
    try:
        return image_to_array(source)  # type: ignore[arg-type]
    except DigitpadError as error:
        return str(error)


def _check_result(source: object) -> None:
    """A valid model input or a one-line refusal: nothing else may come out."""
    array = _outcome(source)
    if isinstance(array, str):
        assert array
        assert "\n" not in array
        return
    assert array.shape == (28, 28)
    assert array.dtype == np.float32
    assert np.all(np.isfinite(array))
    assert float(array.min()) >= 0.0
    assert float(array.max()) <= 1.0
    assert float(array.max()) > 0.0  # an empty frame is NoDigitError, never returned


@settings(max_examples=60, deadline=None)
@given(picture=random_pictures())
def test_random_pictures_never_crash(picture: Image.Image) -> None:
    _check_result(picture)


@settings(max_examples=40, deadline=None)
@given(picture=random_pictures(), fmt=st.sampled_from(["PNG", "TIFF", "GIF", "BMP", "WEBP"]))
def test_random_picture_files_never_crash(picture: Image.Image, fmt: str) -> None:
    try:
        data = encoded(picture, fmt)
    except (OSError, ValueError, KeyError):
        return  # that format cannot store this mode; nothing to read back
    _check_result(data)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(min_size=0, max_size=600))
def test_random_bytes_never_crash(data: bytes) -> None:
    _check_result(data)


@settings(max_examples=40, deadline=None)
@given(cut=st.integers(0, 10_000), fmt=st.sampled_from(["PNG", "JPEG", "GIF", "TIFF", "WEBP"]))
def test_truncated_files_never_crash(cut: int, fmt: str) -> None:
    data = encoded(digit_picture(100, "RGB"), fmt)
    _check_result(data[: cut % (len(data) + 1)])


# ------------------------------------------------------- untrusted files (issue 28)


def test_only_the_listed_formats_are_decoded_never_postscript() -> None:
    from digitpad.picture_files import PICTURE_FORMATS, picture_formats

    assert set(picture_formats()) <= set(PICTURE_FORMATS)
    assert "EPS" not in picture_formats()
    extensions = image_extensions()
    for ext in (".eps", ".ps", ".pdf", ".wmf", ".emf"):
        assert ext not in extensions


@pytest.mark.parametrize("name", ["loop.eps", "loop.png"])
def test_postscript_never_reaches_ghostscript(tmp_path: Path, name: str) -> None:
    from tests.data.hostile_inputs import EPS_LOOP

    path = tmp_path / name
    path.write_bytes(EPS_LOOP)
    with pytest.raises(InputError) as info:
        open_image(path)  # with Ghostscript installed, this looped for ever
    assert_plain(info.value, r"PostScript and EPS drawings are not supported")


def test_devices_and_fifos_are_refused_by_what_they_are(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        open_image(fifo)  # opening it for reading blocked until a writer came
    assert_plain(info.value, r"^This is a named pipe \(FIFO\), not a picture file\.$")
    if os.path.exists("/dev/zero"):
        error, peak = refused_with_peak(lambda: open_image("/dev/zero"), InputError)
        assert str(error) == "This is a device, not a picture file."
        assert peak < 1_000_000


def test_a_jpeg_of_too_many_scans_is_refused_before_decoding() -> None:
    from digitpad.picture_files import MAX_JPEG_SCAN_PIXELS
    from tests.data.hostile_inputs import many_scan_jpeg

    side = 1000
    allowed = MAX_JPEG_SCAN_PIXELS // (side * side)
    with pytest.raises(InputError) as info:
        open_image(many_scan_jpeg(side, allowed + 10))
    assert_plain(info.value, rf"stored in [\d,]+ scans, too many to decode.*is {allowed:,}\)")
    # An ordinary progressive JPEG (10 scans or so) reads.
    assert open_image(encoded(digit_picture(200), "JPEG", progressive=True)).size == (200, 200)


def test_a_psd_is_read_from_its_first_frame() -> None:
    from tests.data.hostile_inputs import digit_psd

    image = open_image(digit_psd())
    assert image.size == (120, 120)
    np.testing.assert_array_equal(image_to_array(image), image_to_array(digit_picture(120)))


@pytest.mark.parametrize("infinite", ["both", "positive"])
def test_a_float_tiff_with_infinities_is_refused_quietly(infinite: str) -> None:
    from tests.data.hostile_inputs import float_tiff

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "invalid value" warnings reached stderr
        with pytest.raises(InputError) as info:
            image_to_array(float_tiff(infinite))
    assert_plain(info.value, r"^The picture holds pixels that are not numbers")


def test_a_picture_too_long_on_one_side_names_the_side_limit() -> None:
    from tests.data.hostile_inputs import tall_png

    with pytest.raises(InputError) as info:
        open_image(tall_png())
    assert str(info.value) == (
        "The picture is too large (1 x 100,000 pixels); the limit is 20,000 pixels a side."
    )
