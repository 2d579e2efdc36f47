"""Starting the window: the QApplication, its identity, and the last-resort error handler.

:func:`create_window` builds the window for an existing QApplication (tests,
benchmarks, embedding); :func:`main` is the program: it makes the
application, shows the window at once (the model loads behind it) and runs
the event loop.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt, QTimer, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from digitpad import __version__, quiet
from digitpad.gui.main_window import MainWindow
from digitpad.gui.theme import ColorSchemeFollower
from digitpad.handwriting_profile import APPLICATION, ORGANISATION
from digitpad.reader import DEFAULT_SETTINGS, ReaderSettings
from digitpad.resources import resource_path

log = logging.getLogger("digitpad")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def create_window(
    model_path: str | Path | None = None, reader_settings: ReaderSettings = DEFAULT_SETTINGS
) -> MainWindow:
    """The main window, model loading in the background; needs a QApplication, runs no loop."""
    if QApplication.instance() is None:
        raise RuntimeError("create_window() needs a QApplication; create one first")
    window = MainWindow(model_path, reader_settings=reader_settings)
    icon = app_icon()
    if icon is not None:
        window.setWindowIcon(icon)
    return window


def app_icon() -> QIcon | None:
    for name in ("icon.png", "icon.svg", "icon.ico"):
        path = resource_path("resources", name)
        if path.is_file():
            return QIcon(str(path))
    return None


class ErrorReporter:
    """``sys.excepthook`` for the window: log the traceback, tell the user in one dialog.

    Exceptions raised in Qt slots and event handlers reach ``sys.excepthook``;
    without this the user would see nothing (or a console traceback) and the
    app would carry on in an unknown state without a word.
    """

    def __init__(self, parent: Callable[[], QWidget | None] | None = None) -> None:
        self._parent = parent or (lambda: None)
        self._dialog: QMessageBox | None = None
        self.previous: ExceptHook = sys.excepthook

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self.previous(kind, error, trace)
            return
        log.error("Unexpected error", exc_info=(kind, error, trace))
        details = "".join(traceback.format_exception(kind, error, trace))
        if QApplication.instance() is None:
            self.previous(kind, error, trace)
            return
        self.show(f"{kind.__name__}: {error}", details)

    def show(self, summary: str, details: str) -> QMessageBox:
        """One dialog at a time: a burst of errors updates it rather than stacking boxes."""
        if self._dialog is None or not self._dialog.isVisible():
            self._dialog = QMessageBox(self._parent())
            self._dialog.setObjectName("errorDialog")
            self._dialog.setIcon(QMessageBox.Icon.Critical)
            self._dialog.setWindowTitle("digitpad: something went wrong")
            self._dialog.setStandardButtons(QMessageBox.StandardButton.Close)
        self._dialog.setText(
            "Something went wrong inside digitpad. Your drawing is still there; "
            "if this happens again, please report it with the details below."
        )
        self._dialog.setInformativeText(summary)
        self._dialog.setDetailedText(details)
        self._dialog.open()
        return self._dialog

    @property
    def dialog(self) -> QMessageBox | None:
        return self._dialog


def install_excepthook(parent: Callable[[], QWidget | None] | None = None) -> ErrorReporter:
    reporter = ErrorReporter(parent)
    sys.excepthook = reporter
    return reporter


def _prepare_application_attributes() -> None:
    """High-DPI defaults that must be set before the QApplication exists."""
    if QGuiApplication.instance() is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )


def _log_first_answer(window: MainWindow) -> None:
    """Log the first answer the window shows, once: how a launcher (the bundle checks) knows
    that the window runs, reads and answers, with no way to look at the screen."""

    def shown() -> None:
        headline = window.prediction_label.text()
        if headline:
            window.predictionUpdated.disconnect(shown)
            log.info("First answer shown: %s (%s)", headline, window.confidence_label.text())

    window.predictionUpdated.connect(shown)


def main(argv: Sequence[str] | None = None, files: Sequence[str] = ()) -> int:
    """Run the window; returns the exit status of the event loop.

    ``argv`` goes to Qt (e.g. ``-platform``); ``files`` are opened in the
    window once it shows (the first usable one, as a drop would).
    """
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # Qt's notices (no XDG_RUNTIME_DIR, a skipped plugin...) only with --verbose; errors always.
    qInstallMessageHandler(quiet.qt_message_handler)
    _prepare_application_attributes()
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(["digitpad", *(argv or [])])
    )
    # A dark system scheme gives a dark window even where the platform hands over a light palette.
    ColorSchemeFollower(app)
    QGuiApplication.setApplicationDisplayName("digitpad")
    QGuiApplication.setDesktopFileName("digitpad")
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    window = create_window()
    reporter = install_excepthook(lambda: window)
    window.show()
    log.info("Window shown.")
    _log_first_answer(window)
    if files:
        QTimer.singleShot(0, lambda: window.open_path(files[0]))
    try:
        return app.exec()
    finally:
        sys.excepthook = reporter.previous
