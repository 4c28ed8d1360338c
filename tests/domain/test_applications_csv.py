"""Reading a CSV of applications: what is recognised, and a plain sentence naming row and column for every problem."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panel_tui.domain.applications_csv import (
    MAX_ANSWER,
    MAX_NAME,
    ApplicationsFileProblem,
    parse_applications,
)


def as_csv(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue()


def problem(data: bytes | str) -> str:
    with pytest.raises(ApplicationsFileProblem) as caught:
        parse_applications(data)
    return str(caught.value)


def test_headings_name_contact_other_details_and_answers() -> None:
    parsed = parse_applications(as_csv([
        ["Full name", "E-mail address", "Mobile", "Postcode", "Why us?", "What would you do?"],
        ["Jo Bloggs", "jo@example.org", "07700 900123", "LS1 1AA", "Because", "Listen"],
    ]))
    assert parsed.questions == ["Why us?", "What would you do?"]
    jo = parsed.applicants[0]
    assert (jo.name, jo.email, jo.phone, jo.other_details) == ("Jo Bloggs", "jo@example.org", "07700 900123", {"Postcode": "LS1 1AA"})
    assert jo.answers == {"Why us?": "Because", "What would you do?": "Listen"}


def test_first_and_last_name_columns_are_joined() -> None:
    parsed = parse_applications(as_csv([["First name", "Surname", "Why?"], ["Jo", "Bloggs", "x"]]))
    assert parsed.applicants[0].name == "Jo Bloggs"


def test_bom_blank_lines_and_quoted_newlines() -> None:
    text = "\ufeffName,Why?\r\n\r\nJo,\"line one\r\nline two\"\r\n\r\n,\r\nSam,ok\r\n"
    parsed = parse_applications(text.encode("utf-8"))
    assert [a.name for a in parsed.applicants] == ["Jo", "Sam"]
    assert parsed.applicants[0].answers["Why?"] == "line one\nline two"
    assert parsed.applicants[0].row == 3 and parsed.applicants[1].row == 6  # rows as a spreadsheet shows them


def test_semicolons_as_some_spreadsheets_save() -> None:
    parsed = parse_applications(as_csv([["Name", "Why?"], ["Jo", "because, I care"]], delimiter=";"))
    assert parsed.applicants[0].answers["Why?"] == "because, I care"


def test_no_name_names_the_row_and_column() -> None:
    message = problem(as_csv([["Name", "Why?"], ["Jo", "x"], ["  ", "y"]]))
    assert "Row 3" in message and 'column 1 ("Name")' in message


def test_duplicate_headings_name_both_columns() -> None:
    message = problem(as_csv([["Name", "Why?", "why? "], ["Jo", "x", "y"]]))
    assert "column 2" in message and "column 3" in message and "same heading" in message


def test_no_name_column_and_no_answer_columns() -> None:
    assert "no name column" in problem(as_csv([["Why?"], ["x"]]))
    assert "no answer columns" in problem(as_csv([["Name", "Email"], ["Jo", "j@x.org"]]))


def test_too_long_cells() -> None:
    message = problem(as_csv([["Name", "Why?"], ["Jo", "x" * (MAX_ANSWER + 1)]]))
    assert "Row 2" in message and 'column 2 ("Why?")' in message and "longer than" in message
    assert "Row 2" in problem(as_csv([["Name", "Why?"], ["J" * (MAX_NAME + 1), "x"]]))
    assert "Row 2" in problem(as_csv([["Name", "Why?"], ["Jo", "x" * 200_000]]))


def test_cells_without_a_heading() -> None:
    assert "column 3, which has no heading" in problem(as_csv([["Name", "Why?"], ["Jo", "x", "stray"]]))
    assert "column 2, which has no heading" in problem(as_csv([["Name", "", "Why?"], ["Jo", "stray", "x"]]))


def test_not_utf8_unclosed_quote_empty_and_headings_only() -> None:
    assert "UTF-8" in problem("Name,Why?\nJos\xe9,x\n".encode("latin-1"))
    assert "Row 2" in problem('Name,Why?\nJo,"never closed\n')
    assert "empty" in problem(b"")
    assert "no applicants" in problem("Name,Why?\n\n")


cell = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=40).map(str.strip)


@given(st.lists(st.tuples(cell.filter(bool), cell, cell), min_size=1, max_size=8))
def test_any_written_csv_reads_back(rows: list[tuple[str, str, str]]) -> None:
    text = as_csv([["Name", "Question one", "Question two"], *[list(r) for r in rows]])
    parsed = parse_applications(text.encode("utf-8"))
    assert [a.name for a in parsed.applicants] == [" ".join(r[0].split()) for r in rows]
    assert [a.answers["Question one"] for a in parsed.applicants] == [r[1].replace("\r", "\n") for r in rows]


@given(st.binary(max_size=300))
def test_any_bytes_give_applicants_or_a_plain_problem(data: bytes) -> None:
    try:
        parse_applications(data)
    except ApplicationsFileProblem as error:
        assert str(error) and "Traceback" not in str(error)
