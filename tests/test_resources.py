"""The shipped files (digitpad.resources): the one list the wheel and the bundle are built from."""

from __future__ import annotations

from pathlib import Path

from digitpad import resources
from tests.data.shipped import RUNTIME_FILES

ROOT = Path(__file__).resolve().parent.parent


def test_the_builds_ship_every_run_time_file_and_nothing_else() -> None:
    """SHIPPED, matched in this checkout, is the fixed list: the line model and its card, the
    model and its card, the icons, the desktop entry and the samples; no training files."""
    shipped = {path.relative_to(ROOT).as_posix() for path in resources.shipped_files(ROOT)}
    assert shipped == RUNTIME_FILES


def test_every_file_the_app_opens_is_shipped() -> None:
    """Each path the app finds its files by lies in the shipped list (from a source checkout,
    where resource_root is the project root)."""
    assert resources.resource_root() == ROOT
    opened = [
        resources.model_path(),
        resources.model_card_path(),
        resources.line_model_path(),
        resources.line_model_card_path(),
        resources.resource_path("resources", "icon.png"),
        resources.resource_path("resources", "digitpad.desktop"),
    ]
    assert {path.relative_to(ROOT).as_posix() for path in opened} <= RUNTIME_FILES
    assert resources.keras_model_path().relative_to(ROOT).as_posix() not in RUNTIME_FILES
