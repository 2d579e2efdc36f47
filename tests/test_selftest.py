"""``digitpad --self-test`` with the real bundled model, and with a missing or damaged one."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from digitpad import selftest
from digitpad.preprocess import image_to_array, ink_to_array
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.resources import line_model_path, model_path


def test_passes_with_the_bundled_model() -> None:
    out = io.StringIO()
    assert selftest.run_self_test(out) == 0, out.getvalue()
    text = out.getvalue()
    assert f"model: {model_path()}" in text
    checked = len(selftest.DIGITS) + len(selftest.PICTURES) + 1  # and the zig-zag, refused
    assert text.count(" ok\n") == checked + 1  # and the number
    assert "zig-zag        read as not a digit" in text
    assert f"passed: all {checked} drawings read right" in text
    assert f"line model: {line_model_path()}" in text
    assert "number 1047    read as 1047, by the line model alone 1047  ok" in text


@pytest.mark.usefixtures("no_line_model")
def test_a_missing_line_model_fails_the_self_test() -> None:
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    assert "FAILED: the line model is missing" in out.getvalue()
    # The digits are still checked and reported.
    assert "passed: all" in out.getvalue()


def test_every_builtin_digit_is_read_right_from_ink_and_picture(
    recognizer: LiteRTRecognizer,
) -> None:
    checks = selftest.run_checks(recognizer)
    assert [c.expected for c in checks] == [*selftest.DIGITS, *selftest.PICTURES, None]
    assert all(c.passed for c in checks), checks
    assert all(c.confidence > 0.5 for c in checks), checks


def test_picture_and_ink_of_a_digit_give_similar_arrays() -> None:
    # The picture path must see the same digit as the ink path, not e.g. the paper.
    for digit in selftest.PICTURES:
        from_ink = ink_to_array(selftest.digit_ink(digit))
        from_picture = image_to_array(selftest.digit_picture(digit))
        correlation = np.corrcoef(from_ink.ravel(), from_picture.ravel())[0, 1]
        assert correlation > 0.8, (digit, correlation)


def test_missing_model_fails_with_the_plain_reason(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "digitpad.tflite"
    out = io.StringIO()
    assert selftest.run_self_test(out, model=missing) == 1
    text = out.getvalue()
    assert f"FAILED: The model file is missing ({missing})." in text
    assert "Traceback" not in text


def test_damaged_model_fails(tmp_path: Path) -> None:
    damaged = tmp_path / "digitpad.tflite"
    damaged.write_bytes(b"not a model at all" * 10)
    out = io.StringIO()
    assert selftest.run_self_test(out, model=damaged) == 1
    assert "FAILED: The model file digitpad.tflite is damaged" in out.getvalue()


def test_environment_variable_selects_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(selftest.MODEL_ENV, str(tmp_path / "elsewhere.tflite"))
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    assert "elsewhere.tflite" in out.getvalue()


def test_a_wrong_answer_fails_the_report() -> None:
    checks = [
        selftest.Check("drawn 1", 1, 1, 0.99),
        selftest.Check("drawn 7", 7, 1, 0.61),
    ]
    out = io.StringIO()
    assert selftest.report(checks, out) == 1
    assert "drawn 7        read as 1 ( 61.0%)  WRONG (expected 7)" in out.getvalue()
    assert "FAILED: 1 of 2 drawings read wrong" in out.getvalue()


def test_no_checks_is_not_a_pass() -> None:
    assert selftest.report([], io.StringIO()) == 1


def _run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "digitpad", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_command_line_self_test_needs_no_qt() -> None:
    # -X importtime lists every module imported: the check must not load Qt.
    result = _run_cli("--self-test", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.stdout
    assert "passed: all" in result.stdout
    assert "PySide6" not in result.stderr
    assert "tensorflow" not in result.stderr


def test_command_line_self_test_exit_status_on_missing_model(tmp_path: Path) -> None:
    result = _run_cli("--self-test", env={selftest.MODEL_ENV: str(tmp_path / "x.tflite")})
    assert result.returncode == 1
    assert "FAILED: The model file is missing" in result.stdout
    assert "Traceback" not in result.stderr
