"""The reader's tuning values, with their reasons: one frozen object instead of module globals.

Every number the reader was tuned with lives here, grouped by the step it
steers. A :class:`~digitpad.reader.pipeline.Reader` is made with one
:class:`ReaderSettings` and passes its parts down; a script that tunes a
value makes another one (``dataclasses.replace``) instead of overwriting a
module's constant, so two readers with different settings can live side by
side and a test can never leave a changed value behind. The defaults are the
values the app ships with; how each was chosen is said beside it (figures in
``docs/accuracy.md`` and ``docs/decisions.md``).

Sizes fixed by a trained model (the line model's input height and width, its
frame width) are not tuning values: they stay beside the code that builds
that input (:mod:`digitpad.reader.line_input`). Pure data: no imports of the
reader's own modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CutSettings:
    """How a picture's ink is cut into pieces (:mod:`digitpad.reader.segment`)."""

    #: A pixel is ink for labelling above this level of the ink map (0..1).
    ink_level: float = 0.25
    #: A horizontal run of ink longer than this share of the picture's height, and
    #: thinner than ``rule_thickness`` of it, is a rule (an underline or a printed
    #: ruled line), not a digit's stroke.
    rule_length: float = 1.0
    rule_thickness: float = 0.1
    #: A rule's length counts its faint pixels too (ink above ``rule_level``) and
    #: bridges gaps of up to ``rule_gap`` pixels: scanned underlines are broken and light.
    rule_level: float = 0.1
    rule_gap: int = 2
    #: A blob this wide, relative to the digit height, may hold touching digits
    #: and is cut at its thin columns (digits are rarely wider than 0.8 of their height).
    cut_width: float = 0.75
    #: Narrower blobs (two 1s touching) are cut only at columns this thin.
    narrow_cut: float = 0.3
    narrow_thin: float = 0.25
    #: A cut leaving less than this share of the blob's ink on its left (up to the
    #: previous cut) or right is not made.
    sliver: float = 0.08
    #: Cuts start at least this far (share of the digit height) from a blob's edge.
    edge_margin: float = 0.2
    #: A blob narrower than two edge margins (two 1s touching) is cut only where
    #: each side holds at least this share of its ink.
    pair_share: float = 0.3
    #: Cuts are at least this far apart (share of the digit height): a digit's own
    #: thin columns (the gap inside a 0) would otherwise make slivers.
    cut_spacing: float = 0.3
    #: A column is a cut candidate when it holds at most this share of the blob's
    #: thickest column's ink.
    cut_thin: float = 0.45
    #: A cut path moves at most ``cut_slope`` columns from one row to the next.
    cut_slope: int = 1
    #: A reading the window would not give as a number (a digit less sure than
    #: ``recut_below``, ``AnswerSettings.number_min_confidence``) is read again from a
    #: second cut, finer (cuts ``recut_spacing`` apart) and steeper (paths moving up to
    #: ``recut_slope`` columns a row: a move of two steps over a pixel, so a path slips
    #: through a thin slanting stroke where two digits written into each other cross);
    #: the second reading is given when its least sure digit is surer. Cutting every
    #: picture so lost as many USPS strips as it gained photos (docs/decisions.md). 0: never.
    recut_slope: int = 2
    recut_spacing: float = 0.2
    recut_below: float = 0.5


