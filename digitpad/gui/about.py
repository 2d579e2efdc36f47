"""The About dialog: the app's version and what its model is, readable in ten seconds.

The model card (JSON written by the training run) holds everything: data,
options, history, every score. A person wants four things from it: what the
model learnt from, how well it reads each kind of handwriting, its version and
its date. The dialog shows that summary; the whole card, rendered generically
as nested tables (its keys change as training does), is one click away.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from digitpad import __version__

#: Links inside the dialog that switch between the summary and the full card.
FULL_CARD_LINK = "digitpad:model-card"
SUMMARY_LINK = "digitpad:summary"

#: (card path, what a person calls it, how the figure reads), in the order shown.
SCORES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("mnist_test", "accuracy"), "MNIST test digits", "read right"),
    (("unipen", "held_out_accuracy"), "Pen-drawn digits of writers it never saw", "read right"),
    (("usps_pictures", "held_out_accuracy"), "Scanned digits opened as pictures", "read right"),
    (("usps_tight_pictures", "held_out_accuracy"), "Small pictures cropped to the digit", "read right"),
    (("letters", "held_out_refused"), "Handwritten letters of writers it never saw", "answered “not a digit”"),
)  # fmt: skip
COUNTS = {
    "mnist_test": "count",
    "unipen": "held_out_count",
    "usps_pictures": "held_out_count",
    "usps_tight_pictures": "held_out_count",
    "letters": "held_out_count",
}
#: Training data, in words: (key in card["training"]["data"], what it is).
TRAINING_DATA = (
    ("mnist_training_digits", "MNIST digits"),
    ("unipen_training_digits", "pen-drawn digits (UNIPEN)"),
    ("usps_training_digits", "scanned digits (USPS)"),
    ("car_a_training_digits", "digits from real bank cheques (CAR-A)"),
    ("letters_training", "handwritten letters, as “not a digit”"),
)
#: Synthesised training data: card key -> what kind it is.
SYNTHESISED = {
    "mnist_styled_variants": "writing styles",
    "unipen_styled_variants": "writing styles",
    "template_digits": "writing styles",
    "scribbles": "doodles",
    "digit_pieces": "pieces of digits",
    "digit_pairs_ink": "digit pairs",
    "digit_pairs_mnist": "digit pairs",
}


def _get(card: Mapping[str, Any], *path: str) -> Any:
    value: Any = card
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def score_rows(card: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(test set, figure) for each score the card has, in plain words."""
    rows = []
    for path, name, reads in SCORES:
        value = _get(card, "scores", *path)
        if not isinstance(value, (int, float)):
            continue
        count = _get(card, "scores", path[0], COUNTS[path[0]])
        label = f"{name} ({count:,})" if isinstance(count, int) else name
        rows.append((label, f"{value:.2%} {reads}"))
    return rows


def training_sentence(card: Mapping[str, Any]) -> str:
    """What the model learnt from, in one sentence."""
    data = _get(card, "training", "data") or {}
    parts = [
        f"{data[key]:,} {name}" for key, name in TRAINING_DATA if isinstance(data.get(key), int)
    ]
    counted = {k: v for k in SYNTHESISED if isinstance(v := data.get(k), int) and v > 0}
    if counted:
        kinds = ", ".join(dict.fromkeys(SYNTHESISED[k] for k in counted))
        parts.append(f"{sum(counted.values()):,} synthesised examples ({kinds})")
    if not parts:
        return ""
    listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"Trained on {listed}."


