"""Benchmark of the window: per-update latency while drawing, and start-up times.

Not collected by pytest (a script). Run from the project root::

    DIGITPAD_DATA_DIR=... QT_QPA_PLATFORM=offscreen python tests/benchmarks/bench_app.py

Latency: UNIPEN pen digits (or, without the data set, the samples in
``resources/samples``) are replayed point by point as mouse events on the pad
of the real window; after each point the window's update runs (preprocess +
inference + label/chart/preview update) and the window is repainted
synchronously. The median and 95th percentile are printed for the whole
update and for its parts, against the 16.7 ms of a 60 Hz frame.

Start-up: a fresh Python process imports digitpad, builds and shows the
window, and records when the window was first shown and when the first
prediction (of a sample drawing) was on screen; several runs, median.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# The project root, for ``training`` (UNIPEN loader) when run as a script.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

STARTUP_CHILD = r"""
import sys, time, json
launched = float(sys.argv[1])
model = sys.argv[2] or None
from PySide6.QtWidgets import QApplication
from PySide6.QtCore import QSettings, QStandardPaths
QStandardPaths.setTestModeEnabled(True)
app = QApplication(["digitpad-bench"])
from digitpad.app import create_window
from digitpad.ink import load_ink
from digitpad.resources import resource_path
window = create_window(model)
window.show()
app.processEvents()
shown = time.time()
while not (window.is_model_ready() or window.model_error):
    app.processEvents()
    time.sleep(0.001)
window.pad.set_ink(load_ink(resource_path("resources", "samples", "seven.ink.json")))
window.update_prediction()
window.repaint()
predicted = time.time()
print(json.dumps({"shown": shown - launched, "predicted": predicted - launched,
                  "digit": window.predicted_digit(), "error": window.model_error}))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def load_inks(count: int) -> list:
    from training.datasets import data_dir, load_unipen

    folder = data_dir("unipen-dev")
    if folder is not None:
        digits = load_unipen(folder)
        step = max(1, len(digits) // count)
        return [d.ink for d in digits[::step][:count]]
    from digitpad.ink import load_ink
    from digitpad.resources import resource_path

    print("(DIGITPAD_DATA_DIR not set: replaying the bundled samples instead of UNIPEN)")
    return [load_ink(p) for p in sorted(resource_path("resources", "samples").glob("*.ink.json"))]


def bench_updates(digit_count: int, model: str | None) -> None:
    from PySide6.QtCore import QEvent, QPointF, QSettings, QStandardPaths, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    QStandardPaths.setTestModeEnabled(True)
    QSettings.setPath(
        QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "/nonexistent-bench"
    )
    app = QApplication.instance() or QApplication(["digitpad-bench"])
    from digitpad.app import create_window
    from digitpad.preprocess import ink_to_array

    window = create_window(model)
    window.show()
    while not (window.is_model_ready() or window.model_error):
        app.processEvents()
        time.sleep(0.005)
    if window.model_error:
        sys.exit(f"no model: {window.model_error}")
    recognizer = window.recognizer
    assert recognizer is not None
    pad = window.pad

    def send(kind: QEvent.Type, point: QPointF) -> None:
        button = (
            Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        )
        held = (
            Qt.MouseButton.NoButton
            if kind == QEvent.Type.MouseButtonRelease
            else Qt.MouseButton.LeftButton
        )
        QApplication.sendEvent(
            pad, QMouseEvent(kind, point, point, button, held, Qt.KeyboardModifier.NoModifier)
        )

    total, preprocess, infer, repaint = [], [], [], []
    for ink in load_inks(digit_count):
        window.clear()
        points = ink.points
        low, high = points.min(axis=0), points.max(axis=0)
        scale = 0.7 * min(pad.width(), pad.height()) / float((high - low).max() or 1)
        offset = ((pad.width(), pad.height()) - (low + high) * scale) / 2
        for stroke in ink.strokes:
            xy = [QPointF(*p) for p in (stroke[:, :2] * scale + offset).tolist()]
            send(QEvent.Type.MouseButtonPress, xy[0])
            for point in xy[1:]:
                send(QEvent.Type.MouseMove, point)
                start = time.perf_counter()
                window.update_prediction()
                window.repaint()  # synchronous paint of the whole window
                total.append(time.perf_counter() - start)
                # The parts, measured separately on the same ink.
                t0 = time.perf_counter()
                array = ink_to_array(pad.ink())
                t1 = time.perf_counter()
                recognizer.predict(array)
                t2 = time.perf_counter()
                window.repaint()
                t3 = time.perf_counter()
                preprocess.append(t1 - t0)
                infer.append(t2 - t1)
                repaint.append(t3 - t2)
            send(QEvent.Type.MouseButtonRelease, xy[-1])
    window.close()
    print(
        f"Live updates: {len(total)} points of {digit_count} pen digits, "
        f"window {window.width()}x{window.height()}, pad {pad.width()}x{pad.height()}"
    )
    print(f"{'':28}{'median':>9}{'p95':>9}{'max':>9}   (ms)")
    for name, values in (
        ("update + repaint (total)", total),
        ("  preprocess (ink->28x28)", preprocess),
        ("  inference (LiteRT)", infer),
        ("  repaint window", repaint),
    ):
        ms = [v * 1000 for v in values]
        print(f"{name:28}{statistics.median(ms):9.2f}{percentile(ms, 95):9.2f}{max(ms):9.2f}")
    print(
        f"frame budget at 60 Hz: 16.67 ms; p95 total uses "
        f"{percentile(total, 95) * 1000 / 16.67:.0%} of it"
    )


def bench_startup(runs: int, model: str | None) -> None:
    shown, predicted = [], []
    for _ in range(runs):
        launched = time.time()
        result = subprocess.run(
            [sys.executable, "-c", STARTUP_CHILD, repr(launched), model or ""],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        if result.returncode != 0:
            sys.exit(f"start-up run failed:\n{result.stderr[-3000:]}")
        data = json.loads(result.stdout.strip().splitlines()[-1])
        shown.append(data["shown"])
        predicted.append(data["predicted"])
    print(f"Start-up over {runs} fresh processes (median, min-max):")
    print(
        f"  launch -> window shown:     {statistics.median(shown) * 1000:7.0f} ms "
        f"({min(shown) * 1000:.0f}-{max(shown) * 1000:.0f})"
    )
    print(
        f"  launch -> first prediction: {statistics.median(predicted) * 1000:7.0f} ms "
        f"({min(predicted) * 1000:.0f}-{max(predicted) * 1000:.0f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="digitpad window benchmark")
    parser.add_argument("--digits", type=int, default=40, help="pen digits to replay")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs")
    parser.add_argument("--model", help="model file (default: the bundled one)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, platform {os.environ.get('QT_QPA_PLATFORM')}")
    bench_updates(args.digits, args.model)
    bench_startup(args.runs, args.model)


if __name__ == "__main__":
    main()
