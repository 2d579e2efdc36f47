"""A quiet command line: answers on stdout, nothing on stderr unless something is wrong.

LiteRT's C++ side prints "INFO: Created TensorFlow Lite XNNPACK delegate for
CPU." on file descriptor 2 whenever a model loads; only a real process shows
whether it reaches the terminal, so the CLI checks run ``python -m digitpad``.
The ``--verbose`` check proves the line really exists (and that the quiet
check is not passing for want of noise).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QtMsgType

from digitpad import quiet
from digitpad.resources import resource_path
from tests.data.command import run_digitpad

SAMPLE = resource_path("resources", "samples", "seven.png")
LITERT_LINE = "INFO: Created TensorFlow Lite XNNPACK delegate for CPU."


def test_predict_prints_the_answer_and_nothing_else(tmp_path: Path) -> None:
    result = run_digitpad("predict", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"{re.escape(str(SAMPLE))}: 7 \(\d+\.\d%\)\n", result.stdout)
    assert result.stderr == ""


def test_verbose_lets_the_runtime_log_line_through(tmp_path: Path) -> None:
    for args in (("--verbose", "predict", str(SAMPLE)), ("predict", "--verbose", str(SAMPLE))):
        result = run_digitpad(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert re.fullmatch(rf"{re.escape(str(SAMPLE))}: 7 \(\d+\.\d%\)\n", result.stdout)
        assert LITERT_LINE in result.stderr


def test_a_damaged_model_is_still_reported_in_plain_words(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.tflite"
    damaged.write_bytes(b"TFL3" + bytes(range(256)) * 4)
    result = run_digitpad("predict", "--model", str(damaged), str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "digitpad: The model file damaged.tflite is damaged or not a LiteRT model.\n"
    )


def test_held_native_output_passes_on_all_but_log_lines(capfd: pytest.CaptureFixture[str]) -> None:
    quiet.set_verbose(False)
    with quiet.native_log_lines_held():
        os.write(2, b"INFO: Created a delegate.\nsomething really went wrong\n")
        os.write(2, b"W0000 00:00:1763900000.000000  1234 op.cc:12] absl says\n")
        os.write(1, b"an answer\n")
    out, err = capfd.readouterr()
    assert out == "an answer\n"
    assert err == "something really went wrong\n"


def test_held_native_output_passes_on_everything_when_verbose(
    capfd: pytest.CaptureFixture[str],
) -> None:
    quiet.set_verbose(True)
    try:
        with quiet.native_log_lines_held():
            os.write(2, b"INFO: Created a delegate.\n")
    finally:
        quiet.set_verbose(False)
    assert capfd.readouterr().err == "INFO: Created a delegate.\n"


def test_stderr_is_restored_after_an_error_in_the_block(capfd: pytest.CaptureFixture[str]) -> None:
    def load_a_bad_model() -> None:
        with quiet.native_log_lines_held():
            os.write(2, b"ERROR: not a flatbuffer\n")
            raise ValueError("bad model")

    with pytest.raises(ValueError, match="bad model"):
        load_a_bad_model()
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"


def test_qt_notices_only_when_verbose_but_critical_messages_always(
    capsys: pytest.CaptureFixture[str],
) -> None:
    quiet.set_verbose(False)
    quiet.qt_message_handler(
        QtMsgType.QtWarningMsg, None, "QStandardPaths: XDG_RUNTIME_DIR not set"
    )
    quiet.qt_message_handler(QtMsgType.QtInfoMsg, None, "an info line")
    assert capsys.readouterr().err == ""
    quiet.qt_message_handler(QtMsgType.QtCriticalMsg, None, "cannot open display")
    # The notices held back come along: they are what explains a failure.
    assert capsys.readouterr().err == (
        "QStandardPaths: XDG_RUNTIME_DIR not set\nan info line\ncannot open display\n"
    )
    quiet.qt_message_handler(QtMsgType.QtCriticalMsg, None, "again")
    assert capsys.readouterr().err == "again\n"
    quiet.set_verbose(True)
    try:
        quiet.qt_message_handler(QtMsgType.QtWarningMsg, None, "XDG_RUNTIME_DIR not set")
    finally:
        quiet.set_verbose(False)
    assert capsys.readouterr().err == "XDG_RUNTIME_DIR not set\n"


def test_a_window_that_cannot_start_says_why(tmp_path: Path) -> None:
    """No display to be had: Qt's fatal message comes with the notices that explain it."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": ":7",
        "XDG_CONFIG_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "digitpad"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert result.returncode != 0
    # The notice that explains it: no X server at :7, or, on a system without
    # libxcb-cursor0, the library the xcb plugin needs before it looks for one.
    reasons = ("could not connect to display :7", "libxcb-cursor0 is needed")
    assert any(reason in result.stderr for reason in reasons), result.stderr
    assert "no Qt platform plugin could be initialized" in result.stderr
