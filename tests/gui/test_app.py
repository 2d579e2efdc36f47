"""Starting the app: create_window, main's event loop, and the last-resort error dialog."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from digitpad import __version__
from digitpad.app import ErrorReporter, app_icon, create_window, install_excepthook, main
from digitpad.gui.main_window import MainWindow


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


def test_main_shows_the_window_and_returns_the_loop_status(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    seen: list[MainWindow] = []

    def close_it() -> None:
        windows = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(windows)
        for window in windows:
            window.close()
        app.quit()

    QTimer.singleShot(300, close_it)
    hook = sys.excepthook
    assert main([]) == 0
    assert sys.excepthook is hook  # restored after the loop
    assert len(seen) == 1
    assert app.applicationVersion() == __version__
    assert app.organizationName() == "digitpad"
    for window in seen:
        window.deleteLater()


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
