"""A TinyDB storage that is atomic, checked, cached by file identity, batchable, and journalled.

TinyDB re-reads and rewrites the whole file on every operation. This storage
keeps the parsed file in memory. A save appends only the records it changed
to the session's journal (`journal`), and the whole file is rewritten (a
compaction) only once the journal has grown past the file's own size. When
another process saved, a re-read follows the journal from where this process
last read it (a few kilobytes), and checks the records it changed; when the
base itself was replaced, it reads everything again. Either way the file goes
through the same checks as opening (`checks.load`, `checks.follow`, and the
committed length of the audit log), so a damaged, foreign, older or newer
file is never written over. Inside a batch it holds all writes of one
logical operation and writes them once.

Only the thread holding the session's lock uses it: TinyDB changes the
cached tables in place, so readers never look at them (see `SessionFile`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from ..domain.state import SessionState
from ..safe_files import write_atomic
from . import journal
from .audit_log import audit_path, check_length
from .checks import CheckedModels, Loaded, follow, load
from .errors import SessionDamaged, SessionMissing, StoreError
from .journal import NO_JOURNAL, Entry, Journal, base_id, journal_path
from .migrations import META_ID, META_TABLE

Tables = dict[str, dict[str, Any]]
Stamp = tuple[int, int, int]
SessionStamp = tuple[Stamp | None, Stamp | None]
"""The base file's identity and its journal's: a new version of either is a new version of the session."""
READ_TRIES = 50
"""A compaction between reading the base and its journal means reading again; one in a row is already rare."""
JOURNAL_FLOOR = 64 * 1024
"""The journal may grow to the base file's size, and at least this, before a save compacts it."""


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


def session_stamp(path: Path) -> SessionStamp:
    """Identity of the session's current version: two stats, no reading."""
    return file_stamp(path), file_stamp(journal_path(path))


@dataclass(frozen=True)
class SessionRead:
    """One whole version of a session: its base with its journal applied."""

    tables: Tables
    stamp: SessionStamp
    journal: Journal
    base_size: int


def read_session(path: Path) -> SessionRead:
    """Read the base, then its journal, and apply it; again if a compaction replaced the base meanwhile."""
    for _ in range(READ_TRIES):
        raw, base = read_raw(path)
        tables = parse_tables(path, raw)
        data, journal_stamp = journal.read_bytes(path)
        if file_stamp(path) != base:
            continue
        found = journal.parse(path, data, base_id(raw))
        for entry in found.entries:
            entry.apply(tables)
        return SessionRead(tables, (base, journal_stamp), found, len(raw))
    raise StoreError(path, f"The session file {path} kept changing while it was read. Try again in a moment.")


def read_tables(path: Path) -> Tables:
    return read_session(path).tables


def reread(path: Path, checked: CheckedModels | None = None) -> tuple[SessionRead, Loaded]:
    """Read the session again after another process changed it, checked as opening checks it.

    An older version is refused here rather than migrated: see `checks.load`.
    `checked`: the open file's records already checked, so only changed ones are validated again.
    """
    read = read_session(path)
    loaded = load(path, read.tables, migrate_older=False, checked=checked)
    check_length(audit_path(path), loaded.meta.audit_bytes)
    return read, loaded


def dump_tables(tables: Tables) -> bytes:
    return orjson.dumps(tables)


