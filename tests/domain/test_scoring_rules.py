"""Independent scoring as pure rules: check, record, note, submit, and who sees what (rule 1)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from panel_tui.domain import scoring
from panel_tui.domain.errors import NotAllowed, ScoreOutOfScale, SheetSubmitted, UnknownQuestion
from panel_tui.domain.models import (
    Briefing,
    Conflict,
    ConflictKind,
    Role,
    Scale,
    ScoreSheet,
    SheetStatus,
    revise,
)

ZERO_TO_FOUR = "Scores on this panel go from 0 to 4."
SUBMITTED = "This sheet is submitted. Submitted scores cannot be changed."
NOT_AGREED = "That question is not in the agreed set for these interviews."


# check_score ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "score"),
    [(0, 0), (4, 4), (2, 2), ("0", 0), ("4", 4), (" 3 ", 3), ("3\n", 3), ("03", 3)],
)
def test_whole_numbers_and_digit_strings_on_the_scale_are_accepted(value: object, score: int) -> None:
    result = scoring.check_score(Scale(), value)
    assert result == score and type(result) is int


@pytest.mark.parametrize(
    ("value", "sentence"),
    [
        (5, f"5 is not on the scale. {ZERO_TO_FOUR}"),
        (-1, f"-1 is not on the scale. {ZERO_TO_FOUR}"),
        ("5", f"5 is not on the scale. {ZERO_TO_FOUR}"),
        ("-1", f"-1 is not on the scale. {ZERO_TO_FOUR}"),
        (99, f"99 is not on the scale. {ZERO_TO_FOUR}"),
        ("x", f"A score is a whole number. {ZERO_TO_FOUR}"),
        ("", f"A score is a whole number. {ZERO_TO_FOUR}"),
        ("-", f"A score is a whole number. {ZERO_TO_FOUR}"),
        ("--1", f"A score is a whole number. {ZERO_TO_FOUR}"),
        ("\u00b2", f"A score is a whole number. {ZERO_TO_FOUR}"),  # superscript two: a digit, not a number
        ("2.5", f"A score is a whole number. {ZERO_TO_FOUR}"),
        ("+3", f"A score is a whole number. {ZERO_TO_FOUR}"),
        (2.5, f"A score is a whole number. {ZERO_TO_FOUR}"),
        (3.0, f"A score is a whole number. {ZERO_TO_FOUR}"),
        (None, f"A score is a whole number. {ZERO_TO_FOUR}"),
        (True, ZERO_TO_FOUR),
        (False, ZERO_TO_FOUR),
    ],
    ids=repr,
)
def test_anything_else_is_refused_with_the_scale_in_the_message(value: object, sentence: str) -> None:
    with pytest.raises(ScoreOutOfScale) as caught:
        scoring.check_score(Scale(), value)
    assert str(caught.value) == sentence
    assert ZERO_TO_FOUR in str(caught.value)


def test_the_message_follows_the_sessions_own_scale() -> None:
    one_to_five = Scale(low=1, high=5, labels=["a", "b", "c", "d", "e"])
    with pytest.raises(ScoreOutOfScale, match=r"^0 is not on the scale\. Scores on this panel go from 1 to 5\.$"):
        scoring.check_score(one_to_five, 0)
    assert scoring.check_score(one_to_five, 5) == 5


# with_score, with_note, submitted --------------------------------------------------------------


def test_with_score_gives_a_new_sheet_and_leaves_the_old_one(round_) -> None:
    r = round_
    blank = scoring.empty_sheet(r.ann.id, r.cand.id)
    at = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    scored = scoring.with_score(r.state, blank, r.q1.id, "3", at=at)
    assert scored.scores == {r.q1.id: 3} and scored.updated_at == at
    assert blank.scores == {}
    rescored = scoring.with_score(r.state, scored, r.q1.id, 1)
    assert rescored.scores == {r.q1.id: 1}, "a draft score can be changed"
    assert scoring.without_score(r.state, rescored, r.q1.id).scores == {}


def test_with_score_refuses_a_bad_value_and_an_unknown_question(round_) -> None:
    r = round_
    sheet = scoring.empty_sheet(r.ann.id, r.cand.id)
    with pytest.raises(ScoreOutOfScale, match="Scores on this panel go from 0 to 4"):
        scoring.with_score(r.state, sheet, r.q1.id, 7)
    with pytest.raises(UnknownQuestion, match=r"^That question is not in this session\.$"):
        scoring.with_score(r.state, sheet, "no-such-question", 2)


def test_with_note_keeps_a_note_and_a_blank_note_removes_it(round_) -> None:
    r = round_
    sheet = scoring.with_note(r.state, scoring.empty_sheet(r.ann.id, r.cand.id), r.q1.id, "Gave a clear example")
    assert sheet.notes == {r.q1.id: "Gave a clear example"}
    assert scoring.with_note(r.state, sheet, r.q1.id, "   ").notes == {}


def test_submitted_stamps_the_sheet_in_utc(round_) -> None:
    r = round_
    draft = scoring.with_score(r.state, scoring.empty_sheet(r.ann.id, r.cand.id), r.q1.id, 2)
    done = scoring.submitted(draft)
    assert done.status is SheetStatus.SUBMITTED and done.submitted
    assert done.submitted_at is not None and done.submitted_at.utcoffset() == timedelta(0)
    assert done.updated_at == done.submitted_at
    assert done.scores == draft.scores and not draft.submitted


def test_a_submitted_sheet_refuses_every_change(round_) -> None:
    r = round_
    done = scoring.submitted(scoring.with_score(r.state, scoring.empty_sheet(r.ann.id, r.cand.id), r.q1.id, 2))
    attempts = [
        lambda: scoring.with_score(r.state, done, r.q1.id, 4),
        lambda: scoring.with_score(r.state, done, r.q2.id, 4),
        lambda: scoring.without_score(r.state, done, r.q1.id),
        lambda: scoring.with_note(r.state, done, r.q1.id, "later thought"),
        lambda: scoring.submitted(done),
    ]
    for attempt in attempts:
        with pytest.raises(SheetSubmitted) as caught:
            attempt()
        assert str(caught.value) == SUBMITTED
    assert done.scores == {r.q1.id: 2}


# The locked, agreed set (rule 5) -------------------------------------------------------------------


def test_once_locked_only_the_agreed_set_is_scored(round_) -> None:
    r = round_
    sheet = scoring.empty_sheet(r.ann.id, r.cand.id)
    for question in (r.proposed, r.withdrawn):
        with pytest.raises(UnknownQuestion) as caught:
            scoring.with_score(r.state, sheet, question.id, 2)
        assert str(caught.value) == NOT_AGREED
        with pytest.raises(UnknownQuestion, match=NOT_AGREED):
            scoring.with_note(r.state, sheet, question.id, "a note")
    assert scoring.with_score(r.state, sheet, r.q2.id, 2).scores == {r.q2.id: 2}


def test_the_questions_to_score_are_the_agreed_set_in_interview_order(round_) -> None:
    r = round_
    assert scoring.questions_for_scoring(r.state) == [r.q1, r.q2]
    half = scoring.with_score(r.state, scoring.empty_sheet(r.ann.id, r.cand.id), r.q1.id, 2)
    assert scoring.unscored(r.state, half) == [r.q2]


# Who may score -------------------------------------------------------------------------------------


def test_an_observer_and_a_hard_conflict_may_not_score(round_) -> None:
    r = round_
    with pytest.raises(NotAllowed) as caught:
        scoring.check_may_score(r.state, r.hr, r.cand.id)
    assert str(caught.value) == "Hana HR is an observer and does not score."
    state = r.state.with_model(Conflict(member_id=r.ann.id, candidate_id=r.cand.id, kind=ConflictKind.HARD, relation="friend"))
    state = state.with_model(Conflict(member_id=r.bob.id, candidate_id=r.cand.id, kind=ConflictKind.SOFT, relation="peer"))
    with pytest.raises(NotAllowed) as caught:
        scoring.check_may_score(state, r.ann, r.cand.id)
    assert str(caught.value) == "Ann Member declared a conflict with C01, so cannot score this candidate."
    scoring.check_may_score(state, r.bob, r.cand.id)  # a soft conflict is declared, not a bar


def test_the_briefing_is_needed_once_by_those_who_score(round_) -> None:
    r = round_
    assert scoring.needs_briefing(r.state, r.ann)
    assert not scoring.needs_briefing(r.state, r.hr)
    briefed = r.state.with_model(Briefing(member_id=r.ann.id, statement="Stays in the room."))
    assert not scoring.needs_briefing(briefed, r.ann)


# Rule 1: who may read which sheet -----------------------------------------------------------------------


def readable(r, viewer, candidate_id: str | None = None) -> set[str]:  # type: ignore[no-untyped-def]
    """Whose sheets for the candidate `viewer` may read, by the rule alone (a tool is `viewer` None)."""
    viewer_id, role = ("tool", None) if viewer is None else (viewer.id, viewer.role)
    enters_paper = role in (Role.CHAIR, Role.OBSERVER, None)
    return {
        s.member_id
        for s in r.state.sheets_for_candidate(candidate_id or r.cand.id)
        if scoring.may_read_sheet(r.state, viewer_id, role, enters_paper, s)
    }


def test_before_submitting_a_member_reads_nobody_elses_sheet(round_) -> None:
    r = round_.with_sheets(round_.sheet(round_.bob, submitted=True), round_.sheet(round_.cat, submitted=True))
    assert readable(r, r.ann) == set(), "no sheet of her own: nothing at all"
    r = r.with_sheets(r.sheet(r.ann))
    assert readable(r, r.ann) == {r.ann.id}, "a draft shows only her own"
    assert readable(r.opened(), r.ann) == {r.ann.id}, (
        "opening agreement does not open others' scores to a member who has not submitted"
    )


def test_after_submitting_a_member_reads_others_submitted_sheets_not_drafts(round_) -> None:
    r = round_
    r = r.with_sheets(r.sheet(r.ann, submitted=True), r.sheet(r.bob, submitted=True), r.sheet(r.cat), r.sheet(r.chair))
    assert readable(r, r.ann) == {r.ann.id, r.bob.id}
    assert readable(r.opened(), r.ann) == {r.ann.id, r.bob.id}, "never a draft, even once agreement opens"


def test_the_chair_reads_others_only_when_agreement_opens(round_) -> None:
    r = round_
    r = r.with_sheets(r.sheet(r.chair, submitted=True), r.sheet(r.ann, submitted=True), r.sheet(r.bob))
    assert readable(r, r.chair) == {r.chair.id}, "submitting their own is not enough"
    assert readable(r.opened(), r.chair) == {r.chair.id, r.ann.id}, "still never a draft"


def test_hr_and_tools_follow_the_chairs_rule(round_) -> None:
    r = round_.with_sheets(round_.sheet(round_.ann, submitted=True), round_.sheet(round_.bob))
    for viewer in (r.hr, None):
        assert readable(r, viewer) == set()
        assert readable(r.opened(), viewer) == {r.ann.id}


def test_a_paper_sheet_being_typed_in_is_read_by_the_chair_and_hr_only(round_) -> None:
    r = round_.with_sheets(round_.sheet(round_.bob, entered_by="Hana HR"))
    assert readable(r, r.chair) == readable(r, r.hr) == readable(r, None) == {r.bob.id}
    assert readable(r, r.bob) == {r.bob.id}, "it is still Bob's sheet"
    r = r.with_sheets(r.sheet(r.ann, submitted=True))
    assert readable(r, r.ann) == {r.ann.id}, "a paper draft is not submitted: a member who submitted does not read it"
    sheet = r.state.sheet(r.bob.id, r.cand.id)
    assert not scoring.may_read_sheet(r.state, r.chair.id, Role.CHAIR, False, sheet), (
        "only someone who may type in paper sheets reads one being typed in"
    )


def test_rule_one_is_per_candidate(round_) -> None:
    r = round_
    other = revise(r.cand, id="other-candidate", code="C02")
    r = r.with_sheets(r.sheet(r.ann, submitted=True))
    r = replace(r, state=r.state.with_model(other))
    theirs = ScoreSheet(member_id=r.bob.id, candidate_id=other.id, scores={r.q1.id: 1}, status=SheetStatus.SUBMITTED)
    r = r.with_sheets(theirs)
    assert readable(r, r.ann, other.id) == set(), "submitting for C01 opens nothing for C02"
    assert readable(r.opened(), r.chair, other.id) == set(), "opening agreement for C01 opens nothing for C02"


def test_check_not_paper_stops_a_member_scoring_over_a_paper_draft(round_) -> None:
    r = round_
    with pytest.raises(NotAllowed) as caught:
        scoring.check_not_paper(r.sheet(r.bob, entered_by="Hana HR"))
    assert str(caught.value) == (
        "Your paper sheet for this candidate is being typed in by Hana HR. Ask them if something on it needs changing."
    )
    scoring.check_not_paper(r.sheet(r.bob))
    scoring.check_not_paper(r.sheet(r.bob, entered_by="Hana HR", submitted=True))


def test_a_hard_conflict_is_declared_before_scoring_and_a_soft_one_at_any_time(round_) -> None:
    r = round_
    scoring.check_may_declare(r.state, r.ann.id, r.cand.id, ConflictKind.HARD)
    r = r.with_sheets(r.sheet(r.ann, scores={}))
    scoring.check_may_declare(r.state, r.ann.id, r.cand.id, ConflictKind.HARD)  # an empty sheet holds no score
    r = r.with_sheets(r.sheet(r.ann))
    with pytest.raises(NotAllowed, match="^You have already scored this candidate"):
        scoring.check_may_declare(r.state, r.ann.id, r.cand.id, ConflictKind.HARD)
    scoring.check_may_declare(r.state, r.ann.id, r.cand.id, ConflictKind.SOFT)
