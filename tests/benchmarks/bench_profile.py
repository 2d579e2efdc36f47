"""Benchmark of the personal reader: what a profile of taught examples adds to a reading.

Not collected by pytest (a script). Run from the project root::

    DIGITPAD_DATA_DIR=... python tests/benchmarks/bench_profile.py [--examples 1000] [--runs 200]

A profile of ``--examples`` examples (UNIPEN digits with their labels, or the
bundled samples shifted without the data set) is taught into a temporary
folder. Printed, median and 95th percentile in milliseconds:

- one prediction by the model alone and through the profile (the pad's live
  update; the issue's budget: the profile adds under 1 ms);
- a batch of 20 (the candidates of a short number);
- a heat map (:func:`digitpad.reader.explain.explain`, about 20 wiped copies in one batch);
- loading the profile and computing its examples' features once (at start-up).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from digitpad.handwriting_profile import Profile, make_example
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.personal_model import PersonalRecognizer
from tests.benchmarks.timing import timings


def labelled_arrays(count: int) -> tuple[np.ndarray, np.ndarray]:
    from digitpad.preprocess import ink_to_array
    from training.datasets import data_dir, load_unipen

    rng = np.random.default_rng(1000)
    folder = data_dir("unipen-dev")
    if folder is not None:
        pen = load_unipen(folder)
        chosen = rng.choice(len(pen), size=count, replace=False)
        return np.stack([ink_to_array(pen[i].ink) for i in chosen]), np.array(
            [pen[i].label for i in chosen]
        )
    from digitpad.input_files import array_from_file
    from digitpad.resources import resource_path

    samples = sorted(resource_path("resources", "samples").glob("*.ink.json"))
    names = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    bases = [(array_from_file(p), names.index(p.name.split(".")[0])) for p in samples]
    picks = [bases[i % len(bases)] for i in range(count)]
    arrays = [np.roll(a, tuple(rng.integers(-3, 4, 2)), axis=(0, 1)) for a, _ in picks]
    return np.stack(arrays), np.array([d for _, d in picks])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--model", help="model file (default: the bundled one)")
    args = parser.parse_args()
    recognizer = LiteRTRecognizer(args.model)
    arrays, labels = labelled_arrays(args.examples + 40)
    taught, probes = (arrays[: args.examples], labels[: args.examples]), arrays[args.examples :]
    with tempfile.TemporaryDirectory() as scratch:
        profile = Profile.load(scratch)
        profile.add_examples(
            make_example(int(label), array=array) for array, label in zip(*taught, strict=True)
        )
        started = time.perf_counter()
        personal = PersonalRecognizer(recognizer, Profile.load(scratch))
        in_use = personal.examples_in_use
        load = (time.perf_counter() - started) * 1000
        size = (Path(scratch) / "profile.json").stat().st_size
    print(
        f"profile of {in_use} examples ({size / 1e6:.1f} MB): loaded and features computed "
        f"in {load:.0f} ms"
    )
    alone, mine = [], []
    for probe in probes:
        alone.append(timings(lambda p=probe: recognizer.predict(p), args.runs // 10))
        mine.append(timings(lambda p=probe: personal.predict(p), args.runs // 10))
    alone_median = statistics.median(t[0] for t in alone)
    mine_median = statistics.median(t[0] for t in mine)
    print(
        f"one prediction: model alone {alone_median:.3f} ms, with the profile "
        f"{mine_median:.3f} ms (median over {len(probes)} digits): the profile adds "
        f"{mine_median - alone_median:.3f} ms (budget: under 1 ms); p95 "
        f"{statistics.median(t[1] for t in alone):.3f} -> {statistics.median(t[1] for t in mine):.3f} ms"
    )
    batch = probes[:20]
    alone_batch = timings(lambda: recognizer.predict_batch(batch), args.runs // 4)
    mine_batch = timings(lambda: personal.predict_batch(batch), args.runs // 4)
    print(
        f"a batch of 20: model alone {alone_batch[0]:.2f} ms, with the profile "
        f"{mine_batch[0]:.2f} ms (median): adds {mine_batch[0] - alone_batch[0]:.2f} ms"
    )
    from digitpad.reader.explain import explain

    alone_heat = statistics.median(
        timings(lambda p=probe: explain(recognizer, p, 3), 5)[0] for probe in probes[:20]
    )
    mine_heat = statistics.median(
        timings(lambda p=probe: explain(personal, p, 3), 5)[0] for probe in probes[:20]
    )
    print(
        f"a heat map (digitpad.reader.explain): model alone {alone_heat:.1f} ms, with the profile "
        f"{mine_heat:.1f} ms (median over 20 digits)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
