"""From a file path to the model's input: ink files and pictures alike.

The command line and the window both open files through here, so a file
gives the same array, or the same plain-words refusal, wherever it is opened.
"""

from __future__ import annotations

import errno
import functools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from digitpad.errors import InputError
from digitpad.ink import is_ink_path, load_ink
from digitpad.picture_files import image_extensions
from digitpad.preprocess import image_to_array, ink_to_array


def array_from_file(path: str | Path) -> np.ndarray:
    """The 28x28 model input for an ink file or a picture.

    Raises :class:`~digitpad.errors.InputError` or
    :class:`~digitpad.errors.NoDigitError` with a message fit for the user.
    """
    if is_ink_path(path):
        return ink_to_array(load_ink(path))
    return image_to_array(path)


def is_readable_suffix(path: str | Path) -> bool:
    """True for names a folder scan picks up: ink files and picture extensions Pillow knows."""
    return is_ink_path(path) or Path(path).suffix.lower() in _extensions()


@functools.cache
def _extensions() -> frozenset[str]:
    return frozenset(image_extensions())


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, InputError | None]]:
    """Each file to read, in order; a folder gives its picture and ink files, sorted.

    A folder that cannot be listed, or holds nothing readable, yields itself
    with the reason, so that the caller reports it like any unreadable file.
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError as error:  # e.g. a symlink loop on some platforms
            yield path, _os_error(error)
            continue
        if not is_dir:
            yield path, None
            continue
        try:
            entries = sorted(os.scandir(path), key=lambda entry: entry.name)
        except OSError as error:
            yield path, _os_error(error)
            continue
        found = [
            Path(entry.path)
            for entry in entries
            if is_readable_suffix(entry.name) and _is_file(entry)
        ]
        if not found:
            yield path, InputError("The folder holds no pictures or ink files.")
        for item in found:
            yield item, None


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return True  # let the reader report why it cannot be read


def _os_error(error: OSError) -> InputError:
    if isinstance(error, PermissionError):
        return InputError("Permission denied: the folder cannot be read.")
    if error.errno == errno.ELOOP:
        return InputError("The path is a loop of symbolic links.")
    return InputError(f"The path cannot be read ({error.strerror or error}).")
