"""Phone photo styles (training/photos.py): the sets cover every paper under every light."""

from __future__ import annotations

import numpy as np

from training.photos import LIGHTS, PAPERS, PhotoStyle


def test_any_twelve_photos_in_a_row_meet_every_paper_under_every_light() -> None:
    rng = np.random.default_rng(0)
    styles = [PhotoStyle.cycled(rng, index) for index in range(30)]
    for start in range(len(styles) - 11):
        pairs = {(s.paper, s.light) for s in styles[start : start + 12]}
        assert pairs == {(paper, light) for paper in PAPERS for light in LIGHTS}
