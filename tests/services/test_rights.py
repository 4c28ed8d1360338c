"""The rights table (issue 9): who may do what, asked in one place, and every service call keeps to it.

`EXPECTED` is the table written out again by hand, as the issue states it, so
a change to `panel_tui.services.rights` has to be made twice, on purpose.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from panel_tui.domain.errors import NotAllowed
from panel_tui.domain.models import Role
from panel_tui.locations import starter_banks_dir
from panel_tui.services import Actor, PanelService, Right, load_bank, sheet_for_scoring
from panel_tui.services.rights import RIGHTS, refusal

CHAIR, PANEL, OBSERVER, TOOL = "chair", "panel", "observer", "tool"
WHO: dict[str, Actor] = {
    CHAIR: Actor("c", "Chair Person", Role.CHAIR),
    PANEL: Actor("p", "Ann Member", Role.PANEL),
    OBSERVER: Actor("o", "Hana HR", Role.OBSERVER),
    TOOL: Actor.tool("a script"),
}
CHAIR_AND_HR = {CHAIR, OBSERVER, TOOL}
SCORERS = {CHAIR, PANEL}
PEOPLE = {CHAIR, PANEL, OBSERVER}

EXPECTED: dict[Right, set[str]] = {
    Right.SET_UP: CHAIR_AND_HR,
    Right.SCORE_OWN: SCORERS,
    Right.ENTER_PAPER: CHAIR_AND_HR,
    Right.DECLARE_CONFLICT: SCORERS,
    Right.CONFIRM_BRIEFING: PEOPLE,
    Right.PROPOSE_QUESTION: {CHAIR, PANEL, OBSERVER, TOOL},
    Right.CO_WRITE: PEOPLE,
    Right.DECIDE_QUESTIONS: {CHAIR, TOOL},
    Right.RECONCILE: {CHAIR, TOOL},
    Right.SEE_RESULTS: CHAIR_AND_HR,
    Right.EXPORT: CHAIR_AND_HR,
    Right.EXPORT_BANK_NAMES: CHAIR_AND_HR,
    Right.PURGE: CHAIR_AND_HR,
    Right.SEE_CANDIDATE_NAMES: CHAIR_AND_HR,
    Right.EDIT_ANY_MEMBER: CHAIR_AND_HR,
    Right.KEEP_RECIPROCITY: {OBSERVER, TOOL},
    Right.CONFIRM_RECOGNITION: {CHAIR, TOOL},
    Right.WRITE_FEEDBACK: {CHAIR, TOOL},
    Right.MANAGE_APPLICATIONS: CHAIR_AND_HR,
    Right.SIFT: SCORERS,
    Right.SHORTLIST: {CHAIR, TOOL},
}
"""Right -> who has it. A tool has the chair's rights, but is not a person: it neither scores nor co-writes."""

BANK = starter_banks_dir() / "peer-mentor-recovery.toml"


def test_the_table_covers_every_right_with_a_plain_reason() -> None:
    assert set(EXPECTED) == set(Right) == set(RIGHTS)
    for right in Right:
        reason = refusal(right)
        assert reason.endswith(".") and reason[0].isupper() and "Right." not in reason, right


@pytest.mark.parametrize("who", WHO, ids=str)
@pytest.mark.parametrize("right", list(Right), ids=lambda r: r.name)
def test_actor_may_matches_the_table(right: Right, who: str) -> None:
    actor = WHO[who]
    allowed = who in EXPECTED[right]
    assert actor.may(right) is allowed
    if allowed:
        actor.require(right)
    else:
        with pytest.raises(NotAllowed) as caught:
            actor.require(right)
        assert str(caught.value) == refusal(right)


def test_the_people_who_sign_in_carry_their_roles_rights(round_) -> None:  # type: ignore[no-untyped-def]
    signed_in = {
        CHAIR: round_.svc, PANEL: round_.as_(round_.ann), OBSERVER: round_.as_(round_.hr), TOOL: round_.tool(),
    }
    for who, service in signed_in.items():
        view = service.view()
        assert {r for r in Right if view.may(r)} == {r for r in Right if who in EXPECTED[r]}, who


# Service calls refuse whoever lacks the right, and change nothing --------------------------------------

Call = Callable[[PanelService, Any, Path], object]

