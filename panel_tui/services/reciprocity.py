"""Reciprocity for the round: offers, choices, time given, expenses, payments, recognition records.

Kept by HR (`Right.KEEP_RECIPROCITY`). A panel member reads only their own
record (`reciprocity_of` their own id, `recognition_record` of themselves);
the chair reads and confirms recognition records (what a person did, their
time and role: never money). Nobody records which benefit a person receives:
there is no field for it, only the date independent advice was offered.

Each change is one locked write with one audit event (the record before and
after), checked against the rights, and refused with a plain message on bad
input (money, times and dates are parsed in `domain.reciprocity`). A form
passes the `version` of the record it opened (`ReciprocityLine.version`),
so a newer change by someone else is never silently overwritten.

Time given is pre-filled from the session's own timestamps
(`domain.reciprocity.measured_time`, rule in `TIME_RULE`); what HR types for
a part replaces the measured figure for that part, and a blank puts the
measured figure back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from ..domain.errors import InvalidValue, NotAllowed
from ..domain.models import ROLE_LABELS, AuditEvent, PanelMember, QuestionStatus, Role, revise
from ..domain.reciprocity import (
    PAID_CHOICES,
    TIME_RULE,
    Choice,
    Expense,
    PaymentStatus,
    RatePer,
    Reciprocity,
    Spent,
    Totals,
    amount_due,
    check_choice,
    earned,
    has_offer,
    measured_time,
    offer_value,
    parse_day,
    parse_minutes,
    parse_money,
    receipted_expenses,
    time_given,
    totals,
    unreceipted,
)
from ..domain.state import SessionState
from ..export.files import Output, make_exports_folder, write_outputs
from ..export.payments import PAYMENTS_FILE, PaymentLine, UnreceiptedLine, render_payments
from ..export.recognition import (
    QuestionWork,
    RecognitionRecord,
    TimePart,
    record_file_name,
    render_recognition,
)
from ..locations import default_export_folder, exports_dir
from .base import ServiceBase, snapshot, version_of
from .rights import Right
from .views import EXPORTED_PAYMENTS

ONLY_OWN = "You can see only your own record of thanks and payments."
ONLY_OWN_RECOGNITION = "You can see only your own recognition record."


class _Keep:
    """A part of the time given that a call leaves as it is."""


KEEP: Final = _Keep()

Money = str | int
"""Typed text ("£12.50") or whole pence."""
Day = str | date | None
"""Typed text ("30/06/2027"), a date, or None (blank)."""
Minutes = str | int | None
"""Typed text ("1:30"), whole minutes, or None (as the timestamps show)."""

PAID_AS: dict[Choice, str] = {
    Choice.ACCEPT: "money",
    Choice.LOWER: "money",
    Choice.VOUCHERS: "vouchers",
    Choice.CHARITY: "to a charity",
}


def _pence(value: Money) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidValue("An amount must be typed, like 12.50.")
    if isinstance(value, int):
        if value < 0:
            raise InvalidValue("An amount cannot be less than nothing. Nothing was changed.")
        return parse_money(f"{value // 100}.{value % 100:02d}")  # the same upper limit as typed amounts
    return parse_money(value)


def _day(value: Day) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_day(value)


def _minutes(value: Minutes) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        if value < 0:
            raise InvalidValue("Time given cannot be less than nothing. Nothing was changed.")
        return parse_minutes(str(value))
    return parse_minutes(value)


def _today() -> date:
    return datetime.now().astimezone().date()


@dataclass(frozen=True)
class ReciprocityLine:
    """One panel member's thanks and payment, as HR (or that member) reads it."""

    member_id: str
    name: str
    group: str
    role: str
    kept: Reciprocity
    """Their record (a blank one when nothing is recorded yet)."""
    version: str
    """`version_of` the stored record ("none" before the first change): a form passes it back."""
    time: Spent
    offer_pence: int
    """The written offer (the rate, or the rate for the expected hours)."""
    worth_pence: int
    """What the time given is worth at the offer's rate."""
    due_pence: int
    """After their choice: what is due for their time."""
    expenses_pence: int
    """Receipted expenses."""
    not_receipted: tuple[Expense, ...]

    @property
    def has_offer(self) -> bool:
        return has_offer(self.kept)

    @property
    def paid_as(self) -> str:
        return PAID_AS.get(self.kept.choice, "") if self.due_pence else ""


