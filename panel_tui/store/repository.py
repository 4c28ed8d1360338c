"""`SessionFile`: one hiring round in one TinyDB file.

Every change goes through `transaction()`: take the cross-process lock,
re-read the file if another terminal replaced it, apply the changes in
memory, append the audit events, then write the file once, atomically.
Either all of a logical operation lands or none of it does.
"""

from __future__ import annotations

import glob
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError
from tinydb import TinyDB
from tinydb.table import Document, Table

from .. import __version__
from ..domain.models import (
    AgreedScore,
    AuditEvent,
    Briefing,
    Candidate,
    Conflict,
    Outcome,
    PanelMember,
    Question,
    Reconciliation,
    ScoreSheet,
    Session,
)
from ..domain.state import SessionState
from ..domain.validation import plain_message
from .atomic import OWNER_ONLY, remove_orphans, write_atomic
from .audit_log import append_events, audit_path, read_events
from .errors import FolderNotWritable, SessionDamaged, SessionExists, SessionMissing, SessionTooNew
from .lock import SessionLock
from .migrations import META_ID, META_TABLE, SCHEMA_VERSION, file_version, migrate
from .storage import SessionStorage, Tables, dump_tables, read_tables

SESSION_DOC = "session"
BACKUPS_KEPT = 3
BACKUP_INTERVAL = 300.0
AUDIT_BATCH = 64
"""Audit events wait in the session file until this many, then move to the log together."""

TABLES: dict[type[BaseModel], str] = {
    Session: "session",
    PanelMember: "members",
    Candidate: "candidates",
    Question: "questions",
    ScoreSheet: "sheets",
    AgreedScore: "agreed",
    Outcome: "outcomes",
    Conflict: "conflicts",
    Briefing: "briefings",
    Reconciliation: "reconciliations",
}

ModelT = TypeVar("ModelT", bound=BaseModel)


class _StringIdTable(Table):
    """Our own string ids: TinyDB's integer counter is cached per process and reused after deletes."""

    document_id_class = str  # type: ignore[assignment]


class _SessionDB(TinyDB):
    table_class = _StringIdTable


def _doc_id(model: BaseModel) -> str:
    if isinstance(model, Session):
        return SESSION_DOC
    if isinstance(model, Outcome):
        return model.candidate_id
    return str(model.id)


def backup_path(path: Path, n: int) -> Path:
    return path.with_name(f"{path.name}.{n}.bak")


def _new_meta(audit_bytes: int) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "revision": 1, "audit_bytes": audit_bytes, "app": f"panel-tui {__version__}"}


def _models(path: Path, tables: Tables, name: str, model: type[ModelT]) -> tuple[ModelT, ...]:
    try:
        return tuple(model.model_validate(doc) for doc in tables.get(name, {}).values())
    except ValidationError as error:
        raise SessionDamaged(path, f"a record in '{name}' cannot be read ({plain_message(error)})") from None


def state_from_tables(path: Path, tables: Tables) -> SessionState:
    sessions = _models(path, tables, "session", Session)
    if len(sessions) != 1:
        raise SessionDamaged(path, "it holds no session details")
    meta = tables.get(META_TABLE, {}).get(META_ID, {})
    return SessionState(
        session=sessions[0],
        members=_models(path, tables, "members", PanelMember),
        candidates=_models(path, tables, "candidates", Candidate),
        questions=_models(path, tables, "questions", Question),
        sheets=_models(path, tables, "sheets", ScoreSheet),
        agreed=_models(path, tables, "agreed", AgreedScore),
        outcomes=_models(path, tables, "outcomes", Outcome),
        conflicts=_models(path, tables, "conflicts", Conflict),
        briefings=_models(path, tables, "briefings", Briefing),
        reconciliations=_models(path, tables, "reconciliations", Reconciliation),
        revision=int(meta.get("revision", 0)),
    )


