"""The audit trail: an append-only JSON-lines file beside the session file.

Kept out of the TinyDB file so that saving a score does not rewrite every
event ever recorded. The session file's `_meta` holds how many bytes of this
log are committed: events are appended and fsynced first, then the session
file is replaced with the new length. A crash between the two leaves an
uncommitted tail, which readers ignore and the next writer cuts off, so the
log and the session always agree.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from ..domain.models import AuditEvent
from .atomic import OWNER_ONLY
from .errors import SessionDamaged


def audit_path(session_path: Path) -> Path:
    return session_path.with_name(session_path.stem + ".audit.jsonl")


def append_events(path: Path, committed: int, events: list[AuditEvent]) -> int:
    """Append after the committed length; return the new committed length."""
    payload = b"".join(orjson.dumps(e.model_dump(mode="json")) + b"\n" for e in events)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, OWNER_ONLY)
    try:
        size = os.fstat(fd).st_size
        if size < committed:
            raise SessionDamaged(path, "the audit trail is shorter than the session expects")
        if size > committed:
            os.ftruncate(fd, committed)
        os.lseek(fd, committed, os.SEEK_SET)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    return committed + len(payload)


def read_events(path: Path, committed: int) -> list[AuditEvent]:
    if committed == 0:
        return []
    try:
        with open(path, "rb") as handle:
            raw = handle.read(committed)
    except FileNotFoundError:
        raise SessionDamaged(path, "the audit trail file is missing") from None
    if len(raw) < committed:
        raise SessionDamaged(path, "the audit trail is shorter than the session expects")
    events = []
    for number, line in enumerate(raw.splitlines(), start=1):
        try:
            events.append(AuditEvent.model_validate(orjson.loads(line)))
        except (orjson.JSONDecodeError, ValueError):
            raise SessionDamaged(path, f"line {number} of the audit trail cannot be read") from None
    return events
