"""The personal reader (digitpad.reader.personal_model) with the real model and real profiles.

Corrections that stick (issue 29): a redraw of a taught drawing reads as taught
(never "not a digit"), a drawing taught as two digits counts as the later one,
and the rule that guarantees both holds for any answer of the model. What a
taught example's vote weighs, and that teaching one more example costs one run
of the model, not one per example (issue 32). The per-writer protocol on
UNIPEN (``training/evaluate_corrections.py``) needs the data set: marked slow.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from digitpad.errors import ModelError
from digitpad.handwriting_profile import Profile, make_example
from digitpad.ink import Ink, load_ink
from digitpad.preprocess import ink_to_array
from digitpad.reader.digit_model import LiteRTRecognizer
from digitpad.reader.personal_model import PersonalRecognizer, blend_probabilities, overruling
from digitpad.reader.settings import DEFAULT_SETTINGS, Blend
from digitpad.results import CLASSES, DIGIT_CLASSES, NOT_A_DIGIT, answer_classes
from tests.data.samples import NAMES, SAMPLES, sample
from training.evaluate_corrections import transformed

BLEND = DEFAULT_SETTINGS.blend


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    return Profile.load(tmp_path / "profile")


def seven() -> Ink:
    return load_ink(sample(7, ".ink.json"))


def scribble() -> Ink:
    """A zigzag the model refuses as "not a digit"."""
    xs = np.linspace(0, 100, 12)
    ys = np.where(np.arange(12) % 2 == 0, 0.0, 100.0)
    return Ink((np.stack([xs, ys], axis=1),))


def answer(personal: PersonalRecognizer, ink: Ink) -> int:
    return int(answer_classes(personal.predict(ink_to_array(ink))[None])[0])


def redraws(ink: Ink) -> list[Ink]:
    """The drawing drawn again closely: turned by a degree or two, moved by 1-2% of its size.

    (Farther redraws are pulled towards the taught digit less surely: against a model
    99% sure of a seven, a 3 degree turn and 3% shift, 0.05 away, stays a seven.)
    """
    return [
        transformed(ink, np.radians(angle), 0.0, shift)
        for angle, shift in ((1.5, (0.01, 0.0)), (-1.0, (0.0, 0.015)), (0.5, (-0.01, -0.01)))
    ]


def test_a_redrawn_correction_reads_as_taught(
    recognizer: LiteRTRecognizer, profile: Profile
) -> None:
    personal = PersonalRecognizer(recognizer, profile)
    assert answer(personal, seven()) == 7
    profile.add(1, ink=seven())  # this person's 1 looks like the model's 7
    for again in redraws(seven()):
        assert int(np.argmax(recognizer.predict(ink_to_array(again)))) == 7
        assert answer(personal, again) == 1


def test_a_taught_refusal_is_never_refused_when_drawn_again(
    recognizer: LiteRTRecognizer, profile: Profile
) -> None:
    personal = PersonalRecognizer(recognizer, profile)
    assert answer(personal, scribble()) == NOT_A_DIGIT
    profile.add(4, ink=scribble())
    assert answer(personal, scribble()) == 4
    for again in redraws(scribble()):
        assert answer(personal, again) == 4


def test_a_drawing_taught_as_two_digits_keeps_the_latest(
    recognizer: LiteRTRecognizer, profile: Profile
) -> None:
    personal = PersonalRecognizer(recognizer, profile)
    first = profile.add(1, ink=seven())
    assert answer(personal, seven()) == 1
    second = profile.add(2, ink=seven())  # changed their mind
    assert answer(personal, seven()) == 2
    assert personal.overruled == {first.id: second}
    assert personal.examples_in_use == 1
    third = profile.add(1, ink=seven())  # and back again
    assert answer(personal, seven()) == 1
    assert set(personal.overruled) == {first.id, second.id}
    assert personal.overruled[second.id] == third
    profile.remove(third.id)
    assert answer(personal, seven()) == 2
    assert personal.overruled == {first.id: second}


def test_examples_of_the_same_digit_or_far_apart_overrule_nothing() -> None:
    rng = np.random.default_rng(1)
    units = rng.normal(size=(6, 32))
    units /= np.linalg.norm(units, axis=1, keepdims=True)
    assert (overruling(units, np.arange(6), BLEND) == -1).all()  # far apart
    same = np.repeat(units[:1], 3, axis=0)
    assert overruling(same, np.array([4, 4, 4]), BLEND).tolist() == [-1, -1, -1]
    assert overruling(same, np.array([4, 5, 4]), BLEND).tolist() == [1, 2, -1]
    assert overruling(units[:0], np.zeros(0, int), BLEND).tolist() == []


def test_a_redraw_outvotes_any_answer_of_the_model() -> None:
    """Nearer than Blend.same, one example's vote beats the surest digit and "not a digit"."""
    rng = np.random.default_rng(2)
    rows = rng.dirichlet(np.full(CLASSES, 0.05), size=500).astype(np.float32)
    rows[:50] = np.eye(CLASSES, dtype=np.float32)[NOT_A_DIGIT]  # sure it is no digit
    units = rng.normal(size=(500, 16)).astype(np.float32)
    units /= np.linalg.norm(units, axis=1, keepdims=True)
    # Each drawing's example lies just inside the same-drawing distance of it.
    turn = rng.normal(size=(500, 16)).astype(np.float32)
    turn -= (turn * units).sum(axis=1, keepdims=True) * units
    turn /= np.linalg.norm(turn, axis=1, keepdims=True)
    angle = np.arccos(1.0 - 0.9 * BLEND.same)
    examples = np.cos(angle) * units + np.sin(angle) * turn
    labels = rng.integers(0, DIGIT_CLASSES, size=500)
    for row in range(500):
        votes = np.eye(DIGIT_CLASSES, dtype=np.float32)[labels[row : row + 1]]
        blended = blend_probabilities(
            rows[row : row + 1], units[row : row + 1], examples[row : row + 1], votes, BLEND
        )
        assert answer_classes(blended)[0] == labels[row]


