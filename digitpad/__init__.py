"""digitpad: draw or open a handwritten digit and see what it is, live.

Data flows one way: input -> arrays -> probabilities -> answer -> display.
:mod:`digitpad.ink`, :mod:`digitpad.picture_files` and :mod:`digitpad.preprocess`
turn drawings and pictures into 28x28 arrays (numpy and Pillow); :mod:`digitpad.reader`
reads them (its :class:`~digitpad.reader.Reader` owns the models and settings);
:mod:`digitpad.results` holds what it answers; only :mod:`digitpad.gui` and the
start-up (:mod:`digitpad.app`) import Qt. The import contracts in ``pyproject.toml``
check these layers.
"""

__version__ = "0.2.0"
