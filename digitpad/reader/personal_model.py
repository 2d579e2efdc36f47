"""Reading with the person's profile: the model's answer, corrected by what they taught.

:class:`PersonalRecognizer` wraps the model and implements the same
:class:`~digitpad.reader.digit_model.Recognizer` protocol, so everything that reads
digits (the pad, pictures, whole numbers in :mod:`digitpad.reader.number_reader`, the
command line, the explanation in :mod:`digitpad.reader.explain`) reads through the
profile just by being given this recognizer instead of the model.

How it reads: the model gives its probabilities and, from the same run, its
penultimate-layer features (see :mod:`digitpad.reader.digit_model`). Each taught
example close to the drawing in that feature space (cosine distance under
:attr:`Blend.radius`) votes for its digit, with a weight of 1 up to
:attr:`Blend.same` (the same drawing, drawn again) falling to nothing at the
radius; the votes, times :attr:`Blend.strength`,
are added to the model's digit probabilities and the row is made to sum to 1
again. So:

- an empty profile, or a drawing no taught example is near, gets the model's
  own answer, the very same numbers;
- a drawing like one the person corrected gets the digit they taught;
- the radius is what keeps the examples from taking over other drawings: it
  was chosen by measurement, on writers apart from the ones the figures are
  reported on (``training/evaluate_profile.py``; the per-writer protocol with
  intervals is ``training/evaluate_corrections.py``);
- the same drawing taught as two digits (two examples nearer than
  :attr:`Blend.same`) counts as the later one only: the earlier is
  *overruled* (:attr:`PersonalRecognizer.overruled`, shown in Your
  Handwriting) and has no vote, so a person who changes their mind is
  read their latest way.

Pure numpy: no Qt, no TensorFlow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np

from digitpad.errors import ModelError
from digitpad.handwriting_profile import Example, Profile
from digitpad.reader.digit_model import FeatureRecognizer, Recognizer, as_batch
from digitpad.reader.settings import DEFAULT_SETTINGS, Blend
from digitpad.results import CLASSES, DIGIT_CLASSES, NOT_A_DIGIT


@dataclass(frozen=True)
class Neighbour:
    """A taught example near a drawing."""

    example: Example
    #: Cosine distance in the model's feature space (0 = the same to the model).
    distance: float
    #: How much it votes for its digit (0 beyond the blend's radius).
    weight: float


class PersonalRecognizer:
    """The model, with the person's taught examples voting where they are close.

    ``base`` must give features (``predict_with_features``: the bundled model
    does); a model file without them reads as the model alone, and
    :attr:`problem` says why the profile is not used. The examples' features
    are computed when first needed and again only for examples added since
    (the profile's revision says when), so teaching one more costs one run of
    the model. Not thread-safe, like the model itself.
    """

    def __init__(
        self, base: Recognizer, profile: Profile, blend: Blend = DEFAULT_SETTINGS.blend
    ) -> None:
        self.base = base
        # Used for features only once features_batch has answered (see refresh).
        self._featured = cast("FeatureRecognizer", base)
        self.profile = profile
        self.blend = blend
        #: Why the examples are not used, in plain words; None when they are (or there are none).
        self.problem: str | None = None
        self._revision = -1
        self._cache: dict[str, np.ndarray] = {}
        self._examples: tuple[Example, ...] = ()
        self._columns = np.zeros((0, 0), np.float32)
        self._votes = np.zeros((0, DIGIT_CLASSES), np.float32)
        #: Examples overruled by a later example of the same drawing taught as another
        #: digit: the earlier example's id -> the later example. They do not vote.
        self.overruled: dict[str, Example] = {}

    # ------------------------------------------------------------------ state

    @property
    def examples_in_use(self) -> int:
        """How many taught examples take part in the reading (0 when features are missing)."""
        self.refresh()
        return len(self._examples)

    def refresh(self) -> None:
        """Catch up with the profile (done before every reading; cheap when nothing changed)."""
        if self._revision == self.profile.revision:
            return
        examples = self.profile.examples
        missing = [e for e in examples if e.id not in self._cache]
        if missing and self.problem is None:
            try:
                features = self._featured.features_batch(np.stack([e.array for e in missing]))
            except (AttributeError, ModelError) as error:
                self.problem = (
                    str(error)
                    if isinstance(error, ModelError)
                    else "This model gives no features, so your handwriting profile is not used."
                )
            else:
                for example, vector in zip(missing, _unit(features), strict=True):
                    self._cache[example.id] = vector
        usable = tuple(e for e in examples if e.id in self._cache)
        self._cache = {e.id: self._cache[e.id] for e in usable}
        self.overruled = {}
        if usable:
            later = overruling(
                np.stack([self._cache[e.id] for e in usable]),
                np.array([e.label for e in usable]),
                self.blend,
            )
            self.overruled = {
                e.id: usable[int(j)] for e, j in zip(usable, later, strict=True) if j >= 0
            }
            usable = tuple(e for e in usable if e.id not in self.overruled)
        self._examples = usable
        if usable:
            # The examples' features as columns: see similarities().
            self._columns = np.ascontiguousarray(np.stack([self._cache[e.id] for e in usable]).T)
            self._votes = np.eye(DIGIT_CLASSES, dtype=np.float32)[[e.label for e in usable]]
        self._revision = self.profile.revision

    # ---------------------------------------------------------------- reading

    def predict_batch(self, arrays: np.ndarray) -> np.ndarray:
        """``(n, 28, 28)`` -> ``(n, 11)``: the model's probabilities with the examples' votes."""
        self.refresh()
        if not self._examples:
            return self.base.predict_batch(arrays)
        batch = as_batch(arrays)
        if len(batch) == 0:
            return np.zeros((0, CLASSES), np.float32)
        probabilities, features = self._featured.predict_with_features(batch)
        return self._blended(probabilities, features)

    def predict(self, array: np.ndarray) -> np.ndarray:
        """``(28, 28)`` -> ``(11,)``."""
        self.refresh()
        if not self._examples:
            return self.base.predict(array)
        result: np.ndarray = self.predict_batch(as_batch(array))[0]
        return result

    def _blended(self, probabilities: np.ndarray, features: np.ndarray) -> np.ndarray:
        return _blend(probabilities, _unit(features), self._columns, self._votes, self.blend)

    def taught_digits(self, arrays: np.ndarray) -> list[int | None]:
        """For each array, the digit of the taught example it redraws (nearer than
        :attr:`Blend.same`, the nearest such), or None: what the person said this very
        drawing is, which the number reader keeps over the line model's judgement."""
        self.refresh()
        batch = as_batch(arrays)
        if not self._examples or len(batch) == 0:
            return [None] * len(batch)
        _, features = self._featured.predict_with_features(batch)
        distances = 1.0 - similarities(_unit(features), self._columns)
        nearest = distances.argmin(axis=1)
        return [
            int(self._examples[int(j)].label) if row[j] < self.blend.same else None
            for row, j in zip(distances, nearest, strict=True)
        ]

    def nearest(self, array: np.ndarray, count: int = 3) -> list[Neighbour]:
        """The taught examples nearest to a drawing, nearest first (for showing "why").

        Empty when there are no examples in use.
        """
        self.refresh()
        if not self._examples:
            return []
        _, features = self._featured.predict_with_features(as_batch(array))
        distances = 1.0 - similarities(_unit(features), self._columns)[0]
        weights = _kernel(distances, self.blend)
        order = np.argsort(distances, kind="stable")[:count]
        return [Neighbour(self._examples[i], float(distances[i]), float(weights[i])) for i in order]


def overruling(units: np.ndarray, labels: np.ndarray, blend: Blend) -> np.ndarray:
    """For each example (oldest first), the index of the latest later example of the same
    drawing (nearer than :attr:`Blend.same`) taught as another digit; -1 when none.

    ``units``: the examples' unit features, ``(m, k)``; ``labels``: their digits.
    Computed once per change of the profile (``m`` is at most 2,000).
    """
    count = len(labels)
    if count < 2:
        return np.full(count, -1)
    close = units @ units.T > 1.0 - blend.same
    conflict = np.triu(close & (labels[:, None] != labels[None, :]), k=1)
    latest = count - 1 - np.argmax(conflict[:, ::-1], axis=1)
    result: np.ndarray = np.where(conflict.any(axis=1), latest, -1)
    return result


def blend_probabilities(
    probabilities: np.ndarray,
    units: np.ndarray,
    examples: np.ndarray,
    votes: np.ndarray,
    blend: Blend = DEFAULT_SETTINGS.blend,
) -> np.ndarray:
    """The model's ``(n, 11)`` probabilities with the examples' votes added (the rule above).

    ``units``: the drawings' features scaled to length 1, ``(n, k)``;
    ``examples``: the examples' likewise, ``(m, k)``; ``votes``: each
    example's digit one-hot, ``(m, 10)``. Rows no example is near are
    returned untouched (the same array when no row is).
    """
    return _blend(probabilities, units, np.ascontiguousarray(examples.T), votes, blend)


def _blend(
    probabilities: np.ndarray,
    units: np.ndarray,
    columns: np.ndarray,
    votes: np.ndarray,
    blend: Blend,
) -> np.ndarray:
    weights = _kernel(1.0 - similarities(units, columns), blend)
    tally = (
        np.stack([np.einsum("ij,i->j", votes, row) for row in weights])
        if len(weights)
        else votes[:0]
    )
    near = tally.sum(axis=1)
    voted = near > 0
    if not voted.any():
        return probabilities
    result: np.ndarray = probabilities.copy()
    rows = result[voted]
    if rows.shape[1] > DIGIT_CLASSES:
        rows[:, NOT_A_DIGIT] *= np.exp(-blend.relief * near[voted])
    rows[:, :DIGIT_CLASSES] += blend.strength * tally[voted]
    result[voted] = rows / rows.sum(axis=1, keepdims=True)
    return result


def similarities(units: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``(n, m)`` cosine similarities of unit rows with the examples, ``columns`` being the
    examples' unit features as columns, ``(k, m)``.

    Each drawing's features are mostly zero (ReLU: about a fifth are not), so
    only the examples' rows for those features are summed. And not by BLAS:
    OpenBLAS splits a product this size over several threads, and on a busy
    machine (here, a model training on both cores) waiting for them took
    8-12 ms for 1,000 examples instead of 0.2 ms; numpy's own loop
    (``einsum``) runs on the calling thread. See tests/benchmarks/bench_profile.py.
    """
    rows = []
    for unit in units:
        used = np.flatnonzero(unit)
        rows.append(np.einsum("ji,j->i", columns[used], unit[used]))
    return np.stack(rows) if rows else np.zeros((0, columns.shape[1]), np.float32)


def _kernel(distances: np.ndarray, blend: Blend) -> np.ndarray:
    """An example's vote by its distance: 1 at 0, falling to nothing at the radius.

    A full 1 for anything nearer than :attr:`Blend.same` (the drawing taught, drawn
    again): a vote of ``strength`` above 1 then outweighs any digit's probability
    and "not a digit" alike, so a redraw of a taught example always reads as taught.
    """
    falling = np.square(np.clip(1.0 - distances / blend.radius, 0.0, 1.0))
    return np.where(distances < blend.same, 1.0, falling)


def _unit(features: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (a zero row stays zero: it is near nothing)."""
    features = np.asarray(features, dtype=np.float32)
    norms = np.linalg.norm(features, axis=1, keepdims=True)
    result: np.ndarray = np.divide(features, norms, out=np.zeros_like(features), where=norms > 0)
    return result
