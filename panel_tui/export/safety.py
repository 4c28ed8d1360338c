"""Cells that are safe to open in a spreadsheet: the OWASP rule for CSV injection.

A spreadsheet treats a cell that starts with ``=``, ``+``, ``-`` or ``@`` as
a formula, and a tab or carriage return at the start can smuggle one past a
check; a formula can run commands or send data away when HR opens the file.
Every text cell of a CSV or Excel export that starts with one of these gets a
single quote in front, so it is shown as the text that was typed. The
full-width forms (＝ ＋ － ＠) are treated the same, as some spreadsheets read
them as the plain ones. Numbers are written as numbers and never changed.
"""

from __future__ import annotations

from typing import TypeVar

DANGEROUS_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""The first characters that make a spreadsheet read a cell as a formula."""

T = TypeVar("T")


def neutralise(value: T) -> T:
    """A text cell as typed, with a leading quote if a spreadsheet would run it."""
    if isinstance(value, str) and value and value[0] in DANGEROUS_STARTS:
        return "'" + value  # type: ignore[return-value]
    return value


def is_neutral(value: object) -> bool:
    """True when a cell cannot start a formula (for tests and checks)."""
    return not (isinstance(value, str) and value and value[0] in DANGEROUS_STARTS)
