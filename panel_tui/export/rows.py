"""The one row builder every format shares.

Each table here is the same in the CSV files, the Excel workbook and the
printable report, so a figure cannot differ between them. Tables are built
from an `ExportView`, which has already applied the export rules (submitted
sheets only, rule 1, pseudonyms, codes only), so nothing here decides what
may be shown. Cells are plain Python values: text, whole numbers, decimals,
and UTC times without a zone (every time column says "(UTC)").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from ..domain import reconcile
from ..domain.models import (
    ROLE_LABELS,
    Candidate,
    Conflict,
    Outcome,
    QuestionStatus,
    Reconciliation,
)
from .view import ExportView

Cell = str | int | float | datetime | None


@dataclass(frozen=True)
class Column:
    title: str
    width: int = 12
    """Characters, for the spreadsheet's column width."""
    wrap: bool = False
    """Long text: wrapped in the spreadsheet."""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]]

    @property
    def headers(self) -> list[str]:
        return [c.title for c in self.columns]


def utc(moment: datetime | None) -> datetime | None:
    """A stored time as a zone-less UTC time: spreadsheets cannot hold zones."""
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _text(name: str, width: int = 30) -> Column:
    return Column(name, width, wrap=True)


def _candidate_columns(view: ExportView) -> list[Column]:
    columns = [Column("Candidate code", 10)]
    if view.shows_names:
        columns.append(Column("Candidate name", 24))
    return columns


def _candidate_cells(view: ExportView, candidate: Candidate) -> list[Cell]:
    return [candidate.code, candidate.name] if view.shows_names else [candidate.code]


def sign_off_text(record: Reconciliation | None) -> str:
    if record is None:
        return "agreement not opened"
    if record.sign_off is None:
        return "not signed off yet"
    return record.sign_off.value


def dissent_text(view: ExportView, record: Reconciliation | None) -> str:
    if record is None or (not record.dissent and not record.dissent_note):
        return ""
    names = ", ".join(view.person(m) for m in record.dissent)
    if names and record.dissent_note:
        return f"{names}: {record.dissent_note}"
    return names or record.dissent_note


def outcome_cells(outcome: Outcome | None) -> list[Cell]:
    if outcome is None:
        return ["", "", ""]
    return [outcome.decision.value, yes_no(outcome.final), outcome.feedback]


def conflict_text(view: ExportView, conflict: Conflict | None) -> str:
    if conflict is None:
        return ""
    text = f"{conflict.kind.value}: {conflict.relation}"
    return f"{text} ({conflict.detail})" if conflict.detail else text


# The tables ---------------------------------------------------------------

TableBuilder = Callable[[ExportView], Table]


def _once(build: TableBuilder) -> TableBuilder:
    """Each table is built once per export, however many formats use it."""

    @wraps(build)
    def table(view: ExportView) -> Table:
        return view.cached(build.__name__, lambda: build(view))

    return table


def grid(view: ExportView, candidate_id: str) -> list[reconcile.GridRow]:
    """One opened candidate's grid (questions x panel members), built once per export."""
    return view.cached(("grid", candidate_id), lambda: reconcile.grid(view.state, candidate_id))



@_once
def summary_table(view: ExportView) -> Table:
    """A row per candidate: agreed scores, total, rank with ties, outcome, sign-off."""
    state = view.state
    questions = state.agreed_questions
    top = state.session.scale.high * len(questions)
    columns = _candidate_columns(view)
    columns += [Column(view.question_number(q.id), 5) for q in questions]
    columns += [
        Column("Agreed total", 8), Column("Maximum possible", 9), Column("Rank", 6), Column("Tie", 18),
        Column("Panel average total", 10), Column("Outcome", 14), Column("Final", 6),
        _text("Feedback", 40), Column("Sign-off", 26), _text("Dissent", 30),
    ]
    rows = []
    for candidate in state.candidates_in_order:
        placing = view.placings[candidate.id]
        record = state.reconciliation(candidate.id)
        agreed = [state.agreed_score(candidate.id, q.id) for q in questions]
        mean_total = reconcile.independent_mean_total(state, candidate.id) if record else None
        rows.append(
            (
                *_candidate_cells(view, candidate),
                *[a.score if a else None for a in agreed],
                placing.total, top if questions else None, placing.rank,
                f"tied with {', '.join(placing.tied_with)}" if placing.tied else "",
                round(mean_total, 2) if mean_total is not None else None,
                *outcome_cells(state.outcome(candidate.id)),
                sign_off_text(record), dissent_text(view, record),
            )
        )
    return Table("Summary", tuple(columns), rows)


