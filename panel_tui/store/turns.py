"""Turns at a session's lock, first come first served, across processes (Linux).

The session's lock (`lock.SessionLock`) is a file lock that waiters poll,
and polling is not fair: a process that has just let go and asks again at
once usually wins against one that is asleep between two polls. Four other
terminals saving back to back could keep one screen's save waiting for a
long time. So before trying the lock, every process takes a numbered turn,
and waits until the turn before it is over.

How, with open-file-description byte-range locks (`F_OFD_SETLK`, which
belong to one open file, not to a process, and go away with it, so a
killed process never blocks a queue):

1. Under a lock on byte 0 of the `.turns` file (held for microseconds),
   read the next turn number `n` from bytes 0-7, write `n + 1`, and lock
   byte `FIRST_SLOT + n`: that byte is held for as long as this turn lasts.
2. Wait until byte `FIRST_SLOT + n - 1` can be locked: the turn before has
   ended (done, given up, or its process died). Let go of it at once.
3. Take the session's lock as before, do the change, let go of it; then
   let go of byte `FIRST_SLOT + n`, which starts the next turn.

The turns only order the waiting: the session's lock alone keeps changes
apart, so anything odd here (no OFD locks on this system, an unwritable or
truncated `.turns` file) only means waiting as before, never two writers.
"""

from __future__ import annotations

import os
import struct
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not a POSIX system: no turns, the lock alone
    fcntl = None  # type: ignore[assignment]

FIRST_SLOT = 16
"""Byte of turn 0; bytes 0-7 hold the next turn number."""
_OFD_SETLK: int | None = getattr(fcntl, "F_OFD_SETLK", None)
"""Linux only; elsewhere the turns are skipped."""
_LOCK = struct.Struct("hhqqi")  # struct flock: type, whence, start, len, pid (0 for OFD locks)
_NUMBER = struct.Struct("<q")


def turns_path(session_path: Path) -> Path:
    return session_path.with_name(session_path.name + ".turns")


class Turns:
    """One `SessionLock`'s place in the queue for a session's lock (one turn at a time: its RLock sees to that)."""

    def __init__(self, session_path: Path) -> None:
        self._path = turns_path(session_path)
        self._fd: int | None = None
        """Open only during a turn: closing it ends the turn, whatever happened."""

    def take(self, deadline: float, poll: float) -> bool:
        """Take a turn and wait for the one before it to end; False if `deadline` (monotonic) passed first.

        With no turns on this system, True at once: the caller just waits for the lock as before.
        """
        if _OFD_SETLK is None:
            return True
        try:
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            return True
        self._fd = fd
        while not _byte(fd, 0, fcntl.F_WRLCK):
            if time.monotonic() > deadline:
                self.end()
                return False
            time.sleep(poll / 4)
        try:
            raw = os.pread(fd, _NUMBER.size, 0)
            number = _NUMBER.unpack(raw)[0] if len(raw) == _NUMBER.size else 0
            number = number if 0 <= number < 2**62 else 0
            os.pwrite(fd, _NUMBER.pack(number + 1), 0)
            mine = _byte(fd, FIRST_SLOT + number, fcntl.F_WRLCK)
        except OSError:
            mine = False
        finally:
            _byte(fd, 0, fcntl.F_UNLCK)
        if not mine:  # the count was reset under a process still holding that turn: wait for the lock as before
            self.end()
            return True
        before, pause = FIRST_SLOT + number - 1, poll / 8
        while not _byte(fd, before, fcntl.F_WRLCK):
            if time.monotonic() > deadline:
                self.end()
                return False
            time.sleep(pause)  # short at first: the turn before is usually a change of a few milliseconds
            pause = min(pause * 2, poll)
        _byte(fd, before, fcntl.F_UNLCK)
        return True

    def end(self) -> None:
        """End this turn (closing the file lets go of its locks): the next process in the queue goes on."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


def _byte(fd: int, offset: int, kind: int) -> bool:
    """Try to lock (F_WRLCK) or unlock (F_UNLCK) one byte; False when someone else holds it."""
    assert _OFD_SETLK is not None
    try:
        fcntl.fcntl(fd, _OFD_SETLK, _LOCK.pack(kind, os.SEEK_SET, offset, 1, 0))
    except OSError:
        return False
    return True
