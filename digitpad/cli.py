r"""The ``digitpad`` command: the window by default, ``predict``, ``learn`` and ``explain`` for files.

``digitpad`` opens the window; ``digitpad predict [--json] PATH...`` reads
digits from pictures, ink files or folders of them, loading the model once;
``--number`` reads each file as a whole number (several digits) instead, and
``--page`` every number on a page as a table (``--csv`` prints the table).
``digitpad learn --label N PATH...`` teaches the person's profile that each
file shows N; ``digitpad explain PATH --out heat.png`` draws where the
evidence for the answer lies. ``predict``, ``learn`` and ``explain`` read
with the person's profile (:mod:`digitpad.handwriting_profile`; ``--profile DIR`` for
another, ``--no-profile`` for the bundled model alone); an empty or missing
profile reads exactly as the bundled model.
Exit status: 0 when every file was done, 1 when some were not (the others are
still printed), 2 for a usage error, or a model or profile that cannot be used.
A drawing answered "not a digit" was read: it is an answer, not a failure.

Every file gets exactly one line (or one JSON object), whatever its name:
control characters and bytes that are not UTF-8 in a name are shown escaped
(``\n``, ``\x1b``, ``\xff``), in the JSON as in the plain line, so a name can
neither break a line nor reach the terminal as a command. Output that cannot
be written (a closed pipe, a full disk) ends the run quietly with status 1.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from digitpad import __version__

if TYPE_CHECKING:
    from digitpad.errors import DigitpadError
    from digitpad.reader import Reader
    from digitpad.results import Reading

_Read = TypeVar("_Read")

# The recognizer's modules (numpy, Pillow, LiteRT) are imported where they are
# used: plain `digitpad` should reach the window without paying for them first.

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

PAGE_OF_INK = "An ink file holds one drawing, not a page: read it with --number."

#: Unicode categories never printed as they are: controls (newline, carriage
#: return, escape...), invisible format marks (right-to-left overrides), line and
#: paragraph separators, and the lone surrogates that stand for undecodable bytes.
_UNPRINTED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def shown(text: str) -> str:
    r"""``text`` safe for one line of a terminal: unprintable characters escaped.

    A byte that is not UTF-8 in a file name reaches Python as a lone surrogate
    (U+DC80-U+DCFF, the ``surrogateescape`` of :func:`os.fsdecode`); it is shown
    as the byte it was, ``\xff``. Other unprintable characters are shown as
    Python writes them in a string (``\n``, ``\x1b``, ``\u202e``).
    """
    if text.isprintable():
        return text
    return "".join(_escaped(char) for char in text)


def _escaped(char: str) -> str:
    if unicodedata.category(char) not in _UNPRINTED:
        return char
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return repr(char)[1:-1] if code < 0x10000 else f"\\U{code:08x}"


def _say(line: str, out: TextIO) -> None:
    """Print one line with its unprintable characters escaped (see :func:`shown`)."""
    print(shown(line), file=out)


def _say_json(data: dict[str, object], out: TextIO) -> None:
    """One JSON object per line, its text escaped as the plain lines are."""
    cleaned = {
        key: shown(value) if isinstance(value, str) else value for key, value in data.items()
    }
    print(json.dumps(cleaned, allow_nan=False), file=out)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digitpad",
        usage="digitpad [--verbose] [FILE] | "
        "digitpad predict [--number | --page] [--json | --csv] PATH... | "
        "digitpad learn --label N PATH... | digitpad explain PATH --out FILE | "
        "digitpad --self-test | digitpad --install-desktop-entry",
        description="Draw or open a handwritten digit and see what it is. "
        "With no command, opens the window (showing FILE, a picture or *.ink.json, if given).",
    )
    parser.add_argument("--version", action="version", version=f"digitpad {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check the bundled model on built-in digits and exit (0 when all are right)",
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add digitpad to the desktop's application menu (Linux: writes the .desktop entry "
        "and icons into $XDG_DATA_HOME or ~/.local/share) and exit",
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="also show the log lines of LiteRT and Qt (hidden otherwise), e.g. for a bug report",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    predict = commands.add_parser(
        "predict",
        help="read digits from pictures, ink files or folders",
        description="Print the digit in each picture or ink file (folders: every such file in them).",
    )
    predict.add_argument("paths", nargs="+", metavar="PATH", help="picture, *.ink.json or folder")
    predict.add_argument("--json", action="store_true", help="one JSON object per line")
    predict.add_argument(
        "--number",
        action="store_true",
        help="read each file as a whole number of several digits (a year, an amount)",
    )
    predict.add_argument(
        "--page",
        action="store_true",
        help="read every number on a page (a photo or scan of a list or table) as a table",
    )
    predict.add_argument(
        "--csv", action="store_true", help="with --page: the table as CSV, one line per row"
    )
    predict.add_argument(
        "--model", metavar="FILE", help="model file to use instead of the bundled one"
    )
    predict.add_argument(
        "--runtime",
        choices=("litert", "keras"),
        default="litert",
        help="litert (default, the bundled .tflite) or keras (the .keras model; needs TensorFlow)",
    )
    _add_profile_options(predict)
    learn = commands.add_parser(
        "learn",
        help="teach digitpad your handwriting: each file shows the digit N",
        description="Keep each picture or ink file as your example of the digit N, so that "
        "digitpad reads your way of writing it. One line per file.",
    )
    learn.add_argument("paths", nargs="+", metavar="PATH", help="picture, *.ink.json or folder")
    learn.add_argument(
        "--label", type=_digit, required=True, metavar="N", help="the digit the files show (0-9)"
    )
    learn.add_argument("--model", metavar="FILE", help=argparse.SUPPRESS)
    _add_profile_options(learn, allow_none=False)
    explain = commands.add_parser(
        "explain",
        help="draw where the evidence for the answer lies",
        description="Read one picture or ink file and write a picture of it with a heat map "
        "over the parts that made the answer (or the digit N).",
    )
    explain.add_argument("path", metavar="PATH", help="picture or *.ink.json")
    explain.add_argument("--out", required=True, metavar="FILE", help="the picture to write (PNG)")
    explain.add_argument(
        "--digit", type=_digit, metavar="N", help="show the evidence for N instead of the answer"
    )
    explain.add_argument("--model", metavar="FILE", help="model file instead of the bundled one")
    _add_profile_options(explain)
    return parser


def _digit(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 1):
        raise argparse.ArgumentTypeError(f"a digit 0-9 is expected, not {text!r}")
    return int(text)


def _add_profile_options(parser: argparse.ArgumentParser, allow_none: bool = True) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--profile",
        metavar="DIR",
        help="your handwriting profile folder (default: yours, in the per-user data folder; "
        "$DIGITPAD_PROFILE_DIR overrides)",
    )
    if allow_none:
        group.add_argument(
            "--no-profile", action="store_true", help="read with the bundled model alone"
        )


def _reader(args: argparse.Namespace, err: TextIO) -> Reader | None:
    """The reader of the model, read through the person's profile unless ``--no-profile``;
    None (said on ``err``) when the model cannot be loaded. A profile that cannot be used
    is said on ``err`` and the model alone reads."""
    from digitpad.errors import ModelError
    from digitpad.reader import Reader
    from digitpad.reader.digit_model import load_recognizer

    try:
        recognizer = load_recognizer(args.model, runtime=getattr(args, "runtime", "litert"))
    except ModelError as error:
        print(f"digitpad: {error}", file=err)
        return None
    if getattr(args, "no_profile", False):
        return Reader(recognizer)
    from digitpad.handwriting_profile import Profile
    from digitpad.reader.personal_model import PersonalRecognizer

    profile = Profile.load(args.profile)
    if profile.problem:
        print(f"digitpad: {profile.problem}", file=err)
    reader = Reader(recognizer).with_profile(profile)
    personal = reader.digit_model
    assert isinstance(personal, PersonalRecognizer)
    if personal.examples_in_use == 0 and personal.problem:
        print(f"digitpad: {personal.problem} Reading with the model alone.", file=err)
    return reader


def predict_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digitpad.errors import DigitpadError, ModelError
    from digitpad.input_files import array_from_file

    reader = _reader(args, err)
    if reader is None:
        return EXIT_USAGE
    if args.page:
        return _predict_pages(args, reader, out, err)
    if args.number:
        return _predict_numbers(args, reader, out, err)
    failures = 0
    try:
        for path, reading in _read_each(
            args.paths, lambda p: reader.read_array(array_from_file(p))
        ):
            if isinstance(reading, DigitpadError):
                failures += 1
                _print_failure(str(path), str(reading), args.json, out)
                continue
            _print_result(str(path), reading, args.json, out)
            out.flush()
    except ModelError as error:
        _say(f"digitpad: {error}", err)
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _read_each(
    paths: Sequence[str],
    read: Callable[[Path], _Read],
    fatal: tuple[type[Exception], ...] = (),
) -> Iterator[tuple[Path, _Read | DigitpadError]]:
    """Each file of ``paths`` (folders give their files) and what ``read`` made of it, or
    why it could not be read: a bad file is one line of the output, and the next file is
    read. A ``ModelError`` (or one of ``fatal``) is raised: then the model or the profile
    failed, not the file, and no other file would do better."""
    from digitpad.errors import DigitpadError, ModelError
    from digitpad.input_files import expand_paths

    stop: tuple[type[Exception], ...] = (ModelError, *fatal)
    for path, problem in expand_paths(paths):
        try:
            if problem is not None:
                raise problem
            result = read(path)
        except stop:
            raise
        except DigitpadError as error:
            yield path, error
            continue
        yield path, result


def _predict_numbers(args: argparse.Namespace, reader: Reader, out: TextIO, err: TextIO) -> int:
    """``predict --number``: one line per file, the whole number and how sure."""
    from digitpad.errors import DigitpadError, ModelError

    failures = 0
    try:
        for path, reading in _read_each(args.paths, reader.read_number_file):
            if isinstance(reading, DigitpadError):
                failures += 1
                if args.json:
                    _say_json({"path": str(path), "number": None, "error": str(reading)}, out)
                else:
                    _say(f"{path}: error: {reading}", out)
                continue
            if args.json:
                _say_json({"path": str(path), **reading.to_dict()}, out)
            else:
                _say(f"{path}: {reading.number} ({reading.confidence:.1%})", out)
            out.flush()
    except ModelError as error:
        _say(f"digitpad: {error}", err)
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _predict_pages(args: argparse.Namespace, reader: Reader, out: TextIO, err: TextIO) -> int:
    """``predict --page``: every number on each page, as a table.

    JSON: one object per file. CSV: the table, one line per row; with several
    files each row starts with the file's name, so the tables stay apart.
    Plain: the file's name and count, then each row, its cells tab-separated.
    """
    from digitpad.errors import DigitpadError, InputError, ModelError
    from digitpad.ink import is_ink_path
    from digitpad.results import PageReading

    def read_page(path: Path) -> PageReading:
        if is_ink_path(path):
            raise InputError(PAGE_OF_INK)
        return reader.read_page_picture(path)

    failures = 0
    several = len(args.paths) > 1
    try:
        for path, page in _read_each(args.paths, read_page):
            if isinstance(page, DigitpadError):
                failures += 1
                if args.json:
                    _say_json({"path": str(path), "rows": [], "error": str(page)}, out)
                else:
                    _say(f"{path}: error: {page}", err if args.csv else out)
                continue
            if args.json:
                _say_json({"path": str(path), **page.to_dict()}, out)
            elif args.csv:
                rows = [(shown(str(path)), *row) if several else row for row in page.rows]
                out.write(PageReading(page.numbers, tuple(rows)).table_text())
            else:
                _say(f"{path}: {len(page.numbers)} numbers in {len(page.rows)} rows", out)
                out.write(page.table_text("\t"))  # a cell holds digits, a point or a comma
            out.flush()
    except ModelError as error:
        _say(f"digitpad: {error}", err)
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _print_result(path: str, answer: Reading, as_json: bool, out: TextIO) -> None:
    if as_json:
        _say_json({"path": path, **answer.to_dict()}, out)
    elif answer.digit is None:
        _say(f"{path}: not a digit ({answer.confidence:.1%}): {answer.reason}", out)
    else:
        _say(f"{path}: {answer.digit} ({answer.confidence:.1%})", out)


def _print_failure(path: str, reason: str, as_json: bool, out: TextIO) -> None:
    if as_json:
        _say_json({"path": path, "digit": None, "error": reason}, out)
    else:
        _say(f"{path}: error: {reason}", out)


def learn_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``learn``: each file becomes an example of ``--label`` in the profile; one line per file."""
    from digitpad.errors import DigitpadError, ModelError
    from digitpad.handwriting_profile import ProfileError
    from digitpad.ink import is_ink_path, load_ink
    from digitpad.input_files import array_from_file
    from digitpad.reader.personal_model import PersonalRecognizer

    reader = _reader(args, err)
    if reader is None:
        return EXIT_USAGE
    personal = reader.digit_model
    assert isinstance(personal, PersonalRecognizer)
    profile = personal.profile
    if not profile.can_change:
        return EXIT_USAGE  # _reader has said why

    def learn(path: Path) -> Reading:
        """What the file read before it was taught (the profile's example is added)."""
        ink = load_ink(path) if is_ink_path(path) else None
        array = array_from_file(path)
        before = reader.read_array(array)
        profile.add(args.label, ink=ink, array=array)
        return before

    failures = 0
    try:
        for path, before in _read_each(args.paths, learn, fatal=(ProfileError,)):
            if isinstance(before, DigitpadError):
                failures += 1
                _say(f"{path}: error: {before}", out)
                continue
            answer = "not a digit" if before.digit is None else str(before.digit)
            said = f"it read {answer}, {before.confidence:.1%}"
            _say(f"{path}: learned as {args.label} ({said})", out)
            out.flush()
    except (ProfileError, ModelError) as error:
        _say(f"digitpad: {error}", err)
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failures else EXIT_OK


