"""Errors the recognizer raises for input it cannot read.

Every message is written for the person who chose the file: plain words, no
jargon, so the CLI and the window can show ``str(error)`` as it is.
"""


class DigitpadError(Exception):
    """Base class: something the user can be told about in one sentence."""


class InputError(DigitpadError):
    """A file or drawing that cannot be read at all (missing, corrupt, unsupported)."""


class NoDigitError(DigitpadError):
    """The input was read but holds no ink: nothing to read, so no guess is made."""


class ModelError(DigitpadError):
    """The model file is missing, unreadable or not the model we expect."""
