"""Train the line model: a picture's whole row of digits read at once (see digitpad/reader/line_input.py).

    python -m training.train_lines [--car-a-dir DIR] [--usps-dir DIR] [--epochs 12]
                                   [--validation 90] [--out models]

The number reader cuts a picture into pieces and the digit model chooses how
to group them; on real cheques it most often gets the count of digits wrong.
This model reads the row without cutting it and judges the reader's candidate
readings (``digitpad.reader.number_reader``). Each epoch it learns from fresh examples of:

- the CAR-A tuning half (the even lines; the odd ones are never trained on:
  ``python -m training.evaluate_numbers`` measures them): each amount's ink
  map, as the number reader makes it, sheared, stretched and moved;
- amounts composed from those amounts' labelled digits, with separators
  (``.`` ``,`` ``-`` ``/``) and runs of zeros, as cheques are written;
- strips of USPS training-part digits on paper, read through the app's own
  picture path, as ``training.evaluate_numbers`` makes its strips;
- numbers of 1-6 UNIPEN pen digits (``--pen``; tuning sources only, never the
  held-out writers of ``training.splits``), one writer each, laid out as
  ``training.evaluate_numbers.compose_pen_number`` lays them, drawn black on
  white with a ballpoint's or a felt-tip's width (as ``training.photos`` does)
  and made into ink maps by the number reader's own ``erased_ink_map``.

- photographed pen numbers (``--photos FILE --photo-count N``): a pool made once
  by ``python -m training.photo_lines`` (tuning sources only), drawn from each
  epoch: what the photo stage leaves of a pen's strokes, which a clean picture
  does not teach.

- words of 1-4 UNIPEN letters (``--letters N``; tuning sources only), with no
  digit to read: the line model learns to read nothing in a row of letters.

- numbers of 1-6 MNIST training digits (``--mnist N``), laid out as pen numbers
  are: the digits of several hundred more writers.

``--init MODEL`` starts from a trained line model (a fine-tune) instead of
fresh weights.

``--validation N`` keeps the last N tuning amounts out of training to report
on (and to choose ``digitpad.reader.number_reader.LINE_WEIGHT`` on); 0 trains on all.
Writes ``digitpad-lines.keras``, its checked LiteRT export
``digitpad-lines.tflite`` and the card ``digitpad-lines.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np
from PIL import Image, ImageFilter

from digitpad import __version__
from digitpad.ink import Ink
from digitpad.reader.ctc import best_path, log_softmax
from digitpad.reader.line_input import (
    FRAMES,
    LINE_HEIGHT,
    LINE_WIDTH,
    ink_crop,
    line_array,
)
from digitpad.reader.number_reader import erased_ink_map
from training.cheques import cheque_ink
from training.datasets import (
    PenDigit,
    PenLetter,
    car_a_labels,
    data_dir,
    load_letters,
    load_mnist,
    load_unipen,
    load_usps,
    writers_of,
)
from training.evaluate_numbers import mnist_row, picture_numbers
from training.photo_lines import Pool, load_pool, one_writers_row, tuning_writers
from training.photos import stroke_coverage
from training.splits import (
    LETTER_HOLDOUT_SOURCES,
    car_a_held_out,
    usps_holdout_mask,
)
from training.train import training_machine

#: Longest number a training example holds (the labels are padded to it).
MAX_DIGITS = 10
#: A digit's box in an ink map: (x0, y0, x1, y1) pixels.
Box = tuple[int, int, int, int]
#: Height, in ink-map pixels, composed amounts are built at.
COMPOSE_HEIGHT = 40
#: Gaps, in digit heights, beside a 1 made to touch or lean on its neighbour
#: (``--touching-ones``). The digits are cut to their ink, so 0 already touches;
#: more overlap than this would push the 1 across a 0 (a slashed zero).
TOUCHING_GAP = (-0.15, 0.0)
#: Where each pool's writing comes from, as the card says it.
PEN_SOURCES = {"unipen_sources": "tuning part only (not training.splits.UNIPEN_HOLDOUT_SOURCES)"}
PHOTO_SOURCES = {"unipen_sources": "tuning part only (python -m training.photo_lines)"}
LETTER_SOURCES = {"unipen_sources": "tuning part only (not training.splits.LETTER_HOLDOUT_SOURCES)"}
MNIST_SOURCES = {"digits": "MNIST training part (train-images-idx3-ubyte)"}


# ------------------------------------------------------------------------------ examples


def amount_inks(folder: Path) -> list[tuple[np.ndarray, str, list[tuple[int, Box]]]]:
    """(ink map, number, [(digit, (x0, y0, x1, y1) in map pixels)]) for each CAR-A tuning amount."""
    amounts = []
    for index, row in enumerate(car_a_labels(folder)):
        if car_a_held_out(index):
            continue
        ink, boxes = cheque_ink(folder, row)
        digits = [int(d["digit"]) for d in row["digits"]]
        amounts.append(
            (ink.astype(np.float32), row["number"], list(zip(digits, boxes, strict=True)))
        )
    return amounts


def digit_crops(
    amounts: list[tuple[np.ndarray, str, list[tuple[int, Box]]]],
) -> list[tuple[int, np.ndarray]]:
    """Each labelled digit's box, cut from its amount's ink map (a neighbour's stroke and all)."""
    crops = []
    for ink, _, boxes in amounts:
        for digit, (x0, y0, x1, y1) in boxes:
            # The box with its last row and column: the labels' boxes are drawn inclusively.
            crop = ink_crop(ink[y0 : y1 + 1, x0 : x1 + 1], margin=0)
            if crop is not None:
                crops.append((digit, crop))
    return crops


def separator(rng: np.random.Generator, height: int) -> np.ndarray:
    """A written separator at the height of a digit: a dot, comma, dash or slash."""
    kind = int(rng.integers(0, 4))
    size = max(3, int(height * rng.uniform(0.1, 0.18)))
    if kind in (0, 1):  # dot, comma
        mark = np.zeros((height, size + 2), np.float32)
        mark[height - size - 1 : height - 1, 1 : size + 1] = 1
        if kind == 1:
            for k in range(size):
                mark[min(height - 1, height - 2 + k // 2), max(0, size - k // 2)] = 1
        return mark
    length = int(height * rng.uniform(0.25, 0.6))
    mark = np.zeros((height, length + 2), np.float32)
    if kind == 2:  # dash
        middle = int(height * rng.uniform(0.35, 0.6))
        mark[middle : middle + max(2, size // 2), 1 : length + 1] = 1
    else:  # slash
        for row in range(height):
            x = int((height - 1 - row) / height * length)
            mark[row, x : x + 2] = 1
    return mark


def compose_amount(
    crops: list[tuple[int, np.ndarray]],
    zeros: list[int],
    rng: np.random.Generator,
    touching_ones: float = 0.0,
) -> tuple[np.ndarray, str]:
    """An amount as cheques are written, from real cheque digits: ``12.000``, ``3.450,-``...

    ``touching_ones``: the share of gaps beside a 1 drawn from TOUCHING_GAP, so that
    the 1 touches or leans on its neighbour (the reader's most frequent loss).
    """
    count = int(rng.choice([2, 3, 4, 5, 5, 5, 6, 6, 7]))
    separators = set()
    if count >= 4 and rng.random() < 0.5:
        separators.add(count - 3)
    if rng.random() < 0.15:
        separators.add(int(rng.integers(1, count)))
    trailing_zeros = rng.random() < 0.35
    parts: list[tuple[np.ndarray, int, int]] = []  # (mark, top, digit or -1)
    number = ""
    for position in range(count):
        if position in separators:
            parts.append((separator(rng, COMPOSE_HEIGHT), 0, -1))
        pool = zeros if trailing_zeros and position >= count - 3 else None
        digit, crop = crops[int(rng.choice(pool)) if pool else int(rng.integers(len(crops)))]
        number += str(digit)
        height = max(6, int(COMPOSE_HEIGHT * rng.uniform(0.8, 1.05)))
        width = max(2, round(crop.shape[1] * height / crop.shape[0]))
        scaled = np.asarray(
            Image.fromarray(crop, "F").resize((width, height), Image.Resampling.BILINEAR)
        )
        top = int(rng.integers(0, max(1, COMPOSE_HEIGHT + 8 - height)))
        parts.append((scaled, top, digit))
    if rng.random() < 0.2:
        parts.append((separator(rng, COMPOSE_HEIGHT), 0, -1))
    canvas = np.zeros(
        (COMPOSE_HEIGHT + 16, sum(p.shape[1] for p, _, _ in parts) * 2 + 20), np.float32
    )
    x = 5
    for index, (mark, top, digit) in enumerate(parts):
        height, width = mark.shape
        top = min(top, canvas.shape[0] - height)
        view = canvas[top : top + height, x : x + width]
        np.maximum(view, mark, out=view)
        after = parts[index + 1][2] if index + 1 < len(parts) else -1
        low, high = (
            TOUCHING_GAP
            if 1 in (digit, after) and touching_ones and rng.random() < touching_ones
            else (-0.15, 0.3)
        )
        x = max(0, x + width + int(COMPOSE_HEIGHT * rng.uniform(low, high)))
    return canvas, number


def usps_strips(folder: Path, count: int, rng: np.random.Generator) -> list[tuple[np.ndarray, str]]:
    """Strips of USPS training-part digits on paper, as ink maps the number reader makes."""
    images, labels = load_usps(folder)
    mask = ~usps_holdout_mask(len(images))
    strips = []
    for number, data in picture_numbers(images[mask], labels[mask], count, rng, gaps=(-1, 6)):
        strips.append((erased_ink_map(data).astype(np.float32), number))
    return strips


def pen_number_inks(
    pen: list[PenDigit], count: int, rng: np.random.Generator
) -> list[tuple[np.ndarray, str]]:
    """Numbers of 1-6 pen digits by one tuning-part UNIPEN writer, as ink maps the reader makes.

    Digits of the held-out sources (``training.splits.UNIPEN_HOLDOUT_SOURCES``)
    are dropped here, so no caller can train on the writers the figures are
    reported on. Each number is drawn black on white 60-160 px high with a
    ballpoint's (3.5% of the height) or a felt-tip's (8%) width, jittered as
    :func:`training.photos.ink_photo` jitters it, and read through
    :func:`erased_ink_map`: the line model learns pen strokes as the app sees
    them in a picture, not as they were drawn.
    """
    writers = tuning_writers(pen)
    numbers = []
    for _ in range(count):
        chosen, ink = one_writers_row(writers, 6, rng)
        number = "".join(str(d.label) for d in chosen)
        numbers.append((erased_ink_map(pen_picture(ink, rng)).astype(np.float32), number))
    return numbers


#: Letters written as a digit often is (an l is a 1, an O a 0, a Z a 2, an S a 5, a b a 6,
#: a g or q a 9): taught as "no digit" they taught the line model to drop real 1s and 0s.
DIGIT_LIKE = frozenset("lIiJjOoDQUuZzSsbgqBGT")


def letter_inks(letters: list[PenLetter], count: int, rng: np.random.Generator) -> Pool:
    """Words of 1-4 letters by one tuning-part UNIPEN writer, as ink maps, each with no digit.

    The line model learns to read nothing in them: a row of letters opened as a
    picture is then no number to it, as it is none to the digit model (whose
    "not a digit" class learnt the same letters). Letters of the held-out
    sources (``training.splits.LETTER_HOLDOUT_SOURCES``) and those written like a
    digit (:data:`DIGIT_LIKE`) are dropped here. Laid out, drawn and made into ink
    maps as :func:`pen_number_inks` does numbers.
    """
    writers = writers_of(
        [
            x
            for x in letters
            if x.source not in LETTER_HOLDOUT_SOURCES and x.letter not in DIGIT_LIKE
        ],
        4,
    )
    words: Pool = []
    for _ in range(count):
        _, ink = one_writers_row(writers, 4, rng)
        words.append((erased_ink_map(pen_picture(ink, rng)).astype(np.float32), ""))
    return words


def mnist_number_inks(
    images: np.ndarray, labels: np.ndarray, count: int, rng: np.random.Generator
) -> Pool:
    """Numbers of 1-6 MNIST training digits laid out in a row, as ink maps the reader makes.

    UNIPEN's tuning part has a few hundred writers, and the line model learnt
    their very digits; MNIST's training part has the digits of several hundred
    others (none of the held-out writers of ``training.splits``), so the model
    meets more ways of writing each digit. Each row (:func:`training.evaluate_numbers.mnist_row`) is drawn
    dark on light paper and read through :func:`erased_ink_map`.
    """
    numbers: Pool = []
    for _ in range(count):
        coverage, number = mnist_row(images, labels, rng)
        if rng.random() < 0.5:  # MNIST's strokes are a felt-tip's; half are made thinner
            coverage = np.asarray(
                Image.fromarray(coverage, "F").filter(ImageFilter.MinFilter(5)), np.float32
            )
        numbers.append((erased_ink_map(on_paper(coverage, rng)).astype(np.float32), number))
    return numbers


def pen_picture(ink: Ink, rng: np.random.Generator) -> Image.Image:
    """``ink`` drawn dark on light paper, as a clean picture of a pen-written number."""
    points = ink.points[:, :2]
    span = np.maximum(points.max(axis=0) - points.min(axis=0), 1e-9)
    tall = int(rng.integers(60, 161))
    wide = max(1, round(tall * float(span[0] / span[1])))
    margin = tall // 3
    share = 0.035 if rng.random() < 0.6 else 0.08
    pen = max(1.2, tall * share * float(rng.uniform(0.7, 1.3)))
    box = (float(margin), float(margin), float(margin + wide), float(margin + tall))
    return on_paper(stroke_coverage(ink, (tall + 2 * margin, wide + 2 * margin), box, pen), rng)


def on_paper(coverage: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """Ink ``coverage`` (1 = ink) drawn dark on light paper: the paper a little grey, the
    ink not quite black, as a clean picture of handwriting is."""
    paper, strength = float(rng.uniform(0.85, 1.0)), float(rng.uniform(0.75, 1.0))
    gray = paper * (1 - coverage * strength)
    return Image.fromarray(np.round(np.clip(gray, 0, 1) * 255).astype(np.uint8), mode="L")


def augmented(ink: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``line_array`` of an ink map sheared, stretched, moved and sometimes thickened."""
    crop = ink_crop(ink)
    if crop is None:
        return line_array(ink)
    height, width = crop.shape
    shear = rng.uniform(-0.25, 0.25)
    pad = int(abs(shear) * height) + 1
    sheared = Image.fromarray(np.ascontiguousarray(crop, np.float32), "F").transform(
        (width + 2 * pad, height),
        Image.Transform.AFFINE,
        (1, shear, -pad - shear * height / 2, 0, 1, 0),
        resample=Image.Resampling.BILINEAR,
    )
    fill = rng.uniform(0.72, 1.0)
    rows = max(4, round(LINE_HEIGHT * fill))
    line = line_array(
        np.asarray(sheared, np.float32),
        stretch=rng.uniform(0.75, 1.3),
        fill=fill,
        top=int(rng.integers(0, LINE_HEIGHT - rows + 1)),
        left=int(rng.integers(0, 6)),
    )
    if rng.random() < 0.25:
        thick = np.asarray(Image.fromarray(line, "F").filter(ImageFilter.MaxFilter(3)), np.float32)
        line = 0.5 * (line + thick)
    return line


def encode(number: str) -> np.ndarray:
    """CTC targets: digit d is d + 1, 0 pads (and is the blank)."""
    target = np.zeros(MAX_DIGITS, np.int32)
    for index, digit in enumerate(number[:MAX_DIGITS]):
        target[index] = int(digit) + 1
    return target


def examples(
    amounts: list[tuple[np.ndarray, str]],
    crops: list[tuple[int, np.ndarray]],
    strips: list[tuple[np.ndarray, str]],
    counts: tuple[int, int, int],
    rng: np.random.Generator,
    touching_ones: float = 0.0,
    pools: Sequence[tuple[Pool, int]] = (),
) -> tuple[np.ndarray, np.ndarray]:
    """(lines as uint8, targets): ``counts`` real amounts, composed amounts and strips,
    then, for each (pool, count) of ``pools`` (pen-written numbers, photographed ones,
    letters), ``count`` examples drawn from the pool."""
    real, composed, strip = counts
    drawn = [pool for pool, count in pools if pool for _ in range(count)]
    zeros = [i for i, (digit, _) in enumerate(crops) if digit == 0]
    lines = np.zeros((real + composed + strip + len(drawn), LINE_HEIGHT, LINE_WIDTH), np.uint8)
    targets = np.zeros((len(lines), MAX_DIGITS), np.int32)
    for index in range(len(lines)):
        if index < real:
            ink, number = amounts[index % len(amounts)]
        elif index < real + composed:
            ink, number = compose_amount(crops, zeros, rng, touching_ones)
        elif index < real + composed + strip:
            ink, number = strips[(index - real - composed) % len(strips)]
        else:
            pool = drawn[index - real - composed - strip]
            ink, number = pool[int(rng.integers(len(pool)))]
        lines[index] = np.round(augmented(ink, rng) * 255).astype(np.uint8)
        targets[index] = encode(number)
    return lines, targets


# --------------------------------------------------------------------------------- model


def build_line_model() -> keras.Model:
    """Convolutions down to one row of FRAMES frames, then 1-D convolutions across them.

    No recurrent layers: the whole model is convolutions, fast in LiteRT and
    exported without special ops.
    """
    x = inputs = keras.Input((LINE_HEIGHT, LINE_WIDTH, 1))
    for filters, pool in [(24, (2, 2)), (48, (2, 2)), (64, None), (96, (2, 1)), (128, (2, 1))]:
        x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
        x = keras.layers.BatchNormalization()(x)
        x = keras.layers.ReLU()(x)
        if pool:
            x = keras.layers.MaxPooling2D(pool)(x)
    x = keras.layers.Conv2D(160, (2, 1), activation="relu")(x)
    x = keras.layers.Reshape((FRAMES, 160))(x)
    x = keras.layers.Dropout(0.2)(x)
    x = keras.layers.Conv1D(160, 5, padding="same", activation="relu")(x)
    x = keras.layers.Conv1D(160, 5, padding="same", dilation_rate=2, activation="relu")(x)
    x = keras.layers.Dropout(0.2)(x)
    outputs = keras.layers.Dense(11, name="frames")(x)
    return keras.Model(inputs, outputs, name="digitpad_lines")


def read_lines(model: keras.Model, lines: np.ndarray) -> list[str]:
    logits = model.predict(lines[..., None], verbose=0, batch_size=64)
    return [best_path(log_softmax(frame)) for frame in logits]


def whole(model: keras.Model, amounts: list[tuple[np.ndarray, str]]) -> float:
    """Share of amounts the line model alone reads whole (its best path)."""
    if not amounts:
        return float("nan")
    lines = np.stack([line_array(ink) for ink, _ in amounts])
    return float(
        np.mean([a == b for a, (_, b) in zip(read_lines(model, lines), amounts, strict=True)])
    )


# ---------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.train_lines", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--car-a-dir", help="CAR-A folder (default $DIGITPAD_CAR_A_DIR or $DIGITPAD_DATA_DIR/car-a)"
    )
    parser.add_argument(
        "--usps-dir", help="USPS folder (default $DIGITPAD_USPS_DIR or $DIGITPAD_DATA_DIR/usps)"
    )
    parser.add_argument(
        "--unipen-dir",
        help="UNIPEN folder (default $DIGITPAD_UNIPEN_DEV_DIR or $DIGITPAD_DATA_DIR/unipen-dev)",
    )
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--real", type=int, default=16000, help="augmented real amounts per epoch")
    parser.add_argument("--composed", type=int, default=12000, help="composed amounts per epoch")
    parser.add_argument("--strips", type=int, default=4000, help="USPS strips per epoch")
    parser.add_argument(
        "--pen", type=int, default=0, help="pen-written numbers per epoch (default 0)"
    )
    parser.add_argument(
        "--pen-pool", type=int, default=4000, help="pen-written numbers rendered to draw from"
    )
    parser.add_argument(
        "--photos",
        help="a pool of photographed pen numbers (python -m training.photo_lines) to draw from",
    )
    parser.add_argument(
        "--photo-count", type=int, default=0, help="photographed numbers per epoch (default 0)"
    )
    parser.add_argument(
        "--letters", type=int, default=0, help="words of letters per epoch, read as no digit"
    )
    parser.add_argument(
        "--letter-pool", type=int, default=4000, help="words of letters rendered to draw from"
    )
    parser.add_argument(
        "--mnist", type=int, default=0, help="numbers of MNIST training digits per epoch"
    )
    parser.add_argument(
        "--mnist-pool", type=int, default=8000, help="MNIST numbers rendered to draw from"
    )
    parser.add_argument(
        "--mnist-dir", help="MNIST folder (default $DIGITPAD_MNIST_DIR or $DIGITPAD_DATA_DIR/mnist)"
    )
    parser.add_argument("--init", help="a trained line model (.keras) to start from")
    parser.add_argument(
        "--learning-rate", type=float, default=2e-3, help="starting rate (cosine decay)"
    )
    parser.add_argument(
        "--validation", type=int, default=90, help="tuning amounts kept to report on"
    )
    parser.add_argument(
        "--touching-ones",
        type=float,
        default=0.0,
        help="share of the composed amounts' gaps beside a 1 made to touch (default 0)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="models", help="output folder (default models/)")
    parser.add_argument(
        "--fit-only",
        action="store_true",
        help="train and write digitpad-lines.keras and its card, no export (for a machine "
        "without TensorFlow: any Keras backend; then --finish where TensorFlow is)",
    )
    parser.add_argument(
        "--finish",
        action="store_true",
        help="do not train: export and check the --fit-only run in --out, and complete its card",
    )
    args = parser.parse_args(argv)
    arguments = sys.argv[1:] if argv is None else argv
    car_a = data_dir("car-a", args.car_a_dir)
    usps = data_dir("usps", args.usps_dir)
    if car_a is None:
        print("No CAR-A data: give --car-a-dir or set DIGITPAD_DATA_DIR.", file=sys.stderr)
        return 2
    started = time.time()
    rng = np.random.default_rng(args.seed)
    keras.utils.set_random_seed(args.seed)
    labelled = amount_inks(car_a)
    cut = len(labelled) - args.validation
    train_part, validation = labelled[:cut], [(ink, number) for ink, number, _ in labelled[cut:]]
    amounts = [(ink, number) for ink, number, _ in train_part]
    crops = digit_crops(train_part)
    strip_count = args.strips if usps else 0
    strips = usps_strips(usps, max(1, strip_count // 4), rng) if usps and strip_count else []
    counts = (args.real, args.composed, strip_count)
    unipen = data_dir("unipen-dev", args.unipen_dir) if args.pen or args.letters else None
    if (args.pen or args.letters) and unipen is None:
        print("No UNIPEN data for --pen or --letters: give --unipen-dir.", file=sys.stderr)
        return 2
    pens = (
        pen_number_inks(load_unipen(unipen), args.pen_pool, rng) if unipen and args.pen else [],
        args.pen,
    )
    letters = (
        letter_inks(load_letters(unipen), args.letter_pool, rng) if unipen and args.letters else [],
        args.letters,
    )
    photos = (load_pool(Path(args.photos)) if args.photos else [], args.photo_count)
    mnist = data_dir("mnist", args.mnist_dir) if args.mnist else None
    if args.mnist and mnist is None:
        print("No MNIST data for --mnist: give --mnist-dir.", file=sys.stderr)
        return 2
    mnist_numbers = (
        mnist_number_inks(*load_mnist(mnist)[0], args.mnist_pool, rng) if mnist else [],
        args.mnist,
    )
    print(
        f"{len(amounts)} amounts, {len(crops)} digits, {len(strips)} strips, "
        f"{len(pens[0])} pen numbers, {len(photos[0])} photographed, {len(letters[0])} words, "
        f"{len(mnist_numbers[0])} MNIST numbers",
        flush=True,
    )

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    keras_path, tflite_path = out / "digitpad-lines.keras", out / "digitpad-lines.tflite"
    card_path = out / "digitpad-lines.json"
    check_lines = [line_array(ink) for ink, _ in validation or amounts[:90]]
    if args.finish:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        finish_line_model(keras_path, tflite_path, check_lines, card)
        card["finished_with"] = "python -m training.train_lines " + " ".join(arguments)
    else:
        model, losses, kept_out = fit_line_model(
            args,
            amounts,
            crops,
            strips,
            counts,
            validation,
            rng,
            (pens, photos, letters, mnist_numbers),
        )
        model.save(keras_path)
        card = line_card(
            args, arguments, amounts, crops, strips, counts, losses, kept_out, validation
        )
        training = card["training"]
        training["pen_numbers"] = pool_entry(pens, "rendered", PEN_SOURCES)
        if photos[0]:
            photographed = pool_entry(photos, "in_pool", PHOTO_SOURCES)
            training["photographed_pen_numbers"] = {"pool": args.photos, **photographed}
        if letters[0]:
            training["words_of_letters"] = pool_entry(letters, "rendered", LETTER_SOURCES)
        if mnist_numbers[0]:
            training["mnist_numbers"] = pool_entry(mnist_numbers, "rendered", MNIST_SOURCES)
        training["started_from"] = args.init
        training["learning_rate"] = args.learning_rate
        training["seconds"] = round(time.time() - started)
        if not args.fit_only:
            finish_line_model(keras_path, tflite_path, check_lines, card)
    card_path.write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(card, indent=2))
    return 0


def pool_entry(pool: tuple[Pool, int], size_key: str, sources: dict[str, str]) -> dict[str, object]:
    """A pool's entry in the card: how many it holds (under ``size_key``), how many it gave
    each epoch, and where its writing comes from."""
    rows, per_epoch = pool
    return {size_key: len(rows), "per_epoch": per_epoch, **sources}


def fit_line_model(
    args: argparse.Namespace,
    amounts: list[tuple[np.ndarray, str]],
    crops: list[tuple[int, np.ndarray]],
    strips: list[tuple[np.ndarray, str]],
    counts: tuple[int, int, int],
    validation: list[tuple[np.ndarray, str]],
    rng: np.random.Generator,
    pools: Sequence[tuple[Pool, int]] = (),
) -> tuple[keras.Model, list[float], list[float]]:
    """The trained model, its loss after each epoch and the kept-out share read whole."""
    model = keras.models.load_model(args.init, compile=False) if args.init else build_line_model()
    extra = sum(count for pool, count in pools if pool)
    steps = args.epochs * ((sum(counts) + extra) // 64)
    model.compile(
        keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(args.learning_rate, steps)),
        loss=keras.losses.CTC(),
    )
    losses: list[float] = []
    kept_out: list[float] = []  # the kept-out amounts read whole, after each epoch
    for epoch in range(args.epochs):
        # Fresh augmentations every epoch: one fixed set, seen twelve times, was learnt by heart
        # (final loss 0.025) while the amounts kept out read 88%.
        lines, targets = examples(amounts, crops, strips, counts, rng, args.touching_ones, pools)
        history = model.fit(
            lines[..., None].astype(np.float32) / 255,
            targets,
            batch_size=64,
            epochs=epoch + 1,
            initial_epoch=epoch,
            verbose=2,
        )
        losses += history.history["loss"]
        if validation:
            kept_out.append(whole(model, validation))
            print(f"kept-out amounts read whole: {kept_out[-1]:.2%}", flush=True)
    return model, losses, kept_out


def finish_line_model(
    keras_path: Path, tflite_path: Path, check_lines: list[np.ndarray], card: dict[str, Any]
) -> None:
    """The LiteRT export (TensorFlow makes it), checked against Keras, recorded in the card."""
    from training.export import to_tflite

    model = keras.models.load_model(keras_path, compile=False)
    to_tflite(model, tflite_path, features=False)
    check = check_line_export(keras_path, tflite_path, check_lines)
    card["export"] = {"bytes": tflite_path.stat().st_size, **check}


def line_card(
    args: argparse.Namespace,
    arguments: list[str],
    amounts: list[tuple[np.ndarray, str]],
    crops: list[tuple[int, np.ndarray]],
    strips: list[tuple[np.ndarray, str]],
    counts: tuple[int, int, int],
    losses: list[float],
    kept_out: list[float],
    validation: list[tuple[np.ndarray, str]],
) -> dict[str, Any]:
    """The card of a run just trained (its export is added by ``finish_line_model``)."""
    strip_count = counts[2]
    card: dict[str, Any] = {
        "name": "digitpad line model",
        "version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "purpose": (
            "reads a picture's row of digits whole: judges the number reader's candidate "
            "readings, vouches for a number it is sure of, says when a row holds no digit"
        ),
        "input": f"{LINE_HEIGHT}x{LINE_WIDTH} ink row (digitpad.reader.line_input.line_array)",
        "output": f"{FRAMES} frames x 11 (CTC blank, digits 0-9)",
        "command": "python -m training.train_lines " + " ".join(arguments),
        "training": {
            "car_a_tuning_amounts": len(amounts),
            "labelled_cheque_digits": len(crops),
            "usps_training_strips": len(strips),
            "examples_per_epoch": {
                "real": args.real,
                "composed": args.composed,
                "strips": strip_count,
            },
            "epochs": args.epochs,
            "touching_ones": args.touching_ones,
            "final_loss": losses[-1],
            "fresh_examples_every_epoch": True,
            "machine": training_machine(),
        },
        "validation": (
            {"amounts": len(validation), "read_whole_by_line_model_alone": kept_out[-1]}
            if validation
            else None
        ),
    }
    return card


def check_line_export(
    keras_path: Path, tflite_path: Path, lines: list[np.ndarray]
) -> dict[str, Any]:
    """Both saved files, through digitpad's own LiteRT runtime and Keras: they must agree."""
    from digitpad.reader.line_model import LineModel

    model = keras.models.load_model(keras_path, compile=False)
    lite = LineModel(tflite_path)
    expected = log_softmax(model.predict(np.stack(lines)[..., None], verbose=0).astype(np.float64))
    got = np.stack([lite.log_probabilities(line) for line in lines])
    difference = float(np.abs(np.exp(expected) - np.exp(got)).max())
    agreement = float(
        np.mean([best_path(a) == best_path(b) for a, b in zip(expected, got, strict=True)])
    )
    if agreement < 0.999 or difference > 1e-3:
        raise RuntimeError(
            f"LiteRT export disagrees with Keras: {agreement:.2%}, max diff {difference:.2e}"
        )
    return {
        "format": "LiteRT flatbuffer, float32",
        "best_path_agreement": agreement,
        "max_probability_difference": difference,
        "count": len(lines),
    }


if __name__ == "__main__":
    sys.exit(main())
