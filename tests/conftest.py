"""Shared fixtures: the real bundled model and the real data sets.

Data sets come from ``DIGITPAD_DATA_DIR`` (CI sets it); tests that need one
are skipped, visibly, when no data is configured at all. Once data is
configured (``DIGITPAD_DATA_DIR`` or a per-set variable is set), or under CI, a
missing data set is a failure that says which folder is missing: a misnamed
folder must not turn the accuracy targets into silent skips.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

# Qt runs offscreen in every test, before any Qt module is imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never the person's own handwriting profile: every test reads with an empty one (as the
# bundled model alone), unless it points DIGITPAD_PROFILE_DIR or --profile elsewhere.
os.environ["DIGITPAD_PROFILE_DIR"] = tempfile.mkdtemp(prefix="digitpad-tests-profile-")

import numpy as np
import pytest

import digitpad.reader.line_model as line_model_module
from digitpad.reader.digit_model import LiteRTRecognizer
from tests.data.sets import data_folder
from training.datasets import PenDigit, load_mnist, load_unipen


@pytest.fixture(scope="session", autouse=True)
def empty_profile() -> Iterator[Path]:
    """The session's default profile folder: must still be empty at the end (no test taught it)."""
    folder = Path(os.environ["DIGITPAD_PROFILE_DIR"])
    yield folder
    left = sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []
    shutil.rmtree(folder, ignore_errors=True)
    assert not left, f"a test wrote into the session's default profile: {left}"


@pytest.fixture(scope="session")
def recognizer() -> LiteRTRecognizer:
    """The bundled LiteRT model, loaded once."""
    return LiteRTRecognizer()


@pytest.fixture
def no_line_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An install whose line model file is missing (readers made now find none)."""
    monkeypatch.setattr(line_model_module, "line_model_path", lambda: tmp_path / "gone.tflite")


@pytest.fixture(scope="session")
def unipen() -> list[PenDigit]:
    return load_unipen(data_folder("unipen-dev"))


@pytest.fixture(scope="session")
def mnist_test() -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 MNIST test digits (float32 in [0, 1], ink bright) and their labels."""
    _, test = load_mnist(data_folder("mnist"))
    return test


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A folder any user may enter, for permission checks run as another user.

    pytest's own tmp_path sits in a folder only its owner may enter, which
    would refuse the other user for the wrong reason.
    """
    folder = Path(tempfile.mkdtemp(prefix="digitpad-tests-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        # Unlock each folder before the walk goes into it, so that rmtree can empty it.
        for parent, folders, _ in os.walk(folder):
            for name in folders:
                if not os.path.islink(os.path.join(parent, name)):
                    os.chmod(os.path.join(parent, name), 0o755)
        shutil.rmtree(folder)
