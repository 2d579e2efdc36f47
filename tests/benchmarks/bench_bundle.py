"""How fast does the built app start? Launch-to-window and launch-to-first-prediction.

    python tests/benchmarks/bench_bundle.py [--exe dist/digitpad/digitpad] [--runs 7]

Measured from outside, as a person sees it, on a real X server (Xvfb, started
here unless $DISPLAY is set; needs Xvfb, xdotool and ImageMagick's ``import``):

* window: from ``exec`` until the main window is mapped and visible (xdotool
  polled every few ms);
* first prediction: a "1" is drawn on the pad as soon as the window is visible;
  from ``exec`` until the verdict (the big digit) is painted, found by polling
  screenshots of the window (resolution: one screenshot, printed);
* predict (no window): ``digitpad predict`` on one ink file, exec to exit.

Prints the first (cold) run apart and the median of the others. Targets:
window < 1 s, first prediction < 1.5 s. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from digitpad import selftest  # noqa: E402
from digitpad.ink import save_ink  # noqa: E402

DISPLAY = ":98"


def start_xvfb() -> subprocess.Popen[bytes] | None:
    if os.environ.get("DISPLAY"):
        return None
    if shutil.which("Xvfb") is None:
        raise SystemExit("needs Xvfb (apt-get install xvfb xdotool imagemagick) or a $DISPLAY")
    server = subprocess.Popen(
        # -noreset: by default the server resets when its last client leaves (xdpyinfo, xdotool),
        # and a program connecting during the reset fails ("could not connect to display").
        ["Xvfb", DISPLAY, "-screen", "0", "1280x900x24", "-nolisten", "tcp", "-noreset"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["DISPLAY"] = DISPLAY
    for _ in range(100):
        if subprocess.run(["xdpyinfo"], capture_output=True, check=False).returncode == 0:
            return server
        time.sleep(0.05)
    server.kill()
    raise SystemExit("Xvfb did not start")


def visible_window(pid: int) -> str | None:
    result = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--pid", str(pid), "--name", "digitpad"],
        capture_output=True,
        text=True,
        check=False,
    )
    ids = result.stdout.split()
    return ids[-1] if ids else None


def geometry(window: str) -> tuple[int, int, int, int]:
    out = subprocess.run(
        ["xdotool", "getwindowgeometry", "--shell", window],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(line.split("=", 1) for line in out.split())
    return int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])


def verdict_shown(window: str) -> bool:
    """Is the big digit painted? Dark pixels in the top of the right-hand panel."""
    png = subprocess.run(
        ["import", "-silent", "-window", window, "png:-"], capture_output=True, check=True
    ).stdout
    shot = Image.open(io.BytesIO(png)).convert("L")
    width, height = shot.size
    panel = shot.crop((int(width * 0.62), int(height * 0.04), width - 10, int(height * 0.17)))
    return panel.getextrema()[0] < 80


def draw_one(window: str) -> None:
    x, y, width, height = geometry(window)
    # The pad is the left half of the window.
    cx, top, bottom = x + width // 4, y + height // 4, y + height * 3 // 4
    subprocess.run(
        ["xdotool", "mousemove", str(cx), str(top), "mousedown", "1"]
        + [
            arg
            for i in range(1, 9)
            for arg in ("mousemove", str(cx), str(top + (bottom - top) * i // 8))
        ]
        + ["mouseup", "1"],
        check=True,
    )


def one_window_run(exe: Path, home: Path) -> tuple[float, float, float]:
    """(seconds to visible window, seconds to first prediction, seconds per screenshot)."""
    env = {**os.environ, "HOME": str(home)}
    env.pop("QT_QPA_PLATFORM", None)
    start = time.perf_counter()
    app = subprocess.Popen(
        [str(exe)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=home
    )
    try:
        window = None
        while window is None:
            if app.poll() is not None:
                raise SystemExit(f"{exe} exited with {app.returncode} before showing a window")
            if time.perf_counter() - start > 30:
                raise SystemExit("no window after 30 s")
            window = visible_window(app.pid)
        shown = time.perf_counter() - start
        draw_one(window)
        shots = 0
        shot_start = time.perf_counter() - start
        while not verdict_shown(window):
            shots += 1
            if time.perf_counter() - start > 30:
                raise SystemExit("no prediction after 30 s")
        predicted = time.perf_counter() - start
        per_shot = (predicted - shot_start) / (shots + 1)
        return shown, predicted, per_shot
    finally:
        app.terminate()
        app.wait(timeout=10)


def one_predict_run(exe: Path, ink: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [str(exe), "predict", str(ink)], capture_output=True, text=True, check=False
    )
    took = time.perf_counter() - start
    if result.returncode != 0 or ": 1 (" not in result.stdout:
        raise SystemExit(f"predict failed: {result.stdout}{result.stderr}")
    return took


def report(name: str, values: list[float], target: float | None = None) -> None:
    rest = values[1:] or values
    line = f"{name:<28} cold {values[0] * 1000:6.0f} ms   median {statistics.median(rest) * 1000:6.0f} ms"
    line += f"   (min {min(rest) * 1000:.0f}, max {max(rest) * 1000:.0f}, {len(rest)} warm runs)"
    if target is not None:
        line += f"   target < {target * 1000:.0f} ms"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", type=Path, default=ROOT / "dist" / "digitpad" / "digitpad")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = args.exe.resolve()
    if not exe.is_file():
        raise SystemExit(f"{exe} not found: build it first (pyinstaller build.spec)")
    server = start_xvfb()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            ink = home / "one.ink.json"
            save_ink(selftest.digit_ink(1), ink)
            windows, predictions, shots, predicts = [], [], [], []
            for _ in range(args.runs):
                shown, predicted, per_shot = one_window_run(exe, home)
                windows.append(shown)
                predictions.append(predicted)
                shots.append(per_shot)
                predicts.append(one_predict_run(exe, ink))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    files = [f for f in exe.parent.rglob("*") if f.is_file() and not f.is_symlink()]
    print(f"{exe} ({sum(f.stat().st_size for f in files) / 1e6:.1f} MB)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} at the end")
    report("launch -> visible window", windows, 1.0)
    report("launch -> first prediction", predictions, 1.5)
    report("digitpad predict (no window)", predicts)
    print(f"first-prediction resolution: one screenshot = {statistics.median(shots) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
