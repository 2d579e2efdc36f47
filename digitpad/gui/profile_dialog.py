"""The "Your Handwriting" dialog: the digits the person taught, to look at, remove or move.

Thumbnails of the taught examples (as the model reads them) with their
digits; Remove, Forget All, Export… and Import…; a status line saying how
many examples are in use. Every change goes through the window's
:class:`~digitpad.gui.teaching.Teacher`, which saves it and tells the window
to read again.

A drawing taught as two different digits counts as the later one
(:attr:`~digitpad.reader.personal_model.PersonalRecognizer.overruled`): the earlier
example is shown as replaced ("7, now 1"), so the person sees the conflict and
can remove whichever is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.errors import DigitpadError
from digitpad.gui.teaching import Teacher
from digitpad.handwriting_profile import Example

THUMBNAIL = 56
ID_ROLE = Qt.ItemDataRole.UserRole


def array_icon(array: np.ndarray, side: int = THUMBNAIL) -> QIcon:
    """A 28x28 array as the model sees it (white ink on black), scaled to a crisp icon."""
    pixels = np.ascontiguousarray(np.clip(array, 0, 1) * 255 + 0.5, dtype=np.uint8)
    height, width = pixels.shape
    image = QImage(pixels.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(image.scaled(side, side)))


class ProfileDialog(QDialog):
    """The person's taught examples; changes are saved at once."""

    def __init__(
        self,
        teacher: Teacher,
        in_use: Callable[[], str],
        parent: QWidget | None = None,
        overruled: Callable[[], Mapping[str, Example]] = dict,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle("Your Handwriting")
        self._teacher = teacher
        self._in_use = in_use
        self._overruled = overruled
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The digits you taught digitpad (keys 0-9 or Correct the Answer). Drawings like "
            "these are read as you taught them. They stay on this computer.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.examples = QListWidget(self)
        self.examples.setObjectName("examplesList")
        self.examples.setViewMode(QListView.ViewMode.IconMode)
        self.examples.setIconSize(QSize(THUMBNAIL, THUMBNAIL))
        self.examples.setResizeMode(QListView.ResizeMode.Adjust)
        self.examples.setMovement(QListView.Movement.Static)
        self.examples.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.examples.setMinimumSize(QSize(8 * (THUMBNAIL + 16), 3 * (THUMBNAIL + 32)))
        layout.addWidget(self.examples, 1)
        self.status = QLabel(self)
        self.status.setObjectName("profileStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        row = QHBoxLayout()
        self.remove_button = QPushButton("&Remove", self)
        self.forget_button = QPushButton("&Forget All…", self)
        self.export_button = QPushButton("&Export…", self)
        self.import_button = QPushButton("&Import…", self)
        for button in (
            self.remove_button,
            self.forget_button,
            self.export_button,
            self.import_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.remove_button.clicked.connect(self.remove_selected)
        self.forget_button.clicked.connect(self.confirm_forget_all)
        self.export_button.clicked.connect(self.choose_export_folder)
        self.import_button.clicked.connect(self.choose_import_folder)
        self.examples.itemSelectionChanged.connect(self._sync_buttons)
        teacher.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the profile's examples and how many are in use."""
        self.examples.clear()
        overruled = self._overruled()
        for example in self._teacher.profile.examples:
            item = QListWidgetItem(array_icon(example.array), str(example.label))
            item.setData(ID_ROLE, example.id)
            tip = (
                f"Taught as {example.label} ({'drawn' if example.kind == 'ink' else 'a picture'}"
                f"{', ' + example.created[:10] if example.created else ''})"
            )
            later = overruled.get(example.id)
            if later is not None:
                item.setText(f"{example.label}, now {later.label}")
                tip += (
                    f"; the same drawing was taught later as {later.label}, and the later "
                    "one counts. Remove the one that is wrong."
                )
            item.setToolTip(tip)
            self.examples.addItem(item)
        status = self._in_use()
        if overruled:
            count = len(overruled)
            status += (
                f" {count} drawing{'s' * (count != 1)} taught as two different digits: the "
                "later digit counts (shown as “now”)."
            )
        self.status.setText(status)
        self._sync_buttons()

    def _sync_buttons(self) -> None:
        has_any = self.examples.count() > 0
        self.remove_button.setEnabled(bool(self.examples.selectedItems()))
        self.forget_button.setEnabled(has_any)
        self.export_button.setEnabled(has_any)

    def remove_selected(self) -> None:
        ids = [item.data(ID_ROLE) for item in self.examples.selectedItems()]
        self._safely(lambda: self._teacher.remove(ids))

    def confirm_forget_all(self) -> None:
        count = len(self._teacher.profile)
        answer = QMessageBox.question(
            self,
            "Forget your handwriting?",
            f"Forget all {count} examples you taught? digitpad then reads with its own model only.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.forget_all()

    def forget_all(self) -> None:
        self._safely(self._teacher.forget_all)

    def choose_export_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export your examples to a folder")
        if folder:
            self.export_to(folder)

    def export_to(self, folder: str) -> None:
        def export() -> None:
            files = self._teacher.profile.export_to(folder)
            self.status.setText(f"Exported {len(files)} examples to {folder}.")

        self._safely(export)

    def choose_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import examples from a folder")
        if folder:
            self.import_from(folder)

    def import_from(self, folder: str) -> None:
        def run() -> None:
            words = self._teacher.import_from(folder)
            self.status.setText(f"{words} {self._in_use()}")

        self._safely(run)

    def _safely(self, change: Callable[[], object]) -> None:
        """Run a change; a failure is said in the status line, never as a traceback.

        What changed the examples is shown by :meth:`refresh`, on the teacher's signal.
        """
        try:
            change()
        except (DigitpadError, OSError, KeyError, ValueError) as error:
            self.status.setText(f"That did not work: {error}")