@_once
def scores_table(view: ExportView) -> Table:
    """A row per independent score (or note): submitted sheets of opened candidates only."""
    state = view.state
    members = {m.id: m for m in state.members}
    columns = _candidate_columns(view) + [
        Column("Question", 9), Column("Panel member", 24), Column("Group", 10), Column("Score", 6),
    ]
    if view.options.notes:
        columns.append(_text("Note", 40))
    columns += [Column("Submitted at (UTC)", 19), Column("Entered by", 18), Column("Conflict declared", 20)]
    order = [q.id for q in state.agreed_questions]
    rows: list[tuple[Cell, ...]] = []
    for candidate in state.candidates_in_order:
        who = _candidate_cells(view, candidate)
        sheets = sorted(state.sheets_for_candidate(candidate.id), key=lambda s: s.member_id)
        for sheet in sheets:
            member = members.get(sheet.member_id)
            name = member.name if member else view.person(sheet.member_id)
            group = state.group_label(member.group) if member else ""
            submitted = utc(sheet.submitted_at)
            conflict = conflict_text(view, state.conflict(sheet.member_id, candidate.id))
            extra = [q for q in {**sheet.scores, **sheet.notes} if q not in order]
            for qid in (*order, *extra):
                score = sheet.scores.get(qid)
                note = sheet.notes.get(qid, "") if view.options.notes else ""
                if score is None and not note:
                    continue
                label = view.question_number(qid) or "not in the agreed set"
                row: list[Cell] = [*who, label, name, group, score]
                if view.options.notes:
                    row.append(note)
                row += [submitted, sheet.entered_by or "", conflict]
                rows.append(tuple(row))
    return Table("Scores", tuple(columns), rows)


@_once
def agreed_table(view: ExportView) -> Table:
    """A row per opened candidate and agreed question: the agreed score beside the panel's spread."""
    state = view.state
    columns = _candidate_columns(view) + [
        Column("Question", 9), Column("Agreed score", 8), _text("Reason", 40), Column("Agreed by", 20),
        Column("Agreed at (UTC)", 19), Column("Lowest", 7), Column("Highest", 7), Column("Middle (median)", 9),
        Column("Spread", 7), Column("Disagreement flagged", 12),
    ]
    rows: list[tuple[Cell, ...]] = []
    for candidate in state.candidates_in_order:
        if state.reconciliation(candidate.id) is None:
            continue
        who = _candidate_cells(view, candidate)
        for line in grid(view, candidate.id):
            agreed, stats = line.agreed, line.stats
            rows.append(
                (
                    *who, view.question_number(line.question.id),
                    agreed.score if agreed else None, agreed.reason if agreed else "",
                    view.person(agreed.by) if agreed else "", utc(agreed.at) if agreed else None,
                    stats.minimum if stats else None, stats.maximum if stats else None,
                    stats.median if stats else None, stats.spread if stats else None,
                    "yes, the panel differs" if line.divergent else "no",
                )
            )
    return Table("Agreed", tuple(columns), rows)


def ordered_questions(view: ExportView) -> list[Any]:
    agreed = view.state.agreed_questions
    others = sorted((q for q in view.state.questions if q not in agreed), key=lambda q: (q.position, q.created_at))
    return [*agreed, *others]


@_once
def questions_table(view: ExportView) -> Table:
    columns = (
        Column("Number", 7), _text("Question", 50), _text("Plain-language version", 40),
        _text("What a good answer shows", 40), _text("Criterion", 20), _text("Written by", 30),
        Column("Status", 10), Column("Supporters", 10),
    )
    rows: list[tuple[Cell, ...]] = []
    for q in ordered_questions(view):
        status = q.status.value if q.status is not QuestionStatus.AGREED else "agreed"
        rows.append(
            (
                view.question_number(q.id), q.text, q.plain_text, "; ".join(q.guidance), q.criterion,
                ", ".join(view.person_with_group(a) for a in q.authors), status, len(q.supporters),
            )
        )
    return Table("Questions", columns, rows)


