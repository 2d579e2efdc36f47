"""The ``digitpad`` command: the window by default, ``predict`` for files.

``digitpad`` opens the window; ``digitpad predict [--json] PATH...`` reads
digits from pictures, ink files or folders of them, loading the model once;
``--number`` reads each file as a whole number (several digits) instead.
Exit status of ``predict``: 0 when every file was read, 1 when some were not
(the others are still printed), 2 for a usage error or a model that cannot load.
A drawing answered "not a digit" was read: it is an answer, not a failure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from digitpad import __version__

if TYPE_CHECKING:
    import numpy as np

    from digitpad.inference import Recognizer

# The recognizer's modules (numpy, Pillow, LiteRT) are imported where they are
# used: plain `digitpad` should reach the window without paying for them first.

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="digitpad",
        usage="digitpad [--verbose] [FILE] | digitpad predict [--number] [--json] PATH... | "
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
        "--model", metavar="FILE", help="model file to use instead of the bundled one"
    )
    predict.add_argument(
        "--runtime",
        choices=("litert", "keras"),
        default="litert",
        help="litert (default, the bundled .tflite) or keras (the .keras model; needs TensorFlow)",
    )
    return parser


def predict_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from digitpad.errors import DigitpadError, ModelError
    from digitpad.inference import load_recognizer
    from digitpad.inputs import array_from_file, expand_paths

    try:
        recognizer = load_recognizer(args.model, runtime=args.runtime)
    except ModelError as error:
        print(f"digitpad: {error}", file=err)
        return EXIT_USAGE
    if args.number:
        return _predict_numbers(args, recognizer, out)
    failures = 0
    for path, problem in expand_paths(args.paths):
        try:
            if problem is not None:
                raise problem
            probabilities = recognizer.predict(array_from_file(path))
        except DigitpadError as error:
            failures += 1
            _print_failure(str(path), str(error), args.json, out)
            continue
        _print_result(str(path), probabilities, args.json, out)
        out.flush()
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _predict_numbers(args: argparse.Namespace, recognizer: Recognizer, out: TextIO) -> int:
    """``predict --number``: one line per file, the whole number and how sure."""
    from digitpad.errors import DigitpadError
    from digitpad.inputs import expand_paths
    from digitpad.numbers import read_number_file

    failures = 0
    for path, problem in expand_paths(args.paths):
        try:
            if problem is not None:
                raise problem
            reading = read_number_file(path, recognizer)
        except DigitpadError as error:
            failures += 1
            if args.json:
                failed: dict[str, object] = {"path": str(path), "number": None}
                failed["error"] = str(error)
                print(json.dumps(failed), file=out)
            else:
                print(f"{path}: error: {error}", file=out)
            continue
        if args.json:
            digits = [
                {
                    "digit": d.digit,
                    "confidence": round(d.confidence, 6),
                    "probabilities": [round(p, 6) for p in d.probabilities],
                    "box": [round(v, 2) for v in d.box],
                }
                for d in reading.digits
            ]
            record: dict[str, object] = {
                "path": str(path),
                "number": reading.number,
                "confidence": round(reading.confidence, 6),
                "digits": digits,
            }
            print(json.dumps(record), file=out)
        else:
            print(f"{path}: {reading.number} ({reading.confidence:.1%})", file=out)
        out.flush()
    return EXIT_SOME_FAILED if failures else EXIT_OK


def _print_result(path: str, probabilities: np.ndarray, as_json: bool, out: TextIO) -> None:
    from digitpad.reading import read

    answer = read(probabilities)
    if as_json:
        record: dict[str, object] = {
            "path": path,
            "digit": answer.digit,
            "confidence": round(answer.confidence, 6),
            "probabilities": [round(p, 6) for p in answer.probabilities],
            "not_digit": round(answer.not_digit, 6),
        }
        if answer.reason is not None:
            record["reason"] = answer.reason
        print(json.dumps(record), file=out)
    elif answer.digit is None:
        print(f"{path}: not a digit ({answer.confidence:.1%}): {answer.reason}", file=out)
    else:
        print(f"{path}: {answer.digit} ({answer.confidence:.1%})", file=out)


def _print_failure(path: str, reason: str, as_json: bool, out: TextIO) -> None:
    if as_json:
        print(json.dumps({"path": path, "digit": None, "error": reason}), file=out)
    else:
        print(f"{path}: error: {reason}", file=out)


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


COMMANDS = ("predict",)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`digitpad predict folder | head`): stop quietly, no traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_SOME_FAILED


def _main(argv: Sequence[str] | None) -> int:
    from digitpad import quiet

    arguments = list(sys.argv[1:] if argv is None else argv)
    # --verbose may stand anywhere (`digitpad predict --verbose x.png`, `digitpad --verbose FILE`).
    quiet.set_verbose("--verbose" in arguments)
    arguments = [argument for argument in arguments if argument != "--verbose"]
    parser = build_parser()
    if arguments and not arguments[0].startswith("-") and arguments[0] not in COMMANDS:
        # `digitpad FILE` (as a file manager or the .desktop entry calls it): open it in the window.
        if not os.path.lexists(arguments[0]):
            parser.error(f"{arguments[0]!r} is neither a command (predict) nor an existing file")
        from digitpad.app import main as app_main

        return app_main([], files=arguments)
    args = parser.parse_args(arguments)
    if args.install_desktop_entry:
        return install_desktop_entry_command(sys.stdout, sys.stderr)
    if args.self_test:
        from digitpad.selftest import run_self_test

        return run_self_test(sys.stdout)
    if args.command == "predict":
        return predict_command(args, sys.stdout, sys.stderr)
    from digitpad.app import main as app_main

    return app_main([])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