@dataclass(frozen=True)
class ReciprocityBook:
    """Every panel member's line, and the totals: HR's read model."""

    lines: tuple[ReciprocityLine, ...]
    totals: Totals
    rule: str = TIME_RULE
    """How time given is pre-filled, in words."""

    def line(self, member_id: str) -> ReciprocityLine:
        for line in self.lines:
            if line.member_id == member_id:
                return line
        raise InvalidValue("That person is not on this panel.")


@dataclass(frozen=True)
class PaymentsWritten:
    path: Path
    rows: int
    not_receipted: int
    """Expenses lines left out of the totals because their receipt has not been seen."""


class ReciprocityActions(ServiceBase):
    """HR's record of thanks and payments, and the recognition records, on behalf of the service's actor."""

    # Reading ---------------------------------------------------------------------------------------

    def _full_and_events(self) -> tuple[SessionState, list[AuditEvent]]:
        snap = self._file.snapshot()
        return snap.state, self._file.audit_events(snap)

    @staticmethod
    def _line(state: SessionState, events: list[AuditEvent], member: PanelMember) -> ReciprocityLine:
        stored = next((r for r in state.reciprocity if r.member_id == member.id), None)
        kept = stored or Reciprocity(member_id=member.id)
        spent = time_given(kept.time, measured_time(state, events, member.id))
        return ReciprocityLine(
            member_id=member.id,
            name=member.name,
            group=state.group_label(member.group),
            role=ROLE_LABELS[member.role],
            kept=kept,
            version=version_of(stored),
            time=spent,
            offer_pence=offer_value(kept),
            worth_pence=earned(kept, spent.total),
            due_pence=amount_due(kept, spent.total),
            expenses_pence=receipted_expenses(kept),
            not_receipted=tuple(unreceipted(kept)),
        )

    def reciprocity_book(self) -> ReciprocityBook:
        """HR's read model: every panel member who scores (and anyone with a record), by name, with totals."""
        self._require(Right.KEEP_RECIPROCITY)
        state, events = self._full_and_events()
        recorded = {r.member_id for r in state.reciprocity}
        people = [m for m in state.members if m.role is not Role.OBSERVER or m.id in recorded]
        people.sort(key=lambda m: (m.name.casefold(), m.id))
        lines = tuple(self._line(state, events, m) for m in people)
        return ReciprocityBook(lines, totals((line.kept, line.time.total) for line in lines))

    def reciprocity_of(self, member_id: str) -> ReciprocityLine:
        """One person's line: HR may read anyone's; a panel member only their own."""
        if not self.actor.may(Right.KEEP_RECIPROCITY) and member_id != self.actor.id:
            raise NotAllowed(ONLY_OWN)
        state, events = self._full_and_events()
        return self._line(state, events, state.member(member_id))

    def may_read_recognition(self, member_id: str) -> bool:
        """A person their own; HR and the chair anyone's."""
        return (
            member_id == self.actor.id
            or self.actor.may(Right.KEEP_RECIPROCITY)
            or self.actor.may(Right.CONFIRM_RECOGNITION)
        )

    def recognition_record(self, member_id: str) -> RecognitionRecord:
        """What one panel member did in this round, their time and role, and who confirmed it: never money."""
        if not self.may_read_recognition(member_id):
            raise NotAllowed(ONLY_OWN_RECOGNITION)
        state, events = self._full_and_events()
        member = state.member(member_id)
        line = self._line(state, events, member)
        questions = tuple(
            QuestionWork(
                words=q.criterion.strip() or q.text,
                wrote=bool(q.authors) and q.authors[0] == member_id,
                used=q.id in state.agreed_question_ids,
            )
            for q in sorted(state.questions, key=lambda q: (q.status is not QuestionStatus.AGREED, q.position, q.created_at))
            if member_id in q.authors and not q.sift
        )
        supported = sum(1 for q in state.questions if member_id in q.supporters and member_id not in q.authors)
        sat = {s.candidate_id for s in state.sheets if s.member_id == member_id and s.submitted}
        agreed = sum(1 for r in state.reconciliations if r.candidate_id in sat and r.signed_off_at is not None)
        chair = None
        if line.kept.confirmed_by:
            chair = next((m.name for m in state.members if m.id == line.kept.confirmed_by), "the chair")
        confirmed_at = line.kept.confirmed_at
        return RecognitionRecord(
            member_id=member.id,
            name=member.name,
            group=state.group_label(member.group),
            role=ROLE_LABELS[member.role],
            vacancy=state.session.vacancy,
            organisation=state.session.organisation,
            when=_months(state.session.created_at, events[-1].at if events else state.session.created_at),
            questions=questions,
            supported=supported,
            interviews=len(sat),
            candidates_agreed=agreed,
            time=tuple(TimePart(p.label, p.minutes) for p in line.time.parts),
            confirmed_by=chair,
            confirmed_on=confirmed_at.astimezone().date() if confirmed_at else None,
        )

    # Changing --------------------------------------------------------------------------------------

    def _revise(
        self, member_id: str, action: str, version: str | None, change: Callable[[Reciprocity], dict[str, Any]],
    ) -> Reciprocity:
        """One change to one person's record, worked out from the record as it is under the lock.

        `change(current)` returns the fields to change (or raises a plain
        `PanelError`); the record is saved and audited in one locked write.
        """
        self._require(Right.KEEP_RECIPROCITY)
        with self._change() as tx:
            state = tx.state
            member = state.member(member_id)
            stored = next((r for r in state.reciprocity if r.member_id == member_id), None)
            self._check_version(stored, version)
            before = stored or Reciprocity(member_id=member_id)
            after = revise(before, **change(before))
            if stored is not None and after == stored:
                return stored
            tx.put(after)
            self._audit(tx, action, member.name, snapshot(stored), snapshot(after), about=after)
        return after

    def set_offer(
        self,
        member_id: str,
        rate: Money,
        per: RatePer | str = RatePer.HOUR,
        expected: Minutes = None,
        expenses_covered: str = "",
        offered_on: Day = None,
        *,
        version: str | None = None,
    ) -> Reciprocity:
        """The written offer: the rate, per hour or per session, the time expected, what expenses it covers, when given."""
        self._require(Right.KEEP_RECIPROCITY)
        rate_pence = _pence(rate)
        if rate_pence == 0:
            raise InvalidValue("Type the rate offered, like 25.00. Nothing was changed.")
        try:
            rate_per = RatePer(per)
        except ValueError:
            raise InvalidValue("The rate is per hour or per session. Nothing was changed.") from None
        minutes = _minutes(expected) or 0
        if rate_per is RatePer.HOUR and minutes == 0:
            raise InvalidValue("Type the time you expect them to give, like 3:00 for 3 hours. Nothing was changed.")
        day = _day(offered_on)
        fields = {
            "rate_pence": rate_pence, "rate_per": rate_per, "expected_minutes": minutes,
            "expenses_covered": expenses_covered, "offered_on": day,
        }
        return self._revise(member_id, "set the offer of thanks", version, lambda _: fields)

    def record_choice(
        self,
        member_id: str,
        choice: Choice | str,
        lower_amount: Money | None = None,
        charity: str = "",
        *,
        version: str | None = None,
    ) -> Reciprocity:
        """What they chose: accept, decline, a lower amount (with it), paid to a charity (with its name), vouchers."""
        self._require(Right.KEEP_RECIPROCITY)
        try:
            chosen = Choice(choice)
        except ValueError:
            raise InvalidValue(f"Choose one of: {', '.join(c.value for c in Choice)}. Nothing was changed.") from None
        lower = _pence(lower_amount) if chosen is Choice.LOWER and lower_amount not in (None, "") else None

        def change(current: Reciprocity) -> dict[str, Any]:
            if chosen is not Choice.NOT_ASKED and not has_offer(current):
                raise InvalidValue("Record the written offer first, then their choice. Nothing was changed.")
            check_choice(current, chosen, lower, charity)
            return {
                "choice": chosen,
                "lower_amount_pence": lower if chosen is Choice.LOWER else None,
                "charity": charity.strip() if chosen is Choice.CHARITY else "",
            }

        return self._revise(member_id, "recorded their choice about the offer", version, change)

    def set_time_given(
        self,
        member_id: str,
        preparation: Minutes | _Keep = KEEP,
        interviews: Minutes | _Keep = KEEP,
        agreement: Minutes | _Keep = KEEP,
        *,
        version: str | None = None,
    ) -> Reciprocity:
        """Minutes given per part; None (or blank) puts back what the session's timestamps show."""
        self._require(Right.KEEP_RECIPROCITY)
        typed = {
            field: _minutes(value)
            for field, value in (
                ("preparation_minutes", preparation),
                ("interview_minutes", interviews),
                ("agreement_minutes", agreement),
            )
            if not isinstance(value, _Keep)
        }
        return self._revise(
            member_id, "changed the time given", version, lambda current: {"time": revise(current.time, **typed)}
        )

    def add_expense(
        self, member_id: str, what: str, amount: Money, receipt_seen: bool = False, *, version: str | None = None,
    ) -> Expense:
        """One expenses line: what it was for, how much, and whether the receipt was seen."""
        self._require(Right.KEEP_RECIPROCITY)
        if not what.strip():
            raise InvalidValue("Say what the expense was for, like 'Bus fare'. Nothing was changed.")
        line = Expense(what=what, amount_pence=_pence(amount), receipt_seen=receipt_seen)
        self._revise(member_id, "added an expense", version, lambda current: {"expenses": [*current.expenses, line]})
        return line

    def remove_expense(self, member_id: str, expense_id: str, *, version: str | None = None) -> Reciprocity:
        def change(current: Reciprocity) -> dict[str, Any]:
            _expense(current, expense_id)
            return {"expenses": [e for e in current.expenses if e.id != expense_id]}

        return self._revise(member_id, "removed an expense", version, change)

    def mark_receipt(self, member_id: str, expense_id: str, seen: bool = True, *, version: str | None = None) -> Reciprocity:
        """The receipt for an expenses line was seen (or not): only receipted lines are paid as expenses."""
        def change(current: Reciprocity) -> dict[str, Any]:
            _expense(current, expense_id)
            return {"expenses": [revise(e, receipt_seen=seen) if e.id == expense_id else e for e in current.expenses]}

        action = "marked a receipt seen" if seen else "marked a receipt not seen"
        return self._revise(member_id, action, version, change)

    def set_payment(
        self, member_id: str, status: PaymentStatus | str, paid_on: Day = None, *, version: str | None = None,
    ) -> Reciprocity:
        """Payment status; "paid" keeps the date paid (today when none is given), and it cannot be in the future."""
        self._require(Right.KEEP_RECIPROCITY)
        try:
            chosen = PaymentStatus(status)
        except ValueError:
            raise InvalidValue(f"Choose one of: {', '.join(s.value for s in PaymentStatus)}. Nothing was changed.") from None
        day = _day(paid_on) if chosen is PaymentStatus.PAID else None
        if chosen is PaymentStatus.PAID:
            day = day or _today()
            if day > _today():
                raise InvalidValue("The date paid cannot be in the future. Nothing was changed.")
        fields = {"payment_status": chosen, "paid_on": day}
        return self._revise(member_id, "changed the payment", version, lambda _: fields)

    def set_advice_offered(self, member_id: str, on: Day, *, version: str | None = None) -> Reciprocity:
        """The date independent benefits advice was offered (blank clears it). Never which benefit anyone gets."""
        self._require(Right.KEEP_RECIPROCITY)
        day = _day(on)
        return self._revise(member_id, "recorded when benefits advice was offered", version, lambda _: {"advice_offered_on": day})

    def confirm_recognition(self, member_id: str) -> Reciprocity:
        """The chair confirms a panel member's recognition record: their name and today's date go on it."""
        self._require(Right.CONFIRM_RECOGNITION)
        if self.actor.is_tool:
            raise NotAllowed("The chair confirms a recognition record, signed in as themselves.")
        with self._change() as tx:
            state = tx.state
            member = state.member(member_id)
            if member.role is Role.OBSERVER:
                raise NotAllowed(f"{member.name} is HR or an observer, not a panel member: there is no record to confirm.")
            stored = next((r for r in state.reciprocity if r.member_id == member_id), None)
            before = stored or Reciprocity(member_id=member_id)
            after = revise(before, confirmed_by=self.actor.id, confirmed_at=datetime.now().astimezone())
            tx.put(after)
            self._audit(
                tx, "confirmed a recognition record", member.name,
                _recognition_part(stored), _recognition_part(after), about=after,
            )
        return after

    # Files -----------------------------------------------------------------------------------------

    def payment_lines(self) -> list[PaymentLine]:
        """The rows of payments.csv: every panel member with a written offer, by name."""
        book = self.reciprocity_book()
        return [
            PaymentLine(
                name=line.name,
                group=line.group,
                choice=line.kept.choice.value,
                minutes=line.time.total,
                rate_pence=line.kept.rate_pence,
                rate_per=line.kept.rate_per.value,
                due_pence=line.due_pence,
                paid_as=line.paid_as,
                charity=line.kept.charity if line.kept.choice is Choice.CHARITY else "",
                expenses_pence=line.expenses_pence,
                not_receipted=tuple(UnreceiptedLine(e.what, e.amount_pence) for e in line.not_receipted),
                status=line.kept.payment_status.value,
                paid_on=line.kept.paid_on,
            )
            for line in book.lines
            if line.has_offer
        ]

    def export_payments(self, folder: str | Path | None = None) -> PaymentsWritten:
        """Write payments.csv for finance (readable by its owner only), replacing the last one, and record it.

        Into `folder`, else the session's export folder (`default_export_folder`,
        made with its `.gitignore` as an export makes it). Written with no lock
        held; the export is then recorded in one short change.
        """
        self._require(Right.KEEP_RECIPROCITY)
        lines = self.payment_lines()
        if not lines:
            raise NotAllowed("No panel member has a written offer yet, so there is nothing for finance. Record an offer first.")
        out = Path(folder).expanduser() if folder is not None else default_export_folder(self.path)
        exports = exports_dir(self.path)
        if out.resolve().is_relative_to(exports.resolve()):
            make_exports_folder(exports)
        written = write_outputs(out, [Output(PAYMENTS_FILE, render_payments(lines))], force=True)
        path = written.files[0]
        missing = sum(len(line.not_receipted) for line in lines)
        with self._change() as tx:
            self._audit(tx, EXPORTED_PAYMENTS, PAYMENTS_FILE, None, {"file": path.name, "folder": str(out), "rows": len(lines)})
        return PaymentsWritten(path, len(lines), missing)

    def print_recognition(self, member_id: str, folder: str | Path | None = None) -> Path:
        """Write one person's recognition record as a page to print, replacing the last copy; returns where it went."""
        record = self.recognition_record(member_id)
        out = Path(folder).expanduser() if folder is not None else default_export_folder(self.path)
        exports = exports_dir(self.path)
        if out.resolve().is_relative_to(exports.resolve()):
            make_exports_folder(exports)
        written = write_outputs(out, [Output(record_file_name(record), render_recognition(record).encode())], force=True)
        return written.files[0]


def _expense(kept: Reciprocity, expense_id: str) -> Expense:
    for line in kept.expenses:
        if line.id == expense_id:
            return line
    raise InvalidValue("That expenses line is not there any more. Nothing was changed.")


def _recognition_part(kept: Reciprocity | None) -> dict[str, object] | None:
    """What a confirmation's audit event keeps: who confirmed and when, never money (the chair's trail may show it)."""
    if kept is None:
        return None
    return {"member_id": kept.member_id, "confirmed_by": kept.confirmed_by,
            "confirmed_at": kept.confirmed_at.isoformat() if kept.confirmed_at else None}


def _months(start: datetime, end: datetime) -> str:
    first, last = start.astimezone(), end.astimezone()
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    if first.year == last.year:
        return f"{first:%B} to {last:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


__all__ = [
    "EXPORTED_PAYMENTS",
    "KEEP",
    "PAID_CHOICES",
    "PaymentsWritten",
    "ReciprocityBook",
    "ReciprocityLine",
]
