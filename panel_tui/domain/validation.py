"""Turn pydantic's errors into one plain sentence for a panel member.

pydantic's own messages ("String should have at least 1 character",
"Value error, ...") are written for programmers. Screens and the CLI show
`plain_message(error)` instead.
"""

from __future__ import annotations

from pydantic import ValidationError

from .text import one_line

FIELD_NAMES: dict[str, str] = {
    "name": "The name",
    "vacancy": "The vacancy",
    "code": "The candidate code",
    "text": "The question",
    "plain_text": "The plain-words version",
    "easy_read": "The Easy Read version",
    "reason": "The reason",
    "labels": "Each scale label",
    "low": "The bottom of the scale",
    "high": "The top of the scale",
    "divergence_threshold": "The disagreement threshold",
    "group_labels": "Each group label",
    "group": "The group",
    "role": "The role",
    "retention_until": "The date to keep details until",
    "retention_months": "The number of months to keep details",
    "legal_hold": "The legal hold's reason",
    "extra_minutes": "The extra time (minutes)",
    "breaks": "The breaks",
    "anything_else": "Anything else",
    "format": "The way of taking part",
    "wording": "The question words",
    "auto_advance": "Moving on after a score",
    "timer": "The timer",
}


def _field(loc: tuple[int | str, ...]) -> str:
    for part in loc:
        if isinstance(part, str) and part in FIELD_NAMES:
            return FIELD_NAMES[part]
    named = [p for p in loc if isinstance(p, str)]
    return f"The {one_line(named[0]).replace('_', ' ')}" if named else "This value"


def plain_message(error: ValidationError) -> str:
    """The first problem, in words; one at a time is easier to act on."""
    first = error.errors()[0]
    kind = first["type"]
    what = _field(first["loc"])
    if kind == "value_error":
        message = str(first["ctx"]["error"]) if "ctx" in first else first["msg"]
        if what == "This value" or not first["loc"]:
            return message[:1].upper() + message[1:] + "."
        return f"{what} {message}."
    if kind == "missing":
        return f"{what} is needed."
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{what} must be a whole number."
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        limits = first.get("ctx", {})
        bound = next(iter(limits.values()), "")
        word = "at least" if kind.startswith("greater") else "at most"
        return f"{what} must be {word} {bound}."
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type"}:
        return f"{what} must be a date written like 2027-06-30."
    if kind == "enum":
        return f"{what} must be one of: {first['ctx']['expected']}."
    return f"{what} is not valid."
