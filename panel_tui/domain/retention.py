"""How long a round's personal data is kept, and what a purge takes out: the rules, without the file.

The retention date (`retention_of`) is the one answer every screen, export
and command shows, and the one the purge checks:

- a date the chair set by hand (`Session.retention_until`) wins whenever it
  is set, earlier or later than the months would give, and even before any
  outcome is final: the chair chose it on purpose (a vacancy withdrawn, an
  appeal window). Sessions from before the months existed hold only that
  date, and keep working as they did. Clearing it brings the months back;
- otherwise the date is `Session.retention_months` (3 to 12, default 6)
  calendar months after the day of the round's last final outcome (the
  latest time among final outcomes, as a UTC date). Finalising a later
  outcome moves the date later;
- before any outcome is final there is no retention date yet, and nothing
  can be purged.

A legal hold (`Session.legal_hold`, the reason) stops the purge whatever the
date says.

What a purge removes is set out here (`PERSONAL_DETAILS`, and names become
codes), applied by `panel_tui.export.redact.Redactor`, and listed for a dry
run by `planned_removals`: the dry run compares each record before and after
the very change the purge then writes, so it lists exactly what goes.
docs/retention.md says it all for HR.
"""

from __future__ import annotations

from calendar import monthrange
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from .models import Model, Session
from .records import KIND_OF
from .state import SessionState

DEFAULT_MONTHS = 6
MIN_MONTHS = 3
MAX_MONTHS = 12

EXPENSE_DETAILS_REMOVED = "Expense (details removed at the purge)"
"""What an expenses line says it was for after the purge: the amount and the receipt tick stay."""

PERSONAL_DETAILS: dict[str, dict[str, tuple[str, Any]]] = {
    "candidates": {"adjustments": ("adjustments", "")},
    "applicants": {
        "email": ("email address", ""),
        "phone": ("phone number", ""),
        "other_details": ("other identifying details", {}),
    },
    "applications": {"original": ("answers as sent, before redaction", {})},
    "reciprocity": {
        "charity": ("the charity they chose", ""),
        "expenses_covered": ("the offer's words on expenses", ""),
        "advice_offered_on": ("the date benefits advice was offered", None),
    },
    "expenses": {"what": ("what each expense was for", EXPENSE_DETAILS_REMOVED)},
}
"""Kind -> field -> (what it is, in plain words; what it holds after the purge).

Emptied by the purge in the records and in every audit snapshot of that
kind ("expenses" are the lines inside a reciprocity record). Names are not
here: a candidate's or applicant's name becomes their code. Everything else
a person typed (notes, reasons, feedback, letters) stays, with the names in
it replaced by codes. Numbers, dates paid, choices and ticks stay: finance
keeps payment records for six years (docs/retention.md says why each goes
or stays).
"""

NAMED_FIELDS: dict[str, str] = {
    "notes": "a note",
    "reason": "a reason",
    "feedback": "feedback",
    "text": "the text",
    "detail": "the detail of a declared link",
    "dissent_note": "a note of dissent",
    "missing_reasons": "a reason a sheet is missing",
    "comments": "a comment",
    "revisions": "an earlier wording",
    "answers": "an answer",
    "statement": "the confidentiality statement",
    "profile": "a working-with-me profile",
    "guidance": "guidance",
    "anchors": "what a score looks like",
    "easy_read": "the Easy Read words",
    "plain_text": "the plain words",
    "follow_ups": "a follow-up",
    "expenses_covered": "the offer's words on expenses",
    "confidentiality": "the confidentiality statement",
    "panel_difference": "the chair's words on what the panel changed",
    "legal_hold": "the legal hold's reason",
    "organisation": "the organisation's name",
    "entered_by": "who typed in a paper sheet",
}
"""Free-text fields by name, in plain words: a dry run says "their name in a note"."""

