"""The question bank file: a TOML format people can read, write and diff.

The format is described for people in questions/README.md. Reading uses the
standard library's tomllib; writing uses tomli-w, laid out one value a line
so a bank changes in a diff only where a question changed. Every problem
with a file becomes one `BankError` naming the file, the line where it can
be found, and the field.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Self

import tomli_w
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError

from ..domain.errors import PanelError
from ..domain.models import Group, RequiredText, Scale, Text
from ..domain.text import one_line
from ..domain.validation import plain_message

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 40
BANK_FIELDS = ("title", "description", "scale", "question")
QUESTION_FIELDS = (
    "id", "text", "plain_text", "easy_read", "guidance", "criterion", "follow_ups", "anchors", "author_groups", "authors",
)
SYNTAX_WORDS = (
    ("Unterminated string", "a text in quotes is not closed"),
    ("Illegal character '\\n'", "a text in quotes is not closed before the end of the line"),
    ("Illegal character", "there is a character that is not allowed there"),
    ("Expected '=' after a key", "a line needs '=' between the name and its value"),
    ("Unclosed array", "a list in [ ] is not closed"),
    ("Unclosed inline table", "a table in { } is not closed"),
    ("Invalid value", "a value is not text in quotes, a number or a list"),
    ("Expected ']]'", "a [[question]] line is not closed"),
    ("Cannot declare", "the same table is started twice"),
    ("Cannot overwrite a value", "a name is given a value twice"),
    ("Expected newline", "there is more on the line after its value"),
)
"""tomllib's messages in plain words, by how they start."""
HEADER = "# A panel-tui question bank. The format is described in panel_tui/starter_banks/README.md.\n"


class BankError(PanelError):
    """A bank file that cannot be used, or an import or export that is refused.

    The message names the file, the line where one is known, and the field.
    """


class BankExists(BankError):
    """Exporting would replace a file that is already there."""


def _slug(value: str) -> str:
    if not isinstance(value, str) or not SLUG.match(value) or len(value) > SLUG_MAX:
        raise ValueError(
            f"must be a short name of small letters, numbers and dashes, at most {SLUG_MAX} characters, like 'listening-well'"
        )
    return value


