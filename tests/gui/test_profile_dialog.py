"""The "Your Handwriting" dialog (digitpad.gui.profile_dialog) over a real profile on disk.

The window's use of it (teaching, then removing and importing) is in test_teaching.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from digitpad.gui.profile_dialog import ID_ROLE, ProfileDialog
from digitpad.gui.teaching import Teacher
from digitpad.handwriting_profile import Profile
from digitpad.input_files import array_from_file
from tests.data.samples import sample


@pytest.fixture
def teacher(tmp_path: Path) -> Teacher:
    """A profile of four taught examples: the samples 1, 4, 6 and 9 as 7, 9, 5 and 4."""
    profile = Profile.load(tmp_path / "profile")
    for digit, label in ((1, 7), (4, 9), (6, 5), (9, 4)):
        profile.add(label, array=array_from_file(sample(digit)))
    return Teacher(profile)


def open_dialog(qtbot, teacher: Teacher) -> ProfileDialog:  # type: ignore[no-untyped-def]
    dialog = ProfileDialog(teacher, lambda: f"{len(teacher.profile)} in use")
    qtbot.addWidget(dialog)
    return dialog


def labels(dialog: ProfileDialog) -> list[str]:
    return [dialog.examples.item(i).text() for i in range(dialog.examples.count())]


def test_remove_takes_every_selected_example_and_no_other(qtbot, teacher: Teacher) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, teacher)
    assert labels(dialog) == ["7", "9", "5", "4"]
    assert not dialog.remove_button.isEnabled()  # nothing selected
    kept = [teacher.profile.examples[i].id for i in (1, 3)]
    changes: list[None] = []
    teacher.changed.connect(lambda: changes.append(None))
    for row in (0, 2):
        dialog.examples.item(row).setSelected(True)
    assert dialog.remove_button.isEnabled()
    dialog.remove_button.click()
    assert [e.id for e in teacher.profile.examples] == kept
    assert [e.id for e in Profile.load(teacher.profile.folder).examples] == kept  # saved
    assert labels(dialog) == ["9", "4"]
    assert [dialog.examples.item(i).data(ID_ROLE) for i in range(2)] == kept
    assert dialog.status.text() == "2 in use"
    assert len(changes) == 1  # one change: the window reads again once
    assert not dialog.remove_button.isEnabled()


def test_the_thumbnails_are_the_examples_as_the_model_reads_them(qtbot, teacher: Teacher) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, teacher)
    for row, example in enumerate(teacher.profile.examples):
        item = dialog.examples.item(row)
        assert item.data(ID_ROLE) == example.id
        assert item.toolTip().startswith(f"Taught as {example.label} (a picture")
        image = item.icon().pixmap(28, 28).toImage()
        assert image.width() == 28
        # The icon is the array, white ink on black: its brightest pixels are the ink.
        bright = np.array(
            [[image.pixelColor(x, y).value() > 128 for x in range(28)] for y in range(28)]
        )
        assert (bright == (example.array > 0.5)).mean() > 0.95
