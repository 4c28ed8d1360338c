"""A small hiring round built by hand, as plain models: no file, no terminal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from panel_tui.domain.models import (
    Candidate,
    Group,
    PanelMember,
    Question,
    QuestionStatus,
    Role,
    ScoreSheet,
    Session,
    SheetStatus,
)
from panel_tui.domain.state import SessionState


@dataclass(frozen=True)
class Round:
    """Chair, three panel members of different groups, HR, one candidate, three questions."""

    state: SessionState
    chair: PanelMember
    ann: PanelMember
    bob: PanelMember
    cat: PanelMember
    hr: PanelMember
    cand: Candidate
    q1: Question
    q2: Question
    proposed: Question
    withdrawn: Question

    def with_sheets(self, *sheets: ScoreSheet) -> Round:
        state = self.state
        for sheet in sheets:
            state = state.with_model(sheet)
        return replace(self, state=state)

    def sheet(self, member: PanelMember, scores: dict[str, int] | None = None, submitted: bool = False) -> ScoreSheet:
        return ScoreSheet(
            member_id=member.id,
            candidate_id=self.cand.id,
            scores=scores if scores is not None else {self.q1.id: 3},
            status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
        )


def build_round(locked: bool = True) -> Round:
    chair = PanelMember(name="Chair Person", group=Group.STAFF, role=Role.CHAIR)
    ann = PanelMember(name="Ann Member", group=Group.MEMBER)
    bob = PanelMember(name="Bob Volunteer", group=Group.VOLUNTEER)
    cat = PanelMember(name="Cat Staff", group=Group.STAFF)
    hr = PanelMember(name="Hana HR", group=Group.STAFF, role=Role.OBSERVER)
    cand = Candidate(name="Casey Candidate", code="C01")
    # Positions out of creation order: the agreed set is in interview order.
    q2 = Question(text="Second question?", status=QuestionStatus.AGREED, position=2)
    q1 = Question(text="First question?", status=QuestionStatus.AGREED, position=1)
    proposed = Question(text="Still proposed?", position=3)
    withdrawn = Question(text="Withdrawn?", status=QuestionStatus.WITHDRAWN, position=4)
    state = SessionState(
        session=Session(vacancy="Peer mentor", questions_locked=locked),
        members=(chair, ann, bob, cat, hr),
        candidates=(cand,),
        questions=(q2, q1, proposed, withdrawn),
    )
    return Round(state, chair, ann, bob, cat, hr, cand, q1, q2, proposed, withdrawn)


@pytest.fixture
def round_() -> Round:
    return build_round()


@pytest.fixture
def make_round() -> Callable[..., Round]:
    return build_round
