"""Benchmark of the "why" heat map: is it faithful, and is it fast enough for a live pad?

Not collected by pytest (a script). Run from the project root::

    DIGITPAD_DATA_DIR=... python tests/benchmarks/bench_explain.py [--digits 300] [--model FILE]

Two methods on the same digits (UNIPEN digits of the held-out sources, or
the bundled samples shifted without the data set), each explaining the
model's own answer:

- occlusion sensitivity with squares centred on the ink
  (:func:`digitpad.reader.explain.explain`, what the app uses), at a few sizes, and
  with squares tiling the frame (the first layout tried);
- a class-activation map: the last convolution's activations (the features
  output, 4x4 cells of 128 channels in the bundled architecture) weighted by
  the output layer's weights for the class, enlarged to 28x28. The weights are
  read out of the LiteRT file here; the app has no such access.

Faithfulness: the 5x5 square holding the most heat is wiped, and another
around a random ink pixel; the class's probability should drop more for the
hottest. Printed: the mean drops, how often the hottest wins, and a deletion
curve (ink wiped hottest-first in tenths: the lower the mean probability, the
more faithful). Speed: milliseconds per heat map (median and 95th percentile),
the budget being one 16 ms frame per update of the pad.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.explain import explain
from tests.benchmarks.timing import timings

Method = Callable[[np.ndarray, int], np.ndarray]
EVAL_SQUARE = 5


def test_digits(count: int) -> np.ndarray:
    from training.datasets import data_dir, load_unipen
    from training.splits import UNIPEN_HOLDOUT_SOURCES

    rng = np.random.default_rng(12)
    folder = data_dir("unipen-dev")
    if folder is not None:
        from digitpad.preprocess import ink_to_array

        pen = [d for d in load_unipen(folder) if d.source in UNIPEN_HOLDOUT_SOURCES]
        chosen = rng.choice(len(pen), size=min(count, len(pen)), replace=False)
        return np.stack([ink_to_array(pen[i].ink) for i in chosen])
    from digitpad.input_files import array_from_file
    from digitpad.resources import resource_path

    samples = sorted(resource_path("resources", "samples").glob("*.ink.json"))
    bases = [array_from_file(path) for path in samples]
    return np.stack(
        [
            np.roll(bases[i % len(bases)], tuple(rng.integers(-2, 3, 2)), (0, 1))
            for i in range(count)
        ]
    )


def cam_method(recognizer: LiteRTRecognizer) -> Method | None:
    """The class-activation map, if the file's layout allows it (4x4x128 features, a dense output)."""
    interpreter = recognizer._interpreter
    weights = None
    for tensor in interpreter.get_tensor_details():
        shape = tuple(tensor["shape"])
        if shape == (recognizer.model_classes, recognizer.feature_size):
            try:
                weights = np.array(interpreter.get_tensor(tensor["index"]))
            except ValueError:
                continue
    if weights is None or recognizer.feature_size != 4 * 4 * 128:
        return None

    def cam(array: np.ndarray, klass: int) -> np.ndarray:
        features = recognizer.features_batch(array[None])[0]
        cells = (features * weights[klass]).reshape(4, 4, 128).sum(axis=-1)
        big = np.asarray(
            Image.fromarray(cells.astype(np.float32), "F").resize(
                (28, 28), Image.Resampling.BILINEAR
            )
        )
        big = np.maximum(big, 0)
        top = float(big.max())
        return big / top if top > 0 else big

    return cam


