"""The background model loader: the real model arrives as a recognizer, a bad one as plain words.

Qt runs the load on a QThreadPool worker, which coverage cannot follow, so most
tests run the loader's job on the GUI thread (the same code, signals delivered
at once); one test per outcome goes through the real worker thread.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from digitpad.gui.model_loader import ModelLoader
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.resources import model_path

TIMEOUT_MS = 30_000


@pytest.fixture
def loader(qtbot: QtBot) -> Iterator[ModelLoader]:
    loader = ModelLoader()
    yield loader
    assert loader.wait(TIMEOUT_MS)


def _assert_works(recognizer: object) -> None:
    assert isinstance(recognizer, LiteRTRecognizer)
    probabilities = recognizer.predict(np.zeros((28, 28), np.float32))
    assert probabilities.ndim == 1
    assert len(probabilities) >= 10
    assert float(probabilities.sum()) == pytest.approx(1.0, abs=1e-4)


@pytest.mark.parametrize("path", [None, model_path()], ids=["default", "explicit"])
def test_job_loads_the_real_model(qtbot: QtBot, loader: ModelLoader, path: Path | None) -> None:
    start = time.perf_counter()
    with qtbot.assertNotEmitted(loader.failed), qtbot.waitSignal(loader.loaded) as blocker:
        loader.job(path).run()
    elapsed = time.perf_counter() - start
    recognizer, seconds = blocker.args
    _assert_works(recognizer)
    assert recognizer.path == model_path()
    # What the status bar reports ("Model loaded in N ms") is the load it timed, not a guess;
    # how fast that is belongs to the benchmarks.
    assert 0.0 < seconds <= elapsed


def _bad_model(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "digitpad.tflite"
    if kind == "missing":
        return path
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "garbage":
        path.write_bytes(b"this is not a model " * 50)
    elif kind == "truncated":
        content = model_path().read_bytes()
        path.write_bytes(content[: len(content) // 2])
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("missing", "is missing"),
        ("empty", "is empty"),
        ("garbage", "damaged or not a LiteRT model"),
        ("truncated", "damaged or not a LiteRT model"),
        ("folder", "is a folder, not a file"),
    ],
)
def test_job_explains_a_bad_model_file(
    qtbot: QtBot, loader: ModelLoader, tmp_path: Path, kind: str, reason: str
) -> None:
    path = _bad_model(tmp_path, kind)
    with qtbot.assertNotEmitted(loader.loaded), qtbot.waitSignal(loader.failed) as blocker:
        loader.job(path).run()
    [message] = blocker.args
    assert reason in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_job_explains_a_path_with_a_nul_byte(qtbot: QtBot, loader: ModelLoader) -> None:
    with qtbot.assertNotEmitted(loader.loaded), qtbot.waitSignal(loader.failed) as blocker:
        loader.job("digit\0pad.tflite").run()
    [message] = blocker.args
    assert "not a valid file name" in message


def test_start_delivers_the_model_from_the_worker_thread(qtbot: QtBot, loader: ModelLoader) -> None:
    with qtbot.waitSignal(loader.loaded, timeout=TIMEOUT_MS) as blocker:
        loader.start(model_path())
    _assert_works(blocker.args[0])


def test_start_delivers_the_failure_from_the_worker_thread(
    qtbot: QtBot, loader: ModelLoader, tmp_path: Path
) -> None:
    with qtbot.waitSignal(loader.failed, timeout=TIMEOUT_MS) as blocker:
        loader.start(tmp_path / "nowhere.tflite")
    assert "is missing" in blocker.args[0]
    assert loader.wait(TIMEOUT_MS)
