"""Where the tests find the data sets, and what happens when one is missing.

Skipped only when no data is configured at all (a plain ``pytest`` on a fresh
checkout); once ``DIGITPAD_DATA_DIR`` or a per-set variable is set, or under
CI, a missing or misnamed folder is a failure in plain words, so the accuracy
targets can never pass by being skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from training.datasets import DATA_ENV, SET_ENVS, data_dir


def data_folder(name: str) -> Path:
    """The folder of data set ``name`` ("mnist", "unipen-dev", "usps"): skip or fail without it.

    Skips only when no data is configured at all and CI is not set; otherwise a
    missing folder fails the test in plain words.
    """
    folder = data_dir(name)
    if folder is not None and folder.is_dir():
        return folder
    specific, root = os.environ.get(SET_ENVS[name]), os.environ.get(DATA_ENV)
    if specific:
        pytest.fail(f"{SET_ENVS[name]}={specific} is not a folder.", pytrace=False)
    if root:
        pytest.fail(
            f"The {name} data set is missing: {DATA_ENV}={root} holds no {name}/ folder.",
            pytrace=False,
        )
    if os.environ.get("CI"):
        pytest.fail(
            f"CI is set but {DATA_ENV} is not: the {name} data set is needed.", pytrace=False
        )
    pytest.skip(f"{name} data not configured (set {DATA_ENV})")