def explain_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``explain``: the heat map of the evidence for the answer (or ``--digit``), as a picture."""
    from digitpad.errors import DigitpadError, ModelError
    from digitpad.input_files import array_from_file
    from digitpad.reader.explain import explain, overlay_image
    from digitpad.results import NOT_A_DIGIT

    reader = _reader(args, err)
    if reader is None:
        return EXIT_USAGE
    try:
        array = array_from_file(args.path)
        answer = reader.read_array(array)
        klass = args.digit if args.digit is not None else answer.digit
        klass = NOT_A_DIGIT if klass is None else klass
        heat = explain(reader.digit_model, array, klass)
    except ModelError as error:
        _say(f"digitpad: {error}", err)
        return EXIT_USAGE
    except DigitpadError as error:
        _say(f"{args.path}: error: {error}", out)
        return EXIT_SOME_FAILED
    try:
        overlay_image(array, heat).save(args.out, format="PNG")
    except (OSError, ValueError) as error:
        why = getattr(error, "strerror", None) or str(error)
        _say(f"{args.path}: error: the picture cannot be written to {args.out} ({why}).", out)
        return EXIT_SOME_FAILED
    said = "not a digit" if answer.digit is None else str(answer.digit)
    drawn = "not a digit" if klass == NOT_A_DIGIT else str(klass)
    evidence = "no evidence" if not heat.any() else "evidence"
    _say(
        f"{args.path}: {said} ({answer.confidence:.1%}); {evidence} for {drawn} drawn in {args.out}",
        out,
    )
    return EXIT_OK


def _refuse_empty_paths(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """An empty argument (an unset variable: `learn --label 7 "$F"`) names no file.

    To the system it is the current folder: taken as it is, ``learn`` would
    teach every picture there as the digit and ``predict`` read them all.
    """
    named = list(getattr(args, "paths", None) or [])
    named += [getattr(args, name, None) for name in ("path", "out", "model", "profile")]
    if any(value == "" for value in named):
        parser.error("an empty argument names no file (is a variable unset?)")


def _refuse_mixed_modes(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """``--page`` and ``--number`` read a file two ways; ``--csv`` is the page's table."""
    if getattr(args, "command", None) != "predict":
        return
    if args.page and args.number:
        parser.error("--page and --number read a file in two different ways: choose one")
    if args.csv and not args.page:
        parser.error("--csv prints a page's table: use it with --page")
    if args.csv and args.json:
        parser.error("--csv and --json are two ways to print: choose one")


