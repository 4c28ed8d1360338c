"""A question's versions of its words: as written, plain words, Easy Read; which one a person sees, and which comes next."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from panel_tui.domain.models import Question, Wording
from panel_tui.domain.validation import plain_message

W, P, E = Wording.AS_WRITTEN, Wording.PLAIN, Wording.EASY_READ
ALL = Question(text="Describe your approach?", plain_text="How do you do it?", easy_read="  What do you do?  ")
PLAIN_ONLY = Question(text="Describe your approach?", plain_text="How do you do it?")
EASY_ONLY = Question(text="Describe your approach?", easy_read="What do you do?")
WRITTEN_ONLY = Question(text="Describe your approach?")


def test_the_easy_read_version_is_optional_and_tidied() -> None:
    assert WRITTEN_ONLY.easy_read == "" and ALL.easy_read == "What do you do?"
    assert Question.model_validate({"text": "Old question?"}).easy_read == "", "a record from before the field reads"


def test_a_wrong_easy_read_value_is_named_in_plain_words() -> None:
    with pytest.raises(ValidationError) as caught:
        Question.model_validate({"text": "Q?", "easy_read": 3})
    assert plain_message(caught.value) == "The Easy Read version is not valid."


@pytest.mark.parametrize(
    ("question", "versions"),
    [(ALL, (W, P, E)), (PLAIN_ONLY, (W, P)), (EASY_ONLY, (W, E)), (WRITTEN_ONLY, (W,))],
)
def test_the_versions_a_question_has_in_order(question: Question, versions: tuple[Wording, ...]) -> None:
    assert question.wordings == versions
    assert [question.words(v) for v in versions][0] == "Describe your approach?"


@pytest.mark.parametrize(
    ("question", "wanted", "shown"),
    [
        (ALL, E, E), (ALL, P, P), (ALL, W, W),
        (PLAIN_ONLY, E, P),  # no Easy Read: the plain words, the nearest version written before it
        (EASY_ONLY, P, W),  # no plain words: the question as written
        (EASY_ONLY, E, E),
        (WRITTEN_ONLY, E, W), (WRITTEN_ONLY, P, W),
    ],
)
def test_a_person_sees_the_version_they_chose_or_the_nearest(question: Question, wanted: Wording, shown: Wording) -> None:
    assert question.shown_wording(wanted) is shown


@pytest.mark.parametrize(
    ("question", "cycle"),
    [(ALL, [W, P, E, W]), (PLAIN_ONLY, [W, P, W]), (EASY_ONLY, [W, E, W]), (WRITTEN_ONLY, [W, W])],
)
def test_the_next_version_goes_round_the_ones_it_has(question: Question, cycle: list[Wording]) -> None:
    assert [question.next_wording(a) for a in cycle[:-1]] == cycle[1:]
    assert PLAIN_ONLY.next_wording(E) is W, "a version it does not have starts the round again"