def _checked_tables(path: Path) -> tuple[Tables, int]:
    """Read, check the version mark; migrate in memory. Writes nothing."""
    tables = read_tables(path)
    version = file_version(tables)
    if version is None:
        raise SessionDamaged(path, "it is not a panel-tui session file (it has no version mark)")
    if version > SCHEMA_VERSION:
        raise SessionTooNew(path, version, SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        tables = migrate(tables)
    return tables, version


def peek(path: Path) -> SessionState:
    """Read a session without locking or writing: for lists and `check`."""
    tables, _ = _checked_tables(Path(path))
    return state_from_tables(Path(path), tables)


def ensure_folder(folder: Path) -> None:
    """The folder for session files, made if missing; a plain error when it cannot be written."""
    if folder.exists() and not folder.is_dir():
        raise FolderNotWritable(folder, "it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FolderNotWritable(folder, error.strerror or "") from None
    if not os.access(folder, os.W_OK):
        raise FolderNotWritable(folder)


def audit_events_of(path: Path) -> list[AuditEvent]:
    """The committed audit trail, read without locking or writing: for `check`."""
    tables, _ = _checked_tables(Path(path))
    meta = tables.get(META_TABLE, {}).get(META_ID, {})
    return read_events(audit_path(Path(path)), int(meta.get("audit_bytes", 0)), meta.get("audit_pending"))


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
        """Insert or wholly replace one document (TinyDB's upsert would merge fields)."""
        table = self._file._table(TABLES[type(model)])
        doc_id = _doc_id(model)
        data = model.model_dump(mode="json")

        def overwrite(doc: dict[str, Any]) -> None:
            doc.clear()
            doc.update(data)

        if table.contains(doc_id=doc_id):
            table.update(overwrite, doc_ids=[doc_id])
        else:
            table.insert(Document(data, doc_id=doc_id))
        self._state = self.state.with_model(model)
        self.changed = True

    def remove(self, model: BaseModel) -> None:
        table = self._file._table(TABLES[type(model)])
        doc_id = _doc_id(model)
        if table.contains(doc_id=doc_id):
            table.remove(doc_ids=[doc_id])
            self._state = self.state.without_model(model)
            self.changed = True

    def record(self, event: AuditEvent) -> None:
        self.events.append(event)
        self.changed = True


class SessionFile:
    """An open session file. Safe to share between the threads of one process."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = SessionLock(self.path)
        self._storage = SessionStorage(self.path)
        self._db = _SessionDB(storage=lambda: self._storage)  # type: ignore[arg-type]
        self._state: SessionState | None = None
        self._state_stamp: object = None
        self._last_backup: float | None = None

    # Opening and creating ----------------------------------------------

    @classmethod
    def open(cls, path: str | Path) -> SessionFile:
        """Open for work: clean up after crashes, migrate an older file once, check it reads."""
        path = Path(path)
        if not path.exists():
            raise SessionMissing(path)
        session_file = cls(path)
        session_file._prepare()
        return session_file

    @classmethod
    def create(cls, path: str | Path, session: Session, event: AuditEvent) -> SessionFile:
        """A new session file holding just the session details, with its first audit event."""
        return cls.restore(path, SessionState(session=session), [event])

    def _prepare(self) -> None:
        with self._lock.held():
            remove_orphans(self.path)
            tables, version = _checked_tables(self.path)
            state_from_tables(self.path, tables)
            meta = tables[META_TABLE][META_ID]
            read_events(audit_path(self.path), int(meta.get("audit_bytes", 0)), meta.get("audit_pending"))
            if version < SCHEMA_VERSION:
                keep = self.path.with_name(f"{self.path.name}.v{version}.bak")
                shutil.copy2(self.path, keep)
                os.chmod(keep, OWNER_ONLY)
                write_atomic(self.path, dump_tables(tables))

    # Reading -----------------------------------------------------------

    def _table(self, name: str) -> Table:
        return self._db.table(name, cache_size=0)

    def _state_from_db(self) -> SessionState:
        return state_from_tables(self.path, self._storage.tables)

    def state(self) -> SessionState:
        """The session now; cheap when no terminal has changed it since the last call."""
        with self._lock.threads_only():
            self._storage.refresh()
            stamp = self._storage._stamp
            if self._state is None or stamp != self._state_stamp:
                self._state = self._state_from_db()
                self._state_stamp = stamp
            return self._state

    def has_changed(self) -> bool:
        """True when the file on disk is not the version last read (a stat, no parsing)."""
        with self._lock.threads_only():
            return self._storage.is_stale() or self._state_stamp != self._storage._stamp

    def audit_events(self) -> list[AuditEvent]:
        with self._lock.threads_only():
            self._storage.refresh()
            meta = self._meta()
            return read_events(audit_path(self.path), int(meta.get("audit_bytes", 0)), meta.get("audit_pending"))

    def _meta(self) -> dict[str, Any]:
        return dict(self._table(META_TABLE).get(doc_id=META_ID) or {})

    # Writing -----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        with self._lock.held():
            storage = self._storage
            storage.begin()
            try:
                fresh = self._state if self._state_stamp == storage._stamp else None
                tx = Transaction(self, fresh)
                yield tx
                if tx.changed:
                    revision = self._commit_audit(tx.events)
                    self._rotate_backups()
                    storage.commit()
                    self._state = replace(tx.state, revision=revision)
                    self._state_stamp = storage._stamp
                else:
                    storage.commit()
            except BaseException:
                storage.rollback()
                self._state = None
                raise

    def _commit_audit(self, events: list[AuditEvent]) -> int:
        """Append the events, then record in `_meta` how much of the log is committed."""
        meta = self._meta()
        committed = int(meta.get("audit_bytes", 0))
        waiting = list(meta.get("audit_pending", [])) + [e.model_dump(mode="json") for e in events]
        if len(waiting) >= AUDIT_BATCH:
            committed = append_events(audit_path(self.path), committed, waiting)
            waiting = []
        meta.update(revision=int(meta.get("revision", 0)) + 1, audit_bytes=committed, audit_pending=waiting)
        meta_table = self._table(META_TABLE)

        def overwrite(doc: dict[str, Any]) -> None:
            doc.clear()
            doc.update(meta)

        meta_table.update(overwrite, doc_ids=[META_ID])
        return int(meta["revision"])

    def _rotate_backups(self) -> None:
        """Keep the last few good versions: on a process's first write, then every few minutes.

        A hard link keeps the current version's inode alive after os.replace,
        so a backup costs no copy.
        """
        clock = time.monotonic()
        if self._last_backup is not None and clock - self._last_backup < BACKUP_INTERVAL:
            return
        self._last_backup = clock
        for n in range(BACKUPS_KEPT, 1, -1):
            older = backup_path(self.path, n - 1)
            if older.exists():
                os.replace(older, backup_path(self.path, n))
        newest = backup_path(self.path, 1)
        try:
            os.link(self.path, newest)
        except OSError:
            shutil.copy2(self.path, newest)
            os.chmod(newest, OWNER_ONLY)

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
        tables: Tables = {"session": {SESSION_DOC: state.session.model_dump(mode="json")}}
        for model_type, name in TABLES.items():
            if model_type is not Session:
                tables[name] = {_doc_id(m): m.model_dump(mode="json") for m in getattr(state, name)}
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
        with self.transaction():
            meta = self._meta()
            committed = int(meta.get("audit_bytes", 0))
            log = audit_path(self.path)
            if committed:
                try:
                    raw = log.read_bytes()[:committed]
                except FileNotFoundError:
                    raise SessionDamaged(log, "the audit trail file is missing") from None
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

                def overwrite(doc: dict[str, Any]) -> None:
                    doc.clear()
                    doc.update(meta)

                self._table(META_TABLE).update(overwrite, doc_ids=[META_ID])
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
