"""The journal: each save appends the few records it changed; the whole file is rewritten only now and then.

Why (issue 10): rewriting the whole session file at every save meant that
every save, in every terminal, re-read, re-checked and rewrote hundreds of
kilobytes while holding the session's lock. With four other terminals saving
flat out, a screen's save waited p95 77-120 ms for its turn. Appending one
line of a few kilobytes keeps each turn to about a millisecond.

The layout. `x.json`, the base, is an ordinary whole session file: every
record as of its last whole rewrite (a compaction). `x.journal.jsonl` starts
with a heading naming the exact base it belongs to, `{"base": <hash of the
base's bytes>}`, then holds one line per save: the records it put (whole)
and the ones it removed, `{"put": {table: {id: record}}, "del": {table:
[id, ...]}}`, and the audit entries it added to those waiting in `_meta`
(`"events": [...]`; then the line's `_meta` leaves out `audit_pending`, which
may hold 64 entries: a line stays a few hundred bytes). The session is the
base with its journal's lines applied in order.

The rules that keep it whole:

- A line counts once it ends in a newline. A tail without one is a save that
  never finished (its process was killed before the fsync returned, so nobody
  was told it was saved): readers ignore it and the next writer cuts it off.
  A complete line that does not read is damage, reported, never written over.
- A journal applies only to the base whose bytes its heading names. A
  compaction writes the new base first, then its new journal, so a journal
  left from before holds nothing the new base lacks. A base replaced or
  edited by anything else (a restore, a migration, another program, damage)
  no longer matches, so the journal is not applied to it: the base alone is
  read, and checked, as it always was; the next save compacts.
- A reader reads the base, then the journal, then checks the base was not
  replaced in between (a compaction), and reads again if it was.

So a copy of a session is a copy of every file beside it whose name starts
with the session's name (the README says so); `SessionFile.compact` folds the
journal into the file when one file alone is wanted.

Version 3 of the layout is not released yet, so the journal comes with it:
no panel-tui that reads version 3 ignores the journal.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from .errors import SessionDamaged
from .migrations import META_ID, META_TABLE, Tables

AUDIT_PENDING = "audit_pending"
BACKUP_MARK = "copy"
"""A key in a backup's `_meta`, new for each backup, so a backup's bytes are never the live file's: a
journal never applies to a backup put back by hand. A compaction drops it."""
BASE_KEY = "base"


def journal_path(session_path: Path) -> Path:
    return session_path.with_name(session_path.stem + ".journal.jsonl")


def base_id(raw: bytes) -> str:
    """Names one exact version of the base: a journal applies to that version and no other."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def header(base: str) -> bytes:
    return orjson.dumps({BASE_KEY: base}) + b"\n"


@dataclass
class Entry:
    """One save's changes: whole records put, and records removed, by table and id."""

    put: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    events: list[Any] | None = None
    """Audit entries added to those waiting; None when the line's `_meta` carries its own `audit_pending`."""

    def line(self) -> bytes:
        body: dict[str, Any] = {"put": self.put}
        if self.removed:
            body["del"] = self.removed
        if self.events is not None:
            body["events"] = self.events
        return orjson.dumps(body) + b"\n"

    def keys(self) -> set[tuple[str, str]]:
        return {(t, i) for t, docs in self.put.items() for i in docs} | {(t, i) for t, ids in self.removed.items() for i in ids}

    def apply(self, tables: Tables) -> None:
        """Change `tables` in place: the removals, then the records put, then the audit entries added."""
        waiting = tables.get(META_TABLE, {}).get(META_ID, {}).get(AUDIT_PENDING, [])
        for table, ids in self.removed.items():
            for doc_id in ids:
                tables.get(table, {}).pop(doc_id, None)
        for table, docs in self.put.items():
            tables.setdefault(table, {}).update(docs)
        if self.events is not None:
            meta = tables.get(META_TABLE, {}).get(META_ID)
            if isinstance(meta, dict) and isinstance(waiting, list):  # otherwise the checks report the damage
                meta[AUDIT_PENDING] = [*waiting, *self.events]


