"""Running a piece of the app in a fresh Python, for what one test process cannot do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def run_child(code: str, config_dir: Path, *args: str, env: dict[str, str] | None = None) -> dict:
    """Run ``code`` in a fresh Python (offscreen, its own settings) and return the JSON it prints last.

    A fresh process: once an application's loop has quit, Qt runs no more
    nested loops in it, and settings such as the screen's scale factor are
    read once at start.
    """
    full_env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(config_dir),
        **(env or {}),
    }
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
