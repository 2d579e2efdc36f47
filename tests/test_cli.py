"""``digitpad predict``: output formats, folder expansion, exit codes, bad files, and a real process.

The command runs in-process through :func:`digitpad.cli.main` (output captured)
and once as ``python -m digitpad`` to check what a shell sees: exit codes and
no traceback.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import digitpad
import digitpad.cli as cli
import digitpad.reader.digit_model as inference
from digitpad.ink import Ink, save_ink
from digitpad.input_files import array_from_file, is_readable_suffix
from tests.data.bad_inputs import (
    BAD_FILES,
    NO_DIGIT,
    digit_picture,
    write_bad_files,
    write_blank_pictures,
)
from tests.data.command import run_digitpad
from tests.data.samples import NAMES, SAMPLES

PLAIN_LINE = re.compile(r"^(?P<path>.+): (?P<digit>\d) \((?P<confidence>\d{1,3}\.\d)%\)$")
ERROR_LINE = re.compile(r"^(?P<path>.+): error: (?P<reason>[^\n]+)$")


@pytest.fixture
def good_folder(tmp_path: Path) -> Path:
    """Three readable files with names whose sorted order differs from creation order."""
    folder = tmp_path / "good"
    folder.mkdir()
    digit_picture(120).save(folder / "b-seven.png")
    digit_picture(90, "RGB").save(folder / "C-seven.jpg", quality=90)
    save_ink(Ink.from_lists([[[50, 0], [50, 100]]]), folder / "a-one.ink.json")
    (folder / "readme.txt").write_text("not a digit", encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"digitpad {digitpad.__version__}"


@pytest.mark.parametrize(
    "argv",
    [
        ["predict"],
        ["predict", "--bogus", "x.png"],
        ["frobnicate"],
        ["predict", "--runtime", "onnx", "x.png"],
        ["learn", "x.png"],  # no --label
        ["learn", "--label", "12", "x.png"],
        ["learn", "--label", "a", "x.png"],
        ["learn", "--label", "3"],  # no file
        ["learn", "--label", "3", "--no-profile", "x.png"],  # nothing to learn into
        ["predict", "--profile", "a", "--no-profile", "x.png"],
        ["explain", "x.png"],  # no --out
        ["explain", "x.png", "--out", "h.png", "--digit", "10"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        cli.main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: digitpad")
    assert "Traceback" not in err


def test_plain_output_one_line_per_file_sorted(
    capsys: pytest.CaptureFixture[str], good_folder: Path, recognizer
) -> None:
    code, out, err = run(capsys, "predict", str(good_folder))
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    names = ["C-seven.jpg", "a-one.ink.json", "b-seven.png"]  # sorted by name, as the OS spells it
    assert len(lines) == len(names)
    for line, name in zip(lines, names, strict=True):
        match = PLAIN_LINE.match(line)
        assert match, line
        path = Path(match["path"])
        assert path == good_folder / name
        probabilities = recognizer.predict(array_from_file(path))
        assert int(match["digit"]) == int(np.argmax(probabilities))
        assert float(match["confidence"]) == pytest.approx(
            100 * float(probabilities.max()), abs=0.051
        )


def read_digits(out: str) -> dict[str, int]:
    digits = {}
    for line in out.splitlines():
        match = PLAIN_LINE.match(line)
        assert match, line
        digits[match["path"]] = int(match["digit"])
    return digits


def test_predict_reads_fixed_files_as_their_true_digits(
    capsys: pytest.CaptureFixture[str], good_folder: Path
) -> None:
    """Ground truth, every file right: the bundled samples (pictures and pen ink) and the test 7s and 1."""
    truth = {
        str(SAMPLES / f"{name}{suffix}"): digit
        for digit, name in enumerate(NAMES)
        for suffix in (".png", ".ink.json")
    }
    truth |= {
        str(good_folder / "C-seven.jpg"): 7,
        str(good_folder / "a-one.ink.json"): 1,
        str(good_folder / "b-seven.png"): 7,
    }
    code, out, err = run(capsys, "predict", str(SAMPLES), str(good_folder))
    assert (code, err) == (0, "")
    assert read_digits(out) == truth


def test_json_output(capsys: pytest.CaptureFixture[str], good_folder: Path, recognizer) -> None:
    code, out, _ = run(
        capsys, "predict", "--json", str(good_folder / "b-seven.png"), str(good_folder)
    )
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [Path(r["path"]).name for r in records] == [
        "b-seven.png",
        "C-seven.jpg",
        "a-one.ink.json",
        "b-seven.png",
    ]
    for record in records:
        assert set(record) == DIGIT_KEYS
        probabilities = record["probabilities"]
        assert len(probabilities) == 10
        assert all(isinstance(p, float) and 0.0 <= p <= 1.0 for p in probabilities)
        assert sum(probabilities) + record["not_digit"] == pytest.approx(1.0, abs=1e-4)
        assert record["digit"] == int(np.argmax(probabilities))
        assert record["confidence"] == max(probabilities)
        expected = recognizer.predict(array_from_file(record["path"]))
        np.testing.assert_allclose(probabilities, expected[:10], atol=1e-6)
        assert record["not_digit"] == pytest.approx(float(expected[10]), abs=1e-6)


#: What --json prints for a digit; a drawing that is not a digit adds "reason".
DIGIT_KEYS = {"path", "digit", "confidence", "probabilities", "not_digit"}
REFUSED_LINE = re.compile(
    r"^(?P<path>.+): not a digit \((?P<confidence>\d{1,3}\.\d)%\): That doesn't look like a digit\.$"
)


@pytest.fixture
def doodles(tmp_path: Path) -> list[Path]:
    """A zig-zag and a letter K drawn as ink: what a ten-class model answered "2" and "4" for."""
    folder = tmp_path / "doodles"
    folder.mkdir()
    save_ink(
        Ink.from_lists([[(10, 20), (30, 80), (50, 20), (70, 80), (90, 20), (95, 70)]], 100, 100),
        folder / "a-zigzag.ink.json",
    )
    save_ink(
        Ink.from_lists([[(25, 5), (25, 95)], [(80, 5), (27, 55), (85, 95)]], 100, 100),
        folder / "b-letter-k.ink.json",
    )
    return sorted(folder.iterdir())


def test_not_a_digit_is_an_answer_in_plain_words(
    capsys: pytest.CaptureFixture[str], doodles: list[Path], good_folder: Path
) -> None:
    code, out, err = run(capsys, "predict", *map(str, doodles), str(good_folder / "b-seven.png"))
    assert code == 0  # a refusal is an answer, not a failed file
    assert err == ""
    lines = out.splitlines()
    for line, path in zip(lines[:2], doodles, strict=True):
        match = REFUSED_LINE.match(line)
        assert match, line
        assert Path(match["path"]) == path
    assert PLAIN_LINE.match(lines[2])["digit"] == "7"


def test_not_a_digit_in_json_keeps_the_keys_and_the_probabilities(
    capsys: pytest.CaptureFixture[str], doodles: list[Path], recognizer
) -> None:
    code, out, _ = run(capsys, "predict", "--json", *map(str, doodles))
    assert code == 0
    for line, path in zip(out.splitlines(), doodles, strict=True):
        record = json.loads(line)
        assert set(record) == DIGIT_KEYS | {"reason"}
        assert record["digit"] is None
        assert record["reason"] == "That doesn't look like a digit."
        expected = recognizer.predict(array_from_file(path))
        np.testing.assert_allclose(record["probabilities"], expected[:10], atol=1e-6)
        assert record["confidence"] == record["not_digit"] > max(record["probabilities"])


def test_bad_files_are_explained_and_the_rest_still_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good_folder: Path
) -> None:
    bad = write_bad_files(tmp_path / "bad")
    blank = write_blank_pictures(tmp_path / "blank")
    missing = tmp_path / "missing.png"
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    code, out, err = run(
        capsys,
        "predict",
        "--json",
        str(tmp_path / "bad"),
        str(good_folder / "b-seven.png"),
        str(tmp_path / "blank"),
        str(missing),
        str(empty_folder),
        str(tmp_path / "bad" / "folder.png"),  # a folder where a file is expected
        str(tmp_path / "bad" / "drawing.svg"),
    )
    assert code == 1
    assert "Traceback" not in out + err
    records = {record["path"]: record for record in map(json.loads, out.splitlines())}
    # A folder scan picks entries with picture or ink names that are files (or cannot be
    # told apart: the symlink loop); the SVG is given by name, so it is read and refused.
    expected_bad = {name for name in bad if is_readable_suffix(name) and name != "folder.png"}
    assert "drawing.svg" not in expected_bad
    expected_bad.add("drawing.svg")
    for name in expected_bad:
        record = records[str(tmp_path / "bad" / name)]
        assert record["digit"] is None
        assert re.search(bad[name].reason, record["error"]), (name, record["error"])
    for name in blank:
        record = records[str(tmp_path / "blank" / name)]
        assert record["digit"] is None
        assert re.search(NO_DIGIT, record["error"])
    assert records[str(missing)]["error"] == "The file does not exist."
    assert "no pictures or ink files" in records[str(empty_folder)]["error"]
    assert "folder" in records[str(tmp_path / "bad" / "folder.png")]["error"]
    assert records[str(good_folder / "b-seven.png")]["digit"] in range(10)
    assert set(records[str(missing)]) == {"path", "digit", "error"}
    expected_count = len(expected_bad) + 1 + len(blank) + 3
    assert len(out.splitlines()) == expected_count


def test_plain_error_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    name = "zero-bytes.png"
    content, case = BAD_FILES[name]
    (tmp_path / name).write_bytes(content)
    code, out, _ = run(capsys, "predict", str(tmp_path / name))
    assert code == 1
    [line] = out.splitlines()
    match = ERROR_LINE.match(line)
    assert match, line
    assert re.search(case.reason, match["reason"])


def test_missing_model_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good_folder: Path
) -> None:
    code, out, err = run(
        capsys, "predict", "--model", str(tmp_path / "none.tflite"), str(good_folder)
    )
    assert code == 2
    assert out == ""
    assert err.startswith("digitpad: ")
    assert "missing" in err
    assert len(err.strip().splitlines()) == 1


def test_corrupt_model_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good_folder: Path
) -> None:
    model = tmp_path / "junk.tflite"
    model.write_bytes(b"TFL3" + bytes(range(256)) * 4)
    code, _, err = run(capsys, "predict", "--model", str(model), str(good_folder))
    assert code == 2
    assert "damaged or not a LiteRT model" in err
    assert "Traceback" not in err


def test_model_is_loaded_once_for_many_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(40):
        digit_picture(60 + index).save(tmp_path / f"{index:03}.png")
    loads = []
    real = inference.load_recognizer

    def counting(*args, **kwargs):  # the real loader, counted
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(inference, "load_recognizer", counting)
    code, out, _ = run(capsys, "predict", str(tmp_path))
    assert code == 0
    assert len(out.splitlines()) == 40
    assert len(loads) == 1


# ------------------------------------------------------------ a real process


def test_real_process_exit_codes_and_no_traceback(tmp_path: Path, good_folder: Path) -> None:
    """Run from an unrelated folder: the bundled model must be found without the checkout as cwd."""
    bad = tmp_path / "bad"
    write_bad_files(bad)

    ok = run_digitpad("predict", str(good_folder), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert read_digits(ok.stdout) == {
        str(good_folder / "C-seven.jpg"): 7,
        str(good_folder / "a-one.ink.json"): 1,
        str(good_folder / "b-seven.png"): 7,
    }

    some = run_digitpad("predict", "--json", str(good_folder), str(bad), cwd=tmp_path)
    assert some.returncode == 1
    records = [json.loads(line) for line in some.stdout.splitlines()]
    assert sum(r["digit"] is not None for r in records) == 3
    scanned = [name for name in BAD_FILES if is_readable_suffix(name)]
    assert sum(r["digit"] is None for r in records) == len(scanned) + 1  # + the symlink loop

    usage = run_digitpad("predict", cwd=tmp_path)
    assert usage.returncode == 2
    assert "usage:" in usage.stderr

    version = run_digitpad("--version", cwd=tmp_path)
    assert version.returncode == 0
    assert version.stdout.strip() == f"digitpad {digitpad.__version__}"

    for result in (ok, some, usage, version):
        assert "Traceback" not in result.stdout + result.stderr
        assert "Warning" not in result.stderr


# ------------------------------------------------------------------------ --page


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A phone photo of a two-column table, its second row's first cell empty."""
    from tests.data.pages import page_photo

    path = tmp_path_factory.mktemp("page") / "table.jpg"
    path.write_bytes(page_photo({(0, 0): "12", (0, 1): "34", (1, 1): "56"}))
    return path


