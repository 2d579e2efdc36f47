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

writes ``digitpad.keras`` (the joined source model), ``digitpad.tflite`` (its
checked LiteRT export), ``model_card.json`` and the plots (the joined model's
MNIST confusion, the members' training curves) in ``--out``. The card is the
last member's (its training data and lineage) with the join recorded: every
member's own card under ``training.members``, the scores measured anew on the
joined file (``training.evaluate``), and the join added to the lineage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import keras
import numpy as np
from keras import layers

from digitpad.results import CLASSES


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


def _member_card(path: Path) -> dict[str, Any]:
    """The card beside a member's ``.keras`` file (train.py writes one per run), or {}."""
    try:
        card = json.loads((path.parent / "model_card.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return card if isinstance(card, dict) else {}


def joined_card(
    members: list[Path],
    cards: list[dict[str, Any]],
    parameters: int,
    export: dict[str, Any],
    scores: dict[str, Any],
    command: str,
) -> dict[str, Any]:
    """The joined model's card: see the module's note."""
    from digitpad import __version__

    base = cards[-1] if cards else {}
    training = dict(base.get("training") or {})
    training.pop("history", None)  # one member's curve is not the joined model's
    training["parameters"] = parameters
    training["members"] = [
        {
            "file": str(path),
            "command": card.get("command"),
            "lineage": card.get("lineage"),
            "seconds": (card.get("training") or {}).get("seconds"),
            "scores": card.get("scores"),
        }
        for path, card in zip(members, cards, strict=True)
    ]
    lineage = [entry for card in cards for entry in card.get("lineage") or []]
    lineage.append(
        {"run": "joined", "command": command, "note": f"{len(members)} members, mean of logits"}
    )
    return {
        **base,
        "name": "digitpad",
        "digitpad_version": __version__,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "architecture": " + ".join(str(c.get("architecture", "?")) for c in cards) + ", joined",
        "training": training,
        "export": export,
        "scores": scores,
        "lineage": lineage,
    }


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
    parser.add_argument(
        "--skip-evaluation", action="store_true", help="card without the real-handwriting scores"
    )
    args = parser.parse_args(argv)
    from digitpad.reader.digit_model import LiteRTRecognizer
    from training.datasets import data_dir
    from training.evaluate import evaluate_all, report
    from training.export import check_arrays, export_record, to_tflite
    from training.train import save_confusion, save_curves

    models = [keras.saving.load_model(path, compile=False) for path in args.members]
    args.out.mkdir(parents=True, exist_ok=True)
    keras_path, tflite_path = args.out / "digitpad.keras", args.out / "digitpad.tflite"
    joined = join(models)
    joined.save(keras_path)
    to_tflite(joined, tflite_path)
    name, arrays = check_arrays(args.check_data)
    export = export_record(keras_path, tflite_path, arrays)
    print(f"wrote {tflite_path}: {export['bytes']:,} bytes, agrees with Keras on {name}: {export}")
    evaluate = not args.skip_evaluation
    mnist = data_dir("mnist", args.check_data)
    scores: dict[str, Any] = {}
    if mnist is not None and mnist.is_dir():
        scores = evaluate_all(
            LiteRTRecognizer(tflite_path),
            mnist,
            data_dir("unipen-dev") if evaluate else None,
            data_dir("usps") if evaluate else None,
        )
        print(report(scores), flush=True)
        save_confusion(scores["mnist_test"].pop("confusion"), args.out)
    else:
        print("no MNIST folder (--check-data or DIGITPAD_DATA_DIR): the card has no scores")
    command = "python -m training.ensemble " + " ".join(sys.argv[1:] if argv is None else argv)
    cards = [_member_card(path) for path in args.members]
    card = joined_card(
        args.members,
        cards,
        int(joined.count_params()),
        export,
        scores,
        command,
    )
    (args.out / "model_card.json").write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    histories = {
        path.parent.name: history
        for path, card in zip(args.members, cards, strict=True)
        if (history := (card.get("training") or {}).get("history"))
    }
    if histories:
        save_curves(histories, args.out)
    print(f"wrote {keras_path}, {tflite_path.name}, model_card.json and plots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
