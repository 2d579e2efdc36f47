"""Train the digitpad model and write everything under ``models/``.

    python -m training.train [--mnist-dir DIR] [--epochs 30] [--out models]

    python -m training.train --arch dense|basic|deep   # the MNIST demos' comparison

Reads MNIST (IDX ``.gz`` files; ``--mnist-dir``, ``$DIGITPAD_MNIST_DIR`` or
``$DIGITPAD_DATA_DIR/mnist``; with none, Keras' own download), and, when
configured, the UNIPEN pen digits and letters and the USPS scans: their
training parts (see training/splits.py) go through digitpad's own
preprocessing, exactly as the app feeds the model. Letters, synthesised
scribbles, pieces of digits and pairs of digits are the eleventh class, "not a
digit" (training/nondigits.py); styles MNIST lacks are synthesised for every
writer (training/styles.py). Trains with augmentation (training/augment.py), then
writes ``digitpad.keras``, its LiteRT export ``digitpad.tflite`` (checked to
agree), ``model_card.json`` with every score, ``confusion_matrix.png`` and
``training_curve.png``.

    python -m training.train --mnist-validation 10000 ...

trains without 10,000 MNIST training digits (the same ones every run) and scores
the run on them instead of on any test set: the way to choose between recipes
before the chosen one is trained on everything and measured once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np

from digitpad import __version__
from digitpad.preprocess import PEN_WIDTH, image_to_array, ink_to_array
from digitpad.reader.digit_model import LiteRTRecognizer, Recognizer
from digitpad.results import NOT_A_DIGIT
from training.augment import Augmentation, Distortion
from training.cheques import cheque_samples
from training.datasets import (
    PenDigit,
    car_a_labels,
    data_dir,
    load_letters,
    load_mnist,
    load_unipen,
    load_usps,
    usps_picture,
)
from training.distill import (
    DISTILL_WEIGHT,
    accuracy,
    distillation_loss,
    distilling_model,
    load_teachers,
)
from training.evaluate import evaluate_all, mnist_scores, report
from training.model import ARCHITECTURES, build_model, widen_head
from training.nondigits import fragment_ink, pair_ink, pair_raster, scribble_ink
from training.splits import (
    LETTER_HOLDOUT_SOURCES,
    UNIPEN_HOLDOUT_SOURCES,
    car_a_held_out,
    mnist_validation_mask,
    usps_holdout_mask,
)
from training.styles import STYLED_DIGITS, TEMPLATE_DIGITS, styled_ink, styled_raster, template_ink

# The real digits the first 11-class candidates refused were ones and zeros:
# a piece of a seven is a long-flagged one, a loop is a zero. A made non-digit
# the judge reads as one of these at least this likely is not used.
JUDGED_DIGITS = [0, 1]
JUDGE_SHARE = 0.5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m training.train", description="Train the digitpad model."
    )
    parser.add_argument("--mnist-dir", help="folder of MNIST IDX .gz files")
    parser.add_argument(
        "--unipen-dir", help="UNIPEN pen digits folder (training sources only are used)"
    )
    parser.add_argument("--usps-dir", help="USPS folder (training part only is used)")
    parser.add_argument("--no-real", action="store_true", help="train on MNIST alone")
    parser.add_argument(
        "--arch",
        choices=ARCHITECTURES,
        default="deep",
        help="deep (bundled), basic CNN or dense-only network (the MNIST demos' comparison)",
    )
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--width", type=int, default=32, help="filters in the first block")
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument(
        "--unipen-repeat",
        type=int,
        default=3,
        help="times each UNIPEN training digit is seen an epoch",
    )
    parser.add_argument(
        "--usps-renders", type=int, default=2, help="pictures rendered per USPS training digit"
    )
    parser.add_argument(
        "--styled-mnist", type=int, default=1500,
        help="MNIST zeros, ones and sevens (each) given a style's strokes (training/styles.py)",
    )  # fmt: skip
    parser.add_argument(
        "--styled-pen", type=int, default=2,
        help="styled variants per UNIPEN training zero, one and seven",
    )  # fmt: skip
    parser.add_argument(
        "--templates", type=int, default=1500,
        help="whole digits drawn in missing styles, per digit (open 4s, tailed 9s, flagged 1s)",
    )  # fmt: skip
    parser.add_argument(
        "--car-a-dir", help="CAR-A cheque amounts folder (tuning half only is used)"
    )
    parser.add_argument(
        "--cheque-repeat", type=int, default=3,
        help="times each CAR-A tuning-half digit is seen an epoch; 0 for none",
    )  # fmt: skip
    parser.add_argument(
        "--letters-repeat", type=int, default=1,
        help="times each training letter (not a digit) is seen an epoch; 0 for none",
    )  # fmt: skip
    parser.add_argument(
        "--nondigits", type=int, default=4000,
        help="synthesised non-digits of each kind: scribbles, digit pieces, ink pairs, MNIST pairs",
    )  # fmt: skip
    parser.add_argument(
        "--limit", type=int, help="use only this many MNIST training digits (quick runs)"
    )
    parser.add_argument(
        "--mnist-validation", type=int, default=0, metavar="N",
        help="keep N MNIST training digits out (the same ones every run) and score the run "
        "on them alone, looking at no test set: for choosing between recipes",
    )  # fmt: skip
    parser.add_argument(
        "--judge",
        metavar="MODEL",
        help="a digit model (.tflite) that vets the synthesised scribbles and digit pieces: "
        "any it reads as a one or a zero with at least 50%% is not used as a non-digit",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--init-from", metavar="MODEL", help="start from this .keras model's weights (fine-tuning)"
    )
    parser.add_argument(
        "--head-only",
        action="store_true",
        help="with --init-from: train only the output layer, the saved model's features frozen",
    )
    parser.add_argument(
        "--distill-from", nargs="+", metavar="MODEL",
        help="also learn the mean of these .keras models' probabilities (training/distill.py)",
    )  # fmt: skip
    parser.add_argument(
        "--distill-weight", type=float, default=DISTILL_WEIGHT,
        help="with --distill-from: the teachers' share of the loss",
    )  # fmt: skip
    parser.add_argument("--out", default="models", help="output folder")
    parser.add_argument(
        "--finish",
        action="store_true",
        help="do not train: evaluate the run already in --out and write its card and plots "
        "(for a run whose evaluation failed; its progress.json holds the history)",
    )
    parser.add_argument(
        "--skip-evaluation",
        action="store_true",
        help="skip the real-handwriting scores (quick runs)",
    )
    parser.add_argument(
        "--save-data", metavar="FILE.npz",
        help="build the training set, write it to this file and stop (to train elsewhere)",
    )  # fmt: skip
    parser.add_argument(
        "--data", metavar="FILE.npz",
        help="train on a set written by --save-data instead of building one",
    )  # fmt: skip
    parser.add_argument(
        "--fit-only",
        action="store_true",
        help="train and save digitpad.keras and progress.json, nothing more (for a machine "
        "without TensorFlow or the data sets: any Keras backend; finish with --finish)",
    )
    return parser.parse_args(argv)


def pen_styles(
    digits: list[PenDigit], args: argparse.Namespace
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Styled variants of every training writer's 0s, 1s and 7s, and whole template digits."""
    rng = np.random.default_rng(args.seed + 2000)
    styled = [
        (ink_to_array(styled), d.label)
        for d in digits
        if d.label in STYLED_DIGITS
        for _ in range(args.styled_pen)
        if (styled := styled_ink(d.ink, d.label, rng)) is not None
    ]
    templates = [
        (ink_to_array(template_ink(label, rng)), label)
        for label in TEMPLATE_DIGITS
        for _ in range(args.templates)
    ]
    both = styled + templates
    counts = {"unipen_styled_variants": len(styled), "template_digits": len(templates)}
    if not both:
        return np.zeros((0, 28, 28), np.float32), np.zeros(0, np.int64), counts
    return np.stack([a for a, _ in both]), np.array([label for _, label in both]), counts


