"""What an export may hold: the session as HR may take it away.

Every format is built from one `ExportView`, so the rules below hold for all
of them alike and are tested once:

- **Only submitted sheets.** A draft is someone's private working; it never
  leaves the session, in any format.
- **Rule 1 (blind until agreement opens).** A candidate's independent
  scores and notes are exported only once the chair has opened agreement
  for that candidate (`state.reconciliation(candidate_id) is not None`).
  Until then their sheets are withheld, and so are the score and note
  values in the audit trail's entries for those sheets.
- **Options.** `pseudonymise` replaces panel members' names with
  "Panel member A (Member)" everywhere (and leaves out their access needs);
  `codes_only` replaces candidates' names with their codes everywhere (and
  leaves out their adjustments); `notes=False` leaves out panel members'
  notes, in the sheets and in the audit trail; `candidate` keeps only what
  is held about one candidate (a subject access request).
- **Never exported:** PIN hashes.

Ranks are worked out on the whole session before anything is left out, so a
subject access export shows the candidate's real place in the ranking.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

import orjson

from ..domain import reconcile
from ..domain.models import AuditEvent, Candidate, now, revise, sheet_id
from ..domain.state import SessionState
from .errors import NoSuchCode
from .redact import (
    Redactor,
    candidate_replacements,
    is_candidate_snapshot,
    is_member_snapshot,
    member_replacements,
    panel_labels,
    redact_state,
)

T = TypeVar("T")
SCORE_ACTIONS = ("saved a score", "cleared a score", "saved a note")
"""Audit actions whose from/to values are a panel member's score or note."""
WITHHELD = "withheld"
"""What the audit trail shows in place of a score or note that may not leave the session."""
TOOL_NAME = "a tool (script or set-up)"
TIES_NAMED = 6
"""A report names this many of the candidates tied with one; the data formats list them all."""


@dataclass(frozen=True)
class ExportOptions:
    """What to put in an export. The defaults are what HR files after the round."""

    pseudonymise: bool = False
    """Panel members appear as "Panel member A (Member)", never by name."""
    codes_only: bool = False
    """Candidates appear by their code only; names and adjustments are left out."""
    notes: bool = True
    """Panel members' notes on their scores are included."""
    candidate: str | None = None
    """A candidate's code: export only what is held about them (a subject access request)."""

    def describe(self) -> dict[str, object]:
        return {
            "pseudonymised": self.pseudonymise,
            "codes_only": self.codes_only,
            "notes": self.notes,
            "candidate": self.candidate,
        }


@dataclass(frozen=True)
class Placing:
    """A candidate's place by agreed total, worked out on the whole session."""

    rank: int | None
    total: int | None
    tied_with: tuple[str, ...]
    """Codes of the candidates with the same agreed total."""

    @property
    def tied(self) -> bool:
        return bool(self.tied_with)

    def describe(self) -> str:
        """'2', '2= (tied with C04)', or '' when not ranked yet."""
        if self.rank is None:
            return ""
        if not self.tied:
            return str(self.rank)
        if len(self.tied_with) > TIES_NAMED:
            shown = ", ".join(self.tied_with[:TIES_NAMED])
            return f"{self.rank}= (tied with {shown} and {len(self.tied_with) - TIES_NAMED} more)"
        return f"{self.rank}= (tied with {', '.join(self.tied_with)})"


@dataclass(frozen=True)
class Withheld:
    """What the rules kept out of this export, so HR can say so."""

    draft_sheets: int = 0
    unopened: tuple[str, ...] = ()
    """Codes of candidates whose submitted scores are withheld: agreement not opened yet."""
    unopened_sheets: int = 0
    notes_left_out: bool = False

    def sentences(self) -> list[str]:
        said = []
        if self.draft_sheets:
            few = "sheet was" if self.draft_sheets == 1 else "sheets were"
            said.append(f"{self.draft_sheets} draft score {few} left out: only submitted sheets are exported.")
        if self.unopened:
            said.append(
                f"Independent scores for {', '.join(self.unopened)} are withheld: "
                "agreement has not been opened for them yet."
            )
        if self.notes_left_out:
            said.append("Panel members' notes were left out.")
        return said


