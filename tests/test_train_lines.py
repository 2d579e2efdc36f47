"""Training the line model (training/train_lines.py): its examples and a tiny real run."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from digitpad.ink import Ink
from digitpad.reader.line_input import LINE_HEIGHT, LINE_WIDTH, ink_crop, line_array
from digitpad.reader.line_model import LineModel
from digitpad.reader.number_reader import erased_ink_map
from tests.data.composed_numbers import compose, picture_of
from tests.data.sets import data_folder
from training import train_lines
from training.datasets import PenDigit, PenLetter
from training.splits import LETTER_HOLDOUT_SOURCES, UNIPEN_HOLDOUT_SOURCES


def test_a_composed_amount_holds_its_digits_and_is_ink() -> None:
    rng = np.random.default_rng(3)
    one = np.zeros((30, 12), np.float32)
    one[:, 5:8] = 1.0
    zero = np.zeros((30, 20), np.float32)
    zero[:, [2, 3, 16, 17]] = 1.0
    zero[[1, 2, 27, 28], 2:18] = 1.0
    crops = [(1, one), (0, zero)]
    for _ in range(20):
        canvas, number = train_lines.compose_amount(crops, [1], rng)
        assert 2 <= len(number) <= 7
        assert set(number) <= {"0", "1"}
        assert canvas.max() == pytest.approx(1.0)
        line = train_lines.augmented(canvas, rng)
        assert line.shape == (LINE_HEIGHT, LINE_WIDTH)
        assert line.max() > 0.5


def _empty_gaps(canvas: np.ndarray) -> int:
    """Runs of empty columns between the first and last column of ink."""
    columns = np.flatnonzero(canvas.max(axis=0) > 0.5)
    return int(np.sum(np.diff(columns) > 1))


def test_touching_ones_puts_the_1s_against_their_neighbours() -> None:
    one = np.ones((30, 3), np.float32)  # cut to its ink, as digit_crops cuts them
    crops = [(1, one)]
    gaps, digits = {}, {}
    for share in (0.0, 1.0):
        amounts = [
            train_lines.compose_amount(crops, [], np.random.default_rng(seed), share)
            for seed in range(40)
        ]
        gaps[share] = sum(_empty_gaps(canvas) for canvas, _ in amounts)
        digits[share] = sum(len(number) for _, number in amounts)
    # Apart, most of the gaps between 1s show paper; touching, only a separator's
    # own margins do (a 1 before or after a separator touches the mark's box).
    assert gaps[0.0] > 0.5 * digits[0.0]
    assert gaps[1.0] < 0.2 * gaps[0.0]


def _pen_digit(label: int, source: str, writer: str) -> PenDigit:
    """A pen digit of one vertical stroke (a 1's shape, whatever its label)."""
    stroke = np.array([[0.0, 0.0], [2.0, 50.0], [4.0, 100.0]])
    return PenDigit(label, source, writer, Ink((stroke,)))


def test_pen_numbers_never_come_from_held_out_writers() -> None:
    # The tuning writer writes only 1s and 2s; a held-out writer only 9s.
    held = sorted(UNIPEN_HOLDOUT_SOURCES)[0]
    pen = [_pen_digit(1 + i % 2, "tuning-source", "w1") for i in range(8)]
    pen += [_pen_digit(9, held, "w2") for _ in range(8)]
    numbers = train_lines.pen_number_inks(pen, 30, np.random.default_rng(4))
    assert len(numbers) == 30
    assert all(set(number) <= {"1", "2"} and 1 <= len(number) <= 6 for _, number in numbers)
    for ink, _ in numbers:  # the reader's own ink map: ink near 1 on paper near 0
        assert ink.max() > 0.9
        assert np.median(ink) < 0.1


def test_words_of_letters_come_from_tuning_writers_and_hold_no_digit() -> None:
    # The tuning writer's letters are one bar; the held-out writer's and the O's a wide box.
    held = sorted(LETTER_HOLDOUT_SOURCES)[0]
    bar = Ink((np.array([[0.0, 0.0], [0.0, 100.0]]),))
    box = Ink((np.array([[0.0, 0.0], [300.0, 0.0], [300.0, 100.0], [0.0, 100.0], [0.0, 0.0]]),))
    letters = [PenLetter("v", "tuning-source", "w1", bar) for _ in range(6)]
    letters += [PenLetter("w", held, "w2", box) for _ in range(6)]
    letters += [PenLetter("O", "tuning-source", "w3", box) for _ in range(6)]  # a 0, taught not
    words = train_lines.letter_inks(letters, 20, np.random.default_rng(1))
    assert len(words) == 20
    for ink, number in words:
        assert number == ""  # the target: no digit at all
        assert train_lines.encode(number).tolist() == [0] * train_lines.MAX_DIGITS
        cols = np.flatnonzero(ink.max(axis=0) > 0.5)
        rows = np.flatnonzero(ink.max(axis=1) > 0.5)
        # At most four bars side by side: never a box, three times as wide.
        assert (cols[-1] - cols[0]) < 2.5 * (rows[-1] - rows[0])


def test_mnist_numbers_are_rows_of_the_labelled_digits_as_ink_maps() -> None:
    # MNIST-like pictures (bright ink on black, 28x28): 1s are bars, 0s are rings.
    one = np.zeros((28, 28), np.float32)
    one[4:24, 13:16] = 1.0
    zero = np.zeros((28, 28), np.float32)
    zero[4:24, 7:21] = 1.0
    zero[7:21, 10:18] = 0.0
    images = np.stack([one, zero] * 20)
    labels = np.array([1, 0] * 20)
    pool = train_lines.mnist_number_inks(images, labels, 60, np.random.default_rng(5))
    assert len(pool) == 60
    lone = 0
    for ink, number in pool:
        assert 1 <= len(number) <= 6
        assert set(number) <= {"0", "1"}
        bounds = ink_crop(ink, margin=0)
        assert bounds is not None
        if len(number) == 1:  # a lone digit's shape is its label's
            lone += 1
            aspect = bounds.shape[1] / bounds.shape[0]
            assert aspect < 0.35 if number == "1" else aspect > 0.5, (number, aspect)
    assert lone > 0


def test_examples_draw_each_pool_its_count_after_the_amounts() -> None:
    rng = np.random.default_rng(0)
    ink = np.zeros((40, 30), np.float32)
    ink[5:35, 12:16] = 1.0
    pools = [([(ink, "7")], 3), ([], 5), ([(ink, "")], 2)]  # an empty pool adds nothing
    lines, targets = train_lines.examples([(ink, "1")], [], [], (1, 0, 0), rng, pools=pools)
    assert lines.shape == (1 + 3 + 2, LINE_HEIGHT, LINE_WIDTH)
    assert [row[0] for row in targets.tolist()] == [2, 8, 8, 8, 0, 0]
    assert (lines.reshape(len(lines), -1).max(axis=1) > 200).all()


def test_a_pen_picture_is_dark_writing_of_a_pens_width_on_light_paper() -> None:
    stroke = np.array([[0.0, 0.0], [0.0, 100.0]])
    widths = set()
    for seed in range(30):
        picture = np.asarray(
            train_lines.pen_picture(Ink((stroke,)), np.random.default_rng(seed)), np.float32
        )
        tall = round(picture.shape[0] * 3 / 5)  # the margins are a third of the height
        assert np.median(picture) > 0.8 * 255  # paper
        row = picture[picture.shape[0] // 2]
        dark = row < 0.5 * float(np.median(picture))
        widths.add(round(float(dark.sum()) / tall, 2))
    # A ballpoint is about 3.5% of the height, a felt-tip about 8% (each jittered 30%).
    assert min(widths) < 0.05
    assert max(widths) > 0.06
    assert max(widths) < 0.12


def test_a_pools_card_entry_gives_its_size_its_share_and_its_sources() -> None:
    row = (np.zeros((4, 4), np.float32), "7")
    entry = train_lines.pool_entry(([row, row], 5), "in_pool", train_lines.PHOTO_SOURCES)
    assert entry == {
        "in_pool": 2,
        "per_epoch": 5,
        "unipen_sources": "tuning part only (python -m training.photo_lines)",
    }
    assert train_lines.pool_entry(([], 0), "rendered", train_lines.MNIST_SOURCES) == {
        "rendered": 0,
        "per_epoch": 0,
        "digits": "MNIST training part (train-images-idx3-ubyte)",
    }


def test_targets_are_digits_plus_one_padded_with_the_blank() -> None:
    assert train_lines.encode("2026").tolist() == [3, 1, 3, 7, 0, 0, 0, 0, 0, 0]


@pytest.mark.slow
def test_tiny_line_model_run_writes_the_model_its_export_and_card(tmp_path: Path) -> None:
    car_a, usps = data_folder("car-a"), data_folder("usps")
    code = train_lines.main(
        [
            "--car-a-dir", str(car_a), "--usps-dir", str(usps), "--real", "64",
            "--composed", "64", "--strips", "64", "--epochs", "1", "--out", str(tmp_path),
        ]
    )  # fmt: skip
    assert code == 0
    card = json.loads((tmp_path / "digitpad-lines.json").read_text(encoding="utf-8"))
    assert card["training"]["car_a_tuning_amounts"] == 540 - 90  # the even lines, less validation
    assert card["validation"]["amounts"] == 90
    assert card["export"]["best_path_agreement"] == 1.0
    # The export is a line model digitpad's runtime loads.
    out = LineModel(tmp_path / "digitpad-lines.tflite").log_probabilities(
        np.zeros((LINE_HEIGHT, LINE_WIDTH), np.float32)
    )
    assert np.isfinite(out).all()


def test_the_bundled_line_model_is_the_export_of_its_keras_source() -> None:
    """models/digitpad-lines.keras is the source of truth; the .tflite the app runs agrees."""
    lines = [
        line_array(erased_ink_map(picture_of(compose(number)[0])))
        for number in ("2026", "4071", "58", "3400", "1")
    ]
    models = Path(__file__).resolve().parents[1] / "models"
    check = train_lines.check_line_export(
        models / "digitpad-lines.keras", models / "digitpad-lines.tflite", lines
    )
    assert check["best_path_agreement"] == 1.0
    assert check["max_probability_difference"] < 1e-3
