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
   ended (done, given up, or its process died). Let go of it at once. The
   wait sleeps in the kernel (`F_OFD_SETLKW`, in a helper thread, so that the
   caller can still give up at its deadline) and wakes the moment that turn
   ends: polling cost up to 2 ms at every hand-over, and woke four waiting
   processes hundreds of times a second on a 2-core machine.
3. Take the session's lock as before, do the change, let go of it; then
   let go of byte `FIRST_SLOT + n`, which starts the next turn.

The turns only order the waiting: the session's lock alone keeps changes
apart, so anything odd here (no OFD locks on this system, an unwritable or
truncated `.turns` file) only means waiting as before, never two writers.
"""

from __future__ import annotations

import os
import struct
import threading
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
_OFD_SETLKW: int | None = getattr(fcntl, "F_OFD_SETLKW", None)
"""The same lock, waited for in the kernel."""
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
        if not self._wait_for(FIRST_SLOT + number - 1, deadline, poll):
            self.end()
            return False
        return True

    def _wait_for(self, before: int, deadline: float, poll: float) -> bool:
        """Wait until the turn at byte `before` has ended; False if `deadline` passed first."""
        assert self._fd is not None
        if _byte(self._fd, before, fcntl.F_WRLCK):
            _byte(self._fd, before, fcntl.F_UNLCK)
            return True
        if _OFD_SETLKW is not None:
            ended = threading.Event()
            threading.Thread(target=_await_end, args=(self._path, before, ended), name="panel-tui-turn", daemon=True).start()
            return ended.wait(max(0.0, deadline - time.monotonic()))
        pause = poll / 8
        while not _byte(self._fd, before, fcntl.F_WRLCK):
            if time.monotonic() > deadline:
                return False
            time.sleep(pause)  # short at first: the turn before is usually a change of a few milliseconds
            pause = min(pause * 2, poll)
        _byte(self._fd, before, fcntl.F_UNLCK)
        return True

    def end(self) -> None:
        """End this turn (closing the file lets go of its locks): the next process in the queue goes on."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)


def _await_end(path: Path, offset: int, ended: threading.Event) -> None:
    """Sleep until byte `offset` can be locked (its turn has ended), let go of it, and say so.

    Its own open file, so its lock is its own: if the caller gave up meanwhile, this
    thread still wakes when that turn ends, and lets go at once (nobody else waits
    for that byte). Any error just ends the wait: the session's lock still keeps
    changes apart.
    """
    assert _OFD_SETLKW is not None
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        ended.set()
        return
    try:
        fcntl.fcntl(fd, _OFD_SETLKW, _LOCK.pack(fcntl.F_WRLCK, os.SEEK_SET, offset, 1, 0))
    except OSError:
        pass
    finally:
        os.close(fd)  # lets go of the byte
        ended.set()


def _byte(fd: int, offset: int, kind: int) -> bool:
    """Try to lock (F_WRLCK) or unlock (F_UNLCK) one byte; False when someone else holds it."""
    assert _OFD_SETLK is not None
    try:
        fcntl.fcntl(fd, _OFD_SETLK, _LOCK.pack(kind, os.SEEK_SET, offset, 1, 0))
    except OSError:
        return False
    return True
