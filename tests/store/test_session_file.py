"""Session files on disk: round trip, versions, damage, permissions, backups, audit tail."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from panel_tui.domain.models import AuditEvent
from panel_tui.services import Actor, PanelService, new_session
from panel_tui.store import SessionDamaged, SessionFile, SessionMissing, SessionTooNew, repository
from panel_tui.store.audit_log import audit_path
from panel_tui.store.repository import peek


@pytest.fixture
def full(tmp_path: Path) -> SessionFile:
    session_file, chair = new_session(tmp_path, "Peer mentor", organisation="Harbour", chair_name="Chair", chair_group="staff")
    svc = PanelService(session_file, Actor.of(chair))
    member = svc.add_member("Ann Member", "member", pin="1234", access_needs="Large text")
    cand = svc.add_candidate("Casey Candidate", slot="Mon 10:00", adjustments="Questions in writing")
    q = svc.propose_question("Tell us about listening.", guidance=["Listens"], anchors={4: "Clear example"})
    svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    as_ann = PanelService(session_file, Actor.of(member))
    as_ann.declare_conflict(cand.id, "soft", "peer")
    as_ann.confirm_briefing()
    as_ann.record_score(member.id, cand.id, q.id, 3)
    as_ann.set_note(member.id, cand.id, q.id, "Good — with ünïcode and [bold]markup[/bold]")
    as_ann.submit_sheet(member.id, cand.id)
    svc.open_reconciliation(cand.id, {chair.id: "chair was observing"})
    svc.set_agreed_score(cand.id, q.id, 3)
    svc.record_outcome(cand.id, "appoint", "Well done")
    return session_file


def test_round_trip_of_a_full_session(full: SessionFile) -> None:
    before = full.state()
    again = SessionFile.open(full.path).state()
    assert again == before
    for name in ("members", "candidates", "questions", "sheets", "agreed", "outcomes", "conflicts", "briefings", "reconciliations"):
        assert getattr(again, name) == getattr(before, name) and getattr(again, name), name
    events = SessionFile.open(full.path).audit_events()
    assert events[0].action == "created the session"
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert "ünïcode" in full.path.read_text(encoding="utf-8"), "written as UTF-8, whatever the locale"


def test_files_are_readable_by_their_owner_only(full: SessionFile) -> None:
    for path in (full.path, audit_path(full.path), repository.backup_path(full.path, 1)):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path.name


def test_orphaned_temp_files_are_removed_on_open(full: SessionFile) -> None:
    orphan = full.path.with_name(f".{full.path.name}.99999.abcd1234.tmp")
    orphan.write_text("half a file")
    SessionFile.open(full.path)
    assert not orphan.exists()


def test_backups_rotate_and_keep_three(full: SessionFile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    session_file = SessionFile.open(full.path)
    chair = next(m for m in session_file.state().members if m.name == "Chair")
    svc = PanelService(session_file, Actor.of(chair))
    versions = []
    for n in range(5):
        versions.append(full.path.read_bytes())
        svc.add_candidate(f"Extra {n}")
    assert repository.backup_path(full.path, 1).read_bytes() == versions[-1]
    assert repository.backup_path(full.path, 2).read_bytes() == versions[-2]
    assert repository.backup_path(full.path, 3).read_bytes() == versions[-3]
    assert not repository.backup_path(full.path, 4).exists()


def _v1_file(path: Path) -> None:
    """A session file as the first prototypes wrote it: a flat scale, no audit length."""
    data = {
        "_meta": {"meta": {"schema_version": 1}},
        "session": {
            "session": {
                "id": "s1",
                "vacancy": "Old round",
                "scale_low": 1,
                "scale_high": 5,
                "scale_labels": ["Poor", "Weak", "Fair", "Good", "Great"],
                "divergence_threshold": 2,
                "created_at": "2025-01-01T10:00:00+00:00",
            }
        },
        "members": {"m1": {"id": "m1", "name": "Old Member", "group": "member", "role": "panel"}},
    }
    path.write_text(json.dumps(data), encoding="utf-8")


def test_an_older_file_is_migrated_once_and_a_copy_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    _v1_file(path)
    original = path.read_bytes()
    state = SessionFile.open(path).state()
    assert (state.session.scale.low, state.session.scale.high) == (1, 5)
    assert state.session.scale.label(5) == "Great"
    assert state.members[0].name == "Old Member"
    assert path.with_name("old.json.v1.bak").read_bytes() == original
    assert json.loads(path.read_text())["_meta"]["meta"]["schema_version"] == 2


DAMAGE = {
    "empty": b"",
    "whitespace": b"   \n",
    "truncated": b'{"_meta": {"meta": {"schema_version": 2}}, "session": {"sess',
    "not a table": b"[1, 2, 3]",
    "no version mark": b'{"session": {}}',
    "bad record": json.dumps(
        {"_meta": {"meta": {"schema_version": 2, "revision": 1, "audit_bytes": 0}},
         "session": {"session": {"id": "x", "vacancy": "", "created_at": "2025-01-01T00:00:00+00:00"}}}
    ).encode(),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_file_is_refused_and_left_byte_for_byte(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "damaged.json"
    path.write_bytes(DAMAGE[kind])
    before = (path.read_bytes(), os.stat(path).st_mtime_ns)
    with pytest.raises(SessionDamaged) as caught:
        SessionFile.open(path)
    assert str(path) in str(caught.value) and "has not been changed" in str(caught.value)
    with pytest.raises(SessionDamaged):
        peek(path)
    assert (path.read_bytes(), os.stat(path).st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["damaged.json"]


def test_a_file_damaged_after_opening_is_never_overwritten(full: SessionFile) -> None:
    chair = next(m for m in full.state().members if m.name == "Chair")
    svc = PanelService(full, Actor.of(chair))
    full.path.write_bytes(b'{"cut sho')
    with pytest.raises(SessionDamaged):
        svc.add_candidate("Late")
    assert full.path.read_bytes() == b'{"cut sho'


def test_a_newer_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"_meta": {"meta": {"schema_version": 99}}, "session": {}}))
    before = path.read_bytes()
    with pytest.raises(SessionTooNew, match="newer panel-tui"):
        SessionFile.open(path)
    assert path.read_bytes() == before


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(SessionMissing, match="There is no session file"):
        SessionFile.open(tmp_path / "nope.json")


def test_an_uncommitted_audit_tail_is_ignored_then_cut(full: SessionFile, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "AUDIT_BATCH", 1)  # every change moves its events to the log at once
    log = audit_path(full.path)
    committed = full.audit_events()
    with open(log, "ab") as handle:
        handle.write(b'{"half an event from a crashed wri')
    assert SessionFile.open(full.path).audit_events() == committed
    chair = next(m for m in full.state().members if m.name == "Chair")
    PanelService(SessionFile.open(full.path), Actor.of(chair)).add_candidate("After the crash")
    events = SessionFile.open(full.path).audit_events()
    assert events[:-1] == committed and events[-1].action == "added candidate"
    assert b"half an event" not in log.read_bytes()


def test_no_pin_is_ever_written_in_clear(full: SessionFile) -> None:
    member = next(m for m in full.state().members if m.name == "Ann Member")
    assert member.pin_hash and member.pin_hash.startswith("scrypt$")
    assert '"pin": "1234"' not in full.path.read_text() and '"1234"' not in full.path.read_text()
    audit = audit_path(full.path).read_text()
    assert "scrypt$" not in audit, "the audit trail records that a PIN was set, never its hash"


def test_events_wait_in_the_session_file_then_move_to_the_log_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "AUDIT_BATCH", 5)
    session_file, chair = new_session(tmp_path, "Batching", chair_name="Chair")
    svc = PanelService(session_file, Actor.of(chair))
    for n in range(12):
        svc.add_candidate(f"Candidate {n}")
    events = SessionFile.open(session_file.path).audit_events()
    assert all(isinstance(e, AuditEvent) for e in events)
    assert [e.action for e in events] == ["created the session", "added panel member"] + ["added candidate"] * 12
    logged = audit_path(session_file.path).read_text().splitlines()
    assert 0 < len(logged) < len(events), "some events are in the log, the newest still wait in the session file"
