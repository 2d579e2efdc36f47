"""Does teaching digitpad a person's wrong answers help that person? The writer stream of issue 12.

    python -m training.evaluate_profile [--model FILE]... [--tune] [--json]

Each UNIPEN writer is a new user. Their digits, in the order they wrote
them, are split in two halves. The first half is read with an empty profile
and every wrong answer is taught (the example and its true digit: what
correcting the answer in the window, or ``digitpad learn``, does). The second
half is read twice: by the model alone, and through the taught profile with
:func:`digitpad.reader.personal_model.blend_probabilities` (the app's own rule). A refusal
("not a digit") of a digit counts as a wrong answer. Digits whose ink is an
exact copy of an earlier one in the data set (108 in UNIPEN, all of writer
``gmd/kast`` or copied between it and ``gmd/alek``) are left out: a copy would
be "fixed" by teaching its twin, which says nothing about a person's habit.

Writers, split once and for all:

- **reporting** writers: the issue's writers with at least 30 digits, of the
  UNIPEN sources held out of training (``training/splits.py``): people the
  model never saw, as a new user is. The figure of the issue is theirs.
- **tuning** writers: every writer of the sources the model trained on. The
  blend (``DEFAULT_SETTINGS.blend``, :mod:`digitpad.reader.settings`) was chosen on them alone (``--tune``).

Also printed: the harm test on strangers, every writer's taught examples
applied to every *other* writer's digits, counting right answers turned wrong.

``--tune`` searches radius and strength on the tuning writers with every model
given (``--model`` repeated): the tuning writers' digits were training data,
so their few errors are mostly doubtful labels and they cannot show help, only
harm. The rule: the strength is above 1, so that the very drawing taught
reads as its digit however sure the model was; among those blends, the ones
that turn no right answer wrong on the tuning writers (own streams, strangers,
letters that were refused) for every model, and stay so one radius wider (a
margin), take the one whose single example overturns a model 80% sure of
another digit at the greatest distance (its "reach").
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.preprocess import ink_to_array
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.personal_model import _unit, blend_probabilities
from digitpad.reader.settings import DEFAULT_SETTINGS, Blend
from digitpad.results import DIGIT_CLASSES, NOT_A_DIGIT, answer_classes
from training.datasets import PenDigit, data_dir, load_letters, load_unipen
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES

#: Writers with at least this many digits are the issue's writers.
MIN_DIGITS = 30
#: The grid ``--tune`` searches.
RADII = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8)
#: Above 1 only: the very drawing taught must read as its digit however sure the model was.
STRENGTHS = (1.1, 1.25, 1.5, 2.0)
RELIEFS = (0.0, 10.0, 40.0)
#: Reach: how far one example overturns a model this much surer of another digit.
REACH_MARGIN = 0.6


@dataclass
class Writer:
    name: str
    source: str
    labels: np.ndarray
    probabilities: np.ndarray
    #: Features scaled to length 1, as PersonalRecognizer compares them.
    units: np.ndarray


@dataclass
class Stream:
    """One writer's second half, without and with the profile taught on the first."""

    writer: str
    digits: int
    taught: int
    errors_without: int
    errors_with: int
    #: Right answers (without the profile) turned wrong by it.
    broken: int
    #: Second-half errors (without the profile) of a digit already read wrong in the first
    #: half: the errors a profile of corrections can be expected to fix.
    repeated: int


def answers(probabilities: np.ndarray) -> np.ndarray:
    """The digit answered for each row, or -1 for "not a digit" (digitpad.reader.refusal's rule)."""
    classes = answer_classes(probabilities)
    return np.where(classes == NOT_A_DIGIT, -1, classes)


def unique_digits(everything: list[PenDigit]) -> list[PenDigit]:
    """The digits in file order without exact copies of earlier ones."""
    digits, seen = [], set()
    for digit in everything:
        key = digit.ink.points.tobytes()
        if key not in seen:
            seen.add(key)
            digits.append(digit)
    return digits


def load_writers(digits: list[PenDigit], recognizer: LiteRTRecognizer) -> list[Writer]:
    """Each writer's digits in order, read once by the model (probabilities and features)."""
    arrays = np.stack([ink_to_array(d.ink) for d in digits])
    probabilities, features = recognizer.predict_with_features(arrays)
    units = _unit(features)
    rows: dict[str, list[int]] = defaultdict(list)
    for index, digit in enumerate(digits):
        rows[digit.writer].append(index)
    return [
        Writer(
            name,
            digits[indices[0]].source,
            np.array([digits[i].label for i in indices]),
            probabilities[indices],
            units[indices],
        )
        for name, indices in rows.items()
    ]


