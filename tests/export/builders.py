"""Sessions for the export tests, built through the application layer as a panel would.

`build_round` makes one small hiring round that exercises every rule an
export must keep:

- C01 and C02 are opened, agreed, signed off and given outcomes, with equal
  agreed totals (a tie, never broken);
- C04 is opened with one sheet missing (a reason on record) while that
  member's draft sheet, holding DRAFT_NOTE, stays a draft;
- C03 was scored and submitted by everyone but agreement was never opened,
  so its scores and its note UNOPENED_NOTE must never be exported;
- a paper sheet entered by the chair, a soft conflict, and an observer (HR).

Names are distinctive so tests can search every output file for them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from panel_tui.domain.models import PanelMember, Question, SignOff
from panel_tui.services import Actor, OpenedSession, PanelService, new_session
from panel_tui.store import SessionFile
from panel_tui.store.audit_log import audit_path
from panel_tui.store.journal import journal_path

DRAFT_NOTE = "Draftnote kept private until submitted"
UNOPENED_NOTE = "Unopenednote about a candidate not yet discussed"
MEMBER_NAMES = ("Chair Penhaligon", "Annika Member", "Bartholomew Volunteer", "Siobhan Staffwell", "Harriet Recordkeeper")
CANDIDATE_NAMES = ("Casey Quillfeather", "Dana Marchbanks", "Eli Thistlewood", "Fran Oakenshaw")


@dataclass
class Round:
    file: SessionFile
    """The store's view of the whole session (every sheet): for what a test expects, never for what it exports."""
    chair: PanelService
    members: dict[str, PanelMember]
    candidates: dict[str, str]
    """code -> candidate id."""
    questions: list[Question]

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def opened(self) -> OpenedSession:
        return OpenedSession(self.file)

    def tool(self, name: str = "test") -> PanelService:
        """A tool actor: the chair's rights and the chair's reading rule (what an export is built from)."""
        return self.opened.as_tool(name)

    def as_member(self, key: str) -> PanelService:
        return PanelService(self.file, Actor.of(self.members[key]))


def score(r: Round, key: str, code: str, values: list[int], notes: dict[int, str] | None = None, submit: bool = True) -> None:
    """`key` scores candidate `code` (a key of `r.candidates`) on their own sheet, with notes by question index."""
    svc = r.as_member(key)
    member = r.members[key]
    cid = r.candidates[code]
    for q, value in zip(r.questions, values, strict=True):
        svc.record_score(member.id, cid, q.id, value)
    for index, note in (notes or {}).items():
        svc.set_note(member.id, cid, r.questions[index].id, note)
    if submit:
        svc.submit_sheet(member.id, cid)


