"""Checks on the built wheel and sdist, and on the wheel installed as a user installs it.

Run by ``.ci/run`` after ``python -m build``: ``DIGITPAD_DIST`` names the folder
holding the wheel and sdist, ``DIGITPAD_WHEEL_VENV`` a fresh virtual environment
where the wheel was installed (not editable). A plain ``pytest`` skips them, visibly.
The wheel must carry exactly the run-time files of ``tests/data/shipped.py``, as
``models/`` and ``resources/`` hold them now (the build maps them; nothing is a
committed copy), and nothing for training.
"""

from __future__ import annotations

import os
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from digitpad import __version__
from digitpad.resources import PACKAGE_DATA
from tests.data.shipped import RUNTIME_FILES

ROOT = Path(__file__).resolve().parents[2]


def _folder(variable: str) -> Path:
    value = os.environ.get(variable)
    if not value:
        pytest.skip(f"no built wheel to check: run .ci/run, or build it and set {variable}")
    return Path(value).resolve()


@pytest.fixture(scope="module")
def wheel() -> zipfile.ZipFile:
    (path,) = _folder("DIGITPAD_DIST").glob(f"digitpad-{__version__}-py3-none-any.whl")
    return zipfile.ZipFile(path)


@pytest.fixture(scope="module")
def sdist() -> tarfile.TarFile:
    return tarfile.open(_folder("DIGITPAD_DIST") / f"digitpad-{__version__}.tar.gz")


@pytest.fixture(scope="module")
def venv() -> Path:
    return _folder("DIGITPAD_WHEEL_VENV")


def test_wheel_carries_what_models_and_resources_hold_now(wheel: zipfile.ZipFile) -> None:
    """Exactly the fixed list of run-time files (not SHIPPED, which the build itself reads),
    each the same bytes as in models/ and resources/ now."""
    data = f"digitpad/{PACKAGE_DATA}/"
    carried = {n.removeprefix(data) for n in wheel.namelist() if n.startswith(data)}
    assert carried == RUNTIME_FILES
    for relative in sorted(RUNTIME_FILES):
        assert wheel.read(data + relative) == (ROOT / relative).read_bytes(), relative


def test_wheel_holds_no_training_files(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert not [n for n in names if n.endswith((".keras", ".h5")) or "training/" in n]
    assert not [n for n in names if n.startswith(("tests/", "models/", "resources/"))]


def test_sdist_builds_the_same_wheel(sdist: tarfile.TarFile) -> None:
    names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert names >= RUNTIME_FILES, sorted(RUNTIME_FILES - names)
    assert "models/digitpad.keras" not in names
    assert "setup.py" in names


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        command,
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_installed_wheel_finds_its_model_inside_the_package(venv: Path, tmp_path: Path) -> None:
    result = run([str(venv / "bin" / "digitpad"), "--self-test"], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"/site-packages/digitpad/{PACKAGE_DATA}/models/digitpad.tflite" in result.stdout
    assert str(ROOT) not in result.stdout  # not the checkout's model
    assert result.stderr == ""


def test_installed_wheel_reads_the_samples_it_ships(venv: Path, tmp_path: Path) -> None:
    code = (
        "from digitpad.resources import resource_path;print(resource_path('resources', 'samples'))"
    )
    samples = run([str(venv / "bin" / "python"), "-c", code], cwd=tmp_path).stdout.strip()
    result = run([str(venv / "bin" / "digitpad"), "predict", samples], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    digits = {
        Path(line.split(": ")[0]).name: line.split(": ")[1][0]
        for line in result.stdout.splitlines()
    }
    names = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    expected = {
        f"{name}{suffix}": str(d)
        for d, name in enumerate(names)
        for suffix in (".png", ".ink.json")
    }
    assert digits == expected


def test_installed_wheel_writes_a_desktop_entry_for_its_script(venv: Path, tmp_path: Path) -> None:
    script = venv / "bin" / "digitpad"
    result = run(
        [str(script), "--install-desktop-entry"], cwd=tmp_path, XDG_DATA_HOME=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    entry = (tmp_path / "applications" / "digitpad.desktop").read_text(encoding="utf-8")
    assert f"\nExec={script} %f\n" in entry
    assert (tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "digitpad.png").is_file()
