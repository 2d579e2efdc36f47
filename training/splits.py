"""Which real-handwriting samples the model may train on, and which are held out.

Training on some UNIPEN and USPS digits teaches the model how pen-drawn and
scanned digits look after our preprocessing; the accuracy we report on those
sets is measured on the parts held out here (whole UNIPEN sources: other
institutions, other writers), never on what was trained on.
"""

from __future__ import annotations

import numpy as np

#: Whole UNIPEN sources kept out of training (about 28% of the set): the
#: reported pen-digit accuracy comes from these writers only.
UNIPEN_HOLDOUT_SOURCES = frozenset({"gmd", "tos", "art", "cea", "lou"})
#: Letters ("not a digit") of the same held-out sources, and of one source that
#: wrote letters only (mot): the reported refusal rate counts these writers only.
LETTER_HOLDOUT_SOURCES = UNIPEN_HOLDOUT_SOURCES | {"mot"}
#: Share of USPS scans held out (a fixed random split).
USPS_HOLDOUT_FRACTION = 0.3
SPLIT_SEED = 20261123


def usps_holdout_mask(count: int) -> np.ndarray:
    """Boolean mask of the held-out USPS samples (fixed, independent of the training seed)."""
    return _fixed_pick(count, round(count * USPS_HOLDOUT_FRACTION), SPLIT_SEED)


def mnist_validation_mask(count: int, size: int) -> np.ndarray:
    """Boolean mask of ``size`` MNIST training digits kept out to choose between recipes on
    (``python -m training.train --mnist-validation``): the same digits for every run and
    seed, so that candidates are compared on one set, and the test set is looked at once."""
    if not 0 <= size < count:
        raise ValueError(f"cannot keep {size} of {count} training digits out")
    return _fixed_pick(count, size, SPLIT_SEED + 1)


def _fixed_pick(count: int, size: int, seed: int) -> np.ndarray:
    """A mask of ``size`` of ``count`` samples picked at random, the same for every call."""
    order = np.random.default_rng(seed).permutation(count)
    mask = np.zeros(count, dtype=bool)
    mask[order[:size]] = True
    return mask


def car_a_held_out(index: int) -> bool:
    """Whether row ``index`` of CAR-A's ``labels.jsonl`` is held out: the odd rows are
    measured (``training.evaluate_numbers``), the even ones may be tuned and trained on."""
    return index % 2 == 1
