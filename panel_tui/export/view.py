"""What an export holds, shaped by HR's options: the content every format renders.

The rules of what may leave the session at all (only submitted sheets; a
candidate's independent scores and notes, and their values in the audit
trail, only once the chair has opened agreement for them) are applied before
this module sees anything, by `panel_tui.services.views.export_content`.
Here the options are applied to what is left:

- `pseudonymise` replaces panel members' names with
  "Panel member A (Member)" everywhere;
- `codes_only` replaces candidates' names with their codes everywhere (and
  leaves out their adjustments);
- `notes=False` has already left notes out (the services do it with the rules);
- `candidate` keeps only what is held about one candidate (a subject access
  request), matched by id, never by the text shown to people.

Whatever the options, a panel member's access profile ("working with me")
is left blank in the members and in every audit snapshot (`without_profiles`),
as a PIN hash is left null: it is for planning the day, never part of the
record HR files.

Ranks are worked out on the whole session before anything is left out, so a
subject access export shows the candidate's real place in the ranking.

Nothing here reads the clock: the time an export shows (`ExportView.as_of`)
is the time of the last change it holds, so the same content always renders
to the same bytes (see `export_content` for why exports repeat exactly).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

import orjson

from ..domain import reconcile
from ..domain.models import AuditEvent, Candidate, revise
from ..domain.records import RECORD_KINDS
from ..domain.retention import Retention, retention_of
from ..domain.state import SessionState
from .errors import NoSuchCode
from .redact import (
    Redactor,
    candidate_replacements,
    member_replacements,
    panel_labels,
    redact_state,
    without_profiles,
)

T = TypeVar("T")
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
    as_of: datetime
    """When the session last changed: the time of the last audit entry this export holds.

    Never the moment the files are written, so exporting an unchanged session
    again gives the same files. The JSON keeps this under its schema-2 key
    ``exported_at``.
    """
    retention: Retention
    """The session's retention date (`domain.retention.retention_of`), worked out on the whole session.

    A subject access export's state holds only its candidate's outcomes, so
    the date comes from every outcome, never from what is exported. The
    legal hold's reason has names replaced as the options say. No clock is
    read: the date is the same whenever the export is made.
    """
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

    def legal_hold(self) -> str:
        """'A claim is open. Nothing is purged while the hold is on.', or '' when there is no legal hold."""
        if not self.retention.on_hold:
            return ""
        return f"{self.retention.legal_hold.strip().rstrip('.')}. Nothing is purged while the hold is on."

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
    """The subject of a subject access export: a candidate, or an applicant the sift did not shortlist.

    Such an applicant is never a candidate, so they are given the shape of one
    (their id, name and code) for the export alone: the records about them
    are found by that id (`_concerns`, `sift_views.sift_for_export`).
    """
    wanted = code.strip().casefold()
    for candidate in state.candidates:
        if candidate.code.casefold() == wanted:
            return candidate
    for applicant in state.applicants:
        if applicant.candidate_id is None and applicant.code.casefold() == wanted:
            return Candidate(id=applicant.id, name=applicant.name, code=applicant.code)
    raise NoSuchCode(code.strip())


def _concerns(event: AuditEvent, candidate: Candidate, applicant_id: str | None = None) -> bool:
    """Whether an audit entry is about this candidate: by its ids, or by the candidate's id in what changed.

    A candidate the sift shortlisted was an applicant first: entries about that
    applicant (their application, its redaction, the panel's decision) are about them too.
    """
    if event.candidate_id == candidate.id:
        return True
    if applicant_id is not None and event.record in (f"applicants:{applicant_id}", f"applications:{applicant_id}",
                                                      f"sift_decisions:{applicant_id}"):
        return True
    if event.candidate_id is not None or (event.before is None and event.after is None):
        return False
    written = orjson.dumps([event.before, event.after])
    return candidate.id.encode() in written or (applicant_id is not None and applicant_id.encode() in written)


def _only(state: SessionState, candidate: Candidate) -> SessionState:
    """Every record about this one candidate (by the registry's `candidate` of each kind), and the rest of the session."""
    changes = {}
    for kind in RECORD_KINDS:
        records = getattr(state, kind.field)
        if records and kind.candidate(records[0]) is not None:
            changes[kind.field] = tuple(r for r in records if kind.candidate(r) == candidate.id)
    return state.with_records(changes)


def shape_view(
    full: SessionState,
    readable: SessionState,
    events: list[AuditEvent] | tuple[AuditEvent, ...],
    options: ExportOptions,
    withheld: Withheld,
) -> ExportView:
    """Apply HR's options to what the rules let out (`readable` and `events`).

    `events` is the whole audit trail the export may hold, oldest first; the
    time of its last entry (or the session's creation, if it has none) is
    the export's `as_of`, taken before a subject access export keeps only
    the entries about its candidate.
    """
    events = list(events)
    as_of = events[-1].at if events else full.session.created_at
    scoped = _find_candidate(full, options.candidate) if options.candidate else None
    placings = _placings(full)
    view_state = readable
    view_events = events
    if scoped is not None:
        view_state = _only(view_state, scoped)
        was_applicant = next((a.id for a in full.applicants if a.candidate_id == scoped.id), None)
        view_events = [e for e in view_events if _concerns(e, scoped, was_applicant)]
        withheld = replace(
            withheld,
            draft_sheets=sum(1 for s in full.sheets if not s.submitted and s.candidate_id == scoped.id),
            unopened=tuple(code for code in withheld.unopened if code == scoped.code),
            unopened_sheets=sum(
                1 for s in full.sheets
                if s.submitted and s.candidate_id == scoped.id and full.reconciliation(scoped.id) is None
            ),
        )

    replacements: dict[str, str] = {}
    labels: dict[str, str] = {}
    if options.pseudonymise:
        labels = panel_labels(full, events)
        replacements.update(member_replacements(full, events, labels))
    if options.codes_only:
        replacements.update(candidate_replacements(full, events))
    redactor = Redactor(
        replacements,
        blank_member_fields=options.pseudonymise,
        blank_candidate_fields=options.codes_only,
    )
    if redactor:
        view_state = redact_state(view_state, redactor)
        view_events = [redactor.event(e) for e in view_events]
    kept_members, view_events = without_profiles(view_state.members, view_events)
    members = []
    for member in kept_members:
        if options.pseudonymise:
            member = revise(member, name=labels[member.id], pin_hash=None)
        elif member.pin_hash is not None:
            member = revise(member, pin_hash=None)
        members.append(member)
    view_state = replace(view_state, members=tuple(members))
    if options.codes_only:
        view_state = replace(
            view_state,
            candidates=tuple(revise(c, name=c.code, adjustments="") for c in view_state.candidates),
        )
    exported = None
    if scoped is not None:  # as exported; an applicant who was never a candidate is not in the state's candidates
        exported = next((c for c in view_state.candidates if c.id == scoped.id), None)
        exported = exported or (revise(scoped, name=scoped.code) if options.codes_only else scoped)
    retention = retention_of(full)  # every final outcome counts, whatever this export holds
    interviews: dict[str, int] = {}
    for sheet in full.sheets:
        if sheet.submitted and (scoped is None or sheet.candidate_id == scoped.id):
            interviews[sheet.member_id] = interviews.get(sheet.member_id, 0) + 1
    return ExportView(
        interviews=interviews,
        state=view_state,
        events=tuple(view_events),
        options=options,
        placings=placings,
        withheld=withheld,
        as_of=as_of,
        retention=replace(retention, legal_hold=redactor.text(retention.legal_hold) if redactor else retention.legal_hold),
        candidate=exported,
    )
