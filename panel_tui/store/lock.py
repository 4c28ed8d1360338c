"""One lock per session file, held around every read-modify-write.

A `filelock.FileLock` on a separate `.lock` file serialises processes (the
data file itself cannot be locked: os.replace swaps its inode); an RLock
serialises the threads of one process, which share one cached copy.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from ..domain.errors import PanelError

WAIT_SECONDS = 30.0


def lock_path(session_path: Path) -> Path:
    return session_path.with_name(session_path.name + ".lock")


class SessionBusy(PanelError):
    pass


class SessionLock:
    def __init__(self, session_path: Path) -> None:
        self._threads = threading.RLock()
        self._file = FileLock(str(lock_path(session_path)), mode=0o600, thread_local=False)

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._threads:
            try:
                self._file.acquire(timeout=WAIT_SECONDS)
            except Timeout:
                raise SessionBusy(
                    "Another terminal has held this session for 30 seconds. "
                    "Nothing was saved; try again."
                ) from None
            try:
                yield
            finally:
                self._file.release()

    @contextmanager
    def threads_only(self) -> Iterator[None]:
        """For reads: the file is replaced atomically, so readers need no file lock."""
        with self._threads:
            yield
