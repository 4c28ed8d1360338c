"""The audit trail: an append-only JSON-lines file beside the session file.

Kept out of the TinyDB file so that saving a score does not rewrite every
event ever recorded. The newest events wait in the session file's `_meta`
(written with the change itself, in the same atomic write) and move to the
log in batches, so most saves need one fsync'd write, not two.

`_meta` holds how many bytes of the log are committed: a batch is appended
and fsynced first, then the session file is replaced with the new length and
an empty waiting list. A crash between the two leaves an uncommitted tail,
which readers ignore and the next writer cuts off, while the events are
still waiting in the session file: the log and the session always agree.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from ..domain.models import AuditEvent
from ..safe_files import OWNER_ONLY
from .errors import SessionDamaged


def audit_path(session_path: Path) -> Path:
    return session_path.with_name(session_path.stem + ".audit.jsonl")


def append_events(path: Path, committed: int, events: list[AuditEvent] | list[dict[str, Any]]) -> int:
    """Append after the committed length; return the new committed length."""
    payload = b"".join(
        orjson.dumps(e.model_dump(mode="json") if isinstance(e, AuditEvent) else e) + b"\n" for e in events
    )
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


def read_events(path: Path, committed: int, waiting: list[dict[str, Any]] | None = None) -> list[AuditEvent]:
    """The committed log, then the events still waiting in the session file."""
    pending = [AuditEvent.model_validate(e) for e in waiting or []]
    if committed == 0:
        return pending
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
    return events + pending