def judge_passes(judge: Recognizer, arrays: np.ndarray) -> np.ndarray:
    """Which arrays may be taught as "not a digit": those the judge does not read as one of
    JUDGED_DIGITS at JUDGE_SHARE or more."""
    return judge.predict_batch(arrays)[:, JUDGED_DIGITS].max(axis=1) < JUDGE_SHARE


def _vetted(
    make: Callable[[], np.ndarray | None],
    count: int,
    judge: Recognizer | None,
    counts: dict[str, int],
    name: str,
) -> np.ndarray:
    """``count`` made non-digits, none of which the judge reads as a digit.

    Taught as "not a digit", shapes that pass for a one or a zero made the
    model refuse real ones and zeros (JUDGED_DIGITS).
    """
    kept: list[np.ndarray] = []
    dropped = 0
    for _ in range(20):  # a few batches; the judge keeps most of what is made
        batch = [a for a in (make() for _ in range(count)) if a is not None]
        if judge is not None and batch:
            passing = judge_passes(judge, np.stack(batch))
            dropped += int((~passing).sum())
            batch = [a for a, ok in zip(batch, passing, strict=False) if ok]
        kept += batch[: count - len(kept)]
        if len(kept) == count:
            break
    counts[name] = len(kept)
    if judge is not None:
        counts[f"{name}_dropped_by_judge"] = dropped
    return np.stack(kept) if kept else np.zeros((0, 28, 28), np.float32)


