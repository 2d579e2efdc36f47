"""``digitpad --install-desktop-entry``: put digitpad in the desktop's application menu.

A wheel or an unpacked release archive gives a program but no menu entry;
desktop environments look for entries and icons in the user's XDG data folder
(``$XDG_DATA_HOME``, by default ``~/.local/share``). This writes the shipped
``resources/digitpad.desktop`` there with ``Exec`` pointing at the program that
is running now (the bundle's executable, the installed ``digitpad`` script, or
this Python with ``-m digitpad``), so the entry starts this very install, and
copies the icons into the ``hicolor`` theme. Nothing needs root.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from digitpad.errors import DigitpadError
from digitpad.resources import resource_path

APP_ID = "digitpad"
_ICON_SIZE = re.compile(r"digitpad-(\d+)\.png")
#: Arguments made only of these need no quoting in an Exec line.
_PLAIN_ARGUMENT = re.compile(r"[A-Za-z0-9_@%+=:,./-]+")


class DesktopEntryError(DigitpadError):
    """The entry could not be written (no such platform, a folder not writable...)."""


def data_home() -> Path:
    """``$XDG_DATA_HOME`` if set to an absolute path (the spec ignores others), else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and Path(value).is_absolute():
        return Path(value)
    return Path.home() / ".local" / "share"


def program_command() -> list[str]:
    """The command that starts the program running now."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle
        return [sys.executable]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name in ("digitpad", "digitpad.exe") and script.is_file():
        return [str(script.absolute())]  # the installed script; a pipx link stays a link
    return [sys.executable, "-m", "digitpad"]


def exec_quote(argument: str) -> str:
    """One argument of a desktop entry's ``Exec`` key, quoted as the spec requires.

    Reserved characters need double quotes, inside which ``"`$\\`` take a
    backslash; the key's value is then a string, where a backslash is doubled
    again; and ``%`` is written ``%%`` (``%f`` and friends are field codes).
    """
    argument = argument.replace("%", "%%")
    if _PLAIN_ARGUMENT.fullmatch(argument):
        return argument
    quoted = re.sub(r'(["`$\\])', r"\\\1", argument)
    return '"' + quoted.replace("\\", "\\\\") + '"'


def desktop_entry(command: list[str]) -> str:
    """The shipped entry with ``Exec`` and ``TryExec`` pointing at ``command``."""
    template = resource_path("resources", f"{APP_ID}.desktop").read_text(encoding="utf-8")
    exec_line = " ".join(exec_quote(part) for part in command) + " %f"
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line}"
        elif line.startswith("TryExec="):
            line = f"TryExec={exec_quote(command[0])}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install_desktop_entry(target: Path | None = None) -> list[Path]:
    """Write the entry and the icons under ``target`` (the XDG data folder); the files written."""
    if sys.platform in ("win32", "darwin"):
        raise DesktopEntryError(
            "Desktop entries are for Linux and other freedesktop.org desktops; on this system, "
            "pin the program itself to the Start menu or Dock."
        )
    base = target or data_home()
    written = []
    try:
        entry = base / "applications" / f"{APP_ID}.desktop"
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(desktop_entry(program_command()), encoding="utf-8")
        written.append(entry)
        for icon in sorted(resource_path("resources", "icons").glob("digitpad-*.png")):
            size = _ICON_SIZE.fullmatch(icon.name)
            if size is None:
                continue
            destination = base / "icons" / "hicolor" / f"{size[1]}x{size[1]}" / "apps"
            destination.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(icon, destination / f"{APP_ID}.png")
            written.append(destination / f"{APP_ID}.png")
    except FileNotFoundError as error:
        raise DesktopEntryError(
            f"This install lacks the desktop entry or its icons ({error.filename})."
        ) from None
    except OSError as error:
        raise DesktopEntryError(
            f"Cannot write the desktop entry into {base} ({error.strerror or error})."
        ) from None
    return written
