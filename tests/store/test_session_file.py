"""Session files on disk: a whole round trip, the audit trail, temp files, a missing file."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.domain.models import AuditEvent, QuestionStatus, SheetStatus
from panel_tui.services import OpenedSession, check_session, new_session
from panel_tui.store import SessionFile, SessionMissing, journal, repository
from panel_tui.store.audit_log import audit_path
from panel_tui.store.repository import audit_events_of, peek
from panel_tui.store.storage import read_tables

from .builders import ANN_PIN, CHAIR_PIN, EXPECTED_ACTIONS, Full


def test_round_trip_of_a_full_session(full: Full) -> None:
    before = full.file.state()
    fresh = SessionFile.open(full.file.path)
    again = fresh.state()
    assert again is not before
    assert again == before
    assert peek(full.file.path) == before
    for name in ("members", "candidates", "questions", "sheets", "agreed", "outcomes", "conflicts", "briefings", "reconciliations"):
        assert getattr(again, name) == getattr(before, name) and getattr(again, name), name

    assert again.session.questions_locked
    assert [q.id for q in again.agreed_questions] == [full.q1.id, full.q2.id]
    assert again.question(full.q3.id).status is QuestionStatus.WITHDRAWN
    assert again.question(full.q1.id).supporters == [full.vic.id]
    assert again.question(full.q1.id).anchors == {4: "Clear example"}
    assert [m.name for m in again.members] == ["Chair", "Ann Member", "Vic Volunteer", "Sam Staff"]
    assert again.candidate(full.casey.id).adjustments == "Questions in writing"

    ann = again.sheet(full.ann.id, full.casey.id)
    assert ann is not None and ann.status is SheetStatus.SUBMITTED and ann.submitted_at is not None
    assert ann.scores == {full.q1.id: 3, full.q2.id: 4}
    assert ann.notes == {
        full.q1.id: "Good — with ünïcode and [bold]markup[/bold]",
        full.q2.id: 'Quotes " and \\ backslash\nand a new line',
    }
    vic = again.sheet(full.vic.id, full.casey.id)
    assert vic is not None and vic.status is SheetStatus.DRAFT
    assert (vic.scores, vic.notes) == ({full.q1.id: 2}, {full.q1.id: "Still thinking"})
    assert again.sheet(full.ann.id, full.dee.id).scores == {full.q1.id: 1}
    assert again.sheet(full.chair.id, full.casey.id) is None
    assert again.agreed_score(full.casey.id, full.q1.id).score == 3
    assert again.outcome(full.casey.id).feedback == "Well done"
    assert again.reconciliation(full.casey.id).missing_reasons == {full.chair.id: "chair was observing", full.vic.id: "left early"}
    assert "ünïcode" in full.file.path.read_text(encoding="utf-8"), "written as UTF-8, whatever the locale"


def test_round_trip_keeps_the_audit_trail_whole_and_in_order(full: Full) -> None:
    events = SessionFile.open(full.file.path).audit_events()
    assert [e.action for e in events] == EXPECTED_ACTIONS
    assert events == full.file.audit_events() == audit_events_of(full.file.path)
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert len({e.id for e in events}) == len(events)
    saves = [(e.actor_name, e.target, e.before, e.after) for e in events if e.action == "saved a score"]
    assert saves[:2] == [
        ("Ann Member", "Ann Member, C01, question 1", None, 3),
        ("Ann Member", "Ann Member, C01, question 2", None, 4),
    ]
    assert f"{len(EXPECTED_ACTIONS)} audit events" in check_session(full.file.path)


# -- temp files and a missing file -------------------------------------------------


def test_orphaned_temp_files_are_removed_on_open_and_only_ours(tmp_path: Path) -> None:
    opened, _ = new_session(tmp_path, "Orphans")
    path = opened.path
    ours = [path.with_name(f".{path.name}.{pid}.{tag}.tmp") for pid, tag in ((99999, "abcd1234"), (4242, "00ff00ff"))]
    ours += [  # the temp files of its backups and of a rewrite of its audit log
        path.with_name(f".{path.name}.1.bak.99999.abcd1234.tmp"),
        path.with_name(f".{path.name}.v2.bak.99999.abcd1234.tmp"),
        path.with_name(f".{audit_path(path).name}.99999.abcd1234.tmp"),
    ]
    sibling = path.with_name(f"{path.name}.copy.json")  # another session, named after this one
    others = [
        path.with_name(f".other-{path.name}.99999.abcd1234.tmp"),  # another session's
        path.with_name(f".{sibling.name}.99999.abcd1234.tmp"),  # the sibling's save in flight
        path.with_name(f".{sibling.name}.1.bak.99999.abcd1234.tmp"),
        path.with_name(f"{path.name}.tmp"),
        path.with_name(f".{path.name}.99999.abcd1234.txt"),
    ]
    for file in ours + others:
        file.write_text('{"half a fi', encoding="utf-8")
    good = path.read_bytes()
    SessionFile.open(path)
    assert [p for p in ours if p.exists()] == []
    assert all(p.exists() for p in others)
    assert path.read_bytes() == good


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(SessionMissing, match="There is no session file"):
        SessionFile.open(tmp_path / "nope.json")
    assert not (tmp_path / "nope.json").exists()


# -- the audit trail's crash safety ----------------------------------------------


def test_an_uncommitted_audit_tail_is_ignored_then_cut(full: Full, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "AUDIT_BATCH", 1)  # every change moves its events to the log at once
    path, log = full.file.path, audit_path(full.file.path)
    committed = SessionFile.open(path).audit_events()
    tail = b'{"id": "ghost", "at": "2026-01-01T00:00:00Z", "actor_id": "x", "actor_name": "Ghost", "action": "saved a score"}\n'
    with open(log, "ab") as handle:
        handle.write(tail + b'{"half an event from a crashed wri')
    assert SessionFile.open(path).audit_events() == committed
    assert audit_events_of(path) == committed
    assert f"{len(committed)} audit events" in check_session(path)

    OpenedSession.open(path).as_tool("test").add_candidate("After the crash")
    events = SessionFile.open(path).audit_events()
    assert events[:-1] == committed and events[-1].action == "added candidate"
    assert b"Ghost" not in log.read_bytes() and b"half an event" not in log.read_bytes()
    assert len(log.read_bytes()) == read_tables(path)["_meta"]["meta"]["audit_bytes"]


def test_a_crash_between_the_log_and_the_session_file_loses_and_doubles_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log is appended and fsynced first; if the session file is then never replaced, the
    events are still waiting in it, the log's new tail is ignored, and the next write cuts it."""
    monkeypatch.setattr(repository, "AUDIT_BATCH", 3)
    opened, _ = new_session(tmp_path, "Crash between")
    path, log = opened.path, audit_path(opened.path)
    svc = opened.as_tool("test")
    svc.add_candidate("One")  # 1 event waits (with 'created the session' already logged)
    assert len(SessionFile.open(path).audit_events()) == 2
    svc.add_candidate("Two")  # 2 wait
    before = (path.read_bytes(), SessionFile.open(path).audit_events())

    real = journal.append

    def crash(session_path: Path, at: int, line: bytes) -> tuple[int, int, int]:
        raise OSError("simulated crash before the session's change is written")

    monkeypatch.setattr(journal, "append", crash)
    log_size = log.stat().st_size
    with pytest.raises(OSError, match="simulated crash"):
        svc.add_candidate("Lost in the crash")  # 3 waiting: the batch goes to the log, then the crash
    assert log.stat().st_size > log_size, "the batch reached the log before the crash"
    monkeypatch.setattr(journal, "append", real)

    assert path.read_bytes() == before[0]
    assert SessionFile.open(path).audit_events() == before[1]
    assert [c.name for c in SessionFile.open(path).state().candidates] == ["One", "Two"]

    svc.add_candidate("Three")
    events = SessionFile.open(path).audit_events()
    assert [(e.action, e.target) for e in events] == [
        ("created the session", "Crash between"),
        ("added candidate", "C01"),
        ("added candidate", "C02"),
        ("added candidate", "C03"),
    ]
    assert [c.name for c in SessionFile.open(path).state().candidates] == ["One", "Two", "Three"]
    assert len(log.read_bytes()) == read_tables(path)["_meta"]["meta"]["audit_bytes"]


