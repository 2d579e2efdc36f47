"""Checks on the built one-folder bundle (``dist/digitpad``), run by .ci/run after the build.

They need a built bundle, so they run only when ``DIGITPAD_BUNDLE`` names it
(``.ci/run`` sets it); a plain ``pytest`` skips them, visibly. Every check runs
the real executable, the way a person would start it: from another folder,
from a folder whose name has spaces and non-ASCII letters, installed
read-only, and with its model deleted.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from digitpad import __version__, selftest
from digitpad.ink import save_ink
from tests.data.launch import WINDOW_SHOWN, Launched, launch_window
from tests.data.shipped import RUNTIME_FILES

ROOT = Path(__file__).resolve().parents[2]

BUNDLE_ENV = "DIGITPAD_BUNDLE"
EXE_NAME = "digitpad.exe" if sys.platform == "win32" else "digitpad"
MODEL_IN_BUNDLE = Path("_internal", "models", "digitpad.tflite")
#: Qt modules and libraries the bundle must not carry (see build.spec).
FORBIDDEN = (
    "/tensorflow/",
    "/keras/",
    "/matplotlib/",
    "/scipy/",
    "libQt6Qml",
    "libQt6Quick",
    "libQt6Network",
    "libQt6WebEngine",
    "libQt6Pdf",
    "libQt6Multimedia",
    "/translations/",
    "/imageformats/",
)


@pytest.fixture(scope="module")
def bundle() -> Path:
    value = os.environ.get(BUNDLE_ENV)
    if not value:
        pytest.skip(f"no bundle to check: build it and set {BUNDLE_ENV}=dist/digitpad")
    folder = Path(value).resolve()
    assert (folder / EXE_NAME).is_file(), f"{folder} holds no {EXE_NAME}: was the build run?"
    return folder


@pytest.fixture(scope="module")
def odd_place(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundle under a folder name with spaces and non-ASCII letters."""
    target = tmp_path_factory.mktemp("install") / "Programme für Zahlen é 数字" / "digitpad"
    shutil.copytree(bundle, target, symlinks=True)
    return target


