"""Scoring through PanelService on a real file: each score audited, bad input changes nothing, rule 1 holds."""

from __future__ import annotations

import pytest

from panel_tui.domain.errors import NotAllowed, ScoreOutOfScale, SheetSubmitted, UnknownQuestion
from panel_tui.domain.progress import sheet_progress

SUBMITTED = "This sheet is submitted. Submitted scores cannot be changed."
PAPER_ONLY = "Only the chair or HR can type in a paper score sheet."


def test_each_score_is_saved_at_once_with_one_audit_event(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1, q2 = r.questions
    ann = r.as_(r.ann)
    start = len(r.events())
    ann.record_score(r.ann.id, r.cand.id, q2.id, "3")
    ann.record_score(r.ann.id, r.cand.id, q2.id, 1)
    first, second = r.events()[start:]
    assert (first.action, first.actor_name, first.target, first.before, first.after) == (
        "saved a score", "Ann Member", "Ann Member, C01, question 2", None, 3,
    )
    assert (second.before, second.after) == (3, 1)
    sheet = r.raw().sheet(r.ann.id, r.cand.id)
    assert sheet.scores == {q2.id: 1} and sheet.entered_by is None and not sheet.submitted


@pytest.mark.parametrize("value", [5, -1, "x", 2.5, True, "--1", ""], ids=repr)
def test_a_score_off_the_scale_changes_nothing_and_adds_no_event(round_, value) -> None:  # type: ignore[no-untyped-def]
    r = round_
    ann = r.as_(r.ann)
    ann.record_score(r.ann.id, r.cand.id, r.questions[0].id, 2)
    before, state = r.on_disk(), r.raw()
    with pytest.raises(ScoreOutOfScale) as caught:
        ann.record_score(r.ann.id, r.cand.id, r.questions[0].id, value)
    assert "Scores on this panel go from 0 to 4." in str(caught.value)
    assert r.on_disk() == before
    assert r.raw() == state
    assert r.raw().sheet(r.ann.id, r.cand.id).scores == {r.questions[0].id: 2}


def test_a_question_outside_the_locked_set_is_refused(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    before = r.on_disk()
    with pytest.raises(UnknownQuestion) as caught:
        r.as_(r.ann).record_score(r.ann.id, r.cand.id, r.proposed.id, 2)
    assert str(caught.value) == "That question is not in the agreed set for these interviews."
    assert r.on_disk() == before


def test_a_member_cannot_score_for_someone_else(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    before = r.on_disk()
    ann = r.as_(r.ann)
    for attempt in (
        lambda: ann.record_score(r.bob.id, r.cand.id, r.questions[0].id, 2),
        lambda: ann.set_note(r.bob.id, r.cand.id, r.questions[0].id, "not mine to write"),
        lambda: ann.submit_sheet(r.bob.id, r.cand.id),
    ):
        with pytest.raises(NotAllowed) as caught:
            attempt()
        assert str(caught.value) == PAPER_ONLY
    assert r.on_disk() == before
    assert r.raw().sheet(r.bob.id, r.cand.id) is None


def test_a_paper_sheet_typed_in_by_the_chair_says_who_typed_it(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1, q2 = r.questions
    chair = r.svc
    start = len(r.events())
    chair.record_score(r.bob.id, r.cand.id, q1.id, 4)
    chair.record_score(r.bob.id, r.cand.id, q2.id, 2)
    chair.submit_sheet(r.bob.id, r.cand.id)
    sheet = r.raw().sheet(r.bob.id, r.cand.id)
    assert sheet.entered_by == "Chair Person"
    assert sheet.member_id == r.bob.id and sheet.scores == {q1.id: 4, q2.id: 2} and sheet.submitted
    events = r.events()[start:]
    assert [e.action for e in events] == ["saved a score from paper", "saved a score from paper", "submitted a score sheet from paper"]
    assert {e.actor_name for e in events} == {"Chair Person"}
    assert events[0].target == "Bob Volunteer, C01, question 1"
    assert (events[-1].before, events[-1].after) == ("draft", "submitted")
    assert sheet_progress(r.raw(), r.bob, r.cand).label == "✓ submitted (paper)"


def test_after_submitting_no_score_can_be_recorded(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1, q2 = r.questions
    ann = r.as_(r.ann)
    ann.record_score(r.ann.id, r.cand.id, q1.id, 3)
    submitted = ann.submit_sheet(r.ann.id, r.cand.id)
    assert submitted.submitted and submitted.submitted_at is not None
    before = r.on_disk()
    for question in (q1, q2):
        with pytest.raises(SheetSubmitted) as caught:
            ann.record_score(r.ann.id, r.cand.id, question.id, 4)
        assert str(caught.value) == SUBMITTED
        with pytest.raises(NotAllowed, match="^Ann Member has started their own score sheet"):
            r.svc.record_score(r.ann.id, r.cand.id, question.id, 0)
    assert r.on_disk() == before
    assert r.raw().sheet(r.ann.id, r.cand.id).scores == {q1.id: 3}


def test_a_submitted_paper_sheet_never_changes_either(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1 = r.questions[0]
    r.svc.record_score(r.bob.id, r.cand.id, q1.id, 2)
    r.as_(r.hr).submit_sheet(r.bob.id, r.cand.id)
    before = r.on_disk()
    for who in (r.svc, r.as_(r.hr), r.as_(r.bob)):
        with pytest.raises(SheetSubmitted, match=f"^{SUBMITTED}$"):
            who.record_score(r.bob.id, r.cand.id, q1.id, 4)
    assert r.on_disk() == before


def test_rule_one_through_the_service(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1 = r.questions[0]
    ann, bob, chair, hr = r.as_(r.ann), r.as_(r.bob), r.svc, r.as_(r.hr)
    tool = r.tool()

    def seen(service) -> set[str]:  # type: ignore[no-untyped-def]
        by_visible = {s.member_id for s in service.visible_sheets(r.cand.id)}
        by_state = {s.member_id for s in service.state.sheets_for_candidate(r.cand.id)}
        assert by_visible == by_state == {s.member_id for s in service.view().state.sheets}
        return by_visible

    bob.record_score(r.bob.id, r.cand.id, q1.id, 1)
    bob.submit_sheet(r.bob.id, r.cand.id)
    chair.record_score(r.chair.id, r.cand.id, q1.id, 3)
    assert seen(ann) == set(), "Ann has no sheet yet: she sees nobody's"
    ann.record_score(r.ann.id, r.cand.id, q1.id, 4)
    assert seen(ann) == {r.ann.id}, "a draft of her own opens nothing"
    ann.submit_sheet(r.ann.id, r.cand.id)
    assert seen(ann) == {r.ann.id, r.bob.id}, "Bob's submitted sheet, never the chair's draft"
    chair.submit_sheet(r.chair.id, r.cand.id)
    assert seen(chair) == {r.chair.id}, "the chair sees only their own until agreement opens"
    assert seen(hr) == set() and seen(tool) == set()
    chair.open_reconciliation(r.cand.id)
    everyone = {r.ann.id, r.bob.id, r.chair.id}
    assert seen(chair) == everyone and seen(hr) == everyone and seen(tool) == everyone
    assert seen(ann) == everyone
