"""The handwriting profile (storage) and the personal reader (what the examples change).

Real model, real files, real processes: a profile is written, read back,
damaged, exported and imported on disk; a child process is killed while it
writes. The UNIPEN checks (the writer stream) need the data set.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from digitpad.errors import NoDigitError
from digitpad.handwriting_profile import (
    APPLICATION,
    ORGANISATION,
    PROFILE_ENV,
    Profile,
    ProfileError,
    app_data_folder,
    default_profile_folder,
    make_example,
    write_atomically,
)
from digitpad.ink import Ink, load_ink, save_ink
from digitpad.input_files import array_from_file
from digitpad.preprocess import ink_to_array
from digitpad.reader import Reader
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.personal_model import PersonalRecognizer
from digitpad.reader.settings import DEFAULT_SETTINGS
from digitpad.results import CLASSES
from tests.data.privileges import run_unprivileged
from tests.data.samples import NAMES, SAMPLES, sample

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "profile"


def seven_ink() -> Ink:
    return load_ink(sample(7, ".ink.json"))


@pytest.fixture(scope="module")
def samples() -> list[tuple[np.ndarray, int]]:
    return [
        (array_from_file(SAMPLES / f"{name}{suffix}"), digit)
        for digit, name in enumerate(NAMES)
        for suffix in (".ink.json", ".png")
    ]


# ------------------------------------------------------------------------- where


def test_the_default_folder_is_qt_s_app_data_folder(tmp_path: Path) -> None:
    """Computed without Qt, it must be what Qt itself gives the window (checked in a child)."""
    from digitpad.gui.main_window import APPLICATION as QT_APPLICATION
    from digitpad.gui.main_window import ORGANISATION as QT_ORGANISATION

    assert (ORGANISATION, APPLICATION) == (QT_ORGANISATION, QT_APPLICATION)
    code = (
        "from PySide6.QtCore import QCoreApplication, QStandardPaths\n"
        f"QCoreApplication.setOrganizationName({ORGANISATION!r})\n"
        f"QCoreApplication.setApplicationName({APPLICATION!r})\n"
        "print(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))\n"
        "from digitpad.handwriting_profile import app_data_folder\n"
        "print(app_data_folder())\n"
    )
    for xdg in (str(tmp_path / "data"), None):
        env = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
        env["HOME"] = str(tmp_path / "home")
        if xdg:
            env["XDG_DATA_HOME"] = xdg
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        qt, ours = result.stdout.split("\n")[:2]
        assert Path(qt) == Path(ours)
        assert Path(ours).parts[-2:] == (ORGANISATION, APPLICATION)


def test_the_environment_points_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path / "mine"))
    assert default_profile_folder() == tmp_path / "mine"
    monkeypatch.delenv(PROFILE_ENV)
    assert default_profile_folder() == app_data_folder() / "profile"


# ---------------------------------------------------------------------- teaching


def test_a_missing_profile_is_empty_and_reading_it_writes_nothing(folder: Path) -> None:
    profile = Profile.load(folder)
    assert len(profile) == 0
    assert profile.problem is None
    assert profile.can_change
    assert not folder.exists()


def test_taught_examples_are_saved_and_read_back(folder: Path) -> None:
    profile = Profile.load(folder)
    drawn = profile.add(1, ink=seven_ink())
    picture_array = array_from_file(sample(4))
    picture = profile.add(9, array=picture_array)
    assert (drawn.kind, picture.kind) == ("ink", "picture")
    assert [e.label for e in profile] == [1, 9]
    assert profile.counts() == {1: 1, 9: 1}
    again = Profile.load(folder)
    assert [e.id for e in again] == [drawn.id, picture.id]
    assert [e.label for e in again] == [1, 9]
    np.testing.assert_array_equal(again.examples[0].array, ink_to_array(seven_ink()))
    np.testing.assert_array_equal(again.examples[1].array, picture_array)
    assert again.examples[0].ink is not None
    assert again.examples[0].ink.to_lists() == seven_ink().to_lists()
    assert again.examples[1].ink is None
    assert again.examples[0].created.endswith("+00:00")
    assert sorted(p.name for p in folder.iterdir()) == ["profile.json", "profile.json.lock"]


@pytest.mark.parametrize("label", [-1, 10, True, "3", 2.0])
def test_a_taught_label_is_a_digit(folder: Path, label: object) -> None:
    profile = Profile.load(folder)
    with pytest.raises(ValueError, match="digit 0-9"):
        profile.add(label, ink=seven_ink())  # type: ignore[arg-type]
    assert not folder.exists()


def test_bad_examples_are_refused_and_nothing_is_saved(folder: Path) -> None:
    profile = Profile.load(folder)
    with pytest.raises(NoDigitError):
        profile.add(3, ink=Ink())
    with pytest.raises(ValueError, match="28x28"):
        profile.add(3, array=np.zeros((32, 32), np.float32))
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        profile.add(3, array=np.full((28, 28), 2.0, np.float32))
    with pytest.raises(ValueError, match="ink or an array"):
        profile.add(3)
    assert len(profile) == 0
    assert not folder.exists()


def test_removing_and_forgetting(folder: Path) -> None:
    profile = Profile.load(folder)
    first = profile.add(1, ink=seven_ink())
    second = profile.add(2, array=array_from_file(sample(2)))
    revision = profile.revision
    assert profile.remove(first.id).id == first.id
    assert profile.revision > revision
    assert [e.id for e in Profile.load(folder)] == [second.id]
    with pytest.raises(KeyError):
        profile.remove(first.id)
    assert profile.forget_all() == 1
    assert len(Profile.load(folder)) == 0
    assert (folder / "profile.json").is_file()  # an empty profile, not a missing one


def test_two_programs_teaching_the_same_profile_keep_both_examples(folder: Path) -> None:
    """The window and the command line: each change starts from what the other saved."""
    window, command_line = Profile.load(folder), Profile.load(folder)
    window.add(1, ink=seven_ink())
    time.sleep(0.01)  # a distinct modification time even on coarse file systems
    command_line.add(4, array=array_from_file(sample(4)))
    window.add(5, array=array_from_file(sample(5)))
    assert [e.label for e in Profile.load(folder)] == [1, 4, 5]


# ------------------------------------------------------------- export and import


def test_export_and_import_round_trip(folder: Path, tmp_path: Path) -> None:
    profile = Profile.load(folder)
    drawn = profile.add(1, ink=seven_ink())
    picture = profile.add(9, array=array_from_file(sample(9)))
    files = profile.export_to(tmp_path / "export")
    names = sorted(p.name for p in files)
    assert names == sorted([f"1-{drawn.id}.ink.json", f"9-{picture.id}.png"])
    ink_file = tmp_path / "export" / f"1-{drawn.id}.ink.json"
    assert load_ink(ink_file).to_lists() == seven_ink().to_lists()  # a plain ink file
    assert json.loads(ink_file.read_text())["label"] == 1

    other = Profile.load(tmp_path / "other")
    report = other.import_from(tmp_path / "export")
    assert (report.added, report.duplicates, report.skipped) == (2, 0, [])
    by_id = {e.id: e for e in other}
    assert set(by_id) == {drawn.id, picture.id}
    assert by_id[drawn.id].label == 1
    np.testing.assert_array_equal(by_id[drawn.id].array, drawn.array)
    assert by_id[picture.id].label == 9
    np.testing.assert_allclose(by_id[picture.id].array, picture.array, atol=1 / 255)
    again = other.import_from(tmp_path / "export")
    assert (again.added, again.duplicates) == (0, 2)
    assert len(Profile.load(tmp_path / "other")) == 2


def test_import_takes_labels_from_names_and_reports_what_it_cannot_read(
    folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "mine"
    source.mkdir()
    save_ink(seven_ink(), source / "7_mine.ink.json")
    Image.open(sample(3)).save(source / "3-scan.png")
    Image.open(sample(5)).save(source / "scan.png")  # no digit in the name
    (source / "8-broken.ink.json").write_text("[[", encoding="utf-8")
    report = Profile.load(folder).import_from(source)
    assert report.added == 2
    skipped = {path.name: reason for path, reason in report.skipped}
    assert set(skipped) == {"scan.png", "8-broken.ink.json"}
    assert "does not say which digit" in skipped["scan.png"]
    assert "not valid JSON" in skipped["8-broken.ink.json"]
    assert sorted(e.label for e in Profile.load(folder)) == [3, 7]
    with pytest.raises(ProfileError, match="not a folder"):
        Profile.load(folder).import_from(source / "3-scan.png")


# ------------------------------------------------------------ damage and crashes


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not valid JSON"),
        (b'{"format": "digitpad-profile", "version": 1, "examples": [{"id": "a"', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not text"),
        (b'{"format": "something else"}', "not a digitpad profile"),
        (b'{"format": "digitpad-profile", "version": 99, "examples": []}', "another digitpad"),
        (
            b'{"format": "digitpad-profile", "version": 1, "examples": '
            b'[{"id": "a", "label": 12, "array": ""}]}',
            "example 1 is damaged",
        ),
    ],
    ids=["empty", "cut-short", "binary", "other-format", "newer", "bad-example"],
)
def test_a_damaged_profile_is_set_aside_and_a_fresh_one_starts(
    folder: Path, content: bytes, reason: str
) -> None:
    folder.mkdir()
    (folder / "profile.json").write_bytes(content)
    profile = Profile.load(folder)
    assert len(profile) == 0
    assert profile.problem is not None
    assert reason in profile.problem
    assert "set aside" in profile.problem
    assert profile.set_aside is not None
    assert str(profile.set_aside) in profile.problem
    assert profile.set_aside.read_bytes() == content  # kept, untouched
    assert not (folder / "profile.json").exists()
    profile.add(1, ink=seven_ink())
    assert len(Profile.load(folder)) == 1
    assert profile.set_aside.read_bytes() == content


def test_a_profile_that_is_a_folder_or_inside_a_file_is_refused_in_plain_words(
    tmp_path: Path,
) -> None:
    (tmp_path / "a" / "profile.json").mkdir(parents=True)
    odd = Profile.load(tmp_path / "a")
    assert "it is a folder, not a file" in (odd.problem or "")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    inside = Profile.load(blocker)
    assert inside.problem == f"The profile folder {blocker} is a file, not a folder."
    assert not inside.can_change
    with pytest.raises(ProfileError, match="is a file, not a folder"):
        inside.add(1, ink=seven_ink())
    deeper = Profile.load(blocker / "sub")
    with pytest.raises(ProfileError, match="part of its path is a file"):
        deeper.add(1, ink=seven_ink())
    assert blocker.read_text(encoding="utf-8") == "x"
    # A folder that cannot be made: the save fails in plain words, nothing changes.
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c").write_text("y", encoding="utf-8")
    late = Profile.load(tmp_path / "b")
    (tmp_path / "b" / "c").unlink()
    (tmp_path / "b").rmdir()
    (tmp_path / "b").write_text("z", encoding="utf-8")  # the folder became a file meanwhile
    with pytest.raises(ProfileError, match="cannot be saved") as info:
        late.add(1, ink=seven_ink())
    assert "nothing was changed" in str(info.value)
    assert len(late) == 0


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "profile.json"
    target.write_bytes(b"old")
    # The write fails once the temporary file exists (as with a full disk).
    with pytest.raises(TypeError):
        write_atomically(target, object())  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.json"]
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.json"]


WRITER = """
import sys
sys.path.insert(0, sys.argv[2])
import numpy as np
from digitpad.handwriting_profile import Profile
profile = Profile.load(sys.argv[1])
rng = np.random.default_rng(0)
print("ready", flush=True)
while True:
    profile.add(int(rng.integers(10)), array=rng.random((28, 28)).astype(np.float32))
