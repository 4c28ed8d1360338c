"""Co-writing through the application layer: who may do what, lock and unlock, audit."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed
from panel_tui.domain.models import Group
from panel_tui.domain.questions import group_balance
from panel_tui.services import new_session


@pytest.fixture
def panel(tmp_path: Path, store_of):  # type: ignore[no-untyped-def]
    opened, chair = new_session(tmp_path, "Peer mentor", chair_name="Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    ann = svc.add_member("Ann Member", "member")
    vic = svc.add_member("Vic Volunteer", "volunteer")
    cand = svc.add_candidate("Casey")
    return store_of(opened), svc, opened.sign_in(ann.id), opened.sign_in(vic.id), cand


def test_members_propose_and_improve_and_both_are_authors(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    q = ann.propose_question("How do you listen?")
    improved = vic.improve_question(q.id, text="Tell us about a time you listened well.")
    assert improved.authors == [ann.actor.id, vic.actor.id]
    last = f.audit_events()[-1]
    assert (last.action, last.target) == ("improved question", "Tell us about a time you listened well.")
    assert (last.before, last.after) == ({"text": "How do you listen?"}, {"text": "Tell us about a time you listened well."})
    assert [(r.by, r.before) for r in f.state().question(q.id).revisions] == [(vic.actor.id, "How do you listen?")]


def test_the_audit_of_an_improvement_keeps_only_what_changed(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    q = ann.propose_question("Q?", guidance=["One"], criterion="Listening")
    vic.improve_question(q.id, text="Q?", plain_text="Plain?", guidance=["One", "Two"], criterion="Listening", anchors={})
    last = f.audit_events()[-1]
    assert last.before == {"plain_text": "", "guidance": ["One"]}
    assert last.after == {"plain_text": "Plain?", "guidance": ["One", "Two"]}


def test_observers_may_co_write_but_a_tool_is_not_a_panel_member(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    hr = chair.add_member("Hana HR", "staff", role="observer")
    observer = f.opened.sign_in(hr.id)
    q = ann.propose_question("Q?")
    assert observer.support_question(q.id).supporters == [hr.id]
    assert observer.improve_question(q.id, plain_text="Plain?").authors == [ann.actor.id, hr.id]
    script = f.opened.as_tool("a script")
    events = f.audit_events()
    for attempt in (
        lambda: script.improve_question(q.id, text="Changed?"),
        lambda: script.comment_on_question(q.id, "Hello"),
        lambda: script.support_question(q.id),
        lambda: script.withdraw_support(q.id),
    ):
        with pytest.raises(NotAllowed, match="Only a panel member can do this"):
            attempt()
    assert f.audit_events() == events


def test_every_change_is_one_audit_event_and_no_change_is_none(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, cand = panel

    def events_after(action) -> list[str]:  # type: ignore[no-untyped-def]
        before = len(f.audit_events())
        action()
        return [e.action for e in f.audit_events()[before:]]

    q1 = ann.propose_question("One?")
    q2 = vic.propose_question("Two?")
    assert events_after(lambda: vic.improve_question(q1.id, text="One, better?")) == ["improved question"]
    assert events_after(lambda: vic.improve_question(q1.id, text="One, better?")) == []
    assert events_after(lambda: vic.comment_on_question(q1.id, "Nice")) == ["commented on question"]
    assert events_after(lambda: chair.support_question(q1.id)) == ["supported question"]
    assert events_after(lambda: chair.support_question(q1.id)) == []
    assert events_after(lambda: chair.withdraw_support(q1.id)) == ["took back support for question"]
    assert events_after(lambda: chair.withdraw_support(q1.id)) == []
    assert events_after(lambda: chair.set_question_status(q1.id, "agreed")) == ["marked question agreed"]
    assert events_after(lambda: chair.set_question_status(q1.id, "agreed")) == []
    assert events_after(lambda: chair.set_question_status(q2.id, "agreed")) == ["marked question agreed"]
    assert events_after(lambda: chair.move_question(q2.id, -1)) == ["changed the order of the agreed questions"]
    before = f.path.read_bytes()
    assert events_after(lambda: chair.move_question(q2.id, -1)) == []
    assert f.path.read_bytes() == before, "a move past the top writes nothing"
    assert events_after(chair.lock_questions) == ["locked the question set"]
    assert events_after(chair.lock_questions) == []
    assert events_after(lambda: chair.unlock_questions("A word was wrong")) == ["unlocked the question set"]
    assert events_after(lambda: chair.unlock_questions("Again")) == []


def test_a_move_returns_the_agreed_set_in_its_new_order(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    qs = [ann.propose_question(t) for t in ("A?", "B?", "C?")]
    for q in qs:
        chair.set_question_status(q.id, "agreed")
    moved = chair.move_question(qs[0].id, 2)
    assert [q.text for q in moved] == ["B?", "C?", "A?"] and [q.position for q in moved] == [1, 2, 3]
    assert f.state().agreed_questions == moved
    event = f.audit_events()[-1]
    assert (event.before, event.after) == ([q.id for q in qs], [q.id for q in moved])
    with pytest.raises(InvalidValue, match="Only agreed questions"):
        chair.move_question(ann.propose_question("D?").id, -1)


def test_support_and_comments_are_recorded(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    q = ann.propose_question("Q?")
    vic.support_question(q.id)
    with pytest.raises(NotAllowed, match="your own question"):
        ann.support_question(q.id)  # support is what others give
    chair.support_question(q.id)
    vic.withdraw_support(q.id)
    vic.comment_on_question(q.id, "Maybe simpler words?")
    saved = f.state().question(q.id)
    assert saved.supporters == [chair.actor.id]
    assert [c.text for c in saved.comments] == ["Maybe simpler words?"]
    with pytest.raises(InvalidValue):
        vic.comment_on_question(q.id, "  ")


def test_only_the_chair_agrees_orders_and_locks(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    q1, q2 = ann.propose_question("One?"), vic.propose_question("Two?")
    with pytest.raises(NotAllowed):
        ann.set_question_status(q1.id, "agreed")
    with pytest.raises(NotAllowed, match="at least one question"):
        chair.lock_questions()
    chair.set_question_status(q1.id, "agreed")
    chair.set_question_status(q2.id, "agreed")
    chair.move_question(q2.id, -1)
    assert [q.text for q in f.state().agreed_questions] == ["Two?", "One?"]
    with pytest.raises(NotAllowed):
        ann.lock_questions()
    chair.lock_questions()
    assert f.state().session.questions_locked


def test_a_locked_set_refuses_changes_until_unlocked_with_a_reason(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    q = ann.propose_question("One?")
    other = ann.propose_question("Two?")
    chair.set_question_status(q.id, "agreed")
    chair.lock_questions()
    for attempt in (
        lambda: ann.propose_question("Late?"),
        lambda: vic.improve_question(other.id, text="Changed"),
        lambda: chair.set_question_status(other.id, "agreed"),
        lambda: chair.move_question(q.id, 1),
    ):
        with pytest.raises(NotAllowed, match="locked"):
            attempt()
    with pytest.raises(InvalidValue, match="reason"):
        chair.unlock_questions("  ")
    chair.unlock_questions("We forgot a safeguarding question")
    assert not f.state().session.questions_locked
    last = f.audit_events()[-1]
    assert (last.action, last.after) == ("unlocked the question set", "We forgot a safeguarding question")


def test_unlock_is_refused_once_anyone_has_scored(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, cand = panel
    q = ann.propose_question("One?")
    chair.set_question_status(q.id, "agreed")
    chair.lock_questions()
    ann.record_score(ann.actor.id, cand.id, q.id, 3)
    before, events = f.path.read_bytes(), f.audit_events()
    with pytest.raises(NotAllowed, match="Scores have already been given") as refused:
        chair.unlock_questions("Change a word")
    assert "would change what people scored" in str(refused.value)
    assert f.path.read_bytes() == before
    assert f.audit_events() == events
    assert f.state().session.questions_locked


def test_unlock_is_allowed_before_scores_even_with_a_blank_sheet(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, cand = panel
    q = ann.propose_question("One?")
    chair.set_question_status(q.id, "agreed")
    chair.lock_questions()
    ann.record_score(ann.actor.id, cand.id, q.id, 3)
    ann.clear_score(ann.actor.id, cand.id, q.id)
    chair.unlock_questions("A word was wrong")
    assert not f.state().session.questions_locked
    vic.support_question(q.id)
    chair.lock_questions()
    assert f.state().session.questions_locked


def test_only_the_chair_unlocks(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    q = ann.propose_question("One?")
    chair.set_question_status(q.id, "agreed")
    chair.lock_questions()
    with pytest.raises(NotAllowed, match="Only the chair"):
        ann.unlock_questions("I want to change it")
    assert f.state().session.questions_locked


def test_an_agreed_question_is_not_improved(panel) -> None:  # type: ignore[no-untyped-def]
    _, chair, ann, vic, _ = panel
    q = ann.propose_question("One?")
    chair.set_question_status(q.id, "agreed")
    with pytest.raises(NotAllowed, match="Only proposed questions"):
        vic.improve_question(q.id, text="Changed")


def test_an_anchor_off_the_scale_is_refused(panel) -> None:  # type: ignore[no-untyped-def]
    f, _, ann, _, _ = panel
    with pytest.raises(InvalidValue, match="5 is not on the scale"):
        ann.propose_question("One?", anchors={5: "Too high"})
    assert f.state().questions == ()


def test_balance_counts_co_authors_and_forgets_people_who_left(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    sam = chair.add_member("Sam Staff", "staff")
    by_sam = f.opened.sign_in(sam.id)
    q1 = ann.propose_question("Written by a member?")
    q2 = by_sam.propose_question("Written by staff?")
    vic.improve_question(q2.id, plain_text="Improved by a volunteer?")
    ann.propose_question("Only proposed?")
    for q in (q1, q2):
        chair.set_question_status(q.id, "agreed")
    assert group_balance(f.state()) == {Group.MEMBER: 1, Group.STAFF: 1, Group.VOLUNTEER: 1}
    chair.remove_member(sam.id)
    assert group_balance(f.state()) == {Group.MEMBER: 1, Group.STAFF: 0, Group.VOLUNTEER: 1}