@pytest.mark.slow
def test_corrections_stick_for_simulated_writers_and_leave_others_alone(recognizer, unipen) -> None:  # type: ignore[no-untyped-def]
    """The issue's protocol on the tuning writers with a slant habit: at most half the
    errors, no writer worse, under 0.1% of other writers' answers changed, every redraw read
    as taught."""
    from training.evaluate_corrections import evaluate, load_writers
    from training.evaluate_profile import unique_digits
    from training.splits import UNIPEN_HOLDOUT_SOURCES

    digits = [d for d in unique_digits(unipen) if d.source not in UNIPEN_HOLDOUT_SOURCES]
    as_written = load_writers(digits, recognizer, None)
    writers = load_writers(digits, recognizer, "slant")
    result = evaluate(writers, as_written, recognizer, BLEND)
    assert result["errors_before"] > 100
    assert result["ratio"] <= 0.5
    assert result["writers_worse"] == []
    assert result["strangers_changed_share"] <= 0.001
    assert result["redrawn"]["read_as_taught"] == result["redrawn"]["taught"]


class CountingRecognizer(LiteRTRecognizer):
    """The bundled model, counting the examples whose features it is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.features_computed = 0

    def features_batch(self, arrays: np.ndarray) -> np.ndarray:
        self.features_computed += len(arrays)
        return super().features_batch(arrays)


@pytest.fixture(scope="module")
def base_arrays() -> list[np.ndarray]:
    """The bundled sample digits 0-9 as the model reads them."""
    return [ink_to_array(load_ink(SAMPLES / f"{name}.ink.json")) for name in NAMES]


def _examples(base: list[np.ndarray], count: int, seed: int) -> list:  # type: ignore[type-arg]
    rng = np.random.default_rng(seed)
    return [
        make_example(int(d), array=np.roll(base[d], tuple(rng.integers(-3, 4, 2)), axis=(0, 1)))
        for d in rng.integers(10, size=count)
    ]


def test_each_example_s_features_are_computed_once(
    tmp_path: Path, base_arrays: list[np.ndarray]
) -> None:
    """Teaching one more example runs the model on that example alone; removing one, or
    reading again, runs it on none: the others' features are kept (by example id)."""
    model = CountingRecognizer()
    profile = Profile.load(tmp_path / "profile")
    profile.add_examples(_examples(base_arrays, 200, seed=1))
    personal = PersonalRecognizer(model, profile)
    assert model.features_computed == 0  # nothing until the first reading
    assert personal.examples_in_use == 200
    assert model.features_computed == 200
    personal.predict(base_arrays[3])
    personal.predict_batch(np.stack(base_arrays))
    assert model.features_computed == 200

    # Taught as what it is: taught as another digit, it would overrule the copies of it
    # among the 200 (issue 29) and count out of the examples in use.
    profile.add(1, array=base_arrays[1])
    personal.predict(base_arrays[1])
    assert model.features_computed == 201
    assert personal.examples_in_use == 201

    profile.add_examples(_examples(base_arrays, 3, seed=2))
    profile.remove(profile.examples[0].id)
    assert personal.examples_in_use == 203
    assert model.features_computed == 204

    profile.forget_all()
    assert personal.examples_in_use == 0
    assert model.features_computed == 204
    np.testing.assert_array_equal(personal.predict(base_arrays[3]), model.predict(base_arrays[3]))


