"""The reader: from 28x28 arrays, ink and pictures to digits and numbers. No Qt.

Use it through one object::

    from digitpad.reader import Reader

    reader = Reader.bundled()
    answer = reader.read_picture(image)        # a digit or a number, as the window shows it
    number = reader.read_number_file("42.png")  # a whole number, as ``predict --number`` reads it
    page = reader.read_page_picture("sheet.jpg")  # every number on a page, as ``predict --page``

Its modules, in the order data flows through them: :mod:`.digit_model`
(LiteRT) and :mod:`.personal_model` (the person's profile over it) read
28x28 arrays; :mod:`.segment` cuts ink and pictures into pieces;
:mod:`.number_reader` groups pieces into digits over the lattice of
:mod:`.grouping_lattice`; :mod:`.line_input`, :mod:`.line_model` and
:mod:`.ctc` let the line model judge a picture's row of digits;
:mod:`.digit_or_number` decides what the window answers; :mod:`.page_reader`
reads every number on a page into a table; :mod:`.explain`
draws where the evidence lies. :mod:`.settings` holds every tuning value;
:mod:`.pipeline` holds the :class:`Reader`. The results are
:mod:`digitpad.results`'s types.
"""

from digitpad.reader.pipeline import LineChoice, Reader
from digitpad.reader.settings import DEFAULT_SETTINGS, ReaderSettings

__all__ = ["DEFAULT_SETTINGS", "LineChoice", "Reader", "ReaderSettings"]