def clean_env(**extra: str) -> dict[str, str]:
    """The environment of a person's session: no source tree, no test settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONHOME", selftest.MODEL_ENV, "VIRTUAL_ENV")
    }
    env.update(extra)
    return env


def run(
    exe: Path, *args: str, cwd: Path, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in folder.rglob("*")
    }


def test_version_is_the_package_version(bundle: Path, tmp_path: Path) -> None:
    result = run(bundle / EXE_NAME, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"digitpad {__version__}"


def test_self_test_passes_from_another_folder(bundle: Path, tmp_path: Path) -> None:
    result = run(bundle / EXE_NAME, "--self-test", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"model: {bundle / MODEL_IN_BUNDLE}" in result.stdout
    assert "passed: all" in result.stdout


def test_self_test_passes_from_a_path_with_spaces_and_non_ascii(
    odd_place: Path, tmp_path: Path
) -> None:
    result = run(odd_place / EXE_NAME, "--self-test", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "数字" in result.stdout  # the model path, printed as it is
    assert "passed: all" in result.stdout


def test_runs_from_a_read_only_install_and_writes_nothing_there(
    odd_place: Path, tmp_path: Path
) -> None:
    read_only = tmp_path / "ro" / "digitpad"
    shutil.copytree(odd_place, read_only, symlinks=True)
    before = tree(read_only)
    paths = [read_only, *read_only.rglob("*")]
    for path in paths:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        self_test = run(read_only / EXE_NAME, "--self-test", cwd=tmp_path)
        ink = tmp_path / "four.ink.json"
        save_ink(selftest.digit_ink(4), ink)
        window = launch(read_only / EXE_NAME, tmp_path, str(ink))
    finally:
        for path in paths:
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | stat.S_IWUSR)
    assert self_test.returncode == 0, self_test.stdout + self_test.stderr
    assert window.returncode is None, window.stderr
    assert window.first_answer() == "4", f"no answer 4 on the window:\n{window.stderr}"
    # Root ignores permissions, so also check directly that nothing was written.
    assert tree(read_only) == before


def test_self_test_fails_in_plain_words_without_the_model(odd_place: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken" / "digitpad"
    shutil.copytree(odd_place, broken, symlinks=True)
    (broken / MODEL_IN_BUNDLE).unlink()
    result = run(broken / EXE_NAME, "--self-test", cwd=tmp_path)
    assert result.returncode == 1
    assert f"FAILED: The model file is missing ({broken / MODEL_IN_BUNDLE})." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_predict_reads_pictures_and_ink_files(bundle: Path, tmp_path: Path) -> None:
    # One file per picture format a person is likely to have, all decoded by the bundle's Pillow.
    folder = tmp_path / "Zahlen é"
    folder.mkdir()
    expected = {}
    for digit, suffix in ((0, ".png"), (7, ".jpg"), (0, ".webp"), (7, ".tif"), (0, ".bmp")):
        path = folder / f"digit {digit}{suffix}"
        selftest.digit_picture(digit).convert("RGB").save(path)
        expected[path.name] = digit
    for digit in selftest.DIGITS:
        path = folder / f"drawn {digit}.ink.json"
        save_ink(selftest.digit_ink(digit), path)
        expected[path.name] = digit
    result = run(bundle / EXE_NAME, "predict", "--json", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    found = {Path(r["path"]).name: r["digit"] for r in map(json.loads, result.stdout.splitlines())}
    assert found == expected


def test_predict_refuses_a_non_picture_in_plain_words(bundle: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.png"
    bogus.write_text("shopping list", encoding="utf-8")
    result = run(bundle / EXE_NAME, "predict", str(bogus), cwd=tmp_path)
    assert result.returncode == 1
    assert "not a picture" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def launch(exe: Path, cwd: Path, *files: str) -> Launched:
    """Start the window offscreen (on ``files``); wait for its first answer; close it."""
    env = clean_env(QT_QPA_PLATFORM="offscreen", HOME=str(cwd))
    return launch_window([str(exe), *files], cwd=cwd, env=env)


def test_window_opens_a_picture_and_shows_its_digit(bundle: Path, tmp_path: Path) -> None:
    """The window comes up with its Qt plugins, reads the picture it is given and shows "7".

    Offscreen, so the proof is the program's own log: "Window shown." after the
    window is up, "First answer shown: 7 (…)" once the answer is on its labels.
    """
    picture = tmp_path / "seven.png"
    selftest.digit_picture(7).save(picture)
    launched = launch(bundle / EXE_NAME, tmp_path, str(picture))
    assert launched.returncode is None, f"the window exited early:\n{launched.stderr}"
    assert WINDOW_SHOWN in launched.stderr, launched.stderr
    assert launched.first_answer() == "7", f"no answer 7 on the window:\n{launched.stderr}"
    for problem in ("Traceback", "Could not load the Qt platform plugin", "Model not loaded"):
        assert problem not in launched.stderr, launched.stderr


def test_bundle_holds_the_run_time_files_but_no_training_tools(bundle: Path) -> None:
    files = [p.relative_to(bundle).as_posix() for p in bundle.rglob("*")]
    assert (bundle / MODEL_IN_BUNDLE).is_file()
    data = bundle / "_internal"
    missing = [f for f in sorted(RUNTIME_FILES) if not (data / f).is_file()]
    assert missing == []
    for relative in RUNTIME_FILES:
        assert (data / relative).read_bytes() == (ROOT / relative).read_bytes(), relative
    unwanted = [f for f in files if any(part in f"/{f}/" for part in FORBIDDEN)]
    assert unwanted == []
    dangling = [f for f in files if (bundle / f).is_symlink() and not (bundle / f).exists()]
    assert dangling == []


def test_predict_prints_answers_only_and_verbose_shows_the_runtime_log(
    bundle: Path, tmp_path: Path
) -> None:
    sample = bundle / "_internal" / "resources" / "samples" / "seven.png"
    quiet = run(bundle / EXE_NAME, "predict", str(sample), cwd=tmp_path)
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.startswith(f"{sample}: 7 (")
    assert quiet.stderr == ""
    verbose = run(bundle / EXE_NAME, "--verbose", "predict", str(sample), cwd=tmp_path)
    assert verbose.stdout == quiet.stdout
    assert "XNNPACK" in verbose.stderr


def test_desktop_entry_starts_the_bundle_wherever_it_lies(odd_place: Path, tmp_path: Path) -> None:
    data_home = tmp_path / "share"
    result = run(
        odd_place / EXE_NAME, "--install-desktop-entry", cwd=tmp_path, XDG_DATA_HOME=str(data_home)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    entry = (data_home / "applications" / "digitpad.desktop").read_text(encoding="utf-8")
    assert f'\nExec="{odd_place / EXE_NAME}" %f\n' in entry  # quoted: the path has spaces
    for size in (16, 32, 48, 64, 128, 256):
        assert (
            data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "digitpad.png"
        ).is_file()