@dataclass(frozen=True)
class GroupingSettings:
    """How pieces are grouped into digits and a number chosen (:mod:`digitpad.reader.number_reader`).

    Chosen on the tuning numbers (``python -m training.evaluate_numbers --part
    tuning``): the trained-on UNIPEN sources, the USPS training part and the
    even-numbered CAR-A lines.
    """

    #: A digit is made of at most this many neighbouring pieces (strokes or blobs).
    max_group: int = 4
    #: A group wider than this many digit heights is no digit (a long 1's flag or a
    #: wide 0 stay well under it); the limit keeps the candidates few.
    max_group_width: float = 2.5
    #: More pieces than this are refused: hundreds of digits are no number a person
    #: reads at once, and the work grows with the pieces (about max_group candidates each).
    max_pieces: int = 400
    #: Pictures are analysed at most this high and this wide (pixels): digits need
    #: no more detail, and a 20,000 px wide strip stays bounded in time and memory.
    work_height: int = 400
    work_width: int = 4000
    #: How much the line model's log-likelihood of a reading counts against the
    #: cut's own score: chosen with ``python -m training.line_weight`` on 90 CAR-A
    #: tuning amounts a line model trained by the same recipe had not learnt (0.5 to 2
    #: read alike; 1 is the middle of that plateau).
    line_weight: float = 1.0
    #: How much the line model's log-probability of the reading's count of digits (any
    #: digits: :func:`~digitpad.reader.ctc.count_log_probabilities`) counts besides: on
    #: writers it never learnt, the line model knows how many digits a row holds better
    #: than which they are (raising ``line_weight`` instead gained on the writers it
    #: learnt and lost on MNIST test rows). Chosen on tuning photos and MNIST test rows
    #: (docs/decisions.md; 3 to 6 read alike).
    line_count_weight: float = 3.0
    #: Readings whose cut scores this far (log) below the best are not judged.
    line_reach: float = 40.0
    #: When the line model gives the chosen number at least this probability, no digit of
    #: it reads less sure than that (:func:`~digitpad.reader.number_reader._vouched`): two
    #: digits written into each other are cut into pieces the digit model calls "not a
    #: digit", while the line model, reading the row whole, reads them. And when it is this
    #: sure the row holds no digit (it learnt rows of letters as none), there is no number.
    #: Chosen on tuning photos, MNIST test rows and letters (docs/decisions.md). Above 1:
    #: never.
    line_vouch: float = 0.5
    #: Rows of ink wider than this many times their height are not given to the line
    #: model: squeezed into its input they would be too narrow to read (long strips
    #: are read by cutting alone).
    line_max_aspect: float = 8.0
    #: How likely a small mark is a separator rather than (part of) a digit, by its
    #: size relative to the digit height; a mark the model calls "not a digit" may
    #: be left out at the model's own probability.
    dot_prior: float = 0.95
    separator_prior: float = 0.6
    other_prior: float = 1e-4
    #: Every digit read earns this (log) bonus. A sum of log-probabilities favours
    #: fewer, larger groups; measured on the tuning numbers, the shape terms below
    #: already balance that, and any bonus splits pen digits into their strokes.
    digit_bonus: float = 0.0
    #: Groups wider than ``wide_start`` digit heights lose ``wide`` per digit height
    #: beyond: two digits read as one are wider than one digit. The same for ink and
    #: pictures: a picture's own start (1.1, a 5's bar joined to it) was written down
    #: but never applied, and was left out rather than turned on unmeasured
    #: (docs/decisions.md, 2026-12-06).
    wide_start: float = 1.4
    wide: float = 6.0
    #: Groups shorter than ``short_start`` digit heights lose ``short`` per digit height
    #: below: a digit stands the full height of the number, its bar or dot does not.
    short_start: float = 0.55
    short: float = 8.0
    #: A group with an empty gap between its pieces loses ``gap`` per digit height of
    #: gap: the strokes of one digit overlap or nearly touch.
    gap: float = 4.0
    #: The least "not a digit" probability a mark is left out with: a ten-class
    #: model never refuses, and a dot or a dash must still be left out.
    not_digit_floor: float = 0.3
    #: A group overlapping a piece it leaves out by more than ``torn_start`` digit
    #: heights loses ``torn`` per digit height beyond (see ``number_reader._torn``).
    torn_start: float = 0.15
    torn: float = 10.0
    #: Groups of several pieces whose shape alone scores below this are not read.
    prune: float = -2.5
    #: Marks smaller than this share of the digit height both ways are dots/specks.
    dot_size: float = 0.3
    #: Marks flatter than this share of the digit height are dashes or underlines.
    flat_size: float = 0.4


