"""A TinyDB storage that is atomic, cached by file identity, and batchable.

TinyDB re-reads and rewrites the whole file on every operation. This storage
keeps the parsed file in memory and re-reads only when the file on disk is a
different one (another process replaced it), and inside a batch it holds all
writes of one logical operation and writes the file once, atomically.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from .atomic import write_atomic
from .errors import SessionDamaged, SessionMissing, StoreError

Tables = dict[str, dict[str, Any]]
Stamp = tuple[int, int, int]


def file_stamp(path: Path) -> Stamp | None:
    """Identity of the file's current version: os.replace gives each write a new inode."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def parse_tables(path: Path, raw: bytes) -> Tables:
    """Parse a session file's bytes; anything odd is damage, never 'empty'."""
    if not raw.strip():
        raise SessionDamaged(path, "the file is empty")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise SessionDamaged(path, f"it is not complete or not valid ({error.msg} at character {error.pos})") from None
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise SessionDamaged(path, "it does not have the layout of a session file")
    for name, table in data.items():
        if not all(isinstance(doc, dict) for doc in table.values()):
            raise SessionDamaged(path, f"the '{name}' part does not have the layout of a session file")
    return data


def read_tables(path: Path) -> Tables:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SessionMissing(path) from None
    except IsADirectoryError:
        raise StoreError(path, f"{path} is a folder, not a session file. Give the path of a .json session file.") from None
    return parse_tables(path, raw)


def dump_tables(tables: Tables) -> bytes:
    return orjson.dumps(tables)


class SessionStorage(Storage):
    """The storage behind every TinyDB instance in panel-tui.

    Not thread-safe by itself: `SessionFile` holds its lock around every use.
    """

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)
        self._data: Tables | None = None
        self._stamp: Stamp | None = None
        self._batch = 0
        self._dirty = False

    # TinyDB's interface -------------------------------------------------

    def read(self) -> Tables | None:
        if self._batch == 0:
            self.refresh()
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data
        if self._batch:
            self._dirty = True
            return
        self._flush()

    def close(self) -> None:
        self._data = None
        self._stamp = None

    # Ours ---------------------------------------------------------------

    def refresh(self) -> bool:
        """Re-read if another process replaced the file; True when it did."""
        stamp = file_stamp(self.path)
        if stamp is not None and stamp == self._stamp and self._data is not None:
            return False
        data = read_tables(self.path)
        self._data, self._stamp = data, stamp
        return True

    def is_stale(self) -> bool:
        return file_stamp(self.path) != self._stamp

    def begin(self) -> None:
        if self._batch == 0:
            self.refresh()
            self._dirty = False
        self._batch += 1

    def commit(self) -> bool:
        """End a batch; write once if anything changed. True when written."""
        self._batch -= 1
        if self._batch == 0 and self._dirty:
            self._dirty = False
            self._flush()
            return True
        return False

    def rollback(self) -> None:
        """Forget a failed batch: TinyDB mutated our cached dict in place."""
        self._batch = 0
        self._dirty = False
        self.close()

    @property
    def tables(self) -> Tables:
        if self._data is None:
            self.refresh()
        assert self._data is not None
        return self._data

    def _flush(self) -> None:
        assert self._data is not None
        try:
            write_atomic(self.path, dump_tables(self._data))
        except BaseException:
            self.close()
            raise
        self._stamp = file_stamp(self.path)