"""


def test_a_crash_in_the_middle_of_a_write_loses_nothing(folder: Path) -> None:
    """A child teaches in a loop (each save rewrites the whole file) and is killed at random
    moments; meanwhile the file is read again and again. Every read, and the profile left
    behind, is a whole profile."""
    rng = np.random.default_rng(1)
    seen = 0
    for _ in range(3):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), str(ROOT)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + float(rng.uniform(0.5, 1.5))
        while time.monotonic() < deadline:
            try:
                data = json.loads((folder / "profile.json").read_bytes())
            except FileNotFoundError:
                continue
            assert data["format"] == "digitpad-profile"
            seen = max(seen, len(data["examples"]))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        profile = Profile.load(folder)
        assert profile.problem is None
        assert len(profile) >= seen
    assert seen > 0


TEACHER = """
import sys
sys.path.insert(0, sys.argv[2])
import numpy as np
from digitpad.handwriting_profile import Profile
profile = Profile.load(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()  # all start together
rng = np.random.default_rng(int(sys.argv[3]))
for _ in range(int(sys.argv[4])):
    profile.add(int(rng.integers(10)), array=rng.random((28, 28)).astype(np.float32))
"""


def test_teachers_in_many_processes_at_once_lose_nothing(folder: Path) -> None:
    """Six processes, each with its profile loaded before the others teach, add 15 examples
    each at the same moment: every one of the 90 is kept (without the lock, each save
    overwrote the others' examples taught since its last read)."""
    children = [
        subprocess.Popen(
            [sys.executable, "-c", TEACHER, str(folder), str(ROOT), str(seed), "15"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for seed in range(6)
    ]
    for child in children:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.close()
    for child in children:
        assert child.wait(timeout=120) == 0
        assert child.stdout is not None
        child.stdout.close()
    profile = Profile.load(folder)
    assert profile.problem is None
    assert len(profile) == 90
    assert len({example.id for example in profile}) == 90


def test_a_profile_that_is_a_fifo_or_a_device_is_set_aside_unread(folder: Path) -> None:
    folder.mkdir()
    os.mkfifo(folder / "profile.json")
    started = time.monotonic()
    fifo = Profile.load(folder)
    assert "it is a named pipe (FIFO), not a file" in (fifo.problem or "")
    assert fifo.set_aside is not None
    fifo.add(3, ink=seven_ink())
    if os.path.exists("/dev/zero"):
        (folder / "profile.json").unlink()
        (folder / "profile.json").symlink_to("/dev/zero")
        device = Profile.load(folder)
        assert "it is a device, not a file" in (device.problem or "")
        assert len(device) == 0
    assert time.monotonic() - started < 10  # not a hang, not gigabytes read


def test_a_damaged_example_is_set_aside_and_the_others_are_kept(folder: Path) -> None:
    """One example's ink holds a 5,000-digit number: it alone is left out; the file as it
    was is copied aside whole, and the profile goes on with the rest."""
    profile = Profile.load(folder)
    profile.add(1, ink=seven_ink())
    profile.add(2, ink=seven_ink())
    text = (folder / "profile.json").read_text(encoding="utf-8")
    data = json.loads(text)
    data["examples"][0]["ink"] = "@INK@"
    damaged = json.dumps(data).replace('"@INK@"', '{"strokes": [[[1%s, 2]]]}' % ("0" * 5000))
    (folder / "profile.json").write_text(damaged, encoding="utf-8")
    again = Profile.load(folder)
    assert [e.label for e in again] == [2]
    assert again.problem is not None
    assert "example 1 is damaged" in again.problem
    assert "goes on with the other 1 examples" in again.problem
    assert again.set_aside is not None
    assert again.set_aside.read_text(encoding="utf-8") == damaged  # kept whole
    assert [e.label for e in Profile.load(folder)] == [2]  # saved without it
    assert Profile.load(folder).problem is None


def test_a_drawing_beyond_the_ink_limits_is_not_taught(folder: Path) -> None:
    """The pad does not limit a drawing's length; the profile keeps only what it can read back."""
    long = Ink.from_lists([[[i, i % 9]] for i in range(501)], bounded=False)
    profile = Profile.load(folder)
    with pytest.raises(ProfileError, match=r"too long to keep as an example \(more than 500"):
        profile.add(1, ink=long)
    assert len(Profile.load(folder)) == 0


def test_the_drawings_of_all_examples_are_bounded_together(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import digitpad.handwriting_profile as module

    two_strokes = Ink.from_lists([[[0, 0], [10, 40]], [[20, 0], [20, 40]]])
    profile = Profile.load(folder)
    profile.add(1, ink=two_strokes)
    profile.add(2, ink=two_strokes)
    monkeypatch.setattr(module, "MAX_PROFILE_STROKES", 3)
    with pytest.raises(
        ProfileError, match=r"The profile is full \(its drawings may hold 3 strokes"
    ):
        profile.add(3, ink=two_strokes)
    again = Profile.load(folder)  # a file beyond the budget: the examples past it are set aside
    assert [e.label for e in again] == [1]
    assert "example 2 is beyond what a profile holds (3 strokes" in (again.problem or "")


def test_a_profile_folder_that_may_not_be_read_is_a_plain_problem(open_tmp: Path) -> None:
    folder = open_tmp / "profile"
    Profile.load(folder).add(4, ink=seven_ink())
    folder.chmod(0o000)
    code = (
        "from digitpad.handwriting_profile import Profile\n"
        f"profile = Profile.load({str(folder)!r})\n"
        "result = [profile.problem, profile.can_change, len(profile)]"
    )
    problem, can_change, count = run_unprivileged(code)["result"]
    assert problem == (
        f"Your handwriting profile cannot be read: permission denied on {folder}. "
        "digitpad reads without it; nothing new can be taught until you may read it."
    )
    assert (can_change, count) == (False, 0)
    folder.chmod(0o755)
    assert len(Profile.load(folder)) == 1  # untouched


# --------------------------------------------------------------- the personal reader


def test_an_empty_profile_answers_exactly_as_the_model(
    recognizer: LiteRTRecognizer, folder: Path, samples: list[tuple[np.ndarray, int]]
) -> None:
    personal = PersonalRecognizer(recognizer, Profile.load(folder))
    arrays = np.stack([a for a, _ in samples])
    np.testing.assert_array_equal(personal.predict_batch(arrays), recognizer.predict_batch(arrays))
    for array, _ in samples:
        got = personal.predict(array)
        assert got.dtype == np.float32
        np.testing.assert_array_equal(got, recognizer.predict(array))
    ink = seven_ink()
    assert Reader(personal).read_number_ink(ink) == Reader(recognizer).read_number_ink(ink)
    assert personal.nearest(arrays[0]) == []
    assert personal.examples_in_use == 0


def test_teaching_a_drawing_makes_it_read_as_taught_and_leaves_other_digits(
    recognizer: LiteRTRecognizer, folder: Path, samples: list[tuple[np.ndarray, int]]
) -> None:
    profile = Profile.load(folder)
    personal = PersonalRecognizer(recognizer, profile)
    seven = ink_to_array(seven_ink())
    assert int(np.argmax(personal.predict(seven))) == 7
    profile.add(1, ink=seven_ink())  # the person says: that is my 1
    answer = personal.predict(seven)
    assert answer.shape == (CLASSES,)
    assert float(answer.sum()) == pytest.approx(1.0, abs=1e-5)
    assert int(np.argmax(answer)) == 1
    # The same drawing moved a pixel (drawn again) is pulled hard towards the taught digit,
    # though not always past a model that was 100% sure of another (the blend's strength
    # is 1.1: chosen so, see training/evaluate_profile.py).
    for shift in ((0, 1), (1, 0), (-1, -1)):
        moved = np.roll(seven, shift, axis=(0, 1))
        assert float(recognizer.predict(moved)[1]) < 0.01
        assert float(personal.predict(moved)[1]) > 0.3
    # Every other sample is far from the taught 7 (cosine distance 0.68 or more, beyond the
    # radius of 0.5): no example is near it, so it reads exactly as the model alone.
    others = [(array, digit) for array, digit in samples if digit != 7]
    assert len(others) == 18
    for array, digit in others:
        [nearest] = personal.nearest(array, count=1)
        assert nearest.weight == 0, (digit, nearest.distance)
        np.testing.assert_array_equal(personal.predict(array), recognizer.predict(array))
        assert int(np.argmax(personal.predict(array))) == digit
    [neighbour] = personal.nearest(seven, count=5)
    assert neighbour.example.label == 1
    assert neighbour.distance == pytest.approx(0.0, abs=1e-5)
    assert neighbour.weight == pytest.approx(1.0, abs=1e-4)
    # Forgetting it gives the model's own answers back, exactly.
    profile.forget_all()
    np.testing.assert_array_equal(personal.predict(seven), recognizer.predict(seven))


def test_the_personal_reader_follows_the_profile_and_reads_numbers(
    recognizer: LiteRTRecognizer, folder: Path
) -> None:
    profile = Profile.load(folder)
    personal = PersonalRecognizer(recognizer, profile)
    seven, four = seven_ink(), load_ink(sample(4, ".ink.json"))
    width = float(seven.points[:, 0].max()) + 20
    shifted = tuple(s + np.array([width, 0.0])[: s.shape[1]] for s in four.strokes)
    number = Ink((*seven.strokes, *shifted))
    assert Reader(personal).read_number_ink(number).number == "74"
    profile.add(1, ink=seven)
    assert personal.examples_in_use == 1
    assert Reader(personal).read_number_ink(number).number == "14"
    # Another program's change is picked up when the profile is loaded again.
    assert (
        Reader(PersonalRecognizer(recognizer, Profile.load(folder))).read_number_ink(number).number
        == "14"
    )


def test_a_model_without_features_reads_alone_and_says_why(folder: Path, tmp_path: Path) -> None:
    keras = pytest.importorskip("keras")
    from training.export import to_tflite

    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Flatten()(keras.layers.Conv2D(2, 7, strides=7)(inputs))
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))
    path = tmp_path / "old.tflite"
    to_tflite(model, path, features=False)
    old = LiteRTRecognizer(path)
    profile = Profile.load(folder)
    profile.add(1, ink=seven_ink())
    personal = PersonalRecognizer(old, profile)
    seven = ink_to_array(seven_ink())
    np.testing.assert_array_equal(personal.predict(seven), old.predict(seven))
    assert personal.examples_in_use == 0
    assert personal.problem is not None
    assert "gives no features" in personal.problem


def test_a_profile_of_a_thousand_examples_is_used_quickly_enough_to_load(
    recognizer: LiteRTRecognizer, folder: Path
) -> None:
    """Loading and first use of 1,000 examples (their features computed once)."""
    rng = np.random.default_rng(2)
    base = [ink_to_array(load_ink(SAMPLES / f"{n}.ink.json")) for n in NAMES]
    profile = Profile.load(folder)
    examples = [
        make_example(d, array=np.roll(base[d], tuple(rng.integers(-3, 4, 2)), axis=(0, 1)))
        for d in rng.integers(10, size=1000)
    ]
    profile.add_examples(examples)
    started = time.perf_counter()
    loaded = Profile.load(folder)
    personal = PersonalRecognizer(recognizer, loaded)
    assert personal.examples_in_use == 1000
    took = time.perf_counter() - started
    print(f"1,000 examples loaded and their features computed in {took:.2f} s")
    answer = personal.predict(base[3])
    assert int(np.argmax(answer)) == 3


# --------------------------------------------------------------------- writer stream


@pytest.mark.slow
def test_taught_examples_turn_no_right_answer_wrong_on_unipen(recognizer, unipen) -> None:
    """The issue's stream with the app's blend: no writer worse, no right answer broken, and
    the examples of every writer read over everyone else's digits break none either."""
    from training.evaluate_profile import evaluate, load_writers, unique_digits

    writers = load_writers(unique_digits(unipen), recognizer)
    result = evaluate(writers, None, DEFAULT_SETTINGS.blend)
    print({k: v for k, v in result.items() if k != "per_writer"})
    assert result["reporting"]["writers"] == 6
    for group in ("reporting", "tuning"):
        assert result[group]["broken"] == 0
        assert result[group]["writers_worse"] == 0
        assert result[group]["errors_with"] <= result[group]["errors_without"]
    assert result["strangers_all"]["broken"] == 0
    assert result["reporting_online"]["writers_worse"] == 0
    assert result["reporting_online"]["errors_with"] <= result["reporting_online"]["errors_without"]


def test_an_import_folder_of_hostile_files_is_reported_file_by_file(
    folder: Path, tmp_path: Path
) -> None:
    from tests.data.hostile_inputs import EPS_LOOP

    source = tmp_path / "hostile"
    source.mkdir()
    (source / "3-drawing.png").write_bytes(EPS_LOOP)  # would have run Ghostscript
    ink = json.loads((SAMPLES / "seven.ink.json").read_text(encoding="utf-8"))
    text = json.dumps({**ink, "label": "@"}).replace('"@"', "7" * 5000)
    (source / "7-long-label.ink.json").write_text(text, encoding="utf-8")
    save_ink(seven_ink(), source / "7-fine.ink.json")
    report = Profile.load(folder).import_from(source)
    assert report.added == 1
    skipped = {path.name: reason for path, reason in report.skipped}
    assert "PostScript and EPS drawings are not supported" in skipped["3-drawing.png"]
    assert "holds a number out of range" in skipped["7-long-label.ink.json"]
