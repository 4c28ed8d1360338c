"""Session files on disk: round trip, versions, damage, permissions, backups, audit tail."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_tui.domain.models import (
    AuditEvent,
    Candidate,
    PanelMember,
    Question,
    QuestionStatus,
    ScoreSheet,
    SheetStatus,
)
from panel_tui.services import Actor, PanelService, check_session, new_session
from panel_tui.store import (
    SessionDamaged,
    SessionFile,
    SessionMissing,
    SessionTooNew,
    StoreError,
    repository,
    storage,
)
from panel_tui.store.audit_log import audit_path
from panel_tui.store.lock import lock_path
from panel_tui.store.repository import audit_events_of, backup_path, peek

# -- a full session, built through the service --------------------------------


@dataclass
class Full:
    file: SessionFile
    chair: PanelMember
    ann: PanelMember
    vic: PanelMember
    sam: PanelMember
    casey: Candidate
    dee: Candidate
    q1: Question
    q2: Question
    q3: Question

    def service(self, member: PanelMember | None = None) -> PanelService:
        return PanelService(self.file, Actor.of(member or self.chair))


EXPECTED_ACTIONS = [
    "created the session",
    "added panel member",  # the chair, by new_session
    "added panel member",
    "added panel member",
    "added panel member",
    "added candidate",
    "added candidate",
    "proposed question",
    "proposed question",
    "proposed question",
    "commented on question",
    "supported question",
    "marked question agreed",
    "marked question agreed",
    "marked question withdrawn",
    "locked the question set",
    "confirmed the confidentiality statement",
    "declared a soft conflict",
    "saved a score",
    "saved a score",
    "saved a note",
    "saved a note",
    "submitted a score sheet",
    "saved a score",
    "saved a note",
    "saved a score",
    "saved a score",
    "submitted a score sheet",
    "saved a score",
    "opened agreement of scores",
    "set an agreed score",
    "set an agreed score",
    "recorded an outcome",
]


def build_full(folder: Path) -> Full:
    session_file, chair = new_session(folder, "Peer mentor", organisation="Harbour", chair_name="Chair", chair_group="staff")
    assert chair is not None
    svc = PanelService(session_file, Actor.of(chair))
    ann = svc.add_member("Ann Member", "member", pin="1234", access_needs="Large text")
    vic = svc.add_member("Vic Volunteer", "volunteer", plain_language=True)
    sam = svc.add_member("Sam Staff", "staff")
    casey = svc.add_candidate("Casey Candidate", slot="Mon 10:00", adjustments="Questions in writing")
    dee = svc.add_candidate("Dee Candidate", slot="Mon 11:00")
    q1 = svc.propose_question("Tell us about listening.", guidance=["Listens", "Checks back"], anchors={4: "Clear example"})
    q2 = svc.propose_question("How do you keep boundaries?", plain_text="How do you keep things safe?")
    q3 = svc.propose_question("A question we drop.")
    as_ann, as_vic, as_sam = (PanelService(session_file, Actor.of(m)) for m in (ann, vic, sam))
    as_ann.comment_on_question(q1.id, "Good one — keep it")
    as_vic.support_question(q1.id)
    q1 = svc.set_question_status(q1.id, "agreed")
    q2 = svc.set_question_status(q2.id, "agreed")
    q3 = svc.set_question_status(q3.id, "withdrawn")
    svc.lock_questions()

    as_ann.confirm_briefing()
    as_ann.declare_conflict(casey.id, "soft", "peer")
    as_ann.record_score(ann.id, casey.id, q1.id, 3)
    as_ann.record_score(ann.id, casey.id, q2.id, 4)
    as_ann.set_note(ann.id, casey.id, q1.id, "Good — with ünïcode and [bold]markup[/bold]")
    as_ann.set_note(ann.id, casey.id, q2.id, 'Quotes " and \\ backslash\nand a new line')
    as_ann.submit_sheet(ann.id, casey.id)
    as_vic.record_score(vic.id, casey.id, q1.id, 2)  # a draft: never submitted
    as_vic.set_note(vic.id, casey.id, q1.id, "Still thinking")
    as_sam.record_score(sam.id, casey.id, q1.id, 4)
    as_sam.record_score(sam.id, casey.id, q2.id, 1)
    as_sam.submit_sheet(sam.id, casey.id)
    as_ann.record_score(ann.id, dee.id, q1.id, 1)  # a draft for the second candidate
    svc.open_reconciliation(casey.id, {chair.id: "chair was observing", vic.id: "left early"})
    svc.set_agreed_score(casey.id, q1.id, 3, reason="The panel agreed")
    svc.set_agreed_score(casey.id, q2.id, 3, reason="Between the two")
    svc.record_outcome(casey.id, "appoint", "Well done")
    return Full(session_file, chair, ann, vic, sam, casey, dee, q1, q2, q3)


@pytest.fixture(params=[1, 64], ids=["events-logged-at-once", "events-waiting-in-file"])
def full(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Full:
    """Built twice: with every event moved to the log at once, and with the default batching."""
    monkeypatch.setattr(repository, "AUDIT_BATCH", request.param)
    return build_full(tmp_path)


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


# -- migration ------------------------------------------------------------------


def write_v1(path: Path, *, labels: bool = True) -> tuple[Candidate, PanelMember, Question, ScoreSheet]:
    """A session file as the first prototypes wrote it: a flat scale, no audit length, no audit log."""
    member = PanelMember(id="m1", name="Old Member", group="member")
    candidate = Candidate(id="c1", name="Old Candidate", code="C01", position=1)
    question = Question(id="q1", text="An old question?", status=QuestionStatus.AGREED, position=1)
    sheet = ScoreSheet(member_id="m1", candidate_id="c1", scores={"q1": 5}, notes={"q1": "Strong"})
    session = {
        "id": "s1",
        "vacancy": "Old round",
        "scale_low": 1,
        "scale_high": 5,
        "divergence_threshold": 2,
        "questions_locked": True,
        "created_at": "2025-01-01T10:00:00+00:00",
    }
    if labels:
        session["scale_labels"] = ["Poor", "Weak", "Fair", "Good", "Great"]
    data = {
        "_meta": {"meta": {"schema_version": 1}},
        "session": {"session": session},
        "members": {"m1": member.model_dump(mode="json")},
        "candidates": {"c1": candidate.model_dump(mode="json")},
        "questions": {"q1": question.model_dump(mode="json")},
        "sheets": {sheet.id: sheet.model_dump(mode="json")},
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    path.chmod(0o644)
    return candidate, member, question, sheet


def test_an_older_file_is_migrated_once_and_a_copy_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    candidate, member, question, sheet = write_v1(path)
    original = path.read_bytes()

    peeked = peek(path)  # read-only: migrated in memory, nothing written
    assert path.read_bytes() == original and not path.with_name("old.json.v1.bak").exists()

    session_file = SessionFile.open(path)
    state = session_file.state()
    assert state == peeked
    assert (state.session.scale.low, state.session.scale.high) == (1, 5)
    assert [state.session.scale.label(p) for p in (1, 5)] == ["Poor", "Great"]
    assert state.members == (member,) and state.candidates == (candidate,) and state.questions == (question,)
    assert state.sheets == (sheet,) and state.sheet("m1", "c1").scores == {"q1": 5}

    kept = path.with_name("old.json.v1.bak")
    assert kept.read_bytes() == original
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["_meta"]["meta"]["schema_version"] == 2
    assert data["_meta"]["meta"]["audit_bytes"] == 0
    assert data["session"]["session"]["scale"] == {"low": 1, "high": 5, "labels": ["Poor", "Weak", "Fair", "Good", "Great"]}
    assert not {"scale_low", "scale_high", "scale_labels"} & data["session"]["session"].keys()
    for migrated in (path, kept):
        assert stat.S_IMODE(migrated.stat().st_mode) == 0o600, migrated.name

    settled = (path.read_bytes(), path.stat().st_mtime_ns, kept.stat().st_mtime_ns)
    assert SessionFile.open(path).state() == state  # once: the second open neither migrates nor copies
    assert (path.read_bytes(), path.stat().st_mtime_ns, kept.stat().st_mtime_ns) == settled

    PanelService(session_file, Actor.tool("test")).add_candidate("New Candidate")
    again = SessionFile.open(path)
    assert [c.name for c in again.state().candidates] == ["Old Candidate", "New Candidate"]
    assert [e.action for e in again.audit_events()] == ["added candidate"]


def test_a_version_1_file_without_labels_gets_the_default_labels(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    write_v1(path, labels=False)
    scale = SessionFile.open(path).state().session.scale
    assert (scale.low, scale.high, len(scale.labels)) == (1, 5, 5)


# -- damage -----------------------------------------------------------------------


def _edited(good: bytes, edit: Callable[[dict], object]) -> bytes:
    data = json.loads(good)
    edit(data)
    return json.dumps(data).encode()


def _first(table: dict) -> dict:
    return next(iter(table.values()))


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda good: b"",
    "whitespace": lambda good: b"  \n",
    "truncated": lambda good: good[: len(good) // 2],
    "cut at the last byte": lambda good: good[:-1],
    "not a dict": lambda good: b"[1, 2, 3]",
    "a table not a dict": lambda good: b'{"_meta": {"meta": {"schema_version": 2}}, "session": [1]}',
    "a record not a dict": lambda good: _edited(good, lambda d: d["members"].update(x=[1])),
    "a record fails validation": lambda good: _edited(good, lambda d: _first(d["members"]).update(group="boss")),
    "a score out of type": lambda good: _edited(good, lambda d: _first(d["sheets"]).update(scores={"q": "high"})),
    "no session details": lambda good: _edited(good, lambda d: d.update(session={})),
    "no version mark": lambda good: _edited(good, lambda d: d.pop("_meta")),
    "a version mark not a number": lambda good: _edited(good, lambda d: d["_meta"]["meta"].update(schema_version="2")),
    "not json at all": lambda good: b"\x00\xff binary \x89PNG",
}


@contextmanager
def untouched(folder: Path) -> Iterator[None]:
    """Every file in the folder keeps its bytes, inode, mtime and mode; nothing new but the lock."""

    def snapshot() -> dict[str, tuple[bytes, int, int, int]]:
        found = {}
        for p in folder.iterdir():
            if p.is_file() and not p.name.endswith(".lock"):
                st = p.stat()
                found[p.name] = (p.read_bytes(), st.st_ino, st.st_mtime_ns, st.st_mode)
        return found

    before = snapshot()
    yield
    assert snapshot() == before


@pytest.fixture
def good_session(tmp_path: Path) -> tuple[Path, bytes]:
    """A small sound session with a score sheet, in its own folder."""
    folder = tmp_path / "sessions"
    session_file, chair = new_session(folder, "Damage", chair_name="Chair")
    svc = PanelService(session_file, Actor.of(chair))
    member = svc.add_member("Ann", "member")
    candidate = svc.add_candidate("Casey")
    question = svc.propose_question("Why?")
    svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    svc.record_score(member.id, candidate.id, question.id, 2)
    return session_file.path, session_file.path.read_bytes()


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_file_is_refused_and_left_byte_for_byte(good_session: tuple[Path, bytes], kind: str) -> None:
    path, good = good_session
    path.write_bytes(DAMAGE[kind](good))
    with untouched(path.parent):
        with pytest.raises(SessionDamaged) as caught:
            SessionFile.open(path)
        message = str(caught.value)
        assert str(path) in message and "is damaged" in message and "has not been changed" in message
        with pytest.raises(SessionDamaged, match="has not been changed") as peeked:
            peek(path)
        assert str(path) in str(peeked.value)
        with pytest.raises(SessionDamaged):
            check_session(path)


VERSION_BUG = pytest.mark.xfail(
    strict=True,
    reason="store bug: a file re-read after open() has no version check (SessionStorage.refresh); "
    "when fixed these pass: remove this marker",
)
LATE_DAMAGE = [
    pytest.param(kind, marks=VERSION_BUG) if kind in ("no version mark", "a version mark not a number") else kind
    for kind in DAMAGE
]


@pytest.mark.parametrize("kind", LATE_DAMAGE)
def test_a_transaction_on_a_damaged_file_writes_nothing(good_session: tuple[Path, bytes], kind: str) -> None:
    """Even bypassing open(): a transaction reads the file under the lock and refuses it."""
    path, good = good_session
    path.write_bytes(DAMAGE[kind](good))
    with untouched(path.parent):
        with pytest.raises(StoreError):
            with SessionFile(path).transaction() as tx:
                tx.put(Candidate(name="Never saved", code="C99"))
                tx.record(AuditEvent(actor_id="tool", actor_name="test", action="added candidate"))


@pytest.mark.parametrize("kind", LATE_DAMAGE)
def test_a_file_damaged_after_opening_is_never_overwritten(good_session: tuple[Path, bytes], kind: str) -> None:
    """A terminal left open while the file is damaged under it: its next save is refused."""
    path, good = good_session
    session_file = SessionFile.open(path)
    svc = PanelService(session_file, Actor.tool("test"))
    session_file.state()
    path.write_bytes(DAMAGE[kind](good))
    with untouched(path.parent):
        with pytest.raises(StoreError):
            svc.add_candidate("Late")
        with pytest.raises(StoreError):
            svc.add_candidate("Later still")


def test_a_damaged_audit_trail_is_refused_and_nothing_changes(full: Full) -> None:
    path, log = full.file.path, audit_path(full.file.path)
    whole = log.read_bytes()
    committed = json.loads(path.read_bytes())["_meta"]["meta"]["audit_bytes"]
    cases = {
        "the log is missing": None,
        "the log is shorter than committed": whole[: committed - 1],
        "a committed line is garbage": b"x" * (whole.index(b"\n")) + whole[whole.index(b"\n"):],
    }
    for reason, damaged in cases.items():
        if damaged is None:
            log.unlink()
        else:
            log.write_bytes(damaged)
        with untouched(path.parent):
            with pytest.raises(SessionDamaged) as caught:
                SessionFile.open(path)
            assert str(log) in str(caught.value), reason
            with pytest.raises(SessionDamaged):
                audit_events_of(path)
        log.write_bytes(whole)
    assert SessionFile.open(path).audit_events() == full.file.audit_events()


def test_a_newer_file_is_refused_and_left_alone(good_session: tuple[Path, bytes]) -> None:
    path, good = good_session
    path.write_bytes(_edited(good, lambda d: d["_meta"]["meta"].update(schema_version=3, new_field="from the future")))
    with untouched(path.parent):
        with pytest.raises(SessionTooNew, match="newer panel-tui") as caught:
            SessionFile.open(path)
        assert str(path) in str(caught.value) and "has not been changed" in str(caught.value)
        assert "file version 3" in str(caught.value)
        with pytest.raises(SessionTooNew):
            peek(path)
        with pytest.raises(SessionTooNew):
            check_session(path)


@VERSION_BUG
def test_a_file_a_newer_version_wrote_while_open_is_never_rewritten(good_session: tuple[Path, bytes]) -> None:
    path, good = good_session
    session_file = SessionFile.open(path)
    svc = PanelService(session_file, Actor.tool("test"))
    path.write_bytes(_edited(good, lambda d: d["_meta"]["meta"].update(schema_version=3)))
    with untouched(path.parent):
        with pytest.raises(SessionTooNew):
            svc.add_candidate("Late")


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(SessionMissing, match="There is no session file"):
        SessionFile.open(tmp_path / "nope.json")
    assert not (tmp_path / "nope.json").exists()


# -- permissions, temp files, backups ---------------------------------------------


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_is_readable_by_its_owner_only_whatever_the_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    monkeypatch.setattr(repository, "AUDIT_BATCH", 1)
    with umask(0):
        full = build_full(tmp_path)
        path = full.file.path
        old = tmp_path / "old.json"
        write_v1(old)
        SessionFile.open(old)
    files = [path, audit_path(path), lock_path(path), *(backup_path(path, n) for n in (1, 2, 3)), old.with_name("old.json.v1.bak"), old]
    for file in files:
        assert mode(file) == 0o600, file.name


def test_orphaned_temp_files_are_removed_on_open_and_only_ours(tmp_path: Path) -> None:
    session_file, _ = new_session(tmp_path, "Orphans")
    path = session_file.path
    ours = [path.with_name(f".{path.name}.{pid}.{tag}.tmp") for pid, tag in ((99999, "abcd1234"), (4242, "00ff00ff"))]
    others = [
        path.with_name(f".other-{path.name}.99999.abcd1234.tmp"),  # another session's
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


def test_backups_rotate_and_keep_three(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    session_file, _ = new_session(tmp_path, "Backups")
    path = session_file.path
    svc = PanelService(session_file, Actor.tool("test"))
    versions = []
    for n in range(5):
        versions.append(path.read_bytes())
        svc.add_candidate(f"Extra {n}")
        kept = sorted(p.name for p in tmp_path.glob("*.bak"))
        assert kept == [backup_path(path, k).name for k in range(1, min(n + 1, 3) + 1)]
    for n in (1, 2, 3):
        backup = backup_path(path, n)
        assert backup.read_bytes() == versions[-n], backup.name
        assert mode(backup) == 0o600
        assert [c.name for c in peek(backup).candidates] == [f"Extra {k}" for k in range(5 - n)], "a backup is a whole session"
    assert not backup_path(path, 4).exists()


def test_backups_are_taken_on_a_process_s_first_write_then_every_few_minutes(tmp_path: Path) -> None:
    session_file, _ = new_session(tmp_path, "Few backups")
    path = session_file.path
    first = path.read_bytes()
    svc = PanelService(session_file, Actor.tool("test"))
    for n in range(3):
        svc.add_candidate(f"Candidate {n}")
    assert backup_path(path, 1).read_bytes() == first
    assert not backup_path(path, 2).exists()


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

    PanelService(SessionFile.open(path), Actor.tool("test")).add_candidate("After the crash")
    events = SessionFile.open(path).audit_events()
    assert events[:-1] == committed and events[-1].action == "added candidate"
    assert b"Ghost" not in log.read_bytes() and b"half an event" not in log.read_bytes()
    assert len(log.read_bytes()) == json.loads(path.read_bytes())["_meta"]["meta"]["audit_bytes"]


def test_a_crash_between_the_log_and_the_session_file_loses_and_doubles_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The log is appended and fsynced first; if the session file is then never replaced, the
    events are still waiting in it, the log's new tail is ignored, and the next write cuts it."""
    monkeypatch.setattr(repository, "AUDIT_BATCH", 3)
    session_file, _ = new_session(tmp_path, "Crash between")
    path, log = session_file.path, audit_path(session_file.path)
    svc = PanelService(session_file, Actor.tool("test"))
    svc.add_candidate("One")  # 1 event waits (with 'created the session' already logged)
    assert len(SessionFile.open(path).audit_events()) == 2
    svc.add_candidate("Two")  # 2 wait
    before = (path.read_bytes(), SessionFile.open(path).audit_events())

    real = storage.write_atomic

    def crash(target: Path, payload: bytes) -> None:
        raise OSError("simulated crash before the session file is replaced")

    monkeypatch.setattr(storage, "write_atomic", crash)
    log_size = log.stat().st_size
    with pytest.raises(OSError, match="simulated crash"):
        svc.add_candidate("Lost in the crash")  # 3 waiting: the batch goes to the log, then the crash
    assert log.stat().st_size > log_size, "the batch reached the log before the crash"
    monkeypatch.setattr(storage, "write_atomic", real)

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
    assert len(log.read_bytes()) == json.loads(path.read_bytes())["_meta"]["meta"]["audit_bytes"]


