"""20,000 live updates of the real window in a subprocess: no crash, no runaway memory.

In a subprocess so that a hard abort inside Qt (as PySide6 6.12.0 does on
Python < 3.12 after thousands of ``QLabel.setText`` calls) fails this test
instead of killing the test run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("soak_driver.py")
UPDATES = 20_000
MAX_GROWTH_MB = 150


@pytest.mark.slow
def test_twenty_thousand_live_updates_without_crash_or_leak() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            str(DRIVER),
            "--updates",
            str(UPDATES),
            "--max-growth-mb",
            str(MAX_GROWTH_MB),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
        check=False,
    )
    assert result.returncode == 0, (
        f"soak driver exited {result.returncode}\nstdout: {result.stdout[-2000:]}\n"
        f"stderr: {result.stderr[-4000:]}"
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["updates"] >= UPDATES
    assert report["answers_shown"] >= UPDATES // 2
    if report["growth_mb"] is not None:
        assert report["growth_mb"] < MAX_GROWTH_MB