REFUSED: list[tuple[str, str, Right, Call]] = [
    ("a member adds a member", PANEL, Right.SET_UP, lambda s, r, out: s.add_member("Eve", "staff")),
    ("a member adds a candidate", PANEL, Right.SET_UP, lambda s, r, out: s.add_candidate("Dee")),
    ("a member changes the details", PANEL, Right.SET_UP, lambda s, r, out: s.update_details(organisation="X")),
    ("a member edits another member", PANEL, Right.EDIT_ANY_MEMBER, lambda s, r, out: s.edit_member(r.bob.id, name="B")),
    ("a member agrees a question", PANEL, Right.DECIDE_QUESTIONS,
     lambda s, r, out: s.set_question_status(r.proposed.id, "agreed")),
    ("a member unlocks the set", PANEL, Right.DECIDE_QUESTIONS, lambda s, r, out: s.unlock_questions("I want to")),
    ("a member imports a bank", PANEL, Right.DECIDE_QUESTIONS, lambda s, r, out: s.import_bank(load_bank(BANK))),
    ("a member opens agreement", PANEL, Right.RECONCILE, lambda s, r, out: s.open_reconciliation(r.cand.id)),
    ("a member sets an agreed score", PANEL, Right.RECONCILE,
     lambda s, r, out: s.set_agreed_score(r.cand.id, r.questions[0].id, 2)),
    ("a member records an outcome", PANEL, Right.RECONCILE, lambda s, r, out: s.record_outcome(r.cand.id, "appoint")),
    ("a member exports", PANEL, Right.EXPORT, lambda s, r, out: s.export(out)),
    ("a member exports a subject access record", PANEL, Right.EXPORT,
     lambda s, r, out: s.export_subject_access("C01", out)),
    ("a member purges", PANEL, Right.PURGE, lambda s, r, out: s.purge_personal_data()),
    ("a member exports a bank with names", PANEL, Right.EXPORT_BANK_NAMES,
     lambda s, r, out: s.export_questions(out / "bank.toml", include_names=True)),
    ("a member types in another's sheet", PANEL, Right.ENTER_PAPER,
     lambda s, r, out: s.record_score(r.bob.id, r.cand.id, r.questions[0].id, 2)),
    ("HR declares a conflict", OBSERVER, Right.DECLARE_CONFLICT,
     lambda s, r, out: s.declare_conflict(r.cand.id, "soft", "colleague")),
    ("HR scores on their own sheet", OBSERVER, Right.SCORE_OWN,
     lambda s, r, out: s.record_score(r.hr.id, r.cand.id, r.questions[0].id, 2)),
    ("HR agrees a question", OBSERVER, Right.DECIDE_QUESTIONS,
     lambda s, r, out: s.set_question_status(r.proposed.id, "agreed")),
    ("HR imports a bank", OBSERVER, Right.DECIDE_QUESTIONS, lambda s, r, out: s.import_bank(load_bank(BANK))),
    ("HR opens agreement", OBSERVER, Right.RECONCILE, lambda s, r, out: s.open_reconciliation(r.cand.id)),
    ("a tool declares a conflict", TOOL, Right.DECLARE_CONFLICT,
     lambda s, r, out: s.declare_conflict(r.cand.id, "hard", "friend")),
    ("a tool confirms the briefing", TOOL, Right.CONFIRM_BRIEFING, lambda s, r, out: s.confirm_briefing()),
    ("a tool improves a question", TOOL, Right.CO_WRITE,
     lambda s, r, out: s.improve_question(r.proposed.id, text="Changed?")),
    ("a tool comments", TOOL, Right.CO_WRITE, lambda s, r, out: s.comment_on_question(r.proposed.id, "Hello")),
]


def service_for(round_, who: str) -> PanelService:  # type: ignore[no-untyped-def]
    return {CHAIR: round_.svc, PANEL: round_.as_(round_.ann), OBSERVER: round_.as_(round_.hr), TOOL: round_.tool()}[who]


@pytest.mark.parametrize(("who", "right", "call"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_service_call_without_the_right_is_refused_and_changes_nothing(
    round_, tmp_path: Path, who: str, right: Right, call: Call,  # type: ignore[no-untyped-def]
) -> None:
    assert who not in EXPECTED[right], "the sample must only hold calls the table refuses"
    out = tmp_path / "out"
    service = service_for(round_, who)
    before, state = round_.on_disk(), round_.raw()
    with pytest.raises(NotAllowed) as caught:
        call(service, round_, out)
    assert str(caught.value) == refusal(right)
    assert round_.on_disk() == before
    assert round_.raw() == state
    assert not out.exists(), "nothing is written outside the session either"


def test_the_read_models_refuse_in_the_same_words(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    with pytest.raises(NotAllowed, match=f"^{refusal(Right.RECONCILE)}$"):
        r.as_(r.ann).view().require_opened(r.cand.id)
    with pytest.raises(NotAllowed, match=f"^{refusal(Right.ENTER_PAPER)}$"):
        sheet_for_scoring(r.as_(r.ann).view(), r.bob.id, r.cand.id)
    with pytest.raises(NotAllowed, match=f"^{refusal(Right.SCORE_OWN)}$"):
        sheet_for_scoring(r.as_(r.hr).view(), r.hr.id, r.cand.id)


ALLOWED: list[tuple[str, str, Call]] = [
    ("HR adds a candidate", OBSERVER, lambda s, r, out: s.add_candidate("Dee")),
    ("HR types in a paper sheet", OBSERVER, lambda s, r, out: s.record_score(r.bob.id, r.cand.id, r.questions[0].id, 2)),
    ("HR exports", OBSERVER, lambda s, r, out: s.export(out, ["csv"])),
    ("a tool agrees a question", TOOL, lambda s, r, out: s.set_question_status(r.proposed.id, "withdrawn")),
    ("a tool imports a bank", TOOL, lambda s, r, out: s.import_bank(load_bank(BANK))),
    ("a member declares a conflict", PANEL, lambda s, r, out: s.declare_conflict(r.cand.id, "soft", "peer")),
    ("the chair declares a conflict", CHAIR, lambda s, r, out: s.declare_conflict(r.cand.id, "soft", "colleague")),
    ("HR comments on a question", OBSERVER, lambda s, r, out: s.comment_on_question(r.proposed.id, "Plainer?")),
    ("a member proposes a question", PANEL, lambda s, r, out: s.propose_question("Mine?")),
    ("a tool proposes a question", TOOL, lambda s, r, out: s.propose_question("From a script?")),
]


@pytest.mark.parametrize(("who", "call"), [a[1:] for a in ALLOWED], ids=[a[0] for a in ALLOWED])
def test_whoever_has_the_right_may_do_it(round_, tmp_path: Path, who: str, call: Call) -> None:  # type: ignore[no-untyped-def]
    round_.svc.unlock_questions("Open again, so that questions may be added")
    start = len(round_.events())
    call(service_for(round_, who), round_, tmp_path / "out")
    assert len(round_.events()) > start
    assert round_.events()[-1].actor_name == service_for(round_, who).actor.name
