"""What an audit event is about, and which of its values are private.

Every event written since 0.2 names its record ("kind:id") and the ids of
the panel member, candidate and question it concerns. Rule 1 and the
exports decide on those ids alone. Events from 0.1 files carry only
readable text; `upgrade_refs` gives them ids where the ids can be known for
certain and leaves them unknown otherwise, and an event about a score or a
note whose sheet is unknown is treated as hidden (docs/audit.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from .models import AuditEvent, Candidate, Model, PanelMember, Question, revise, sheet_id
from .records import record_ref
from .state import SessionState

SCORE_ACTIONS = ("saved a score", "cleared a score")
NOTE_ACTIONS = ("saved a note",)
AGREED_ACTIONS = ("set an agreed score",)
SHEET_ACTIONS = (*SCORE_ACTIONS, *NOTE_ACTIONS, "submitted a score sheet")
"""Actions about one score sheet ("... from paper" when typed in from paper)."""

Private = Literal["score", "note", "agreed"]


def private_values(event: AuditEvent) -> Private | None:
    """Whether the event's from/to values are a score, a note or an agreed score (rule 1 covers them)."""
    action = event.action
    if action.startswith(SCORE_ACTIONS):
        return "score"
    if action.startswith(NOTE_ACTIONS):
        return "note"
    if action.startswith(AGREED_ACTIONS):
        return "agreed"
    return None


def event_sheet(event: AuditEvent) -> str | None:
    """The score sheet an event is about, from its ids; None when not about one sheet or not known."""
    if event.member_id and event.candidate_id and event.action.startswith(SHEET_ACTIONS):
        return sheet_id(event.member_id, event.candidate_id)
    return None


def refs_of(about: Model | None) -> dict[str, str | None]:
    """The ids an event about this record carries: its "kind:id", and the member, candidate and question it concerns."""
    if about is None:
        return {"record": ""}  # about no one record (an export, a lock of the set); "" still marks a 0.2 event
    refs: dict[str, str | None] = {"record": record_ref(about)}
    for key in ("member_id", "candidate_id", "question_id"):
        value = getattr(about, key, None)
        if isinstance(value, str):
            refs[key] = value
    if isinstance(about, PanelMember):
        refs["member_id"] = about.id
    elif isinstance(about, Candidate):
        refs["candidate_id"] = about.id
    elif isinstance(about, Question):
        refs["question_id"] = about.id
    return refs


def is_member_snapshot(value: Mapping[str, Any]) -> bool:
    return "name" in value and "group" in value and "role" in value


def is_candidate_snapshot(value: Mapping[str, Any]) -> bool:
    return "name" in value and "code" in value and "adjustments" in value


def is_question_snapshot(value: Mapping[str, Any]) -> bool:
    return "text" in value and "authors" in value and "status" in value


def _snapshots(event: AuditEvent) -> Iterable[Mapping[str, Any]]:
    for value in (event.before, event.after):
        if isinstance(value, Mapping):
            yield value


class _History:
    """Every name a member and every code a candidate has had, from the state and the trail."""

    def __init__(self, state: SessionState, events: list[AuditEvent]) -> None:
        self.members: dict[str, set[str]] = defaultdict(set)
        self.candidates: dict[str, set[str]] = defaultdict(set)
        for member in state.members:
            self.members[member.name].add(member.id)
        for candidate in state.candidates:
            self.candidates[candidate.code.casefold()].add(candidate.id)
        for event in events:
            for snap in _snapshots(event):
                ident = snap.get("id")
                if not isinstance(ident, str):
                    continue
                if is_member_snapshot(snap) and isinstance(snap.get("name"), str):
                    self.members[snap["name"]].add(ident)
                elif is_candidate_snapshot(snap) and isinstance(snap.get("code"), str):
                    self.candidates[snap["code"].casefold()].add(ident)

    def member(self, name: str) -> str | None:
        found = self.members.get(name, set())
        return next(iter(found)) if len(found) == 1 else None

    def candidate(self, code: str) -> str | None:
        found = self.candidates.get(code.casefold(), set())
        return next(iter(found)) if len(found) == 1 else None


def _old_refs(event: AuditEvent, history: _History) -> dict[str, str | None]:
    refs: dict[str, str | None] = {}
    for snap in _snapshots(event):
        ident = snap.get("id")
        if isinstance(snap.get("candidate_id"), str):
            refs.setdefault("candidate_id", snap["candidate_id"])
        if isinstance(snap.get("member_id"), str):
            refs.setdefault("member_id", snap["member_id"])
        if isinstance(ident, str):
            if is_member_snapshot(snap):
                refs.setdefault("member_id", ident)
            elif is_candidate_snapshot(snap):
                refs.setdefault("candidate_id", ident)
            elif is_question_snapshot(snap):
                refs.setdefault("question_id", ident)
    target = event.target
    if event.action.startswith(SHEET_ACTIONS):
        head, slash, question = target.partition("/")
        member_id, dot, candidate_id = head.partition(".")
        if slash and dot and member_id and candidate_id:  # 0.1's first form: "<member>.<candidate>/<question>"
            refs.update(member_id=member_id, candidate_id=candidate_id, question_id=question or None)
        else:  # "Dee Morgan, C02, question 3": certain only when the name and the code were never shared
            where = target.rsplit(", question ", 1)[0]
            name, comma, code = where.rpartition(", ")
            refs.update(member_id=history.member(name) if comma else None, candidate_id=history.candidate(code) if comma else None)
    elif event.action.startswith(AGREED_ACTIONS):
        code, slash, question = target.rpartition("/")
        if slash:
            refs.update(candidate_id=history.candidate(code), question_id=question or None)
    return refs


def upgrade_refs(events: list[AuditEvent], state: SessionState) -> list[AuditEvent]:
    """Events from 0.1 files (no `record`) with the ids that can be known for certain."""
    if all(e.record is not None for e in events):
        return events
    history = _History(state, events)
    upgraded = []
    for event in events:
        if event.record is None and not (event.member_id or event.candidate_id or event.question_id):
            refs = {k: v for k, v in _old_refs(event, history).items() if v}
            if refs:
                event = revise(event, **refs)
        upgraded.append(event)
    return upgraded
