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

from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from .models import Model, RequiredText, Text, new_id


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
