"""Do a person's corrections stick? The per-writer protocol of issue 29, with intervals.

    python -m training.evaluate_corrections [--model FILE] [--part tuning|held-out]
        [--habits] [--radius R] [--strength S] [--json]

Each UNIPEN writer with at least 30 digits is a new user. Their digits, in the
order written, are cut in two halves; every wrong answer of the first half
(read with an empty profile) is taught, then the second half is read with that
profile through :func:`digitpad.reader.personal_model.blend_probabilities`, the
app's own rule. Errors before and after are counted per writer with 95%
Wilson intervals (a refusal of a digit is an error). Also counted:

- **strangers**: each writer's profile read over every *other* writer's
  digits, one profile at a time (as another person would use digitpad with
  it): the share of their answers it changes (target: at most 0.1%);
- **redrawn**: every taught example drawn again with a small jitter (a shift
  of up to 4% of its size, a turn of up to 4 degrees), read with the profile:
  the share read as the taught digit (target: all).

``--habits`` turns every writer into a simulated writer with one fixed habit
(a slant of 22-32 degrees and a shear, the same for all their digits: see
:func:`habit`): the bundled model reads real writers almost perfectly, so their
few errors cannot steer, while a writer with a fixed habit makes the same
kind of error again and again, which is what a correction should fix.

``--part tuning`` (the default) reads the writers of the UNIPEN sources the model
trained on (``training/splits.py``); choose blends on these. ``--part held-out``
reads the held-out sources' writers: score those once, at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from digitpad.ink import Ink
from digitpad.preprocess import ink_to_array
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.personal_model import _unit, blend_probabilities
from digitpad.reader.settings import DEFAULT_SETTINGS, Blend
from digitpad.results import DIGIT_CLASSES
from training.datasets import PenDigit, data_dir, load_unipen
from training.evaluate_numbers import wilson_interval
from training.evaluate_profile import answers, unique_digits
from training.splits import UNIPEN_HOLDOUT_SOURCES
from training.styles import STYLED_DIGITS, styled_ink

#: Writers with at least this many digits take part (the issue's writers).
MIN_DIGITS = 30
#: The seed of the simulated habits and of the redraw jitter.
SEED = 29


@dataclass
class Writer:
    """One writer's digits in order, read once by the model."""

    name: str
    labels: np.ndarray
    probabilities: np.ndarray
    #: Features scaled to length 1.
    units: np.ndarray
    inks: list[Ink]


@dataclass
class Result:
    """One writer's second half, without and with the profile of their first-half corrections."""

    writer: str
    digits: int
    taught: int
    errors_before: int
    errors_after: int
    #: Right answers (without the profile) turned wrong by it.
    broken: int
    #: Second-half errors of a digit already corrected in the first half.
    repeated: int


def habit(ink: Ink, rng: np.random.Generator) -> Ink:
    """The writer's fixed habit: every digit turned and sheared the same way."""
    angle = np.radians(rng.uniform(22, 32) * rng.choice([-1, 1]))
    shear = rng.uniform(0.2, 0.4) * rng.choice([-1, 1])
    return transformed(ink, angle, shear, (0.0, 0.0))


def transformed(ink: Ink, angle: float, shear: float, shift: tuple[float, float]) -> Ink:
    """The ink turned by ``angle``, sheared, shifted by a share of its size, about its centre."""
    points = np.concatenate([s[:, :2] for s in ink.strokes])
    centre = (points.min(axis=0) + points.max(axis=0)) / 2
    size = float(np.ptp(points, axis=0).max()) or 1.0
    cos, sin = np.cos(angle), np.sin(angle)
    matrix = np.array([[cos, -sin], [sin, cos]]) @ np.array([[1.0, shear], [0.0, 1.0]])
    offset = np.asarray(shift) * size
    strokes = tuple((s[:, :2] - centre) @ matrix.T + centre + offset for s in ink.strokes)
    return Ink(strokes)


def styled_habit(ink: Ink, label: int, state: dict[str, Any]) -> Ink:
    """The writer's fixed style of 0, 1 and 7 (training/styles.py): the same strokes, placed
    on each digit's own box, every time they write that digit."""
    rng = np.random.default_rng()
    rng.bit_generator.state = state
    return styled_ink(ink, label, rng) or ink


def load_writers(
    digits: list[PenDigit], recognizer: LiteRTRecognizer, habits: str | None
) -> list[Writer]:
    by_writer: dict[str, list[PenDigit]] = {}
    for digit in digits:
        by_writer.setdefault(digit.writer, []).append(digit)
    writers = []
    rng = np.random.default_rng(SEED)
    for name, own in by_writer.items():
        if len(own) < MIN_DIGITS:
            continue
        inks = [d.ink for d in own]
        if habits == "slant":
            state = rng.bit_generator.state
            inks = []
            for digit in own:
                rng.bit_generator.state = state  # the same habit for every digit
                inks.append(habit(digit.ink, rng))
            rng.random()
        elif habits == "styles":
            states = {}
            for label in STYLED_DIGITS:
                states[label] = dict(rng.bit_generator.state)
                rng.random()
            inks = [
                styled_habit(d.ink, d.label, states[d.label]) if d.label in states else d.ink
                for d in own
            ]
        arrays = np.stack([ink_to_array(ink) for ink in inks])
        probabilities, features = recognizer.predict_with_features(arrays)
        writers.append(
            Writer(name, np.array([d.label for d in own]), probabilities, _unit(features), inks)
        )
    return writers


