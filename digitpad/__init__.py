"""digitpad: draw or open a handwritten digit and see what it is, live.

The package is layered so each part can be read alone: :mod:`digitpad.ink` and
:mod:`digitpad.preprocess` are pure numpy/Pillow, :mod:`digitpad.inference`
runs the model without Qt, and only the GUI modules import Qt.
"""

__version__ = "0.1.0"