def install_desktop_entry_command(out: TextIO, err: TextIO) -> int:
    from digitpad.desktop import DesktopEntryError, install_desktop_entry

    try:
        written = install_desktop_entry()
    except DesktopEntryError as error:
        print(f"digitpad: {error}", file=err)
        return EXIT_SOME_FAILED
    for path in written:
        print(f"wrote {path}", file=out)
    print(
        "digitpad is now in the application menu (some desktops show it after logging in again).",
        file=out,
    )
    return EXIT_OK


COMMANDS = ("predict", "learn", "explain")


#: Errors of writing the output: the reader went away, or the disk (or quota) is full.
_OUTPUT_LOST = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG})


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A name or message the terminal's encoding cannot show is escaped, never a traceback.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if sys.stdout is None:  # started with stdout closed (`digitpad predict x.png >&-`)
        if sys.stderr is not None:
            print(
                "digitpad: the output cannot be written (standard output is closed).",
                file=sys.stderr,
            )
        return EXIT_SOME_FAILED
    try:
        return _main(argv)
    except OSError as error:
        # `digitpad predict folder | head` (the reader went away), or stdout on a full disk:
        # stop quietly. Anything else is a bug, and shows as one.
        if not isinstance(error, BrokenPipeError) and error.errno not in _OUTPUT_LOST:
            raise
        _output_lost(error)
        return EXIT_SOME_FAILED


