"""When the scale is locked, and why, as the chair is told before trying to save it (issue 11).

`scale_locked_reason` is the read model of the rule `set_scale` enforces: it must
say "locked" exactly when saving the scale would be refused, even though the
chair may not read the sheets that lock it (rule 1).
"""

from __future__ import annotations

import pytest

from panel_tui.domain.errors import NotAllowed
from panel_tui.services import scale_locked_reason

FIVE = ["a", "b", "c", "d", "e"]


def test_the_scale_is_free_to_change_until_someone_scores(round_) -> None:  # type: ignore[no-untyped-def]
    assert scale_locked_reason(round_.svc.view()) is None
    round_.svc.set_scale(1, 5, FIVE)  # and saving it is indeed allowed


def test_one_draft_score_locks_the_scale_though_the_chair_cannot_read_it(round_) -> None:  # type: ignore[no-untyped-def]
    round_.as_(round_.ann).record_score(round_.ann.id, round_.cand.id, round_.questions[0].id, 4)
    view = round_.svc.view()
    assert view.state.sheets == (), "rule 1: the chair does not see Ann's draft"
    assert scale_locked_reason(view) == "The scale cannot change once scoring has started: 1 score uses it."
    with pytest.raises(NotAllowed):
        round_.svc.set_scale(1, 5, FIVE)


def test_the_reason_counts_every_score_given(round_) -> None:  # type: ignore[no-untyped-def]
    for person, value in ((round_.ann, 4), (round_.bob, 2)):
        for question in round_.questions:
            round_.as_(person).record_score(person.id, round_.cand.id, question.id, value)
    reason = scale_locked_reason(round_.svc.view())
    assert reason == "The scale cannot change once scoring has started: 4 scores use it."


def test_every_reader_is_told_the_same_and_no_value_is_shown(round_) -> None:  # type: ignore[no-untyped-def]
    round_.as_(round_.ann).record_score(round_.ann.id, round_.cand.id, round_.questions[0].id, 3)
    for person in (round_.chair, round_.hr, round_.bob, round_.ann):
        reason = scale_locked_reason(round_.as_(person).view())
        assert reason is not None and "1 score" in reason and "3" not in reason
