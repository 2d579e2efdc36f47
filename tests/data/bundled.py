"""What the bundled model can do, for tests of behaviour that only the eleven-class model has.

The first release's model answers ten digits; issue 9's model adds "not a digit" and the
writing styles MNIST lacks. Tests of those carry ``needs_round_two_model``: a strict
expected failure while the bundled model is the ten-class one (so they still run and
show what is missing), and ordinary tests the moment the eleven-class model is bundled
(a pass while the ten-class model is bundled fails the run: the mark must then go).
"""

from __future__ import annotations

import pytest

from digitpad.inference import CLASSES, LiteRTRecognizer

BUNDLED_CLASSES = LiteRTRecognizer().model_classes

needs_round_two_model = pytest.mark.xfail(
    BUNDLED_CLASSES != CLASSES,
    reason="the bundled model is the first release's ten-class model: no 'not a digit', "
    "no round-two styles (issue 9)",
    strict=True,
)
