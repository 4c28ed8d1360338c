"""A small hiring round, set up once through the services, then used as plain models.

The rules under test are pure functions over a `SessionState`: the round is
built the way a chair builds one (so it is a state the application can
really make), read back with the store, and every test then works on that
frozen state in memory, no file and no terminal. Score sheets are added in
memory per test (`with_sheets`): the rules, not the saving, are what is tested.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pytest

from panel_tui.domain.models import Candidate, PanelMember, Question, Reconciliation, ScoreSheet, SheetStatus
from panel_tui.domain.state import SessionState
from panel_tui.services import new_session
from panel_tui.store import SessionFile


@dataclass(frozen=True)
class Round:
    """Chair, three panel members of different groups, HR, one candidate, four questions."""

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

    def opened(self) -> Round:
        """Agreement opened for the candidate (what lets the chair and HR read submitted sheets)."""
        return replace(self, state=self.state.with_model(Reconciliation(candidate_id=self.cand.id, opened_by=self.chair.id)))

    def sheet(
        self, member: PanelMember, scores: dict[str, int] | None = None, submitted: bool = False,
        entered_by: str | None = None,
    ) -> ScoreSheet:
        return ScoreSheet(
            member_id=member.id,
            candidate_id=self.cand.id,
            scores=scores if scores is not None else {self.q1.id: 3},
            status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
            entered_by=entered_by,
        )


def build_round(folder: Path, locked: bool = True) -> Round:
    opened, chair = new_session(folder, "Peer mentor", chair_name="Chair Person", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    ann = svc.add_member("Ann Member", "member")
    bob = svc.add_member("Bob Volunteer", "volunteer")
    cat = svc.add_member("Cat Staff", "staff")
    hr = svc.add_member("Hana HR", "staff", role="observer")
    cand = svc.add_candidate("Casey Candidate")
    # Proposed out of interview order, then moved: the agreed set is in interview order, not creation order.
    q2 = svc.propose_question("Second question?")
    q1 = svc.propose_question("First question?")
    proposed = svc.propose_question("Still proposed?")
    withdrawn = svc.propose_question("Withdrawn?")
    for q in (q2, q1):
        svc.set_question_status(q.id, "agreed")
    svc.set_question_status(withdrawn.id, "withdrawn")
    svc.move_question(q1.id, -1)
    if locked:
        svc.lock_questions()
    state = SessionFile.open(opened.path).state()
    return Round(
        state,
        state.member(chair.id),
        state.member(ann.id),
        state.member(bob.id),
        state.member(cat.id),
        state.member(hr.id),
        state.candidate(cand.id),
        state.question(q1.id),
        state.question(q2.id),
        state.question(proposed.id),
        state.question(withdrawn.id),
    )


@pytest.fixture(scope="session")
def make_round(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Round]:
    """`make_round(locked=True)`: built once per kind, shared (a Round and its state are immutable)."""

    @cache
    def made(locked: bool = True) -> Round:
        return build_round(tmp_path_factory.mktemp("round"), locked)

    return made


@pytest.fixture
def round_(make_round: Callable[..., Round]) -> Round:
    return make_round()
