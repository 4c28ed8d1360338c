"""Reciprocity's pure rules: money and times as people type them, what is due, time measured from timestamps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panel_tui.domain.errors import InvalidValue
from panel_tui.domain.models import AuditEvent, Reconciliation, ScoreSheet, Session, SheetStatus, sheet_id
from panel_tui.domain.reciprocity import (
    MAX_PENCE,
    Choice,
    Expense,
    PaymentStatus,
    RatePer,
    Reciprocity,
    TimeGiven,
    amount_due,
    check_choice,
    earned,
    measured_time,
    minutes_in_words,
    money,
    offer_value,
    parse_day,
    parse_minutes,
    parse_money,
    pounds,
    time_given,
    totals,
)
from panel_tui.domain.state import SessionState

# Money ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "pence"),
    [("£12.50", 1250), ("12.5", 1250), ("12", 1200), (" 12.50 ", 1250), ("£ 7", 700), ("1,250.00", 125000),
     ("0.05", 5), ("50p", 50), (".5", 50)],
)
def test_money_as_people_type_it(typed: str, pence: int) -> None:
    assert parse_money(typed) == pence


@pytest.mark.parametrize(
    ("typed", "says"),
    [("12.345", "at most 2 numbers after the point"), ("-5", "less than nothing"), ("£-5", "less than nothing"),
     ("", "Type an amount"), ("twelve", "not an amount"), ("£", "not an amount"), ("1,25", "not an amount"),
     ("12.50.1", "not an amount"), ("1000001", "more than")],
)
def test_bad_money_gets_a_plain_message(typed: str, says: str) -> None:
    with pytest.raises(InvalidValue, match=says):
        parse_money(typed)


@given(st.integers(min_value=0, max_value=MAX_PENCE))
def test_money_written_back_reads_the_same(pence: int) -> None:
    assert parse_money(money(pence)) == pence
    assert parse_money(pounds(pence)) == pence
    assert parse_money(f"{pence // 100}") == pence // 100 * 100


@given(st.integers(min_value=0, max_value=MAX_PENCE // 100 - 1), st.integers(min_value=0, max_value=9))
def test_one_number_after_the_point_is_tens_of_pence(whole: int, tenths: int) -> None:
    assert parse_money(f"{whole}.{tenths}") == whole * 100 + tenths * 10


@given(st.text(max_size=12))
def test_any_text_is_an_amount_or_a_plain_refusal(typed: str) -> None:
    try:
        pence = parse_money(typed)
    except InvalidValue as refused:
        assert str(refused) and "Traceback" not in str(refused)
    else:
        assert 0 <= pence <= MAX_PENCE


@given(st.integers(min_value=0, max_value=MAX_PENCE), st.integers(min_value=3, max_value=6))
def test_more_than_two_numbers_after_the_point_is_always_refused(pence: int, places: int) -> None:
    with pytest.raises(InvalidValue):
        parse_money(f"{pence // 100}.{pence % 100:02d}" + "1" * (places - 2))


# Time and dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("90", 90), ("1:30", 90), ("1h 30m", 90), ("2h", 120), ("1.5h", 90), ("45m", 45), ("2 hours", 120), ("", None)],
)
def test_time_as_people_type_it(typed: str, minutes: int | None) -> None:
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize("typed", ["-10", "ten", "1:75", "h", "9999999"])
def test_bad_time_gets_a_plain_message(typed: str) -> None:
    with pytest.raises(InvalidValue):
        parse_minutes(typed)


def test_minutes_in_words() -> None:
    assert minutes_in_words(90) == "1 hour 30 minutes"
    assert minutes_in_words(60) == "1 hour"
    assert minutes_in_words(1) == "1 minute"
    assert minutes_in_words(0) == "none"


@pytest.mark.parametrize("typed", ["2027-06-30", "30/06/2027", "30 June 2027", "30 Jun 2027", " 30/6/2027 "])
def test_dates_as_people_type_them(typed: str) -> None:
    assert parse_day(typed) == date(2027, 6, 30)


@pytest.mark.parametrize("typed", ["06/30/2027", "tomorrow", "2027-13-01", "30.06.27"])
def test_a_date_in_an_odd_format_gets_a_plain_message(typed: str) -> None:
    with pytest.raises(InvalidValue, match="30/06/2027"):
        parse_day(typed)


# What is due ---------------------------------------------------------------------------------------


def _offer(**changes: object) -> Reciprocity:
    fields: dict[str, object] = {"member_id": "m1", "rate_pence": 2000, "expected_minutes": 180, "choice": Choice.ACCEPT}
    fields.update(changes)
    return Reciprocity.model_validate(fields)


def test_an_hourly_offer_is_worth_the_rate_for_the_expected_hours() -> None:
    assert offer_value(_offer()) == 6000
    assert offer_value(_offer(rate_per=RatePer.SESSION)) == 2000


def test_per_hour_is_pro_rata_to_the_nearest_penny() -> None:
    assert earned(_offer(rate_pence=1001), 30) == 501  # 500.5 rounds up
    assert earned(_offer(rate_pence=2000), 100) == 3333
    assert earned(_offer(rate_per=RatePer.SESSION), 7) == 2000


@pytest.mark.parametrize(
    ("choice", "due"),
    [(Choice.NOT_ASKED, 0), (Choice.DECLINE, 0), (Choice.ACCEPT, 4000), (Choice.CHARITY, 4000), (Choice.VOUCHERS, 4000)],
)
def test_what_is_due_follows_the_choice(choice: Choice, due: int) -> None:
    assert amount_due(_offer(choice=choice), 120) == due


def test_a_lower_amount_is_due_but_never_more_than_the_time_is_worth() -> None:
    assert amount_due(_offer(choice=Choice.LOWER, lower_amount_pence=1500), 120) == 1500
    assert amount_due(_offer(choice=Choice.LOWER, lower_amount_pence=1500), 30) == 1000


def test_a_lower_amount_must_be_below_the_offer_and_a_charity_named() -> None:
    with pytest.raises(InvalidValue, match="less than the offer of £60.00"):
        check_choice(_offer(), Choice.LOWER, 6000, "")
    with pytest.raises(InvalidValue, match="lower amount"):
        check_choice(_offer(), Choice.LOWER, None, "")
    with pytest.raises(InvalidValue, match="charity"):
        check_choice(_offer(), Choice.CHARITY, None, "  ")
    check_choice(_offer(), Choice.LOWER, 5999, "")


def test_totals_count_receipted_expenses_only_and_say_what_waits_for_a_receipt() -> None:
    ann = _offer(
        expenses=[Expense(what="Bus", amount_pence=450, receipt_seen=True), Expense(what="Lunch", amount_pence=600)],
        payment_status=PaymentStatus.PAID,
    )
    bob = _offer(member_id="m2", choice=Choice.CHARITY, charity="Shelter")
    cat = _offer(member_id="m3", choice=Choice.VOUCHERS, rate_per=RatePer.SESSION, rate_pence=2500)
    dee = _offer(member_id="m4", choice=Choice.DECLINE, expenses=[Expense(what="Taxi", amount_pence=1200, receipt_seen=True)])
    summed = totals([(ann, 60), (bob, 90), (cat, 5), (dee, 60)])
    assert summed.due == 2000 + 3000 + 2500
    assert summed.to_charity == 3000
    assert summed.as_vouchers == 2500
    assert summed.expenses == 450 + 1200
    assert summed.not_receipted == 600
    assert summed.paid == 2000 + 450


@given(st.lists(st.tuples(st.integers(0, 100_000), st.integers(0, 6000), st.sampled_from(list(Choice))), max_size=8))
def test_the_total_due_is_the_sum_of_the_lines(lines: list[tuple[int, int, Choice]]) -> None:
    records = [
        (_offer(member_id=str(i), rate_pence=rate, choice=choice, lower_amount_pence=rate // 3), minutes)
        for i, (rate, minutes, choice) in enumerate(lines)
    ]
    assert totals(records).due == sum(amount_due(kept, minutes) for kept, minutes in records)


# Time given, from the session's timestamps ---------------------------------------------------------

T0 = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _state(sheets: tuple[ScoreSheet, ...] = (), reconciliations: tuple[Reconciliation, ...] = ()) -> SessionState:
    return SessionState(session=Session(vacancy="Peer mentor"), sheets=sheets, reconciliations=reconciliations)


def _sheet(candidate: str, start: int, end: int | None, *, member: str = "ann", paper: bool = False) -> ScoreSheet:
    return ScoreSheet(
        id=sheet_id(member, candidate), member_id=member, candidate_id=candidate,
        status=SheetStatus.SUBMITTED if end is not None else SheetStatus.DRAFT,
        created_at=_at(start), updated_at=_at(end or start), submitted_at=_at(end) if end is not None else None,
        entered_by="chair" if paper else None,
    )


def _event(minute: int, action: str = "proposed question", actor: str = "ann") -> AuditEvent:
    return AuditEvent(at=_at(minute), actor_id=actor, actor_name=actor, action=action)


def test_preparation_is_sittings_of_question_work_plus_a_lead_in() -> None:
    events = [_event(0), _event(10, "improved question"), _event(25, "commented on question"),
              _event(200, "supported question"), _event(5, "proposed question", actor="bob"), _event(7, "submitted a score sheet")]
    measured = measured_time(_state(), events, "ann")
    assert measured.preparation_minutes == (25 + 15) + (0 + 15)


def test_interviews_are_the_sheets_open_time_capped_and_overlaps_counted_once() -> None:
    sheets = (
        _sheet("c1", 0, 60),
        _sheet("c2", 50, 110),  # overlaps c1 by 10 minutes
        _sheet("c3", 300, 700),  # left open: counts 2 hours
        _sheet("c4", 800, None),  # a draft: not sat yet
        _sheet("c5", 1000, 1090, paper=True),  # typed in from paper: 45 minutes
        _sheet("c6", 2000, 2002),  # filled in quickly after the interview: at least 45 minutes
        _sheet("c1", 0, 500, member="bob"),
    )
    measured = measured_time(_state(sheets), [], "ann")
    assert measured.interview_minutes == 110 + 120 + 45 + 45


def test_agreement_counts_signed_off_candidates_the_person_scored() -> None:
    sheets = (_sheet("c1", 0, 40), _sheet("c2", 0, 40, member="bob"))  # agreement opens at 60
    recs = (
        Reconciliation(candidate_id="c1", opened_by="chair", opened_at=_at(60), signed_off_at=_at(95)),
        Reconciliation(candidate_id="c2", opened_by="chair", opened_at=_at(60), signed_off_at=_at(95)),
    )
    assert measured_time(_state(sheets, recs), [], "ann").agreement_minutes == 35
    unsigned = (Reconciliation(candidate_id="c1", opened_by="chair", opened_at=_at(60)),)
    assert measured_time(_state(sheets, unsigned), [], "ann").agreement_minutes == 0


def test_what_hr_types_replaces_the_measured_figure_part_by_part() -> None:
    spent = time_given(TimeGiven(interview_minutes=90), TimeGiven(preparation_minutes=30, interview_minutes=10, agreement_minutes=5))
    assert [(p.minutes, p.measured) for p in spent.parts] == [(30, True), (90, False), (5, True)]
    assert spent.total == 125
