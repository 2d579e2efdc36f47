"""Reading a file that someone else chose: only a regular file, and only so many bytes.

People open whatever lies in a folder or is typed on a command line, and
``/dev/zero``, ``/dev/urandom`` or a named pipe (FIFO) look like files to
``Path.read_bytes``: the first two never end (memory grows by gigabytes), the
last blocks until some other program writes to it (a hang). So every file the
program reads on someone's word (pictures, ink files, the profile, a model
file) comes through :func:`read_regular_file`, which refuses anything but a
regular file by what it is, before reading a byte of it, and reads at most
the caller's limit even if the file grows meanwhile.

The check is made twice: ``os.stat`` before opening (so a device is never
even opened, some have side effects on open), and ``os.fstat`` on the open
descriptor (so a file swapped for a FIFO between the two cannot hang us; the
open itself cannot block because it is non-blocking). Standard library only.
"""

from __future__ import annotations

import errno
import os
import stat

#: Reads are made in pieces of this size, so that a file that grows while it is
#: read never costs more than its limit plus one piece.
_PIECE = 1024 * 1024


class NotRegularFileError(OSError):
    """The path names a device, a named pipe or a socket: nothing to read as a file."""

    def __init__(self, what: str) -> None:
        super().__init__(errno.EINVAL, f"it is {what}, not a file")
        #: What the path is, in words ("a named pipe (FIFO)", "a device"...).
        self.what = what


class FileTooLargeError(OSError):
    """The file holds more bytes than the caller reads."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"it is larger than {limit:,} bytes")
        #: Its size when it was looked at (at least ``limit + 1``).
        self.size = size
        self.limit = limit


def kind_of(mode: int) -> str | None:
    """What a non-regular, non-folder file is, in words; None for a regular file or a folder."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "it is a folder")
    what = kind_of(mode)
    if what is not None:
        raise NotRegularFileError(what)


def read_regular_file(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`NotRegularFileError` for a device, FIFO or socket,
    ``IsADirectoryError`` for a folder, :class:`FileTooLargeError` when the
    file holds more than ``limit`` bytes, and the ``OSError`` of the system
    otherwise (missing, permission denied, a loop of links...).
    """
    _check(os.stat(path).st_mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(descriptor)
        _check(status.st_mode)
        if status.st_size > limit:
            raise FileTooLargeError(status.st_size, limit)
        return _read_at_most(descriptor, limit)
    finally:
        os.close(descriptor)


def _read_at_most(descriptor: int, limit: int) -> bytes:
    pieces: list[bytes] = []
    total = 0
    while True:
        piece = os.read(descriptor, min(_PIECE, limit + 1 - total))
        if not piece:
            return b"".join(pieces)
        pieces.append(piece)
        total += len(piece)
        if total > limit:  # it grew while being read
            raise FileTooLargeError(total, limit)
