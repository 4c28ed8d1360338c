"""payments.csv: one row per panel member with a written offer, for the finance team.

Built like the other CSV files (`csv_export.table_bytes`): UTF-8 with a
byte-order mark, a header row, and every text cell that a spreadsheet would
run as a formula neutralised (`safety.neutralise`), so a name typed as
``=HYPERLINK(...)`` opens as the text it is. Money is pounds and pence as
text ("12.50"), dates ISO (2027-06-30), time in hours ("1.50").

Only expenses with the receipt seen are counted as expenses (they are not
income); lines without a receipt are listed in their own column and not
added in, so finance can see what is waiting. This module only renders what
the services' read model gives it (`PaymentLine`); who may export it, and
what is due, is decided there and in `domain.reciprocity`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domain.reciprocity import hours, money
from .csv_export import table_bytes
from .rows import Cell, Column, Table

PAYMENTS_FILE = "payments.csv"

COLUMNS = (
    Column("Name", 24),
    Column("Group", 12),
    Column("Choice", 18),
    Column("Hours given", 8),
    Column("Rate", 8),
    Column("Rate per", 8),
    Column("Amount due", 10),
    Column("Paid as", 14),
    Column("Charity", 20),
    Column("Expenses with receipts", 10),
    Column("Expenses without receipts (not paid)", 30, wrap=True),
    Column("Payment status", 10),
    Column("Date paid", 10),
)


@dataclass(frozen=True)
class UnreceiptedLine:
    what: str
    pence: int


@dataclass(frozen=True)
class PaymentLine:
    """One panel member's row, as the services' read model works it out."""

    name: str
    group: str
    choice: str
    minutes: int
    rate_pence: int
    rate_per: str
    due_pence: int
    paid_as: str
    """"money", "vouchers", "to a charity", or "" when nothing is due."""
    charity: str
    expenses_pence: int
    """Receipted expenses only."""
    not_receipted: tuple[UnreceiptedLine, ...]
    status: str
    paid_on: date | None


def _not_receipted(lines: tuple[UnreceiptedLine, ...]) -> str:
    return "; ".join(f"{line.what} {money(line.pence)}" for line in lines)


def payments_table(lines: list[PaymentLine]) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (
            line.name,
            line.group,
            line.choice,
            hours(line.minutes),
            money(line.rate_pence),
            line.rate_per,
            money(line.due_pence),
            line.paid_as,
            line.charity,
            money(line.expenses_pence),
            _not_receipted(line.not_receipted),
            line.status,
            line.paid_on.isoformat() if line.paid_on else "",
        )
        for line in lines
    ]
    return Table("Payments", COLUMNS, rows)


def render_payments(lines: list[PaymentLine]) -> bytes:
    """The file's bytes: the same lines always give the same bytes (no clock in the file)."""
    return table_bytes(payments_table(lines))
