"""Running the real ``digitpad`` command in a child process, as a shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_digitpad(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m digitpad ARGS`` from ``cwd`` (``env`` added to this process's environment)."""
    return subprocess.run(
        [sys.executable, "-m", "digitpad", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        check=False,
    )