def test_a_profile_loaded_again_computes_its_features_once(
    tmp_path: Path, base_arrays: list[np.ndarray]
) -> None:
    Profile.load(tmp_path / "profile").add_examples(_examples(base_arrays, 50, seed=3))
    model = CountingRecognizer()
    personal = PersonalRecognizer(model, Profile.load(tmp_path / "profile"))
    for array in base_arrays:
        personal.predict(array)
        personal.nearest(array)
    assert personal.examples_in_use == 50
    assert model.features_computed == 50


# ------------------------------------------------------------------- the blend's rule


def _unit(angle: float) -> np.ndarray:
    """A unit feature vector at ``angle`` from the first axis: cosine distance 1 - cos(angle)."""
    return np.array([np.cos(angle), np.sin(angle), 0.0], np.float32)


def _at_distance(distance: float) -> np.ndarray:
    return _unit(float(np.arccos(1.0 - distance)))


@pytest.mark.parametrize("radius", [0.2, DEFAULT_SETTINGS.blend.radius])
def test_an_example_votes_by_its_distance_and_not_beyond_the_radius(radius: float) -> None:
    """Votes weigh (1 - distance / radius)^2: 9/16 at a quarter of the radius, 1/4 at half
    of it, nothing at or beyond it. They are added (times the strength) to the digits'
    probabilities, and the row is made to sum to 1 again."""
    blend = Blend(radius=radius, strength=1.5, relief=0.0)
    drawing = _unit(0.0)[None, :]
    distances = [radius / 4, radius / 2, radius, 1.5 * radius]
    examples = np.stack([_at_distance(d) for d in distances])
    votes = np.eye(10, dtype=np.float32)[[3, 5, 8, 9]]
    probabilities = np.array([[0.05] * 10 + [0.5]], np.float32)
    blended = blend_probabilities(probabilities, drawing, examples, votes, blend)
    tally = np.zeros(11)
    tally[3], tally[5] = 1.5 * 9 / 16, 1.5 * 1 / 4  # 8 and 9: at and beyond the radius
    expected = (probabilities[0] + tally) / (1.0 + tally.sum())
    np.testing.assert_allclose(blended[0], expected, rtol=1e-5)


def test_no_example_near_leaves_the_models_answer_untouched() -> None:
    blend = Blend(radius=0.2, strength=1.1, relief=0.0)
    probabilities = np.array([[0.05] * 10 + [0.5]], np.float32)
    examples = np.stack([_at_distance(0.21), _at_distance(0.6)])
    votes = np.eye(10, dtype=np.float32)[[1, 2]]
    same = blend_probabilities(probabilities, _unit(0.0)[None, :], examples, votes, blend)
    assert same is probabilities


def test_relief_lowers_not_a_digit_by_the_summed_weights() -> None:
    blend = Blend(radius=0.4, strength=1.0, relief=2.0)
    probabilities = np.array([[0.05] * 10 + [0.5]], np.float32)
    examples = np.stack([_at_distance(0.0), _at_distance(0.2)])  # weights 1 and 1/4
    votes = np.eye(10, dtype=np.float32)[[4, 4]]
    blended = blend_probabilities(probabilities, _unit(0.0)[None, :], examples, votes, blend)
    row = probabilities[0].astype(np.float64).copy()
    row[10] *= np.exp(-2.0 * 1.25)
    row[4] += 1.25
    np.testing.assert_allclose(blended[0], row / row.sum(), rtol=1e-5)


def test_the_nearest_examples_weigh_what_the_radius_says(
    tmp_path: Path, recognizer: LiteRTRecognizer, base_arrays: list[np.ndarray]
) -> None:
    """Through the personal reader: each neighbour's weight is (1 - distance / radius)^2 for
    the blend it was given, with the real model's features."""
    profile = Profile.load(tmp_path / "profile")
    profile.add_examples(_examples(base_arrays, 30, seed=4))
    for radius in (0.1, DEFAULT_SETTINGS.blend.radius, 0.9):
        personal = PersonalRecognizer(recognizer, profile, Blend(radius=radius))
        neighbours = personal.nearest(base_arrays[6], count=30)
        assert len(neighbours) == 30
        distances = np.array([n.distance for n in neighbours])
        assert np.all(np.diff(distances) >= 0)  # nearest first
        weights = np.array([n.weight for n in neighbours])
        expected = np.clip(1.0 - distances / radius, 0.0, 1.0) ** 2
        np.testing.assert_allclose(weights, expected, rtol=1e-5, atol=1e-7)
        # Both sides of the radius are seen, so a weight that ignored it would show.
        assert (distances < radius).any()
        assert (distances > radius).any()


