"""The digitpad window: Qt widgets only, no image maths and no model code.

Widgets show what the pure modules compute: :mod:`digitpad.preprocess` turns
ink or pictures into the model's input, :mod:`digitpad.reader.digit_model` turns that
into probabilities, and these modules draw the result.
"""
