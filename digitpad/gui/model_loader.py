"""Loading the model off the GUI thread, so the window appears at once.

The loader builds the recognizer in a worker thread and hands it to the GUI
thread through a queued signal; from then on it is used on the GUI thread
only (LiteRT's interpreter is not thread-safe, but it may be created in one
thread and used in another as long as no two use it at once).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from digitpad.errors import ModelError
from digitpad.handwriting_profile import Profile
from digitpad.reader.digit_model import LiteRTRecognizer, Recognizer
from digitpad.reader.personal_model import PersonalRecognizer

log = logging.getLogger(__name__)


class _Signals(QObject):
    loaded = Signal(object, float)
    failed = Signal(str)


class _LoadJob(QRunnable):
    def __init__(self, path: Path | None, signals: _Signals, profile: Profile | None) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._path = path
        self._signals = signals
        self._profile = profile

    def run(self) -> None:
        start = time.perf_counter()
        try:
            recognizer: Recognizer = LiteRTRecognizer(self._path)
            if self._profile is not None:
                # The taught examples' features are computed here, off the GUI thread
                # (a profile of 1,000 examples takes about half a second).
                personal = PersonalRecognizer(recognizer, self._profile)
                personal.refresh()
                recognizer = personal
        except ModelError as error:
            self._signals.failed.emit(str(error))
            return
        except (
            Exception
        ) as error:  # pragma: no cover - a bug's last guard: no real input reaches it
            log.exception("Unexpected error while loading the model")
            self._signals.failed.emit(f"The model could not be loaded ({error}).")
            return
        self._signals.loaded.emit(recognizer, time.perf_counter() - start)


class ModelLoader(QObject):
    """Starts one background load; emits :attr:`loaded` (recognizer, seconds) or :attr:`failed`.

    Given the person's profile, the recognizer is the model read through it
    (:class:`~digitpad.reader.personal_model.PersonalRecognizer`), made ready in the background.
    """

    loaded = Signal(object, float)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        # Queued to this (GUI-thread) object: the slots run on the GUI thread.
        self._signals.loaded.connect(self.loaded)
        self._signals.failed.connect(self.failed)

    def start(self, path: str | Path | None = None, profile: Profile | None = None) -> None:
        self._pool.start(self.job(path, profile))

    def job(self, path: str | Path | None = None, profile: Profile | None = None) -> QRunnable:
        """The load that :meth:`start` runs in the background.

        Its ``run()`` may also be called on the GUI thread, where the signals
        are delivered at once; coverage cannot follow Qt's own worker threads.
        """
        return _LoadJob(Path(path) if path is not None else None, self._signals, profile)

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Block until the load finished (for shutdown and tests)."""
        return self._pool.waitForDone(milliseconds)


__all__ = ["ModelLoader", "Recognizer"]