def _judge_record(path: str | None) -> str | None:
    """Which model vetted the made non-digits: its file and SHA-256, so a run can be repeated."""
    if not path:
        return None
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return f"{Path(path).name} sha256:{digest}; dropped shapes it reads as {JUDGED_DIGITS} >= {JUDGE_SHARE}"


def non_digits(
    digits: list[PenDigit], letters_dir: Path | None, args: argparse.Namespace
) -> tuple[np.ndarray, dict[str, int]]:
    """Class 10: training letters, scribbles, pieces of digits and pairs of digits."""
    rng = np.random.default_rng(args.seed + 4000)
    parts: list[np.ndarray] = []
    counts: dict[str, int] = {}
    if letters_dir is not None and args.letters_repeat > 0:
        letters = [
            ink_to_array(letter.ink)
            for letter in load_letters(letters_dir)
            if letter.source not in LETTER_HOLDOUT_SOURCES
        ]
        parts += [np.stack(letters)] * args.letters_repeat
        counts["letters_training"] = len(letters)
    count = args.nondigits
    judge = LiteRTRecognizer(args.judge) if args.judge else None
    if count > 0:
        scribbles = _vetted(
            lambda: ink_to_array(scribble_ink(rng)), count, judge, counts, "scribbles"
        )
        parts.append(scribbles)
    if digits and count > 0:

        def piece() -> np.ndarray | None:
            ink = fragment_ink(digits[int(rng.integers(len(digits)))].ink, rng)
            return None if ink is None else ink_to_array(ink)

        pieces = _vetted(piece, count, judge, counts, "digit_pieces")
        by_writer: dict[str, list[PenDigit]] = {}
        for digit in digits:
            by_writer.setdefault(digit.writer, []).append(digit)
        writers = [w for w, ds in by_writer.items() if len(ds) >= 2]
        pairs = []
        for _ in range(count):
            own = by_writer[writers[int(rng.integers(len(writers)))]]
            a, b = rng.choice(len(own), 2, replace=False)
            pairs.append(ink_to_array(pair_ink(own[a].ink, own[b].ink, rng)))
        parts += [pieces, np.stack(pairs)]
        counts["digit_pairs_ink"] = len(pairs)
    if not parts:
        return np.zeros((0, 28, 28), np.float32), counts
    return np.concatenate(parts).astype(np.float32), counts


def mnist_pairs(x: np.ndarray, count: int, seed: int) -> np.ndarray:
    """Two MNIST training digits side by side, framed as one picture (class 10)."""
    if count <= 0:
        return np.zeros((0, 28, 28), np.float32)
    rng = np.random.default_rng(seed + 5000)
    chosen = rng.integers(len(x), size=(count, 2))
    return np.stack([pair_raster(x[a], x[b], rng) for a, b in chosen]).astype(np.float32)


def cheque_training(
    folder: Path, args: argparse.Namespace
) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
    """Digits and non-digit pieces of the CAR-A tuning half (training/cheques.py); a piece
    the judge reads as a one or a zero (a slash, a dot) is not taught as "not a digit"."""
    rows = [row for i, row in enumerate(car_a_labels(folder)) if not car_a_held_out(i)]
    digits, labels, pieces = cheque_samples(folder, rows)
    counts = {"car_a_training_digits": len(digits)}
    if args.judge and len(pieces):
        passing = judge_passes(LiteRTRecognizer(args.judge), pieces)
        counts["car_a_pieces_dropped_by_judge"] = int((~passing).sum())
        pieces = pieces[passing]
    counts["car_a_non_digit_pieces"] = len(pieces)
    return digits, labels, pieces, counts


