"""Reciprocity: what the round offers each panel member for their time, what they chose, and what was paid.

Kept by HR; only HR and that panel member see it (`services.rights`).
UK practice (NIHR payment guidance, SCIE): the offer is made in writing
beforehand; a person may accept, decline, take less, have it paid to a
charity, or take vouchers (which count as income, like cash); receipted
expenses are not income. The organisation records only the date independent
benefits advice was offered, never which benefit a person receives.

Money is whole pence, so totals never drift. Fields that only matter for one
choice (a lower amount, a charity) are models' plain data; the services
decide what each choice needs, so a record read back from a file always loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import Field

from .errors import InvalidValue
from .models import AuditEvent, Model, RequiredText, Text, new_id

if TYPE_CHECKING:
    from .state import SessionState  # the state imports this module: the type is only named here


class RatePer(StrEnum):
    HOUR = "hour"
    SESSION = "session"


class Choice(StrEnum):
    """What the panel member chose to do with the offer."""

    NOT_ASKED = "not asked yet"
    ACCEPT = "accept"
    DECLINE = "decline"
    LOWER = "a lower amount"
    CHARITY = "paid to a charity"
    VOUCHERS = "vouchers"


class PaymentStatus(StrEnum):
    NOT_DUE = "not due"
    TO_PAY = "to pay"
    PAID = "paid"


class Expense(Model):
    """One expenses line: what it was for, how much, whether the receipt was seen."""

    id: str = Field(default_factory=new_id)
    what: RequiredText
    amount_pence: int = Field(ge=0)
    receipt_seen: bool = False


class TimeGiven(Model):
    """Minutes given, by part of the round; None means "as the session's own timestamps show"."""

    preparation_minutes: int | None = Field(default=None, ge=0)
    interview_minutes: int | None = Field(default=None, ge=0)
    agreement_minutes: int | None = Field(default=None, ge=0)


class Reciprocity(Model):
    """One panel member's offer, choice, time, expenses and payment for this round."""

    member_id: str
    rate_pence: int = Field(default=0, ge=0)
    rate_per: RatePer = RatePer.HOUR
    expected_minutes: int = Field(default=0, ge=0)
    expenses_covered: Text = ""
    """The written offer's words on expenses (for example "travel and lunch, with receipts")."""
    offered_on: date | None = None
    """When the written offer was given: it is made beforehand."""
    choice: Choice = Choice.NOT_ASKED
    lower_amount_pence: int | None = Field(default=None, ge=0)
    """The amount they chose, when they chose a lower amount."""
    charity: Text = ""
    """The charity to pay, when they chose that."""
    time: TimeGiven = Field(default_factory=TimeGiven)
    expenses: list[Expense] = Field(default_factory=list)
    payment_status: PaymentStatus = PaymentStatus.NOT_DUE
    paid_on: date | None = None
    advice_offered_on: date | None = None
    """The date independent benefits advice was offered. Never the kind of benefit."""
    confirmed_by: str | None = None
    """The chair (a panel member id) who confirmed the recognition record."""
    confirmed_at: datetime | None = None

    @property
    def id(self) -> str:
        return self.member_id


# Pure rules: money, time and dates as people type them; what is due ----------------------------------------

MAX_PENCE = 10_000_000
"""£100,000: far above any payment for a round, so a slip of the keys (an extra 0s) is caught."""
MAX_MINUTES = 100 * 60
"""100 hours in one part of a round: more is a typing slip."""

_MONEY = re.compile(r"^£?\s*(?P<pounds>\d{1,3}(?:,\d{3})+|\d*)(?:\.(?P<pence>\d*))?$")
_PENCE_ONLY = re.compile(r"^(?P<pence>\d{1,7})\s*p$")
MONEY_EXAMPLE = "Write an amount like 12.50, £12.50 or 12."


