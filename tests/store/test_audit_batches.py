"""Moving a batch of audit entries to the log: checked, but never by parsing the whole trail again.

Issue 10: with four other terminals saving flat out, the slowest turns at the
session's lock (35-60 ms, against a median of 1.7) were batches of audit
entries: a terminal that found the log appended by someone else parsed every
event in it again before appending its own (80 ms for 8,800 events), so each
batch cost more as the day went on. Now a terminal parses only the lines it
has not checked yet, and compares the part it has checked by a checksum: a log
damaged anywhere is still never appended to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from panel_tui.domain.models import AuditEvent
from panel_tui.services import OpenedSession, check_session, new_session
from panel_tui.store import SessionDamaged, SessionFile, audit_log, repository
from panel_tui.store.audit_log import audit_path


class _Counted:
    """Stands in for `AuditEvent` in the audit log's module: counts the events it parses."""

    parsed = 0

    @classmethod
    def model_validate(cls, data: Any) -> AuditEvent:
        cls.parsed += 1
        return AuditEvent.model_validate(data)


def _two_terminals(tmp_path: Path) -> tuple[Path, OpenedSession, OpenedSession]:
    opened, _ = new_session(tmp_path, "Batches")
    return opened.path, opened, OpenedSession.open(opened.path)


def test_each_terminal_parses_each_logged_entry_once_not_the_whole_trail_at_every_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(repository, "AUDIT_BATCH", 5)
    path, first, second = _two_terminals(tmp_path)
    terminals = [first.as_tool("one"), second.as_tool("two")]
    monkeypatch.setattr(audit_log, "AuditEvent", _Counted)
    _Counted.parsed = 0
    saves = 200
    for n in range(saves):
        terminals[n % 2].add_candidate(f"Candidate {n}")
    monkeypatch.undo()
    logged = audit_path(path).read_bytes().count(b"\n")
    assert logged >= saves - 5, "the entries went to the log in batches"
    assert _Counted.parsed <= logged, "each terminal parses only the other's lines, once"
    fresh = SessionFile(path)
    for opened in (first, second):
        assert opened._file.audit_events() == fresh.audit_events()
    assert "is sound" in check_session(path)


def test_a_log_damaged_in_the_part_already_checked_is_never_appended_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both terminals checked these lines a batch ago; a disk or a program changed them since, in place."""
    monkeypatch.setattr(repository, "AUDIT_BATCH", 5)
    path, first, second = _two_terminals(tmp_path)
    one, two = first.as_tool("one"), second.as_tool("two")
    for n in range(12):
        (one, two)[n % 2].add_candidate(f"Candidate {n}")
    log = audit_path(path)
    lines = log.read_bytes().splitlines(keepends=True)
    changed = lines[1].replace(b'"', b"'", 1)
    assert len(changed) == len(lines[1]) and changed != lines[1]
    with log.open("r+b") as handle:  # in place: same file, same length
        handle.seek(len(lines[0]))
        handle.write(changed)
    damaged = log.read_bytes()
    with pytest.raises(SessionDamaged):
        for n in range(12, 24):
            (one, two)[n % 2].add_candidate(f"Candidate {n}")
    assert log.read_bytes() == damaged, "no batch was appended to a damaged trail"
