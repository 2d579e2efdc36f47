"""tools/slim_elf.py: the wheels' patchelf-edited libraries lose their debug info and still load.

Real libraries from this environment (Pillow and its vendored codecs, numpy's
OpenBLAS) are slimmed into a temporary folder and then used by a fresh Python:
pictures must decode to the same pixels, and OpenBLAS must answer a call.
"""

from __future__ import annotations

import ctypes
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import PIL
import pytest
from PIL import Image

from tools.slim_elf import NotSlimmable, slim_elf

SITE = Path(PIL.__file__).resolve().parents[1]
FORMATS = ("PNG", "JPEG", "WEBP", "TIFF", "JPEG2000")
DECODE = """
import io, json, sys
import PIL
from PIL import Image
assert PIL.__file__.startswith(sys.argv[1]), PIL.__file__
pixels = {}
for fmt in sys.argv[2:]:
    buffer = io.BytesIO(bytes.fromhex(open(sys.argv[1] + "/" + fmt, encoding="ascii").read()))
    with Image.open(buffer) as picture:
        pixels[fmt] = picture.convert("RGB").tobytes().hex()
print(json.dumps(pixels))
"""


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and path.read_bytes()[:4] == b"\x7fELF":
            found.append(path)
    return found


def test_slimmed_pillow_decodes_the_same_pixels(tmp_path: Path) -> None:
    shutil.copytree(SITE / "PIL", tmp_path / "PIL")
    shutil.copytree(SITE / "pillow.libs", tmp_path / "pillow.libs")
    before = sum(p.stat().st_size for p in elf_files(tmp_path))
    saved = sum(slim_elf(path, path) for path in elf_files(tmp_path))
    assert saved > 1_000_000  # Pillow's _imaging alone ships megabytes of DWARF
    assert sum(p.stat().st_size for p in elf_files(tmp_path)) == before - saved

    gradient = Image.fromarray(np.tile(np.arange(64, dtype=np.uint8) * 4, (48, 1)), "L")
    expected = {}
    for fmt in FORMATS:
        buffer = io.BytesIO()
        gradient.convert("RGB").save(buffer, fmt)
        (tmp_path / fmt).write_text(buffer.getvalue().hex(), encoding="ascii")
        with Image.open(io.BytesIO(buffer.getvalue())) as picture:
            expected[fmt] = picture.convert("RGB").tobytes().hex()
    result = subprocess.run(
        [sys.executable, "-c", DECODE, str(tmp_path), *FORMATS],
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


def test_slimmed_openblas_still_answers(tmp_path: Path) -> None:
    libs = Path(np.__file__).resolve().parent.parent / "numpy.libs"
    if not libs.is_dir():
        pytest.skip("this numpy vendors no OpenBLAS (not a manylinux wheel)")
    shutil.copytree(libs, tmp_path / "numpy.libs")
    (openblas,) = (tmp_path / "numpy.libs").glob("libscipy_openblas*.so")
    size = openblas.stat().st_size
    saved = slim_elf(openblas, openblas)
    assert saved > 0
    assert openblas.stat().st_size == size - saved
    library = ctypes.CDLL(str(openblas))
    config = next(
        getattr(library, name)
        for name in ("scipy_openblas_get_config64_", "openblas_get_config64_")
        if hasattr(library, name)
    )
    config.restype = ctypes.c_char_p
    assert b"OpenBLAS" in config()


def test_a_file_that_is_not_elf_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.so"
    text.write_text("not a library", encoding="utf-8")
    with pytest.raises(NotSlimmable):
        slim_elf(text, tmp_path / "out.so")
