"""``digitpad learn``, ``predict --profile/--no-profile`` and ``digitpad explain``: output and exit codes.

In-process through :func:`digitpad.cli.main` (output captured), and once as
``python -m digitpad`` to see what a shell sees. Every profile here is a
temporary folder; the session's default one (``DIGITPAD_PROFILE_DIR``, set by
conftest) stays empty.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import digitpad.cli as cli
from digitpad.handwriting_profile import PROFILE_ENV, Profile
from digitpad.ink import load_ink
from digitpad.input_files import array_from_file
from digitpad.reader.explain import explain, overlay
from tests.data.command import run_digitpad
from tests.data.samples import SAMPLES, sample

LEARNED = re.compile(
    r"^(?P<path>.+): learned as (?P<label>\d) \(it read (?P<read>\d|not a digit), "
    r"(?P<confidence>\d{1,3}\.\d)%\)$"
)
ANSWER = re.compile(r"^(?P<path>.+): (?P<digit>\d) \((?P<confidence>\d{1,3}\.\d)%\)$")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def digits_read(out: str) -> dict[str, str]:
    found = {}
    for line in out.splitlines():
        match = ANSWER.match(line)
        assert match, line
        found[match["path"]] = match["digit"]
    return found


SEVEN = str(sample(7, ".ink.json"))


def test_learn_keeps_each_file_and_predict_then_reads_it_as_taught(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    code, out, err = run(capsys, "learn", "--profile", str(profile), "--label", "1", SEVEN)
    assert (code, err) == (0, "")
    [line] = out.splitlines()
    match = LEARNED.match(line)
    assert match, line
    assert (match["path"], match["label"], match["read"]) == (SEVEN, "1", "7")
    [example] = Profile.load(profile).examples
    assert example.label == 1
    assert example.kind == "ink"
    np.testing.assert_array_equal(example.array, array_from_file(SEVEN))

    code, out, _ = run(capsys, "predict", "--profile", str(profile), SEVEN)
    assert code == 0
    assert digits_read(out) == {SEVEN: "1"}
    code, out, _ = run(capsys, "predict", "--no-profile", SEVEN)
    assert digits_read(out) == {SEVEN: "7"}
    # Other digits are read as before.
    others = [str(sample(d, ".ink.json")) for d in (0, 1, 2, 4, 9)]
    code, out, _ = run(capsys, "predict", "--profile", str(profile), *others)
    assert digits_read(out) == dict(zip(others, ["0", "1", "2", "4", "9"], strict=True))


def test_without_profile_option_the_person_s_own_profile_is_used(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path / "mine"))
    assert run(capsys, "learn", "--label", "1", SEVEN)[0] == 0
    assert len(Profile.load(tmp_path / "mine")) == 1
    assert digits_read(run(capsys, "predict", SEVEN)[1]) == {SEVEN: "1"}
    assert digits_read(run(capsys, "predict", "--no-profile", SEVEN)[1]) == {SEVEN: "7"}


def test_an_empty_or_missing_profile_reads_exactly_as_the_model_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    files = [str(SAMPLES), str(sample(3, ".ink.json"))]
    empty = tmp_path / "empty"
    empty.mkdir()
    outputs = []
    for option in (["--no-profile"], ["--profile", str(empty)], ["--profile", str(tmp_path / "x")]):
        for extra in ([], ["--json"], ["--number"]):
            code, out, err = run(capsys, "predict", *option, *extra, *files)
            assert (code, err) == (0, "")
            outputs.append((tuple(extra), out))
    by_mode: dict[tuple[str, ...], set[str]] = {}
    for mode, out in outputs:
        by_mode.setdefault(mode, set()).add(out)
    assert all(len(texts) == 1 for texts in by_mode.values())
    assert not (tmp_path / "x").exists()  # reading creates no profile


def test_predict_number_reads_through_the_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A number drawn as ink: its digits go through the profile, as single digits do."""
    from digitpad.ink import Ink, save_ink

    seven, four = load_ink(sample(7, ".ink.json")), load_ink(sample(4, ".ink.json"))
    width = float(seven.points[:, 0].max()) + 20
    strokes = [*seven.strokes, *(s + np.array([width, 0.0])[: s.shape[1]] for s in four.strokes)]
    number = tmp_path / "74.ink.json"
    save_ink(Ink(tuple(strokes)), number)
    code, out, _ = run(capsys, "predict", "--no-profile", "--number", str(number))
    assert code == 0
    assert out.startswith(f"{number}: 74 (")
    profile = tmp_path / "profile"
    assert run(capsys, "learn", "--profile", str(profile), "--label", "1", SEVEN)[0] == 0
    code, out, _ = run(capsys, "predict", "--profile", str(profile), "--number", str(number))
    assert code == 0
    assert out.startswith(f"{number}: 14 (")


