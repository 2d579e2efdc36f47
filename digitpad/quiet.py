"""Keeping the runtimes' log lines off the terminal unless ``--verbose`` asks for them.

LiteRT's C++ side writes lines such as "INFO: Created TensorFlow Lite XNNPACK
delegate for CPU." straight to file descriptor 2, below Python, so neither
``logging`` nor ``warnings`` can hold them back; and Qt prints notices (a missing
``XDG_RUNTIME_DIR``, a platform plugin it skipped) through its message handler.
A person running ``digitpad predict`` wants the answers and nothing else, and a
real problem is already reported by digitpad in plain words (``ModelError``).

:func:`native_log_lines_held` runs a block with fd 2 sent to a temporary file,
then writes back everything that is not a runtime log line (all of it when
verbose). Output from other threads in the meantime is therefore delayed, never
lost. :func:`qt_message_handler` is what the window installs for Qt's messages.
No Qt import here: :mod:`digitpad.reader.digit_model` uses this module too.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: A line written by LiteRT's native logging: TFLite's "INFO: ..." style or absl's "I1123 14:00:00...".
RUNTIME_LOG_LINE = re.compile(rb"^(?:(?:INFO|WARNING|ERROR|VERBOSE): |[IWEF]\d{4} \d\d:\d\d:\d\d)")

_verbose = False
_lock = threading.RLock()


def set_verbose(verbose: bool) -> None:
    """``--verbose``: let runtime log lines through (for bug reports)."""
    global _verbose
    _verbose = verbose


def is_verbose() -> bool:
    return _verbose


def without_runtime_log_lines(text: bytes) -> bytes:
    """``text`` less the lines that are runtime log lines."""
    lines = text.splitlines(keepends=True)
    return b"".join(line for line in lines if not RUNTIME_LOG_LINE.match(line))


@contextmanager
def native_log_lines_held() -> Iterator[None]:
    """Run the block with fd 2 captured; afterwards pass on what is not a runtime log line."""
    with _lock:
        sys.stderr.flush()
        try:
            saved = os.dup(2)
        except OSError:  # no stderr at all (a windowed program on Windows): nothing to hold back
            yield
            return
        with tempfile.TemporaryFile() as held:
            os.dup2(held.fileno(), 2)
            try:
                yield
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
                os.close(saved)
                held.seek(0)
                captured = held.read()
                passed = captured if _verbose else without_runtime_log_lines(captured)
                if passed:
                    os.write(2, passed)


#: The last notices held back, shown after all if Qt then fails (they say why: "could not
#: connect to display", "libxcb-cursor0 is needed").
_held_qt_notices: deque[str] = deque(maxlen=20)


def qt_message_handler(mode: Any, context: Any, message: str) -> None:
    """Qt's messages: critical and fatal ones always, the rest (debug, info, warnings) when verbose.

    A critical or fatal message brings the notices held back just before it along, since they
    explain it. Typed loosely so this module needs no Qt; ``mode`` is a ``QtMsgType``.
    """
    kind = getattr(mode, "name", str(mode))
    category = getattr(context, "category", None)
    line = f"{category}: {message}" if category and category != "default" else message
    if _verbose or kind in ("QtCriticalMsg", "QtFatalMsg"):
        while _held_qt_notices:
            print(_held_qt_notices.popleft(), file=sys.stderr)
        print(line, file=sys.stderr, flush=True)
    else:
        _held_qt_notices.append(line)
