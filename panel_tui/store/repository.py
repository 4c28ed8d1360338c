"""`SessionFile`: one hiring round in one TinyDB file.

Every change goes through `transaction()`: take the cross-process lock,
re-read the file if another terminal replaced it, apply the changes in
memory, append the audit events, then write the file once, atomically.
Either all of a logical operation lands or none of it does.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, cast

import orjson
from pydantic import BaseModel
from tinydb import TinyDB
from tinydb.table import Document, Table

from .. import __version__
from ..domain.models import AuditEvent, Session
from ..domain.records import KIND_OF, RECORD_KINDS, record_key
from ..domain.state import SessionState
from ..safe_files import make_private_folder, remove_orphans, write_atomic
from .audit_log import (
    EMPTY_LOG,
    CheckedLog,
    append_checked,
    append_events,
    audit_path,
    check_log,
    read_events,
)
from .checks import SESSION_DOC, Loaded, Meta, check_meta, load, state_from_tables
from .errors import FolderNotWritable, SessionExists, SessionMissing
from .journal import BACKUP_MARK, journal_path
from .lock import LOCK_TIMEOUT, SessionLock
from .migrations import META_ID, META_TABLE, SCHEMA_VERSION
from .storage import (
    SessionStamp,
    SessionStorage,
    Stamp,
    Tables,
    dump_tables,
    file_stamp,
    read_raw,
    read_session,
    read_tables,
    reread,
    session_stamp,
)

BACKUPS_KEPT = 3
BACKUP_INTERVAL = 300.0
AUDIT_BATCH = 64
"""Audit events wait in the session file until this many, then move to the log together."""


class _StringIdTable(Table):
    """Our own string ids: TinyDB's integer counter is cached per process and reused after deletes.

    TinyDB's type hints say document ids are ints; `document_id_class` makes
    ours strings, and these methods are the one place that says so.
    """

    document_id_class = str  # type: ignore[assignment]

    def has_doc(self, doc_id: str) -> bool:
        return self.contains(doc_id=_tinydb_id(doc_id))

    def read_doc(self, doc_id: str) -> dict[str, Any]:
        """A copy of the document (TinyDB returns its cached object), or {} when there is none."""
        found = self.get(doc_id=_tinydb_id(doc_id))
        return dict(found) if found is not None else {}

    def put_doc(self, doc_id: str, data: dict[str, Any]) -> None:
        """Insert, or wholly replace (TinyDB's upsert would merge fields)."""
        self._touch(doc_id)
        if not self.has_doc(doc_id):
            self.insert(Document(data, doc_id=_tinydb_id(doc_id)))
            return

        def overwrite(doc: MutableMapping[Any, Any]) -> None:
            doc.clear()
            doc.update(data)

        self.update(overwrite, doc_ids=[_tinydb_id(doc_id)])

    def remove_doc(self, doc_id: str) -> None:
        self._touch(doc_id)
        self.remove(doc_ids=[_tinydb_id(doc_id)])

    def _touch(self, doc_id: str) -> None:
        """Tell the storage which record changes, so a save appends just that record (see `journal`)."""
        cast(SessionStorage, self.storage).touch(self.name, doc_id)


def _tinydb_id(doc_id: str) -> int:
    return cast(int, doc_id)


class _SessionDB(TinyDB):
    table_class = _StringIdTable


def _table_of(model: BaseModel) -> str:
    return SESSION_DOC if isinstance(model, Session) else KIND_OF[type(model)].field  # type: ignore[index]


def _doc_id(model: BaseModel) -> str:
    return SESSION_DOC if isinstance(model, Session) else record_key(model)  # type: ignore[arg-type]


def backup_path(path: Path, n: int) -> Path:
    return path.with_name(f"{path.name}.{n}.bak")


def version_backup_path(path: Path, version: int) -> Path:
    """The copy of a file as it was before it was migrated from `version`."""
    return path.with_name(f"{path.name}.v{version}.bak")


def written_beside(path: Path) -> list[Path]:
    """Every file the store writes atomically for this session: whose orphaned temp files it may remove."""
    return [
        path,
        audit_path(path),
        journal_path(path),
        *(backup_path(path, n) for n in range(1, BACKUPS_KEPT + 1)),
        *(version_backup_path(path, v) for v in range(1, SCHEMA_VERSION)),
    ]


def _new_meta(audit_bytes: int) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "revision": 1, "audit_bytes": audit_bytes, "app": f"panel-tui {__version__}"}


def peek(path: Path) -> SessionState:
    """Read a session without locking or writing: for lists and `check`."""
    path = Path(path)
    return load(path, read_tables(path), migrate_older=True).state


