"""The ``*.ink.json`` format: what loads, what is refused and why, and that saving loses nothing.

Every refusal must be an :class:`InputError` with a message a person can act on,
never a ``KeyError`` or ``json`` traceback.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digitpad.errors import DigitpadError, InputError, NoDigitError
from digitpad.ink import (
    MAX_COORDINATE,
    Ink,
    ink_from_json,
    is_ink_path,
    load_ink,
    save_ink,
)
from digitpad.preprocess import ink_to_array
from tests.data.memory import refused_with_peak
from tests.data.privileges import run_unprivileged


def write(tmp_path: Path, content: str | bytes, name: str = "drawing.ink.json") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# ------------------------------------------------------------------ good files


def test_load_full_file_with_size_and_pressure(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        json.dumps(
            {"width": 280, "height": 200, "strokes": [[[1, 2], [3, 4, 0.5]], [[10.5, 20.25, 1.0]]]}
        ),
    )
    ink = load_ink(path)
    assert ink.width == 280.0
    assert ink.height == 200.0
    assert len(ink.strokes) == 2
    # Mixed pressure in a stroke: the geometry is kept, the partial pressure dropped.
    np.testing.assert_array_equal(ink.strokes[0], [[1, 2], [3, 4]])
    np.testing.assert_array_equal(ink.strokes[1], [[10.5, 20.25, 1.0]])
    np.testing.assert_array_equal(ink.points, [[1, 2], [3, 4], [10.5, 20.25]])
    assert not ink.is_empty


def test_width_and_height_are_optional(tmp_path: Path) -> None:
    ink = load_ink(write(tmp_path, '{"strokes": [[[0, 0], [5, 5]]]}'))
    assert ink.width is None
    assert ink.height is None
    assert ink.points.shape == (2, 2)


def test_bare_list_of_strokes_is_accepted(tmp_path: Path) -> None:
    ink = load_ink(write(tmp_path, "[[[0, 0], [1, 1]], [[2, 2]]]"))
    assert len(ink.strokes) == 2


def test_empty_strokes_load_as_empty_ink(tmp_path: Path) -> None:
    """An empty pad is a valid drawing: it is the recognizer that says there is nothing to read."""
    ink = load_ink(write(tmp_path, '{"strokes": [[], []]}'))
    assert ink.is_empty
    assert ink.points.shape == (0, 2)
    with pytest.raises(NoDigitError, match=r"[Nn]othing to read"):
        ink_to_array(ink)


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    ink = Ink.from_lists(
        [[[0.5, 1.25], [3, 4]], [[7, 8, 0.75], [9, 10, 0.5]]], width=300, height=150.5
    )
    path = tmp_path / "out.ink.json"
    save_ink(ink, path)
    again = load_ink(path)
    assert again.width == 300.0
    assert again.height == 150.5
    assert len(again.strokes) == len(ink.strokes)
    for a, b in zip(again.strokes, ink.strokes, strict=True):
        np.testing.assert_array_equal(a, b)
    assert json.loads(path.read_text(encoding="utf-8"))["strokes"][1][0] == [7.0, 8.0, 0.75]


def test_save_without_size_writes_no_size(tmp_path: Path) -> None:
    path = tmp_path / "out.ink.json"
    save_ink(Ink.from_lists([[[1, 2]]]), path)
    assert set(json.loads(path.read_text(encoding="utf-8"))) == {"strokes"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.ink.json", True),
        ("A.INK.JSON", True),
        ("dir/x.Ink.Json", True),
        ("a.json", False),
        ("a.png", False),
    ],
)
def test_is_ink_path(name: str, expected: bool) -> None:
    assert is_ink_path(name) is expected


# ------------------------------------------------------------------- bad files

MALFORMED = {
    "empty file": ("", "empty"),
    "only whitespace": ("  \n\t ", "empty"),
    "not json": ("strokes: [[0, 0]]", "not valid JSON"),
    "truncated json": ('{"strokes": [[[0, 0], [1', "not valid JSON"),
    "a number": ("42", "object with a list of strokes"),
    "a string": ('"hello"', "object with a list of strokes"),
    "no strokes key": ('{"width": 10}', '"strokes"'),
    "strokes not a list": ('{"strokes": {"a": 1}}', '"strokes"'),
    "stroke not a list": ('{"strokes": [5]}', "Stroke 1 is not a list of points"),
    "point not a pair": ('{"strokes": [[[1, 2], [1]]]}', "Stroke 1 has a point that is not"),
    "point with four values": ('{"strokes": [[[1, 2, 3, 4]]]}', "not \\[x, y\\]"),
    "point is a number": ('{"strokes": [[], [7]]}', "Stroke 2 has a point"),
    "string coordinate": ('{"strokes": [[["1", 2]]]}', "not a number"),
    "boolean coordinate": ('{"strokes": [[[true, 2]]]}', "not a number"),
    "null coordinate": ('{"strokes": [[[null, 2]]]}', "not a number"),
    "NaN coordinate": ('{"strokes": [[[NaN, 2]]]}', "not a finite number"),
    "Infinity coordinate": ('{"strokes": [[[0, 0], [Infinity, 2]]]}', "not a finite number"),
    "overflowing coordinate": ('{"strokes": [[[1e400, 2]]]}', "not a finite number"),
    "far-out coordinate": ('{"strokes": [[[0, 0], [1e300, 2]]]}', "too far out"),
    "negative width": ('{"width": -5, "strokes": []}', "width must be a positive number"),
    "zero height": ('{"height": 0, "strokes": []}', "height must be a positive number"),
    "string width": ('{"width": "wide", "strokes": []}', "width must be a positive number"),
    "boolean width": ('{"width": true, "strokes": []}', "width must be a positive number"),
    "infinite width": ('{"width": Infinity, "strokes": []}', "width must be a finite number"),
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "not valid JSON|not \\[x, y\\]|not a list"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_ink_file_is_refused_in_plain_words(tmp_path: Path, case: str) -> None:
    content, message = MALFORMED[case]
    with pytest.raises(InputError, match=message) as info:
        load_ink(write(tmp_path, content))
    text = str(info.value)
    assert "\n" not in text
    assert "Traceback" not in text


def test_binary_file_with_ink_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not text"):
        load_ink(write(tmp_path, b"\x89PNG\r\n\x1a\n\xff\xfe\x00garbage"))


def test_missing_ink_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        load_ink(tmp_path / "nowhere.ink.json")


def test_folder_instead_of_ink_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.ink.json"
    folder.mkdir()
    with pytest.raises(InputError, match="folder"):
        load_ink(folder)


def test_symlink_loop_ink_file(tmp_path: Path) -> None:
    loop = tmp_path / "loop.ink.json"
    os.symlink(loop, loop)
    with pytest.raises(InputError):
        load_ink(loop)


def test_unreadable_ink_file(open_tmp: Path) -> None:
    path = write(open_tmp, '{"strokes": [[[0, 0], [5, 5]]]}')
    code = f"result = len(load_ink({str(path)!r}).strokes)"
    assert run_unprivileged(code)["result"] == 1  # readable: read
    path.chmod(0)
    assert run_unprivileged(code) | {"euid": None} == {
        "error": "InputError",
        "message": "Permission denied: the file cannot be read.",
        "euid": None,
    }


def test_oversized_ink_file_is_refused_before_parsing(tmp_path: Path) -> None:
    """One byte over the limit, and not valid JSON: refused for its size, never read or parsed.

    Had it been read (2 MB, counted by tracemalloc) or parsed ("not valid
    JSON"), the peak or the reason would show it.
    """
    import digitpad.ink as ink_module

    path = tmp_path / "huge.ink.json"
    with path.open("wb") as handle:
        handle.write(b'{"strokes": [[[0, 0], [1, ')  # then zeros: not JSON
        handle.truncate(ink_module.MAX_INK_FILE_BYTES + 1)
    error, peak = refused_with_peak(lambda: load_ink(path), InputError)
    limit = ink_module.MAX_INK_FILE_BYTES
    assert str(error) == f"The ink file is too large ({limit + 1:,} bytes; the limit is {limit:,})."
    assert peak < 1_000_000


def test_too_many_points_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import digitpad.ink as ink_module

    monkeypatch.setattr(ink_module, "MAX_INK_POINTS", 100)
    stroke = np.zeros((51, 2))
    Ink.from_lists([stroke])
    with pytest.raises(InputError, match="more than 100 points"):
        Ink.from_lists([stroke, stroke])


# ------------------------------------------------------------ property based

finite = st.floats(min_value=-MAX_COORDINATE, max_value=MAX_COORDINATE, allow_nan=False)
point = st.one_of(
    st.tuples(finite, finite),
    st.tuples(finite, finite, st.floats(0, 1)),
)
stroke = st.lists(point, min_size=0, max_size=12)
strokes = st.lists(stroke, min_size=0, max_size=5)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.recursive(
        st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(["strokes", "width", "height", "x"]), children, max_size=4
            )
        ),
        max_leaves=30,
    )
)
def test_any_json_either_loads_or_is_refused_plainly(data: object) -> None:
    """Whatever JSON a file holds, parsing ends in an Ink or an InputError, never another exception."""
    try:
        ink = ink_from_json(data)
    except InputError as error:
        message = str(error)
    else:
        message = ""
    if message:
        assert "\n" not in message
        return
    assert ink.points.ndim == 2
    assert ink.points.shape[1] == 2
    assert np.all(np.isfinite(ink.points))


@settings(max_examples=60, deadline=None)
@given(strokes=strokes, width=st.none() | st.floats(0.5, 5000))
def test_random_ink_round_trips_through_a_file(
    tmp_path_factory: pytest.TempPathFactory, strokes: list, width: float | None
) -> None:
    ink = Ink.from_lists(strokes, width=width, height=width)
    path = tmp_path_factory.mktemp("ink") / "random.ink.json"
    save_ink(ink, path)
    again = load_ink(path)
    assert again.width == ink.width
    assert len(again.strokes) == len(ink.strokes)
    for a, b in zip(again.strokes, ink.strokes, strict=True):
        np.testing.assert_array_equal(a, b)


def test_nan_written_into_a_file_is_refused_at_load(tmp_path: Path) -> None:
    """``json`` writes NaN as a bare token; loading must refuse it rather than render garbage."""
    path = write(tmp_path, json.dumps({"strokes": [[[0.0, 1.0], [math.nan, 2.0]]]}))
    with pytest.raises(InputError, match="finite"):
        load_ink(path)


def test_errors_are_digitpad_errors() -> None:
    """The CLI and the window catch DigitpadError: every ink refusal must be one."""
    assert issubclass(InputError, DigitpadError)


# ------------------------------------------------------- untrusted files (issue 28)


@pytest.mark.parametrize(
    "text",
    [
        '{"strokes": [[[1%s, 2], [3, 4]]]}' % ("0" * 400),  # OverflowError in numpy
        '{"strokes": [[[1%s, 2], [3, 4]]]}' % ("0" * 5000),  # ValueError from int()
        '{"width": 1%s, "strokes": [[[1, 2], [3, 4]]]}' % ("0" * 400),
    ],
    ids=["400-digits", "5000-digits", "width"],
)
def test_numbers_written_too_long_are_refused_in_plain_words(tmp_path: Path, text: str) -> None:
    path = tmp_path / "long.ink.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"^The ink file holds a number out of range \(a number"):
        load_ink(path)


def test_huge_integers_given_directly_are_refused_too() -> None:
    with pytest.raises(InputError, match="too far out"):
        Ink.from_lists([[[10**400, 2], [3, 4]]])
    with pytest.raises(InputError, match="width must be a finite number"):
        Ink.from_lists([[[1, 2]]], width=10**400)


def test_an_ink_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.ink.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"strokes": [[[1, 2], [3, 4]]]}).encode())
    assert load_ink(path).points.tolist() == [[1, 2], [3, 4]]


def test_strokes_and_points_are_bounded_before_any_array_is_built() -> None:
    import digitpad.ink as ink_module

    with pytest.raises(InputError, match=r"more than 500 strokes"):
        Ink.from_lists([[[i, 0]] for i in range(ink_module.MAX_INK_STROKES + 1)])
    with pytest.raises(InputError, match=r"more than 20,000 points"):
        Ink.from_lists([[[i, 0] for i in range(ink_module.MAX_INK_POINTS + 1)]])
    limit = Ink.from_lists([[[i, i % 7] for i in range(40)] for _ in range(500)])
    assert len(limit.points) == 20_000  # the most that is read


def test_a_fifo_ink_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "pipe.ink.json"
    os.mkfifo(path)
    with pytest.raises(InputError, match=r"^This is a named pipe \(FIFO\), not an ink file\.$"):
        load_ink(path)
