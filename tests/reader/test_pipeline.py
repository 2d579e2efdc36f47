"""The Reader: one object owning the models, the caches and the settings; no module state."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import numpy as np
import pytest

from digitpad.errors import InputError
from digitpad.handwriting_profile import Profile
from digitpad.ink import load_ink
from digitpad.preprocess import image_to_array
from digitpad.reader import DEFAULT_SETTINGS, Reader, ReaderSettings
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.line_model import LineModel
from tests.data.composed_numbers import compose, picture_of
from tests.data.samples import sample


def settings_with(**grouping: object) -> ReaderSettings:
    return replace(DEFAULT_SETTINGS, grouping=replace(DEFAULT_SETTINGS.grouping, **grouping))


def test_settings_are_frozen_data() -> None:
    with pytest.raises(FrozenInstanceError):
        DEFAULT_SETTINGS.grouping.line_weight = 2.0  # type: ignore[misc]
    assert ReaderSettings() == DEFAULT_SETTINGS


def test_a_readers_settings_steer_its_reading_and_no_other_readers(
    recognizer: LiteRTRecognizer,
) -> None:
    """Settings are passed, not set: a reader limited to two pieces refuses a three-digit
    number, while a reader with the defaults, made before and after, still reads it."""
    ink, _ = compose("305")
    before = Reader(recognizer, None)
    limited = Reader(recognizer, None, settings_with(max_pieces=2))
    with pytest.raises(InputError, match="more than 2 separate marks"):
        limited.read_number_ink(ink)
    assert before.read_number_ink(ink).number == "305"
    assert Reader(recognizer, None).read_number_ink(ink).number == "305"


def test_the_line_weight_is_the_readers_own(recognizer: LiteRTRecognizer) -> None:
    """Touching zeros: cut alone they group wrongly; the line model's weight decides.
    A reader whose line weight is 0 reads as if the line model had no say."""
    picture = picture_of(compose("3400", gap=0.0)[0])
    line_model = LineModel()
    weighed = Reader(recognizer, line_model).read_number_picture(picture)
    unheard = Reader(recognizer, line_model, settings_with(line_weight=0.0))
    assert weighed.number == "3400"
    assert unheard.read_number_picture(picture).number != "3400"


def test_each_reader_keeps_its_own_rendered_groups(recognizer: LiteRTRecognizer) -> None:
    ink, _ = compose("4071")
    first, second = Reader(recognizer, None), Reader(recognizer, None)
    array = first.ink_array(ink)
    assert first.ink_array(ink) is array
    assert second.ink_array(ink) is not array
    np.testing.assert_array_equal(second.ink_array(ink), array)
    first.forget_rendered()
    assert first.ink_array(ink) is not array


def test_the_bundled_line_model_is_loaded_once_per_reader(recognizer: LiteRTRecognizer) -> None:
    reader = Reader(recognizer)
    model = reader.line_model
    assert isinstance(model, LineModel)
    assert reader.line_model is model
    assert Reader(recognizer).line_model is not model
    assert Reader(recognizer, None).line_model is None


@pytest.mark.usefixtures("no_line_model")
def test_a_reader_made_without_a_line_model_file_reads_by_cutting_alone(
    recognizer: LiteRTRecognizer,
) -> None:
    reader = Reader(recognizer)
    assert reader.line_model is None
    assert reader.read_number_picture(picture_of(compose("2026")[0])).number == "2026"


def test_a_picture_reads_the_same_with_or_without_its_array_given(
    recognizer: LiteRTRecognizer,
) -> None:
    image = picture_of(compose("58")[0])
    reader = Reader(recognizer)
    given = reader.read_picture(image, image_to_array(image))
    made = reader.read_picture(image)
    assert given.text == made.text == "58"
    assert [p.probabilities for p in given.parts] == [p.probabilities for p in made.parts]


def test_with_digit_model_shares_the_line_model_and_settings(
    recognizer: LiteRTRecognizer,
) -> None:
    reader = Reader(recognizer, None, settings_with(max_pieces=7))
    other = reader.with_digit_model(LiteRTRecognizer())
    assert other.digit_model is not reader.digit_model
    assert other.line_model is None
    assert other.settings is reader.settings


def test_a_profile_is_blended_by_the_readers_settings(
    recognizer: LiteRTRecognizer, tmp_path: Path
) -> None:
    """A drawing taught as another digit reads as taught; with a blend of no strength the
    same profile changes nothing."""
    one = load_ink(sample(1, ".ink.json"))
    profile = Profile.load(tmp_path)
    profile.add(7, ink=one)
    silent = replace(DEFAULT_SETTINGS, blend=replace(DEFAULT_SETTINGS.blend, strength=0.0))
    taught = Reader(recognizer, None).with_profile(profile).read_ink(one)
    unheard = Reader(recognizer, None, silent).with_profile(profile).read_ink(one)
    assert taught is not None
    assert unheard is not None
    assert taught.text == "7"
    assert unheard.text == "1"