@dataclass(frozen=True)
class AnswerSettings:
    """When the window answers a number rather than one digit (:mod:`digitpad.reader.digit_or_number`).

    Chosen on the development writers' digits, letters and composed numbers
    (``python -m training.evaluate_window``), reported on the held-out writers.
    """

    #: A number's ink is at least this wide for its height: two digits side by side
    #: are (two narrow ones included); most single digits and letters are not.
    number_min_aspect: float = 0.75
    #: Every digit of a number reads at least this likely: the strokes of a letter,
    #: read as digits, rarely all do.
    number_min_confidence: float = 0.5
    #: Drawn digits of a number stand side by side: each starts at most this share of
    #: the number's height before its left neighbour ends. The strokes of a letter read
    #: as digits (a ``K`` as "14") lie across or inside each other: 0.3 stops 34 of the
    #: 78 letters turned into numbers and none of 589 numbers, whose composed digits
    #: overlap by at most 0.1 of the height; so a real overlap between 0.1 and 0.3
    #: is not measured. Drawn input only: cut pictures' leaning digits may overlap more.
    number_max_overlap: float = 0.3
    #: A picture that is not read as a number is read as one digit, whole. When the
    #: number reader, cutting it and asking the line model about the row, reads one
    #: digit at least this sure and the whole picture reads another digit (or "not a
    #: digit"), the cut's digit is the answer: two models agreeing outweigh one. The
    #: whole picture's reading splits close calls (a 1 with a flag read 53:46 as a 7) or
    #: is thrown by what the picture holds besides the digit. Chosen on tuning photos,
    #: MNIST test rows and pictures of letters (docs/decisions.md); above 1: never.
    cut_digit_sure: float = 0.8


@dataclass(frozen=True)
class Blend:
    """How much the person's taught examples count against the model (:mod:`digitpad.reader.personal_model`).

    Chosen by measurement on writers apart from the ones the figures are
    reported on (``python -m training.evaluate_profile --tune``).
    """

    #: Cosine distance (0: the same direction, 1: nothing in common) beyond which an
    #: example has no say at all.
    radius: float = 0.5
    #: The weight of one example at distance 0, against the model's probabilities
    #: (which sum to 1): above 1, one example that close outvotes a sure model.
    strength: float = 1.1
    #: How much being near the person's own digits lowers "not a digit": that
    #: probability is multiplied by exp(-relief x the examples' summed weights).
    relief: float = 0.0
    #: Nearer than this (cosine distance) is the same drawing drawn again: an example
    #: votes in full (so a redraw of it always reads as taught, never "not a digit"),
    #: and two examples this near taught as two digits count as the later one only.
    #: A redraw of a UNIPEN digit (shifted up to 4%, turned up to 4 degrees) lies 0.01
    #: from it (median; 0.02 at the 90th percentile), a writer's nearest drawing of
    #: another digit 0.07 at the least of 300. 0.05 turned one right answer wrong on
    #: the tuning writers with slant habits, 0.03 none (training/evaluate_corrections.py).
    same: float = 0.03


