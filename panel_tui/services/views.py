"""Read models: what one person may see of a session, built once per version of the file.

Rule 1 of DESIGN.md and the rights are applied here and nowhere else.
Screens, the CLI and the exports render what these give them; none of them
filters a sheet or hides a name on its own.

- `SessionView`: the session as one actor may see it. Its `state` holds only
  the score sheets the actor may read (their own, a paper sheet they are
  typing in, and others' submitted sheets once rule 1 allows), no PIN
  hashes (only whether one is set), no wrong-PIN counts, candidates by
  code alone when scoring is anonymised and the actor may not see names,
  and only their own access profile unless they are the chair or HR (who
  plan with everyone's).
  Who has submitted what (counts, never values) comes from `progress`.
- `sheet_for_scoring`: the one sheet a person may score or type in.
- `resume_point`: where a member signing in again left off scoring.
- `audit_trail`: the audit events, with score and note values withheld
  where rule 1 hides them (rule 8 of issue 9: by id, never by text).
- `export_content`: what an export may hold, for `panel_tui.export` to render.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..domain.audit import event_sheet, private_values, upgrade_refs
from ..domain.errors import NotAllowed
from ..domain.models import (
    AccessProfile,
    AuditEvent,
    Candidate,
    PanelMember,
    Question,
    Role,
    Scale,
    ScoreSheet,
    revise,
)
from ..domain.progress import SheetProgress, sheet_progress
from ..domain.reconcile import missing_sheets
from ..domain.scoring import check_not_paper, may_read_sheet
from ..domain.sift import SiftSheet
from ..domain.state import SessionState
from ..export.redact import profile_out
from ..export.view import ExportOptions, ExportView, Withheld, shape_view
from .actor import Actor
from .rights import Right
from .sift_views import sift_for_export, sift_safe_state

WITHHELD = "withheld"
"""What an audit entry shows in place of a score or note the reader may not see."""
PIN_SET = "set"
"""A view's stand-in for a PIN hash: whether a PIN is set, never the hash."""
NO_PROFILE = AccessProfile()
"""A view's stand-in for an access profile the reader may not see: nothing asked for."""


def _masked_member(member: PanelMember) -> PanelMember:
    return member if member.pin_hash is None else revise(member, pin_hash=PIN_SET)


def _profile_hidden(member: PanelMember) -> PanelMember:
    return member if member.profile == NO_PROFILE else revise(member, profile=NO_PROFILE)


def sees_profile(actor: Actor, member_id: str) -> bool:
    """A person's access profile is theirs, and the chair's and HR's to plan with: nobody else's to read."""
    return actor.id == member_id or actor.may(Right.EDIT_ANY_MEMBER)


@dataclass(frozen=True)
class SessionView:
    """The session as one actor may see it. Build with `SessionView.build`."""

    actor: Actor
    state: SessionState
    """Only what this actor may read (see the module docstring)."""
    _full: SessionState = field(repr=False, compare=False)

    @classmethod
    def build(cls, full: SessionState, actor: Actor) -> SessionView:
        enters_paper = actor.may(Right.ENTER_PAPER)
        sheets = tuple(s for s in full.sheets if may_read_sheet(full, actor.id, actor.role, enters_paper, s))
        candidates = full.candidates
        if full.session.anonymised and not actor.may(Right.SEE_CANDIDATE_NAMES):
            candidates = tuple(revise(c, name=c.code, adjustments="") for c in candidates)
        state = replace(
            full,
            sheets=sheets,
            candidates=candidates,
            members=tuple(
                _masked_member(m if sees_profile(actor, m.id) else _profile_hidden(m)) for m in full.members
            ),
            pin_attempts=(),
            reciprocity=tuple(r for r in full.reciprocity if sees_reciprocity(actor, r.member_id)),
            letters=full.letters if actor.may(Right.WRITE_FEEDBACK) or actor.may(Right.EXPORT) else (),
        )
        state = sift_safe_state(state, actor)  # applicants' details and others' sift scores: see sift_views
        return cls(actor, state, full)

    # Who is looking --------------------------------------------------------

    def may(self, right: Right) -> bool:
        return self.actor.may(right)

    @property
    def you(self) -> PanelMember | None:
        """The signed-in panel member, or None for a tool or the organiser."""
        if self.actor.is_tool:
            return None
        return next((m for m in self.state.members if m.id == self.actor.id), None)

    @property
    def shows_candidate_names(self) -> bool:
        return not self.state.session.anonymised or self.may(Right.SEE_CANDIDATE_NAMES)

    # Progress: counts and statuses, never values ----------------------------

    @cached_property
    def _progress(self) -> dict[tuple[str, str], SheetProgress]:
        full = self._full
        return {(m.id, c.id): sheet_progress(full, m, c) for m in full.scorers for c in full.candidates}

    def progress(self, member_id: str, candidate_id: str) -> SheetProgress:
        found = self._progress.get((member_id, candidate_id))
        if found is not None:
            return found
        return sheet_progress(self._full, self._full.member(member_id), self._full.candidate(candidate_id))

    def session_progress(self) -> tuple[int, int]:
        """(submitted sheets, sheets expected) across the session."""
        expected = len(self._full.scorers) * len(self._full.candidates)
        return sum(1 for s in self._full.sheets if s.submitted), expected

    def submitted_count(self, candidate_id: str) -> int:
        return self._full.submitted_count(candidate_id)

    def missing_sheets(self, candidate_id: str) -> list[PanelMember]:
        """Scorers still owed for a candidate (who, not what they scored)."""
        return [self.state.member(m.id) for m in missing_sheets(self._full, candidate_id)]

    def opened(self, candidate_id: str) -> bool:
        return self.state.reconciliation(candidate_id) is not None

    def require_opened(self, candidate_id: str) -> None:
        """The reconciliation grid and its figures exist only once the chair opened agreement."""
        self.actor.require(Right.RECONCILE)
        self.state.candidate(candidate_id)
        if not self.opened(candidate_id):
            raise NotAllowed("Agreeing scores for this candidate has not been opened yet.")


