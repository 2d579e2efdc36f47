"""Running a piece of the app in a fresh Python, for what one test process cannot do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digitpad.gui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
#: How long a child waits for the model or an answer before it gives up, saying so.
CHILD_TIMEOUT_S = 120


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
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        **(env or {}),
    }
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=2 * CHILD_TIMEOUT_S + 60,
        env=full_env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def wait_for_model(window: MainWindow, timeout_s: float = CHILD_TIMEOUT_S) -> None:
    """In a child: run the event loop until the model is loaded; exit saying why if it is not."""
    from PySide6.QtCore import QEventLoop, QTimer

    if not window.is_model_ready() and window.model_error is None:
        loop = QEventLoop()
        window.modelStateChanged.connect(loop.quit)
        QTimer.singleShot(round(timeout_s * 1000), loop.quit)
        loop.exec()
    if window.model_error is not None:
        sys.exit(f"child: the model did not load: {window.model_error}")
    if not window.is_model_ready():
        sys.exit(f"child: the model was still loading after {timeout_s:.0f} s")
