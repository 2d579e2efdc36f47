"""File-permission checks that hold when the tests run as root (as CI here does).

Root reads through ``chmod 000``. So such a check runs in a child Python that
gives up root before the check (real and effective user ``nobody``: the kernel
then refuses access as it would refuse an ordinary user) and takes it back
after, so that coverage can save what the child ran. Never ``os.seteuid`` in the
shared pytest process: it would apply to every thread there (Qt's, LiteRT's).

The child imports and warms up everything first: as ``nobody`` it cannot read
the Python installation, which may live under ``/root``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534

CHILD = """
import json, os, sys
sys.path.insert(0, sys.argv[1])
from digitpad.errors import DigitpadError
import digitpad.handwriting_profile  # and its imports: the profile checks use them
from digitpad.ink import load_ink, save_ink
from digitpad.input_files import array_from_file, expand_paths
from digitpad.preprocess import image_to_array
from tests.data.bad_inputs import digit_picture, encoded

# Pillow's plugins and numpy's lazy parts load on first use: use them now.
image_to_array(encoded(digit_picture(), "PNG"))
json.dumps({"warm": [1, None]})
dropped = os.geteuid() == 0
if dropped:
    os.setgroups([])
    os.setresgid(NOBODY, NOBODY, 0)
    os.setresuid(NOBODY, NOBODY, 0)
namespace = {"array_from_file": array_from_file, "expand_paths": expand_paths,
             "load_ink": load_ink, "image_to_array": image_to_array, "os": os}
try:
    exec(sys.argv[2], namespace)
    outcome = {"result": namespace.get("result")}
except DigitpadError as error:
    outcome = {"error": type(error).__name__, "message": str(error)}
outcome["euid"] = os.geteuid()
if dropped:
    os.setresuid(0, 0, 0)
    os.setresgid(0, 0, 0)
print(json.dumps(outcome))
""".replace("NOBODY", str(NOBODY))


def run_unprivileged(code: str) -> dict[str, Any]:
    """Run ``code`` (which may set ``result``) as an ordinary user; what it raised or set.

    Returns ``{"error": class name, "message": ...}`` for a DigitpadError, else
    ``{"result": result}``; ``"euid"`` says who ran it (asserted not root).
    """
    completed = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    outcome: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    assert outcome["euid"] != 0, "the check ran as root: permissions were not applied"
    return outcome


def is_root() -> bool:
    return os.geteuid() == 0