@dataclass(frozen=True)
class SheetForScoring:
    """One sheet as the person scoring it (or typing in its paper copy) sees it."""

    member: PanelMember
    candidate: Candidate
    candidate_label: str
    questions: tuple[Question, ...]
    scale: Scale
    scores: dict[str, int]
    notes: dict[str, str]
    submitted: bool
    on_behalf: bool
    """Typed in from paper by the chair or HR."""
    profile: AccessProfile = NO_PROFILE
    """The access profile of the person at the keys (on paper entry, the chair's or HR's own, not the member's)."""


def sheet_for_scoring(view: SessionView, member_id: str, candidate_id: str) -> SheetForScoring:
    """The sheet a person may score: their own, or a paper sheet the chair or HR types in.

    Refuses to open anyone else's sheet, and refuses paper entry onto a
    member's own sheet in progress (rule: the chair and HR never read or
    change a member's own sheet).
    """
    state = view.state
    actor = view.actor
    member = state.member(member_id)
    candidate = state.candidate(candidate_id)
    on_behalf = member_id != actor.id
    if on_behalf:
        actor.require(Right.ENTER_PAPER)
        check_paper_entry(view._full, member, candidate_id)
    else:
        actor.require(Right.SCORE_OWN)
    sheet = state.sheet(member_id, candidate_id)
    if sheet is not None and not on_behalf:
        check_not_paper(sheet)
    label = candidate.code if state.session.anonymised or not view.shows_candidate_names else f"{candidate.code} {candidate.name}"
    return SheetForScoring(
        member=member,
        candidate=candidate,
        candidate_label=label,
        questions=tuple(state.agreed_questions),
        scale=state.session.scale,
        scores=dict(sheet.scores) if sheet else {},
        notes=dict(sheet.notes) if sheet else {},
        submitted=bool(sheet and sheet.submitted),
        on_behalf=on_behalf,
        profile=you.profile if (you := view.you) is not None else NO_PROFILE,
    )


@dataclass(frozen=True)
class ResumePoint:
    """Where a member left off: the candidate and question to go back to after signing in again."""

    candidate_id: str
    candidate_code: str
    """The code only (C02): safe to show whether or not scoring is anonymised."""
    question_id: str
    number: int
    """The question's place in the agreed set, from 1."""
    total: int

    @property
    def sentence(self) -> str:
        return f"Welcome back. You were scoring {self.candidate_code}, question {self.number} of {self.total}."


def resume_point(view: SessionView) -> ResumePoint | None:
    """The signed-in member's most recently changed sheet still in progress, or None.

    In progress: their own draft (not a paper sheet someone types in for
    them), with at least one score or note, for a candidate they may still
    score. The question is the first one without a score, or the last one
    when every question has a score and only submitting is left. A tool, HR
    and anyone with nothing started get None: the overview, as usual.
    """
    actor = view.actor
    if actor.is_tool or not actor.may(Right.SCORE_OWN):
        return None
    state = view.state
    questions = state.agreed_questions
    if not questions:
        return None
    started = [
        s for s in state.sheets
        if s.member_id == actor.id and not s.submitted and s.entered_by is None
        and (s.scores or any(note.strip() for note in s.notes.values()))
        and not state.has_hard_conflict(actor.id, s.candidate_id)
    ]
    if not started:
        return None
    sheet = max(started, key=lambda s: s.updated_at)
    number, question = next(
        ((n, q) for n, q in enumerate(questions, start=1) if q.id not in sheet.scores), (len(questions), questions[-1])
    )
    candidate = state.candidate(sheet.candidate_id)
    return ResumePoint(candidate.id, candidate.code, question.id, number, len(questions))


