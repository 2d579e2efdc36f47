"""Pack the one-folder bundle into the release archive and print its size.

    python tools/release_archive.py [dist/digitpad]

Writes ``dist/digitpad-<version>-<os>-<machine>.tar.gz`` (on Linux x86-64:
``digitpad-0.1.0-linux-x86_64.tar.gz``) holding the folder ``digitpad/`` with
its symbolic links kept as links, and prints the archive's size beside the
unpacked size, the two figures a download page needs.
"""

from __future__ import annotations

import argparse
import platform
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digitpad import __version__  # noqa: E402  (the one place the version is kept)


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-amd64``, ``macos-arm64``: what the bundle runs on."""
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform)
    system = "linux" if system.startswith("linux") else system
    return f"{system}-{platform.machine().lower()}"


def tree_size(folder: Path) -> int:
    """Bytes the unpacked folder takes, counted as ``du -sb`` counts them (.ci/run's size check)."""
    return sum(p.lstat().st_size for p in [folder, *folder.rglob("*")])


def make_archive(bundle: Path, out_dir: Path) -> Path:
    archive = out_dir / f"digitpad-{__version__}-{platform_tag()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=9) as tar:
        tar.add(bundle, arcname="digitpad")
    return archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "digitpad")
    args = parser.parse_args()
    if not args.bundle.is_dir():
        print(
            f"release_archive: {args.bundle} is not a folder: build the bundle first",
            file=sys.stderr,
        )
        return 2
    archive = make_archive(args.bundle, args.bundle.parent)
    print(
        f"{archive.relative_to(Path.cwd()) if archive.is_relative_to(Path.cwd()) else archive}: "
        f"{archive.stat().st_size / 1e6:.1f} MB to download, "
        f"{tree_size(args.bundle) / 1e6:.1f} MB unpacked"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