def _damaged(path: Path, number: int) -> SessionDamaged:
    return SessionDamaged(path, f"line {number} of its journal of recent changes cannot be read")


def _entry(path: Path, line: bytes, number: int) -> Entry:
    try:
        data = orjson.loads(line)
    except orjson.JSONDecodeError:
        raise _damaged(path, number) from None
    if not isinstance(data, dict) or not set(data) <= {"put", "del", "events"}:
        raise _damaged(path, number)
    put, removed, events = data.get("put", {}), data.get("del", {}), data.get("events")
    if not isinstance(put, dict) or not isinstance(removed, dict) or not isinstance(events, list | None):
        raise _damaged(path, number)
    for docs in put.values():
        if not isinstance(docs, dict) or not all(isinstance(doc, dict) for doc in docs.values()):
            raise _damaged(path, number)
    for ids in removed.values():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise _damaged(path, number)
    return Entry(put, removed, events)


def parse_lines(path: Path, data: bytes, first_number: int) -> tuple[list[Entry], int]:
    """The complete lines of `data` (which starts at a line's start), and how many bytes they take."""
    end = data.rfind(b"\n") + 1
    entries = [_entry(path, line, number) for number, line in enumerate(data[:end].splitlines(), start=first_number)]
    return entries, end


@dataclass(frozen=True)
class Journal:
    """A journal as read: its entries for one base, and where its committed part ends."""

    entries: list[Entry]
    end: int
    """Bytes of complete lines, header included: where the next line is written."""
    lines: int
    """Lines read, header included: the number of the next line, for messages."""
    ours: bool
    """The heading names this base: False for a journal of another base (or none), which holds nothing for it."""


NO_JOURNAL = Journal([], 0, 0, False)


def parse(path: Path, raw: bytes, base: str) -> Journal:
    """Read a whole journal for the base named `base` (`base_id`)."""
    if not raw:
        return NO_JOURNAL
    first_end = raw.find(b"\n") + 1
    if not first_end:
        raise SessionDamaged(path, "its journal of recent changes has no heading")
    try:
        head = orjson.loads(raw[:first_end])
    except orjson.JSONDecodeError:
        raise _damaged(path, 1) from None
    if not isinstance(head, dict) or not isinstance(head.get(BASE_KEY), str):
        raise _damaged(path, 1)
    if head[BASE_KEY] != base:
        return NO_JOURNAL
    entries, used = parse_lines(path, raw[first_end:], 2)
    return Journal(entries, first_end + used, 1 + len(entries), True)


def read_bytes(session_path: Path, start: int = 0) -> tuple[bytes, tuple[int, int, int] | None]:
    """A session's journal from byte `start`, and the identity of the version read; empty and None when there is none."""
    try:
        with open(journal_path(session_path), "rb") as handle:
            st = os.fstat(handle.fileno())
            if start:
                handle.seek(start)
            return handle.read(), (st.st_ino, st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return b"", None
    except OSError as error:
        raise SessionDamaged(session_path, f"its journal of recent changes cannot be read ({error.strerror})") from None


def append(session_path: Path, at: int, line: bytes) -> tuple[int, int, int]:
    """Write one line at `at` (cutting off any unfinished tail first), fsync; the journal's new identity.

    Called under the session's lock only, just after reading the journal up to `at`.
    """
    try:
        fd = os.open(journal_path(session_path), os.O_RDWR)
    except FileNotFoundError:
        raise SessionDamaged(session_path, "its journal of recent changes is missing") from None
    try:
        size = os.fstat(fd).st_size
        if size < at:
            raise SessionDamaged(session_path, "its journal of recent changes is shorter than when it was read")
        if size > at:
            os.ftruncate(fd, at)
        view = memoryview(line)
        offset = at
        while view:
            written = os.pwrite(fd, view, offset)
            view, offset = view[written:], offset + written
        os.fsync(fd)
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return (st.st_ino, st.st_mtime_ns, st.st_size)