def check_paper_entry(full: SessionState, member: PanelMember, candidate_id: str) -> None:
    """Paper entry creates or continues only a paper sheet, never a member's own."""
    sheet = full.sheet(member.id, candidate_id)
    if sheet is not None and sheet.entered_by is None:
        raise NotAllowed(
            f"{member.name} has started their own score sheet for this candidate, so it cannot be typed in from "
            "paper. Ask them to finish it themselves."
        )


# The audit trail ---------------------------------------------------------------


def withhold_values(
    events: Sequence[AuditEvent],
    full: SessionState,
    sheet_allowed: Callable[[ScoreSheet], bool],
    candidate_allowed: Callable[[str], bool],
    notes: bool = True,
    sift_allowed: Callable[[SiftSheet], bool] = lambda _: False,
) -> list[AuditEvent]:
    """Score, note and agreed-score values kept only where allowed; matched by ids, never by text.

    An event about a sheet that is unknown (its ids could not be recovered
    from a 0.1 file, or the sheet is gone) is treated as hidden: when in
    doubt, a score stays in the session. A sift score or note is shown only
    where `sift_allowed` says so for its sift sheet (by default nowhere).
    """
    sheets = {s.id: s for s in full.sheets}
    sift_sheets = {f"sift_sheets:{s.id}": s for s in full.sift_sheets}
    result = []
    for event in upgrade_refs(list(events), full):
        private = private_values(event)
        if private is not None and (event.before is not None or event.after is not None):
            sift_sheet = sift_sheets.get(event.record or "")
            if (event.record or "").startswith("sift_sheets:"):
                allowed = sift_sheet is not None and sift_allowed(sift_sheet)
            elif private == "agreed":
                allowed = event.candidate_id is not None and candidate_allowed(event.candidate_id)
            else:
                sheet = sheets.get(event_sheet(event) or "")
                allowed = sheet is not None and sheet_allowed(sheet) and (notes or private != "note")
            if not allowed:
                event = revise(event, before=WITHHELD, after=WITHHELD)
        result.append(event)
    return result


def _may_see_sift_sheet(full: SessionState, actor: Actor, sheet: SiftSheet) -> bool:
    """The sift's blind rule in the audit trail: your own; the chair, a submitted sheet, unless still sifting that question."""
    if not actor.is_tool and sheet.member_id == actor.id:
        return True
    if not (sheet.submitted and actor.may(Right.SHORTLIST)):
        return False
    own = next((s for s in full.sift_sheets if s.member_id == actor.id and s.question_id == sheet.question_id), None)
    return own is None or own.submitted


def _may_see_candidate_scores(full: SessionState, actor: Actor, candidate_id: str) -> bool:
    """Rule 1 for figures about a candidate (agreed scores): the chair and HR once opened; a member after submitting."""
    if actor.role in (Role.CHAIR, Role.OBSERVER, None):
        return full.reconciliation(candidate_id) is not None
    own = full.sheet(actor.id, candidate_id)
    return own is not None and own.submitted


