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
``exported_at``           when it was written
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
                          PINs never leave the session file
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

Import (`read_export`) checks all of this, and that every record points at
records that exist, before anything is created: a damaged or foreign file is
refused with a plain sentence. A file written with pseudonyms or codes only
imports as a session with those in place of the names.

A new schema version adds a step to `UPGRADES` that turns the previous
version's raw dict into the next, as the session file's migrations do.
Version 1 (panel-tui 0.1) had no ids on audit events; they are read as they
are and given ids where certain when the restored session is read
(`domain.audit.upgrade_refs`).

The record keys are the registry's (`domain.records.EXPORTED_KINDS`): a new
kind of record is exported and imported without an edit here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import __version__
from ..domain.models import AuditEvent, Session
from ..domain.records import EXPORTED_KINDS, RECORD_KINDS
from ..domain.state import SessionState
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
        "exported_at": view.exported_at.isoformat(),
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


@dataclass(frozen=True)
class ImportedSession:
    """A whole-session export, checked and ready to become a new session file."""

    state: SessionState
    events: list[AuditEvent]
    exported_at: str
    options: dict[str, Any]


def _records(path: Path, doc: dict[str, Any], key: str, model: type[M]) -> list[M]:
    raw = doc.get(key, [])
    if not isinstance(raw, list):
        raise NotAnExport(path, f"its '{key}' part is not a list")
    try:
        return list(_adapter(model).validate_python(raw))
    except ValidationError as error:
        raise NotAnExport(path, f"a record in '{key}' cannot be read ({plain_message(error).rstrip('.')})") from None


def _check_links(path: Path, state: SessionState) -> None:
    """Every record points at people, candidates and questions that exist, once each (by the registry's links)."""
    for kind in RECORD_KINDS:
        keys = [kind.key(m) for m in getattr(state, kind.field)]
        if len(keys) != len(set(keys)):
            raise NotAnExport(path, f"two records in '{kind.field}' are for the same thing")
    codes = [c.code.casefold() for c in state.candidates]
    if len(codes) != len(set(codes)):
        raise NotAnExport(path, "two candidates have the same code")
    known = {kind.field: {kind.key(m) for m in getattr(state, kind.field)} for kind in RECORD_KINDS}
    for kind in RECORD_KINDS:
        for record in getattr(state, kind.field):
            for target_kind, target in kind.links(record):
                if target not in known[target_kind]:
                    raise NotAnExport(path, f"a record in '{kind.field}' refers to someone or something not in the file")


def read_export(path: str | Path) -> ImportedSession:
    """Read and check a whole-session export; raise `NotAnExport` with a plain reason if it is not one."""
    path = Path(path)
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
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise NotAnExport(path, f"it is not complete or not valid JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise NotAnExport(path, "it is not a panel-tui session export")
    version = doc.get("schema_version")
    if not isinstance(version, int) or version < 1:
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
    try:
        session = Session.model_validate(doc.get("session"))
    except ValidationError as error:
        raise NotAnExport(path, f"its session details cannot be read ({plain_message(error).rstrip('.')})") from None
    records = {key: tuple(_records(path, doc, key, model)) for key, model in RECORDS.items()}
    state = SessionState(session=session, **records)  # type: ignore[arg-type]
    _check_links(path, state)
    events = _records(path, doc, "audit", AuditEvent)
    options = doc.get("options") if isinstance(doc.get("options"), dict) else {}
    return ImportedSession(state=state, events=events, exported_at=str(doc.get("exported_at", "")), options=options)