def test_page_json_gives_the_rows_and_every_number(
    capsys: pytest.CaptureFixture[str], page_file: Path
) -> None:
    code, out, _ = run(capsys, "predict", "--page", "--json", str(page_file))
    assert code == 0
    record = json.loads(out)
    assert record["path"] == str(page_file)
    assert record["rows"] == [["12", "34"], ["", "56"]]
    assert [(n["number"], n["row"], n["column"]) for n in record["numbers"]] == [
        ("12", 0, 0),
        ("34", 0, 1),
        ("56", 1, 1),
    ]
    assert set(record["numbers"][0]) == {"number", "confidence", "box", "row", "column", "digits"}


def test_page_csv_is_the_table(capsys: pytest.CaptureFixture[str], page_file: Path) -> None:
    code, out, _ = run(capsys, "predict", "--page", "--csv", str(page_file))
    assert (code, out) == (0, "12,34\n,56\n")


def test_page_csv_of_several_files_names_each_row(
    capsys: pytest.CaptureFixture[str], page_file: Path
) -> None:
    code, out, _ = run(capsys, "predict", "--page", "--csv", str(page_file), str(page_file))
    assert code == 0
    assert out == f"{page_file},12,34\n{page_file},,56\n" * 2


def test_page_with_no_number_is_an_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.data.pages import page_photo

    blank = tmp_path / "blank.jpg"
    blank.write_bytes(page_photo({}))
    code, out, _ = run(capsys, "predict", "--page", "--json", str(blank))
    assert code == 1
    record = json.loads(out)
    assert record["rows"] == []
    assert record["error"].startswith("No number found")


@pytest.mark.parametrize(
    "argv",
    [
        ["predict", "--page", "--number", "x.png"],
        ["predict", "--csv", "x.png"],
        ["predict", "--page", "--csv", "--json", "x.png"],
    ],
)
def test_page_options_that_clash_are_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
