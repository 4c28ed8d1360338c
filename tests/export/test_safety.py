"""Safe to open: formula payloads in names and notes are neutralised in CSV and Excel."""

from __future__ import annotations

import csv
import io

import pytest

from panel_tui.export.safety import DANGEROUS_STARTS, is_neutral, neutralise

from .builders import Round
from .conftest import HOSTILE_CANDIDATES, HOSTILE_MEMBERS, HOSTILE_NOTES, Export, xlsx_cells

PAYLOADS = [*HOSTILE_MEMBERS, *HOSTILE_CANDIDATES, *HOSTILE_NOTES.values()]


@pytest.mark.parametrize("payload", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1", "＋1", "－1", "＠1"])
def test_a_cell_that_would_run_gets_a_leading_quote(payload: str) -> None:
    assert neutralise(payload) == "'" + payload
    assert is_neutral(neutralise(payload))


@pytest.mark.parametrize("value", ["Casey", "", "1+1", " =1 is text", 3, 2.5, None])
def test_ordinary_text_and_numbers_are_left_alone(value: object) -> None:
    assert neutralise(value) == value


def _csv_cells(path) -> list[str]:  # type: ignore[no-untyped-def]
    text = path.read_bytes().decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_no_csv_cell_starts_a_formula_and_every_payload_survives_as_text(hostile: Round, export: Export) -> None:
    out, _ = export(hostile, formats=("csv",))
    cells = [c for name in ("summary.csv", "scores.csv", "audit.csv") for c in _csv_cells(out / name)]
    offending = [c for c in cells if c and c[0] in DANGEROUS_STARTS]
    assert not offending, offending[:5]
    joined = "\n".join(cells)
    for payload in PAYLOADS:
        assert payload in joined, f"{payload!r} should still be readable"
    assert "'" + HOSTILE_CANDIDATES[0] in cells
    assert "'" + HOSTILE_NOTES["chair"] in cells
    assert "'" + HOSTILE_NOTES["ann"] in cells


def test_no_excel_cell_is_a_formula_or_starts_one(hostile: Round, export: Export) -> None:
    from openpyxl import load_workbook

    out, _ = export(hostile, formats=("xlsx",))
    book = load_workbook(out / "session.xlsx")  # not read-only: data_type tells formulas apart
    seen = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    assert is_neutral(cell.value), f"{sheet.title}!{cell.coordinate} = {cell.value!r}"
                    seen.append(cell.value)
    joined = "\n".join(seen)
    for payload in PAYLOADS:
        assert payload.strip() in joined
    summary = xlsx_cells(out / "session.xlsx")["Summary"]
    assert "'" + HOSTILE_CANDIDATES[0] in [row[1] for row in summary]