def parse_money(text: str) -> int:
    """Whole pence from what a person types: "£12.50", "12.5", "12", "1,250.00" or "50p".

    Refused with a plain message (`InvalidValue`): nothing typed, a minus
    sign, more than two numbers after the point ("12.345"), letters, or more
    than £100,000.
    """
    typed = text.strip().replace(" ", "")
    if not typed:
        raise InvalidValue(f"Type an amount. {MONEY_EXAMPLE}")
    if typed.startswith(("-", "−", "£-", "£−")):
        raise InvalidValue("An amount cannot be less than nothing. Nothing was changed.")
    pence_only = _PENCE_ONLY.match(typed.lower())
    if pence_only:
        return _in_range(int(pence_only["pence"]))
    found = _MONEY.match(typed)
    if not found or not (found["pounds"] or found["pence"]):
        raise InvalidValue(f"{typed[:20]!r} is not an amount of money. {MONEY_EXAMPLE}")
    pence_text = found["pence"]
    if pence_text is not None and len(pence_text) > 2:
        raise InvalidValue(f"Money has at most 2 numbers after the point. {MONEY_EXAMPLE}")
    if pence_text == "" and not found["pounds"]:
        raise InvalidValue(f"{typed[:20]!r} is not an amount of money. {MONEY_EXAMPLE}")
    pounds = int(found["pounds"].replace(",", "") or "0")
    pence = int((pence_text or "0").ljust(2, "0"))
    return _in_range(pounds * 100 + pence)


def _in_range(pence: int) -> int:
    if pence > MAX_PENCE:
        raise InvalidValue(f"That is more than {pounds(MAX_PENCE)}. Check the amount. Nothing was changed.")
    return pence


def money(pence: int) -> str:
    """"12.50": pence as pounds, for a spreadsheet (no £ sign, no commas)."""
    return f"{pence // 100}.{pence % 100:02d}"


def pounds(pence: int) -> str:
    """"£1,212.50": pence as pounds, for people."""
    return f"£{pence // 100:,}.{pence % 100:02d}"


_CLOCK = re.compile(r"^(?P<hours>\d{1,3}):(?P<minutes>[0-5]\d)$")
_SPOKEN = re.compile(
    r"^(?:(?P<hours>\d{1,3}(?:\.\d{1,2})?)\s*h(?:ours?|rs?)?)?\s*(?:(?P<minutes>\d{1,4})\s*m(?:ins?|inutes?)?)?$"
)
TIME_EXAMPLE = "Write the time in minutes (90), as hours and minutes (1:30), or like 1h 30m."


def parse_minutes(text: str) -> int | None:
    """Minutes from what a person types: "90", "1:30", "1h 30m", "2h", "1.5h"; blank means None (as measured)."""
    typed = text.strip().lower()
    if not typed:
        return None
    if typed.startswith(("-", "−")):
        raise InvalidValue("Time given cannot be less than nothing. Nothing was changed.")
    if typed.isdigit():
        minutes = int(typed)
    elif clock := _CLOCK.match(typed):
        minutes = int(clock["hours"]) * 60 + int(clock["minutes"])
    elif (spoken := _SPOKEN.match(typed)) and (spoken["hours"] or spoken["minutes"]):
        minutes = round(float(spoken["hours"] or 0) * 60) + int(spoken["minutes"] or 0)
    else:
        raise InvalidValue(f"{text.strip()[:20]!r} is not a length of time. {TIME_EXAMPLE}")
    if minutes > MAX_MINUTES:
        raise InvalidValue(f"That is more than {MAX_MINUTES // 60} hours. Check the time. Nothing was changed.")
    return minutes


def minutes_in_words(minutes: int) -> str:
    """"1 hour 30 minutes", "45 minutes", "2 hours", "none"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'' if hours == 1 else 's'}")
    if rest:
        parts.append(f"{rest} minute{'' if rest == 1 else 's'}")
    return " ".join(parts) or "none"


def hours(minutes: int) -> str:
    """"1.50": minutes as hours, for a spreadsheet."""
    return f"{minutes / 60:.2f}"


DATE_EXAMPLE = "Write the date like 30/06/2027 or 2027-06-30."
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y")


def parse_day(text: str) -> date | None:
    """A date from "2027-06-30", "30/06/2027" (day first, as in the UK) or "30 June 2027"; blank means None."""
    typed = " ".join(text.split())
    if not typed:
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(typed, pattern).date()
        except ValueError:
            continue
    raise InvalidValue(f"{typed[:20]!r} is not a date I can read. {DATE_EXAMPLE}")


def day_in_words(day: date) -> str:
    """"30 June 2027"."""
    return f"{day.day} {day:%B %Y}"


# What is due ---------------------------------------------------------------------------------------------

PAID_CHOICES = frozenset({Choice.ACCEPT, Choice.LOWER, Choice.CHARITY, Choice.VOUCHERS})
"""Choices under which something is paid (to the person, as vouchers, or to a charity)."""


def has_offer(kept: Reciprocity) -> bool:
    """Whether a written offer has been recorded (a rate, or the date it was given)."""
    return kept.rate_pence > 0 or kept.offered_on is not None


def offer_value(kept: Reciprocity) -> int:
    """The offer as written, in pence: the rate for a session, or the rate for the expected hours."""
    if kept.rate_per is RatePer.SESSION:
        return kept.rate_pence
    return _pro_rata(kept.rate_pence, kept.expected_minutes)


def earned(kept: Reciprocity, minutes: int) -> int:
    """What the time given is worth at the offer's rate: per session, the rate; per hour, pro rata to the penny."""
    if kept.rate_per is RatePer.SESSION:
        return kept.rate_pence
    return _pro_rata(kept.rate_pence, minutes)


