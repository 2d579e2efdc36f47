"""The person's handwriting profile: the digits they taught digitpad, kept on their machine.

Each example is what the model read (the 28x28 array) with the digit the
person says it is, and the ink when it was drawn, so that it can be exported
as an ink file and shown again. The profile is one JSON file in a folder of
its own. It is written atomically (a temporary file, flushed, then renamed
over the old one), so a crash or a full disk in the middle of a write leaves
the previous profile whole.

A profile that cannot be read (damaged, from a newer digitpad, unreadable)
is set aside, renamed beside it, and the program goes on with an empty one:
:attr:`Profile.problem` says so in plain words. A profile of which only some
examples are damaged (an ink beyond the limits of :mod:`digitpad.ink`, say)
is copied aside whole and goes on with the others. Nothing is ever deleted
without being asked. Only a regular file is read (never a device or a named
pipe), at most :data:`MAX_PROFILE_BYTES` of it.

Every change (read, change, write) is made holding a lock
(``profile.json.lock`` beside it, the ``filelock`` package), so that any
number of ``digitpad learn`` runs and windows teaching at once lose nothing:
each change starts from the profile the one before it saved.

Where it lives (:func:`default_profile_folder`): the platform's per-user data
folder, the one Qt calls ``QStandardPaths.AppDataLocation`` for digitpad's
organisation and application names, so the window and the command line share
it; the environment variable ``DIGITPAD_PROFILE_DIR`` points elsewhere (the
tests do). How the examples are used: :mod:`digitpad.reader.personal_model`.

Pure numpy and the standard library: no Qt, no TensorFlow.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import errno
import json
import math
import os
import re
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout

from digitpad.errors import DigitpadError, InputError
from digitpad.ink import (
    INK_SUFFIX,
    MAX_INK_POINTS,
    MAX_INK_STROKES,
    Ink,
    ink_from_json,
    loads_bounded,
)
from digitpad.preprocess import FRAME
from digitpad.regular_files import FileTooLargeError, NotRegularFileError, read_regular_file

#: Qt's organisation and application names of the app (the window and its settings
#: use these): the per-user folder is named after them.
ORGANISATION = "digitpad"
APPLICATION = "digitpad"
#: Overrides where the profile lives (a folder).
PROFILE_ENV = "DIGITPAD_PROFILE_DIR"
#: The file holding the profile, inside the profile folder.
PROFILE_FILE = "profile.json"
FORMAT = "digitpad-profile"
VERSION = 1
#: More examples than any person teaches by hand; keeps loading and reading fast.
MAX_EXAMPLES = 2000
#: A profile file larger than this is not read (1,000 drawn examples take about 5 MB,
#: MAX_EXAMPLES pictures 8.4 MB); a profile is never saved larger.
MAX_PROFILE_BYTES = 16 * 1024 * 1024
#: The drawings of all examples together hold at most this many strokes and points.
#: Each ink is checked as an ink file is (digitpad.ink's limits), and this bounds the
#: whole: loading the profile, which every `predict` does, stays under a second (a
#: drawn digit has 1-3 strokes and 50-200 points: 2,000 of them fit).
MAX_PROFILE_STROKES = 20_000
MAX_PROFILE_POINTS = 400_000
#: The lock file beside the profile file, held across each read-change-write.
LOCK_FILE = "profile.json.lock"
#: How long a change waits for another digitpad's change to finish before giving up.
LOCK_TIMEOUT_S = 30.0
#: Exported pictures carry this PNG text key, so an import reads their array exactly.
PNG_KEY = "digitpad-array"

_LABEL_NAME = re.compile(r"^(\d)(?:\D|$)")


class ProfileError(DigitpadError):
    """The profile cannot be changed or saved (permission denied, full disk, not a folder...)."""


@dataclass(frozen=True)
class Example:
    """One taught digit: what the model read, and what the person says it is."""

    #: Stable identity: survives export and import (so importing twice adds nothing).
    id: str
    label: int
    #: The 28x28 float32 array in [0, 1] the model reads (ink bright).
    array: np.ndarray = field(repr=False, compare=False)
    #: The drawing, when the example was drawn (None for a picture).
    ink: Ink | None = field(default=None, repr=False, compare=False)
    #: When it was taught (ISO 8601, UTC).
    created: str = ""

    @property
    def kind(self) -> str:
        """ "ink" (drawn) or "picture" (a picture's array)."""
        return "ink" if self.ink is not None else "picture"


#: A change to the examples: the old tuple in, the new one out.
_Edit = Callable[[tuple[Example, ...]], tuple[Example, ...]]
#: What tells one saved profile file from another: each save is a new file (inode),
#: and its time and size, so a file saved by another digitpad is noticed.
_Stamp = tuple[int, int, int, int]


def _stamp_of(path: Path) -> _Stamp | None:
    try:
        stat = os.stat(path)
    except (OSError, ValueError):
        return None
    return (stat.st_ino, stat.st_dev, stat.st_mtime_ns, stat.st_size)


def default_profile_folder() -> Path:
    """Where the person's profile lives unless told otherwise.

    ``$DIGITPAD_PROFILE_DIR`` if set; else ``<AppDataLocation>/profile``, where
    ``AppDataLocation`` is Qt's per-user data folder for the app, computed here
    without Qt: ``$XDG_DATA_HOME/digitpad/digitpad`` (``~/.local/share/...``
    when unset) on Linux and other Unix, ``~/Library/Application Support/
    digitpad/digitpad`` on macOS, ``%APPDATA%\\digitpad\\digitpad`` on Windows.
    """
    override = os.environ.get(PROFILE_ENV)
    if override:
        return Path(override).expanduser()
    return app_data_folder() / "profile"


def app_data_folder() -> Path:
    """Qt's ``QStandardPaths.writableLocation(AppDataLocation)`` for digitpad, without Qt."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        # Qt, like the XDG specification, ignores a relative XDG_DATA_HOME.
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / ORGANISATION / APPLICATION


class Profile:
    """The examples of one profile folder, and the only way to change them.

    Every change is saved at once (atomically). :attr:`revision` grows with
    each change, so a reader of the examples (:class:`digitpad.reader.personal_model.
    PersonalRecognizer`) knows when to look again. Not thread-safe.
    """

    def __init__(self, folder: str | Path, examples: tuple[Example, ...] = ()) -> None:
        self.folder = Path(folder)
        self._examples = examples
        #: Why the stored profile is not in use, in plain words (None when all is well).
        self.problem: str | None = None
        #: Where a damaged profile was moved to (None when none was).
        self.set_aside: Path | None = None
        #: True when a damaged profile could not be moved: it is then never overwritten.
        self._blocked = False
        self.revision = 0
        self._stamp: _Stamp | None = None
        self._lock = FileLock(self.folder / LOCK_FILE, timeout=LOCK_TIMEOUT_S)

    # ----------------------------------------------------------------- loading

    @classmethod
    def load(cls, folder: str | Path | None = None) -> Profile:
        """The profile in ``folder`` (default: :func:`default_profile_folder`); never raises.

        A missing folder or file is an empty profile. A damaged or unreadable
        one is renamed ``profile-damaged-<time>.json`` beside it and an empty
        profile is returned, with :attr:`problem` saying what happened.
        """
        profile = cls(default_profile_folder() if folder is None else folder)
        profile._read()
        return profile

    @property
    def path(self) -> Path:
        """The profile file."""
        return self.folder / PROFILE_FILE

    @property
    def can_change(self) -> bool:
        """False when a stored profile that cannot be read could not be set aside either (or
        the folder is a file): teaching would overwrite it, so it is refused (see :attr:`problem`)."""
        return not self._blocked

    def _read(self) -> None:
        try:
            before = _stamp_of(self.path)
            text = read_regular_file(self.path, MAX_PROFILE_BYTES).decode("utf-8")
            examples, damaged = _parse(text)
            if damaged and not examples:
                raise _Damaged(damaged[0])
            self._examples = examples
            # A file replaced while it was read: its stamp says nothing of what was read.
            self._stamp = before if _stamp_of(self.path) == before else None
            if damaged:
                self._keep_undamaged(text, damaged)
        except FileNotFoundError:
            self._examples, self._stamp = (), None
        except NotADirectoryError:
            self._examples = ()
            self.problem = (
                f"The profile folder {self.folder} is a file, not a folder."
                if self.folder.is_file()
                else f"The profile folder {self.folder} cannot be used: part of its path is a "
                "file, not a folder."
            )
            self._blocked = True
        except PermissionError:
            self._examples = ()
            self._refuse_unreadable()
        except (_Damaged, OSError, UnicodeDecodeError) as error:
            self._examples = ()
            self._set_aside(_reason(error))
        self.revision += 1

    def _refuse_unreadable(self) -> None:
        """The folder or the file may not be read: leave it as it is, read without it."""
        where = self.path if os.access(self.folder, os.R_OK | os.X_OK) else self.folder
        self._blocked = True
        self.problem = (
            f"Your handwriting profile cannot be read: permission denied on {where}. "
            "digitpad reads without it; nothing new can be taught until you may read it."
        )

    def _keep_undamaged(self, text: str, damaged: list[str]) -> None:
        """Some examples are damaged: copy the file aside whole, save the others alone."""
        target = self._aside_name()
        others = len(self._examples)
        what = damaged[0] + (f", and {len(damaged) - 1:,} more" if len(damaged) > 1 else "")
        try:
            write_atomically(target, text.encode("utf-8"))
        except OSError as error:
            self._blocked = True
            self.problem = (
                f"Part of your handwriting profile ({self.path}) cannot be read: {what}. "
                f"It could not be copied aside ({error.strerror or error}), so it is left as "
                f"it is; digitpad reads with the other {others:,} examples, and nothing new can "
                "be taught until it is moved or fixed."
            )
            return
        self.set_aside = target
        self.problem = (
            f"Part of your handwriting profile could not be read: {what}. The profile as it "
            f"was is kept as {target}, and digitpad goes on with the other {others:,} examples."
        )
        with contextlib.suppress(ProfileError, Timeout), self._locked():
            if _stamp_of(self.path) == self._stamp:  # nobody saved since it was read
                self._save(self._examples)

    def _aside_name(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.folder / f"profile-damaged-{stamp}.json"
        counter = 1
        while os.path.lexists(target):
            counter += 1
            target = self.folder / f"profile-damaged-{stamp}-{counter}.json"
        return target

    def _set_aside(self, reason: str) -> None:
        target = self._aside_name()
        try:
            os.replace(self.path, target)
        except OSError as error:
            self._blocked = True
            self.problem = (
                f"Your handwriting profile ({self.path}) cannot be read: {reason}. "
                f"It could not be set aside either ({error.strerror or error}), so it is left "
                "as it is and digitpad reads without it; nothing new can be taught until it "
                "is moved or fixed."
            )
            return
        self.set_aside = target
        self.problem = (
            f"Your handwriting profile could not be read: {reason}. It was set aside as "
            f"{target} and digitpad goes on with an empty profile."
        )

    def _reload_if_changed(self) -> None:
        """Another digitpad (the command line, a second window) saved since: start from that."""
        if self._stamp is None or _stamp_of(self.path) != self._stamp:
            self._read()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the profile's lock (made with its folder); ProfileError when it cannot be."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with self._lock:
                yield
        except Timeout:
            raise ProfileError(
                f"Your handwriting profile is being changed by another digitpad that does not "
                f"finish ({self.folder / LOCK_FILE} is held for over {LOCK_TIMEOUT_S:.0f} s); "
                "nothing was changed."
            ) from None
        except OSError as error:
            raise ProfileError(_save_failure(self.path, error)) from None

    # ----------------------------------------------------------------- reading

    @property
    def examples(self) -> tuple[Example, ...]:
        return self._examples

    def __len__(self) -> int:
        return len(self._examples)

    def __iter__(self) -> Iterator[Example]:
        return iter(self._examples)

    def counts(self) -> dict[int, int]:
        """How many examples of each digit (digits without examples left out)."""
        counts: dict[int, int] = {}
        for example in self._examples:
            counts[example.label] = counts.get(example.label, 0) + 1
        return dict(sorted(counts.items()))

    # ---------------------------------------------------------------- changing

    def add(
        self, label: int, *, ink: Ink | None = None, array: np.ndarray | None = None
    ) -> Example:
        """Teach that this drawing (``ink``) or picture (its 28x28 ``array``) is ``label``.

        For ink the array is rendered here, as the model reads it; give both
        to keep exactly the array that was read. Saved at once; raises
        :class:`ProfileError` when it cannot be, :class:`~digitpad.errors.
        NoDigitError` for an empty drawing, ``ValueError`` for a bad label or array.
        """
        example = make_example(label, ink=ink, array=array)
        self._change(lambda examples: (*examples, example))
        return example

    def add_examples(self, examples: Iterable[Example]) -> None:
        """Add several examples (made by :func:`make_example`) in one save."""
        added = tuple(examples)
        if added:
            self._change(lambda old: (*old, *added))

    def remove(self, example_id: str) -> Example:
        """Forget one example; raises ``KeyError`` when there is no such example."""
        found = next((e for e in self._examples if e.id == example_id), None)
        if found is None:
            raise KeyError(example_id)
        self._change(lambda examples: tuple(e for e in examples if e.id != example_id))
        return found

    def forget_all(self) -> int:
        """Forget every example; returns how many there were."""
        forgotten: list[int] = []

        def forget(examples: tuple[Example, ...]) -> tuple[Example, ...]:
            forgotten.append(len(examples))
            return ()

        self._change(forget)
        return forgotten[-1]

    def _change(self, edit: _Edit) -> None:
        """Apply ``edit`` to the profile as saved now, holding the lock until it is saved."""
        if self._blocked:
            raise ProfileError(self.problem or "The profile cannot be changed.")
        with self._locked():
            self._reload_if_changed()
            if self._blocked:  # it became unreadable meanwhile
                raise ProfileError(self.problem or "The profile cannot be changed.")
            examples = edit(self._examples)
            if len(examples) > MAX_EXAMPLES:
                raise ProfileError(
                    f"The profile is full ({MAX_EXAMPLES:,} examples): remove some before "
                    "teaching more."
                )
            _check_drawings(examples)
            strokes, points = _ink_in(examples)
            if strokes > MAX_PROFILE_STROKES or points > MAX_PROFILE_POINTS:
                raise ProfileError(
                    f"The profile is full (its drawings may hold {MAX_PROFILE_STROKES:,} strokes "
                    f"and {MAX_PROFILE_POINTS:,} points in all): remove some before teaching more."
                )
            self._save(examples)
        self._examples = examples
        self.revision += 1

    def _save(self, examples: tuple[Example, ...]) -> None:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "examples": [_example_json(e) for e in examples],
        }
        text = json.dumps(data, separators=(",", ":"))
        if len(text) > MAX_PROFILE_BYTES:
            raise ProfileError(
                f"The profile is full ({MAX_PROFILE_BYTES / 2**20:.0f} MiB): remove some examples "
                "before teaching more."
            )
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, text.encode("utf-8"))
            self._stamp = _stamp_of(self.path)
        except OSError as error:
            raise ProfileError(_save_failure(self.path, error)) from None

    # ------------------------------------------------------- export and import

    def export_to(self, folder: str | Path) -> list[Path]:
        """Write every example into ``folder`` as a file of its own; returns the files.

        Drawn examples become ``<digit>-<id>.ink.json`` (the ink format of
        :mod:`digitpad.ink`, with ``"label"`` and ``"id"`` added); pictures become
        ``<digit>-<id>.png``, the 28x28 array as 8-bit grey (ink white).
        """
        from PIL import Image, PngImagePlugin

        target = Path(folder)
        written = []
        try:
            target.mkdir(parents=True, exist_ok=True)
            for example in self._examples:
                stem = f"{example.label}-{example.id}"
                if example.ink is not None:
                    path = target / f"{stem}{INK_SUFFIX}"
                    data = {**example.ink.to_json(), "label": example.label, "id": example.id}
                    write_atomically(path, json.dumps(data, separators=(",", ":")).encode())
                else:
                    path = target / f"{stem}.png"
                    info = PngImagePlugin.PngInfo()
                    info.add_text(PNG_KEY, f"{example.label}:{example.id}")
                    pixels = np.round(example.array * 255).astype(np.uint8)
                    Image.fromarray(pixels, mode="L").save(path, pnginfo=info)
                written.append(path)
        except OSError as error:
            raise ProfileError(
                f"The examples cannot be written to {target} ({error.strerror or error})."
            ) from None
        return written

    def import_from(self, folder: str | Path) -> ImportReport:
        """Add the examples in a folder of ink files and pictures (as :meth:`export_to` writes).

        The digit comes from the file's ``"label"`` (ink files), its PNG
        note (exported pictures), or else the first character of its name
        (``7-anything.png``, ``3_b.ink.json``). Examples already in the
        profile (same id) are skipped; files that cannot be read are
        reported, not fatal. Everything found is saved in one write.
        """
        from digitpad.input_files import expand_paths

        if not Path(folder).is_dir():
            raise ProfileError(f"{folder} is not a folder of examples.")
        report = ImportReport()
        known = {e.id for e in self._examples}
        found: list[Example] = []
        for path, problem in expand_paths([folder]):
            try:
                if problem is not None:
                    raise problem
                example = _read_example_file(path)
            except (DigitpadError, ValueError) as error:
                report.skipped.append((path, str(error)))
                continue
            if example.id in known:
                report.duplicates += 1
                continue
            known.add(example.id)
            found.append(example)
        self.add_examples(found)
        report.added = len(found)
        return report


@dataclass
class ImportReport:
    """What :meth:`Profile.import_from` did."""

    added: int = 0
    #: Examples already in the profile.
    duplicates: int = 0
    #: Files not imported, with the reason in plain words.
    skipped: list[tuple[Path, str]] = field(default_factory=list)


# --------------------------------------------------------------------- examples


def make_example(
    label: int,
    *,
    ink: Ink | None = None,
    array: np.ndarray | None = None,
    example_id: str | None = None,
    created: str | None = None,
) -> Example:
    """A checked :class:`Example`; see :meth:`Profile.add`."""
    if isinstance(label, bool) or not isinstance(label, (int, np.integer)) or not 0 <= label <= 9:
        raise ValueError(f"a taught label is a digit 0-9, not {label!r}")
    if array is None:
        if ink is None:
            raise ValueError("an example needs ink or an array")
        from digitpad.preprocess import ink_to_array

        array = ink_to_array(ink)
    array = np.asarray(array, dtype=np.float32)
    if array.shape != (FRAME, FRAME):
        raise ValueError(f"an example's array is {FRAME}x{FRAME}, not {array.shape}")
    if not np.all(np.isfinite(array)) or array.min() < 0 or array.max() > 1:
        raise ValueError("an example's array holds values outside [0, 1]")
    array = array.copy()
    array.setflags(write=False)
    return Example(
        id=example_id or uuid.uuid4().hex[:16],
        label=int(label),
        array=array,
        ink=ink,
        created=created or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    )


def _example_json(example: Example) -> dict[str, object]:
    data: dict[str, object] = {
        "id": example.id,
        "label": example.label,
        "created": example.created,
        "array": base64.b64encode(example.array.astype("<f4").tobytes()).decode("ascii"),
    }
    if example.ink is not None:
        data["ink"] = example.ink.to_json()
    return data


class _Damaged(Exception):
    """The profile file is not a profile this digitpad can read."""


def _parse(text: str) -> tuple[tuple[Example, ...], list[str]]:
    """The examples of a profile's text, and what is wrong with each damaged one.

    Raises :class:`_Damaged` when the file as a whole is not a profile.
    """
    try:
        data = loads_bounded(text, too_long=math.inf)
    except (json.JSONDecodeError, RecursionError):
        raise _Damaged("it is not valid JSON (perhaps cut short)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _Damaged("it is not a digitpad profile")
    if data.get("version") != VERSION:
        raise _Damaged(
            f"it was written by another digitpad version (format {data.get('version')!r})"
        )
    rows = data.get("examples")
    if not isinstance(rows, list):
        raise _Damaged("it has no list of examples")
    if len(rows) > MAX_EXAMPLES:
        raise _Damaged(f"it has more than {MAX_EXAMPLES:,} examples")
    examples = []
    damaged = []
    seen = set()
    budget = _InkBudget()
    for number, row in enumerate(rows, 1):
        if not budget.admits(row):
            damaged.append(
                f"example {number} is beyond what a profile holds ({MAX_PROFILE_STROKES:,} "
                f"strokes and {MAX_PROFILE_POINTS:,} points of drawing in all)"
            )
            continue
        try:
            example = _example_from_json(row)
        except (ValueError, TypeError, KeyError, InputError, binascii.Error) as error:
            damaged.append(f"example {number} is damaged ({error})")
            continue
        if example.id in seen:
            damaged.append(f"example {number} repeats the id of another")
            continue
        seen.add(example.id)
        examples.append(example)
    return tuple(examples), damaged


def _check_drawings(examples: Iterable[Example]) -> None:
    """Each drawing within an ink file's limits, or it would be set aside at the next load."""
    for example in examples:
        ink = example.ink
        if ink is not None and (
            len(ink.strokes) > MAX_INK_STROKES or len(ink.points) > MAX_INK_POINTS
        ):
            raise ProfileError(
                f"This drawing is too long to keep as an example (more than {MAX_INK_STROKES:,} "
                f"strokes or {MAX_INK_POINTS:,} points); nothing was changed."
            )


def _ink_in(examples: Iterable[Example]) -> tuple[int, int]:
    """The strokes and points of all the examples' drawings."""
    inks = [example.ink for example in examples if example.ink is not None]
    return sum(len(ink.strokes) for ink in inks), sum(len(ink.points) for ink in inks)


class _InkBudget:
    """Counts the drawing of each stored example before it is parsed (a length per stroke)."""

    def __init__(self) -> None:
        self.strokes = 0
        self.points = 0

    def admits(self, row: object) -> bool:
        """False when ``row``'s drawing would pass the profile's limits; else it is counted."""
        ink = row.get("ink") if isinstance(row, dict) else None
        strokes = ink.get("strokes") if isinstance(ink, dict) else ink
        if not isinstance(strokes, list):
            return True  # no drawing, or one that parsing will call damaged
        points = sum(len(stroke) for stroke in strokes if isinstance(stroke, list))
        if (
            self.strokes + len(strokes) > MAX_PROFILE_STROKES
            or self.points + points > MAX_PROFILE_POINTS
        ):
            return False
        self.strokes += len(strokes)
        self.points += points
        return True


def _example_from_json(row: object) -> Example:
    if not isinstance(row, dict):
        raise ValueError("not an object")
    identity, label, created = row["id"], row["label"], row.get("created", "")
    if not isinstance(identity, str) or not re.fullmatch(r"[0-9A-Za-z_-]{1,64}", identity):
        raise ValueError("its id is not a short name")
    if not isinstance(created, str):
        raise ValueError("its date is not text")
    raw = base64.b64decode(str(row["array"]), validate=True)
    if len(raw) != FRAME * FRAME * 4:
        raise ValueError("its array is not 28x28")
    array = np.frombuffer(raw, dtype="<f4").reshape(FRAME, FRAME)
    ink = ink_from_json(row["ink"]) if row.get("ink") is not None else None
    return make_example(label, ink=ink, array=array, example_id=identity, created=created)


def _read_example_file(path: Path) -> Example:
    """One exported (or hand-made) ink file or picture as an example."""
    from digitpad.ink import is_ink_path, load_ink

    if is_ink_path(path):
        ink = load_ink(path)
        data = loads_bounded(path.read_text(encoding="utf-8-sig"), too_long=math.inf)
        label = data.get("label") if isinstance(data, dict) else None
        identity = data.get("id") if isinstance(data, dict) else None
        if label is None:
            label = _label_from_name(path)
        return make_example(label, ink=ink, example_id=_usable_id(identity, path))
    note = _png_note(path)
    if note is not None:
        label_text, _, identity = note.partition(":")
        from PIL import Image

        with Image.open(path, formats=["PNG"]) as image:
            pixels = np.asarray(image.convert("L"), dtype=np.float32) / 255.0
        return make_example(int(label_text), array=pixels, example_id=_usable_id(identity, path))
    from digitpad.preprocess import image_to_array

    return make_example(
        _label_from_name(path), array=image_to_array(path), example_id=_usable_id(None, path)
    )


def _png_note(path: Path) -> str | None:
    if path.suffix.lower() != ".png":
        return None
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path, formats=["PNG"]) as image:
            note = image.info.get(PNG_KEY) if image.size == (FRAME, FRAME) else None
    except (OSError, UnidentifiedImageError):
        return None  # the picture path explains what is wrong with it
    return note if isinstance(note, str) and re.fullmatch(r"\d:[0-9A-Za-z_-]{1,64}", note) else None