def first_half_errors(writer: Writer) -> np.ndarray:
    half = len(writer.labels) // 2
    return np.flatnonzero(answers(writer.probabilities[:half]) != writer.labels[:half])


def with_profile(
    probabilities: np.ndarray,
    units: np.ndarray,
    examples: np.ndarray,
    labels: np.ndarray,
    blend: Blend,
) -> np.ndarray:
    """The answers read through a profile of these examples (oldest first), by the app's rule."""
    if not len(labels):
        return answers(probabilities)
    votes = np.eye(DIGIT_CLASSES, dtype=np.float32)[labels]
    return answers(blend_probabilities(probabilities, units, examples, votes, blend))


def protocol(writer: Writer, blend: Blend) -> Result:
    half = len(writer.labels) // 2
    taught = first_half_errors(writer)
    truth = writer.labels[half:]
    before = answers(writer.probabilities[half:])
    after = with_profile(
        writer.probabilities[half:],
        writer.units[half:],
        writer.units[taught],
        writer.labels[taught],
        blend,
    )
    corrected = set(writer.labels[taught].tolist())
    return Result(
        writer.name,
        len(writer.labels),
        len(taught),
        int((before != truth).sum()),
        int((after != truth).sum()),
        int(((before == truth) & (after != truth)).sum()),
        int(sum(t in corrected for t in truth[before != truth].tolist())),
    )


def strangers(
    writers: list[Writer], others_as_written: list[Writer], blend: Blend
) -> dict[str, int]:
    """Each writer's profile, alone, over all other writers' digits as they wrote them (no
    simulated habit): the answers it changes. ``others_as_written[i]`` is ``writers[i]``'s
    own digits as written."""
    probabilities = np.concatenate([w.probabilities for w in others_as_written])
    units = np.concatenate([w.units for w in others_as_written])
    truth = np.concatenate([w.labels for w in others_as_written])
    owner = np.concatenate([np.full(len(w.labels), i) for i, w in enumerate(others_as_written)])
    plain = answers(probabilities)
    read = changed = broken = fixed = 0
    for number, writer in enumerate(writers):
        taught = first_half_errors(writer)
        others = owner != number
        read += int(others.sum())
        if not len(taught):
            continue
        # Only rows some example is near can change: compute those alone.
        near = (units[others] @ writer.units[taught].T).max(axis=1) > 1.0 - blend.radius
        if not near.any():
            continue
        rows = np.flatnonzero(others)[near]
        now = with_profile(
            probabilities[rows],
            units[rows],
            writer.units[taught],
            writer.labels[taught],
            blend,
        )
        changed += int((now != plain[rows]).sum())
        broken += int(((plain[rows] == truth[rows]) & (now != truth[rows])).sum())
        fixed += int(((plain[rows] != truth[rows]) & (now == truth[rows])).sum())
    return {"read": read, "changed": changed, "broken": broken, "fixed": fixed}


def redrawn(writers: list[Writer], recognizer: LiteRTRecognizer, blend: Blend) -> dict[str, int]:
    """Every taught example drawn again with a small jitter, read with its writer's profile."""
    rng = np.random.default_rng(SEED + 1)
    count = right = refused = 0
    for writer in writers:
        taught = first_half_errors(writer)
        if not len(taught):
            continue
        inks = [
            transformed(
                writer.inks[i],
                float(np.radians(rng.uniform(-4, 4))),
                0.0,
                (float(rng.uniform(-0.04, 0.04)), float(rng.uniform(-0.04, 0.04))),
            )
            for i in taught
        ]
        probabilities, features = recognizer.predict_with_features(
            np.stack([ink_to_array(ink) for ink in inks])
        )
        now = with_profile(
            probabilities, _unit(features), writer.units[taught], writer.labels[taught], blend
        )
        count += len(taught)
        right += int((now == writer.labels[taught]).sum())
        refused += int((now == -1).sum())
    return {"taught": count, "read_as_taught": right, "refused": refused}


def interval(errors: int, count: int) -> list[float]:
    low, high = wilson_interval(errors, count)
    return [round(low, 4), round(high, 4)]