def real_training_data(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """UNIPEN training sources, the USPS training part and the CAR-A tuning half, through the
    app's own preprocessing; the styles and non-digits made from them."""
    arrays, labels, counts = [], [], {}
    unipen = None if args.no_real else data_dir("unipen-dev", args.unipen_dir)
    digits: list[PenDigit] = []
    if unipen is not None:
        digits = [d for d in load_unipen(unipen) if d.source not in UNIPEN_HOLDOUT_SOURCES]
        ink = np.stack([ink_to_array(d.ink) for d in digits])
        arrays += [ink] * args.unipen_repeat
        labels += [np.array([d.label for d in digits])] * args.unipen_repeat
        counts["unipen_training_digits"] = len(digits)
    styled, styled_labels, style_counts = pen_styles(digits, args)
    arrays.append(styled)
    labels.append(styled_labels)
    counts.update(style_counts)
    others, other_counts = non_digits(digits, unipen, args)
    arrays.append(others)
    labels.append(np.full(len(others), NOT_A_DIGIT, np.int64))
    counts.update(other_counts)
    usps = None if args.no_real else data_dir("usps", args.usps_dir)
    if usps is not None:
        images, usps_labels = load_usps(usps)
        train = ~usps_holdout_mask(len(usps_labels))
        rng = np.random.default_rng(args.seed + 1000)
        for _ in range(args.usps_renders):
            arrays.append(np.stack([image_to_array(usps_picture(im, rng)) for im in images[train]]))
            labels.append(usps_labels[train])
        counts["usps_training_digits"] = int(train.sum())
    car_a = None if args.no_real else data_dir("car-a", args.car_a_dir)
    if car_a is not None and args.cheque_repeat > 0:
        cheques, cheque_labels, pieces, cheque_counts = cheque_training(car_a, args)
        arrays += [cheques] * args.cheque_repeat + [pieces]
        labels += [cheque_labels] * args.cheque_repeat
        labels.append(np.full(len(pieces), NOT_A_DIGIT, np.int64))
        counts.update(cheque_counts)
    if not arrays:
        return np.zeros((0, 28, 28), np.float32), np.zeros(0, np.int64), counts
    return np.concatenate(arrays).astype(np.float32), np.concatenate(labels), counts


def styled_mnist(
    x: np.ndarray, y: np.ndarray, per_digit: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Barred zeros, flagged and footed ones, crossed sevens drawn onto MNIST's own."""
    rng = np.random.default_rng(seed + 3000)
    arrays, labels = [], []
    for label in STYLED_DIGITS:
        chosen = rng.permutation(np.flatnonzero(y == label))[:per_digit]
        for index in chosen:
            styled = styled_raster(x[index], label, rng)
            if styled is not None:
                arrays.append(styled)
                labels.append(label)
    if not arrays:
        return np.zeros((0, 28, 28), np.float32), np.zeros(0, np.int64)
    return np.stack(arrays).astype(np.float32), np.array(labels)


def initial_model(args: argparse.Namespace) -> keras.Model:
    """A fresh network, or a saved model's weights (a ten-class model gains the eleventh)."""
    if not args.init_from:
        return build_model(args.width, arch=args.arch)
    saved = keras.saving.load_model(args.init_from, compile=False)
    model = widen_head(saved, args.width)
    if args.head_only:
        # The saved model's features stay as they are (its digit reading lives there);
        # only the output layer learns the eleventh class and the new styles.
        for layer in model.layers[:-1]:
            layer.trainable = False
    return model


def training_model(model: keras.Model, seed: int) -> keras.Model:
    """The model behind a distorting first layer: what ``fit`` trains, never what is saved."""
    return keras.Sequential(
        [keras.Input((28, 28, 1)), Distortion(Augmentation(), seed=seed), model],
        name="training",
    )


class SaveEachEpoch(keras.callbacks.Callback):
    """Saves the model itself (not the distorting wrapper) after every epoch."""

    def __init__(self, model: keras.Model, path: Path) -> None:
        super().__init__()
        self.saved = model
        self.path = path

    def on_epoch_end(self, epoch: int, logs: dict[str, float] | None = None) -> None:
        self.saved.save(self.path)


def save_plots(history: dict[str, list[float]], confusion: list[list[int]], out: Path) -> None:
    save_curves({"": history}, out)
    save_confusion(confusion, out)


def save_curves(histories: dict[str, dict[str, list[float]]], out: Path) -> None:
    """``training_curve.png``: loss and accuracy by epoch, one line per run (named, if several)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for name, history in histories.items():
        prefix = f"{name}: " if name else ""
        epochs = range(1, len(history["loss"]) + 1)
        axes[0].plot(epochs, history["loss"], label=f"{prefix}training loss (augmented)")
        if "val_loss" in history:
            axes[0].plot(epochs, history["val_loss"], label=f"{prefix}MNIST test loss")
        axes[1].plot(epochs, history["accuracy"], label=f"{prefix}training accuracy (augmented)")
        if "val_accuracy" in history:
            axes[1].plot(epochs, history["val_accuracy"], label=f"{prefix}MNIST test accuracy")
    for axis in axes:
        axis.set_xlabel("epoch")
        axis.legend(fontsize=7 if len(histories) > 1 else None)
    fig.tight_layout()
    fig.savefig(out / "training_curve.png", dpi=100)
    plt.close(fig)


def save_confusion(confusion: list[list[int]], out: Path) -> None:
    """``confusion_matrix.png``: the MNIST test confusion, off-diagonal cells coloured."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matrix = np.array(confusion)
    fig, ax = plt.subplots(figsize=(6, 5.5))
    shown = np.where(np.eye(*matrix.shape, dtype=bool), 0, matrix)
    ax.imshow(shown, cmap="Reds")
    for i, j in zip(*np.nonzero(matrix), strict=True):
        ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(matrix.shape[1]), [*map(str, range(10)), "not"][: matrix.shape[1]])
    ax.set_yticks(range(10))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title("MNIST test confusion (off-diagonal coloured)")
    fig.tight_layout()
    fig.savefig(out / "confusion_matrix.png", dpi=100)
    plt.close(fig)


def training_machine() -> dict[str, str]:
    """Where the weights were trained: ``--finish`` may run elsewhere (a GPU run, finished
    on a machine with TensorFlow), so this goes into progress.json and from there to the card."""
    backend = keras.config.backend()  # "tensorflow", "jax" or "torch": a module's name
    version = getattr(__import__(backend), "__version__", "?")
    accelerator = "CPU only"
    if backend == "torch":
        import torch

        if torch.cuda.is_available():
            accelerator = torch.cuda.get_device_name(0)
    elif backend == "jax":
        import jax

        accelerator = ", ".join(sorted({d.device_kind for d in jax.devices()}))
    elif backend == "tensorflow":
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        accelerator = f"{len(gpus)} GPU(s)" if gpus else "CPU only"
    return {
        "backend": f"{backend} {version}",
        "keras": keras.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {accelerator}",
    }


class Progress(keras.callbacks.Callback):
    """Writes ``progress.json`` (the history so far and the seconds since the start) after
    every epoch, so a run whose evaluation fails can be finished with ``--finish``."""

    def __init__(self, path: Path, started: float, command: str) -> None:
        super().__init__()
        self.path = path
        self.started = started
        self.command = command
        self.history: dict[str, list[float]] = {}
        self.epoch_seconds: list[float] = []
        self.epoch_started = started
        self.machine = training_machine()

    def on_epoch_begin(self, epoch: int, logs: dict[str, float] | None = None) -> None:
        self.epoch_started = time.time()

    def on_epoch_end(self, epoch: int, logs: dict[str, float] | None = None) -> None:
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(float(value))
        self.epoch_seconds.append(time.time() - self.epoch_started)
        record = {
            "history": self.history,
            "seconds": time.time() - self.started,
            "epoch_seconds": self.epoch_seconds,
            "machine": self.machine,
            "command": self.command,
        }
        self.path.write_text(json.dumps(record) + "\n", encoding="utf-8")


def training_data(
    args: argparse.Namespace,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
    """(x, y) to train on, the MNIST digits it is checked on, and what went into x, counted.

    The check digits are MNIST test, or with ``--mnist-validation N`` the N training
    digits kept out (nothing is made from them: no styled variant, no pair).
    """
    (x_train, y_train), (x_test, y_test) = load_mnist(data_dir("mnist", args.mnist_dir))
    if args.limit:
        x_train, y_train = x_train[: args.limit], y_train[: args.limit]
    validation = {}
    if args.mnist_validation:
        kept = mnist_validation_mask(len(x_train), args.mnist_validation)
        x_test, y_test = x_train[kept], y_train[kept]
        x_train, y_train = x_train[~kept], y_train[~kept]
        validation = {"mnist_validation_digits": int(kept.sum())}
    x_real, y_real, counts = real_training_data(args)
    x_styled, y_styled = styled_mnist(x_train, y_train, args.styled_mnist, args.seed)
    counts["mnist_styled_variants"] = len(x_styled)
    x_pairs = mnist_pairs(x_train, args.nondigits, args.seed)
    counts["digit_pairs_mnist"] = len(x_pairs)
    x_real = np.concatenate([x_real, x_styled, x_pairs])
    y_real = np.concatenate([y_real, y_styled, np.full(len(x_pairs), NOT_A_DIGIT)])
    counts = {"mnist_training_digits": len(x_train), **validation, **counts}
    x = np.concatenate([x_train, x_real])
    y = np.concatenate([y_train, y_real])
    print(
        f"training on {len(x_train):,} MNIST + {len(x_real):,} other samples an epoch "
        f"({int((y == NOT_A_DIGIT).sum()):,} not digits)",
        flush=True,
    )
    return x, y, x_test, y_test, counts


def save_training_data(
    path: Path,
    x: np.ndarray,
    y: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    counts: dict[str, int],
) -> None:
    """The built training set in one file, for training where it cannot be built (a GPU
    machine without the data sets, LiteRT or TensorFlow). Images as 8-bit grey: MNIST is
    8-bit already, and the rest differs from its float form by under 1/510."""
    np.savez_compressed(
        path,
        x=np.round(x * 255).astype(np.uint8),
        y=y.astype(np.uint8),
        x_test=np.round(x_test * 255).astype(np.uint8),
        y_test=y_test.astype(np.uint8),
        counts=np.array(json.dumps(counts)),
    )


def load_training_data(
    path: Path,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[str, int]]:
    """What ``save_training_data`` wrote, as ``training_data`` returns it."""
    with np.load(path) as data:
        counts = json.loads(str(data["counts"]))
        return (
            data["x"].astype(np.float32) * np.float32(1 / 255),
            data["y"].astype(np.int64),
            data["x_test"].astype(np.float32) * np.float32(1 / 255),
            data["y_test"].astype(np.int64),
            counts,
        )


def fit(
    args: argparse.Namespace,
    x: np.ndarray,
    y: np.ndarray,
    x_test: np.ndarray,
    y_test: np.ndarray,
    command: str,
) -> keras.Model:
    """Train; the saved weights are the exponential moving average of the last steps."""
    out = Path(args.out)
    model = initial_model(args)
    steps = args.epochs * int(np.ceil(len(x) / args.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=args.learning_rate / 10,
        decay_steps=steps,
        warmup_target=args.learning_rate,
        warmup_steps=min(steps // 10, 2000),
    )
    if args.distill_from:
        teachers = load_teachers(args.distill_from)
        trained = distilling_model(model, teachers, args.seed)
        loss: object = distillation_loss(args.distill_weight)
        metrics: list[object] = [accuracy]
    else:
        trained = training_model(model, args.seed)
        loss, metrics = "sparse_categorical_crossentropy", ["accuracy"]
    trained.compile(
        # Weights averaged over the last ~1,000 steps are what gets saved: a
        # cheap ensemble that reads a little better than the last step's weights.
        optimizer=keras.optimizers.Adam(schedule, use_ema=True, ema_momentum=0.999),
        loss=loss,
        metrics=metrics,
    )
    checkpoint = out / "digitpad.keras"
    trained.fit(
        x[..., None],
        y,
        batch_size=args.batch_size,
        epochs=args.epochs,
        validation_data=(x_test[..., None], y_test),
        verbose=2,
        shuffle=True,
        callbacks=[
            SaveEachEpoch(model, checkpoint),
            Progress(out / "progress.json", time.time(), command),
        ],
    )
    trained.optimizer.finalize_variable_values(trained.trainable_variables)
    model.save(checkpoint)
    return model


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    arguments = sys.argv[1:] if argv is None else argv
    command = "python -m training.train " + " ".join(arguments)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    keras.utils.set_random_seed(args.seed)
    if args.data:
        x, y, x_test, y_test, counts = load_training_data(Path(args.data))
    else:
        x, y, x_test, y_test, counts = training_data(args)
    if args.save_data:
        save_training_data(Path(args.save_data), x, y, x_test, y_test, counts)
        print(f"wrote {args.save_data}", flush=True)
        return 0
    if args.finish:
        model = keras.saving.load_model(out / "digitpad.keras", compile=False)
    else:
        model = fit(args, x, y, x_test, y_test, command)
    if args.fit_only:
        print(f"wrote {out}/digitpad.keras and progress.json; finish with --finish", flush=True)
        return 0
    # TensorFlow makes the LiteRT export: imported here, so a --fit-only run needs none.
    from training.export import export_record, to_tflite

    progress = json.loads((out / "progress.json").read_text(encoding="utf-8"))
    tflite_path = out / "digitpad.tflite"
    to_tflite(model, tflite_path)
    export = export_record(out / "digitpad.keras", tflite_path, x_test)
    print(f"LiteRT export agrees with Keras: {export}", flush=True)

    recognizer = LiteRTRecognizer(tflite_path)
    if "mnist_validation_digits" in counts:
        # A recipe being chosen: scored on the kept-out training digits, no test set looked at.
        checked = "mnist_validation"
        scores = {checked: mnist_scores(recognizer, x_test, y_test)}
        v = scores[checked]
        print(
            f"MNIST validation ({v['count']:,} training digits kept out): {v['accuracy']:.2%}, "
            f"refused {v['refused']:.2%}",
            flush=True,
        )
    else:
        checked = "mnist_test"
        evaluate = not args.skip_evaluation
        scores = evaluate_all(
            recognizer,
            data_dir("mnist", args.mnist_dir),
            data_dir("unipen-dev", args.unipen_dir) if evaluate else None,
            data_dir("usps", args.usps_dir) if evaluate else None,
        )
        print(report(scores), flush=True)
    confusion = scores[checked].pop("confusion")
    history = progress["history"]
    save_plots(history, confusion, out)
    card = {
        "name": "digitpad",
        "digitpad_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        # A run trained elsewhere (--fit-only) keeps the command that trained it.
        "command": progress.get("command")
        or "python -m training.train " + " ".join(a for a in arguments if a != "--finish"),
        **({"finished_with": command} if args.finish else {}),
        "input": "float32 (None, 28, 28, 1) in [0, 1], ink = 1 (MNIST convention), from digitpad.preprocess",
        "output": "float32 (None, 11) softmax probabilities: digits 0-9, then 'not a digit'",
        "architecture": args.arch,
        "training": {
            "data": {
                **counts,
                "unipen_held_out_sources": sorted(UNIPEN_HOLDOUT_SOURCES),
                "letter_held_out_sources": sorted(LETTER_HOLDOUT_SOURCES),
                "usps_held_out_fraction": 0.3,
            },
            "epochs": args.epochs,
            "batch_size": args.batch_size,
            "optimizer": f"Adam, cosine decay with warm-up to {args.learning_rate}, EMA weights (0.999)",
            "styles": "zeros slashed either way (/ or \\) or barred, flagged/footed/curved ones, crossed sevens on training digits; open fours, tailed nines, flagged ones as templates (training/styles.py)",
            "not_a_digit": "training letters, scribbles, pieces of digits, pairs of digits (training/nondigits.py)",
            "not_a_digit_judge": _judge_record(args.judge),
            "augmentation": Augmentation().__dict__,
            "pen_width": PEN_WIDTH,
            "parameters": int(model.count_params()),
            "width": args.width,
            "seed": args.seed,
            "initial_weights": args.init_from or "random",
            **(
                {"distilled_from": args.distill_from, "distill_weight": args.distill_weight}
                if args.distill_from
                else {}
            ),
            "trained_layers": "output layer only" if args.head_only else "all",
            "seconds": round(progress["seconds"]),
            **progress.get("machine", training_machine()),
            "history": {k: [round(float(v), 5) for v in vals] for k, vals in history.items()},
        },
        "export": export,
        "scores": scores,
    }
    (out / "model_card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}/digitpad.keras, digitpad.tflite, model_card.json and plots", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