def summary_html(card: Mapping[str, Any], line_card: Mapping[str, Any] | None = None) -> str:
    """The ten-second version of the model card (and a sentence from the line model's card)."""
    if not card:
        return "<p>No model card was found next to the model.</p>"
    made = str(card.get("created", ""))[:10]
    version = card.get("digitpad_version")
    facts = [f"model of digitpad {html.escape(str(version))}" if version else "model"]
    if made:
        facts.append(f"made {html.escape(made)}")
    parameters = _get(card, "training", "parameters")
    if isinstance(parameters, int):
        facts.append(f"{parameters:,} parameters")
    rows = "".join(
        f"<tr><td style='padding-right:16px'>{html.escape(name)}</td>"
        f"<td align='right'><b>{html.escape(figure)}</b></td></tr>"
        for name, figure in score_rows(card)
    )
    return (
        f"<p>{html.escape(training_sentence(card))}</p>"
        + (f"<table cellspacing='0' cellpadding='3'>{rows}</table>" if rows else "")
        + (f"<p>{html.escape(line)}</p>" if (line := line_model_sentence(line_card or {})) else "")
        + f"<p style='color:gray'>{'; '.join(facts).capitalize()}.</p>"
        + f"<p><a href='{FULL_CARD_LINK}'>Show the full model card</a></p>"
    )


def card_html(card: Mapping[str, Any]) -> str:
    """HTML for a model card: every key shown, nested objects as nested tables."""
    if not card:
        return "<p>No model card was found next to the model.</p>"
    return _value_html(card)


def _value_html(value: Any) -> str:
    if isinstance(value, Mapping):
        rows = "".join(
            f"<tr><td valign='top' style='padding-right:12px'><b>{html.escape(_label(str(key)))}</b></td>"
            f"<td>{_value_html(item)}</td></tr>"
            for key, item in value.items()
        )
        return f"<table cellspacing='0' cellpadding='2'>{rows}</table>"
    if isinstance(value, list):
        if all(not isinstance(item, (Mapping, list)) for item in value):
            return html.escape(", ".join(_scalar(item) for item in value))
        return "".join(f"<div>{_value_html(item)}</div>" for item in value)
    return html.escape(_scalar(value))


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _scalar(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "—"}[value]
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _heading() -> str:
    return (
        f"<h2>digitpad {html.escape(__version__)}</h2>"
        "<p>Draw or open a handwritten digit and see what it is, live.</p>"
        "<h3>The model</h3>"
    )


def line_model_sentence(line_card: Mapping[str, Any]) -> str:
    """What the line model (numbers in pictures) learnt from, in one sentence; "" without a card."""
    amounts = _get(line_card, "training", "car_a_tuning_amounts")
    if not isinstance(amounts, int):
        return ""
    strips = _get(line_card, "training", "usps_training_strips")
    more = f", {strips:,} strips of scanned digits" if isinstance(strips, int) and strips else ""
    return (
        "Numbers in pictures are also read whole by a second model, the line model, "
        f"trained on {amounts:,} real cheque amounts{more} and amounts composed from their digits."
    )


def about_html(card: Mapping[str, Any], line_card: Mapping[str, Any] | None = None) -> str:
    return _heading() + summary_html(card, line_card)


def full_card_html(card: Mapping[str, Any], line_card: Mapping[str, Any] | None = None) -> str:
    line = f"<h3>The line model</h3>{card_html(line_card)}" if line_card else ""
    return (
        _heading()
        + f"<p><a href='{SUMMARY_LINK}'>Back to the summary</a></p>"
        + card_html(card)
        + line
    )


class AboutDialog(QDialog):
    def __init__(
        self,
        card: Mapping[str, Any],
        parent: QWidget | None = None,
        line_card: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About digitpad")
        self._card = card
        self._line_card = line_card
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("aboutText")
        self.browser.setOpenLinks(False)  # our own links switch views; nothing leaves the app
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setAccessibleName("About digitpad and its model")
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_summary()
        self.resize(560, 420)

    def show_summary(self) -> None:
        self.browser.setHtml(about_html(self._card, self._line_card))

    def show_full_card(self) -> None:
        self.browser.setHtml(full_card_html(self._card, self._line_card))

    def _follow(self, url: QUrl) -> None:
        if url.toString() == FULL_CARD_LINK:
            self.show_full_card()
        elif url.toString() == SUMMARY_LINK:
            self.show_summary()
