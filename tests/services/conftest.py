"""A real session file in tmp_path, set up through the services as a chair would.

People act through `OpenedSession.sign_in` (or `as_tool`), exactly as the UI
and the CLI do. What a refused action must leave alone, and what rule 1 hides
from everyone, is read with the store itself (`SessionFile.open(path)`), as
another process would read it: never through an actor's read model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from panel_tui.domain.models import AuditEvent, Candidate, PanelMember, Question
from panel_tui.domain.state import SessionState
from panel_tui.services import OpenedSession, PanelService, new_session
from panel_tui.store import SessionFile
from panel_tui.store.audit_log import audit_path


@dataclass(frozen=True)
class Store:
    """An opened session, and what its file holds, read by the store as another process would."""

    opened: OpenedSession

    @property
    def path(self) -> Path:
        return self.opened.path

    def state(self) -> SessionState:
        """The whole session (never an actor's read model)."""
        return SessionFile.open(self.path).state()

    def audit_events(self) -> list[AuditEvent]:
        """The whole audit trail."""
        return SessionFile.open(self.path).audit_events()


@dataclass
class Panel:
    opened: OpenedSession
    chair: PanelMember
    ann: PanelMember
    bob: PanelMember
    hr: PanelMember
    cand: Candidate | None = None
    questions: list[Question] = field(default_factory=list)
    proposed: Question | None = None

    @property
    def path(self) -> Path:
        return self.opened.path

    @property
    def svc(self) -> PanelService:
        """The chair's service."""
        return self.as_(self.chair)

    def as_(self, member: PanelMember, pin: str = "") -> PanelService:
        """`member` signed in on this terminal."""
        return self.opened.sign_in(member.id, pin)

    def tool(self, name: str = "a script") -> PanelService:
        return self.opened.as_tool(name)

    def raw(self) -> SessionState:
        """The whole session as the file holds it, read by the store (never an actor's read model)."""
        return Store(self.opened).state()

    def events(self) -> list[AuditEvent]:
        """The whole audit trail as the file holds it."""
        return Store(self.opened).audit_events()

    def on_disk(self) -> tuple[bytes, bytes, int]:
        """Everything a refused action must leave alone: the file, the audit log, the events."""
        log = audit_path(self.path)
        return self.path.read_bytes(), log.read_bytes() if log.exists() else b"", len(self.events())


def make_panel(folder: Path, vacancy: str = "Peer mentor") -> Panel:
    opened, chair = new_session(folder, vacancy, chair_name="Chair Person", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    ann = svc.add_member("Ann Member", "member")
    bob = svc.add_member("Bob Volunteer", "volunteer")
    hr = svc.add_member("Hana HR", "staff", role="observer")
    return Panel(opened, chair, ann, bob, hr)


def add_round(panel: Panel) -> Panel:
    """Candidate C01, two agreed questions locked for interviews, and one left proposed."""
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


@pytest.fixture
def store_of() -> type[Store]:
    """`store_of(opened)`: the tests' window on a file they made themselves."""
    return Store


@pytest.fixture
def panel(tmp_path: Path) -> Panel:
    """Chair (staff), Ann (member), Bob (volunteer), Hana (HR observer); no candidates or questions."""
    return make_panel(tmp_path)


@pytest.fixture
def round_(panel: Panel) -> Panel:
    """The panel with candidate C01, two agreed questions locked for interviews, and one left proposed."""
    return add_round(panel)
