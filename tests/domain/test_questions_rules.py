"""Co-writing rules: revisions and co-authors, support, balance, order (reading ease: test_readability)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed
from panel_tui.domain.models import Group, PanelMember, Question, QuestionStatus, Scale, ScoreSheet, Session
from panel_tui.domain.questions import (
    PLAIN_TEXT,
    TEXT,
    changed_parts,
    check_anchors,
    check_may_lock,
    check_may_unlock,
    commented,
    group_balance,
    reorder,
    revised,
    revision_parts,
    supported,
    unsupported,
    word_diff,
)
from panel_tui.domain.state import SessionState

SCALE = Scale()


def test_a_revision_keeps_the_old_words_and_makes_a_co_author() -> None:
    q = Question(text="Tell us about listening.", authors=["ann"])
    after = revised(q, "bob", scale=SCALE, text="Tell us about a time you listened well.")
    assert after.authors == ["ann", "bob"]
    assert [(r.by, r.before, r.after) for r in after.revisions] == [("bob", "Tell us about listening.", "Tell us about a time you listened well.")]
    again = revised(after, "ann", scale=SCALE, text="Tell us about a time you really listened.")
    assert again.authors == ["ann", "bob"], "an author is listed once"
    assert len(again.revisions) == 2


def test_a_plain_words_change_is_a_revision_of_that_text() -> None:
    q = Question(text="Q?", plain_text="Old plain", authors=["ann"])
    after = revised(q, "cat", scale=SCALE, plain_text="New plain")
    assert (after.revisions[-1].before, after.revisions[-1].after) == ("Old plain", "New plain")
    assert "cat" in after.authors
    assert [part for part, _ in revision_parts(after)] == [PLAIN_TEXT]


def test_changing_both_texts_is_two_revisions_with_the_main_text_last() -> None:
    q = Question(text="Old question?", plain_text="Old plain?", authors=["ann"])
    after = revised(q, "bob", scale=SCALE, text="New question?", plain_text="New plain?")
    assert [(r.by, r.before, r.after) for r in after.revisions] == [
        ("bob", "Old plain?", "New plain?"),
        ("bob", "Old question?", "New question?"),
    ]
    again = revised(after, "ann", scale=SCALE, plain_text="Newer plain?")
    assert [(part, r.after) for part, r in revision_parts(again)] == [
        (PLAIN_TEXT, "New plain?"),
        (TEXT, "New question?"),
        (PLAIN_TEXT, "Newer plain?"),
    ]


def test_other_changes_make_a_co_author_but_no_revision() -> None:
    q = Question(text="Q?", authors=["ann"])
    after = revised(q, "bob", scale=SCALE, guidance=["A real example"], criterion="Listening", anchors={4: "Strong"})
    assert after.revisions == [] and after.authors == ["ann", "bob"]
    assert (after.guidance, after.criterion, after.anchors) == (["A real example"], "Listening", {4: "Strong"})
    assert changed_parts(q, after) == (
        {"guidance": [], "criterion": "", "anchors": {}},
        {"guidance": ["A real example"], "criterion": "Listening", "anchors": {"4": "Strong"}},
    )


def test_none_leaves_a_part_as_it_was_and_the_same_words_are_no_change() -> None:
    q = Question(text="Same", plain_text="Plain", guidance=["One"], authors=["ann"])
    assert revised(q, "bob", scale=SCALE, text="Same", plain_text=None, guidance=["One"]) is q
    assert revised(q, "bob", scale=SCALE) is q


def test_no_change_is_not_a_revision() -> None:
    q = Question(text="Same", authors=["ann"])
    assert revised(q, "bob", scale=SCALE, text="Same") is q


def test_revisions_refuse_empty_words_and_anchors_off_the_scale() -> None:
    q = Question(text="Q?")
    with pytest.raises(InvalidValue, match="cannot be empty"):
        revised(q, "bob", scale=SCALE, text="   ")
    with pytest.raises(InvalidValue, match="7 is not on the scale. Scores on this panel go from 0 to 4."):
        revised(q, "bob", scale=SCALE, anchors={7: "Too high"})
    with pytest.raises(InvalidValue, match="^4 is not on the scale. Scores on this panel go from 0 to 3.$"):
        revised(q, "bob", scale=Scale(low=0, high=3, labels=["a", "b", "c", "d"]), anchors={4: "Too high"})


def test_anchor_points_may_be_given_as_numbers_or_as_words_of_digits() -> None:
    check_anchors(SCALE, {0: "None", 4: "Strong"})
    check_anchors(SCALE, {"0": "None", "4": "Strong"})
    with pytest.raises(InvalidValue, match="5 is not on the scale"):
        check_anchors(SCALE, {"5": "Too high"})
    with pytest.raises(InvalidValue, match="'top' is not a point on the scale"):
        check_anchors(SCALE, {"top": "Strong"})
    one_to_five = Scale(low=1, high=5, labels=["a", "b", "c", "d", "e"])
    with pytest.raises(InvalidValue, match="0 is not on the scale. Scores on this panel go from 1 to 5."):
        check_anchors(one_to_five, {0: "None"})
    assert revised(Question(text="Q?"), "bob", scale=SCALE, anchors={"3": "Good"}).anchors == {3: "Good"}


def test_word_diff_shows_what_changed() -> None:
    assert word_diff("Tell us about a time you helped", "Tell us about when you helped someone") == [
        ("same", "Tell us about"),
        ("removed", "a time"),
        ("added", "when"),
        ("same", "you helped"),
        ("added", "someone"),
    ]


def test_support_given_and_taken_back() -> None:
    q = Question(text="Q?")
    q = supported(q, "ann")
    q = supported(q, "ann")
    q = supported(q, "bob")
    assert q.supporters == ["ann", "bob"]
    assert unsupported(q, "ann").supporters == ["bob"]
    assert unsupported(q, "nobody").supporters == ["ann", "bob"]


def test_comments_keep_who_and_refuse_empty_words() -> None:
    q = commented(Question(text="Q?"), "ann", "Could we say 'support' instead?")
    q = commented(q, "bob", "Agreed.")
    assert [(c.by, c.text) for c in q.comments] == [("ann", "Could we say 'support' instead?"), ("bob", "Agreed.")]
    with pytest.raises(InvalidValue, match="A comment cannot be empty."):
        commented(q, "ann", "   ")


def _state(questions: list[Question], members: list[PanelMember]) -> SessionState:
    return SessionState(session=Session(vacancy="X"), members=tuple(members), questions=tuple(questions))


def test_balance_counts_agreed_questions_each_group_wrote_or_co_wrote() -> None:
    ann = PanelMember(name="Ann", group=Group.MEMBER)
    sam = PanelMember(name="Sam", group=Group.STAFF)
    vic = PanelMember(name="Vic", group=Group.VOLUNTEER)
    questions = [
        Question(text="1", status=QuestionStatus.AGREED, authors=[ann.id, sam.id]),
        Question(text="2", status=QuestionStatus.AGREED, authors=[sam.id]),
        Question(text="3", status=QuestionStatus.PROPOSED, authors=[vic.id]),
        Question(text="4", status=QuestionStatus.AGREED, authors=["left-the-panel"], imported_groups=[Group.VOLUNTEER]),
    ]
    assert group_balance(_state(questions, [ann, sam, vic])) == {Group.MEMBER: 1, Group.STAFF: 2, Group.VOLUNTEER: 1}


def test_locking_needs_an_agreed_question() -> None:
    with pytest.raises(NotAllowed, match="Agree at least one question before locking the set."):
        check_may_lock(_state([Question(text="Only proposed")], []))
    check_may_lock(_state([Question(text="Agreed", status=QuestionStatus.AGREED)], []))


def test_unlocking_needs_a_reason_and_is_refused_once_a_score_exists() -> None:
    agreed = Question(text="Agreed", status=QuestionStatus.AGREED)
    state = _state([agreed], [])
    with pytest.raises(InvalidValue, match="reason"):
        check_may_unlock(state, "   ")
    assert check_may_unlock(state, "  A word was wrong ") == "A word was wrong"

    blank = ScoreSheet(member_id="ann", candidate_id="c1")
    assert check_may_unlock(replace(state, sheets=(blank,)), "Fine: no score yet") == "Fine: no score yet"
    scored = ScoreSheet(member_id="ann", candidate_id="c1", scores={agreed.id: 2})
    with pytest.raises(NotAllowed, match="cannot be unlocked") as refused:
        check_may_unlock(replace(state, sheets=(blank, scored)), "Too late")
    assert "would change what people scored" in str(refused.value)


def test_reorder_moves_one_question_and_renumbers() -> None:
    qs = [Question(text=t, status=QuestionStatus.AGREED, position=n) for n, t in enumerate("abc", start=1)]
    moved = reorder(qs, qs[2].id, -1)
    assert [q.text for q in moved] == ["a", "c", "b"] and [q.position for q in moved] == [1, 2, 3]
    assert [q.text for q in reorder(qs, qs[0].id, -5)] == ["a", "b", "c"], "moving past the top stays at the top"
    with pytest.raises(InvalidValue):
        reorder(qs, "not-agreed", 1)


def test_timestamps_on_revisions_are_utc() -> None:
    q = revised(Question(text="a"), "bob", scale=SCALE, text="b")
    assert q.revisions[0].at.tzinfo is not None and q.revisions[0].at <= datetime.now(UTC)
