"""Build hook: put the run-time files from ``models/`` and ``resources/`` into the wheel.

The top-level ``models/`` folder is where training writes the model, and it stays the only
copy in the repository. At build time this copies whatever is there (the files listed in
``digitpad.resources.SHIPPED``) into ``digitpad/_data/`` of the built package, where
``digitpad.resources.resource_path`` finds them once installed. The sdist carries the
top-level files (``MANIFEST.in``), so a wheel built from it does the same mapping.
Editable installs skip the copy: they read the files from the source tree.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _resources_module() -> ModuleType:
    """digitpad/resources.py alone: importing the package would need its dependencies."""
    spec = importlib.util.spec_from_file_location(
        "_digitpad_resources", ROOT / "digitpad" / "resources.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class BuildWithResources(build_py):
    """``build_py`` that also copies the shipped run-time files into ``digitpad/_data/``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        resources = _resources_module()
        files = resources.shipped_files(ROOT)
        if not any(path.name == "digitpad.tflite" for path in files):
            raise SystemExit("setup.py: models/digitpad.tflite is missing: train and export first")
        target = Path(self.build_lib) / "digitpad" / resources.PACKAGE_DATA
        for source in files:
            destination = target / source.relative_to(ROOT)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


setup(cmdclass={"build_py": BuildWithResources})
