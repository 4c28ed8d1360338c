"""The one set of checks every read of a session file goes through.

Opening a file, peeking at it for the session list or `check`, and every
re-read after another process replaced it all call `load`, so a file that
was damaged, replaced by another program, or replaced by a newer panel-tui
while a terminal had it open is found before anything is written to it.
(The audit log beside it is checked by `audit_log`: read whole on opening
and `check`, its committed length on every re-read.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, ValidationError

from ..domain.models import AuditEvent, Session
from ..domain.records import KIND_NAMED, RECORD_KINDS
from ..domain.state import SessionState
from ..domain.validation import plain_message
from .errors import SessionDamaged, SessionTooNew
from .migrations import (
    META_ID,
    META_TABLE,
    SCHEMA_VERSION,
    BadVersionMark,
    MigrationRefused,
    Tables,
    file_version,
    migrate,
)

ModelT = TypeVar("ModelT", bound=BaseModel)
SESSION_DOC = "session"
LARGEST_COUNT = 2**53
"""Far beyond any real revision or log length, and small enough that adding to it still writes as JSON."""


@dataclass(frozen=True)
class Meta:
    """The file's bookkeeping, checked: how far the audit log is committed and what still waits."""

    revision: int
    audit_bytes: int
    audit_pending: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Loaded:
    tables: Tables
    version: int
    """The version on disk, before any migration in memory."""
    state: SessionState
    meta: Meta