class SessionStorage(Storage):
    """The storage behind the one TinyDB instance of a `SessionFile`; used under its lock only."""

    def __init__(self, path: str | Path, checked: CheckedModels | None = None, **_: Any) -> None:
        self.path = Path(path)
        self.checked = checked or CheckedModels()
        """Records already checked (shared with the file's lock-free readers)."""
        self._data: Tables | None = None
        self._stamp: SessionStamp | None = None
        self._journal: Journal = NO_JOURNAL
        self._base_size = 0
        self._loaded: Loaded | None = None
        self._batch = 0
        self._dirty = False
        self._touched: dict[tuple[str, str], None] = {}
        """The records this batch changed, in order: what its journal line holds."""
        self._waiting = 0
        """How many audit entries wait in `_meta` as last read or written: a line adds only the ones after them."""
        self._touches = 0
        self._touches_written = 0
        self._whole = False
        """A write that touched no record we were told of (TinyDB used directly): only a compaction is safe."""
        self.compact_next = False
        """Set for a change that must leave nothing of older versions behind (a purge): it rewrites the whole file."""

    # TinyDB's interface -------------------------------------------------

    def read(self) -> Tables | None:
        if self._batch == 0:
            self.refresh()
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data
        if self._touches == self._touches_written:
            self._whole = True
        self._touches_written = self._touches
        if self._batch:
            self._dirty = True
            return
        self._flush()

    def close(self) -> None:
        self._data = None
        self._stamp = None
        self._loaded = None
        self._journal = NO_JOURNAL

    # Ours ---------------------------------------------------------------

    def touch(self, table: str, doc_id: str) -> None:
        """Called by the table just before it puts or removes a record: the record goes in the journal line."""
        self._touched[(table, doc_id)] = None
        self._touches += 1

    def refresh(self) -> bool:
        """Catch up with another process's saves, with every check; True when there was something new."""
        stamp = session_stamp(self.path)
        if self._data is not None and stamp == self._stamp:
            return False
        if not self._follow(stamp):
            read, loaded = reread(self.path, self.checked)
            self._data, self._stamp, self._journal, self._loaded = loaded.tables, read.stamp, read.journal, loaded
            self._base_size = read.base_size
        assert self._loaded is not None
        self._waiting = len(self._loaded.meta.audit_pending)
        return True

    def _follow(self, stamp: SessionStamp) -> bool:
        """Apply just the journal lines added since this process last read it; False when a whole read is needed."""
        was, data, loaded = self._stamp, self._data, self._loaded
        if was is None or data is None or loaded is None or not self._journal.ours:
            return False
        now, before = stamp[1], was[1]
        if stamp[0] != was[0] or now is None or before is None or now[0] != before[0] or now[2] < self._journal.end:
            return False
        added, journal_stamp = journal.read_bytes(self.path, self._journal.end)
        if journal_stamp is None or journal_stamp[0] != now[0] or file_stamp(self.path) != stamp[0]:
            return False
        entries, used = journal.parse_lines(self.path, added, self._journal.lines + 1)
        changed: dict[tuple[str, str], None] = {}
        removed = False
        for entry in entries:
            entry.apply(data)
            changed.update(dict.fromkeys(entry.keys()))
            removed = removed or bool(entry.removed)
        try:
            followed = follow(self.path, loaded, data, list(changed), removed, self.checked)
            check_length(audit_path(self.path), followed.meta.audit_bytes)
        except BaseException:
            self.close()  # the cached tables hold the changes just applied: never write from them
            raise
        self._loaded = followed
        self._stamp = (stamp[0], journal_stamp)
        self._journal = Journal([], self._journal.end + used, self._journal.lines + len(entries), True)
        return True

    @property
    def stamp(self) -> SessionStamp | None:
        return self._stamp

    def whole(self) -> bytes:
        """The session as last read or written, as one file with no journal: what a backup holds."""
        return dump_tables(self.tables)

    @property
    def checked_state(self) -> SessionState | None:
        """The state as read and checked, if nothing has changed the tables since."""
        return self._loaded.state if self._loaded is not None else None

    def remember(self, loaded: Loaded) -> None:
        """The state a transaction just wrote (its own checks made it): the next re-read follows on from it."""
        if self._data is loaded.tables:
            self._loaded = loaded

    def begin(self) -> None:
        if self._batch == 0:
            self.refresh()
            self._dirty = False
            self._touched.clear()
            self._touches = self._touches_written = 0
            self._whole = False
        self._batch += 1

    def rewrite_whole(self) -> None:
        """Write the whole file at the end of this batch even if nothing changed: the journal is folded in."""
        self._dirty = self.compact_next = True

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
            if self._whole or self.compact_next or not self._journal.ours or self._journal.end > max(JOURNAL_FLOOR, self._base_size):
                self._compact(self._data)
            else:
                self._append(self._data)
        except BaseException:
            self.close()
            raise
        finally:
            self._touched.clear()
            self._whole = self.compact_next = False
        self._loaded = None

    def _append(self, data: Tables) -> None:
        entry = Entry()
        for table, doc_id in self._touched:
            doc = data.get(table, {}).get(doc_id)
            if doc is None:
                entry.removed.setdefault(table, []).append(doc_id)
                continue
            waiting = doc.get(journal.AUDIT_PENDING) if (table, doc_id) == (META_TABLE, META_ID) else None
            if isinstance(waiting, list) and len(waiting) >= self._waiting:  # `_commit_audit` only ever adds to them
                entry.events = waiting[self._waiting:]
                doc = {k: v for k, v in doc.items() if k != journal.AUDIT_PENDING}
            entry.put.setdefault(table, {})[doc_id] = doc
        line = entry.line()
        journal_stamp = journal.append(self.path, self._journal.end, line)
        assert self._stamp is not None
        self._stamp = (self._stamp[0], journal_stamp)
        self._journal = Journal([], self._journal.end + len(line), self._journal.lines + 1, True)
        self._waiting = _waiting_in(data)

    def _compact(self, data: Tables) -> None:
        """Rewrite the whole file, then start a journal for exactly that file, empty (see `journal`)."""
        data.get(META_TABLE, {}).get(META_ID, {}).pop(journal.BACKUP_MARK, None)  # if a backup was put back by hand
        payload = dump_tables(data)
        write_atomic(self.path, payload)
        head = journal.header(base_id(payload))
        write_atomic(journal_path(self.path), head)
        self._base_size = len(payload)
        self._journal = Journal([], len(head), 1, True)
        self._stamp = session_stamp(self.path)
        self._waiting = _waiting_in(data)


def _waiting_in(tables: Tables) -> int:
    waiting = tables.get(META_TABLE, {}).get(META_ID, {}).get(journal.AUDIT_PENDING, [])
    return len(waiting) if isinstance(waiting, list) else 0
