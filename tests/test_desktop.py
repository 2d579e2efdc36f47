"""``digitpad --install-desktop-entry``: a menu entry that starts this install, and its icons.

Run as a real process with ``XDG_DATA_HOME`` in a temporary folder (with a
space and non-ASCII letters, as home folders have); the written ``Exec`` line
is unquoted the way a desktop does and run, so it must start digitpad.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

import digitpad
from digitpad.desktop import exec_quote
from tests.data.command import run_digitpad

SIZES = (16, 32, 48, 64, 128, 256)


def entry_keys(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def exec_arguments(value: str) -> list[str]:
    """What a desktop runs for an Exec value (the Desktop Entry spec, written out independently).

    First the string escapes (``\\\\`` is one backslash), then the arguments: split at
    spaces outside double quotes, where a backslash escapes ``"``, backquote, ``$`` and itself.
    """
    text = value.replace("\\\\", "\\")
    arguments: list[str] = []
    current: list[str] | None = None
    quoted = False
    characters = iter(text)
    for character in characters:
        if quoted and character == "\\":
            current = (current or []) + [next(characters)]
        elif character == '"':
            quoted = not quoted
            current = current or []
        elif character == " " and not quoted:
            if current is not None:
                arguments.append("".join(current))
            current = None
        else:
            current = (current or []) + [character]
    if current is not None:
        arguments.append("".join(current))
    return [argument.replace("%%", "%") for argument in arguments]


def test_writes_an_entry_that_starts_this_install_and_its_icons(tmp_path: Path) -> None:
    data_home = tmp_path / "Données de Zoë"
    result = run_digitpad(
        "--install-desktop-entry", env={"XDG_DATA_HOME": str(data_home)}, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    entry = data_home / "applications" / "digitpad.desktop"
    assert f"wrote {entry}" in result.stdout
    keys = entry_keys(entry)
    assert keys["Icon"] == "digitpad"
    assert keys["Name"] == "digitpad"
    command = exec_arguments(keys["Exec"])
    assert command == [sys.executable, "-m", "digitpad", "%f"]
    assert exec_arguments(keys["TryExec"]) == [sys.executable]
    started = subprocess.run(
        [*command[:-1], "--version"], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert started.stdout.strip() == f"digitpad {digitpad.__version__}"
    for size in SIZES:
        icon = data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "digitpad.png"
        with Image.open(icon) as picture:
            assert picture.size == (size, size)


def test_without_xdg_data_home_it_writes_into_local_share(tmp_path: Path) -> None:
    result = run_digitpad(
        "--install-desktop-entry",
        env={"XDG_DATA_HOME": "relative/ignored", "HOME": str(tmp_path)},
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / ".local" / "share" / "applications" / "digitpad.desktop").is_file()
    assert not (tmp_path / "relative").exists()


def test_an_unwritable_place_is_reported_in_plain_words(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    result = run_digitpad(
        "--install-desktop-entry", env={"XDG_DATA_HOME": str(blocker)}, cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"digitpad: Cannot write the desktop entry into {blocker} (")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("argument", "quoted"),
    [
        ("/usr/bin/digitpad", "/usr/bin/digitpad"),
        ("/home/zoë/My Apps/digitpad", '"/home/zoë/My Apps/digitpad"'),
        ('/opt/a"b$c`d', '"/opt/a\\\\"b\\\\$c\\\\`d"'),
        ("C:\\odd\\path", '"C:\\\\\\\\odd\\\\\\\\path"'),
        ("/opt/100%/digitpad", "/opt/100%%/digitpad"),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_asks(argument: str, quoted: str) -> None:
    assert exec_quote(argument) == quoted
    assert exec_arguments(quoted) == [argument]