class CheckedModels:
    """Records already checked, by their exact bytes: a re-read validates only what changed.

    Another process's save changes one or two records; validating every
    record again (thousands of sheets) was most of a re-read's cost, and a
    re-read comes before every save made after someone else's. A record
    is reused only when its JSON is byte for byte the one checked before
    (so `true` never passes for `1`, nor `1.0` for `1`), and models are
    frozen, so sharing one between versions is safe. One per open file;
    each load keeps only the records it saw, so it never grows past one
    version of the file.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, bytes], BaseModel] = {}
        self._events: dict[bytes, bool] = {}

    def models(self, path: Path, tables: Tables, name: str, model: type[ModelT], seen_now: dict[tuple[str, bytes], BaseModel]) -> tuple[ModelT, ...]:
        seen, found = self._seen, []
        for doc in tables.get(name, {}).values():
            try:
                key = (name, orjson.dumps(doc))
            except (TypeError, orjson.JSONEncodeError):
                raise SessionDamaged(path, f"a record in '{name}' cannot be read") from None
            checked = seen.get(key)
            if checked is None:
                checked = checked_model(path, name, model, doc)
            seen_now[key] = checked
            found.append(checked)
        return tuple(found)  # type: ignore[arg-type]

    def keep(self, seen_now: dict[tuple[str, bytes], BaseModel]) -> None:
        self._seen = seen_now

    def events(self, waiting: list[dict[str, Any]]) -> None:
        """Check the audit entries waiting in the file; those already checked are not validated again.

        Up to `AUDIT_BATCH` of them wait, and most re-reads find the same ones plus one.
        """
        events_seen, now = self._events, {}
        for event in waiting:
            key = orjson.dumps(event)
            if key not in events_seen:
                AuditEvent.model_validate(event)
            now[key] = True
        self._events = now


def checked_model(path: Path, name: str, model: type[ModelT], doc: Any) -> ModelT:
    """One record validated, or the damaged-file message naming its part of the file."""
    try:
        return model.model_validate(doc)
    except ValidationError as error:
        raise SessionDamaged(path, f"a record in '{name}' cannot be read ({plain_message(error).rstrip('.')})") from None
    except TypeError:
        raise SessionDamaged(path, f"a record in '{name}' cannot be read") from None


def _count(path: Path, meta: dict[str, Any], key: str) -> int:
    value = meta.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= LARGEST_COUNT:
        raise SessionDamaged(path, f"its bookkeeping is not valid ('{key}' is {value!r})")
    return value


def check_meta(path: Path, tables: Tables, checked: CheckedModels | None = None) -> Meta:
    meta = tables.get(META_TABLE, {}).get(META_ID, {})
    pending = meta.get("audit_pending", [])
    if not isinstance(pending, list) or not all(isinstance(e, dict) for e in pending):
        raise SessionDamaged(path, "the audit entries waiting in it are not valid")
    try:
        (checked or CheckedModels()).events(pending)
    except (ValidationError, TypeError, orjson.JSONEncodeError):
        raise SessionDamaged(path, "an audit entry waiting in it cannot be read") from None
    return Meta(_count(path, meta, "revision"), _count(path, meta, "audit_bytes"), tuple(pending))


def state_from_tables(path: Path, tables: Tables, revision: int = 0, checked: CheckedModels | None = None) -> SessionState:
    checked = checked or CheckedModels()
    seen_now: dict[tuple[str, bytes], BaseModel] = {}
    sessions = checked.models(path, tables, SESSION_DOC, Session, seen_now)
    if len(sessions) != 1:
        raise SessionDamaged(path, "it holds no session details")
    records = {kind.field: checked.models(path, tables, kind.field, kind.model, seen_now) for kind in RECORD_KINDS}
    unknown = {name for name in tables if tables[name] or name != "_default"} - {SESSION_DOC, META_TABLE, *records}
    if unknown:
        raise SessionDamaged(path, f"it holds a part panel-tui does not know ('{sorted(unknown)[0]}')")
    state = SessionState(session=sessions[0], revision=revision, **records)  # type: ignore[arg-type]
    checked.keep(seen_now)
    return state


def load(path: Path, tables: Tables, *, migrate_older: bool, checked: CheckedModels | None = None) -> Loaded:
    """Check everything about a parsed file; migrate an older one in memory only when opening.

    A re-read (`migrate_older=False`) of a file of an older version means the
    file was replaced under an open terminal (a backup put back, say): it is
    refused like damage, so the terminal never writes the old layout over.
    """
    try:
        version = file_version(tables)
    except BadVersionMark as error:
        raise SessionDamaged(path, f"its version mark is not valid ({error})") from None
    if version is None:
        raise SessionDamaged(path, "it is not a panel-tui session file (it has no version mark)")
    if version > SCHEMA_VERSION:
        raise SessionTooNew(path, version, SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        try:
            migrated = migrate(tables)
        except (MigrationRefused, KeyError, TypeError, AttributeError) as error:
            raise SessionDamaged(path, f"it cannot be brought up to date ({error})") from None
        if not migrate_older:
            raise SessionDamaged(path, "it was replaced by an older file while open; close it and open it again")
        tables = migrated
    meta = check_meta(path, tables, checked)
    return Loaded(tables, version, state_from_tables(path, tables, meta.revision, checked), meta)


def follow(
    path: Path, loaded: Loaded, tables: Tables, changed: Sequence[tuple[str, str]], removed: bool,
    checked: CheckedModels | None = None,
) -> Loaded:
    """`loaded` with the records another process's saves changed (already applied to `tables`), checked.

    The same checks as `load` for what changed: the version mark, the records
    changed (each validated, and stored under its own key), the bookkeeping and
    the audit entries waiting. Anything less ordinary (a removal, a part of the
    file panel-tui does not know, a second session) is checked by `load` itself,
    on the whole of `tables`.
    """
    whole = removed
    state = loaded.state
    for name, doc_id in changed:
        if whole:
            break
        if name == META_TABLE:
            whole = doc_id != META_ID
            continue
        doc = tables[name][doc_id]
        if name == SESSION_DOC:
            if doc_id != SESSION_DOC:
                whole = True
                continue
            state = state.with_model(checked_model(path, name, Session, doc))
            continue
        kind = KIND_NAMED.get(name)
        if kind is None:
            whole = True
            continue
        model = checked_model(path, name, kind.model, doc)
        if kind.key(model) != doc_id:
            raise SessionDamaged(path, f"a record in '{name}' is stored under another record's id")
        state = state.with_model(model)
    try:
        version = file_version(tables)
    except BadVersionMark:
        version = None
    if whole or version != SCHEMA_VERSION:
        return load(path, tables, migrate_older=False, checked=checked)  # says exactly what is wrong, if anything
    meta = check_meta(path, tables, checked)
    return Loaded(tables, SCHEMA_VERSION, replace(state, revision=meta.revision), meta)