def _label_from_name(path: Path) -> int:
    match = _LABEL_NAME.match(path.name)
    if match is None:
        raise ValueError(
            "The file name does not say which digit it is (name it like 7-something.png)."
        )
    return int(match.group(1))


def _usable_id(identity: object, path: Path) -> str:
    """The exported id when there is a valid one; else one made from the file's content."""
    if isinstance(identity, str) and re.fullmatch(r"[0-9A-Za-z_-]{1,64}", identity):
        return identity
    import hashlib

    return "f" + hashlib.sha256(path.read_bytes()).hexdigest()[:15]


# ---------------------------------------------------------------------- writing


def write_atomically(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a reader sees the old file or the new, whole.

    The data goes to a temporary file in the same folder, is flushed to the
    disk, then renamed over ``path`` (``os.replace`` is atomic on one file
    system); the folder is synced too where the system allows it. On any
    failure the temporary file is removed and the old file is untouched.
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened there
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):  # some file systems cannot sync a folder
            os.fsync(handle)
    finally:
        os.close(handle)


def _reason(error: BaseException) -> str:
    if isinstance(error, _Damaged):
        return str(error)
    if isinstance(error, NotRegularFileError):
        return f"it is {error.what}, not a file"
    if isinstance(error, FileTooLargeError):
        return f"it is too large ({error.size / 1e6:.0f} MB)"
    if isinstance(error, UnicodeDecodeError):
        return "it is not text"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "it is a folder, not a file"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)


def _save_failure(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        why = "permission denied"
    elif error.errno == errno.ENOSPC:
        why = "the disk is full"
    elif isinstance(error, (NotADirectoryError, FileExistsError)):
        why = "a file stands where its folder should be"
    else:
        why = error.strerror or str(error)
    return f"Your handwriting profile cannot be saved to {path} ({why}); nothing was changed."