def taught(writer: Writer) -> np.ndarray:
    """The first half's wrong answers: what the person corrects."""
    half = len(writer.labels) // 2
    return np.flatnonzero(answers(writer.probabilities[:half]) != writer.labels[:half])


def stream(writer: Writer, blend: Blend) -> Stream:
    half = len(writer.labels) // 2
    examples = taught(writer)
    second = slice(half, None)
    without = answers(writer.probabilities[second])
    truth = writer.labels[second]
    with_profile = without
    if len(examples):
        votes = np.eye(DIGIT_CLASSES, dtype=np.float32)[writer.labels[examples]]
        blended = blend_probabilities(
            writer.probabilities[second], writer.units[second], writer.units[examples], votes, blend
        )
        with_profile = answers(blended)
    corrected = set(writer.labels[examples].tolist())
    return Stream(
        writer.name,
        len(writer.labels),
        len(examples),
        int((without != truth).sum()),
        int((with_profile != truth).sum()),
        int(((without == truth) & (with_profile != truth)).sum()),
        int(sum(t in corrected for t in truth[without != truth].tolist())),
    )


def online(writer: Writer, blend: Blend) -> tuple[int, int]:
    """Second-half errors (model alone, with the profile) when every wrong answer is taught as it
    happens, all along (as the window is used), not only in the first half."""
    half = len(writer.labels) // 2
    chosen: list[int] = []
    errors_with = 0
    for index in range(len(writer.labels)):
        row = writer.probabilities[index : index + 1]
        if chosen:
            votes = np.eye(DIGIT_CLASSES, dtype=np.float32)[writer.labels[chosen]]
            row = blend_probabilities(
                row, writer.units[index : index + 1], writer.units[chosen], votes, blend
            )
        if answers(row)[0] != writer.labels[index]:
            chosen.append(index)
            errors_with += index >= half
    errors_without = int((answers(writer.probabilities[half:]) != writer.labels[half:]).sum())
    return errors_without, errors_with


def strangers(writers: list[Writer], blend: Blend) -> dict[str, int]:
    """Each writer's taught examples read over all the other writers' digits."""
    chosen = [taught(w) for w in writers]
    examples = np.concatenate([w.units[c] for w, c in zip(writers, chosen, strict=True)])
    labels = np.concatenate([w.labels[c] for w, c in zip(writers, chosen, strict=True)])
    owner = np.concatenate([np.full(len(c), i) for i, c in enumerate(chosen)])
    votes = np.eye(DIGIT_CLASSES, dtype=np.float32)[labels]
    right = broken = fixed = read = 0
    for number, writer in enumerate(writers):
        others = owner != number
        without = answers(writer.probabilities)
        with_profile = without
        if others.any():
            blended = blend_probabilities(
                writer.probabilities, writer.units, examples[others], votes[others], blend
            )
            with_profile = answers(blended)
        ok = without == writer.labels
        read += len(writer.labels)
        right += int(ok.sum())
        broken += int((ok & (with_profile != writer.labels)).sum())
        fixed += int((~ok & (with_profile == writer.labels)).sum())
    return {
        "examples": len(labels),
        "digits": read,
        "right": right,
        "broken": broken,
        "fixed": fixed,
    }


@dataclass
class Letters:
    """Handwritten letters: what must stay "not a digit" near a person's taught digits."""

    probabilities: np.ndarray
    units: np.ndarray
    held_out: np.ndarray


def load_letter_set(folder: Path, recognizer: LiteRTRecognizer) -> Letters:
    letters = load_letters(folder)
    arrays = np.stack([ink_to_array(letter.ink) for letter in letters])
    probabilities, features = recognizer.predict_with_features(arrays)
    held_out = np.array([letter.source in LETTER_HOLDOUT_SOURCES for letter in letters])
    return Letters(probabilities, _unit(features), held_out)


def letters_harm(
    writers: list[Writer], letters: Letters, held_out: bool, blend: Blend
) -> dict[str, int]:
    """The writers' taught examples over letters: refused letters now read as digits."""
    chosen = [taught(w) for w in writers]
    examples = np.concatenate([w.units[c] for w, c in zip(writers, chosen, strict=True)])
    labels = np.concatenate([w.labels[c] for w, c in zip(writers, chosen, strict=True)])
    rows = letters.held_out == held_out
    without = answers(letters.probabilities[rows])
    refused = without == -1
    with_profile = without
    if len(labels):
        votes = np.eye(DIGIT_CLASSES, dtype=np.float32)[labels]
        blended = blend_probabilities(
            letters.probabilities[rows], letters.units[rows], examples, votes, blend
        )
        with_profile = answers(blended)
    return {
        "letters": int(rows.sum()),
        "refused": int(refused.sum()),
        "read_as_digits": int((refused & (with_profile != -1)).sum()),
    }


