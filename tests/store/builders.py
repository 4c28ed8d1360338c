"""Sessions for the store tests, built through the services as people would build them.

Only the old-version files (`write_v1`, `as_version_2`) are written by hand:
no version of panel-tui that runs today can make them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from panel_tui.domain.models import Candidate, PanelMember, Question, QuestionStatus, ScoreSheet
from panel_tui.services import OpenedSession, PanelService, new_session
from panel_tui.store import SessionFile
from panel_tui.store.audit_log import audit_path
from panel_tui.store.migrations import LATER_TABLES

CHAIR_PIN = "2468"
ANN_PIN = "1234"


@dataclass
class Full:
    """A whole round: set-up, questions agreed and locked, sheets scored, agreement, an outcome."""

    file: SessionFile
    """The writer's own open file: its state is what it saved, never re-read (nobody else wrote)."""
    opened: OpenedSession
    chair_service: PanelService
    chair: PanelMember
    ann: PanelMember
    vic: PanelMember
    sam: PanelMember
    casey: Candidate
    dee: Candidate
    q1: Question
    q2: Question
    q3: Question


EXPECTED_ACTIONS = [
    "created the session",
    "added panel member",  # the chair, by new_session
    "changed panel member",  # the chair's own PIN, needed before anyone else has one
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
    created, chair = new_session(folder, "Peer mentor", organisation="Harbour", chair_name="Chair", chair_group="staff")
    assert chair is not None
    writer = SessionFile.open(created.path)
    opened = OpenedSession(writer)
    svc = opened.sign_in(chair.id)
    chair = svc.edit_member(chair.id, pin=CHAIR_PIN)
    ann = svc.add_member("Ann Member", "member", pin=ANN_PIN, access_needs="Large text")
    vic = svc.add_member("Vic Volunteer", "volunteer", plain_language=True)
    sam = svc.add_member("Sam Staff", "staff")
    casey = svc.add_candidate("Casey Candidate", slot="Mon 10:00", adjustments="Questions in writing")
    dee = svc.add_candidate("Dee Candidate", slot="Mon 11:00")
    q1 = svc.propose_question("Tell us about listening.", guidance=["Listens", "Checks back"], anchors={4: "Clear example"})
    q2 = svc.propose_question("How do you keep boundaries?", plain_text="How do you keep things safe?")
    q3 = svc.propose_question("A question we drop.")
    as_ann, as_vic, as_sam = opened.sign_in(ann.id, ANN_PIN), opened.sign_in(vic.id), opened.sign_in(sam.id)
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
    writer.compact()  # the file alone holds the whole round: what the damage tests edit by hand
    return Full(writer, opened, svc, chair, ann, vic, sam, casey, dee, q1, q2, q3)


@dataclass(frozen=True)
class Small:
    """A small sound session with one score saved, alone in its folder."""

    path: Path
    good: bytes
    """The session file's bytes as the services left them."""
    log: bytes
    """The audit log's bytes."""


def build_small(folder: Path) -> Small:
    opened, chair = new_session(folder, "Damage", chair_name="Chair")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    member = svc.add_member("Ann", "member")
    candidate = svc.add_candidate("Casey")
    question = svc.propose_question("Why?")
    svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    opened.sign_in(member.id).record_score(member.id, candidate.id, question.id, 2)
    SessionFile.open(opened.path).compact()  # the file alone holds the whole round: what the damage tests edit by hand
    return Small(opened.path, opened.path.read_bytes(), audit_path(opened.path).read_bytes())


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


def whole_file(path: Path) -> bytes:
    """The session as one file, its journal folded in: what a test edits by hand as another program would."""
    SessionFile.open(path).compact()
    return path.read_bytes()


def as_version_2(path: Path) -> bytes:
    """Turn a current file into the layout 0.1 wrote (version 2: no pin_attempts table); return its bytes."""
    raw = as_version_2_bytes(whole_file(path))  # 0.1 kept no journal: its one file held everything
    path.write_bytes(raw)
    return raw


def as_version_2_bytes(current: bytes) -> bytes:
    """The bytes of a current file, laid out as 0.1 wrote it (version 2)."""
    data = json.loads(current)
    assert not data.get("pin_attempts"), "a version-2 file never held wrong-PIN counts"
    for name in LATER_TABLES:
        assert not data.pop(name, None), "a version-2 file never held version 3's records"
    data["_meta"]["meta"]["schema_version"] = 2
    return json.dumps(data).encode()
