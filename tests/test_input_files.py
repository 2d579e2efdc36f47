"""From paths to model inputs: ink files and pictures alike, folders expanded, bad files explained."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import numpy as np
import pytest

from digitpad.errors import InputError, NoDigitError
from digitpad.ink import Ink, save_ink
from digitpad.input_files import _os_error, array_from_file, expand_paths, is_readable_suffix
from digitpad.preprocess import image_to_array, ink_to_array
from tests.data.bad_inputs import (
    BAD_FILES,
    NO_DIGIT,
    digit_picture,
    write_bad_files,
    write_blank_pictures,
)
from tests.data.privileges import run_unprivileged

SEVEN = Ink.from_lists([[[10, 10], [60, 10], [30, 80]]], width=100, height=100)


def test_ink_file_gives_the_rendered_ink(tmp_path: Path) -> None:
    path = tmp_path / "seven.ink.json"
    save_ink(SEVEN, path)
    np.testing.assert_array_equal(array_from_file(path), ink_to_array(SEVEN))


def test_picture_file_gives_the_picture_array(tmp_path: Path) -> None:
    path = tmp_path / "seven.png"
    digit_picture().save(path)
    np.testing.assert_array_equal(array_from_file(path), image_to_array(digit_picture()))


def test_ink_suffix_is_case_insensitive(tmp_path: Path) -> None:
    path = tmp_path / "SEVEN.INK.JSON"
    save_ink(SEVEN, path)
    assert array_from_file(path).shape == (28, 28)


def test_empty_ink_file_is_nothing_to_read(tmp_path: Path) -> None:
    path = tmp_path / "blank.ink.json"
    path.write_text('{"width": 100, "height": 100, "strokes": []}', encoding="utf-8")
    with pytest.raises(NoDigitError):
        array_from_file(path)


@pytest.mark.parametrize("content", ["", "{", '{"strokes": 3}', "\x00\x01"])
def test_malformed_ink_file_is_an_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.ink.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        array_from_file(path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("name", [*sorted(BAD_FILES), "loop.png", "folder.png"])
def test_bad_picture_file_is_refused(tmp_path: Path, name: str) -> None:
    cases = write_bad_files(tmp_path)
    with pytest.raises(InputError) as info:
        array_from_file(tmp_path / name)
    assert re.search(cases[name].reason, str(info.value)), str(info.value)
    assert "\n" not in str(info.value)


def test_blank_pictures_are_no_digit(tmp_path: Path) -> None:
    for name in write_blank_pictures(tmp_path):
        with pytest.raises(NoDigitError, match=NO_DIGIT):
            array_from_file(tmp_path / name)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        array_from_file(tmp_path / "nope.png")
    with pytest.raises(InputError, match="does not exist"):
        array_from_file(tmp_path / "nope.ink.json")


def test_unreadable_picture(open_tmp: Path) -> None:
    path = open_tmp / "locked.png"
    digit_picture().save(path)
    read = run_unprivileged(f"result = array_from_file({str(path)!r}).shape")
    assert read["result"] == [28, 28]  # the same user reads it while it is readable
    path.chmod(0)
    refused = run_unprivileged(f"result = array_from_file({str(path)!r}).shape")
    assert (refused.get("error"), refused.get("message")) == (
        "InputError",
        "Permission denied: the file cannot be read.",
    )


def expanded_unprivileged(*paths: Path) -> list[list[str | None]]:
    """``expand_paths`` as an ordinary user: [path, problem or None] for each entry."""
    code = (
        "result = [[str(p), None if e is None else str(e)] "
        f"for p, e in expand_paths({[str(p) for p in paths]!r})]"
    )
    return run_unprivileged(code)["result"]


# --------------------------------------------------------------- folders


def test_readable_suffixes() -> None:
    for name in ("a.png", "a.JPG", "a.jpeg", "a.gif", "a.tif", "a.webp", "a.bmp", "a.ink.json"):
        assert is_readable_suffix(name), name
    for name in ("a.txt", "a.json", "a.svg", "a.pdf", "README", "a.png.bak"):
        assert not is_readable_suffix(name), name


def test_folder_expands_to_its_pictures_and_inks_sorted(tmp_path: Path) -> None:
    for name in ("b.png", "a.ink.json", "c.JPG", "notes.txt", "data.json", "0.gif"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub.png").mkdir()  # a folder with a picture's name is not a file to read
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "deep.png").write_bytes(b"x")
    expanded = list(expand_paths([tmp_path]))
    assert [path.name for path, _ in expanded] == ["0.gif", "a.ink.json", "b.png", "c.JPG"]
    assert all(problem is None for _, problem in expanded)


def test_files_and_folders_keep_the_order_given(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "x.png").write_bytes(b"x")
    single = tmp_path / "z.png"
    missing = tmp_path / "missing.png"
    expanded = list(expand_paths([str(single), folder, missing]))
    assert [path for path, _ in expanded] == [single, folder / "x.png", missing]
    # A missing file is passed on for the reader to explain.
    assert expanded[2][1] is None


def test_folder_without_pictures_is_reported(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    [(path, problem)] = list(expand_paths([tmp_path]))
    assert path == tmp_path
    assert isinstance(problem, InputError)
    assert "no pictures or ink files" in str(problem)


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    [(_, problem)] = list(expand_paths([tmp_path]))
    assert isinstance(problem, InputError)


def test_symlink_loop_in_a_folder_is_listed_then_explained(tmp_path: Path) -> None:
    digit_picture().save(tmp_path / "a.png")
    os.symlink(tmp_path / "loop.png", tmp_path / "loop.png")
    expanded = list(expand_paths([tmp_path]))
    assert [path.name for path, _ in expanded] == ["a.png", "loop.png"]
    with pytest.raises(InputError, match="loop"):
        array_from_file(tmp_path / "loop.png")


def test_symlink_loop_as_an_argument(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    [(path, problem)] = list(expand_paths([loop]))
    assert path == loop
    reason = problem or _reason(path)
    assert "loop" in str(reason)


def _reason(path: Path) -> InputError:
    try:
        array_from_file(path)
    except InputError as error:
        return error
    raise AssertionError(f"{path} was read")


def test_unlistable_folder(open_tmp: Path) -> None:
    """The folder is there (it can be looked up) but its names cannot be listed."""
    folder = open_tmp / "locked"
    folder.mkdir()
    (folder / "seven.png").write_bytes(b"x")
    assert expanded_unprivileged(folder) == [[str(folder / "seven.png"), None]]
    folder.chmod(0o111)  # may be entered, not listed
    assert expanded_unprivileged(folder) == [
        [str(folder), "Permission denied: the folder cannot be read."]
    ]


def test_path_inside_a_folder_that_cannot_be_entered(open_tmp: Path) -> None:
    """Even asking whether the path is a folder is refused: said plainly, and the next path follows."""
    locked = open_tmp / "locked"
    (locked / "inner").mkdir(parents=True)
    (locked / "inner" / "seven.png").write_bytes(b"x")
    locked.chmod(0)
    after = open_tmp / "after.png"
    assert expanded_unprivileged(locked / "inner", after) == [
        [str(locked / "inner"), "Permission denied: the folder cannot be read."],
        [str(after), None],
    ]


def test_name_too_long_for_the_system_is_explained(tmp_path: Path) -> None:
    path = tmp_path / ("7" * 300 + ".png")
    [(reported, problem)] = list(expand_paths([path]))
    assert reported == path
    # Python 3.14's is_dir() answers False instead of raising; then the reader explains.
    reason = str(problem or _reason(path))
    assert "too long" in reason
    assert "Errno" not in reason
    assert "\n" not in reason


def test_loop_of_links_reads_as_a_loop(tmp_path: Path) -> None:
    """Some platforms' is_dir() raises for a loop (here it answers False); the words are ready."""
    loop = tmp_path / "loop"
    os.symlink(loop, loop)
    with pytest.raises(OSError, match="symbolic links") as info:
        os.stat(loop)
    assert info.value.errno == errno.ELOOP
    assert str(_os_error(info.value)) == "The path is a loop of symbolic links."


def test_file_inside_a_file_is_explained(tmp_path: Path) -> None:
    """The error path of an unreadable path, testable as root: ``picture.png/x.png``."""
    parent = tmp_path / "picture.png"
    digit_picture().save(parent)
    [(path, problem)] = list(expand_paths([parent / "x.png"]))
    assert problem is None
    error = _reason(path)
    assert "\n" not in str(error)
    assert "Errno" not in str(error)