def summary(streams: list[Stream]) -> dict[str, Any]:
    without = sum(s.errors_without for s in streams)
    with_profile = sum(s.errors_with for s in streams)
    return {
        "writers": len(streams),
        "second_half_digits": sum(s.digits - s.digits // 2 for s in streams),
        "taught": sum(s.taught for s in streams),
        "errors_without": without,
        "errors_with": with_profile,
        "error_ratio": with_profile / without if without else None,
        "broken": sum(s.broken for s in streams),
        "repeated": sum(s.repeated for s in streams),
        "writers_worse": sum(s.errors_with > s.errors_without for s in streams),
        "writers_better": sum(s.errors_with < s.errors_without for s in streams),
    }


def reach(blend: Blend, margin: float = REACH_MARGIN) -> float:
    """The distance up to which one example's vote (strength x kernel) exceeds ``margin``."""
    if blend.strength <= margin:
        return 0.0
    return blend.radius * (1.0 - float(np.sqrt(margin / blend.strength)))


def search(groups: dict[str, tuple[list[Writer], Letters | None]]) -> dict[str, Any]:
    """Every blend of the grid on the tuning writers of each model; the one chosen by the rule."""
    rows = []
    for radius in RADII:
        for strength in STRENGTHS:
            for relief in RELIEFS:
                blend = Blend(radius, strength, relief)
                per_model = {}
                for model, (writers, letters) in groups.items():
                    figures = summary([stream(w, blend) for w in writers])
                    figures["strangers"] = strangers(writers, blend)
                    if letters is not None:
                        figures["letters"] = letters_harm(writers, letters, False, blend)
                    per_model[model] = figures
                harmless = all(
                    f["broken"] == 0
                    and f["strangers"]["broken"] == 0
                    and f.get("letters", {}).get("read_as_digits", 0) == 0
                    for f in per_model.values()
                )
                rows.append(
                    {
                        **asdict(blend),
                        "reach": reach(blend),
                        "harmless": harmless,
                        "models": per_model,
                    }
                )
    harmless = {(r["radius"], r["strength"], r["relief"]) for r in rows if r["harmless"]}
    # A margin: the same blend one radius wider must be harmless too.
    wider = dict(itertools.pairwise(RADII))
    candidates = [
        r
        for r in rows
        if r["harmless"]
        and r["radius"] in wider
        and (wider[r["radius"]], r["strength"], r["relief"]) in harmless
    ]
    best = max(candidates, key=lambda r: (r["reach"], r["relief"], -r["strength"]), default=None)
    chosen = None if best is None else Blend(best["radius"], best["strength"], best["relief"])
    return {"grid": rows, "chosen": chosen}


def evaluate(writers: list[Writer], letters: Letters | None, blend: Blend) -> dict[str, Any]:
    reporting = [
        w for w in writers if w.source in UNIPEN_HOLDOUT_SOURCES and len(w.labels) >= MIN_DIGITS
    ]
    tuning = [w for w in writers if w.source not in UNIPEN_HOLDOUT_SOURCES]
    streams = [stream(w, blend) for w in reporting]
    harm = {}
    if letters is not None:
        harm = {
            "letters_reporting": letters_harm(reporting, letters, True, blend),
            "letters_tuning": letters_harm(tuning, letters, False, blend),
        }
    taught_all_along = [online(w, blend) for w in reporting]
    return {
        **harm,
        "reporting": summary(streams),
        "reporting_online": {
            "errors_without": sum(a for a, _ in taught_all_along),
            "errors_with": sum(b for _, b in taught_all_along),
            "writers_worse": sum(b > a for a, b in taught_all_along),
        },
        "tuning": summary([stream(w, blend) for w in tuning]),
        "strangers_reporting": strangers(reporting, blend),
        "strangers_all": strangers(writers, blend),
        "per_writer": [asdict(s) for s in streams],
    }


def line(name: str, figures: dict[str, Any]) -> str:
    ratio = figures["error_ratio"]
    return (
        f"  {name}: {figures['writers']} writers, {figures['second_half_digits']} digits in second "
        f"halves, taught {figures['taught']}; errors {figures['errors_without']} without the "
        f"profile, {figures['errors_with']} with ({'n/a' if ratio is None else f'{ratio:.0%}'}); "
        f"right answers turned wrong {figures['broken']}; writers worse {figures['writers_worse']}, "
        f"better {figures['writers_better']}; errors (without) of a digit already corrected in "
        f"the first half: {figures['repeated']}"
    )


def print_report(model: str, classes: int, result: dict[str, Any]) -> None:
    print(f"model {model} ({classes} classes), blend {result['blend']}")
    print(line("reporting writers (held-out sources, >= 30 digits)", result["reporting"]))
    for row in result["per_writer"]:
        print(
            f"    {row['writer']}: {row['digits']} digits, taught {row['taught']}, "
            f"errors {row['errors_without']} -> {row['errors_with']} ({row['repeated']} repeated), "
            f"broken {row['broken']}"
        )
    extra = result["reporting_online"]
    print(
        f"  the same writers, every wrong answer taught as it happens (first and second half): "
        f"second-half errors {extra['errors_without']} without, {extra['errors_with']} with; "
        f"writers worse {extra['writers_worse']}"
    )
    print(line("tuning writers (training sources)", result["tuning"]))
    for key, name in (
        ("strangers_reporting", "reporting writers"),
        ("strangers_all", "all writers"),
    ):
        harm = result[key]
        print(
            f"  strangers, {name}: {harm['examples']} taught examples read over the other "
            f"writers' {harm['digits']} digits: {harm['broken']} of {harm['right']} right answers "
            f"turned wrong, {harm['fixed']} wrong answers turned right"
        )
    for key, name in (
        ("letters_reporting", "reporting writers' examples over held-out letters"),
        ("letters_tuning", "tuning writers' examples over their sources' letters"),
    ):
        if key in result:
            harm = result[key]
            print(
                f"  {name}: {harm['letters']} letters, {harm['refused']} refused by the model, "
                f"{harm['read_as_digits']} of them read as digits with the examples"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.evaluate_profile",
        description="The writer stream of issue 12: errors without and with the taught profile.",
    )
    parser.add_argument(
        "--model", action="append", help="LiteRT model with features (repeat; default: bundled)"
    )
    parser.add_argument("--data-dir", help="UNIPEN folder (default: from DIGITPAD_DATA_DIR)")
    parser.add_argument("--tune", action="store_true", help="search the blend on tuning writers")
    parser.add_argument("--radius", type=float, default=DEFAULT_SETTINGS.blend.radius)
    parser.add_argument("--strength", type=float, default=DEFAULT_SETTINGS.blend.strength)
    parser.add_argument("--relief", type=float, default=DEFAULT_SETTINGS.blend.relief)
    parser.add_argument(
        "--keep-copies", action="store_true", help="keep digits that are exact copies of others"
    )
    parser.add_argument("--json", action="store_true", help="the figures as one JSON object")
    args = parser.parse_args(argv)
    folder = data_dir("unipen-dev", args.data_dir)
    if folder is None or not folder.is_dir():
        print("No UNIPEN data: set DIGITPAD_DATA_DIR or --data-dir.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    everything = load_unipen(folder)
    digits = everything if args.keep_copies else unique_digits(everything)
    copies = len(everything) - len(digits)
    blend = Blend(args.radius, args.strength, args.relief)
    output: dict[str, Any] = {"digits": len(digits), "copies_left_out": copies, "models": {}}
    groups: dict[str, tuple[list[Writer], Letters | None]] = {}
    has_letters = (folder / "letters.jsonl.gz").is_file()
    for model in args.model or [None]:
        recognizer = LiteRTRecognizer(model)
        writers = load_writers(digits, recognizer)
        # A ten-class model never refuses: letters cannot be harmed, nor read.
        letters = (
            load_letter_set(folder, recognizer)
            if has_letters and recognizer.model_classes > DIGIT_CLASSES
            else None
        )
        name = str(recognizer.path)
        tuning = [w for w in writers if w.source not in UNIPEN_HOLDOUT_SOURCES]
        groups[name] = (tuning, letters)
        result = {"classes": recognizer.model_classes, "blend": asdict(blend)}
        result |= evaluate(writers, letters, blend)
        output["models"][name] = result
    if args.tune:
        found = search(groups)
        output["search"] = {
            "grid": found["grid"],
            "chosen": None if found["chosen"] is None else asdict(found["chosen"]),
        }
    output["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(output))
        return 0
    print(f"UNIPEN: {len(digits)} digits ({copies} exact copies of earlier digits left out)")
    print("reporting writers: held-out sources, >= 30 digits; tuning writers: training sources")
    for name, result in output["models"].items():
        print_report(name, result["classes"], result)
    if args.tune:
        print(f"search on the tuning writers, models: {', '.join(groups)}")
        for row in output["search"]["grid"]:
            cells = "; ".join(
                f"broken {f['broken']}, strangers {f['strangers']['broken']}, "
                f"letters {f.get('letters', {}).get('read_as_digits', '-')}"
                for f in row["models"].values()
            )
            mark = "harmless" if row["harmless"] else "harmful "
            print(
                f"  radius {row['radius']:.2f} strength {row['strength']:>4.2f} relief "
                f"{row['relief']:>4.1f} reach {row['reach']:.3f} {mark} | {cells}"
            )
        print(f"chosen: {output['search']['chosen']}")
    print(f"({output['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
