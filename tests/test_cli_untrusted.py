"""Untrusted files on the command line: one plain line each, in bounded time and memory.

The corpus of issue 28, one file (or profile, or model) per case, each run
through the real ``python -m digitpad`` with its address space capped at
1.5 GB and a generous time bound (a hang or a runaway fails, the speed is
not measured here: see docs/usage.md for the figures). Every run also reads a
good ink file after the hostile one, which must still be read: a bad file
never stops the run. Stderr must be empty where nothing is to be said: a
numpy warning or a traceback there fails the test.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digitpad.handwriting_profile import PROFILE_ENV
from digitpad.resources import model_path
from tests.data import hostile_inputs as hostile
from tests.data.bad_inputs import digit_picture

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev are POSIX")

#: The issue's target: each case in 5 s and 1.5 GB. The bound here is looser
#: (a shared, busy CI machine; Python and the model start in the same run).
MEMORY_LIMIT = 1536 * 1024 * 1024
TIME_LIMIT_S = 15.0
GOOD_LINE = re.compile(r"^good\.ink\.json: 7 \(\d{1,3}\.\d%\)$")


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_capped(
    *args: str | bytes, cwd: Path, env: dict[str, str] | None = None, stdout: int | None = None
) -> tuple[subprocess.CompletedProcess[bytes], float]:
    """``python -m digitpad ARGS`` under the memory cap; the result and its wall time."""
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "digitpad", *args],
        stdout=subprocess.PIPE if stdout is None else stdout,
        stderr=subprocess.PIPE,
        timeout=TIME_LIMIT_S * 2,  # a hang is killed here; the bound is asserted below
        cwd=cwd,
        env={**os.environ, PROFILE_ENV: str(cwd / "profile"), **(env or {})},
        preexec_fn=_cap_memory,
        check=False,
    )
    return completed, time.monotonic() - started


def lines(completed: subprocess.CompletedProcess[bytes]) -> list[str]:
    return completed.stdout.decode("utf-8").splitlines()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "good.ink.json").write_text(hostile.seven_ink_text(), encoding="utf-8")
    return tmp_path


def _dev(name: str) -> Callable[[Path], str]:
    def build(folder: Path) -> str:
        if not os.path.exists(name):
            pytest.skip(f"{name} is not on this system")
        return name

    return build


def _write(name: str, content: bytes | str) -> Callable[[Path], str]:
    def build(folder: Path) -> str:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
        return name

    return build


def _fifo(name: str) -> Callable[[Path], str]:
    def build(folder: Path) -> str:
        hostile.make_fifo(folder / name)
        return name

    return build


#: Case -> (what makes the file and names it, what its one line must say). The
#: numbers are those of issue 28.
FILE_CASES: dict[str, tuple[Callable[[Path], str], str]] = {
    "1-dev-zero": (_dev("/dev/zero"), r"error: This is a device, not a picture file\."),
    "1-dev-urandom": (_dev("/dev/urandom"), r"error: This is a device, not a picture file\."),
    "1-fifo-picture": (_fifo("pipe.png"), r"error: This is a named pipe \(FIFO\), not a picture"),
    "1-fifo-ink": (_fifo("pipe.ink.json"), r"error: This is a named pipe \(FIFO\), not an ink"),
    "2-eps-loop": (_write("loop.eps", hostile.EPS_LOOP), r"error: PostScript and EPS .* not"),
    "2-ps-as-png": (_write("grow.png", hostile.PS_ALLOCATING), r"error: PostScript and EPS"),
    "3-jpeg-scans": (
        _write("scans.jpg", hostile.many_scan_jpeg(2000, 600)),
        r"error: The JPEG is stored in 60\d scans, too many to decode",
    ),
    "4-ink-400-digits": (
        _write("x.ink.json", hostile.long_number_ink(400)),
        r"error: The ink file holds a number out of range",
    ),
    "4-ink-5000-digits": (
        _write("x.ink.json", hostile.long_number_ink(5000)),
        r"error: The ink file holds a number out of range",
    ),
    "4-ink-width-400-digits": (
        _write("x.ink.json", hostile.long_number_ink(400, "width")),
        r"error: The ink file holds a number out of range",
    ),
    "5-tiff-both-infinities": (
        _write("inf.tif", hostile.float_tiff("both")),
        r"error: The picture holds pixels that are not numbers",
    ),
    "5-tiff-infinite-stroke": (
        _write("inf.tif", hostile.float_tiff("positive")),
        r"error: The picture holds pixels that are not numbers",
    ),
    "6-psd": (_write("seven.psd", hostile.digit_psd()), r"7 \(\d{1,3}\.\d%\)"),
    "7-million-strokes": (
        _write("m.ink.json", hostile.one_point_strokes(1_000_000)),
        r"error: The ink file is too large \([\d,]+ bytes; the limit is 2,097,152\)\.",
    ),
    "7-strokes-over-the-limit": (
        _write("m.ink.json", hostile.one_point_strokes(501)),
        r"error: The drawing has more than 500 strokes\.",
    ),
    "7-points-over-the-limit": (
        _write("m.ink.json", hostile.long_stroke(20_001)),
        r"error: The drawing has more than 20,000 points\.",
    ),
    "13-ink-with-bom": (
        _write("bom.ink.json", b"\xef\xbb\xbf" + hostile.seven_ink_text().encode()),
        r"7 \(\d{1,3}\.\d%\)",
    ),
    "13-tall-picture": (
        _write("tall.png", hostile.tall_png()),
        r"error: .*\(1 x 100,000 pixels\); the limit is 20,000 pixels a side\.",
    ),
}


@pytest.mark.parametrize("case", sorted(FILE_CASES))
def test_each_hostile_file_gets_one_plain_line_and_the_next_file_is_read(
    folder: Path, case: str
) -> None:
    build, said = FILE_CASES[case]
    name = build(folder)
    completed, seconds = run_capped("predict", "--no-profile", name, "good.ink.json", cwd=folder)
    assert completed.stderr.decode() == ""
    first, second = lines(completed)
    assert re.fullmatch(re.escape(name) + ": " + said + ".*", first), first
    assert GOOD_LINE.match(second), second
    assert completed.returncode in (0, 1)
    assert seconds < TIME_LIMIT_S


def test_number_and_learn_refuse_the_million_strokes_and_the_device_too(folder: Path) -> None:
    (folder / "m.ink.json").write_text(hostile.one_point_strokes(1_000_000), encoding="utf-8")
    for command in (("predict", "--number", "--no-profile"), ("learn", "--label", "7")):
        completed, seconds = run_capped(*command, "m.ink.json", "/dev/zero", cwd=folder)
        first, second = lines(completed)
        assert "error: The ink file is too large" in first
        assert second == "/dev/zero: error: This is a device, not a picture file."
        assert completed.returncode == 1
        assert seconds < TIME_LIMIT_S
    assert not (folder / "profile" / "profile.json").exists()


# ----------------------------------------------------------------- the profile and the model


def _profile_with(folder: Path, make: Callable[[Path], None]) -> Path:
    profile = folder / "profile"
    profile.mkdir()
    make(profile / "profile.json")
    return profile


@pytest.mark.parametrize(
    ("case", "make", "said"),
    [
        ("fifo", os.mkfifo, "it is a named pipe (FIFO), not a file"),
        ("dev-zero", lambda path: path.symlink_to("/dev/zero"), "it is a device, not a file"),
    ],
)
def test_a_profile_that_is_a_fifo_or_a_device_is_set_aside_not_read(
    folder: Path, case: str, make: Callable[[Path], None], said: str
) -> None:
    _profile_with(folder, make)
    completed, seconds = run_capped("predict", "good.ink.json", cwd=folder)
    assert GOOD_LINE.match(lines(completed)[0])
    problem = completed.stderr.decode()
    assert said in problem
    assert "set aside" in problem
    assert "Traceback" not in problem
    assert seconds < TIME_LIMIT_S


def _profile_text_with_a_bad_example(folder: Path, bad_ink: str) -> None:
    """A profile of one good example and a copy of it whose ink is ``bad_ink`` (raw JSON)."""
    taught, _ = run_capped("learn", "--label", "1", "good.ink.json", cwd=folder)
    assert taught.returncode == 0, taught.stderr
    path = folder / "profile" / "profile.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    good = data["examples"][0]
    bad = {**good, "id": "bad0000000000000", "ink": "@INK@"}
    data["examples"].append(bad)
    path.write_text(json.dumps(data).replace('"@INK@"', bad_ink), encoding="utf-8")


@pytest.mark.parametrize(
    ("case", "bad_ink", "said"),
    [
        ("5000-digits", hostile.long_number_ink(5000), "not a finite number"),
        ("400-digits", hostile.long_number_ink(400), "not a finite number"),
        ("too-many-points", hostile.long_stroke(20_001), "more than 20,000 points"),
    ],
)
def test_a_profile_example_beyond_the_ink_limits_is_set_aside_and_the_others_kept(
    folder: Path, case: str, bad_ink: str, said: str
) -> None:
    _profile_text_with_a_bad_example(folder, bad_ink)
    for command in (("predict",), ("learn", "--label", "1"), ("explain", "--out", "h.png")):
        completed, seconds = run_capped(*command, "good.ink.json", cwd=folder)
        assert completed.returncode == 0, completed.stderr
        assert "Traceback" not in completed.stderr.decode()
        assert seconds < TIME_LIMIT_S
    first, _ = run_capped("predict", "--json", "good.ink.json", cwd=folder)
    assert json.loads(first.stdout)["digit"] == 1  # the good example still counts
    kept = json.loads((folder / "profile" / "profile.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in kept["examples"]].count("bad0000000000000") == 0
    assert len(kept["examples"]) == 2  # the good one, and the one learn added
    asides = list((folder / "profile").glob("profile-damaged-*.json"))
    assert len(asides) == 1
    assert "bad0000000000000" in asides[0].read_text(encoding="utf-8")


@pytest.mark.parametrize("case", ["dev-zero", "fifo", "nan-answers"])
def test_a_model_that_is_a_device_a_fifo_or_damaged_is_a_usage_error(
    folder: Path, case: str
) -> None:
    if case == "dev-zero":
        model = "/dev/zero"
    elif case == "fifo":
        model = str(hostile.make_fifo(folder / "model.tflite"))
    else:
        model = str(hostile.damaged_model(model_path(), folder / "model.tflite"))
    for command in (("predict", "--json", "--no-profile"), ("predict", "--number", "--no-profile")):
        completed, seconds = run_capped(*command, "--model", model, "good.ink.json", cwd=folder)
        assert completed.returncode == 2
        assert completed.stdout == b""  # no "confidence": NaN, no "0 (nan%)"
        (said,) = completed.stderr.decode().splitlines()
        assert said.startswith("digitpad: The model ")
        assert seconds < TIME_LIMIT_S


# ------------------------------------------------------------------------- names and output


def test_names_with_control_characters_or_undecodable_bytes_are_one_escaped_line(
    folder: Path,
) -> None:
    forged = b"a\nx.png: 1 (100.0%)\r\x1b[2J.ink.json"
    undecodable = b"b\xff\xfe.ink.json"
    for name in (forged, undecodable):
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(hostile.seven_ink_text().encode())
    plain, _ = run_capped("predict", "--no-profile", forged, undecodable, cwd=folder)
    assert plain.stderr == b""
    first, second = lines(plain)
    assert re.fullmatch(r"a\\nx\.png: 1 \(100\.0%\)\\r\\x1b\[2J\.ink\.json: 7 \(.*%\)", first)
    assert re.fullmatch(r"b\\xff\\xfe\.ink\.json: 7 \(.*%\)", second)
    as_json, _ = run_capped("predict", "--json", "--no-profile", forged, undecodable, cwd=folder)
    paths = [json.loads(line)["path"] for line in lines(as_json)]
    assert paths == [line.rsplit(": 7 (", 1)[0] for line in lines(plain)]
    for path in paths:
        path.encode("utf-8")  # no lone surrogate: the JSON is valid UTF-8 text


def test_the_folder_of_forged_names_is_read_to_the_end(folder: Path) -> None:
    content = hostile.seven_ink_text().encode()
    for name in (b"1\n.ink.json", b"2\xff.ink.json", b"3.ink.json"):
        with open(os.path.join(os.fsencode(folder), name), "wb") as handle:
            handle.write(content)
    completed, _ = run_capped("predict", "--no-profile", ".", cwd=folder)
    assert completed.stderr == b""
    assert len(lines(completed)) == 4  # the three, and good.ink.json


@pytest.mark.parametrize(
    "argv",
    [
        ("predict", ""),
        ("predict", "--no-profile", "", "good.ink.json"),
        ("learn", "--label", "7", ""),
        ("explain", "", "--out", "h.png"),
    ],
)
def test_an_empty_argument_is_refused_not_read_as_this_folder(
    folder: Path, argv: tuple[str, ...]
) -> None:
    completed, _ = run_capped(*argv, cwd=folder)
    assert completed.returncode == 2
    assert completed.stdout == b""
    assert "an empty argument names no file" in completed.stderr.decode()
    assert not (folder / "profile").exists()


@pytest.mark.parametrize("name", ["--verbose", "--verbose.png"])
def test_after_a_double_dash_an_option_like_name_is_a_file(folder: Path, name: str) -> None:
    digit_picture().save(folder / name, "PNG")
    completed, _ = run_capped("predict", "--no-profile", "--", name, cwd=folder)
    (line,) = lines(completed)
    assert re.fullmatch(re.escape(name) + r": 7 \(.*%\)", line)


def test_a_full_disk_ends_quietly_with_status_1(folder: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full is not on this system")
    with open("/dev/full", "wb") as full:
        completed, _ = run_capped(
            "predict", "--no-profile", "good.ink.json", cwd=folder, stdout=full.fileno()
        )
    assert completed.returncode == 1
    assert completed.stderr.decode().splitlines() == [
        "digitpad: the output cannot be written (No space left on device)."
    ]


def test_a_closed_stdout_ends_quietly_with_status_1(folder: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "digitpad", "predict", "--no-profile", "good.ink.json"],
        stderr=subprocess.PIPE,
        cwd=folder,
        env={**os.environ, PROFILE_ENV: str(folder / "profile")},
        preexec_fn=lambda: os.close(1),
        timeout=60,
        check=False,
    )
    assert completed.returncode == 1
    assert completed.stderr.decode().splitlines() == [
        "digitpad: the output cannot be written (standard output is closed)."
    ]


def test_a_reader_that_goes_away_ends_quietly(folder: Path) -> None:
    for index in range(40):
        (folder / f"{index:02}.ink.json").write_text(hostile.seven_ink_text(), encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "digitpad", "predict", "--no-profile", "."],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=folder,
        env={**os.environ, PROFILE_ENV: str(folder / "profile")},
    )
    assert child.stdout is not None
    child.stdout.readline()
    child.stdout.close()  # `| head -1`
    _, err = child.communicate(timeout=60)
    assert child.returncode == 1
    assert err == b""


# ------------------------------------------------------------------------------- fuzzing

#: Examples per fuzz test: small in CI; for a longer local run, e.g.
#: ``DIGITPAD_FUZZ_EXAMPLES=3000 pytest tests/test_cli_untrusted.py -k fuzz`` (docs/usage.md).
FUZZ_EXAMPLES = int(os.environ.get("DIGITPAD_FUZZ_EXAMPLES", "25"))
#: A generous "does not hang" bound per file (in-process: no start-up to pay).
FUZZ_TIME_LIMIT_S = 5.0


def _seed_files() -> dict[str, bytes]:
    from tests.data.bad_inputs import encoded

    picture = digit_picture(64)
    return {
        "seed.png": encoded(picture, "PNG"),
        "seed.jpg": encoded(picture.convert("RGB"), "JPEG", quality=85),
        "seed-progressive.jpg": encoded(picture, "JPEG", progressive=True),
        "seed.tif": encoded(picture, "TIFF", compression="tiff_deflate"),
        "seed.ink.json": hostile.seven_ink_text().encode(),
    }


SEEDS = _seed_files()


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid file with a few bytes flipped, inserted, deleted, repeated or cut."""
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut", "digits"]))
        if operation == "flip" and where < len(data):
            data[where] ^= 1 << draw(st.integers(0, 7))
        elif operation == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=16))
        elif operation == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        elif operation == "repeat":
            piece = bytes(data[where : where + draw(st.integers(1, 64))])
            data[where:where] = piece * draw(st.integers(1, 50))
        elif operation == "cut":
            del data[where:]
        else:  # a long number where a short one was (the ink's integers)
            data[where:where] = b"9" * draw(st.integers(1, 6000))
    return name, bytes(data)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(file=mutated_files())
def test_fuzz_mutated_files_get_one_plain_line_in_bounded_time(
    tmp_path: Path, file: tuple[str, bytes]
) -> None:
    import contextlib
    import io
    import warnings

    import digitpad.cli as cli

    name, data = file
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        warnings.catch_warnings(),
    ):
        warnings.simplefilter("error")  # a numpy or Pillow warning would reach stderr
        code = cli.main(["predict", "--no-profile", str(path)])
    assert time.monotonic() - started < FUZZ_TIME_LIMIT_S
    assert err.getvalue() == ""
    (line,) = out.getvalue().splitlines()
    assert line.startswith(f"{path}: ")
    assert code in (0, 1)
    assert (code == 1) == (": error: " in line)
