"""session.json: the whole session in a documented, versioned form, and reading it back.

The schema (version 1)
======================

One JSON object, UTF-8, indented by two spaces. Times are ISO 8601 in UTC.
Every record is exactly the model of the same name in
`panel_tui.domain.models`, in its JSON form (`model_dump(mode="json")`),
so the models' field docs are the field docs here.

========================  ===================================================
key                       what it holds
========================  ===================================================
``format``                always ``"panel-tui session export"``
``schema_version``        ``2``; a reader refuses a higher number
``app``                   the panel-tui version that wrote it
``exported_at``           when the session last changed: the time of the
                          last entry in ``audit``, never the moment the
                          file was written, so an unchanged session
                          exports to the same file (see
                          `services.views.export_content`)
``scope``                 ``"session"`` (the whole round, importable) or
                          ``"candidate"`` (a subject access export, not
                          importable)
``candidate``             the candidate's code when the scope is
                          ``"candidate"``, else null
``options``               ``pseudonymised``, ``codes_only``, ``notes``
                          (booleans): how names and notes were treated
``withheld``              what the export rules kept out: ``draft_sheets``
                          (a count), ``unopened_candidates`` (codes whose
                          independent scores are withheld because agreement
                          was not opened), ``unopened_sheets`` (a count),
                          ``notes_left_out`` (boolean)
``session``               a `Session`: vacancy, scale, threshold, labels,
                          retention date
``members``               `PanelMember` records; ``pin_hash`` is always null:
                          PINs never leave the session file; ``profile``
                          (their access profile, "working with me") is
                          always blank (the defaults): it never leaves the
                          session file either
``candidates``            `Candidate` records
``questions``             `Question` records, with revisions, comments and
                          supporters
``sheets``                `ScoreSheet` records: submitted sheets of
                          candidates whose agreement was opened, and no others
``agreed``                `AgreedScore` records
``outcomes``              `Outcome` records
``conflicts``             `Conflict` records
``briefings``             `Briefing` records
``reconciliations``       `Reconciliation` records
``results``               figures worked out from the above, for readers that
                          do not want to: per candidate ``candidate_id``,
                          ``code``, ``agreed_total``, ``maximum``, ``rank``,
                          ``tied_with`` (codes); ignored on import
``audit``                 `AuditEvent` records, oldest first: who, when,
                          what, from, to, and the ids of the record, panel
                          member, candidate and question concerned. Score and
                          note values of withheld sheets read ``"withheld"``.
========================  ===================================================

Import (`read_export`) checks all of this before anything is created, as
strictly as the app checks each change (issue 10): every record reads as its
model; ids and candidates' codes are unique; every record points at records
that exist; scores and agreed scores are whole numbers on the session's
scale (`check_score`), anchors are points on it; a sheet's id matches its
member and candidate, and an observer's sheet holds no scores; agreed scores
and outcomes are for candidates whose agreement was opened; no PIN hash;
times carry a time zone. A damaged or foreign file is refused with one plain
sentence naming the first problem found. A file written with pseudonyms or
codes only imports as a session with those in place of the names.

A new schema version adds a step to `UPGRADES` that turns the previous
version's raw dict into the next, as the session file's migrations do.
Version 1 (panel-tui 0.1) had no ids on audit events; they are read as they
are and given ids where certain when the restored session is read
(`domain.audit.upgrade_refs`).

The record keys are the registry's (`domain.records.EXPORTED_KINDS`): a new
kind of record is exported and imported without an edit here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import __version__
from ..domain.errors import ScoreOutOfScale
from ..domain.models import AuditEvent, Scale, Session, agreed_id
from ..domain.records import EXPORTED_KINDS, RECORD_KINDS
from ..domain.scoring import check_score
from ..domain.state import SessionState
from ..domain.text import one_line
from ..domain.validation import plain_message
from .errors import NotAnExport
from .files import Output
from .view import ExportView

FORMAT = "panel-tui session export"
SCHEMA_VERSION = 2
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: lambda doc: doc}
"""schema version N -> a function from version N's dict to version N+1's."""

RECORDS: dict[str, type[BaseModel]] = {kind.field: kind.model for kind in EXPORTED_KINDS}
"""Top-level key -> model, in the order they are written; each key is also a `SessionState` field."""

M = TypeVar("M", bound=BaseModel)
_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def _adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    if model not in _ADAPTERS:
        _ADAPTERS[model] = TypeAdapter(list[model])  # type: ignore[valid-type]
    return _ADAPTERS[model]


def document(view: ExportView) -> dict[str, Any]:
    """The export as a JSON-ready dict."""
    state = view.state
    top = state.session.scale.high * len(state.agreed_questions)
    doc: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app": f"panel-tui {__version__}",
        "exported_at": view.as_of.isoformat(),
        "scope": view.scope,
        "candidate": view.candidate.code if view.candidate else None,
        "options": {
            "pseudonymised": view.options.pseudonymise,
            "codes_only": view.options.codes_only,
            "notes": view.options.notes,
        },
        "withheld": {
            "draft_sheets": view.withheld.draft_sheets,
            "unopened_candidates": list(view.withheld.unopened),
            "unopened_sheets": view.withheld.unopened_sheets,
            "notes_left_out": view.withheld.notes_left_out,
        },
        "session": state.session.model_dump(mode="json"),
    }
    for key, model in RECORDS.items():
        doc[key] = _adapter(model).dump_python(list(getattr(state, key)), mode="json")
    doc["results"] = [
        {
            "candidate_id": c.id,
            "code": c.code,
            "agreed_total": view.placings[c.id].total,
            "maximum": top,
            "rank": view.placings[c.id].rank,
            "tied_with": list(view.placings[c.id].tied_with),
        }
        for c in state.candidates_in_order
    ]
    doc["audit"] = _adapter(AuditEvent).dump_python(list(view.events), mode="json")
    return doc


def render(view: ExportView, prefix: str = "") -> list[Output]:
    payload = orjson.dumps(document(view), option=orjson.OPT_INDENT_2) + b"\n"
    return [Output(f"{prefix}session.json", payload)]


# Reading back ---------------------------------------------------------------

NESTING_LIMIT = 32
"""How deep an audit entry's from/to may nest: the app's own snapshots are a few levels deep."""
DUPLICATES: dict[str, str] = {
    "outcomes": "are for the same candidate",
    "reconciliations": "are for the same candidate",
    "conflicts": "are for the same panel member and candidate",
    "briefings": "are for the same panel member",
}
"""How two records of a kind clash, when it is not by their id (the registry's key)."""
LINKED: dict[str, str] = {"members": "a panel member", "candidates": "a candidate", "questions": "a question"}
OPTION_KEYS = ("pseudonymised", "codes_only", "notes")


@dataclass(frozen=True)
class ImportedSession:
    """A whole-session export, checked and ready to become a new session file."""

    state: SessionState
    events: list[AuditEvent]
    exported_at: str
    options: dict[str, Any]


def _records(path: Path, doc: dict[str, Any], key: str, model: type[M]) -> list[M]:
    if key not in doc:
        raise NotAnExport(path, f"its '{key}' part is missing")
    raw = doc[key]
    if not isinstance(raw, list):
        raise NotAnExport(path, f"its '{key}' part is not a list")
    try:
        return list(_adapter(model).validate_python(raw))
    except ValidationError as error:
        raise NotAnExport(path, f"a record in '{key}' cannot be read ({_why(error)})") from None


def _why(error: ValidationError) -> str:
    """pydantic's first problem in words, on one line; never a field name taken from the file itself."""
    if error.errors()[0]["type"] == "extra_forbidden":
        return "it has a field panel-tui does not know"
    return one_line(plain_message(error).rstrip("."))


def _document(path: Path) -> dict[str, Any]:
    """The file's JSON, of a schema this version reads, brought up to the current schema, of a whole session."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotAnExport(path, "there is no such file") from None
    except IsADirectoryError:
        raise NotAnExport(path, "it is a folder, not a file") from None
    except OSError as error:
        raise NotAnExport(path, f"it cannot be read ({error.strerror})") from None
    if not raw.strip():
        raise NotAnExport(path, "the file is empty")
    try:
        doc: Any = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise NotAnExport(path, f"it is not complete or not valid JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise NotAnExport(path, "it is not a panel-tui session export")
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise NotAnExport(path, "it has no valid schema version")
    if version > SCHEMA_VERSION:
        raise NotAnExport(
            path, f"it was written by a newer panel-tui (schema {version}; this one reads up to {SCHEMA_VERSION})"
        )
    while version < SCHEMA_VERSION:
        doc = UPGRADES[version](doc)
        version += 1
    if doc.get("scope") != "session":
        raise NotAnExport(path, "it holds the records of one candidate (a subject access export), not a whole session")
    return dict(doc)


def _score_problems(scale: Scale, value: object, where: str) -> Iterator[str]:
    """As the app checks a score typed in (`check_score`), and a whole number in the file, not text or true/false."""
    if type(value) is not int:
        yield f"a score in '{where}' is not a whole number ({scale.describe().rstrip('.')})"
        return
    try:
        check_score(scale, value)
    except ScoreOutOfScale:
        yield f"a score in '{where}' is {value}, which is not on the session's scale ({scale.low} to {scale.high})"


def _times(value: object) -> Iterator[datetime]:
    if isinstance(value, datetime):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _times(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _times(item)


def _depth(value: object, limit: int) -> int:
    """How deep a JSON value nests, counting no further than `limit`."""
    if limit <= 0 or not isinstance(value, dict | list):
        return 0
    items = value.values() if isinstance(value, dict) else value
    return 1 + max((_depth(item, limit - 1) for item in items), default=0)


def _state_problems(state: SessionState, doc: dict[str, Any]) -> Iterator[str]:
    """Every way the state breaks a rule the app checks on each change, first found first.

    Scores are checked as written in the file (`doc`): the models would
    quietly read true as 1 and "3" as 3, which the app never stores.

    Read lazily (`next`): each check may rely on the ones before it having
    passed (a sheet's member is looked up only once every link is known good).
    """
    session = state.session
    for kind in EXPORTED_KINDS:
        keys = [kind.key(m) for m in getattr(state, kind.field)]
        if len(keys) != len(set(keys)):
            yield f"two records in '{kind.field}' {DUPLICATES.get(kind.field, 'have the same id')}"
    codes = [c.code.casefold() for c in state.candidates]
    if len(codes) != len(set(codes)):
        yield "two candidates have the same code"
    known = {kind.field: {kind.key(m) for m in getattr(state, kind.field)} for kind in RECORD_KINDS}
    for kind in EXPORTED_KINDS:
        for record in getattr(state, kind.field):
            for target_kind, target in kind.links(record):
                if target not in known[target_kind]:
                    yield f"a record in '{kind.field}' refers to {LINKED.get(target_kind, 'a record')} not in the file"
    for kind in EXPORTED_KINDS:
        for record in getattr(state, kind.field):
            for moment in _times(record.model_dump()):
                if moment.utcoffset() is None:
                    yield f"a time in '{kind.field}' has no time zone"
                elif not 1 < moment.year < 9999:
                    yield f"a time in '{kind.field}' is out of range"
    for moment in _times(session.model_dump()):
        if moment.utcoffset() is None or not 1 < moment.year < 9999:
            yield "the session's creation time has no time zone or is out of range"
    if any(m.pin_hash is not None for m in state.members):
        yield "it holds a panel member's PIN, and PINs never leave a session file"
    for question in state.questions:
        outside = [point for point in question.anchors if point not in session.scale.points]
        if outside:
            yield (
                f"a question has guidance for {outside[0]}, which is not on the session's scale "
                f"({session.scale.low} to {session.scale.high})"
            )
    members = {m.id: m for m in state.members}
    for sheet, written in zip(state.sheets, doc["sheets"], strict=True):
        for value in written.get("scores", {}).values():
            yield from _score_problems(session.scale, value, "sheets")
        if not members[sheet.member_id].scores and (sheet.scores or sheet.submitted):
            yield "a score sheet in 'sheets' holds scores of an observer, and observers do not score"
    opened = {r.candidate_id for r in state.reconciliations}
    for agreed, written in zip(state.agreed, doc["agreed"], strict=True):
        if agreed.id != agreed_id(agreed.candidate_id, agreed.question_id):
            yield "a record in 'agreed' has an id that does not match its candidate and question"
        yield from _score_problems(session.scale, written.get("score"), "agreed")
        if agreed.candidate_id not in opened:
            yield "an agreed score in 'agreed' is for a candidate whose agreement was never opened"
    if any(o.candidate_id not in opened for o in state.outcomes):
        yield "an outcome in 'outcomes' is for a candidate whose agreement was never opened"


def _event_problems(events: list[AuditEvent]) -> Iterator[str]:
    ids = [e.id for e in events]
    if len(ids) != len(set(ids)):
        yield "two entries in 'audit' have the same id"
    for event in events:
        if any(m.utcoffset() is None or not 1 < m.year < 9999 for m in _times(event.at)):
            yield "the time of an entry in 'audit' has no time zone or is out of range"
        if _depth([event.before, event.after], NESTING_LIMIT + 1) > NESTING_LIMIT:
            yield "an entry in 'audit' is nested too deeply to be one panel-tui wrote"
        elif any(not isinstance(ident, str) for ident in _snapshot_ids([event.before, event.after])):
            yield "an entry in 'audit' holds a record whose id is not text"


def _snapshot_ids(value: object) -> Iterator[object]:
    """The ids of the records an audit entry's from/to hold (the app writes them as text, always)."""
    if isinstance(value, dict):
        if "id" in value:
            yield value["id"]
        for item in value.values():
            yield from _snapshot_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _snapshot_ids(item)


def _options(doc: dict[str, Any]) -> dict[str, bool]:
    """How names and notes were treated, as described in the file: only what this version writes there."""
    options = doc.get("options")
    if not isinstance(options, dict):
        return {}
    return {key: value for key, value in options.items() if key in OPTION_KEYS and isinstance(value, bool)}


def read_export(path: str | Path) -> ImportedSession:
    """Read and check a whole-session export as strictly as the app checks each change.

    Raises `NotAnExport` naming the first problem found; reads only, so a
    refused file leaves nothing behind.
    """
    path = Path(path)
    doc = _document(path)
    try:
        session = Session.model_validate(doc.get("session"))
    except ValidationError as error:
        raise NotAnExport(path, f"its session details cannot be read ({_why(error)})") from None
    records = {key: tuple(_records(path, doc, key, model)) for key, model in RECORDS.items()}
    state = SessionState(session=session, **records)  # type: ignore[arg-type]
    problem = next(_state_problems(state, doc), None)
    if problem is not None:
        raise NotAnExport(path, problem)
    events = _records(path, doc, "audit", AuditEvent)
    problem = next(_event_problems(events), None)
    if problem is not None:
        raise NotAnExport(path, problem)
    exported_at = doc.get("exported_at")
    return ImportedSession(
        state=state, events=events, exported_at=exported_at if isinstance(exported_at, str) else "", options=_options(doc)
    )
