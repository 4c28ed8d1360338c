"""Co-writing through the application layer: who may do what, lock and unlock, audit."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed
from panel_tui.services import Actor, PanelService, new_session


@pytest.fixture
def panel(tmp_path: Path):  # type: ignore[no-untyped-def]
    session_file, chair = new_session(tmp_path, "Peer mentor", chair_name="Chair", chair_group="staff")
    svc = PanelService(session_file, Actor.of(chair))
    ann = svc.add_member("Ann Member", "member")
    vic = svc.add_member("Vic Volunteer", "volunteer")
    cand = svc.add_candidate("Casey")
    return session_file, svc, PanelService(session_file, Actor.of(ann)), PanelService(session_file, Actor.of(vic)), cand


def test_members_propose_and_improve_and_both_are_authors(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    q = ann.propose_question("How do you listen?")
    improved = vic.improve_question(q.id, text="Tell us about a time you listened well.")
    assert improved.authors == [ann.actor.id, vic.actor.id]
    last = f.audit_events()[-1]
    assert (last.action, last.before, last.after) == ("improved question", "How do you listen?", "Tell us about a time you listened well.")


def test_support_and_comments_are_recorded(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, vic, _ = panel
    q = ann.propose_question("Q?")
    vic.support_question(q.id)
    ann.support_question(q.id)
    vic.withdraw_support(q.id)
    vic.comment_on_question(q.id, "Maybe simpler words?")
    saved = f.state().question(q.id)
    assert saved.supporters == [ann.actor.id]
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
    before = f.path.read_bytes()
    with pytest.raises(NotAllowed, match="Scores have already been given"):
        chair.unlock_questions("Change a word")
    assert f.path.read_bytes() == before


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
