"""The photo tuning sets and their scoring (training/tune_photos.py), on the real data."""

from __future__ import annotations

import pytest

from digitpad.reader import DEFAULT_SETTINGS, Reader
from tests.data.sets import data_folder
from training import tune_photos


def test_a_variant_sets_each_named_setting_as_its_type() -> None:
    varied = tune_photos.varied(
        DEFAULT_SETTINGS, ["grouping.line_count_weight=2", "grouping.max_group=3"]
    )
    assert varied.grouping.line_count_weight == 2.0
    assert varied.grouping.max_group == 3
    assert isinstance(varied.grouping.max_group, int)
    assert varied.answer == DEFAULT_SETTINGS.answer
    assert DEFAULT_SETTINGS.grouping.line_count_weight == 3.0  # a new object, not overwritten


@pytest.mark.parametrize(
    "assignment", ["grouping.no_such=1", "nowhere.line_weight=1", "grouping.line_weight", "x"]
)
def test_a_variant_naming_no_setting_is_refused(assignment: str) -> None:
    with pytest.raises(ValueError, match=r"SECTION\.FIELD=VALUE|has no setting"):
        tune_photos.varied(DEFAULT_SETTINGS, [assignment])


def test_the_sets_hold_what_they_say_and_the_reader_reads_them() -> None:
    data_folder("unipen-dev"), data_folder("mnist")
    reader = Reader.bundled()
    photos = tune_photos.tuning_photos(3)
    rows = tune_photos.mnist_rows(3)
    letters = tune_photos.letter_pictures(4)
    assert [len(p.label) >= 1 and p.label.isdigit() for p in photos + rows] == [True] * 6
    assert [p.label.isalpha() for p in letters] == [True] * 4
    assert [len(p.label) == 1 for p in letters] == [True, False, True, False]
    assert all(p.data[:2] == b"\xff\xd8" for p in photos + rows)  # JPEG, as a phone takes
    # Made again, they are the same pictures: the sets are fixed by their seeds.
    assert tune_photos.mnist_rows(3) == rows
    score = tune_photos.score(reader, photos, rows, letters)
    assert score.photos + score.mnist_rows >= 5  # the bundled reader reads these
    # A variant is its own reader: one that cuts nothing reads none of the numbers.
    cuts_nothing = tune_photos.varied(reader.settings, ["grouping.max_pieces=0"])
    worse = tune_photos.score(
        Reader(reader.digit_model, reader.line_model, cuts_nothing), photos, rows, letters
    )
    assert worse.photos + worse.mnist_rows < score.photos + score.mnist_rows
