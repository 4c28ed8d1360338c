"""A real session file in tmp_path, set up through the service as a chair would."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from panel_tui.domain.models import AuditEvent, Candidate, PanelMember, Question
from panel_tui.services import Actor, PanelService, new_session
from panel_tui.store import SessionFile
from panel_tui.store.audit_log import audit_path


@dataclass
class Panel:
    file: SessionFile
    chair: PanelMember
    ann: PanelMember
    bob: PanelMember
    hr: PanelMember
    cand: Candidate | None = None
    questions: list[Question] = field(default_factory=list)
    proposed: Question | None = None

    @property
    def svc(self) -> PanelService:
        """The chair's service."""
        return self.as_(self.chair)

    def as_(self, member: PanelMember) -> PanelService:
        return PanelService(self.file, Actor.of(member))

    def events(self) -> list[AuditEvent]:
        return self.file.audit_events()

    def on_disk(self) -> tuple[bytes, bytes, int]:
        """Everything a refused action must leave alone: the file, the audit log, the events."""
        log = audit_path(self.file.path)
        return self.file.path.read_bytes(), log.read_bytes() if log.exists() else b"", len(self.events())


@pytest.fixture
def panel(tmp_path: Path) -> Panel:
    """Chair (staff), Ann (member), Bob (volunteer), Hana (HR observer); no candidates or questions."""
    session_file, chair = new_session(tmp_path, "Peer mentor", chair_name="Chair Person", chair_group="staff")
    assert chair is not None
    svc = PanelService(session_file, Actor.of(chair))
    ann = svc.add_member("Ann Member", "member")
    bob = svc.add_member("Bob Volunteer", "volunteer")
    hr = svc.add_member("Hana HR", "staff", role="observer")
    return Panel(session_file, chair, ann, bob, hr)


@pytest.fixture
def round_(panel: Panel) -> Panel:
    """The panel with candidate C01, two agreed questions locked for interviews, and one left proposed."""
    svc = panel.svc
    panel.cand = svc.add_candidate("Casey Candidate")
    q1 = svc.propose_question("Tell us about a time you listened?")
    q2 = svc.propose_question("How would you support someone in crisis?")
    panel.proposed = svc.propose_question("A question never agreed?")
    for q in (q1, q2):
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    panel.questions = [q1, q2]
    return panel
