"""The accuracy targets cannot pass by being skipped: a missing data set fails under CI.

Runs the real accuracy tests (tests/test_accuracy.py) in a child pytest with
the data configured wrongly, as a CI machine with a misnamed folder would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from digitpad.ink import Ink
from training.datasets import DATA_ENV, SET_ENVS, PenDigit, writers_of

ROOT = Path(__file__).resolve().parent.parent


def run_accuracy_tests(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"CI", DATA_ENV, *SET_ENVS.values()}}
    clean.pop("COV_CORE_SOURCE", None)
    command = [sys.executable, "-m", "pytest", "tests/test_accuracy.py", "-rfs", "--no-cov"]
    return subprocess.run(
        [*command, "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def assert_none_passed_or_skipped(result: subprocess.CompletedProcess[str]) -> None:
    """Every accuracy test failed (or errored in its data fixture): none passed, none skipped."""
    summary = result.stdout.strip().splitlines()[-1]
    assert "passed" not in summary, summary
    assert "skipped" not in summary, summary
    assert "failed" in summary or "error" in summary, summary


def test_a_misnamed_or_missing_data_set_fails_in_plain_words(tmp_path: Path) -> None:
    (tmp_path / "mnist").mkdir()
    (tmp_path / "unipen").mkdir()  # misnamed: the tests want unipen-dev/
    result = run_accuracy_tests(**{DATA_ENV: str(tmp_path)})
    assert result.returncode == 1, result.stdout[-3000:]
    assert_none_passed_or_skipped(result)
    assert f"{DATA_ENV}={tmp_path} holds no unipen-dev/ folder" in result.stdout
    assert f"{DATA_ENV}={tmp_path} holds no usps/ folder" in result.stdout
    assert "Traceback" not in result.stdout


def test_ci_without_data_fails(tmp_path: Path) -> None:
    result = run_accuracy_tests(CI="true")
    assert result.returncode == 1, result.stdout[-3000:]
    assert_none_passed_or_skipped(result)
    assert f"CI is set but {DATA_ENV} is not" in result.stdout


def test_without_any_data_configured_they_skip_visibly() -> None:
    result = run_accuracy_tests()
    assert result.returncode == 0, result.stdout[-3000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert "skipped" in summary
    assert "passed" not in summary
    assert "failed" not in summary
    assert f"data not configured (set {DATA_ENV})" in result.stdout


@pytest.mark.parametrize("name", sorted(SET_ENVS))
def test_a_per_set_variable_naming_no_folder_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    from tests.data.sets import data_folder

    monkeypatch.setenv(SET_ENVS[name], str(tmp_path / "nowhere"))
    with pytest.raises(pytest.fail.Exception, match="is not a folder"):
        data_folder(name)


def test_writers_are_grouped_in_name_order_and_the_few_left_out() -> None:
    stroke = np.array([[0.0, 0.0], [0.0, 100.0]])
    pen = [
        PenDigit(d, "s", w, Ink((stroke,)))
        for w, d in [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)]
    ]
    writers = writers_of(pen, 2)
    assert [[d.label for d in digits] for digits in writers] == [[2, 5], [1, 3]]  # no "c"