def test_no_pin_is_ever_written_in_clear(full: Full) -> None:
    state = SessionFile.open(full.file.path).state()
    hashes = [m.pin_hash for m in state.members if m.pin_hash]
    assert len(hashes) == 2 and all(h.startswith("scrypt$") for h in hashes), "the chair's and Ann's"
    text = full.file.path.read_text(encoding="utf-8")
    assert f'"{ANN_PIN}"' not in text and f'"{CHAIR_PIN}"' not in text
    assert text.count("scrypt$") == 2, "each hash is in its member's record only, never in a waiting audit event"
    assert "scrypt$" not in audit_path(full.file.path).read_text(encoding="utf-8")


def test_events_wait_in_the_session_file_then_move_to_the_log_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "AUDIT_BATCH", 5)
    opened, chair = new_session(tmp_path, "Batching", chair_name="Chair")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    for n in range(12):
        svc.add_candidate(f"Candidate {n}")
    events = SessionFile.open(opened.path).audit_events()
    assert all(isinstance(e, AuditEvent) for e in events)
    assert [e.action for e in events] == ["created the session", "added panel member"] + ["added candidate"] * 12
    logged = audit_path(opened.path).read_text(encoding="utf-8").splitlines()
    assert 0 < len(logged) < len(events), "some events are in the log, the newest still wait in the session file"