@dataclass(frozen=True)
class ExportView:
    """The session as it may be exported, with every option applied."""

    state: SessionState
    events: tuple[AuditEvent, ...]
    options: ExportOptions
    placings: dict[str, Placing]
    withheld: Withheld
    exported_at: datetime
    candidate: Candidate | None = None
    """The one candidate of a subject access export, as exported."""
    interviews: dict[str, int] = field(default_factory=dict)
    """Member id -> sheets they submitted (in this export's scope): a count, never a score."""
    _numbers: dict[str, int] = field(default_factory=dict, repr=False)
    _cache: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._numbers.update({q.id: i for i, q in enumerate(self.state.agreed_questions, start=1)})

    def cached(self, key: object, build: Callable[[], T]) -> T:
        """Built once per export: every format reads the same tables and grids."""
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]  # type: ignore[no-any-return]

    @property
    def scope(self) -> str:
        return "candidate" if self.candidate is not None else "session"

    @property
    def shows_names(self) -> bool:
        """Whether candidates' names appear (not with --codes-only)."""
        return not self.options.codes_only

    def question_number(self, question_id: str) -> str:
        """'Q3' for the third agreed question; '' for one outside the agreed set."""
        number = self._numbers.get(question_id)
        return f"Q{number}" if number else ""

    def person(self, member_id: str | None) -> str:
        """A panel member's name (or pseudonym) from their id, for 'by' fields."""
        if not member_id:
            return ""
        if member_id == "tool":
            return TOOL_NAME
        for member in self.state.members:
            if member.id == member_id:
                return member.name
        return "a former panel member"

    def person_with_group(self, member_id: str) -> str:
        """'Ann (Member)'; a pseudonym already names the group."""
        for member in self.state.members:
            if member.id == member_id:
                if self.options.pseudonymise:
                    return member.name
                return f"{member.name} ({self.state.group_label(member.group)})"
        return self.person(member_id)


def _placings(state: SessionState) -> dict[str, Placing]:
    ranked = reconcile.rank_candidates(state, "agreed")
    by_total: dict[float, list[str]] = {}
    for r in ranked:
        if r.total is not None:
            by_total.setdefault(round(r.total, 9), []).append(r.candidate.code)
    placings = {}
    for r in ranked:
        if r.total is None:
            placings[r.candidate.id] = Placing(None, None, ())
            continue
        same = by_total[round(r.total, 9)]
        placings[r.candidate.id] = Placing(
            r.rank, int(r.total), tuple(code for code in same if code != r.candidate.code) if r.tied else ()
        )
    return placings


def _find_candidate(state: SessionState, code: str) -> Candidate:
    wanted = code.strip().casefold()
    for candidate in state.candidates:
        if candidate.code.casefold() == wanted:
            return candidate
    raise NoSuchCode(code.strip())


class _SheetTargets:
    """Which score sheet an audit entry about a score, note or submission is for.

    The service names a sheet in the trail as "Dee Morgan, C02, question 3"
    (earlier files: "<member id>.<candidate id>/<question id>"). Every name a
    member has had and every code a candidate has had is tried, so a later
    rename does not hide an entry. An entry that cannot be placed is treated
    as withheld: when in doubt, a score stays in the session.
    """

    def __init__(self, state: SessionState, events: list[AuditEvent]) -> None:
        names: dict[str, set[str]] = {m.id: {m.name} for m in state.members}
        codes: dict[str, set[str]] = {c.id: {c.code} for c in state.candidates}
        for event in events:
            for snap in (event.before, event.after):
                if isinstance(snap, dict) and isinstance(snap.get("id"), str):
                    if is_member_snapshot(snap) and isinstance(snap.get("name"), str):
                        names.setdefault(snap["id"], set()).add(snap["name"])
                    elif is_candidate_snapshot(snap) and isinstance(snap.get("code"), str):
                        codes.setdefault(snap["id"], set()).add(snap["code"])
        self.codes = codes
        self._by_text = {
            f"{name}, {code}": sheet_id(member_id, candidate_id)
            for member_id, member_names in names.items() for name in member_names
            for candidate_id, candidate_codes in codes.items() for code in candidate_codes
        }

    def __call__(self, target: str) -> str | None:
        head, slash, _ = target.partition("/")
        if slash or "," not in target:
            return head if "." in head else None
        return self._by_text.get(target.rsplit(", question ", 1)[0])


def _withhold_events(events: list[AuditEvent], sheets: _SheetTargets, kept: set[str], notes: bool) -> list[AuditEvent]:
    """Score and note values in the audit trail follow their sheet: withheld with it."""
    result = []
    for event in events:
        if event.action.startswith(SCORE_ACTIONS):
            note = event.action.startswith("saved a note")
            allowed = sheets(event.target) in kept and (notes or not note)
            if not allowed and (event.before is not None or event.after is not None):
                event = revise(event, before=WITHHELD, after=WITHHELD)
        result.append(event)
    return result


