"""The window's Copy Table and Save Table: every number on an opened page, as cells."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication

from digitpad.gui.main_window import MainWindow
from tests.data.pages import page_photo


def open_page(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "page.jpg"
    path.write_bytes(page_photo({(0, 0): "12", (0, 1): "34", (1, 1): "56"}))
    assert window.open_path(path)


def test_copy_table_puts_tab_separated_rows_on_the_clipboard(
    window: MainWindow, tmp_path: Path
) -> None:
    assert not window.copy_table_action.isEnabled()  # no page open yet
    open_page(window, tmp_path)
    assert window.copy_table_action.isEnabled()
    window.copy_table_action.trigger()
    assert QGuiApplication.clipboard().text() == "12\t34\n\t56\n"


def test_save_table_writes_the_csv(window: MainWindow, tmp_path: Path) -> None:
    open_page(window, tmp_path)
    target = tmp_path / "table.csv"
    assert window.save_table_path(target)
    assert target.read_text(encoding="utf-8") == "12,34\n,56\n"