def ensure_folder(folder: Path) -> None:
    """The folder for session files, made (owner only) if missing; a plain error when it cannot be written."""
    if folder.exists() and not folder.is_dir():
        raise FolderNotWritable(folder, "it is a file, not a folder")
    try:
        make_private_folder(folder)
    except OSError as error:
        raise FolderNotWritable(folder, error.strerror or "") from None
    if not os.access(folder, os.W_OK):
        raise FolderNotWritable(folder)


def audit_events_of(path: Path) -> list[AuditEvent]:
    """The committed audit trail, read without locking or writing: for `check`."""
    path = Path(path)
    loaded = load(path, read_tables(path), migrate_older=True)
    return read_events(audit_path(path), loaded.meta.audit_bytes, list(loaded.meta.audit_pending))


def move_new_session(built: Path, path: Path) -> bool:
    """Move a complete new session (file and audit trail) to `path` under its lock; False if one is there."""
    with SessionLock(path).held():
        if path.exists():
            return False
        try:
            built_file = SessionFile.open(built)
            built_file.compact()  # one whole file: its journal, now empty, stays behind with the scratch files
            journal_path(built).unlink(missing_ok=True)
            os.replace(audit_path(built), audit_path(path))
            os.replace(built, path)
        except OSError as error:
            raise FolderNotWritable(path.parent, error.strerror or "") from None
    return True


def _as_backup(tables: Tables) -> bytes:
    meta = tables.get(META_TABLE, {}).get(META_ID, {})
    return dump_tables({**tables, META_TABLE: {META_ID: {**meta, BACKUP_MARK: os.urandom(8).hex()}}})


def _holds(path: Path, payload: bytes) -> bool:
    """The backup at `path` holds the session whose whole file is `payload` (its mark aside)."""
    try:
        tables = orjson.loads(path.read_bytes())
        tables[META_TABLE][META_ID].pop(BACKUP_MARK, None)
        return bool(dump_tables(tables) == payload)
    except (OSError, orjson.JSONDecodeError, TypeError, KeyError, AttributeError):
        return False


@dataclass(frozen=True)
class Snapshot:
    """One whole version of the file as read (a replace is atomic, so a reader always sees a whole one)."""

    stamp: SessionStamp | None
    state: SessionState
    meta: Meta


class Transaction:
    """The changes of one logical operation, written together on exit."""

    def __init__(self, session_file: SessionFile, state: SessionState | None) -> None:
        self._file = session_file
        self._state = state
        self.events: list[AuditEvent] = []
        self.changed = False

    @property
    def state(self) -> SessionState:
        """The session as it is now, including this transaction's changes so far."""
        if self._state is None:
            self._state = self._file._state_from_db()
        return self._state

    def put(self, model: BaseModel) -> None:
        """Insert or wholly replace one document."""
        self._file._table(_table_of(model)).put_doc(_doc_id(model), model.model_dump(mode="json"))
        self._state = self.state.with_model(model)  # type: ignore[arg-type]
        self.changed = True

    def remove(self, model: BaseModel) -> None:
        table = self._file._table(_table_of(model))
        doc_id = _doc_id(model)
        if table.has_doc(doc_id):
            table.remove_doc(doc_id)
            self._state = self.state.without_model(model)  # type: ignore[arg-type]
            self.changed = True

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)
        self.changed = True