def test_no_pin_is_ever_written_in_clear(full: Full) -> None:
    member = full.file.state().member(full.ann.id)
    assert member.pin_hash and member.pin_hash.startswith("scrypt$")
    text = full.file.path.read_text(encoding="utf-8")
    assert '"1234"' not in text
    assert text.count("scrypt$") == 1, "the hash is in the member's record only, never in a waiting audit event"
    assert "scrypt$" not in audit_path(full.file.path).read_text(encoding="utf-8")


def test_events_wait_in_the_session_file_then_move_to_the_log_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "AUDIT_BATCH", 5)
    session_file, chair = new_session(tmp_path, "Batching", chair_name="Chair")
    assert chair is not None
    svc = PanelService(session_file, Actor.of(chair))
    for n in range(12):
        svc.add_candidate(f"Candidate {n}")
    events = SessionFile.open(session_file.path).audit_events()
    assert all(isinstance(e, AuditEvent) for e in events)
    assert [e.action for e in events] == ["created the session", "added panel member"] + ["added candidate"] * 12
    logged = audit_path(session_file.path).read_text(encoding="utf-8").splitlines()
    assert 0 < len(logged) < len(events), "some events are in the log, the newest still wait in the session file"


def test_a_backup_restored_by_copy_opens(full: Full, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain words of the damage message work: copy a backup over the file and open it."""
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    path = full.file.path
    full.service().add_candidate("After the backup")
    path.write_bytes(b"")
    with pytest.raises(SessionDamaged, match=r"\.bak files"):
        SessionFile.open(path)
    shutil.copy(backup_path(path, 1), path)
    assert [c.name for c in SessionFile.open(path).state().candidates] == ["Casey Candidate", "Dee Candidate"]