@dataclass(frozen=True)
class PageSettings:
    """How the page reader finds numbers and lays out the table; chosen on the tuning
    writers of
    ``python -m training.evaluate_pages --part tuning``."""

    #: Marks of fewer pixels of ink (on the work-size map) are specks.
    min_mark: int = 6
    #: Two marks are one number's when their heights overlap by this share of the
    #: smaller one and the gap between them is under ``number_gap`` writing heights.
    min_overlap: float = 0.3
    number_gap: float = 0.8
    #: ...or under ``point_gap`` when a decimal point or comma sits between them. Two
    #: numbers read on one line closer than ``rejoin_gap`` are one, spaced wide.
    point_gap: float = 1.6
    rejoin_gap: float = 1.2
    #: A mark this many times wider than high, and wider than two writing heights,
    #: is a rule or an underline, not writing; one this many times higher than wide,
    #: and higher than ``rule_length`` writing heights, a line ruled down the page.
    rule_aspect: float = 6.0
    #: A straight run of ink this many writing heights long (upright; twice that level)
    #: is a line ruled by hand: no digit's stroke is that long.
    rule_length: float = 1.8
    #: A ruled line is at most this share of the writing's height thick. A mark whose
    #: line pixels are at least ``line_share`` of its ink is a line as a whole.
    rule_thickness: float = 0.3
    line_share: float = 0.9
    #: Thin straight marks at least this share of the writing's height tall, lying on
    #: one straight line, are pieces of one faint ruled line.
    piece_length: float = 0.3
    #: ...when at least three follow each other with breaks of at most this share.
    piece_gap: float = 0.75
    #: A thin straight mark is the rest of a ruled line found in a big mark when that
    #: line runs on from its end, straight, in this share of the rows over one writing
    #: height (a table's frame drawn in two strokes).
    run_on: float = 0.8
    #: A group lower than this share of the writing's height is a dot, a dash or a
    #: comma on its own: no number.
    min_height: float = 0.45
    #: Readings less sure than this are unsure: a number of the table where they fill an
    #: empty cell of the sure ones' (in a row of its own within ``unsure_reach`` row
    #: pitches of the first or last, each one shown bringing the next within reach),
    #: else no number (a heading read as digits). A group read as no number but as
    #: digits (not a tick) is shown so too; one read as none that fills an empty cell
    #: keeps it (empty): the numbers after it keep their rows.
    min_confidence: float = 0.1
    unsure_reach: float = 1.2
    #: An unsure reading of ``new_column_digits`` digits or more, level with a row and in
    #: no column, is a column of its own when ``new_column_gap`` writing heights or more
    #: from that row's numbers (tuning pages: the same from 1.0 to 2.5 heights, and for
    #: 1 to 3 digits from 1.5; one lone digit so is a tick or a speck at 0.5).
    new_column_gap: float = 1.5
    new_column_digits: int = 2
    #: A reading whose digits the model calls "not a digit" with at least this mean
    #: probability is no number (a tick, a letter, a speck).
    max_not_digit: float = 0.5
    #: A page where the groups read unsure or as no number (ticks not counted) outnumber
    #: ``max_doubt`` times the numbers read surely is writing, not a page of numbers: none
    #: of it is given as a number. Tuning pages of numbers: at most 0.8 without their
    #: ticks (3 of 240 pages reached 0.86-1.2 with them, ticking off most numbers); 29 of
    #: 30 tuning photos of pages of text 0.88 or more, ticks or not. Only ``min_doubt``
    #: such groups or more count: a short list's heading and ticks are fewer (the pages
    #: of text held 7 or more).
    max_doubt: float = 0.8
    min_doubt: int = 6
    #: A reading whose every digit is a 1 wider than this share of its height is a tick;
    #: so are a number's last digits after a gap, when each is such a 1 or is lower than
    #: ``tick_height`` of the number's digits.
    wide_one: float = 0.55
    tick_height: float = 0.75
    #: ...but one or two such 1s with no group before them on their line within this
    #: many writing heights are a lone 1 with a flag, shown where they fill an empty cell
    #: (tuning pages: the same from 1.5 to 5; a tick stands about one height after).
    tick_reach: float = 3.0
    #: The rows' slope is sought in the ruled lines up to this steep (dy/dx: 11 degrees,
    #: the most a photo of a page is turned).
    max_slope: float = 0.2
    #: Rows: slant-corrected centres further apart than this share of the writing's
    #: height start a new row.
    row_gap: float = 0.5
    #: Columns: slant-corrected x spans closer than this share of the writing's height
    #: are one column.
    column_gap: float = 0.5
    #: Pages with more marks than this, or more groups of marks (words, numbers) to read
    #: than ``max_groups``, are refused: time and memory stay bounded (a group takes the
    #: number reader about 30 ms).
    max_marks: int = 3000
    max_groups: int = 400
    #: A decimal point or comma: a mark between two digits at their baseline, at most
    #: ``mark_size`` of the digits' height long and ``mark_width`` of it (two pixels at
    #: least) across, of ink found at ``mark_ink`` of the digits' strongest and, on the
    #: mean, ``mark_dark`` as dark as their strokes.
    mark_size: float = 0.45
    mark_width: float = 0.05
    mark_ink: float = 0.5
    mark_dark: float = 0.7
    #: Such a mark this many times higher than wide is a comma, else a point; one this
    #: many times wider than high is neither (a dash: a digit's broken-off foot).
    comma_shape: float = 1.5
    #: The margin around a group's ink when it is cut out to read, in writing heights.
    margin: float = 0.3


@dataclass(frozen=True)
class ReaderSettings:
    """Everything a :class:`~digitpad.reader.pipeline.Reader` is tuned with."""

    cut: CutSettings = field(default_factory=CutSettings)
    grouping: GroupingSettings = field(default_factory=GroupingSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)
    blend: Blend = field(default_factory=Blend)
    page: PageSettings = field(default_factory=PageSettings)


#: The settings the app ships with.
DEFAULT_SETTINGS = ReaderSettings()