def audit_trail(view: SessionView, events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """The audit trail as this actor may read it: every event, with hidden values withheld.

    Someone who may not read others' access profiles reads no profile but
    their own in any snapshot of a panel member.
    """
    full = view._full
    actor = view.actor
    enters_paper = actor.may(Right.ENTER_PAPER)
    trail = withhold_values(
        events,
        full,
        lambda sheet: may_read_sheet(full, actor.id, actor.role, enters_paper, sheet),
        lambda candidate_id: _may_see_candidate_scores(full, actor, candidate_id),
        sift_allowed=lambda sheet: _may_see_sift_sheet(full, actor, sheet),
    )
    trail = [
        event if not _is_reciprocity(event) or sees_reciprocity(actor, event.member_id or "") else revise(
            event, before=WITHHELD if event.before is not None else None, after=WITHHELD if event.after is not None else None
        )
        for event in trail
    ]
    if actor.may(Right.EDIT_ANY_MEMBER):
        return trail
    shown = []
    for event in trail:
        before, after = profile_out(event.before, actor.id), profile_out(event.after, actor.id)
        shown.append(event if (before, after) == (event.before, event.after) else revise(event, before=before, after=after))
    return shown


def sees_reciprocity(actor: Actor, member_id: str) -> bool:
    """What a panel member is offered, gives and is paid: HR, and that panel member, only."""
    return actor.may(Right.KEEP_RECIPROCITY) or (not actor.is_tool and actor.id == member_id)


def _is_reciprocity(event: AuditEvent) -> bool:
    return (event.record or "").startswith("reciprocity:")


# What an export may hold ---------------------------------------------------------

EXPORTED_SESSION = "exported the session"
"""The audit action of HR's export of a session (`PanelService.export`)."""
EXPORTED_SUBJECT_ACCESS = "exported a subject access record"
"""The audit action of an export of what is held about one candidate."""
EXPORTED_BANK = "exported the agreed questions as a bank"
"""The audit action of writing the agreed set as a question bank (`PanelService.export_questions`)."""
EXPORTED_PAYMENTS = "exported payments for finance"
"""The audit action of HR's payments.csv for finance (`PanelService.export_payments`)."""
EXPORTED_SIFT = "exported the sift"
"""The audit action of HR's sift.csv (`PanelService.export_sift`)."""
EXPORT_RECORDS = frozenset({EXPORTED_SESSION, EXPORTED_SUBJECT_ACCESS, EXPORTED_BANK, EXPORTED_PAYMENTS, EXPORTED_SIFT})
"""Audit actions that record files being written out of the session: a record, not a change to it."""


def up_to_last_change(events: Sequence[AuditEvent]) -> list[AuditEvent]:
    """The audit trail as it stood at the session's last change: records of exports made since are left out."""
    end = len(events)
    while end and events[end - 1].action in EXPORT_RECORDS:
        end -= 1
    return list(events[:end])


def export_content(view: SessionView, events: Sequence[AuditEvent], options: ExportOptions) -> ExportView:
    """HR's export: only submitted sheets, and a candidate's only once agreement is open for them.

    Stricter than what the chair sees on screen: a draft (even the chair's
    own) never leaves the session. Options (pseudonyms, codes, notes, one
    candidate) are then applied by `panel_tui.export.view.shape_view`.

    An export repeats exactly: it shows the session as it stood at its last
    change, so exporting an unchanged session again (to the same folder or
    another, now or next week) gives byte-identical files, and HR is told
    the files are up to date instead of being asked to replace them. Two
    things make that so. The audit entries that record exports (and bank
    exports) made since the last change are left out: they say files were
    written, they change nothing in the session, and the entry an export
    adds about itself would otherwise make the next export differ. Exports
    made before a later change are kept, so the trail in the files is whole
    up to its last entry. And no file carries the clock: the time shown is
    that of the last change (`ExportView.as_of`), the last audit entry kept.
    The session file's own audit trail still holds every export.
    """
    view.actor.require(Right.EXPORT)
    events = up_to_last_change(events)
    full = view._full
    opened = {r.candidate_id for r in full.reconciliations}
    kept = [s for s in full.sheets if s.submitted and s.candidate_id in opened]
    kept_ids = {s.id for s in kept}
    unopened = [s for s in full.sheets if s.submitted and s.candidate_id not in opened]
    if not options.notes:
        kept = [revise(s, notes={}) if s.notes else s for s in kept]
    readable = replace(
        full,
        sheets=tuple(kept),
        members=tuple(revise(m, pin_hash=None) if m.pin_hash else m for m in full.members),
        pin_attempts=(),
    )
    # the sift's rules for exports: submitted sift sheets, codes only, one candidate
    readable = readable.with_records(sift_for_export(full, options))
    readable_events = withhold_values(
        events, full, lambda sheet: sheet.id in kept_ids, lambda candidate_id: candidate_id in opened, options.notes
    )
    if not view.actor.may(Right.KEEP_RECIPROCITY) or options.candidate:
        # Thanks and payments are HR's: the chair's export and any subject access export leave them out.
        readable = replace(readable, reciprocity=())
        readable_events = [
            revise(e, before=WITHHELD, after=WITHHELD)
            if (e.record or "").startswith("reciprocity:") and (e.before is not None or e.after is not None) else e
            for e in readable_events
        ]
    drafts = [s for s in full.sheets if not s.submitted]
    withheld = Withheld(
        draft_sheets=len(drafts),
        unopened=tuple(c.code for c in full.candidates_in_order if any(s.candidate_id == c.id for s in unopened)),
        unopened_sheets=len(unopened),
        notes_left_out=not options.notes,
    )
    return shape_view(full, readable, readable_events, options, withheld)
