"""Retention through the services: the default date after the last final outcome, the months, and the legal hold.

A legal hold stops the purge (and its dry run) with the reason; placing,
changing and lifting it are each audited with the reason. The months are a
session detail the chair or HR sets (3 to 12); a date set by hand still wins.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed
from panel_tui.domain.retention import add_months
from panel_tui.services.records import NoRetentionDate, OnLegalHold, RetentionNotPassed

Panel = Any
"""The conftest's `Panel`."""

HOLD = "Employment tribunal claim, ref 2201"


def finalise(panel: Panel) -> date:
    """C01's outcome made final today (UTC): the round's last final outcome. Returns its day."""
    svc = panel.svc
    svc.open_reconciliation(panel.cand.id, {m.id: "Could not attend" for m in (panel.chair, panel.ann, panel.bob)})
    outcome = svc.record_outcome(panel.cand.id, "appoint", "Offered the post.", final=True)
    return outcome.at.date()


def test_before_any_final_outcome_there_is_no_retention_date_yet(round_: Panel) -> None:
    with pytest.raises(NoRetentionDate, match="no retention date yet") as caught:
        round_.tool().check_purge_allowed(date(2099, 1, 1))
    assert "6 months after the round's last final outcome, and no outcome is final yet" in str(caught.value)


def test_by_default_personal_data_is_kept_six_months_after_the_last_final_outcome(round_: Panel) -> None:
    until = add_months(finalise(round_), 6)
    before = round_.on_disk()
    with pytest.raises(RetentionNotPassed) as caught:
        round_.tool().purge_personal_data(until)
    assert str(caught.value).startswith(f"This session's personal data is kept until {until.day} {until:%B %Y}.")
    assert "That is 6 months after the last final outcome" in str(caught.value)
    assert round_.on_disk() == before
    report = round_.tool("panel-tui purge").purge_personal_data(until + timedelta(days=1))
    assert report.candidates == ["C01"]
    event = round_.events()[-1]
    assert event.after["retention_until"] == until.isoformat() and event.after["retention_months"] == 6


@pytest.mark.parametrize("months", [3, 12])
def test_the_chair_chooses_the_months(round_: Panel, months: int) -> None:
    day = finalise(round_)
    round_.svc.update_details(retention_months=months)
    plan_day = add_months(day, months)
    with pytest.raises(RetentionNotPassed, match=f"{months} months after"):
        round_.tool().check_purge_allowed(plan_day)
    assert round_.tool().check_purge_allowed(plan_day + timedelta(days=1)).retention.until == plan_day  # type: ignore[union-attr]


def test_months_outside_three_to_twelve_change_nothing(round_: Panel) -> None:
    before = round_.on_disk()
    with pytest.raises(InvalidValue, match="The number of months to keep details must be at least 3"):
        round_.svc.update_details(retention_months=2)
    assert round_.on_disk() == before


def test_a_date_set_by_hand_wins_over_the_months(round_: Panel) -> None:
    finalise(round_)
    round_.svc.update_details(retention_until=date(2020, 1, 31), retention_months=12)
    plan = round_.tool().check_purge_allowed()
    assert plan.retention is not None and plan.retention.set_by_hand and plan.retention.until == date(2020, 1, 31)


def test_a_legal_hold_stops_the_purge_and_its_dry_run_naming_the_reason(round_: Panel) -> None:
    finalise(round_)
    hr = round_.as_(round_.hr)
    hr.update_details(retention_until=date(2020, 1, 31), legal_hold=HOLD)
    before = round_.on_disk()
    for attempt in (lambda: round_.tool().check_purge_allowed(), lambda: round_.tool().purge_personal_data()):
        with pytest.raises(OnLegalHold) as caught:
            attempt()
        assert str(caught.value).startswith(f"This session is on legal hold: {HOLD}. Nothing can be purged")
        assert isinstance(caught.value, NotAllowed)
    assert round_.on_disk() == before
    assert round_.raw().candidates[0].name == "Casey Candidate"


def test_placing_changing_and_lifting_a_hold_are_audited_with_the_reason(round_: Panel) -> None:
    hr = round_.as_(round_.hr)
    hr.update_details(legal_hold=HOLD)
    hr.update_details(legal_hold="Subject access dispute")
    round_.svc.update_details(legal_hold="")
    holds = [(e.action, e.actor_name, e.before, e.after) for e in round_.events() if "legal hold" in e.action]
    assert holds == [
        ("placed a legal hold", "Hana HR", None, HOLD),
        ("changed the legal hold's reason", "Hana HR", HOLD, "Subject access dispute"),
        ("lifted the legal hold", "Chair Person", "Subject access dispute", None),
    ]
    details = [e for e in round_.events() if e.action == "changed session details"]
    assert details[-1].before["legal_hold"] == "Subject access dispute" and details[-1].after["legal_hold"] == ""
    assert all(e.record == "session" for e in round_.events() if "legal hold" in e.action)


def test_saving_the_same_hold_again_records_nothing(round_: Panel) -> None:
    round_.svc.update_details(legal_hold=HOLD)
    count = len(round_.events())
    round_.svc.update_details(legal_hold=HOLD, retention_months=6)
    assert len(round_.events()) == count


def test_a_panel_member_cannot_place_or_lift_a_hold(round_: Panel) -> None:
    round_.svc.update_details(legal_hold=HOLD)
    before = round_.on_disk()
    with pytest.raises(NotAllowed, match="chair or HR"):
        round_.as_(round_.ann).update_details(legal_hold="")
    assert round_.on_disk() == before


def test_once_the_hold_is_lifted_the_purge_goes_ahead(round_: Panel) -> None:
    finalise(round_)
    round_.svc.update_details(retention_until=date(2020, 1, 31), legal_hold=HOLD)
    round_.svc.update_details(legal_hold="")
    report = round_.tool().purge_personal_data()
    assert report.candidates == ["C01"]
    lifted = next(e for e in round_.events() if e.action == "lifted the legal hold")
    assert lifted.before == HOLD, "the reason the data was held stays in the trail"