@_once
def panel_table(view: ExportView) -> Table:
    """Who sat on the panel, and what each person contributed (questions written, interviews sat)."""
    state = view.state
    columns = (
        Column("Panel member", 26), Column("Group", 10), Column("Role", 14), Column("Questions written", 9),
        Column("Interviews sat", 9), Column("Confirmed confidentiality", 12),
    )
    written: dict[str, int] = {}
    for q in state.questions:
        for author in q.authors:
            written[author] = written.get(author, 0) + 1
    rows: list[tuple[Cell, ...]] = [
        (
            m.name, state.group_label(m.group), ROLE_LABELS[m.role], written.get(m.id, 0),
            view.interviews.get(m.id, 0), yes_no(state.briefed(m.id)),
        )
        for m in sorted(state.members, key=lambda m: (m.role.value != "chair", m.name.casefold()))
    ]
    return Table("Panel", columns, rows)


# The audit trail ------------------------------------------------------------

_HIDDEN = frozenset(
    {"id", "member_id", "candidate_id", "question_id", "created_at", "updated_at", "at", "position", "by"}
)


class _AuditWords:
    """Audit entries hold ids ("member.candidate/question"); HR reads names, codes and Q numbers."""

    def __init__(self, view: ExportView) -> None:
        self.view = view
        self.members = {m.id: m.name for m in view.state.members}
        self.codes = {c.id: c.code for c in view.state.candidates}
        self.ids: dict[str, str] = {**self.members, **self.codes}
        self.questions = {q.id for q in view.state.questions}
        self.ids.update({q.id: view.question_number(q.id) or "a question" for q in view.state.questions})
        self.ids["tool"] = view.person("tool")

    def target(self, target: str) -> str:
        head, _, question = target.partition("/")
        member, dot, candidate = head.partition(".")
        parts: list[str] = []
        if dot and member in self.members and candidate in self.codes:
            parts = [self.codes[candidate], self.members[member]]
        elif dot and member in self.members and question in self.questions:
            parts = [self.members[member]]
        elif question in self.questions:  # 0.1's agreed scores: "C01/<question id>"
            parts = [head]
        else:
            return target  # written for people, as it is: "/" and "." are just characters in a name
        if question:
            parts.append(self.view.question_number(question) or "a question")
        return " · ".join(parts)

    def plain(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return yes_no(value)
        if isinstance(value, list):
            return ", ".join(self.plain(v) for v in value)
        if isinstance(value, dict):
            return "; ".join(
                f"{self.ids.get(str(k), str(k).replace('_', ' '))}: {self.plain(v)}" for k, v in value.items()
                if k not in _HIDDEN and v not in (None, "", [], {})
            )
        if isinstance(value, str):
            return self.ids.get(value, value)
        return str(value)

    def value(self, value: Any) -> Cell:
        """A score stays a number (so a spreadsheet can sort and count it); anything else in words."""
        if type(value) is int:
            return value
        return self.plain(value)

    def change(self, before: Any, after: Any) -> tuple[Cell, Cell]:
        """From and to in words; of two snapshots, only what changed."""
        if isinstance(before, dict) and isinstance(after, dict):
            keys = [k for k in {**before, **after} if k not in _HIDDEN and before.get(k) != after.get(k)]
            return (
                "; ".join(f"{k.replace('_', ' ')}: {self.plain(before.get(k))}" for k in keys),
                "; ".join(f"{k.replace('_', ' ')}: {self.plain(after.get(k))}" for k in keys),
            )
        return self.value(before), self.value(after)


@_once
def audit_table(view: ExportView) -> Table:
    """Who did what, when, from what to what: the whole trail, oldest first."""
    columns = (
        Column("When (UTC)", 19), Column("Who", 22), Column("Action", 28), Column("What", 30),
        _text("From", 40), _text("To", 40),
    )
    words = _AuditWords(view)
    rows: list[tuple[Cell, ...]] = []
    for event in view.events:
        before, after = words.change(event.before, event.after)
        rows.append((utc(event.at), event.actor_name, event.action, words.target(event.target), before, after))
    return Table("Audit", columns, rows)


def all_tables(view: ExportView) -> list[Table]:
    """The workbook's sheets, in order."""
    return [
        summary_table(view), scores_table(view), agreed_table(view),
        questions_table(view), panel_table(view), audit_table(view),
    ]

