"""CSV: summary.csv, scores.csv and audit.csv, for HR's own tools.

UTF-8 with a byte-order mark, so Excel shows names in any script correctly;
a header row; times in UTC. Every text cell goes through `safety.neutralise`
(the OWASP rule for CSV injection): hostile names and notes open as text,
never as formulas.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from .files import Output
from .rows import Cell, Table, audit_table, scores_table, summary_table
from .safety import DANGEROUS_STARTS, neutralise
from .view import ExportView


def _cell(value: Cell) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return value


def _row(row: tuple[Cell, ...]) -> list[str | int | float]:
    # Text and whole numbers, nearly every cell, are handled inline: a report runs to 500,000 cells.
    return [
        (("'" + v if v and v[0] in DANGEROUS_STARTS else v) if type(v) is str else v if type(v) is int else _cell(v))
        for v in row
    ]


def table_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.headers])
    writer.writerows(map(_row, table.rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render(view: ExportView, prefix: str = "") -> list[Output]:
    return [
        Output(f"{prefix}summary.csv", table_bytes(summary_table(view))),
        Output(f"{prefix}scores.csv", table_bytes(scores_table(view))),
        Output(f"{prefix}audit.csv", table_bytes(audit_table(view))),
    ]