KIND_WORDS: dict[str, str] = {
    "session": "Session details",
    "members": "Panel members",
    "candidates": "Candidate record",
    "questions": "Questions",
    "sheets": "Score sheets",
    "agreed": "Agreed scores",
    "outcomes": "Outcomes",
    "conflicts": "Declared links",
    "briefings": "Confidentiality briefings",
    "reconciliations": "Agreement",
    "pin_attempts": "PIN tries",
    "reciprocity": "Reciprocity (time, expenses, payment)",
    "letters": "Feedback letters",
    "applicants": "Applicant record",
    "applications": "Written application",
    "sift_sheets": "Sift sheets",
    "sift_decisions": "Sift decisions",
}


def long_date(day: date) -> str:
    """'2 May 2027': the way a date is written for people."""
    return f"{day.day} {day:%B %Y}"


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later; the month's last day when it is shorter (31 Aug + 6 = 28 Feb)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


@dataclass(frozen=True)
class Retention:
    """The session's retention date as it stands, and why."""

    until: date | None
    """Personal data is kept until the end of this day; a purge may run from the next. None: no date yet."""
    set_by_hand: bool
    """The chair's own date (`Session.retention_until`), used instead of the months."""
    months: int
    last_outcome: date | None
    """The day of the round's last final outcome; None while no outcome is final."""
    legal_hold: str = ""
    """Why the data must be kept (a claim, a complaint); "" when there is no hold."""

    @property
    def on_hold(self) -> bool:
        return bool(self.legal_hold)

    def passed(self, today: date) -> bool:
        """Whether the date has passed, so a purge may go ahead (a hold aside)."""
        return self.until is not None and today > self.until

    def basis(self) -> str:
        """Where the date comes from, in a few words."""
        if self.set_by_hand:
            return "a date set by hand"
        after = "the last final outcome" if self.last_outcome is None else f"the last final outcome ({long_date(self.last_outcome)})"
        return f"{self.months} months after {after}"

    def short(self) -> str:
        """For a report's line 'Retention until': '2 May 2027 (6 months after the last final outcome)'."""
        if self.until is None:
            return f"no date yet: {self.months} months after the last final outcome, and no outcome is final yet"
        how = "set by hand" if self.set_by_hand else f"{self.months} months after the last final outcome"
        return f"{long_date(self.until)} ({how})"

    def sentence(self) -> str:
        """The whole answer in plain words, with the legal hold when there is one."""
        if self.until is None:
            said = (
                "No retention date yet. Personal details will be kept for "
                f"{self.months} months after the round's last final outcome, and no outcome is final yet."
            )
        else:
            said = f"Personal details are kept until {long_date(self.until)}: {self.basis()}."
        if self.on_hold:
            said += f" On legal hold: {self.legal_hold}. Nothing is purged while the hold is on."
        return said


def last_final_outcome(state: SessionState) -> date | None:
    """The day (UTC) of the latest final outcome; None while no outcome is final."""
    times = [o.at for o in state.outcomes if o.final]
    return max(times).astimezone(UTC).date() if times else None


def retention_of(state: SessionState) -> Retention:
    """The effective retention date: the hand date if set, else the months after the last final outcome.

    The one function every screen, export, command and the purge use.
    """
    return retention_for(state.session, last_final_outcome(state))


def retention_for(session: Session, last_outcome: date | None) -> Retention:
    """`retention_of` from the details and the day of the last final outcome (a form shows what is being typed)."""
    if session.retention_until is not None:
        until: date | None = session.retention_until
    else:
        until = add_months(last_outcome, session.retention_months) if last_outcome is not None else None
    return Retention(
        until, session.retention_until is not None, session.retention_months, last_outcome, session.legal_hold
    )


# What a purge would remove ------------------------------------------------------


@dataclass(frozen=True)
class Removal:
    """One value a purge removes (or rewrites to take a name out)."""

    about: str
    """Whose it is: a candidate's or applicant's code, or a panel member's name (reciprocity); "" when unknown."""
    kind: str
    """The kind of record ('sheets'), or 'session' for the details."""
    record: str
    """'kind:id', or 'session'."""
    field: str
    """Where in the record: 'notes.q1', 'expenses[0].what'."""
    what: str
    """In plain words: 'name', 'email address', 'their name in a note'."""


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        found: dict[str, Any] = {}
        for key, item in value.items():
            found.update(_leaves(item, f"{path}.{key}" if path else str(key)))
        return found
    if isinstance(value, list):
        found = {}
        for index, item in enumerate(value):
            found.update(_leaves(item, f"{path}[{index}]"))
        return found
    return {path: value}