def build_round(folder: Path, names: tuple[str, ...] = MEMBER_NAMES, candidates: tuple[str, ...] = CANDIDATE_NAMES,
                notes: dict[str, str] | None = None) -> Round:
    """A small, finished-but-not-quite round. `notes` overrides the notes given (for hostile text)."""
    notes = notes or {}
    opened, chair = new_session(
        folder, "Peer mentor", organisation="Harbour Recovery Community", chair_name=names[0], chair_group="staff"
    )
    assert chair is not None
    session_file = SessionFile.open(opened.path)
    svc = PanelService(session_file, Actor.of(chair))
    members = {
        "chair": chair,
        "ann": svc.add_member(names[1], "member"),
        "bob": svc.add_member(names[2], "volunteer"),
        "sam": svc.add_member(names[3], "staff"),
        "hr": svc.add_member(names[4], "staff", role="observer"),
    }
    r = Round(session_file, svc, members, {}, [])
    questions = [
        r.as_member("ann").propose_question("Tell us about a time you supported someone through a setback."),
        r.as_member("bob").propose_question("How would you keep a boundary with someone you mentor?"),
        r.as_member("sam").propose_question("What does recovery mean to you?"),
    ]
    for q in questions:
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    r.questions = questions
    for name, code in zip(candidates, ("C01", "C02", "C03", "C04"), strict=True):
        r.candidates[code] = svc.add_candidate(name, code, slot="10:00", adjustments="Step-free room, extra time").id
    r.as_member("bob").declare_conflict(r.candidates["C02"], "soft", "peer", "Met at a support group")

    for key in ("chair", "ann", "bob", "sam"):
        r.as_member(key).confirm_briefing()
    # C01: total agreed 9
    score(r, "chair", "C01", [3, 3, 2], {0: notes.get("chair", f"Clear example; {names[1]} agreed with {candidates[0]}")})
    score(r, "ann", "C01", [4, 3, 3], {1: notes.get("ann", "Warm and honest")})
    score(r, "bob", "C01", [3, 2, 2])
    score(r, "sam", "C01", [2, 3, 2], {2: notes.get("sam", "Short answer")})
    # C02: total agreed 9 as well (a tie); Sam's sheet entered from paper by the chair
    score(r, "chair", "C02", [2, 3, 4])
    score(r, "ann", "C02", [2, 4, 4])
    score(r, "bob", "C02", [1, 3, 4], {0: "Nervous at first"})
    paper = r.chair
    for q, value in zip(questions, [0, 3, 4], strict=True):
        paper.record_score(members["sam"].id, r.candidates["C02"], q.id, value)
    paper.submit_sheet(members["sam"].id, r.candidates["C02"])
    # C03: everyone submitted, agreement never opened
    for key in ("chair", "ann", "bob", "sam"):
        score(r, key, "C03", [4, 4, 4], {0: UNOPENED_NOTE} if key == "ann" else None)
    # C04: Sam absent (draft only), opened with a reason
    score(r, "chair", "C04", [1, 1, 2])
    score(r, "ann", "C04", [2, 1, 1])
    score(r, "bob", "C04", [1, 2, 1])
    score(r, "sam", "C04", [4, 4, 4], {0: DRAFT_NOTE}, submit=False)

    c01, c02, c04 = r.candidates["C01"], r.candidates["C02"], r.candidates["C04"]
    svc.open_reconciliation(c01)
    for q, value in zip(questions, [3, 3, 3], strict=True):
        svc.set_agreed_score(c01, q.id, value, "Agreed after discussion")
    svc.sign_off(c01, SignOff.CONSENSUS)
    svc.record_outcome(c01, "appoint", "Strong on boundaries; offered the post.", final=True)

    svc.open_reconciliation(c02)
    svc.set_agreed_score(c02, questions[0].id, 2, "Middle of the panel's view")
    svc.set_agreed_score(c02, questions[1].id, 3)
    svc.set_agreed_score(c02, questions[2].id, 4)
    svc.sign_off(c02, SignOff.CHAIR_DECISION, [members["bob"].id], "Bob felt Q1 deserved less")
    svc.record_outcome(c02, "reserve", "Very close; held in reserve.")

    svc.open_reconciliation(c04, {members["sam"].id: "Absent on the day"})
    for q, value in zip(questions, [1, 1, 1], strict=True):
        svc.set_agreed_score(c04, q.id, value)
    svc.record_outcome(c04, "not appointed", "Thank you for coming.")
    return r


def copy_round(template: Round, folder: Path) -> Round:
    """The same round in another folder (the session file and its audit log), reopened there."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / template.path.name
    shutil.copy2(template.path, target)
    for beside in (audit_path, journal_path):  # a session is its file and the files beside it
        if beside(template.path).exists():
            shutil.copy2(beside(template.path), beside(target))
    session_file = SessionFile.open(target)
    return Round(
        session_file, PanelService(session_file, Actor.of(template.members["chair"])),
        template.members, template.candidates, template.questions,
    )


def build_panel(
    folder: Path,
    members: dict[str, tuple[str, str, str]],
    candidates: dict[str, tuple[str, str]],
    questions: int = 2,
) -> Round:
    """A small session of your own: `members` key -> (name, group, role), the first the chair;
    `candidates` key -> (name, code). Questions are agreed and locked; everyone who scores is briefed."""
    (chair_key, (chair_name, chair_group, _)), *others = members.items()
    opened, chair = new_session(folder, "Peer mentor", chair_name=chair_name, chair_group=chair_group)
    assert chair is not None
    session_file = SessionFile.open(opened.path)
    svc = PanelService(session_file, Actor.of(chair))
    people = {chair_key: chair}
    for key, (name, group, role) in others:
        people[key] = svc.add_member(name, group, role=role)
    r = Round(session_file, svc, people, {}, [])
    r.questions = [svc.propose_question(f"Question {n}: tell us about a time you helped.") for n in range(1, questions + 1)]
    for q in r.questions:
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    for key, (name, code) in candidates.items():
        r.candidates[key] = svc.add_candidate(name, code).id
    for key, member in people.items():
        if member.scores:
            r.as_member(key).confirm_briefing()
    return r
