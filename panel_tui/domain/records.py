"""The session's shape in one place: every kind of record a session holds.

The state, the store, the JSON export and import, redaction and the purge all
iterate `RECORD_KINDS`, so adding a kind of record is one edit here, and
`tests/domain/test_records.py` fails if any of them misses a kind or a field.
The session's own details (`Session`) are the one singleton and are not a
kind: every session has exactly one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .letters import FeedbackLetter
from .models import (
    AgreedScore,
    Briefing,
    Candidate,
    Conflict,
    Model,
    Outcome,
    PanelMember,
    PinAttempts,
    Question,
    Reconciliation,
    ScoreSheet,
)
from .reciprocity import Reciprocity
from .sift import Applicant, Application, SiftDecision, SiftSheet

Link = tuple[str, str]
"""(kind of record pointed at, its id)."""


def _none(_: Any) -> Iterable[Link]:
    return ()


def _sheet_links(sheet: ScoreSheet) -> Iterable[Link]:
    yield "members", sheet.member_id
    yield "candidates", sheet.candidate_id
    for question_id in (*sheet.scores, *sheet.notes):
        yield "questions", question_id


def _agreed_links(agreed: AgreedScore) -> Iterable[Link]:
    yield "candidates", agreed.candidate_id
    yield "questions", agreed.question_id


def _conflict_links(conflict: Conflict) -> Iterable[Link]:
    yield "members", conflict.member_id
    yield "candidates", conflict.candidate_id


def _reconciliation_links(opened: Reconciliation) -> Iterable[Link]:
    yield "candidates", opened.candidate_id
    for member_id in (*opened.missing_reasons, *opened.dissent):
        yield "members", member_id


@dataclass(frozen=True)
class RecordKind:
    """One kind of record: its model, where it lives, how it is keyed and what it points at."""

    field: str
    """The `SessionState` field, the store's table and the session.json key: one name everywhere."""
    model: type[Model]
    key: Callable[[Any], str]
    """The record's id within its kind (one outcome per candidate, so an outcome's key is its candidate)."""
    links: Callable[[Any], Iterable[Link]] = _none
    """The records it points at, which must exist (checked on import)."""
    candidate: Callable[[Any], str | None] = lambda _: None
    """The candidate it is about, if any: a subject access export keeps only that candidate's."""
    exported: bool = True
    """False for what never leaves the session file (wrong PIN counts)."""


def _id(model: Any) -> str:
    return str(model.id)


def _candidate_id(model: Any) -> str:
    return str(model.candidate_id)


def _reciprocity_links(kept: Reciprocity) -> Iterable[Link]:
    yield "members", kept.member_id
    if kept.confirmed_by:
        yield "members", kept.confirmed_by


def _applicant_links(applicant: Applicant) -> Iterable[Link]:
    if applicant.candidate_id:
        yield "candidates", applicant.candidate_id


def _application_links(application: Application) -> Iterable[Link]:
    yield "applicants", application.applicant_id
    for question_id in (*application.answers, *application.original):
        yield "questions", question_id


def _sift_sheet_links(sheet: SiftSheet) -> Iterable[Link]:
    yield "members", sheet.member_id
    yield "questions", sheet.question_id
    for applicant_id in (*sheet.scores, *sheet.notes):
        yield "applicants", applicant_id


def _applicant_candidate(applicant: Applicant) -> str | None:
    return applicant.candidate_id


RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("members", PanelMember, _id),
    RecordKind("candidates", Candidate, _id, candidate=_id),
    RecordKind("questions", Question, _id),
    RecordKind("sheets", ScoreSheet, _id, _sheet_links, _candidate_id),
    RecordKind("agreed", AgreedScore, _id, _agreed_links, _candidate_id),
    RecordKind("outcomes", Outcome, _candidate_id, lambda o: [("candidates", o.candidate_id)], _candidate_id),
    RecordKind("conflicts", Conflict, _id, _conflict_links, _candidate_id),
    RecordKind("briefings", Briefing, _id, lambda b: [("members", b.member_id)]),
    RecordKind("reconciliations", Reconciliation, _id, _reconciliation_links, _candidate_id),
    RecordKind("pin_attempts", PinAttempts, _id, lambda p: [("members", p.member_id)], exported=False),
    RecordKind("reciprocity", Reciprocity, _id, _reciprocity_links),
    RecordKind("letters", FeedbackLetter, _id, lambda f: [("candidates", f.candidate_id)], _candidate_id),
    RecordKind("applicants", Applicant, _id, _applicant_links, _applicant_candidate),
    RecordKind("applications", Application, _id, _application_links),
    RecordKind("sift_sheets", SiftSheet, _id, _sift_sheet_links),
    RecordKind("sift_decisions", SiftDecision, _id, lambda d: [("applicants", d.applicant_id)]),
)

KIND_OF: dict[type[Model], RecordKind] = {kind.model: kind for kind in RECORD_KINDS}
KIND_NAMED: dict[str, RecordKind] = {kind.field: kind for kind in RECORD_KINDS}
EXPORTED_KINDS: tuple[RecordKind, ...] = tuple(kind for kind in RECORD_KINDS if kind.exported)


def record_key(model: Model) -> str:
    """The id a record is stored under within its kind."""
    return KIND_OF[type(model)].key(model)


def record_ref(model: Model) -> str:
    """"kind:id": what an audit event names as the record it changed."""
    kind = KIND_OF.get(type(model))
    return "session" if kind is None else f"{kind.field}:{kind.key(model)}"
