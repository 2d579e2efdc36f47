"""Join trained line models into one: the mean of their frame logits, one LiteRT file.

Two line-model runs of one recipe, with different seeds, misread different
cheques; their mean logits read more whole than either alone (decided on the
90 kept-out tuning amounts, see the README). The joined model has the line
model's input and output, so ``digitpad.line_model`` runs it unchanged; it costs
one member's time per member.

    python -m training.line_ensemble a/digitpad-lines.keras b/digitpad-lines.keras --out DIR

writes ``digitpad-lines.keras``, its checked export ``digitpad-lines.tflite``
and the card ``digitpad-lines.json`` (every member's card inside) in ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import keras

from digitpad import __version__
from digitpad.lines import line_array
from training.datasets import data_dir
from training.ensemble import join, member_card
from training.train_lines import amount_inks, check_line_export


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.line_ensemble",
        description="Join trained line models (mean of their frame logits) and export them.",
    )
    parser.add_argument("members", type=Path, nargs="+", metavar="KERAS_FILE")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--car-a-dir", help="CAR-A folder for the export check (default: the environment)"
    )
    args = parser.parse_args(argv)
    car_a = data_dir("car-a", args.car_a_dir)
    if car_a is None:
        print("No CAR-A data: give --car-a-dir or set DIGITPAD_DATA_DIR.", file=sys.stderr)
        return 2
    from training.export import to_tflite

    joined = join(
        [keras.saving.load_model(path, compile=False) for path in args.members],
        name="digitpad_lines_joined",
    )
    args.out.mkdir(parents=True, exist_ok=True)
    keras_path = args.out / "digitpad-lines.keras"
    tflite_path = args.out / "digitpad-lines.tflite"
    joined.save(keras_path)
    to_tflite(joined, tflite_path, features=False)
    lines = [line_array(ink) for ink, _, _ in amount_inks(car_a)[:90]]
    check = check_line_export(keras_path, tflite_path, lines)
    cards = [member_card(path, "digitpad-lines.json") for path in args.members]
    card = {
        **(cards[-1] if cards else {}),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "version": __version__,
        "command": "python -m training.line_ensemble "
        + " ".join(sys.argv[1:] if argv is None else argv),
        "joined": f"{len(args.members)} members, mean of frame logits",
        "parameters": int(joined.count_params()),
        "members": [
            {"file": str(path), **card} for path, card in zip(args.members, cards, strict=True)
        ],
        "export": {"bytes": tflite_path.stat().st_size, **check},
    }
    (args.out / "digitpad-lines.json").write_text(
        json.dumps(card, indent=2) + "\n", encoding="utf-8"
    )
    print(json.dumps(card["export"]), flush=True)
    print(f"wrote {keras_path}, {tflite_path.name} and digitpad-lines.json in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
