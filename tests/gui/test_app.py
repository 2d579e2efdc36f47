"""Starting the app: create_window, main's event loop, and the last-resort error dialog."""

from __future__ import annotations

import logging
import os
import shutil
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from digitpad import __version__
from digitpad.app import ErrorReporter, app_icon, create_window, install_excepthook
from digitpad.gui.main_window import MainWindow
from digitpad.resources import resource_path
from tests.data.launch import WINDOW_SHOWN, launch_window

from .child import run_child


def test_create_window_builds_without_running_a_loop(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = create_window()
    qtbot.addWidget(window)
    assert isinstance(window, MainWindow)
    assert not window.isVisible()
    assert window.windowTitle() == "digitpad"
    if app_icon() is not None:
        assert not window.windowIcon().isNull()
    qtbot.waitUntil(
        lambda: window.is_model_ready() or window.model_error is not None, timeout=30_000
    )


MAIN_CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from digitpad.app import main
from digitpad.gui.main_window import MainWindow

app = QApplication(sys.argv)
seen = {}

def look_and_quit():
    windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    seen.update(windows=len(windows), version=app.applicationVersion(),
                organisation=app.organizationName(), hook=type(sys.excepthook).__name__,
                icon=not windows[0].windowIcon().isNull())
    app.quit()

QTimer.singleShot(0, look_and_quit)  # the first turn of main's event loop: the window is shown
status = main([])
seen.update(status=status, hook_after=type(sys.excepthook).__name__)
print(json.dumps(seen))
"""


def test_main_shows_the_window_and_returns_the_loop_status(tmp_path) -> None:  # type: ignore[no-untyped-def]
    seen = run_child(MAIN_CHILD, tmp_path)
    assert seen["status"] == 0
    assert seen["windows"] == 1
    assert seen["version"] == __version__
    assert seen["organisation"] == "digitpad"
    assert seen["hook"] == "ErrorReporter"  # installed while the window runs
    assert seen["hook_after"] != "ErrorReporter"  # and put back afterwards
    assert seen["icon"] == (app_icon() is not None)


def test_unexpected_error_is_logged_and_shown_in_a_dialog(
    qtbot, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    reporter = ErrorReporter()
    try:
        raise ZeroDivisionError("the sky fell")
    except ZeroDivisionError as error:
        with caplog.at_level(logging.ERROR, logger="digitpad"):
            reporter(type(error), error, error.__traceback__)
    assert "Unexpected error" in caplog.text
    assert "ZeroDivisionError" in caplog.text  # the traceback goes to the log
    dialog = reporter.dialog
    assert isinstance(dialog, QMessageBox)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()  # open(), not exec(): nothing blocks
    assert "Something went wrong" in dialog.text()
    assert "the sky fell" in dialog.informativeText()
    assert "Traceback" not in dialog.text() + dialog.informativeText()
    assert "Traceback" in dialog.detailedText()
    # A second error reuses the open dialog instead of stacking boxes.
    reporter(ValueError, ValueError("again"), None)
    assert reporter.dialog is dialog
    assert "again" in dialog.informativeText()
    dialog.close()


def test_install_excepthook_replaces_sys_excepthook() -> None:
    previous = sys.excepthook
    try:
        reporter = install_excepthook()
        assert sys.excepthook is reporter
        assert reporter.previous is previous
    finally:
        sys.excepthook = previous


OPEN_CHILD = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from digitpad.cli import main
from digitpad.gui.main_window import MainWindow
from tests.gui.child import CHILD_TIMEOUT_S

app = QApplication(sys.argv)
seen = {}

def give_up(reason):
    seen["error"] = reason
    app.quit()

def watch():
    window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))

    def look():
        if window.pad.picture() is not None and window.predicted_digit() is not None:
            seen.update(digit=window.predicted_digit(), label=window.prediction_label.text())
            app.quit()

    # The model loads in the background and the file opens on the loop's first turn:
    # whichever comes last shows the answer.
    window.predictionUpdated.connect(look)
    window.modelStateChanged.connect(
        lambda ok: ok or give_up(f"the model did not load: {window.model_error}"))
    look()

QTimer.singleShot(0, watch)
QTimer.singleShot(CHILD_TIMEOUT_S * 1000, lambda: give_up(f"no answer after {CHILD_TIMEOUT_S} s"))
status = main([sys.argv[1]])
if "error" in seen:
    sys.exit("child: " + seen["error"])
seen.update(status=status)
print(json.dumps(seen))
"""


def test_digitpad_file_opens_the_file_in_the_window(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # `digitpad FILE`, as the desktop entry and file managers call it.
    picture = resource_path("resources", "samples", "seven.png")
    seen = run_child(OPEN_CHILD, tmp_path, str(picture))
    assert seen["status"] == 0
    assert seen["digit"] == 7
    assert seen["label"].startswith("7")


def test_the_program_opens_a_file_and_shows_its_digit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`digitpad FILE` as a real process: the window comes up and shows the file's digit.

    The same check the bundle gets (tests/packaging), here on the source tree.
    """
    ink = tmp_path / "seven.ink.json"
    shutil.copy(resource_path("resources", "samples", "seven.ink.json"), ink)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    launched = launch_window([sys.executable, "-m", "digitpad", str(ink)], cwd=tmp_path, env=env)
    assert launched.returncode is None, f"the window exited early:\n{launched.stderr}"
    assert WINDOW_SHOWN in launched.stderr, launched.stderr
    assert launched.first_answer() == "7", f"no answer 7 on the window:\n{launched.stderr}"
    assert "Traceback" not in launched.stderr