def _pro_rata(rate_pence: int, minutes: int) -> int:
    """rate x minutes / 60, rounded to the nearest penny (a half penny up), in whole numbers: nothing drifts."""
    return (rate_pence * minutes * 2 + 60) // 120


def amount_due(kept: Reciprocity, minutes: int) -> int:
    """What is due for the time given, after the person's choice.

    Nothing until they have chosen, nothing when they declined; the lower
    amount they chose, but never more than the time given is worth; else
    what the time is worth (paid to them, as vouchers, or to their charity).
    """
    if kept.choice not in PAID_CHOICES:
        return 0
    worth = earned(kept, minutes)
    if kept.choice is Choice.LOWER:
        return min(kept.lower_amount_pence or 0, worth)
    return worth


def receipted_expenses(kept: Reciprocity) -> int:
    """Expenses with the receipt seen, in pence: only these are paid as expenses (they are not income)."""
    return sum(e.amount_pence for e in kept.expenses if e.receipt_seen)


def unreceipted(kept: Reciprocity) -> list[Expense]:
    """Expenses lines whose receipt has not been seen: listed, not paid as expenses until it is."""
    return [e for e in kept.expenses if not e.receipt_seen]


def check_choice(kept: Reciprocity, choice: Choice, lower_pence: int | None, charity: str) -> None:
    """What each choice needs: a lower amount below the offer, a charity's name. Raises `InvalidValue`."""
    if choice is Choice.LOWER:
        if lower_pence is None:
            raise InvalidValue("Type the lower amount they chose. Nothing was changed.")
        offer = offer_value(kept)
        if lower_pence >= offer and offer > 0:
            raise InvalidValue(
                f"A lower amount must be less than the offer of {pounds(offer)}. Nothing was changed."
            )
        if offer == 0:
            raise InvalidValue("Record the written offer first, then the lower amount. Nothing was changed.")
    if choice is Choice.CHARITY and not charity.strip():
        raise InvalidValue("Type the name of the charity to pay. Nothing was changed.")


@dataclass(frozen=True)
class Totals:
    """Sums over the panel, in pence: what finance needs to know at a glance."""

    due: int = 0
    """Everything due for time given (to people, as vouchers and to charities)."""
    to_charity: int = 0
    as_vouchers: int = 0
    expenses: int = 0
    """Receipted expenses only."""
    not_receipted: int = 0
    """Expenses lines whose receipt has not been seen (not in `expenses`)."""
    paid: int = 0
    """Due and expenses of the people marked paid."""


def totals(lines: Iterable[tuple[Reciprocity, int]]) -> Totals:
    """Totals over (record, minutes given) pairs."""
    due = charity = vouchers = expenses = missing = paid = 0
    for kept, minutes in lines:
        owed = amount_due(kept, minutes)
        receipted = receipted_expenses(kept)
        due += owed
        charity += owed if kept.choice is Choice.CHARITY else 0
        vouchers += owed if kept.choice is Choice.VOUCHERS else 0
        expenses += receipted
        missing += sum(e.amount_pence for e in unreceipted(kept))
        paid += owed + receipted if kept.payment_status is PaymentStatus.PAID else 0
    return Totals(due, charity, vouchers, expenses, missing, paid)


# Time given, from the session's own timestamps ------------------------------------------------------------

WRITING_ACTIONS = (
    "proposed question", "improved question", "commented on question", "supported question",
    "took back support for question",
)
"""Audit actions that are a panel member working on the questions (preparation)."""
SITTING_GAP = timedelta(minutes=30)
"""Question work less than this far apart is one sitting."""
SITTING_LEAD = timedelta(minutes=15)
"""Added to each sitting: reading and thinking before the first thing saved."""
LONGEST_INTERVIEW = timedelta(hours=2)
"""A score sheet open longer than this was left open: it counts as this long."""
SHORTEST_INTERVIEW = timedelta(minutes=45)
"""Every interview sat counts at least this long: a sheet filled in quickly after it, or typed in from
paper (whose times are when it was typed, not the interview), still means an interview sat."""
LONGEST_AGREEMENT = timedelta(hours=2)
"""Agreement for one candidate open longer than this was left open: it counts as this long."""