def evaluate(
    writers: list[Writer], as_written: list[Writer], recognizer: LiteRTRecognizer, blend: Blend
) -> dict[str, Any]:
    results = [protocol(w, blend) for w in writers]
    before = sum(r.errors_before for r in results)
    after = sum(r.errors_after for r in results)
    digits = sum(r.digits - r.digits // 2 for r in results)
    harm = strangers(writers, as_written, blend)
    return {
        "blend": asdict(blend),
        "writers": len(results),
        "second_half_digits": digits,
        "taught": sum(r.taught for r in results),
        "errors_before": before,
        "errors_after": after,
        "ratio": after / before if before else None,
        "before_interval": interval(before, digits),
        "after_interval": interval(after, digits),
        "repeated": sum(r.repeated for r in results),
        "broken": sum(r.broken for r in results),
        "writers_worse": [r.writer for r in results if r.errors_after > r.errors_before],
        "writers_better": sum(r.errors_after < r.errors_before for r in results),
        "strangers": harm,
        "strangers_changed_share": harm["changed"] / harm["read"] if harm["read"] else 0.0,
        "redrawn": redrawn(writers, recognizer, blend),
        "per_writer": [asdict(r) for r in results],
    }


def print_report(result: dict[str, Any], per_writer: bool) -> None:
    ratio = result["ratio"]
    low, high = result["before_interval"]
    low2, high2 = result["after_interval"]
    print(f"blend {result['blend']}")
    print(
        f"  {result['writers']} writers, {result['second_half_digits']} second-half digits, "
        f"taught {result['taught']}: errors {result['errors_before']} "
        f"({low:.1%}-{high:.1%}) -> {result['errors_after']} ({low2:.1%}-{high2:.1%}), "
        f"{'n/a' if ratio is None else f'{ratio:.2f}x'}; repeats of a corrected digit "
        f"{result['repeated']}; right answers turned wrong {result['broken']}; writers worse "
        f"{len(result['writers_worse'])} {result['writers_worse'] or ''}, better "
        f"{result['writers_better']}"
    )
    harm = result["strangers"]
    print(
        f"  strangers: {harm['changed']} of {harm['read']} answers changed "
        f"({result['strangers_changed_share']:.3%}; {harm['broken']} right turned wrong, "
        f"{harm['fixed']} wrong turned right)"
    )
    again = result["redrawn"]
    print(
        f"  redrawn taught examples: {again['read_as_taught']} of {again['taught']} read as "
        f"taught, {again['refused']} refused"
    )
    if per_writer:
        for row in result["per_writer"]:
            count = row["digits"] - row["digits"] // 2
            low, high = interval(row["errors_before"], count)
            low2, high2 = interval(row["errors_after"], count)
            print(
                f"    {row['writer']}: {count} digits, taught {row['taught']}, errors "
                f"{row['errors_before']} ({low:.1%}-{high:.1%}) -> {row['errors_after']} "
                f"({low2:.1%}-{high2:.1%}), broken {row['broken']}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.evaluate_corrections",
        description="Issue 29: second-half errors after teaching the first half's, per writer.",
    )
    parser.add_argument("--model", help="LiteRT model with features (default: bundled)")
    parser.add_argument("--data-dir", help="UNIPEN folder (default: from DIGITPAD_DATA_DIR)")
    parser.add_argument("--part", choices=("tuning", "held-out"), default="tuning")
    parser.add_argument(
        "--habits",
        choices=("slant", "styles"),
        help="simulated writers, each with one fixed habit: a slant, or styled 0, 1 and 7",
    )
    parser.add_argument("--radius", type=float, action="append", help="(repeat to compare)")
    parser.add_argument("--strength", type=float, default=DEFAULT_SETTINGS.blend.strength)
    parser.add_argument("--same", type=float, default=DEFAULT_SETTINGS.blend.same)
    parser.add_argument("--per-writer", action="store_true", help="print every writer's row")
    parser.add_argument("--json", action="store_true", help="the figures as one JSON object")
    args = parser.parse_args(argv)
    folder = data_dir("unipen-dev", args.data_dir)
    if folder is None or not folder.is_dir():
        print("No UNIPEN data: set DIGITPAD_DATA_DIR or --data-dir.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    held_out = args.part == "held-out"
    digits = [
        d
        for d in unique_digits(load_unipen(folder))
        if (d.source in UNIPEN_HOLDOUT_SOURCES) == held_out
    ]
    recognizer = LiteRTRecognizer(args.model)
    as_written = load_writers(digits, recognizer, None)
    writers = load_writers(digits, recognizer, args.habits) if args.habits else as_written
    blends = [
        replace(DEFAULT_SETTINGS.blend, radius=radius, strength=args.strength, same=args.same)
        for radius in args.radius or [DEFAULT_SETTINGS.blend.radius]
    ]
    results = [evaluate(writers, as_written, recognizer, blend) for blend in blends]
    seconds = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps({"part": args.part, "habits": args.habits, "results": results}))
        return 0
    print(
        f"{args.part} writers ({f'simulated habit: {args.habits}' if args.habits else 'as written'}), "
        f"model {recognizer.path.name}"
    )
    for result in results:
        print_report(result, args.per_writer)
    print(f"({seconds} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