def grid_occlusion(
    recognizer: LiteRTRecognizer, array: np.ndarray, klass: int, patch: int, stride: int
) -> np.ndarray:
    """Occlusion with squares tiling the frame (those with ink), the first layout tried."""
    half = patch // 2
    starts = np.arange(stride // 2 - half, 28 - half + stride // 2, stride)
    masks = []
    for top in starts:
        for left in starts:
            mask = np.zeros((28, 28), bool)
            mask[max(0, top) : max(0, top + patch), max(0, left) : max(0, left + patch)] = True
            if float(array[mask].sum()) >= 0.5:
                masks.append(mask)
    stack = np.array(masks)
    probabilities = recognizer.predict_batch(np.concatenate([array[None], array[None] * ~stack]))
    scores = np.log(np.maximum(probabilities[:, klass], 1e-7))
    drops = np.maximum(scores[0] - scores[1:], 0.0)
    heat = np.tensordot(drops, stack, axes=1) / np.maximum(stack.sum(axis=0), 1)
    return heat / heat.max() if heat.max() > 0 else heat


def hottest_square(heat: np.ndarray) -> tuple[int, int]:
    """Centre (row, column) of the 5x5 square holding the most heat."""
    from numpy.lib.stride_tricks import sliding_window_view

    half = EVAL_SQUARE // 2
    sums = sliding_window_view(np.pad(heat, half), (EVAL_SQUARE, EVAL_SQUARE)).sum(axis=(2, 3))
    row, col = np.unravel_index(int(np.argmax(sums)), sums.shape)
    return int(row), int(col)


def wipe_square(array: np.ndarray, row: int, col: int) -> np.ndarray:
    half = EVAL_SQUARE // 2
    out = array.copy()
    out[max(0, row - half) : row + half + 1, max(0, col - half) : col + half + 1] = 0
    return out


def faithfulness(
    recognizer: LiteRTRecognizer, arrays: np.ndarray, method: Method
) -> dict[str, float]:
    rng = np.random.default_rng(3)
    answers = recognizer.predict_batch(arrays).argmax(axis=1)
    hot_drops, random_drops, wins, curves = [], [], 0, []
    for array, klass in zip(arrays, answers, strict=True):
        heat = method(array, int(klass))
        base = recognizer.predict(array)[klass]
        row, col = hottest_square(heat)
        inked = np.argwhere(array > 0.5)
        r_row, r_col = inked[rng.integers(len(inked))]
        hot = base - recognizer.predict(wipe_square(array, row, col))[klass]
        rnd = base - recognizer.predict(wipe_square(array, r_row, r_col))[klass]
        hot_drops.append(hot)
        random_drops.append(rnd)
        wins += hot > rnd
        # Deletion curve: ink pixels wiped hottest first, in tenths of the ink.
        ink = np.flatnonzero(array.ravel() > 0.05)
        order = ink[np.argsort(-heat.ravel()[ink], kind="stable")]
        steps = []
        for tenth in range(1, 6):
            wiped = array.ravel().copy()
            wiped[order[: len(order) * tenth // 10]] = 0
            steps.append(wiped.reshape(28, 28))
        curves.append(recognizer.predict_batch(np.stack(steps))[:, klass].mean())
    return {
        "hot_drop": float(np.mean(hot_drops)),
        "random_drop": float(np.mean(random_drops)),
        "hot_wins": wins / len(arrays),
        "deletion": float(np.mean(curves)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digits", type=int, default=300)
    parser.add_argument("--model", help="model file (default: the bundled one)")
    args = parser.parse_args()
    recognizer = LiteRTRecognizer(args.model)
    arrays = test_digits(args.digits)
    methods: dict[str, Method] = {}
    for patch, spacing in ((5, 3), (7, 4), (3, 2)):
        name = f"occlusion, {patch}px squares on the ink, {spacing}px apart"
        methods[name] = lambda a, k, p=patch, s=spacing: explain(
            recognizer, a, k, patch=p, spacing=s
        )
    for patch, stride in ((6, 4), (5, 3)):
        name = f"occlusion, {patch}px squares tiling the frame, stride {stride}"
        methods[name] = lambda a, k, p=patch, s=stride: grid_occlusion(recognizer, a, k, p, s)
    cam = cam_method(recognizer)
    if cam is not None:
        methods["class-activation map (4x4 cells)"] = cam
    one = timings(lambda: recognizer.predict(arrays[0]), 50)[0]
    print(f"{len(arrays)} digits; one prediction: {one:.2f} ms (median)")
    for name, method in methods.items():
        figures = faithfulness(recognizer, arrays, method)
        times = [timings(lambda a=a, m=method: m(a, 1), 5) for a in arrays[:30]]
        median = statistics.median(t[0] for t in times)
        worst = max(t[1] for t in times)
        print(
            f"{name}: wiping the hottest 5x5 square lowers the answer's probability by "
            f"{figures['hot_drop']:.3f} on average, a random inked one by {figures['random_drop']:.3f}; "
            f"hottest lowers it more on {figures['hot_wins']:.0%} of digits; deletion curve "
            f"{figures['deletion']:.3f} (lower: more faithful); {median:.1f} ms per map "
            f"(median), worst p95 {worst:.1f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
