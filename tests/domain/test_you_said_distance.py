"""The comparison in "you said, we did" (domain.you_said): a member's own scores beside the agreed ones, as distance only."""

from __future__ import annotations

from panel_tui.domain.models import Question, ScoreSheet, SheetStatus
from panel_tui.domain.you_said import (
    QuestionDistance,
    closeness_sentence,
    compare_with_agreed,
    distance_words,
)


def test_distance_in_words() -> None:
    assert distance_words(0) == "the same as agreed"
    assert distance_words(-1) == "1 point lower than agreed"
    assert distance_words(2) == "2 points higher than agreed"


def test_only_a_submitted_sheet_is_compared_and_missing_scores_say_so() -> None:
    q1, q2, q3 = (Question(text=f"Question {n}?") for n in (1, 2, 3))
    sheet = ScoreSheet(member_id="m", candidate_id="c", scores={q1.id: 4, q2.id: 1}, status=SheetStatus.SUBMITTED)
    lines = compare_with_agreed([q1, q2, q3], sheet, {q1.id: 3, q2.id: 1, q3.id: 2})
    assert [(line.number, line.difference, line.words) for line in lines] == [
        (1, 1, "1 point higher than agreed"), (2, 0, "the same as agreed"), (3, None, "no score to compare"),
    ]
    draft = sheet.model_copy(update={"status": SheetStatus.DRAFT})
    assert all(line.difference is None for line in compare_with_agreed([q1, q2], draft, {q1.id: 3}))


def test_the_summary_counts_same_near_and_far() -> None:
    lines = [QuestionDistance(n, f"q{n}", d) for n, d in enumerate([0, 0, 1, -1, 3, None], start=1)]
    assert closeness_sentence(lines) == (
        "Your score was the same as agreed on 2 of 5 questions, 1 point away on 2, 2 or more points away on 1."
    )
    assert closeness_sentence([]) == "There are no scores of yours to compare."
