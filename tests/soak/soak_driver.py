"""Soak driver: many live updates through the real window, in its own process.

Draws real pen digits (the UNIPEN samples in ``resources/samples``) point by
point on the pad of the real window, through the window's own live path (the pad's
``inkChanged``, the frame timer, the update; only the frame is made 0 ms) with
one answer after every point (preprocessing, inference, label texts, chart and
preview repainted), and
undoing or clearing between digits, until ``--updates`` refreshes are done.
Every refresh sets the prediction and confidence labels' text, so this also
exercises ``QLabel.setText`` tens of thousands of times: PySide6 6.12.0 on
Python < 3.12 aborts after a few thousand such calls, and this process then dies.

Prints one JSON line (updates, seconds, RSS) and exits 0, or 1 when the
resident memory grew more than ``--max-growth-mb`` after warm-up.
Run: ``QT_QPA_PLATFORM=offscreen python tests/soak/soak_driver.py --updates 20000``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QPointF, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel

from digitpad.app import create_window
from digitpad.ink import Ink, load_ink
from digitpad.resources import resource_path

WARM_UP = 1000
#: A move whose answer has not come after this long is a hang, not a slow machine.
UPDATE_TIMEOUT_S = 60.0


def wait_for_update(app: QApplication, shown: list[int], before: int) -> bool:
    """Run the event loop until the window has shown one more answer (False on time-out)."""
    deadline = time.monotonic() + UPDATE_TIMEOUT_S
    while shown[0] == before:
        if time.monotonic() > deadline:
            return False
        app.processEvents()
    return True


def rss_mb() -> float | None:
    """Resident memory now (Linux), else the peak (other Unix); None where neither exists."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        pages = int(statm.read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def fit(ink: Ink, width: float, height: float, step: int) -> list[list[QPointF]]:
    points = ink.points
    low, high = points.min(axis=0), points.max(axis=0)
    scale = (0.55 + 0.05 * (step % 5)) * min(width, height) / float((high - low).max())
    offset = ((width, height) - (low + high) * scale) / 2
    return [[QPointF(*p) for p in (s[:, :2] * scale + offset).tolist()] for s in ink.strokes]


def send(pad: object, kind: QEvent.Type, point: QPointF) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    held = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(kind, point, point, button, held, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(pad, event)  # type: ignore[arg-type]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=20_000)
    parser.add_argument("--max-growth-mb", type=float, default=150.0)
    parser.add_argument("--model", default=None, help="model file (default: the bundled one)")
    args = parser.parse_args()

    settings = tempfile.mkdtemp(prefix="digitpad-soak-")
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, settings)
    app = QApplication(["digitpad-soak"])
    window = create_window(args.model)
    window.show()
    deadline = time.monotonic() + 60
    while not (window.is_model_ready() or window.model_error) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if not window.is_model_ready():
        print(json.dumps({"error": window.model_error or "model did not load in time"}))
        return 2
    label = window.findChild(QLabel, "predictionLabel")
    # The window's own live path: each move reaches the pad, whose inkChanged starts the
    # window's frame timer, whose timeout updates the answer. Only the frame is shortened
    # (0 ms: the next turn of the event loop), so 20,000 updates do not take 20,000 frames.
    frame_timer = window.findChild(QTimer, "liveUpdateTimer")
    if frame_timer is None:
        print(json.dumps({"error": "the window has no liveUpdateTimer"}))
        return 2
    frame_timer.setInterval(0)
    shown = [0]

    def count_update() -> None:
        shown[0] += 1

    window.predictionUpdated.connect(count_update)
    changes = [0]

    def count_change() -> None:
        changes[0] += 1

    window.pad.inkChanged.connect(count_change)
    inks = [load_ink(p) for p in sorted(resource_path("resources", "samples").glob("*.ink.json"))]
    pad = window.pad
    updates = digits = answers = 0
    baseline = None
    start = time.perf_counter()
    while updates < args.updates:
        ink = inks[digits % len(inks)]
        for stroke in fit(ink, pad.width(), pad.height(), digits):
            send(pad, QEvent.Type.MouseButtonPress, stroke[0])
            for point in stroke[1:]:
                before, changed = shown[0], changes[0]
                send(pad, QEvent.Type.MouseMove, point)
                if changes[0] == changed:
                    continue  # the same point again: the pad keeps it once, nothing to answer
                if not wait_for_update(app, shown, before):
                    print(json.dumps({"error": f"no answer {UPDATE_TIMEOUT_S} s after a move"}))
                    return 1
                app.processEvents()  # paints the labels, chart, preview and pad
                updates += 1
                answers += bool(label.text())
            before = shown[0]
            send(pad, QEvent.Type.MouseButtonRelease, stroke[-1])  # one more update
            if shown[0] == before:
                print(json.dumps({"error": "no answer when the pen lifted"}))
                return 1
            app.processEvents()
            updates += 1
        digits += 1
        # Alternate the ways a drawing goes away: undo every stroke, or clear.
        if digits % 2:
            while window.pad.can_undo():
                window.undo_action.trigger()
        else:
            window.clear_action.trigger()
        if baseline is None and updates >= WARM_UP:
            baseline = rss_mb()
    seconds = time.perf_counter() - start
    end = rss_mb()
    growth = None if baseline is None or end is None else end - baseline
    result = {
        "updates": updates,
        "digits": digits,
        "answers_shown": answers,
        "seconds": round(seconds, 1),
        "rss_after_warm_up_mb": None if baseline is None else round(baseline, 1),
        "rss_end_mb": None if end is None else round(end, 1),
        "growth_mb": None if growth is None else round(growth, 1),
    }
    print(json.dumps(result))
    window.close()
    if answers < updates // 2:
        print("too few answers shown: the model is not being asked", file=sys.stderr)
        return 1
    if growth is not None and growth > args.max_growth_mb:
        print(f"memory grew {growth:.0f} MB (limit {args.max_growth_mb:.0f} MB)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