def test_several_drawings_are_blended_each_on_its_own() -> None:
    """A batch: each row gets its own examples' votes and is made to sum to 1 by itself; a
    drawing whose features are all zero is near nothing and keeps the model's answer."""
    blend = Blend(radius=0.4, strength=1.0, relief=0.0)
    probabilities = np.array([[0.05] * 10 + [0.5], [0.02] * 10 + [0.8], [0.1] * 10 + [0.0]])
    drawings = np.stack([_unit(0.0), _at_distance(0.2), np.zeros(3, np.float32)])
    examples = _unit(0.0)[None, :]
    votes = np.eye(10, dtype=np.float32)[[2]]
    blended = blend_probabilities(probabilities, drawings, examples, votes, blend)
    first, second = probabilities[0].copy(), probabilities[1].copy()
    first[2] += 1.0
    second[2] += 0.25
    np.testing.assert_allclose(blended[0], first / first.sum(), rtol=1e-6)
    np.testing.assert_allclose(blended[1], second / second.sum(), rtol=1e-6)
    np.testing.assert_array_equal(blended[2], probabilities[2])


def test_an_empty_batch_and_the_default_count_of_neighbours(
    tmp_path: Path, recognizer: LiteRTRecognizer, base_arrays: list[np.ndarray]
) -> None:
    profile = Profile.load(tmp_path / "profile")
    profile.add_examples(_examples(base_arrays, 10, seed=6))
    personal = PersonalRecognizer(recognizer, profile)
    empty = personal.predict_batch(np.zeros((0, 28, 28), np.float32))
    assert empty.shape == (0, 11)
    assert empty.dtype == np.float32
    assert len(personal.nearest(base_arrays[2])) == 3
    nothing = blend_probabilities(
        np.zeros((0, 11), np.float32),
        np.zeros((0, 3), np.float32),
        _unit(0.0)[None, :],
        np.eye(10, dtype=np.float32)[[1]],
    )
    assert nothing.shape == (0, 11)


def test_features_are_scaled_to_length_one_and_a_zero_row_stays_zero() -> None:
    from digitpad.reader.personal_model import _unit

    features = np.array([[3.0, 4.0], [0.0, 0.0], [0.3, 0.4]], np.float64)
    units = _unit(features)
    assert units.dtype == np.float32
    np.testing.assert_allclose(units, [[0.6, 0.8], [0.0, 0.0], [0.6, 0.8]], rtol=1e-6)


class TenClassModel:
    """A model that reads digits and gives no features: the bundled model's answers only."""

    def __init__(self, model: LiteRTRecognizer) -> None:
        self._model = model

    def predict(self, array: np.ndarray) -> np.ndarray:
        return self._model.predict(array)

    def predict_batch(self, arrays: np.ndarray) -> np.ndarray:
        return self._model.predict_batch(arrays)


class FeaturelessFile(LiteRTRecognizer):
    """The bundled model as a model file whose features cannot be read says it."""

    def features_batch(self, arrays: np.ndarray) -> np.ndarray:
        raise ModelError("The model file old.tflite gives no features.")


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (TenClassModel, "This model gives no features, so your handwriting profile is not used."),
        (lambda _: FeaturelessFile(), "The model file old.tflite gives no features."),
    ],
)
def test_a_model_without_features_reads_alone_and_says_why_in_plain_words(
    tmp_path: Path,
    recognizer: LiteRTRecognizer,
    base_arrays: list[np.ndarray],
    make: object,
    problem: str,
) -> None:
    """The profile's examples are then not used: the model's own answers, and the reason.
    (tests/test_handwriting_profile.py checks a real model file exported without features.)"""
    profile = Profile.load(tmp_path / "profile")
    profile.add(1, array=base_arrays[7])
    model = make(recognizer)  # type: ignore[operator]
    personal = PersonalRecognizer(model, profile)
    np.testing.assert_array_equal(
        personal.predict(base_arrays[7]), recognizer.predict(base_arrays[7])
    )
    assert personal.examples_in_use == 0
    assert personal.problem == problem
    assert personal.nearest(base_arrays[7]) == []


def test_a_taught_digit_of_a_pictures_number_reads_as_taught_over_the_line_model(
    tmp_path: Path,
) -> None:
    """The line model reads "2026" in this picture whatever its second digit's drawing is
    taught as; the person's word on that very drawing wins (and an empty profile changes
    nothing)."""
    from digitpad.reader import Reader
    from tests.data.composed_numbers import compose, picture_of

    ink, _ = compose("2026")
    picture = picture_of(ink)
    reader = Reader.bundled()
    alone = reader.read_number_picture(picture)
    assert alone.number == "2026"
    profile = Profile.load(tmp_path / "profile")
    personal = reader.with_profile(profile)
    assert personal.read_number_picture(picture).number == "2026"
    profile.add(8, array=alone.digits[1].array)
    assert personal.read_number_picture(picture).number == "2826"
    assert personal.read_picture(picture).text == "2826"