def test_learn_reports_each_bad_file_and_keeps_the_others(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    broken = tmp_path / "broken.ink.json"
    broken.write_text("{", encoding="utf-8")
    blank = tmp_path / "blank.png"
    Image.new("L", (40, 40), 255).save(blank)
    code, out, err = run(
        capsys,
        "learn",
        "--profile",
        str(profile),
        "--label",
        "3",
        str(broken),
        str(sample(3)),
        str(blank),
        str(tmp_path / "missing.png"),
    )
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"{broken}: error: The ink file is not valid JSON")
    assert LEARNED.match(lines[1])
    assert lines[2].startswith(f"{blank}: error: No digit found")
    assert lines[3] == f"{tmp_path / 'missing.png'}: error: The file does not exist."
    [example] = Profile.load(profile).examples
    assert (example.label, example.kind) == (3, "picture")
    assert "Traceback" not in out + err


def test_a_profile_that_cannot_be_written_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x", encoding="utf-8")
    code, out, err = run(capsys, "learn", "--profile", str(not_a_folder), "--label", "1", SEVEN)
    assert code == 2
    assert out == ""
    assert err == f"digitpad: The profile folder {not_a_folder} is a file, not a folder.\n"
    assert not_a_folder.read_text(encoding="utf-8") == "x"
    # Reading still works: the model alone, with the reason said once.
    code, out, err = run(capsys, "predict", "--profile", str(not_a_folder), SEVEN)
    assert code == 0
    assert digits_read(out) == {SEVEN: "7"}
    assert err.count("\n") == 1
    assert "is a file, not a folder" in err


def test_a_damaged_profile_is_set_aside_and_reading_goes_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    (profile / "profile.json").write_bytes(b'{"format": "digitpad-profile", "vers')
    code, out, err = run(capsys, "predict", "--profile", str(profile), SEVEN)
    assert code == 0
    assert digits_read(out) == {SEVEN: "7"}
    assert err.startswith("digitpad: Your handwriting profile could not be read")
    assert "set aside as" in err
    [aside] = [p for p in profile.iterdir() if p.name.startswith("profile-damaged-")]
    assert aside.read_bytes() == b'{"format": "digitpad-profile", "vers'
    # And teaching starts a fresh profile beside it.
    assert run(capsys, "learn", "--profile", str(profile), "--label", "1", SEVEN)[0] == 0
    assert len(Profile.load(profile)) == 1


# ---------------------------------------------------------------------------- explain


def test_explain_writes_the_heat_map_of_the_answer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, recognizer
) -> None:
    out_file = tmp_path / "heat.png"
    code, out, err = run(capsys, "explain", SEVEN, "--out", str(out_file))
    assert (code, err) == (0, "")
    assert re.fullmatch(
        rf"{re.escape(str(SEVEN))}: 7 \(\d+\.\d%\); evidence for 7 drawn in {re.escape(str(out_file))}\n",
        out,
    ), out
    with Image.open(out_file) as image:
        assert image.format == "PNG"
        written = np.asarray(image.convert("RGB"))
    array = array_from_file(SEVEN)
    np.testing.assert_array_equal(written, overlay(array, explain(recognizer, array, 7)))


