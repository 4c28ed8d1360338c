"""A TinyDB storage that is atomic, checked, cached by file identity, and batchable.

TinyDB re-reads and rewrites the whole file on every operation. This storage
keeps the parsed file in memory and re-reads only when the file on disk is a
different one (another process replaced it); every re-read goes through the
same checks as opening (`reread`: `checks.load`, and the committed length of
the audit log), so a damaged, foreign, older or newer file is never written
over. Inside a batch it holds all writes of one logical operation and writes
the file once, atomically.

Only the thread holding the session's lock uses it: TinyDB changes the
cached tables in place, so readers never look at them (see `SessionFile`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from ..domain.state import SessionState
from ..safe_files import write_atomic
from .audit_log import audit_path, check_length
from .checks import CheckedModels, Loaded, load
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


def read_raw(path: Path) -> tuple[bytes, Stamp]:
    """The file's bytes and the identity of exactly the version read (a replace may happen at any time)."""
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except FileNotFoundError:
        raise SessionMissing(path) from None
    except IsADirectoryError:
        raise StoreError(path, f"{path} is a folder, not a session file. Give the path of a .json session file.") from None
    except OSError as error:
        raise SessionDamaged(path, f"it cannot be read ({error.strerror})") from None
    return raw, (st.st_ino, st.st_mtime_ns, st.st_size)


def read_tables(path: Path) -> Tables:
    return parse_tables(path, read_raw(path)[0])


def reread(path: Path, checked: CheckedModels | None = None) -> tuple[bytes, Stamp, Loaded]:
    """Read the file again after another process replaced it, checked as opening checks it.

    An older version is refused here rather than migrated: see `checks.load`.
    `checked`: the open file's records already checked, so only changed ones are validated again.
    """
    raw, stamp = read_raw(path)
    loaded = load(path, parse_tables(path, raw), migrate_older=False, checked=checked)
    check_length(audit_path(path), loaded.meta.audit_bytes)
    return raw, stamp, loaded


def dump_tables(tables: Tables) -> bytes:
    return orjson.dumps(tables)


class SessionStorage(Storage):
    """The storage behind the one TinyDB instance of a `SessionFile`; used under its lock only."""

    def __init__(self, path: str | Path, checked: CheckedModels | None = None, **_: Any) -> None:
        self.path = Path(path)
        self.checked = checked or CheckedModels()
        """Records already checked (shared with the file's lock-free readers)."""
        self._data: Tables | None = None
        self._raw: bytes = b""
        self._stamp: Stamp | None = None
        self._loaded: Loaded | None = None
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
        self._loaded = None

    # Ours ---------------------------------------------------------------

    def refresh(self) -> bool:
        """Re-read, with every check, if another process replaced the file; True when it did."""
        if self._data is not None and file_stamp(self.path) == self._stamp:
            return False
        raw, stamp, loaded = reread(self.path, self.checked)
        self._data, self._raw, self._stamp, self._loaded = loaded.tables, raw, stamp, loaded
        return True

    @property
    def stamp(self) -> Stamp | None:
        return self._stamp

    @property
    def raw(self) -> bytes:
        """The bytes of the version last read or written: what a backup copies."""
        return self._raw

    @property
    def checked_state(self) -> SessionState | None:
        """The state as read and checked, if nothing has changed the tables since."""
        return self._loaded.state if self._loaded is not None else None

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
        payload = dump_tables(self._data)
        try:
            write_atomic(self.path, payload)
        except BaseException:
            self.close()
            raise
        self._raw = payload
        self._loaded = None
        self._stamp = file_stamp(self.path)