def _group(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


Slug = Annotated[str, BeforeValidator(_slug)]
BankGroup = Annotated[Group, BeforeValidator(_group)]


class _BankModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BankQuestion(_BankModel):
    """One question as a bank holds it: the words and the authors' groups, names only if chosen."""

    id: Slug
    text: RequiredText
    plain_text: Text = ""
    easy_read: Text = ""
    """The question in Easy Read; optional, so banks written before it existed read unchanged."""
    guidance: list[RequiredText] = Field(default_factory=list)
    criterion: Text = ""
    follow_ups: list[RequiredText] = Field(default_factory=list)
    anchors: dict[int, RequiredText] = Field(default_factory=dict)
    author_groups: list[BankGroup] = Field(default_factory=list)
    authors: list[RequiredText] = Field(default_factory=list)
    """Names, written only when the person exporting chose to include them; never imported."""


class Bank(_BankModel):
    title: RequiredText
    description: Text = ""
    scale: Scale | None = None
    questions: list[BankQuestion]
    _source: str = PrivateAttr(default="")
    _lines: dict[str, int] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> str:
        """Where the bank came from, for messages: a file, or 'the session ...'."""
        return self._source or f"the bank '{self.title}'"

    def where(self, question_id: str) -> str:
        line = self._lines.get(question_id)
        return f"{self.source}, line {line}" if line else self.source

    def from_source(self, source: str, lines: dict[str, int] | None = None) -> Self:
        self._source = source
        self._lines = dict(lines or {})
        return self

    def choose(self, ids: Sequence[str] | None = None) -> list[BankQuestion]:
        """All the questions, or the chosen ones in the bank's order; an unknown id is refused by name."""
        if ids is None:
            return list(self.questions)
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            raise BankError("No questions were chosen, so nothing was imported.")
        known = {q.id for q in self.questions}
        unknown = [i for i in wanted if i not in known]
        if unknown:
            names = ", ".join(f"'{i}'" for i in unknown)
            which = "no question with the id" if len(unknown) == 1 else "no questions with the ids"
            raise BankError(
                f"{self.source} has {which} {names}. Its ids are: {', '.join(q.id for q in self.questions)}. "
                "Nothing was imported."
            )
        return [q for q in self.questions if q.id in wanted]


# Reading ----------------------------------------------------------------------


def load_bank(path: str | Path) -> Bank:
    """Read and check a bank file; any problem raises BankError naming the file, line and field."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise BankError(f"There is no question bank at {path}. Check the name.") from None
    except IsADirectoryError:
        raise BankError(f"{path} is a folder. Give the bank's file, ending in .toml.") from None
    except OSError as error:
        raise BankError(f"{path} cannot be read ({error.strerror}).") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise BankError(f"{path} is not a text file saved as UTF-8, so it cannot be read as a question bank.") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BankError(_syntax_message(path, error)) from None
    except RecursionError:  # tomllib reads nested [ and { by recursion, and does not catch running out
        raise BankError(_unreadable(path, "lists or tables are nested too deeply")) from None
    except ValueError:  # a whole number longer than Python reads (4300 digits), raised past tomllib
        raise BankError(_unreadable(path, "a number is far too long")) from None
    return _bank_from_data(str(path), text, data)


def _unreadable(path: Path, words: str) -> str:
    return (
        f"{path}: this is not written the way a question bank needs: {words}. "
        "Check the brackets and numbers. Nothing was imported."
    )


def _syntax_message(path: Path, error: tomllib.TOMLDecodeError) -> str:
    reason = str(getattr(error, "msg", "") or error)
    line = getattr(error, "lineno", None)
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", reason)
    if found:
        line = line or int(found.group(1))
        reason = reason[: found.start()]
    reason = re.sub(r"\s*\(at end of document\)$", "", reason)
    where = f"{path}, line {line}" if line else str(path)
    words = next((plain for start, plain in SYNTAX_WORDS if reason.startswith(start)), "")
    words = words or reason[:1].lower() + reason[1:]
    return (
        f"{where}: this is not written the way a question bank needs: {words}. "
        "Check the quotes, brackets and '=' signs. Nothing was imported."
    )


def _bank_from_data(source: str, text: str, data: dict[str, Any]) -> Bank:
    locate = _Locator(text)
    unknown = [key for key in data if key not in BANK_FIELDS]
    if unknown:
        raise BankError(
            f"{locate.top(source, unknown[0])}: '{unknown[0]}' is not part of a question bank. "
            f"A bank has: {', '.join(BANK_FIELDS)} (one [[question]] for each question)."
        )
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        problem = "has no 'title'" if title is None else "needs a 'title' in quotes that is not empty"
        raise BankError(f"{locate.top(source, 'title')}: the bank {problem}.")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise BankError(f"{locate.top(source, 'description')}: the 'description' must be text in quotes.")
    scale = None
    if "scale" in data:
        try:
            scale = Scale.model_validate(data["scale"])
        except ValidationError as error:
            raise BankError(f"{locate.top(source, 'scale')}: the 'scale': {plain_message(error)}") from None
    items = data.get("question")
    if not isinstance(items, list) or not items or not all(isinstance(q, dict) for q in items):
        raise BankError(
            f"{source}: the bank has no questions. Start each question with a line [[question]] (two brackets)."
        )
    questions: list[BankQuestion] = []
    seen: dict[str, int] = {}
    lines: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        name = f" ('{one_line(item['id'])}')" if isinstance(item.get("id"), str) else ""
        try:
            question = BankQuestion.model_validate(item)
        except ValidationError as error:
            field, key, words = _explain(error)
            where = locate.question(source, number, field, key)
            joiner = " " if words.startswith("has ") else ": "
            raise BankError(f"{where}: question {number}{name}{joiner}{words}.") from None
        if question.id in seen:
            raise BankError(
                f"{locate.question(source, number, 'id')}: question {number} has the id '{question.id}', "
                f"which question {seen[question.id]} already uses. Each question needs its own id."
            )
        if scale is not None:
            outside = [p for p in question.anchors if p not in scale.points]
            if outside:
                raise BankError(
                    f"{locate.question(source, number, 'anchors', str(outside[0]))}: question {number}{name}: "
                    f"'anchors' has the point {outside[0]}, which is not on this bank's scale "
                    f"({scale.low} to {scale.high})."
                )
        seen[question.id] = number
        lines[question.id] = locate.question_line(number) or 0
        questions.append(question)
    bank = Bank(title=title, description=description, scale=scale, questions=questions)
    return bank.from_source(source, {k: v for k, v in lines.items() if v})


def _explain(error: ValidationError) -> tuple[str, str | None, str]:
    """(field, anchor point or None, the problem in words) for the first error of a question."""
    errors = error.errors()
    first = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])  # a misspelling explains the rest
    loc, kind = first["loc"], first["type"]
    field = str(loc[0]) if loc else ""
    key = str(loc[1]) if field == "anchors" and len(loc) > 1 else None
    if kind == "missing":
        return field, None, f"has no '{field}'"
    if kind == "extra_forbidden":
        return field, None, f"'{field}' is not part of a question. A question can have: {', '.join(QUESTION_FIELDS)}"
    if field == "anchors":
        if loc[-1] == "[key]":
            return field, key, f"'anchors' has the point '{key}', which is not a whole number. Use the scale's points, like 0 or 4"
        if key is not None:
            what = "cannot be empty" if kind == "value_error" else "must be text in quotes"
            return field, key, f"the anchor for {key} {what}"
        return field, None, "'anchors' must be a table of points, like [question.anchors] then 4 = \"...\""
    item = f"item {int(loc[1]) + 1} of '{field}'" if len(loc) > 1 and isinstance(loc[1], int) else f"'{field}'"
    if kind == "value_error":
        return field, None, f"{item} {first['ctx']['error']}"
    if kind == "list_type":
        return field, None, f"'{field}' must be a list, like {field} = [\"...\", \"...\"]"
    if kind == "enum":
        return field, None, f"{item} is '{one_line(str(first['input']))}', which is not a group. The groups are member, volunteer and staff"
    if kind == "string_type":
        return field, None, f"{item} must be text in quotes"
    return field, None, f"{item} is not valid"


class _Locator:
    """Finds the line of a field in the file, for messages; falls back to the file alone."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.headers = [n for n, line in enumerate(self.lines) if re.match(r"^\s*\[\[\s*question\s*\]\]", line)]

    def _find(self, field: str, start: int, end: int) -> int | None:
        pattern = re.compile(rf"^\s*(\[\[?\s*(question\s*\.\s*)?\"?{re.escape(field)}\"?\s*\]|\"?{re.escape(field)}\"?\s*[=.])")
        return next((n for n in range(start, end) if pattern.match(self.lines[n])), None)

    def top(self, source: str, field: str) -> str:
        found = self._find(field, 0, self.headers[0] if self.headers else len(self.lines))
        return f"{source}, line {found + 1}" if found is not None else source

    def question_line(self, number: int) -> int | None:
        return self.headers[number - 1] + 1 if number <= len(self.headers) else None

    def question(self, source: str, number: int, field: str, key: str | None = None) -> str:
        if number > len(self.headers):
            return source
        start = self.headers[number - 1]
        end = self.headers[number] if number < len(self.headers) else len(self.lines)
        found = self._find(field, start + 1, end) if field else None
        if found is not None and key is not None and "{" not in self.lines[found]:
            found = self._find(key, found + 1, end) or found
        return f"{source}, line {(found if found is not None else start) + 1}"


# Writing ----------------------------------------------------------------------


def new_slug(text: str, taken: set[str]) -> str:
    """An id made from a question's criterion or first words, different from those in `taken`."""
    words = re.findall(r"[a-z0-9]+", text.lower())[:5]
    base = "-".join(words)[:SLUG_MAX].strip("-") or "question"
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug, n = f"{base[: SLUG_MAX - len(suffix)].strip('-')}{suffix}", n + 1
    taken.add(slug)
    return slug


def bank_to_toml(bank: Bank) -> str:
    """One value a line, empty fields left out, anchors last in each question."""
    data: dict[str, Any] = {"title": bank.title}
    if bank.description:
        data["description"] = bank.description
    if bank.scale is not None:
        data["scale"] = bank.scale.model_dump()
    data["question"] = [
        {
            key: value
            for key, value in (
                ("id", q.id),
                ("text", q.text),
                ("plain_text", q.plain_text),
                ("easy_read", q.easy_read),
                ("criterion", q.criterion),
                ("guidance", q.guidance),
                ("follow_ups", q.follow_ups),
                ("author_groups", [g.value for g in q.author_groups]),
                ("authors", q.authors),
                ("anchors", {str(point): words for point, words in sorted(q.anchors.items())}),
            )
            if value
        }
        for q in bank.questions
    ]
    return HEADER + "\n" + tomli_w.dumps(data)