def test_explain_another_digit_and_through_the_profile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, recognizer
) -> None:
    seven_png = str(sample(7))
    code, out, _ = run(
        capsys, "explain", seven_png, "--out", str(tmp_path / "1.png"), "--digit", "1"
    )
    assert code == 0
    assert out.endswith(f"evidence for 1 drawn in {tmp_path / '1.png'}\n")
    array = array_from_file(seven_png)
    with Image.open(tmp_path / "1.png") as image:
        np.testing.assert_array_equal(
            np.asarray(image.convert("RGB")), overlay(array, explain(recognizer, array, 1))
        )
    profile = tmp_path / "profile"
    assert run(capsys, "learn", "--profile", str(profile), "--label", "1", SEVEN)[0] == 0
    code, out, _ = run(
        capsys, "explain", SEVEN, "--profile", str(profile), "--out", str(tmp_path / "p.png")
    )
    assert code == 0
    assert out.startswith(f"{SEVEN}: 1 (")
    assert "evidence for 1" in out


def test_explain_failures_exit_1_in_plain_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(
        capsys, "explain", str(tmp_path / "none.png"), "--out", str(tmp_path / "h.png")
    )
    assert code == 1
    assert out == f"{tmp_path / 'none.png'}: error: The file does not exist.\n"
    assert not (tmp_path / "h.png").exists()
    target = tmp_path / "no-such-folder" / "h.png"
    code, out, _ = run(capsys, "explain", SEVEN, "--out", str(target))
    assert code == 1
    assert out.startswith(f"{SEVEN}: error: the picture cannot be written to {target}")
    assert "Traceback" not in out


# ---------------------------------------------------------------------- a real process


def test_real_process_learn_predict_explain(tmp_path: Path) -> None:
    env = {PROFILE_ENV: str(tmp_path / "profile")}
    learned = run_digitpad("learn", "--label", "1", SEVEN, cwd=tmp_path, env=env)
    assert learned.returncode == 0, learned.stderr
    assert LEARNED.match(learned.stdout.strip())
    read = run_digitpad("predict", "--json", SEVEN, cwd=tmp_path, env=env)
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout)["digit"] == 1
    alone = run_digitpad("predict", "--json", "--no-profile", SEVEN, cwd=tmp_path, env=env)
    assert json.loads(alone.stdout)["digit"] == 7
    drawn = run_digitpad("explain", SEVEN, "--out", "heat.png", cwd=tmp_path, env=env)
    assert drawn.returncode == 0, drawn.stderr
    assert (tmp_path / "heat.png").stat().st_size > 0
    missing = run_digitpad("learn", "--label", "2", "missing.png", cwd=tmp_path, env=env)
    assert missing.returncode == 1
    usage = run_digitpad("learn", "--label", "x", SEVEN, cwd=tmp_path, env=env)
    assert usage.returncode == 2
    for result in (learned, read, alone, drawn, missing, usage):
        assert "Traceback" not in result.stdout + result.stderr
    assert sorted(os.listdir(tmp_path / "profile")) == ["profile.json", "profile.json.lock"]


def test_learn_runs_at_the_same_time_keep_every_example(tmp_path: Path) -> None:
    """Issue 28: twenty `learn` runs at once kept 9 examples of 20. Here six single-file
    runs and two three-file runs start together; all twelve examples are kept."""
    import subprocess
    import sys

    env = {**os.environ, PROFILE_ENV: str(tmp_path / "profile")}
    files = [str(sample(digit, ".ink.json")) for digit in (1, 2, 3)]
    commands = [["learn", "--label", "7", SEVEN] for _ in range(6)]
    commands += [["learn", "--label", "5", *files] for _ in range(2)]
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "digitpad", *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            env=env,
        )
        for command in commands
    ]
    for child in children:
        _, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
    examples = Profile.load(tmp_path / "profile").examples
    assert len(examples) == 12
    assert sorted(e.label for e in examples) == [5] * 6 + [7] * 6
