"""A damaged, foreign or newer file is refused wherever it is read, and never written to.

Every kind of damage in `damage.DAMAGE` is tried on every way into a file:
opening it (store and services), peeking at it for the session list,
`check`, a transaction on a file never opened, and a file that was open and
working when another program replaced it. Each time the error is a
StoreError of the expected kind with a plain message, never another
exception, and every file in the folder keeps its bytes (only the lock file
may appear).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from panel_tui.domain.models import AuditEvent, Candidate
from panel_tui.services import OpenedSession, check_session, summarise
from panel_tui.store import SessionDamaged, SessionFile, SessionTooNew, repository
from panel_tui.store.audit_log import audit_path
from panel_tui.store.migrations import SCHEMA_VERSION
from panel_tui.store.repository import audit_events_of, peek

from .builders import Full, Small, as_version_2_bytes
from .damage import DAMAGE, assert_plain, edited, expected_error, refused, replace_atomically, untouched


def _write_in_place(path: Path, payload: bytes) -> None:
    path.write_bytes(payload)


HOW = {"replaced": replace_atomically, "written in place": _write_in_place}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_file_is_refused_everywhere_and_left_byte_for_byte(small: Small, kind: str) -> None:
    path = small.path
    replace_atomically(path, DAMAGE[kind](small.good))
    error = expected_error(kind)
    with untouched(path.parent):
        with refused(error, path):
            SessionFile.open(path)
        with refused(error, path):
            OpenedSession.open(path)
        with refused(error, path):
            peek(path)
        with refused(error, path):
            check_session(path)
        with refused(error, path):
            audit_events_of(path)
        summary = summarise(path)  # the session list shows the problem in a line of its own
        assert summary.problem and str(path) in summary.problem and "has not been changed" in summary.problem


def _try_to_save(session_file: SessionFile) -> None:
    with session_file.transaction() as tx:
        tx.put(Candidate(name="Never saved", code="C99"))
        tx.record(AuditEvent(actor_id="tool", actor_name="test", action="added candidate"))


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_transaction_on_a_damaged_file_writes_nothing(small: Small, kind: str) -> None:
    """Even bypassing open(): a transaction reads the file under the lock and refuses it."""
    path = small.path
    replace_atomically(path, DAMAGE[kind](small.good))
    session_file = SessionFile(path)
    with untouched(path.parent):
        with pytest.raises(expected_error(kind)) as caught:
            _try_to_save(session_file)
        assert_plain(caught.value, path)


@pytest.mark.parametrize("how", list(HOW))
@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_file_damaged_after_opening_is_never_overwritten(small: Small, kind: str, how: str) -> None:
    """A terminal left open while the file is damaged or replaced under it: every re-read is checked as
    opening is, so its next save is refused, and its readers say the same instead of showing stale data."""
    path = small.path
    session_file = SessionFile.open(path)
    opened = OpenedSession(session_file)
    svc = opened.as_tool("test")
    svc.add_candidate("Saved before the damage")  # the file is cached, and this process has made its backup
    before = session_file.stamp()
    HOW[how](path, DAMAGE[kind](path.read_bytes()))
    assert session_file.stamp() != before, "the stamp tells a watcher the file changed"
    error = expected_error(kind)
    with untouched(path.parent):
        with refused(error, path):
            svc.add_candidate("Late")
        with refused(error, path):
            svc.add_candidate("Later still")
        with refused(error, path):
            _try_to_save(session_file)
        with refused(error, path):
            session_file.state()
        with refused(error, path):
            session_file.snapshot()
        with refused(error, path):
            session_file.audit_events()
        with refused(error, path):
            opened.reload()
        with refused(error, path):
            opened.who_are_you()


def test_a_newer_file_is_refused_and_left_alone(small: Small) -> None:
    path = small.path
    newer = SCHEMA_VERSION + 1
    path.write_bytes(edited(small.good, lambda d: d["_meta"]["meta"].update(schema_version=newer, new_field="from the future")))
    with untouched(path.parent):
        with pytest.raises(SessionTooNew, match="newer panel-tui") as caught:
            SessionFile.open(path)
        assert_plain(caught.value, path)
        assert f"file version {newer}" in str(caught.value)
        with pytest.raises(SessionTooNew):
            peek(path)
        with pytest.raises(SessionTooNew):
            check_session(path)


def test_a_file_a_newer_version_wrote_while_open_is_never_rewritten(small: Small) -> None:
    path = small.path
    svc = OpenedSession.open(path).as_tool("test")
    replace_atomically(path, edited(small.good, lambda d: d["_meta"]["meta"].update(schema_version=SCHEMA_VERSION + 1)))
    with untouched(path.parent):
        with pytest.raises(SessionTooNew):
            svc.add_candidate("Late")


def test_a_file_replaced_by_an_older_version_while_open_is_refused_not_migrated(small: Small) -> None:
    """A real version-2 file put back under an open terminal: opening it again would migrate it with a
    copy kept, but the open terminal must not write its version-3 layout over it."""
    path = small.path
    svc = OpenedSession.open(path).as_tool("test")
    older = as_version_2_bytes(small.good)
    replace_atomically(path, older)
    with untouched(path.parent):
        with pytest.raises(SessionDamaged, match="replaced by an older file") as caught:
            svc.add_candidate("Late")
        assert_plain(caught.value, path)
    assert path.read_bytes() == older


LOG_LENGTH_DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "audit_bytes past the end of the log": lambda good: edited(
        good, lambda d: d["_meta"]["meta"].update(audit_bytes=d["_meta"]["meta"]["audit_bytes"] + 1000)
    ),
    "audit_bytes in the middle of a line": lambda good: edited(
        good, lambda d: d["_meta"]["meta"].update(audit_bytes=d["_meta"]["meta"]["audit_bytes"] - 3)
    ),
}
"""The session file says how much of the log is committed: a length the log does not have is damage."""


@pytest.mark.parametrize("kind", list(LOG_LENGTH_DAMAGE))
def test_a_committed_length_the_log_does_not_have_is_refused_on_every_read(small: Small, kind: str) -> None:
    path = small.path
    session_file = SessionFile.open(path)
    svc = OpenedSession(session_file).as_tool("test")
    svc.add_candidate("Saved before the damage")
    replace_atomically(path, LOG_LENGTH_DAMAGE[kind](path.read_bytes()))
    log = audit_path(path)
    with untouched(path.parent):
        for attempt in (lambda: svc.add_candidate("Late"), session_file.state, session_file.snapshot):
            with refused(SessionDamaged, log):
                attempt()
        for attempt in (SessionFile.open, OpenedSession.open, check_session, audit_events_of):
            with refused(SessionDamaged, log):
                attempt(path)


# -- the audit trail ---------------------------------------------------------------


def _lines(log: bytes) -> list[bytes]:
    return log.splitlines(keepends=True)


AUDIT_DAMAGE: dict[str, Callable[[bytes, int], bytes | None]] = {
    "the log is missing": lambda log, committed: None,
    "the log is empty": lambda log, committed: b"",
    "the log is shorter than committed": lambda log, committed: log[: committed - 1],
    "a committed line is garbage": lambda log, committed: b"x" * (log.index(b"\n")) + log[log.index(b"\n"):],
    "a committed line is JSON but not an event": lambda log, committed: b'{"hello": "world"}\n' + b"".join(_lines(log)[1:]),
    "a committed line is a JSON list": lambda log, committed: b"[1, 2]\n" + b"".join(_lines(log)[1:]),
    "a committed line is empty": lambda log, committed: b"\n" + log,
    "a committed line is cut": lambda log, committed: log[: log.index(b"\n") - 3] + b"\n" + b"".join(_lines(log)[1:]),
}


def _committed(path: Path) -> int:
    return json.loads(path.read_bytes())["_meta"]["meta"]["audit_bytes"]


def _damage_log(log: Path, kind: str, whole: bytes, committed: int) -> None:
    damaged = AUDIT_DAMAGE[kind](whole, committed)
    if damaged is None:
        log.unlink()
    else:
        replace_atomically(log, damaged)


@pytest.mark.parametrize("kind", list(AUDIT_DAMAGE))
def test_a_damaged_audit_trail_is_refused_and_nothing_changes(full: Full, kind: str) -> None:
    path, log = full.file.path, audit_path(full.file.path)
    whole = log.read_bytes()
    _damage_log(log, kind, whole, _committed(path))
    with untouched(path.parent):
        with refused(SessionDamaged, log):
            SessionFile.open(path)
        with refused(SessionDamaged, log):
            OpenedSession.open(path)
        with refused(SessionDamaged, log):
            audit_events_of(path)
        with refused(SessionDamaged, log):
            check_session(path)
        with refused(SessionDamaged, log):
            full.file.audit_events()  # an open file reads the trail with the same checks
        peek(path)  # the session list reads the session file only: it still lists the session
    log.write_bytes(whole)
    assert SessionFile.open(path).audit_events() == full.file.audit_events()


@pytest.mark.parametrize("kind", list(AUDIT_DAMAGE))
def test_a_damaged_audit_trail_is_never_appended_to(full: Full, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """An open terminal whose next save moves events to the log: refused, so garbage never gets a valid tail."""
    monkeypatch.setattr(repository, "AUDIT_BATCH", 1)
    path, log = full.file.path, audit_path(full.file.path)
    svc = full.chair_service
    svc.add_candidate("Saved before the damage")
    _damage_log(log, kind, log.read_bytes(), _committed(path))
    with untouched(path.parent):
        with refused(SessionDamaged, log):
            svc.add_candidate("Late")


@pytest.mark.parametrize("kind", list(AUDIT_DAMAGE))
def test_a_purge_never_rewrites_a_damaged_audit_trail(full: Full, kind: str) -> None:
    """Erasing personal data rewrites logged events in place: never over a log it cannot read."""
    path, log = full.file.path, audit_path(full.file.path)
    _damage_log(log, kind, log.read_bytes(), _committed(path))
    with untouched(path.parent):
        with refused(SessionDamaged, log):
            full.file.rewrite_audit(lambda event, limit: event.model_copy(update={"actor_name": ""}))
