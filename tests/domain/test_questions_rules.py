"""Co-writing rules: revisions and co-authors, support, balance, order, reading ease."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from panel_tui.domain.errors import InvalidValue
from panel_tui.domain.models import Group, PanelMember, Question, QuestionStatus, Scale, Session
from panel_tui.domain.questions import group_balance, reorder, revised, supported, unsupported, word_diff
from panel_tui.domain.readability import flesch_reading_ease, reading_hint, syllables
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


def test_no_change_is_not_a_revision() -> None:
    q = Question(text="Same", authors=["ann"])
    assert revised(q, "bob", scale=SCALE, text="Same") is q


def test_revisions_refuse_empty_words_and_anchors_off_the_scale() -> None:
    q = Question(text="Q?")
    with pytest.raises(InvalidValue, match="cannot be empty"):
        revised(q, "bob", scale=SCALE, text="   ")
    with pytest.raises(InvalidValue, match="7 is not on the scale. Scores on this panel go from 0 to 4."):
        revised(q, "bob", scale=SCALE, anchors={7: "Too high"})


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


def test_reorder_moves_one_question_and_renumbers() -> None:
    qs = [Question(text=t, status=QuestionStatus.AGREED, position=n) for n, t in enumerate("abc", start=1)]
    moved = reorder(qs, qs[2].id, -1)
    assert [q.text for q in moved] == ["a", "c", "b"] and [q.position for q in moved] == [1, 2, 3]
    assert [q.text for q in reorder(qs, qs[0].id, -5)] == ["a", "b", "c"], "moving past the top stays at the top"
    with pytest.raises(InvalidValue):
        reorder(qs, "not-agreed", 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015*6 - 84.6*1
        ("The cat sat on the mat.", 116.145),
        # 8 words, 2 sentences, 8 syllables: 206.835 - 1.015*4 - 84.6*1
        ("I like tea. You like jam.", None),
    ],
)
def test_reading_ease_on_sentences_with_known_values(text: str, expected: float | None) -> None:
    if expected is None:
        words, sentences, syl = 6, 2, 6
        expected = 206.835 - 1.015 * (words / sentences) - 84.6 * (syl / words)
    assert flesch_reading_ease(text) == pytest.approx(expected, abs=0.01)


def test_syllable_counting_on_everyday_words() -> None:
    assert [syllables(w) for w in ["cat", "table", "listen", "recovery", "make", "people", "see"]] == [1, 2, 2, 4, 1, 2, 1]


def test_hard_questions_get_a_hint_and_plain_ones_do_not() -> None:
    hard = "Describe a situation in which you demonstrated organisational accountability regarding safeguarding responsibilities."
    plain = "Tell us about a time you helped a friend."
    assert reading_hint(flesch_reading_ease(hard)) is not None
    assert reading_hint(flesch_reading_ease(plain)) is None


def test_timestamps_on_revisions_are_utc() -> None:
    q = revised(Question(text="a"), "bob", scale=SCALE, text="b")
    assert q.revisions[0].at.tzinfo is not None and q.revisions[0].at <= datetime.now(UTC)
