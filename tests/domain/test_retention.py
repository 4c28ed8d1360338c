"""The retention date as a pure rule: a date set by hand wins, else months after the last final outcome, else none yet."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from panel_tui.domain.models import Candidate, Decision, Outcome, Session
from panel_tui.domain.retention import add_months, last_final_outcome, retention_for, retention_of
from panel_tui.domain.state import SessionState
from panel_tui.domain.validation import plain_message


def _state(*outcomes: tuple[str, datetime, bool], **details: object) -> SessionState:
    candidates = tuple(Candidate(id=f"c{i}", name=f"Person {i}", code=f"C0{i}") for i in range(1, 4))
    return SessionState(
        session=Session(vacancy="Peer mentor", **details),  # type: ignore[arg-type]
        candidates=candidates,
        outcomes=tuple(
            Outcome(candidate_id=cid, decision=Decision.RESERVE, final=final, by="m1", at=at) for cid, at, final in outcomes
        ),
    )


NOV_2 = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
DEC_9 = datetime(2026, 12, 9, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 2), 6, date(2027, 5, 2)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 12, 15), 12, date(2027, 12, 15)),
    ],
)
def test_months_are_calendar_months_ending_on_the_shorter_months_last_day(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_before_any_outcome_is_final_there_is_no_retention_date_yet() -> None:
    retention = retention_of(_state(("c1", NOV_2, False)))
    assert retention.until is None and not retention.passed(date(2099, 1, 1))
    assert retention.sentence().startswith("No retention date yet.")
    assert "6 months after the round's last final outcome, and no outcome is final yet" in retention.sentence()


def test_the_default_is_six_months_after_the_last_final_outcome() -> None:
    state = _state(("c1", NOV_2, True), ("c2", DEC_9, True), ("c3", datetime(2027, 1, 5, tzinfo=UTC), False))
    retention = retention_of(state)
    assert last_final_outcome(state) == date(2026, 12, 9), "the latest final outcome; one not final does not count"
    assert retention.until == date(2027, 6, 9) and not retention.set_by_hand
    assert retention.sentence() == (
        "Personal details are kept until 9 June 2027: 6 months after the last final outcome (9 December 2026)."
    )
    assert not retention.passed(date(2027, 6, 9)) and retention.passed(date(2027, 6, 10))


@pytest.mark.parametrize(("months", "until"), [(3, date(2027, 2, 2)), (12, date(2027, 11, 2))])
def test_the_chair_may_choose_three_to_twelve_months(months: int, until: date) -> None:
    assert retention_of(_state(("c1", NOV_2, True), retention_months=months)).until == until


@pytest.mark.parametrize("months", [2, 13])
def test_months_outside_three_to_twelve_are_refused_in_plain_words(months: int) -> None:
    with pytest.raises(ValidationError) as caught:
        Session(vacancy="X", retention_months=months)
    assert plain_message(caught.value).startswith("The number of months to keep details must be at")


@pytest.mark.parametrize("hand", [date(2026, 12, 1), date(2030, 1, 1)], ids=["earlier", "later"])
def test_a_date_set_by_hand_wins_earlier_or_later(hand: date) -> None:
    retention = retention_of(_state(("c1", NOV_2, True), retention_until=hand, retention_months=12))
    assert retention.until == hand and retention.set_by_hand
    assert retention.sentence().endswith(": a date set by hand.")
    assert "set by hand" in retention.short()


def test_an_old_session_with_only_a_hand_date_keeps_it_even_with_no_final_outcome() -> None:
    old = Session.model_validate({"vacancy": "Peer mentor", "retention_until": "2027-06-30"})
    retention = retention_for(old, None)
    assert retention.until == date(2027, 6, 30) and retention.months == 6


def test_a_legal_hold_is_part_of_the_answer() -> None:
    retention = retention_of(_state(("c1", NOV_2, True), legal_hold="Employment tribunal claim"))
    assert retention.on_hold
    assert retention.sentence().endswith(
        "On legal hold: Employment tribunal claim. Nothing is purged while the hold is on."
    )


def test_the_short_form_for_reports() -> None:
    assert retention_of(_state(("c1", NOV_2, True))).short() == "2 May 2027 (6 months after the last final outcome)"
    assert retention_of(_state()).short().startswith("no date yet")
