"""Starting the real program (source tree or built bundle) and waiting for its window to answer.

The window runs offscreen, so nothing can be seen from outside: the program
logs "Window shown." once its window is up and "First answer shown: 7 (…)"
once the first answer is on the window's labels (``digitpad.app``). A
launcher waits for those lines, with a generous time-out, then closes it.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

WINDOW_SHOWN = "Window shown."
FIRST_ANSWER = "First answer shown: "


@dataclass(frozen=True)
class Launched:
    #: None when the program was still running when it was closed (as it should be).
    returncode: int | None
    stderr: str

    def first_answer(self) -> str | None:
        """The headline of the first answer shown ("7", "7?"), or None if none was."""
        for line in self.stderr.splitlines():
            if FIRST_ANSWER in line:
                return line.split(FIRST_ANSWER, 1)[1].split(" ", 1)[0]
        return None


def launch_window(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float = 120.0
) -> Launched:
    """Run ``command`` (offscreen, per ``env``) until it shows its first answer, exits, or ``timeout``."""
    log = cwd / f"stderr-{time.monotonic_ns()}.txt"
    with (
        log.open("w", encoding="utf-8") as err,
        subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err
        ) as process,
    ):
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            if FIRST_ANSWER in log.read_text(encoding="utf-8", errors="replace"):
                break
            time.sleep(0.1)
        returncode = process.poll()
        if returncode is None:
            process.terminate()
        process.wait(timeout=30)
    return Launched(returncode, log.read_text(encoding="utf-8", errors="replace"))
