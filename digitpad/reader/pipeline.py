"""The reader: one object that reads digits and numbers from ink, pictures and files.

A :class:`Reader` owns what reading needs and nothing else does: the digit
model (the bundled one, or the person's profile over it), the line model
(loaded when a picture's number first needs it), the arrays of stroke groups
drawn while a number grows on the pad, and the
:class:`~digitpad.reader.settings.ReaderSettings` it was made with. The
window, the command line, the self-test and the evaluations all read through
one, so no module keeps a cache or a model of its own, and two readers with
different settings or models never share state. Not thread-safe, like the
models it runs: one reader per thread.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Literal

import numpy as np
from PIL import Image

from digitpad.errors import NoDigitError
from digitpad.handwriting_profile import Profile
from digitpad.ink import Ink, is_ink_path, load_ink
from digitpad.photo_writing import PhotoCrop, one_writing, photo_page
from digitpad.picture_files import FULL_SIZE, ImageSource, full_size, open_image
from digitpad.preprocess import picture_array
from digitpad.reader.digit_model import LiteRTRecognizer, Recognizer
from digitpad.reader.digit_or_number import (
    cut_digit_stands,
    drawn_box,
    laid_out_as_a_number,
    number_answer,
    overlapping,
    strokes_of,
    wide_enough,
    wide_ink,
)
from digitpad.reader.line_model import LineModel, load_bundled_line_model
from digitpad.reader.number_reader import RenderedGroups, read_number_ink, read_number_page
from digitpad.reader.page_reader import PageMarks, find_marks, read_page
from digitpad.reader.personal_model import PersonalRecognizer
from digitpad.reader.settings import DEFAULT_SETTINGS, ReaderSettings
from digitpad.results import (
    Answer,
    AnswerPart,
    Box,
    NumberReading,
    PageReading,
    Reading,
    read,
)

#: What a box around no pixels gets.
EMPTY_REGION = "No digit found: the box holds no part of the picture."

#: Which line model judges a picture's readings: a loaded one, the bundled one, or none.
LineChoice = LineModel | Literal["bundled"] | None


class Reader:
    """Reads digits and numbers with one digit model, one line model and one set of settings.

    ``line_model``: ``"bundled"`` (loaded on first need; None when the install
    has none), a loaded :class:`~digitpad.reader.line_model.LineModel`, or None
    to read numbers in pictures by cutting alone.
    """

    def __init__(
        self,
        digit_model: Recognizer,
        line_model: LineChoice = "bundled",
        settings: ReaderSettings = DEFAULT_SETTINGS,
    ) -> None:
        self.digit_model = digit_model
        self.settings = settings
        self._line_choice: LineChoice = line_model
        self._groups = RenderedGroups()

    @classmethod
    def bundled(cls, settings: ReaderSettings = DEFAULT_SETTINGS) -> Reader:
        """The bundled digit model and line model (raises ``ModelError`` when they cannot load)."""
        return cls(LiteRTRecognizer(), "bundled", settings)

    def with_digit_model(self, digit_model: Recognizer) -> Reader:
        """A reader of ``digit_model`` (e.g. the profile over this one's) sharing the line model."""
        return Reader(digit_model, self._line_choice, self.settings)

    def with_profile(self, profile: Profile) -> Reader:
        """A reader of this one's digit model read through ``profile``, blended by the
        settings' :class:`~digitpad.reader.settings.Blend`."""
        return self.with_digit_model(
            PersonalRecognizer(self.digit_model, profile, self.settings.blend)
        )

    @property
    def line_model(self) -> LineModel | None:
        """The line model that judges numbers in pictures; None reads by cutting alone."""
        if self._line_choice == "bundled":
            self._line_choice = load_bundled_line_model()
        return self._line_choice

    # ------------------------------------------------------------------ digits

    def read_array(self, array: np.ndarray) -> Reading:
        """The reading of one 28x28 array."""
        return read(self.digit_model.predict(array))

    def ink_array(self, ink: Ink) -> np.ndarray:
        """``ink_to_array(ink)``, read-only, drawn once for the single digit and the number."""
        return self._groups.render(tuple(ink.strokes))

    def forget_rendered(self) -> None:
        """Forget the arrays of groups read before (to measure a first reading's time)."""
        self._groups.clear()

    # ------------------------------------------------------------ the window's answer

    def read_ink(self, ink: Ink) -> Answer | None:
        """What the window answers for the strokes on the pad; None when nothing is drawn."""
        try:
            array = self.ink_array(ink)  # kept for the number reader's whole group
        except NoDigitError:
            return None
        whole = Answer((AnswerPart(self.read_array(array), array, drawn_box(ink), ink),))
        rules = self.settings.answer
        if not wide_ink(ink, rules):
            return whole
        try:
            number = self.read_number_ink(ink)
        except NoDigitError:
            return whole
        if not laid_out_as_a_number(number, rules) or overlapping(number, rules):
            return whole
        return number_answer(number, strokes_of(ink))

    def read_picture(
        self,
        image: Image.Image,
        array: np.ndarray | None = None,
        page: PhotoCrop | None = None,
    ) -> Answer:
        """What the window answers for an opened picture.

        ``array`` (its single-digit 28x28 array) and ``page`` (what the reader
        reads of it, :func:`~digitpad.photo_writing.photo_page`) are passed when
        the caller already has them (the window made both to show the picture);
        otherwise they are made here.
        """
        if page is None:
            page = photo_page(image)
        one_writing(page)
        if array is None:
            array = picture_array(page.image)
        width, height = full_size(image)
        whole = Answer((AnswerPart(self.read_array(array), array),), space=(width, height))
        rules = self.settings.answer
        # A photo's writing decides, not the page around it.
        wide = wide_enough(page.image.width, page.image.height, rules)
        if not wide and rules.cut_digit_sure > 1:
            return whole
        try:
            number = self._read_number_page(page)
        except NoDigitError:
            return whole
        if (wide and laid_out_as_a_number(number, rules)) or cut_digit_stands(number, whole, rules):
            return number_answer(number, space=(float(width), float(height)))
        return whole

    def read_picture_region(self, image: Image.Image, region: Box) -> Answer:
        """What the window answers for the part of a picture the user boxed.

        ``region`` is (x0, y0, x1, y1) in the picture's own pixels (its size in
        the file, :func:`~digitpad.picture_files.full_size`); the answer's boxes
        are in those pixels too, so that they outline the digits on the whole
        picture. The part is read exactly as a picture of its own would be.
        """
        width, height = full_size(image)
        sx, sy = image.width / width, image.height / height
        x0, y0, x1, y1 = (
            max(0.0, min(region[0], region[2])),
            max(0.0, min(region[1], region[3])),
            min(float(width), max(region[0], region[2])),
            min(float(height), max(region[1], region[3])),
        )
        crop = (round(x0 * sx), round(y0 * sy), round(x1 * sx), round(y1 * sy))
        if crop[2] - crop[0] < 1 or crop[3] - crop[1] < 1:
            raise NoDigitError(EMPTY_REGION)
        part_image = image.crop(crop)
        part_image.info.pop(FULL_SIZE, None)  # Pillow copies info: the part is its own size
        answer = self.read_picture(part_image)
        moved = PhotoCrop(part_image, (crop[0] / sx, crop[1] / sy, crop[2] / sx, crop[3] / sy))
        parts = tuple(
            replace(part, box=None if part.box is None else moved.to_photo(part.box))
            for part in answer.parts
        )
        return replace(answer, parts=parts, space=(width, height))

    # ----------------------------------------------------------------- numbers

    def read_number_ink(self, ink: Ink) -> NumberReading:
        """The whole number drawn as ``ink``; raises ``NoDigitError`` when there is none."""
        return read_number_ink(ink, self.digit_model, self.settings.grouping, self._groups)

    def read_number_picture(self, source: ImageSource) -> NumberReading:
        """The whole number in a picture (file, bytes or Pillow image); boxes in its pixels."""
        return self._read_number_page(photo_page(open_image(source)))

    def read_page_picture(self, source: ImageSource) -> PageReading:
        """Every number on a page (file, bytes or Pillow image), laid out as a table; boxes in
        its pixels (:mod:`digitpad.reader.page_reader`). Raises ``NoDigitError`` when
        nothing on it reads as a number."""
        return read_page(open_image(source), self._read_number_page, self.settings.page)

    def find_page_marks(self, source: ImageSource) -> PageMarks:
        """Every group of marks on a page, read but not yet judged or laid out
        (:func:`~digitpad.reader.page_reader.arrange` does that): the evaluation judges
        one reading of a page at several confidence floors."""
        return find_marks(open_image(source), self._read_number_page, self.settings.page)

    def _read_number_page(self, page: PhotoCrop) -> NumberReading:
        """The number in a picture's page; a page of many lines of writing is refused (no
        one number on it is the number: guessing one would be reading at random)."""
        one_writing(page)
        settings = self.settings
        return read_number_page(
            page, self.digit_model, self.line_model, settings.grouping, settings.cut
        )

    def read_number_file(self, path: str | Path) -> NumberReading:
        """The whole number in an ink file or a picture file."""
        if is_ink_path(path):
            return self.read_number_ink(load_ink(path))
        return self.read_number_picture(path)