TIME_RULE = (
    "Preparation: the person's work on the questions (proposing, improving, commenting, supporting), "
    "from the audit trail; work less than 30 minutes apart is one sitting; each sitting counts from its "
    "first to its last change, plus 15 minutes. Interviews: each score sheet they submitted, from when it "
    "was started to when it was submitted, at least 45 minutes and at most 2 hours; a paper sheet counts "
    "45 minutes. Agreement: "
    "for each candidate they scored, from when the chair opened agreement to when it was signed off, at "
    "most 2 hours (not counted until signed off). Times that overlap count once."
)
"""The pre-fill rule in words, for HR's screen and the README."""

Span = tuple[datetime, datetime]


def _merged_minutes(spans: Iterable[Span]) -> int:
    """Minutes covered by the spans, overlaps counted once."""
    total = timedelta()
    end: datetime | None = None
    start: datetime | None = None
    for s, e in sorted(spans):
        if end is None or s > end:
            if start is not None and end is not None:
                total += end - start
            start, end = s, e
        elif e > end:
            end = e
    if start is not None and end is not None:
        total += end - start
    return int(total.total_seconds() // 60)


def _capped(start: datetime, end: datetime, longest: timedelta) -> Span:
    end = max(start, end)
    return start, min(end, start + longest)


def _sittings(moments: list[datetime]) -> list[Span]:
    spans: list[Span] = []
    for moment in sorted(moments):
        if spans and moment - spans[-1][1] < SITTING_GAP:
            spans[-1] = (spans[-1][0], moment)
        else:
            spans.append((moment, moment))
    return [(s - SITTING_LEAD, e) for s, e in spans]


def measured_time(state: SessionState, events: Sequence[AuditEvent], member_id: str) -> TimeGiven:
    """Minutes given in each part of the round, as the session's own timestamps show (`TIME_RULE`)."""
    writing = [e.at for e in events if e.actor_id == member_id and e.action in WRITING_ACTIONS]
    interviews: list[Span] = []
    scored: set[str] = set()
    for sheet in state.sheets:
        if sheet.member_id != member_id or sheet.submitted_at is None:
            continue
        scored.add(sheet.candidate_id)
        open_for = SHORTEST_INTERVIEW if sheet.entered_by is not None else sheet.submitted_at - sheet.created_at
        open_for = min(max(open_for, SHORTEST_INTERVIEW), LONGEST_INTERVIEW)
        interviews.append((sheet.submitted_at - open_for, sheet.submitted_at))  # ends when the sheet was submitted
    agreement = [
        _capped(r.opened_at, r.signed_off_at, LONGEST_AGREEMENT)
        for r in state.reconciliations
        if r.candidate_id in scored and r.signed_off_at is not None
    ]
    return TimeGiven(
        preparation_minutes=_merged_minutes(_sittings(writing)),
        interview_minutes=_merged_minutes(interviews),
        agreement_minutes=_merged_minutes(agreement),
    )


PARTS: tuple[tuple[str, str], ...] = (
    ("preparation_minutes", "Preparation"),
    ("interview_minutes", "Interviews"),
    ("agreement_minutes", "Agreeing scores"),
)
"""TimeGiven's fields and what people call them."""


@dataclass(frozen=True)
class PartTime:
    field: str
    label: str
    minutes: int
    measured: bool
    """True when taken from the session's timestamps; False when HR typed it."""


@dataclass(frozen=True)
class Spent:
    """Time given in each part: HR's figure where they typed one, else what the timestamps show."""

    parts: tuple[PartTime, ...]

    @property
    def total(self) -> int:
        return sum(p.minutes for p in self.parts)

    def minutes(self, field: str) -> int:
        return next(p.minutes for p in self.parts if p.field == field)


def time_given(typed: TimeGiven, measured: TimeGiven) -> Spent:
    """Each part: what HR typed, or, where they typed nothing, what was measured."""
    parts = []
    for field, label in PARTS:
        value = getattr(typed, field)
        parts.append(PartTime(field, label, value if value is not None else getattr(measured, field) or 0, value is None))
    return Spent(tuple(parts))
