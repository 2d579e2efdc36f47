"""The About dialog: the app's version and the model card, as they are.

The model card is JSON written by the training run; its keys change as the
training does, so it is rendered generically (nested tables) rather than
picking fields that might not be there.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from digitpad import __version__


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


def about_html(card: Mapping[str, Any]) -> str:
    return (
        f"<h2>digitpad {html.escape(__version__)}</h2>"
        "<p>Draw or open a handwritten digit and see what it is, live.</p>"
        "<h3>The model</h3>"
        f"{card_html(card)}"
    )


class AboutDialog(QDialog):
    def __init__(self, card: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About digitpad")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("aboutText")
        self.browser.setOpenExternalLinks(False)
        self.browser.setHtml(about_html(card))
        self.browser.setAccessibleName("About digitpad and its model")
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 460)
