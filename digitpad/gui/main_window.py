"""The digitpad main window: pad on the left, the answer on the right.

Data flows one way: the pad (or an opened file) gives ink or a picture,
:mod:`digitpad.preprocess` makes the 28x28 array, the recognizer gives ten
probabilities, and the labels, chart and preview show them. While a stroke is
drawn the answer is refreshed at most once a frame (a single-shot timer
coalesces the pad's many ``inkChanged`` signals) and once more when the pen
lifts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.errors import DigitpadError, NoDigitError
from digitpad.gui.about import AboutDialog
from digitpad.gui.answer_panel import AnswerPanel
from digitpad.gui.banner import Banner
from digitpad.gui.evidence import EvidenceOverlay
from digitpad.gui.keyboard import DigitKeys, KeysDialog, chain_tab_order, key_rows
from digitpad.gui.model_loader import ModelLoader
from digitpad.gui.opened_inputs import (
    Candidates,
    Opened,
    candidates_from_mime,
    file_dialog_filter,
    iter_openable,
    open_path,
    open_qimage,
)
from digitpad.gui.outlines import Outline, page_outlines
from digitpad.gui.pad import DEFAULT_PEN_WIDTH, DrawingPad
from digitpad.gui.page_view import OpenedPage, PageChoice, PageView
from digitpad.gui.profile_dialog import ProfileDialog
from digitpad.gui.screen_fit import SideScroller, place_window
from digitpad.gui.teaching import CorrectionActions, Teacher, a_digit, learnt_words
from digitpad.gui.theme import sheet_palette
from digitpad.handwriting_profile import APPLICATION, ORGANISATION, Example, Profile
from digitpad.ink import INK_SUFFIX, is_ink_path, save_ink
from digitpad.picture_files import full_size
from digitpad.preprocess import ink_to_array
from digitpad.reader import DEFAULT_SETTINGS, Reader, ReaderSettings
from digitpad.reader.digit_model import Recognizer, load_model_card
from digitpad.reader.personal_model import PersonalRecognizer
from digitpad.resources import line_model_card_path
from digitpad.results import Answer, PageReading

log = logging.getLogger(__name__)

PEN_WIDTHS = (4, 40)
#: The first window: a pad wide enough for an eight-digit number (cut to fit smaller screens).
PREFERRED_SIZE = QSize(1180, 600)
SAVE_FILTERS = f"PNG picture (*.png);;digitpad drawing (*{INK_SUFFIX})"


def app_settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


class MainWindow(QMainWindow):
    """The whole app in one window; every action also reachable from the menus."""

    #: The answer on screen was refreshed (the labels, chart and preview).
    predictionUpdated = Signal()
    #: The model finished loading (True) or failed to (False).
    modelStateChanged = Signal(bool)

    def __init__(
        self,
        model_path: str | Path | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        profile: Profile | None = None,
        reader_settings: ReaderSettings = DEFAULT_SETTINGS,
    ) -> None:
        """``reader_settings``: how digits, numbers and pages are read (the defaults, chosen on
        tuning data; a test may read with others)."""
        super().__init__(parent)
        self.setWindowTitle("digitpad")
        self.setAcceptDrops(True)
        self._settings = settings if settings is not None else app_settings()
        self._recognizer: PersonalRecognizer | None = None
        #: Reads with the recognizer; owns the line model and the drawing's rendered groups.
        self._reader: Reader | None = None
        self._reader_settings = reader_settings
        #: The person's handwriting (their taught digits), read with the model.
        self._teacher = Teacher(profile if profile is not None else Profile.load(), self)
        self._profile_dialog: ProfileDialog | None = None
        self._model_error: str | None = None
        self._model_path = model_path
        self._picture: Opened | None = None
        self._picture_answer: Answer | None = None
        #: The opened picture's numbers (read once), and the page shown when it is one.
        self._page: OpenedPage | None = None
        self._answer: Answer | None = None
        self._selected = 0
        self._about: AboutDialog | None = None
        self._keys: KeysDialog | None = None
        #: Seconds spent in the last update (preprocess + inference), for the benchmark.
        self.last_update_seconds = 0.0

        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._connect()
        self._restore_settings()
        self._set_tab_order()

        self._timer = QTimer(self)
        self._timer.setObjectName("liveUpdateTimer")  # found by the soak test
        self._timer.setSingleShot(True)
        self._timer.setInterval(_frame_interval_ms())
        self._timer.timeout.connect(self.update_prediction)

        self._loader = ModelLoader(self)
        self._loader.loaded.connect(self._model_loaded)
        self._loader.failed.connect(self._model_failed)
        self.statusBar().showMessage("Loading the model…")
        self._loader.start(model_path, self._teacher.profile)
        self._show_answer(None)
        if self._teacher.profile.problem:
            self.show_problem(self._teacher.profile.problem)

    # --------------------------------------------------------------- building

    def _build_widgets(self) -> None:
        central = QWidget(self)
        outer = QVBoxLayout(central)
        self.model_banner = Banner("error", closable=False, parent=central)
        self.message_banner = Banner("warning", closable=True, parent=central)
        outer.addWidget(self.model_banner)
        outer.addWidget(self.message_banner)

        row = QHBoxLayout()
        outer.addLayout(row, 1)
        self.pad = DrawingPad(central)
        frame = QFrame(central)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(1, 1, 1, 1)
        frame_layout.addWidget(self.pad)
        row.addWidget(frame, 5)

        # The side panel scrolls when the window is too short for it (a small or scaled screen).
        self.side_panel = QWidget(central)
        side = QVBoxLayout(self.side_panel)
        side.setContentsMargins(0, 0, 0, 0)
        row.addWidget(SideScroller(self.side_panel, central), 2)
        self.answer_panel = AnswerPanel(central)
        side.addWidget(self.answer_panel, 1)
        # The panel's parts, by the names the rest of the window (and its tests) use.
        self.prediction_label = self.answer_panel.prediction_label
        self.confidence_label = self.answer_panel.confidence_label
        self.digit_strip = self.answer_panel.digit_strip
        self.chart = self.answer_panel.chart
        self.preview = self.answer_panel.preview
        self._answer_tools = self.answer_panel.tools

        pen_row = QHBoxLayout()
        pen_label = QLabel("&Pen width:", central)
        self.pen_width = QSpinBox(central)
        self.pen_width.setObjectName("penWidth")
        self.pen_width.setRange(*PEN_WIDTHS)
        self.pen_width.setSuffix(" px")
        self.pen_width.setAccessibleName("Pen width")
        self.pen_width.setToolTip("Width of the line you draw (the model reads any width)")
        pen_label.setBuddy(self.pen_width)
        pen_row.addWidget(pen_label)
        pen_row.addWidget(self.pen_width)
        pen_row.addStretch(1)
        side.addLayout(pen_row)

        buttons = QHBoxLayout()
        self.open_button = QPushButton("&Open image…", central)
        self.open_button.setObjectName("openImageButton")
        self.open_button.setAccessibleName("Open image")
        buttons.addWidget(self.open_button)
        self._tool_buttons = [QToolButton(central) for _ in range(3)]
        for button in self._tool_buttons:
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        side.addLayout(buttons)

        self.evidence = EvidenceOverlay(self.pad, self.preview, self.chart, self)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        def action(text: str, keys: list[QKeySequence], tip: str, slot: Any, name: str) -> QAction:
            act = QAction(text, self)
            act.setObjectName(name)
            act.setShortcuts(_unique(keys))
            act.setStatusTip(tip)
            shortcut = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        standard = QKeySequence.keyBindings
        self.open_action = action(
            "&Open Image…",
            standard(QKeySequence.StandardKey.Open),
            "Open a picture or a drawing",
            self.choose_file,
            "openAction",
        )
        self.save_action = action(
            "&Save Drawing…",
            standard(QKeySequence.StandardKey.Save),
            "Save the drawing as a picture or an ink file",
            self.choose_save_path,
            "saveAction",
        )
        self.quit_action = action(
            "&Quit",
            standard(QKeySequence.StandardKey.Quit),
            "Quit digitpad",
            self.close,
            "quitAction",
        )
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = action(
            "&Undo",
            standard(QKeySequence.StandardKey.Undo),
            "Undo the last stroke, or the digit just taught",
            self.undo,
            "undoAction",
        )
        self.redo_action = action(
            "&Redo",
            [*standard(QKeySequence.StandardKey.Redo), QKeySequence("Ctrl+Shift+Z")],
            "Redo the stroke undone last",
            self.pad.redo,
            "redoAction",
        )
        self.clear_action = action(
            "C&lear",
            [QKeySequence(Qt.Key.Key_Escape), QKeySequence(Qt.Key.Key_Delete)],
            "Clear the pad",
            self.clear,
            "clearAction",
        )
        self.copy_action = action(
            "&Copy Result",
            standard(QKeySequence.StandardKey.Copy),
            "Copy the digit or number read, as text",
            self.copy_result,
            "copyAction",
        )
        self.paste_action = action(
            "&Paste Image",
            standard(QKeySequence.StandardKey.Paste),
            "Read the picture on the clipboard",
            self.paste,
            "pasteAction",
        )
        self.copy_table_action = action(
            "Copy &Table",
            [QKeySequence("Ctrl+Shift+C")],
            "Copy every number on the opened page as a table (pastes into a spreadsheet as cells)",
            self.copy_table,
            "copyTableAction",
        )
        self.save_table_action = action(
            "Save T&able…",
            [],
            "Save every number on the opened page as a table (CSV)",
            self.choose_table_path,
            "saveTableAction",
        )
        for table_action in (self.copy_table_action, self.save_table_action):
            table_action.setEnabled(False)  # until a picture is opened
        self.about_action = action(
            "&About digitpad", [], "Version and model", self.show_about, "aboutAction"
        )
        self.correction = CorrectionActions(self)
        self.correction.digitChosen.connect(self.teach)
        self._correct_button = self.correction.button(self)
        self._answer_tools.insertWidget(0, self._correct_button)
        self.why_action = action(
            "Show &Why",
            [QKeySequence("Ctrl+E")],
            "Show where the evidence for the digit lies (hover a bar for another digit)",
            self._why_toggled,
            "whyAction",
        )
        self.why_action.setCheckable(True)
        self.why_action.setIconText("Why?")  # the button's text
        self._why_button = QToolButton(self)
        self._why_button.setObjectName("whyButton")
        self._why_button.setDefaultAction(self.why_action)
        self._why_button.setAccessibleName("Why")
        self._answer_tools.insertWidget(1, self._why_button)
        self.profile_action = action(
            "Your &Handwriting…",
            [],
            "The digits you taught digitpad: look at them, remove, export or import",
            self.show_profile,
            "profileAction",
        )
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.keys_action = action(
            "&Keyboard…",
            standard(QKeySequence.StandardKey.HelpContents),
            "Every key of digitpad",
            self.show_keys,
            "keysAction",
        )
        self.dark_pad_action = action(
            "&Dark Pad",
            [],
            "Draw light ink on a dark pad (the pad is light paper otherwise, whatever the theme)",
            self._set_dark_pad,
            "darkPadAction",
        )
        self.dark_pad_action.setCheckable(True)
        for button, act in zip(
            self._tool_buttons, (self.undo_action, self.redo_action, self.clear_action), strict=True
        ):
            button.setDefaultAction(act)
            button.setAccessibleName(act.text().replace("&", ""))
        open_keys = self.open_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.open_button.setToolTip(f"Open a picture or a drawing ({open_keys})")
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        self.save_action.setEnabled(False)
        self.copy_action.setEnabled(False)
        self.clear_action.setEnabled(False)

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.save_action)
        file_menu.addAction(self.save_table_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.copy_action)
        edit_menu.addAction(self.copy_table_action)
        edit_menu.addAction(self.paste_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.clear_action)
        edit_menu.addSeparator()
        edit_menu.addMenu(self.correction.menu)
        edit_menu.addAction(self.profile_action)
        view_menu = menus.addMenu("&View")
        view_menu.addAction(self.why_action)
        view_menu.addAction(self.dark_pad_action)
        help_menu = menus.addMenu("&Help")
        help_menu.addAction(self.keys_action)
        help_menu.addAction(self.about_action)

    def _connect(self) -> None:
        self.pad.inkChanged.connect(self._ink_changed)
        self.pad.strokeFinished.connect(self._stroke_finished)
        self.pad.strokeStarted.connect(self.message_banner.hide)
        self.pad.canUndoChanged.connect(self._sync_actions)
        self.pad.canRedoChanged.connect(self._sync_actions)
        self.pad.pictureShownChanged.connect(self._picture_shown_changed)
        self.pad.outlineClicked.connect(self._outline_clicked)
        self.pad.regionSelected.connect(self._region_selected)
        self.pad.pictureClicked.connect(self._picture_clicked)
        self._teacher.changed.connect(self._profile_changed)
        self.answer_panel.digitSelected.connect(self.select_digit)
        self.open_button.clicked.connect(self.choose_file)
        self.pen_width.valueChanged.connect(self._pen_width_changed)
        self._digit_keys = DigitKeys(self)
        self._digit_keys.watch(self.pad)
        self._digit_keys.stepped.connect(self.step_digit)
        self._digit_keys.numberStepped.connect(self.step_number)

    def _set_tab_order(self) -> None:
        """Tab: the pad, the answer's tools, the chart, then the drawing's tools."""
        self.digit_strip.tab_after(self.pad)  # its digit buttons come and go with the answer
        chain_tab_order(
            [
                self.pad,
                self._correct_button,
                self._why_button,
                self.chart,
                self.pen_width,
                self.open_button,
                *self._tool_buttons,
            ]
        )

    # --------------------------------------------------------------- settings

    def _restore_settings(self) -> None:
        width = _as_int(self._settings.value("pen/width"), round(DEFAULT_PEN_WIDTH))
        self.pen_width.setValue(min(PEN_WIDTHS[1], max(PEN_WIDTHS[0], width)))
        self.pad.set_pen_width(self.pen_width.value())
        self.dark_pad_action.setChecked(_as_bool(self._settings.value("view/darkPad"), False))
        self._set_dark_pad(self.dark_pad_action.isChecked())
        geometry = self._settings.value("window/geometry")
        saved = QByteArray(geometry) if isinstance(geometry, (QByteArray, bytes)) else None
        place_window(self, saved, PREFERRED_SIZE)

    def _set_dark_pad(self, dark: bool) -> None:
        """The pad's paper: light with dark ink (the default, whatever the theme), or dark."""
        self.pad.setPalette(sheet_palette(self.palette(), dark))
        self._settings.setValue("view/darkPad", dark)
        self._show_evidence()  # the heat map's colours follow the paper

    def _pen_width_changed(self, width: int) -> None:
        self.pad.set_pen_width(width)
        self._settings.setValue("pen/width", width)

    def last_folder(self) -> str:
        folder = self._settings.value("files/lastFolder", "")
        return folder if isinstance(folder, str) and Path(folder).is_dir() else str(Path.home())

    def _remember_folder(self, path: Path) -> None:
        self._settings.setValue("files/lastFolder", str(path.resolve().parent))

    def closeEvent(self, event: QCloseEvent) -> None:
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.sync()
        self._timer.stop()
        self._loader.wait()
        super().closeEvent(event)

    # ------------------------------------------------------------------ model

    @property
    def recognizer(self) -> Recognizer | None:
        return self._recognizer

    @property
    def model_error(self) -> str | None:
        return self._model_error

    def is_model_ready(self) -> bool:
        return self._recognizer is not None

    def _model_loaded(self, recognizer: Recognizer, seconds: float) -> None:
        self._recognizer = (
            recognizer
            if isinstance(recognizer, PersonalRecognizer)
            else PersonalRecognizer(recognizer, self._teacher.profile)
        )
        self._reader = Reader(self._recognizer, settings=self._reader_settings)
        if self._recognizer.examples_in_use == 0 and self._recognizer.problem:
            self.show_problem(self._recognizer.problem)
        self._model_error = None
        self.model_banner.hide()
        self.statusBar().showMessage(
            f"Model loaded in {seconds * 1000:.0f} ms. Draw a digit.", 5000
        )
        self.modelStateChanged.emit(True)
        self.update_prediction()

    def _model_failed(self, reason: str) -> None:
        self._model_error = reason
        log.warning("Model not loaded: %s", reason)
        self.model_banner.show_message(
            f"No predictions: {reason} You can still draw; reinstalling digitpad restores the model."
        )
        self.statusBar().showMessage("The model could not be loaded.")
        self.modelStateChanged.emit(False)
        self.update_prediction()

    # ------------------------------------------------------------- prediction

    def _ink_changed(self) -> None:
        self._teacher.forget_last()  # Undo is the pad's again
        self._sync_actions()
        if not self.pad.is_drawing():
            self.update_prediction()  # undo, clear, an opened drawing: show it at once
        elif not self._timer.isActive():
            self._timer.start()  # pen moving: at most one update a frame

    def _stroke_finished(self) -> None:
        self._timer.stop()
        self.update_prediction()

    def update_prediction(self) -> None:
        """Read what is on the pad (or the opened picture), ask the model, show the answer."""
        self._timer.stop()
        start = time.perf_counter()
        answer = self._current_answer()
        self.last_update_seconds = time.perf_counter() - start
        self._show_answer(answer)

    def _current_answer(self) -> Answer | None:
        """One digit or a number (:mod:`digitpad.reader.digit_or_number`); None with nothing to read or no model."""
        reader = self._reader
        if reader is None:
            return None
        if self.pad.picture() is not None:
            if self._page is not None and self.pad.region() is None:
                view = self._page.read(reader, lambda: self._whole_picture_answer(reader))
                if view is not None:
                    return view.answer()  # the number selected on the page; None: the page
            if self._picture_answer is None and self._picture is not None:
                try:
                    self._picture_answer = self._read_picture(reader)
                except NoDigitError as error:
                    self.show_problem(str(error))
                    return None
            return self._picture_answer
        if not self.pad.has_strokes():
            return None
        return reader.read_ink(self.pad.ink())

    def _read_picture(self, reader: Reader) -> Answer:
        """The opened picture as one digit or one number (or the part of it boxed)."""
        assert self._picture is not None
        assert self._picture.image is not None
        region = self.pad.region()
        if region is not None:
            return reader.read_picture_region(self._picture.image, region)
        return reader.read_picture(self._picture.image, self._picture.array, self._picture.page)

    def _whole_picture_answer(self, reader: Reader) -> Answer | None:
        """The whole picture read as always (kept), for telling one number from a page."""
        if self._picture_answer is None:
            try:
                self._picture_answer = self._read_picture(reader)
            except NoDigitError:
                return None
        return self._picture_answer

    def _show_answer(self, answer: Answer | None, keep: int | None = None) -> None:
        """Show ``answer``, with its digit ``keep`` selected if it has one, else the least sure."""
        self._answer = answer
        if answer is None:
            self._selected = 0
        elif keep is not None and 0 <= keep < len(answer.parts):
            self._selected = keep
        else:
            self._selected = answer.least_sure()
        page = self.page_view()
        self.copy_action.setEnabled(
            (answer is not None and answer.text is not None)
            or (answer is None and page is not None)
        )
        self.correction.set_enabled(answer is not None)
        self._show_selected()

    def select_digit(self, index: int) -> None:
        """Show the chart and the model's view of digit ``index`` of the number read."""
        if self._answer is None or not 0 <= index < len(self._answer.parts):
            return
        self._selected = index
        self._show_selected()
        self._announce(with_digit=True)

    def step_digit(self, step: int) -> bool:
        """Select the digit ``step`` places along the number (the arrow keys); False at an end."""
        if self._answer is None or not self._answer.is_number:
            return False
        index = max(0, min(len(self._answer.parts) - 1, self._selected + step))
        if index == self._selected:
            return False
        self.select_digit(index)
        return True

    # ------------------------------------------------------------------ pages

    def page_view(self) -> PageView | None:
        """The page of numbers shown: the opened picture read as one, and no part of it boxed."""
        page = self._page
        if page is None or page.view is None or self.pad.picture() is None:
            return None
        return None if self.pad.region() is not None else page.view

    def select_number(self, index: int | None) -> None:
        """Select number ``index`` of the page, shown as a number read from a picture is (its
        digits, chart and preview); None shows the whole page again."""
        view = self.page_view()
        if view is None or self._page is None:
            return
        self._page.view = view = view.select(index)
        self._show_answer(view.answer())
        self._announce(with_digit=True)
        self.statusBar().showMessage(view.status(), 6000)

    def step_number(self, step: int) -> bool:
        """Select the number ``step`` places on in the page's reading order (Up, Down keys)."""
        view = self.page_view()
        moved = None if view is None else view.step(step).selected
        if view is None or moved == view.selected:
            return False
        self.select_number(moved)
        return True

    def _outline_clicked(self, index: int) -> None:
        """A tag on the pad was clicked: a digit of the number read, or a number of the page."""
        view = self.page_view()
        if view is None:
            self.select_digit(index)
        else:
            self._choose(view, view.tag_choice(index, self._selected))

    def _picture_clicked(self, click: tuple[float, float, float]) -> None:
        """A click on the picture: on a page, a number, a digit of it, or the whole page."""
        view = self.page_view()
        if view is not None:
            self._choose(view, view.click(*click))

    def _choose(self, view: PageView, choice: PageChoice) -> None:
        if choice.number != view.selected:
            self.select_number(choice.number)
        elif choice.digit is not None:
            self.select_digit(choice.digit)

    def _show_selected(self) -> None:
        """The answer panel, the outlines on the pad and the evidence, for the selected digit."""
        answer = self._answer
        page = self.page_view()
        if page is not None:
            if answer is None:
                self.answer_panel.show_page(page.words())
            else:
                self.answer_panel.show_answer(answer, self._selected)
            self.pad.set_outlines(page_outlines(page, self._selected), page.space)
        elif answer is None:
            waiting = self._recognizer is None and self._model_error is None and self._has_input()
            # Without a model, the preview still shows what the model would read.
            self.answer_panel.show_answer(
                None, 0, "Loading the model…" if waiting else "", self._input_array()
            )
            self.pad.set_outlines([])
        else:
            self.answer_panel.show_answer(answer, self._selected)
            self.pad.set_outlines(
                [
                    Outline(part.box, str(part.reading.digit), i == self._selected)
                    for i, part in enumerate(answer.parts)
                    if answer.is_number and part.box is not None
                ],
                answer.space,
            )
        self._show_evidence()
        self._announce()
        self.predictionUpdated.emit()

    def _announce(self, with_digit: bool = False) -> None:
        """Screen readers hear a settled answer once (not each frame of a stroke)."""
        if self._answer is None and self.page_view() is None:
            self.answer_panel.announcer.forget()
        elif not self.pad.is_drawing():
            self.answer_panel.announce(with_digit)

    def _input_array(self) -> np.ndarray | None:
        """The whole input as one 28x28 array, as the single-digit path reads it."""
        if self._picture is not None and self.pad.picture() is not None:
            return self._picture.array
        if not self.pad.has_strokes():
            return None
        try:
            return ink_to_array(self.pad.ink())
        except NoDigitError:
            return None

    def _has_input(self) -> bool:
        return self.pad.has_strokes() or self.pad.picture() is not None

    def answer(self) -> Answer | None:
        """What is shown: one digit, or a number (see :mod:`digitpad.reader.digit_or_number`)."""
        return self._answer

    def selected_digit_index(self) -> int:
        return self._selected

    def probabilities(self) -> np.ndarray | None:
        """The eleven probabilities shown in the chart: the digit's, or the selected digit's."""
        if self._answer is None:
            return None
        return np.array(self._answer.parts[self._selected].probabilities, dtype=np.float32)

    def predicted_digit(self) -> int | None:
        """The digit shown (the selected one of a number); None with no answer or no digit."""
        return None if self._answer is None else self._answer.parts[self._selected].reading.digit

    def model_input(self) -> np.ndarray | None:
        """The 28x28 array the model read: the digit's, or the selected digit's."""
        return None if self._answer is None else self._answer.parts[self._selected].array

    # -------------------------------------------------------------------- why

    def _why_toggled(self, shown: bool) -> None:
        self.evidence.set_shown(shown)
        if shown:
            self.statusBar().showMessage(
                "Why? The hotter a part, the more it counts for the digit; "
                "hover or click a bar to see another digit's evidence.",
                6000,
            )

    def _show_evidence(self) -> None:
        """Lay the evidence map over the pad and the preview, computed when the pen lifts."""
        drawing = self.pad.is_drawing()
        answer = None if drawing else self._answer
        self.evidence.show(answer, self._selected, self._recognizer)

    # --------------------------------------------------------------- teaching

    def teach(self, digit: int) -> bool:
        """Keep what is read (the drawing, or the selected digit of a number) as ``digit``."""
        answer = self._answer
        if answer is None:
            self.statusBar().showMessage("Draw or open a digit first, then say which it is.", 4000)
            return False
        part = answer.parts[self._selected]
        drawn = not answer.is_number and self.pad.has_strokes()
        try:
            example = self._teacher.teach(
                digit, ink=self.pad.ink() if drawn else None, array=part.array
            )
        except DigitpadError as error:
            self.show_problem(f"Could not keep that example: {error}")
            return False
        on_page = self.page_view() is not None
        what = "digit" if answer.is_number or on_page else "drawing" if drawn else "picture"
        replaced = sorted({e.label for e in self._overruled_by(example.id)})
        self.statusBar().showMessage(
            learnt_words(what, digit, self._teacher.profile.counts().get(digit, 0), replaced),
            8000,
        )
        self._sync_actions()
        return True

    def undo(self) -> None:
        """Undo the digit just taught (when nothing else happened since), else the last stroke."""
        if self._teacher.last_taught is None:
            self.pad.undo()
            return
        try:
            example = self._teacher.undo_teaching()
        except DigitpadError as error:
            self.show_problem(f"Could not undo the teaching: {error}")
            return
        if example is not None:
            self.statusBar().showMessage(
                f"Undone: digitpad no longer learns this as {a_digit(example.label)}.", 5000
            )
        self._sync_actions()

    def _overruled_by(self, example_id: str) -> list[Example]:
        """The earlier examples that the example just taught overrules (see PersonalRecognizer)."""
        overruled = self.overruled_examples()
        return [
            e
            for e in self._teacher.profile.examples
            if (later := overruled.get(e.id)) is not None and later.id == example_id
        ]

    def _profile_changed(self) -> None:
        self._picture_answer = None  # read the picture again, with the profile as it is now
        if self._page is not None and self._reader is not None:
            self._page.reread(self._reader)  # the selected number stays selected
        self._timer.stop()
        self._show_answer(self._current_answer(), keep=self._selected)

    def profile_in_use(self) -> str:
        """How many taught examples the reading uses, in words (the dialog's status line)."""
        count = len(self._teacher.profile)
        recognizer = self._recognizer
        if recognizer is not None and recognizer.problem and count:
            return f"{count} examples taught, none in use: {recognizer.problem}"
        return (
            f"{count} example{'s' * (count != 1)} in use." if count else "No examples taught yet."
        )

    def overruled_examples(self) -> dict[str, Example]:
        """Examples overruled by a later teaching of the same drawing as another digit."""
        recognizer = self._recognizer
        if not isinstance(recognizer, PersonalRecognizer):
            return {}
        recognizer.refresh()
        return dict(recognizer.overruled)

    def show_profile(self) -> ProfileDialog:
        """Show the taught examples (not blocking: the pad stays usable beside it)."""
        if self._profile_dialog is None:
            self._profile_dialog = ProfileDialog(
                self._teacher, self.profile_in_use, self, self.overruled_examples
            )
        self._profile_dialog.refresh()
        self._profile_dialog.show()
        self._profile_dialog.raise_()
        return self._profile_dialog

    # ---------------------------------------------------------------- editing

    def clear(self) -> None:
        """Clear the pad; with a part of a picture boxed, first go back to the whole picture."""
        self.message_banner.hide()
        if self.pad.clear_region():
            self._picture_answer = None
            self.update_prediction()
            self.statusBar().showMessage("Reading the whole picture.", 3000)
            return
        page = self.page_view()
        if page is not None and page.selected is not None:
            self.select_number(None)
            return
        self.pad.clear()
        self.statusBar().showMessage("Cleared.", 2000)

    def _region_selected(self, region: tuple[float, float, float, float]) -> None:
        """Read only the part of the picture the user boxed (Clear or Esc: the whole again)."""
        self._picture_answer = None
        self.update_prediction()
        self.statusBar().showMessage(
            "Reading the boxed part. Clear or Esc reads the whole picture.", 5000
        )

    def _sync_actions(self, *_: object) -> None:
        taught = self._teacher.last_taught
        self.undo_action.setEnabled(
            self.pad.can_undo() or self.pad.picture() is not None or taught is not None
        )
        tip = (
            "Undo the last stroke"
            if taught is None
            else f"Undo teaching that this is {a_digit(taught.label)}"
        )
        self.undo_action.setToolTip(tip)
        self.undo_action.setStatusTip(tip)
        self.redo_action.setEnabled(self.pad.can_redo())
        for table_action in (self.copy_table_action, self.save_table_action):
            table_action.setEnabled(self._picture is not None)
        self.clear_action.setEnabled(not self.pad.is_empty())
        self.save_action.setEnabled(self.pad.has_strokes())

    def _picture_shown_changed(self, shown: bool) -> None:
        self._teacher.forget_last()
        if not shown:
            self._picture = None
            self._picture_answer = None
            self._page = None
        self._sync_actions()

    def copy_result(self) -> None:
        """Copy the digit or number read; on a page with no number selected, the table."""
        if self._answer is None and self.page_view() is not None:
            self.copy_table()
            return
        text = None if self._answer is None else self._answer.text
        if text is None:
            self.statusBar().showMessage("Nothing to copy: there is no digit to copy.", 4000)
            return
        QGuiApplication.clipboard().setText(text)
        self.statusBar().showMessage(f"Copied “{text}”.", 3000)

    def page_table(self) -> PageReading | None:
        """Every number on the opened picture, as a table; None (and why, shown) when none."""
        if self._reader is None or self._page is None:
            self.show_problem("Open a picture of a page to read its numbers as a table.")
            return None
        try:
            return self._page.reading(self._reader)  # read once, when the picture was opened
        except DigitpadError as error:
            self.show_problem(str(error))
            return None

    def copy_table(self) -> None:
        """Copy Table: the page's table as tab-separated text, one line per row."""
        page = self.page_table()
        if page is None:
            return
        QGuiApplication.clipboard().setText(page.table_text("\t"))
        self.statusBar().showMessage(
            f"Copied a table of {len(page.numbers)} numbers in {len(page.rows)} rows.", 4000
        )

    def choose_table_path(self) -> None:
        start = str(Path(self.last_folder()) / "table.csv")
        path, _ = QFileDialog.getSaveFileName(self, "Save the table", start, "CSV (*.csv)")
        if path:
            self.save_table_path(path if Path(path).suffix else f"{path}.csv")

    def save_table_path(self, path: str | Path) -> bool:
        """Save Table: the page's table as CSV."""
        path = Path(path)
        page = self.page_table()
        if page is None:
            return False
        table = page.table_text()
        return self._saved(path, lambda: path.write_text(table, encoding="utf-8", newline=""))

    # ---------------------------------------------------------------- opening

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open a picture or a drawing", self.last_folder(), file_dialog_filter()
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> bool:
        """Open a picture or an ink file; on failure say why and keep the drawing."""
        path = Path(path)
        try:
            opened = open_path(path)
        except DigitpadError as error:
            self.show_problem(f"Cannot open {path.name or path}: {error}")
            return False
        self._remember_folder(path)
        self._show_opened(opened)
        return True

    def _show_opened(self, opened: Opened, note: str = "") -> None:
        self.message_banner.hide()
        if opened.ink is not None:
            self.pad.set_ink(opened.ink)
        else:
            assert opened.picture is not None
            self._picture, self._picture_answer = opened, None
            self._page = OpenedPage(opened.image) if opened.image is not None else None
            self.pad.show_picture(opened.picture, full_size(opened.image) if opened.image else None)
            self._sync_actions()  # the table actions need the picture set just above
        self.update_prediction()
        page = self.page_view()
        what = f": {len(page.numbers)} numbers, click one to check it" if page else ""
        self.statusBar().showMessage(f"Opened {opened.name}{what}.{note}", 5000)

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None or not (mime.hasImage() or mime.hasUrls() or mime.hasText()):
            self.show_problem("The clipboard holds no picture to read.")
            return
        if mime.hasImage() and not mime.hasUrls():
            image = QGuiApplication.clipboard().image()
            try:
                opened = open_qimage(image)
            except DigitpadError as error:
                self.show_problem(f"Cannot read the pasted picture: {error}")
                return
            self._show_opened(opened)
            return
        self.open_candidates(candidates_from_mime(mime), "pasted")

    def open_candidates(self, candidates: Candidates, verb: str = "dropped") -> bool:
        """Open the first readable thing among dropped/pasted items; else say why not."""
        problems = list(candidates.problems)
        total = len(candidates.paths) + (candidates.image is not None)
        for name, result in iter_openable(candidates):
            if isinstance(result, Opened):
                note = f" (the first readable of {total} {verb} items)" if total > 1 else ""
                self._show_opened(result, note)
                return True
            problems.append(f"{name}: {result}")
        if not problems:
            problems.append(f"Nothing {verb} could be read as a picture or a drawing.")
        self.show_problem(f"Cannot open what was {verb}. " + " ".join(problems[:3]))
        return False

    def show_problem(self, message: str) -> None:
        """Tell the user in the window (no modal box); the drawing is left as it is."""
        self.message_banner.show_message(message)
        self.statusBar().showMessage(message, 10000)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        mime = event.mimeData()
        if mime.hasUrls() or mime.hasImage() or mime.hasText():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        candidates = candidates_from_mime(event.mimeData())
        event.acceptProposedAction()
        self.open_candidates(candidates, "dropped")

    # ----------------------------------------------------------------- saving

    def choose_save_path(self) -> None:
        start = str(Path(self.last_folder()) / "digit.png")
        path, chosen = QFileDialog.getSaveFileName(self, "Save the drawing", start, SAVE_FILTERS)
        if not path:
            return
        if not Path(path).suffix:
            path += INK_SUFFIX if INK_SUFFIX in chosen else ".png"
        self.save_path(path)

    def save_path(self, path: str | Path) -> bool:
        """Save the drawing: ``*.ink.json`` keeps the strokes (editable later), else a picture."""
        path = Path(path)
        if not self.pad.has_strokes():
            self.show_problem("There is no drawing to save.")
            return False
        return self._saved(path, lambda: self._write_drawing(path))

    def _write_drawing(self, path: Path) -> None:
        if is_ink_path(path):
            save_ink(self.pad.ink(), path)
        elif not self.pad.render_image().save(str(path)):
            raise OSError(f"{path.suffix or 'this'} is not a picture type that can be written")

    def _saved(self, path: Path, write: Callable[[], object]) -> bool:
        """Run ``write``; say in plain words why it failed, or that ``path`` was saved."""
        try:
            write()
        except OSError as error:
            self.show_problem(
                f"Cannot save {path.name}: {getattr(error, 'strerror', None) or error}."
            )
            return False
        self._remember_folder(path)
        self.statusBar().showMessage(f"Saved {path.name}.", 5000)
        return True

    # ------------------------------------------------------------------ about

    def show_keys(self) -> KeysDialog:
        """Help → Keyboard: every key, from the actions themselves (not blocking)."""
        if self._keys is None:
            self._keys = KeysDialog(key_rows(self.actions()), self)
        self._keys.show()
        self._keys.raise_()
        return self._keys

    def show_about(self) -> AboutDialog:
        """Show the About box without blocking (it is window-modal, not a nested loop)."""
        if self._about is None:
            self._about = AboutDialog(
                load_model_card(), self, line_card=load_model_card(line_model_card_path())
            )
        self._about.open()
        return self._about


def _as_bool(value: object, default: bool) -> bool:
    """A stored flag (QSettings gives back "true"/"false" from its files, or a bool)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return default


def _frame_interval_ms() -> int:
    """One screen frame: live updates are coalesced to the display's refresh rate."""
    screen = QGuiApplication.primaryScreen()
    rate = screen.refreshRate() if screen is not None else 60.0
    return max(4, round(1000 / rate)) if rate and rate > 0 else 16


def _unique(keys: list[QKeySequence]) -> list[QKeySequence]:
    seen: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in seen:
            seen.append(key)
    return seen


def _as_int(value: object, default: int) -> int:
    """A stored setting as an int (QSettings gives back text or a number), else ``default``."""
    if not isinstance(value, (int, float, str, bytes)):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