def changed_fields(before: Model, after: Model) -> list[tuple[str, Any]]:
    """(path, old value) of every value in `before` that `after` changed or no longer has."""
    old, new = _leaves(before.model_dump(mode="json")), _leaves(after.model_dump(mode="json"))
    return [(path, value) for path, value in old.items() if path not in new or new[path] != value]


def _top(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


def _owner(state: SessionState, kind: str, record: Any) -> str:
    """Whose record it is: a code for candidates and applicants, a name for a panel member's reciprocity."""
    if kind in {"candidates", "applicants"}:
        return str(record.code)
    if kind == "applications":
        return next((a.code for a in state.applicants if a.id == record.applicant_id), "")
    if kind == "reciprocity":
        return next((f"{m.name} (panel member)" for m in state.members if m.id == record.member_id), "")
    candidate_id = getattr(record, "candidate_id", None)
    return next((c.code for c in state.candidates if c.id == candidate_id), "")


def _detail_words(kind: str, path: str) -> str | None:
    top = _top(path)
    if kind in {"candidates", "applicants"} and top == "name":
        return "name"
    if kind == "reciprocity" and top == "expenses" and path.endswith(".what"):
        return PERSONAL_DETAILS["expenses"]["what"][0]
    rule = PERSONAL_DETAILS.get(kind, {}).get(top)
    return rule[0] if rule else None


def planned_removals(
    state: SessionState, after: Iterable[Model], named_in: Callable[[str], Sequence[str]]
) -> list[Removal]:
    """What changing `state`'s records to `after` removes, value by value, and whose it is.

    `after` holds the records (and the session's details) as the purge would
    write them; `named_in` says whose names (codes) a text holds. A personal
    detail (a name, an email, an adjustment) is its record's owner's; any
    other text changed because it named someone is listed under each code it
    named.
    """
    removals: list[Removal] = []
    for new in after:
        if isinstance(new, Session):
            kind, record, old = "session", "session", state.session
        else:
            kind = KIND_OF[type(new)].field
            key = KIND_OF[type(new)].key(new)
            old = next(m for m in getattr(state, kind) if KIND_OF[type(m)].key(m) == key)
            record = f"{kind}:{key}"
        owner = "" if kind == "session" else _owner(state, kind, old)
        for path, value in changed_fields(old, new):
            words = _detail_words(kind, path)
            if words is not None:
                removals.append(Removal(owner, kind, record, path, words))
                continue
            field_words = NAMED_FIELDS.get(_top(path), _top(path).replace("_", " "))
            whose = list(named_in(value)) if isinstance(value, str) else []
            for about in whose or [owner]:
                removals.append(Removal(about, kind, record, path, f"their name in {field_words}"))
    return removals


def removal_lines(removals: Sequence[Removal], order: Sequence[str] = ()) -> list[str]:
    """The removals grouped by whose they are, then by kind: 'C01', '  Score sheets: their name in a note (2)'.

    `order` puts those codes first, in that order (the candidates, then the
    applicants); anyone else follows as first met.
    """
    grouped: dict[str, dict[str, Counter[str]]] = {}
    for removal in removals:
        kinds = grouped.setdefault(removal.about, {})
        kinds.setdefault(removal.kind, Counter())[removal.what] += 1
    rank = {about: i for i, about in enumerate(order)}
    whose = sorted(grouped, key=lambda about: (about == "", rank.get(about, len(rank))))
    lines: list[str] = []
    for about in whose:
        lines.append(f"{about or 'Not about one person'}:")
        for kind, counted in grouped[about].items():
            items = ", ".join(what if n == 1 else f"{what} ({n})" for what, n in counted.items())
            lines.append(f"  {KIND_WORDS.get(kind, kind)}: {items}")
    return lines