def _output_lost(error: OSError) -> None:
    """Say why the output stops (unless stderr is gone too), and let the exit flush nowhere."""
    if not isinstance(error, BrokenPipeError):
        try:
            print(f"digitpad: the output cannot be written ({error.strerror}).", file=sys.stderr)
            sys.stderr.flush()
        except OSError:
            pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no file descriptor behind stdout (an embedding host)
        pass


def _main(argv: Sequence[str] | None) -> int:
    from digitpad import quiet

    arguments = list(sys.argv[1:] if argv is None else argv)
    # --verbose may stand anywhere (`digitpad predict --verbose x.png`, `digitpad --verbose FILE`)
    # before a `--`: after it, everything is a file (`digitpad predict -- --verbose`).
    end = arguments.index("--") if "--" in arguments else len(arguments)
    options = arguments[:end]
    quiet.set_verbose("--verbose" in options)
    arguments = [argument for argument in options if argument != "--verbose"] + arguments[end:]
    parser = build_parser()
    if arguments and not arguments[0].startswith("-") and arguments[0] not in COMMANDS:
        # `digitpad FILE` (as a file manager or the .desktop entry calls it): open it in the window.
        if not os.path.lexists(arguments[0]):
            parser.error(
                f"{arguments[0]!r} is neither a command ({', '.join(COMMANDS)}) nor an existing file"
            )
        from digitpad.app import main as app_main

        return app_main([], files=arguments)
    args = parser.parse_args(arguments)
    _refuse_empty_paths(parser, args)
    _refuse_mixed_modes(parser, args)
    if args.install_desktop_entry:
        return install_desktop_entry_command(sys.stdout, sys.stderr)
    if args.self_test:
        from digitpad.selftest import run_self_test

        return run_self_test(sys.stdout)
    if args.command == "predict":
        return predict_command(args, sys.stdout, sys.stderr)
    if args.command == "learn":
        return learn_command(args, sys.stdout, sys.stderr)
    if args.command == "explain":
        return explain_command(args, sys.stdout, sys.stderr)
    from digitpad.app import main as app_main

    return app_main([])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