class SessionFile:
    """An open session file. Safe to share between the threads of one process.

    The lock discipline (STYLE.md): readers (`state`, `snapshot`,
    `audit_events`) never lock and never wait: the file is replaced
    atomically, so a reader always parses one whole version, and the cached
    snapshot is swapped in one assignment. Only `transaction` takes the lock,
    for one read-modify-write of milliseconds; nothing slow (rendering, an
    export, waiting on the UI) ever happens inside one.
    """

    def __init__(self, path: Path, lock_timeout: float = LOCK_TIMEOUT) -> None:
        self.path = Path(path)
        self._lock = SessionLock(self.path, lock_timeout)
        self._storage = SessionStorage(self.path)
        self._db = _SessionDB(storage=lambda: self._storage)
        self._snap: Snapshot | None = None
        self._last_backup: float | None = None
        self._log_checked: CheckedLog = EMPTY_LOG
        """How much of the audit log this process has read back whole (or written itself)."""
        self._log_stamp: Stamp | None = None
        """The audit log's stamp then: unchanged means nobody else has appended since."""

    # Opening and creating ----------------------------------------------

    @classmethod
    def open(cls, path: str | Path, lock_timeout: float = LOCK_TIMEOUT) -> SessionFile:
        """Open for work: clean up after crashes, migrate an older file once, check it reads."""
        path = Path(path)
        if not path.exists():
            raise SessionMissing(path)
        session_file = cls(path, lock_timeout)
        session_file._prepare()
        return session_file

    @classmethod
    def create(cls, path: str | Path, session: Session, event: AuditEvent) -> SessionFile:
        """A new session file holding just the session details, with its first audit event."""
        return cls.restore(path, SessionState(session=session), [event])

    def _prepare(self) -> None:
        with self._lock.held():
            remove_orphans(*written_beside(self.path))
            loaded = load(self.path, read_session(self.path).tables, migrate_older=True)
            log = audit_path(self.path)
            self._log_checked = check_log(log, loaded.meta.audit_bytes)  # the waiting entries: checked by `load`
            self._log_stamp = file_stamp(log)
            if loaded.version < SCHEMA_VERSION:
                keep = version_backup_path(self.path, loaded.version)
                write_atomic(keep, read_raw(self.path)[0])  # an older file has no journal: its bytes are all of it
                write_atomic(self.path, dump_tables(loaded.tables))

    # Reading: never locks ------------------------------------------------

    def _table(self, name: str) -> _StringIdTable:
        return cast(_StringIdTable, self._db.table(name, cache_size=0))

    def _state_from_db(self) -> SessionState:
        tables = self._storage.tables
        checked = self._storage.checked
        return state_from_tables(self.path, tables, check_meta(self.path, tables, checked).revision, checked)

    def snapshot(self) -> Snapshot:
        """The file as it is now, checked; cheap when nobody has replaced it since the last read."""
        snap = self._snap
        if snap is not None and snap.stamp == session_stamp(self.path):
            return snap
        read, loaded = reread(self.path, self._storage.checked)
        snap = Snapshot(read.stamp, loaded.state, loaded.meta)
        self._snap = snap
        return snap

    def state(self) -> SessionState:
        """The session now (see `snapshot`)."""
        return self.snapshot().state

    def stamp(self) -> SessionStamp:
        """Which version of the session is on disk now: two stats, no parsing (for the app's watcher)."""
        return session_stamp(self.path)

    def watched_paths(self) -> tuple[Path, Path]:
        """The files whose change is a new version of the session: the file itself and its journal."""
        return self.path, journal_path(self.path)

    def audit_events(self, snap: Snapshot | None = None) -> list[AuditEvent]:
        """The audit trail as of `snap` (default: now): the committed log, then the waiting events."""
        snap = snap or self.snapshot()
        return read_events(audit_path(self.path), snap.meta.audit_bytes, list(snap.meta.audit_pending))

    # Writing -----------------------------------------------------------

    @contextmanager
    def transaction(self, *, whole: bool = False) -> Iterator[Transaction]:
        """One logical change under the lock. `whole`: rewrite the whole file, leaving no older version in its journal."""
        with self._lock.held():
            storage = self._storage
            storage.begin()
            try:
                snap = self._snap
                fresh = storage.checked_state
                if fresh is None and snap is not None and snap.stamp == storage.stamp:
                    fresh = snap.state
                self._rotate_backups()
                tx = Transaction(self, fresh)
                yield tx
                if tx.changed:
                    meta = self._commit_audit(tx.events)
                    storage.compact_next = whole
                    storage.commit()
                    state = replace(tx.state, revision=meta.revision)
                    storage.remember(Loaded(storage.tables, SCHEMA_VERSION, state, meta))
                    self._snap = Snapshot(storage.stamp, state, meta)
                else:
                    if whole:
                        storage.rewrite_whole()
                    storage.commit()
            except BaseException:
                storage.rollback()
                raise

    def compact(self) -> None:
        """Fold the journal of recent changes into the file, so the file alone holds the whole session."""
        with self.transaction(whole=True):
            pass

    def _meta(self) -> dict[str, Any]:
        return self._table(META_TABLE).read_doc(META_ID)

    def _write_meta(self, meta: dict[str, Any]) -> None:
        self._table(META_TABLE).put_doc(META_ID, meta)

    def _commit_audit(self, events: list[AuditEvent]) -> Meta:
        """Append the events, then record in `_meta` how much of the log is committed."""
        meta = self._meta()
        committed = int(meta.get("audit_bytes", 0))
        waiting = list(meta.get("audit_pending", [])) + [e.model_dump(mode="json") for e in events]
        if len(waiting) >= AUDIT_BATCH:
            log = audit_path(self.path)
            if self._log_checked.length != committed or self._log_stamp is None or file_stamp(log) != self._log_stamp:
                self._log_checked = check_log(log, committed, self._log_checked)  # never append to a trail that does not read back whole
            self._log_checked = append_checked(log, self._log_checked, waiting)
            self._log_stamp = file_stamp(log)
            committed = self._log_checked.length
            waiting = []
        revision = int(meta.get("revision", 0)) + 1
        meta.update(revision=revision, audit_bytes=committed, audit_pending=waiting)
        self._write_meta(meta)
        return Meta(revision, committed, tuple(waiting))

    def _rotate_backups(self) -> None:
        """Keep the last few good versions: on a process's first write, then every few minutes.

        Each backup is the whole session as this process read and checked it
        just before a change (one file, naming no journal, so it reads alone
        and a journal is never applied to it), written atomically: never a link, so
        a failed save can never leave the live file sharing an inode with a
        backup. A version already in the newest backup is not copied again,
        so saves that keep failing never push the older versions out.
        """
        clock = time.monotonic()
        if self._last_backup is not None and clock - self._last_backup < BACKUP_INTERVAL:
            return
        raw = self._storage.whole()
        if _holds(backup_path(self.path, 1), raw):  # a save that failed after its backup, retried by a new process
            self._last_backup = clock
            return
        for n in range(BACKUPS_KEPT, 1, -1):
            older = backup_path(self.path, n - 1)
            if older.exists():
                os.replace(older, backup_path(self.path, n))
        write_atomic(backup_path(self.path, 1), _as_backup(self._storage.tables))
        self._last_backup = clock

    # Restoring and erasing: import of an export, purge of personal data --

    @classmethod
    def restore(cls, path: str | Path, state: SessionState, events: Sequence[AuditEvent]) -> SessionFile:
        """A new session file holding exactly `state`, with `events` as its audit trail.

        For importing an export. Like `create`: refuses a path that exists, and
        under the lock writes the audit log first and the session file last,
        atomically, so a crash leaves either no session file or a whole one.
        """
        path = Path(path)
        folder = path.parent
        ensure_folder(folder)
        tables: Tables = {SESSION_DOC: {SESSION_DOC: state.session.model_dump(mode="json")}}
        for kind in RECORD_KINDS:
            tables[kind.field] = {kind.key(m): m.model_dump(mode="json") for m in getattr(state, kind.field)}
        session_file = cls(path)
        with session_file._lock.held():
            if path.exists():
                raise SessionExists(path)
            try:
                committed = append_events(audit_path(path), 0, list(events))
                tables[META_TABLE] = {META_ID: _new_meta(committed)}
                write_atomic(path, dump_tables(tables))
            except OSError as error:
                raise FolderNotWritable(folder, error.strerror or "") from None
        return session_file

    def rewrite_audit(self, change: Callable[[AuditEvent, int | None], AuditEvent]) -> int:
        """Rewrite recorded audit events; only ever to erase personal data (a purge).

        The trail is otherwise append-only. Each logged event keeps its exact
        byte length (padded with spaces, which JSON ignores), so the length the
        session file commits stays true at every moment, and the log is
        replaced atomically: a crash leaves the old trail or the new one.
        `change(event, limit)` returns the event to keep: for a logged event
        its JSON must fit in `limit` bytes; for one still waiting in the
        session file `limit` is None. Returns how many events changed.
        """
        changed = 0
        with self.transaction(whole=True):  # the journal's older lines may hold waiting events as they were
            meta = self._meta()
            committed = int(meta.get("audit_bytes", 0))
            log = audit_path(self.path)
            if committed:
                read_events(log, committed)  # a trail that does not read back whole is never rewritten
                raw = log.read_bytes()[:committed]
                lines = []
                for line in raw.splitlines(keepends=True):
                    body = line.rstrip(b"\n")
                    event = AuditEvent.model_validate(orjson.loads(body))
                    kept = change(event, len(body))
                    if kept == event:
                        lines.append(line)
                        continue
                    data = orjson.dumps(kept.model_dump(mode="json"))
                    if len(data) > len(body):
                        raise ValueError("a rewritten audit event must not be longer than the original")
                    lines.append(data + b" " * (len(body) - len(data)) + b"\n")
                    changed += 1
                if changed:
                    write_atomic(log, b"".join(lines))
            waiting = [AuditEvent.model_validate(e) for e in meta.get("audit_pending", [])]
            rewritten = [change(e, None) for e in waiting]
            differ = sum(1 for old, new in zip(waiting, rewritten, strict=True) if old != new)
            if differ:
                changed += differ
                meta["audit_pending"] = [e.model_dump(mode="json") for e in rewritten]
                self._write_meta(meta)
        return changed

    def remove_backups(self) -> int:
        """Delete the backups kept beside the file: after a purge they still hold what was erased."""
        removed = 0
        with self._lock.held():
            kept = [backup_path(self.path, n) for n in range(1, BACKUPS_KEPT + 1)]
            kept += [Path(p) for p in glob.glob(glob.escape(str(self.path)) + ".v*.bak")]
            for backup in kept:
                try:
                    backup.unlink()
                    removed += 1
                except FileNotFoundError:
                    pass
        return removed
