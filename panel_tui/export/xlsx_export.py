"""Excel: session.xlsx with sheets Summary, Scores, Agreed, Questions, Panel, Audit and About.

Written with XlsxWriter, imported only when a workbook is made (it is not
needed to start the app). Chosen by measurement: for the 30,000-score
benchmark it wrote the Scores sheet about 2.5x faster than openpyxl's
write-only mode (1.1 s against 2.7 s), and openpyxl stays a test-only
reader. Numbers are stored as numbers and times as Excel times (UTC); the
header row is styled and frozen with the candidate code beside it; columns
get sensible widths and long text wraps. Every text cell goes through
`safety.neutralise`, and text is always written as text (`write_string`), so
nothing a person typed can become a formula or a link.

The same content gives the same bytes: the workbook's created and modified
times (docProps/core.xml) are the session's last change (`ExportView.as_of`),
and XlsxWriter's in-memory mode stamps every zip entry 1 January 1980
(its file-on-disk mode would stamp them with the clock: keep `in_memory`).
"""

from __future__ import annotations

import gc
import io
from datetime import datetime, timedelta
from typing import Any

from .. import __version__
from .files import Output
from .rows import Table, all_tables, utc
from .safety import neutralise
from .view import ExportView

EXCEL_CELL_LIMIT = 32_767
"""Excel's longest text cell; longer text is cut and says so."""
HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F3864", "border": 1, "text_wrap": True, "valign": "top"}
TIME = "yyyy-mm-dd hh:mm:ss"
EXCEL_EPOCH = datetime(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (as XlsxWriter counts it, for every date after February 1900)."""
ONE_DAY = timedelta(days=1)


def _as_of(view: ExportView) -> datetime:
    """The session's last change in UTC: the workbook's "created" time, never the clock."""
    return utc(view.as_of) or view.as_of


def _fit(text: str) -> str:
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    cut = " [cut: longer than Excel allows; see session.json]"
    return text[: EXCEL_CELL_LIMIT - len(cut)] + cut


def _write_table(workbook: Any, table: Table, header: Any, wrap: Any, time: Any, frozen_cols: int) -> None:
    sheet = workbook.add_worksheet(table.name)
    write_string, write_number = sheet.write_string, sheet.write_number
    for col, column in enumerate(table.columns):
        write_string(0, col, neutralise(column.title), header)
        sheet.set_column(col, col, column.width, wrap if column.wrap else None)
    for r, row in enumerate(table.rows, start=1):
        value: Any  # checked by exact type below: isinstance is measurably slower over 30,000 rows
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str:
                if value:
                    write_string(r, c, _fit(neutralise(value)))
            elif kind is int or kind is float:
                write_number(r, c, value)
            elif kind is datetime:
                write_number(r, c, (value - EXCEL_EPOCH) / ONE_DAY, time)
    sheet.freeze_panes(1, frozen_cols)
    if table.rows:
        sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    sheet.set_row(0, 30)


def _about_table(view: ExportView) -> list[tuple[str, str]]:
    session = view.state.session
    rows = [
        ("Vacancy", session.vacancy),
        ("Organisation", session.organisation),
        ("Last change (UTC)", _as_of(view).strftime("%Y-%m-%d %H:%M:%S")),
        ("Scale", f"{session.scale.low} to {session.scale.high}: " + ", ".join(
            f"{p} {session.scale.label(p)}" for p in session.scale.points)),
        ("Panel members", "pseudonyms" if view.options.pseudonymise else "names"),
        ("Candidates", "codes only" if view.options.codes_only else "codes and names"),
        ("Notes", "included" if view.options.notes else "left out"),
        ("Retention until", view.retention.short()),
        *([("Legal hold", view.legal_hold())] if view.retention.on_hold else []),
        ("Made by", f"panel-tui {__version__}"),
    ]
    if view.candidate is not None:
        rows.insert(0, ("Records held about", view.candidate.code))
    rows += [("Left out", sentence) for sentence in view.withheld.sentences()]
    return rows


def render(view: ExportView, prefix: str = "") -> list[Output]:
    import xlsxwriter  # lazily: only exports need it

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    workbook.set_properties(
        {"title": f"Interview panel: {view.state.session.vacancy}", "author": "panel-tui", "created": _as_of(view)}
    )
    header = workbook.add_format(HEADER)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    time = workbook.add_format({"num_format": TIME})
    code_columns = 1 if view.options.codes_only else 2
    for table in all_tables(view):
        frozen = code_columns if table.name in {"Summary", "Scores", "Agreed"} else 1
        _write_table(workbook, table, header, wrap, time, frozen)
    about = workbook.add_worksheet("About")
    about.set_column(0, 0, 22)
    about.set_column(1, 1, 90, wrap)
    for r, (label, value) in enumerate(_about_table(view)):
        about.write_string(r, 0, label, header)
        about.write_string(r, 1, neutralise(value))
    workbook.close()
    payload = buffer.getvalue()
    # XlsxWriter's workbook and sheets refer to each other: free their cell tables now, not at the
    # next collection, so the formats rendered after this one do not stack on ~80 MB of garbage.
    del workbook, about, buffer
    gc.collect()
    return [Output(f"{prefix}session.xlsx", payload)]
