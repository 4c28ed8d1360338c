"""Reading written applications from a CSV file: one row per applicant.

The first row that is not blank holds the headings. A heading is recognised,
in any letter case and with spaces, dashes or underscores alike:

- the applicant's name: "Name", "Full name", "Applicant", "Applicant name",
  "Your name", or "First name" with "Last name" / "Surname" (joined);
- their contact details: "Email", "Phone", "Mobile", "Telephone" ...;
- other identifying details, kept apart with the name and never sifted:
  "Address", "Postcode", "Date of birth", "Pronouns", "Reference" ... (see
  `IDENTIFYING`);
- every other heading is a question of the application form, and its text
  becomes a sift question.

The whole file is refused, with one plain sentence naming the row and the
column of the first problem, when anything is wrong: nothing is half
imported. Rows are counted as a spreadsheet shows them (the headings are row
1, a blank line is a row), so the person can find the row in their
spreadsheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .errors import PanelError

MAX_NAME = 200
"""Characters in a name or a contact detail."""
MAX_ANSWER = 20_000
"""Characters in one answer: about 3,000 words, more than any application form asks."""
MAX_HEADING = 1_000
MAX_APPLICANTS = 2_000
MAX_COLUMNS = 60

NAME_HEADINGS = frozenset({"name", "full name", "applicant", "applicant name", "your name", "candidate name", "candidate"})
FIRST_NAME_HEADINGS = frozenset({"first name", "forename", "given name", "first names", "forenames"})
LAST_NAME_HEADINGS = frozenset({"last name", "surname", "family name"})
EMAIL_HEADINGS = frozenset({"email", "e mail", "email address", "e mail address", "your email", "contact email"})
PHONE_HEADINGS = frozenset(
    {"phone", "telephone", "mobile", "phone number", "telephone number", "mobile number", "tel", "contact number", "your phone"}
)
IDENTIFYING = frozenset(
    {
        "address", "home address", "postcode", "post code", "town", "city", "date of birth", "dob", "age",
        "gender", "pronouns", "title", "reference", "ref", "id", "applicant id", "applicant number",
        "linkedin", "website", "nationality", "ethnicity", "disability", "religion", "sexuality",
        "referee", "referees", "reference name", "employer", "current employer", "national insurance number",
        "ni number", "right to work", "submitted", "submitted at", "timestamp", "date",
    }
)
"""Headings of other identifying details: kept with the name, never shown while sifting."""


class ApplicationsFileProblem(PanelError):
    """The CSV file cannot be imported; the message names the row and column of the first problem."""


@dataclass(frozen=True)
class ParsedApplicant:
    row: int
    """The row in the file as a spreadsheet numbers it (the headings are row 1)."""
    name: str
    email: str = ""
    phone: str = ""
    other_details: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    """Question (the column's heading) -> answer."""


@dataclass(frozen=True)
class ParsedApplications:
    questions: list[str]
    """The answer columns' headings, in the file's order."""
    applicants: list[ParsedApplicant]


def heading_key(heading: str) -> str:
    """How a heading is recognised: letter case, spaces, dashes, underscores and a closing colon do not matter."""
    return " ".join(re.sub(r"[-_:*?]", " ", heading.casefold()).split())


def _column(index: int, heading: str) -> str:
    shown = heading if len(heading) <= 40 else heading[:37] + "..."
    return f'column {index + 1} ("{shown}")' if shown else f"column {index + 1}"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ApplicationsFileProblem(
            f"The file is not saved as UTF-8 text (a problem at byte {error.start + 1}). "
            'In your spreadsheet, save it again as "CSV UTF-8" and import that file.'
        ) from None


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    row = 0
    try:
        for record in reader:
            row += 1
            yield row, record
    except csv.Error as error:
        message = str(error)
        if "field larger than field limit" in message:
            raise ApplicationsFileProblem(
                f"Row {row + 1} has a cell longer than {MAX_ANSWER:,} characters. Shorten it and import the file again."
            ) from None
        if "NUL" in message:
            raise ApplicationsFileProblem(
                f"Row {row + 1} holds a character that is not text. Save the file again as CSV from a spreadsheet."
            ) from None
        raise ApplicationsFileProblem(
            f"Row {row + 1} cannot be read: a quote mark (\") is not closed or is in the wrong place. "
            "Check that row in a spreadsheet and save the file again as CSV."
        ) from None


def _delimiter(text: str) -> str:
    """A comma, unless the heading row plainly uses semicolons or tabs (as some spreadsheets save CSV)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," not in first:
        for other in (";", "\t"):
            if other in first:
                return other
    return ","


@dataclass(frozen=True)
class _Columns:
    name: int | None
    first: int | None
    last: int | None
    email: int | None
    phone: int | None
    other: dict[int, str]
    answers: dict[int, str]


def _columns(headings: list[str], row: int) -> _Columns:
    if len(headings) > MAX_COLUMNS:
        raise ApplicationsFileProblem(f"Row {row} has {len(headings)} headings; a file may have at most {MAX_COLUMNS} columns.")
    seen: dict[str, int] = {}
    roles: dict[str, int] = {}
    other: dict[int, str] = {}
    answers: dict[int, str] = {}
    for index, heading in enumerate(headings):
        if len(heading) > MAX_HEADING:
            raise ApplicationsFileProblem(
                f"The heading of column {index + 1} is longer than {MAX_HEADING:,} characters. Shorten it."
            )
        key = heading_key(heading)
        if not key:
            continue  # an empty heading: its cells must be empty too (checked row by row)
        if key in seen:
            raise ApplicationsFileProblem(
                f"Two columns have the same heading: {_column(seen[key], headings[seen[key]])} and "
                f"{_column(index, heading)}. Give each column its own heading."
            )
        seen[key] = index
        for role, known in (
            ("name", NAME_HEADINGS), ("first", FIRST_NAME_HEADINGS), ("last", LAST_NAME_HEADINGS),
            ("email", EMAIL_HEADINGS), ("phone", PHONE_HEADINGS),
        ):
            if key in known and role not in roles:
                roles[role] = index
                break
        else:
            if key in IDENTIFYING or key in NAME_HEADINGS | FIRST_NAME_HEADINGS | LAST_NAME_HEADINGS | EMAIL_HEADINGS | PHONE_HEADINGS:
                other[index] = heading
            else:
                answers[index] = heading
    if "name" in roles:  # a whole name given: first and last names are kept as other details
        for role in ("first", "last"):
            if role in roles:
                index = roles.pop(role)
                other[index] = headings[index]
    columns = _Columns(
        roles.get("name"), roles.get("first"), roles.get("last"), roles.get("email"), roles.get("phone"), other, answers
    )
    if columns.name is None and columns.first is None:
        raise ApplicationsFileProblem(
            f'Row {row} (the headings) has no name column. Give the column of applicants\' names the heading "Name".'
        )
    if not answers:
        raise ApplicationsFileProblem(
            f"Row {row} (the headings) has no answer columns: only names and contact details. "
            "Each question of the application form needs its own column, with the question as its heading."
        )
    return columns


def _cell(record: list[str], index: int | None) -> str:
    if index is None or index >= len(record):
        return ""
    return record[index].replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_applications(data: bytes | str) -> ParsedApplications:
    """The applicants in a CSV file, or `ApplicationsFileProblem` naming the first problem."""
    text = _decode(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    if not text.strip():
        raise ApplicationsFileProblem("The file is empty. It needs a row of headings and one row per applicant.")
    headings: list[str] | None = None
    columns: _Columns | None = None
    applicants: list[ParsedApplicant] = []
    for row, record in _records(text, _delimiter(text)):
        if not any(cell.strip() for cell in record):
            continue
        if headings is None or columns is None:
            headings = [cell.strip() for cell in record]
            columns = _columns(headings, row)
            continue
        applicants.append(_applicant(row, record, headings, columns))
        if len(applicants) > MAX_APPLICANTS:
            raise ApplicationsFileProblem(f"The file has more than {MAX_APPLICANTS:,} applicants. Split it into smaller files.")
    if not applicants:
        raise ApplicationsFileProblem("The file has headings but no applicants. Add one row per applicant.")
    assert columns is not None
    return ParsedApplications([columns.answers[i] for i in sorted(columns.answers)], applicants)


def _applicant(row: int, record: list[str], headings: list[str], columns: _Columns) -> ParsedApplicant:
    if len(record) > len(headings):
        extra = next((i for i in range(len(headings), len(record)) if record[i].strip()), None)
        if extra is not None:
            raise ApplicationsFileProblem(
                f"Row {row} has something in column {extra + 1}, which has no heading. "
                "Give the column a heading, or move what is in it."
            )
    for index, heading in enumerate(headings):
        if not heading and _cell(record, index):
            raise ApplicationsFileProblem(
                f"Row {row} has something in column {index + 1}, which has no heading. "
                "Give the column a heading, or move what is in it."
            )
    if columns.name is not None:
        name = _cell(record, columns.name)
    else:
        name = " ".join(part for part in (_cell(record, columns.first), _cell(record, columns.last)) if part)
    name = " ".join(name.split())
    name_column = columns.name if columns.name is not None else columns.first
    assert name_column is not None
    if not name:
        raise ApplicationsFileProblem(f"Row {row} has no name in {_column(name_column, headings[name_column])}. Every applicant needs a name.")
    short = {"name": (name_column, name)}
    for key, column in (("email", columns.email), ("phone", columns.phone)):
        if column is not None:
            short[key] = (column, _cell(record, column))
    for column in columns.other:
        short[f"other{column}"] = (column, _cell(record, column))
    for index, value in short.values():
        if len(value) > MAX_NAME:
            raise ApplicationsFileProblem(
                f"Row {row}, {_column(index, headings[index])} is longer than {MAX_NAME} characters. Shorten it."
            )
    answers: dict[str, str] = {}
    for index, heading in columns.answers.items():
        answer = _cell(record, index)
        if len(answer) > MAX_ANSWER:
            raise ApplicationsFileProblem(
                f"Row {row}, {_column(index, heading)} is longer than {MAX_ANSWER:,} characters. Shorten it."
            )
        answers[heading] = answer
    return ParsedApplicant(
        row=row,
        name=name,
        email=short["email"][1] if "email" in short else "",
        phone=short["phone"][1] if "phone" in short else "",
        other_details={headings[i]: _cell(record, i) for i in columns.other if _cell(record, i)},
        answers=answers,
    )
