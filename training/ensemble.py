"""Join trained digit models into one: their features side by side, one softmax head.

Two networks trained apart make different mistakes, and the average of their
answers is right more often than either (the usual ensemble gain). Averaging
the members' *logits* needs no extra layer: with member ``i`` answering
``softmax(W_i f_i + b_i)``, the mean of the logits is

    softmax([W_1; ...; W_n] / n . [f_1; ...; f_n] + mean(b_i)),

which is one dense softmax layer over the members' features laid side by side.
So the joined model has the shape every digitpad model has (a body, then one
``Dense`` softmax layer): the LiteRT export, the personal profile (which
compares drawings in the features the last layer reads) and the Why? map
work on it unchanged. It costs one member's time per member.

    python -m training.ensemble a/digitpad.keras b/digitpad.keras --out training/runs/joined

writes ``digitpad.keras`` (the joined source model) and ``digitpad.tflite``
(its checked LiteRT export) in ``--out``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import keras
import numpy as np
from keras import layers

from digitpad.inference import CLASSES


def join(models: list[keras.Model]) -> keras.Model:
    """One model answering the softmax of the members' mean logits (see the module's note)."""
    if len(models) < 2:
        raise ValueError("joining needs at least two models")
    inputs = keras.Input((28, 28, 1), name="digit")
    features, kernels, biases = [], [], []
    for index, model in enumerate(models):
        head = model.layers[-1]
        if not isinstance(head, layers.Dense) or head.units != CLASSES:
            raise ValueError(f"model {index} does not end in an {CLASSES}-class dense layer")
        body = keras.Model(model.input, head.input, name=f"member_{index}")
        features.append(body(inputs))
        kernel, bias = head.get_weights()
        kernels.append(kernel)
        biases.append(bias)
    together = layers.Concatenate(name="features")(features)
    head = layers.Dense(CLASSES, activation="softmax", name="probabilities")
    outputs = head(together)
    head.set_weights([np.concatenate(kernels) / len(models), np.mean(biases, axis=0)])
    return keras.Model(inputs, outputs, name="digitpad_joined")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.ensemble",
        description="Join trained .keras digit models into one (mean of their logits) "
        "and export it to LiteRT, checked.",
    )
    parser.add_argument("members", type=Path, nargs="+", metavar="KERAS_FILE")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--check-data", metavar="DIR", help="MNIST folder for the export check (default: the env)"
    )
    args = parser.parse_args(argv)
    from training.export import main as export

    models = [keras.saving.load_model(path, compile=False) for path in args.members]
    args.out.mkdir(parents=True, exist_ok=True)
    keras_path = args.out / "digitpad.keras"
    join(models).save(keras_path)
    print(
        f"wrote {keras_path}: {len(models)} members, {sum(m.count_params() for m in models):,} parameters"
    )
    check = ["--check-data", args.check_data] if args.check_data else []
    return export([str(keras_path), str(args.out / "digitpad.tflite"), *check])


if __name__ == "__main__":
    sys.exit(main())