_PARTS = re.compile(r"\s*[,/·]\s*")


def _concerns(event: AuditEvent, candidate: Candidate, codes: set[str]) -> bool:
    """Whether an audit entry is about this candidate: by code in its target, or by id in what changed."""
    if codes.intersection(_PARTS.split(event.target)) or candidate.id in event.target:
        return True
    if event.before is None and event.after is None:
        return False
    return candidate.id.encode() in orjson.dumps([event.before, event.after])


def _only(state: SessionState, candidate: Candidate) -> SessionState:
    cid = candidate.id
    return replace(
        state,
        candidates=tuple(c for c in state.candidates if c.id == cid),
        sheets=tuple(s for s in state.sheets if s.candidate_id == cid),
        agreed=tuple(a for a in state.agreed if a.candidate_id == cid),
        outcomes=tuple(o for o in state.outcomes if o.candidate_id == cid),
        conflicts=tuple(c for c in state.conflicts if c.candidate_id == cid),
        reconciliations=tuple(r for r in state.reconciliations if r.candidate_id == cid),
    )


def build_view(
    state: SessionState,
    events: list[AuditEvent] | tuple[AuditEvent, ...] = (),
    options: ExportOptions | None = None,
    exported_at: datetime | None = None,
) -> ExportView:
    """Apply the export rules and options to a session and its audit trail."""
    options = options or ExportOptions()
    events = list(events)
    scoped = _find_candidate(state, options.candidate) if options.candidate else None
    placings = _placings(state)

    opened = {r.candidate_id for r in state.reconciliations}
    kept = [s for s in state.sheets if s.submitted and s.candidate_id in opened]
    unopened_sheets = [s for s in state.sheets if s.submitted and s.candidate_id not in opened]
    unopened_codes = {s.candidate_id for s in unopened_sheets}
    if not options.notes:
        kept = [revise(s, notes={}) if s.notes else s for s in kept]
    view_state = replace(state, sheets=tuple(kept))
    targets = _SheetTargets(state, events)
    view_events = _withhold_events(events, targets, {s.id for s in kept}, options.notes)

    if scoped is not None:
        view_state = _only(view_state, scoped)
        codes = targets.codes.get(scoped.id, {scoped.code})
        view_events = [e for e in view_events if _concerns(e, scoped, codes)]
        unopened_codes &= {scoped.id}
        unopened_sheets = [s for s in unopened_sheets if s.candidate_id == scoped.id]
    withheld = Withheld(
        draft_sheets=sum(
            1 for s in state.sheets if not s.submitted and (scoped is None or s.candidate_id == scoped.id)
        ),
        unopened=tuple(c.code for c in state.candidates_in_order if c.id in unopened_codes),
        unopened_sheets=len(unopened_sheets),
        notes_left_out=not options.notes,
    )

    replacements: dict[str, str] = {}
    labels: dict[str, str] = {}
    if options.pseudonymise:
        labels = panel_labels(state, events)
        replacements.update(member_replacements(state, events, labels))
    if options.codes_only:
        replacements.update(candidate_replacements(state, events))
    redactor = Redactor(
        replacements,
        blank_member_fields=options.pseudonymise,
        blank_candidate_fields=options.codes_only,
    )
    if redactor:
        view_state = redact_state(view_state, redactor)
        view_events = [redactor.event(e) for e in view_events]
    members = []
    for member in view_state.members:
        if options.pseudonymise:
            member = revise(member, name=labels[member.id], access_needs="", pin_hash=None)
        elif member.pin_hash is not None:
            member = revise(member, pin_hash=None)
        members.append(member)
    view_state = replace(view_state, members=tuple(members))
    if options.codes_only:
        view_state = replace(
            view_state,
            candidates=tuple(revise(c, name=c.code, adjustments="") for c in view_state.candidates),
        )
    exported = view_state.candidate(scoped.id) if scoped is not None else None
    interviews: dict[str, int] = {}
    for sheet in state.sheets:
        if sheet.submitted and (scoped is None or sheet.candidate_id == scoped.id):
            interviews[sheet.member_id] = interviews.get(sheet.member_id, 0) + 1
    return ExportView(
        interviews=interviews,
        state=view_state,
        events=tuple(view_events),
        options=options,
        placings=placings,
        withheld=withheld,
        exported_at=exported_at or now(),
        candidate=exported,
    )
