"""GUI test fixtures: an isolated settings store and the real window with the real model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from digitpad.app import create_window
from digitpad.gui.main_window import MainWindow
from digitpad.handwriting_profile import PROFILE_ENV
from digitpad.reader import DEFAULT_SETTINGS, ReaderSettings

from .screens import offscreen_platform

# The window fits the screen it opens on, and the offscreen platform's own screen is
# 800 x 800: the window tests run on a common 1920 x 1080 desktop screen instead (set
# before the QApplication exists). Small and scaled screens are tested in their own
# processes (test_screen_fit.py).
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform((0, 0, 1920, 1080))

#: The offscreen platform warns about features it lacks whenever a window with
#: a layout is shown, or raised to the front; it says nothing about our code.
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.gui)
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Never read or write the user's real preferences."""
    folder = tmp_path_factory.mktemp("settings")
    QStandardPaths.setTestModeEnabled(True)
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
        QSettings.setPath(kind, QSettings.Scope.SystemScope, str(folder / "system"))
    return folder


@pytest.fixture(autouse=True)
def isolated_profile(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Never read or write the person's real handwriting profile: each test starts empty."""
    folder = tmp_path_factory.mktemp("profile")
    monkeypatch.setenv(PROFILE_ENV, str(folder))
    return folder


def open_window(  # type: ignore[no-untyped-def]
    qtbot, model_path: Path | None = None, reader_settings: ReaderSettings = DEFAULT_SETTINGS
) -> MainWindow:
    window = create_window(model_path, reader_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(
        lambda: window.is_model_ready() or window.model_error is not None, timeout=30_000
    )
    return window


@pytest.fixture
def window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    """The real window with the bundled model, loaded."""
    win = open_window(qtbot)
    assert win.model_error is None, win.model_error
    return win
