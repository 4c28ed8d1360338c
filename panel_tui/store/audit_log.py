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

A log that does not read back whole up to the committed length is damage:
it is refused wherever it is read, and never appended to or rewritten.
Before a batch is appended, a terminal checks the log reads back whole; it
parses only the lines it has not checked yet (`check_log`), and compares the
bytes it has checked before by a checksum, because parsing every event again
made each batch cost more as the day went on: 80 ms for 8,800 events.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..domain.models import AuditEvent
from ..safe_files import OWNER_ONLY
from .errors import SessionDamaged


def audit_path(session_path: Path) -> Path:
    return session_path.with_name(session_path.stem + ".audit.jsonl")


def _missing(path: Path) -> SessionDamaged:
    return SessionDamaged(path, "the audit trail file is missing")


def _unreadable(path: Path, error: OSError) -> SessionDamaged:
    return SessionDamaged(path, f"the audit trail cannot be read ({error.strerror or 'unknown error'})")


def _shorter(path: Path) -> SessionDamaged:
    return SessionDamaged(path, "the audit trail is shorter than the session expects")


def _mid_line(path: Path) -> SessionDamaged:
    return SessionDamaged(path, "the session's record of its audit trail ends in the middle of a line")


def append_events(path: Path, committed: int, events: list[AuditEvent] | list[dict[str, Any]]) -> int:
    """Append after the committed length; return the new committed length.

    Only the start of a new trail (`committed` 0) creates the file: a log
    that should be there and is not is damage, reported, never replaced by
    a new one. Callers check the committed part reads (`check_log`) first.
    """
    return committed + len(_append(path, committed, events))


def append_checked(path: Path, checked: CheckedLog, events: list[dict[str, Any]]) -> CheckedLog:
    """`append_events` after exactly the part `checked` covers; what is checked then includes the new lines."""
    payload = _append(path, checked.length, events)
    return CheckedLog(checked.length + len(payload), checked.lines + len(events), zlib.crc32(payload, checked.crc))


def _append(path: Path, committed: int, events: list[AuditEvent] | list[dict[str, Any]]) -> bytes:
    payload = b"".join(
        orjson.dumps(e.model_dump(mode="json") if isinstance(e, AuditEvent) else e) + b"\n" for e in events
    )
    try:
        fd = os.open(path, os.O_RDWR | (os.O_CREAT if committed == 0 else 0), OWNER_ONLY)
    except FileNotFoundError:
        raise _missing(path) from None
    try:
        size = os.fstat(fd).st_size
        if size < committed:
            raise _shorter(path)
        if size > committed:
            os.ftruncate(fd, committed)
        os.lseek(fd, committed, os.SEEK_SET)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)
    return payload


def read_events(path: Path, committed: int, waiting: list[dict[str, Any]] | None = None) -> list[AuditEvent]:
    """The committed log, then the events still waiting in the session file."""
    pending = [AuditEvent.model_validate(e) for e in waiting or []]
    if committed == 0:
        return pending
    return _events(path, _committed_bytes(path, committed)) + pending


@dataclass(frozen=True)
class CheckedLog:
    """The start of an audit log that this process has read back whole: its length, lines, and a checksum of them.

    A CRC-32 finds damage (a program or a disk changing bytes already
    checked), not an adversary: anyone who can write the log can write
    valid lines too. Reading a megabyte and summing it costs about a
    millisecond; parsing it again cost about 25.
    """

    length: int
    lines: int
    crc: int


EMPTY_LOG = CheckedLog(0, 0, zlib.crc32(b""))


def check_log(path: Path, committed: int, known: CheckedLog = EMPTY_LOG) -> CheckedLog:
    """Refuse a log that does not read back whole up to `committed`; parse only the lines `known` does not cover."""
    if committed == 0:
        return EMPTY_LOG
    raw = _committed_bytes(path, committed)
    if not (0 < known.length <= committed and zlib.crc32(memoryview(raw)[: known.length]) == known.crc):
        known = EMPTY_LOG  # never checked here, changed by someone since, or cut back: all of it again
    added = raw[known.length:]
    events = _events(path, added, known.lines + 1)
    return CheckedLog(committed, known.lines + len(events), zlib.crc32(added, known.crc))


def _committed_bytes(path: Path, committed: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size < committed:
                raise _shorter(path)
            raw = handle.read(committed)
    except FileNotFoundError:
        raise _missing(path) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    if len(raw) < committed:
        raise _shorter(path)
    if not raw.endswith(b"\n"):
        raise _mid_line(path)
    return raw


def _events(path: Path, raw: bytes, first_number: int = 1) -> list[AuditEvent]:
    events = []
    for number, line in enumerate(raw.splitlines(), start=first_number):
        try:
            events.append(AuditEvent.model_validate(orjson.loads(line)))
        except (orjson.JSONDecodeError, ValueError):
            raise SessionDamaged(path, f"line {number} of the audit trail cannot be read") from None
    return events


def check_length(path: Path, committed: int) -> None:
    """The log holds the committed length, ending at the end of a line: what a re-read checks of it.

    A re-read happens whenever another terminal saved, so it does not parse
    the whole trail (opening, `check` and every read of the trail do); this
    is enough to refuse a session file whose committed length the log does
    not have, and it never races a writer: writers only ever change the log
    past the length the current session file commits.
    """
    if committed == 0:
        return
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size < committed:
                raise _shorter(path)
            handle.seek(committed - 1)
            last = handle.read(1)
    except FileNotFoundError:
        raise _missing(path) from None
    except OSError as error:
        raise _unreadable(path, error) from None
    if last != b"\n":
        raise _mid_line(path)
