"""Read models of the sift: what one person may see of the written applications and their scores.

The sift's rules are applied here, once, for every screen, the CLI and the exports:

- identifying details (name, email, phone, other details, the answers as
  sent) are shown only to the chair and HR preparing the applications
  (`applications_view`, `identifying_details`); nothing a reviewer reads
  while sifting (`sift_overview`, `sift_queue`) holds them: codes and the
  answers as redacted only;
- each reviewer reads the answers in their own order (`reviewer_order`);
- blind until submitted: a reviewer reads only their own sift sheet; the
  chair reads values only on the shortlist, and only from submitted sheets
  (and not for a question whose own sift they have started and not yet
  submitted); progress (`sift_progress`) shows who has submitted, never values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..domain.errors import NotAllowed, UnknownQuestion
from ..domain.models import Candidate, Question, QuestionStatus, Role, Scale, Session
from ..domain.sift import (
    Applicant,
    Application,
    FoundDetail,
    NameFinder,
    SiftDecision,
    SiftSheet,
    details_in,
    ranks,
    reviewer_order,
    sift_sheet_id,
    sift_total,
)
from ..domain.state import SessionState
from ..export.view import ExportOptions
from .actor import Actor
from .rights import Right

__all__ = [
    "ApplicationRow",
    "ApplicationsView",
    "FoundDetail",
    "ImportedApplications",
    "ReviewerProgress",
    "ReviewerScore",
    "ShortlistRow",
    "ShortlistView",
    "SiftCell",
    "SiftItem",
    "SiftOverview",
    "SiftProgress",
    "SiftQuestionRow",
    "SiftQueue",
]


# Shared lookups ---------------------------------------------------------------


def sift_questions(state: SessionState) -> list[Question]:
    """The agreed sift questions, in order: what the sift scores."""
    agreed = [q for q in state.questions if q.sift and q.status is QuestionStatus.AGREED]
    return sorted(agreed, key=lambda q: (q.position, q.created_at))


def all_sift_questions(state: SessionState) -> list[Question]:
    """Every sift question not withdrawn (proposed ones too), in order: what applications answer."""
    kept = [q for q in state.questions if q.sift and q.status is not QuestionStatus.WITHDRAWN]
    return sorted(kept, key=lambda q: (q.position, q.created_at))


def applicants_in_order(state: SessionState) -> list[Applicant]:
    return sorted(state.applicants, key=lambda a: (a.position, a.code))


def sifted_applicants(state: SessionState) -> list[Applicant]:
    """The applicants with an application: the ones every reviewer scores."""
    with_application = {a.applicant_id for a in state.applications}
    return [a for a in applicants_in_order(state) if a.id in with_application]


def sift_question(state: SessionState, question_id: str) -> Question:
    question = state.question(question_id)
    if not question.sift:
        raise UnknownQuestion("That is an interview question, not a sift question.")
    if question.status is not QuestionStatus.AGREED:
        raise UnknownQuestion("That sift question has not been agreed, so it is not in the sift.")
    return question


def applicant_of(state: SessionState, applicant_id: str) -> Applicant:
    for applicant in state.applicants:
        if applicant.id == applicant_id:
            return applicant
    raise NotAllowed("That applicant is not in this session.")


def application_of(state: SessionState, applicant_id: str) -> Application | None:
    return next((a for a in state.applications if a.applicant_id == applicant_id), None)


def sift_sheet_of(state: SessionState, member_id: str, question_id: str) -> SiftSheet | None:
    wanted = sift_sheet_id(member_id, question_id)
    return next((s for s in state.sift_sheets if s.id == wanted), None)


def decision_of(state: SessionState, applicant_id: str) -> SiftDecision | None:
    return next((d for d in state.sift_decisions if d.applicant_id == applicant_id), None)


def name_finder(state: SessionState) -> NameFinder:
    """Every name the session knows (applicants and panel members): other people an answer may name."""
    return NameFinder([a.name for a in state.applicants] + [m.name for m in state.members])


@lru_cache(maxsize=64)
def _order(session_id: str, member_id: str, question_id: str, applicant_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Worked out once per reviewer, question and set of applicants (the screen asks on every move)."""
    return tuple(reviewer_order(session_id, member_id, question_id, applicant_ids))


def own_order(state: SessionState, member_id: str, question_id: str) -> tuple[str, ...]:
    """Applicant ids in this reviewer's own stable order for this question."""
    ids = tuple(a.applicant_id for a in state.applications)
    return _order(state.session.id, member_id, question_id, tuple(sorted(ids)))


def check_sift_open(session: Session) -> None:
    if session.sift_opened_at is None:
        raise NotAllowed("The sift has not been opened yet. The chair opens it once the applications are ready.")


def sift_safe_state(full: SessionState, actor: Actor) -> SessionState:
    """The sift's records as this actor may hold them in `SessionView.state`.

    For `SessionView.build` (services/views.py): a reviewer holds only their
    own sift sheets, and no applicant's identifying details or original
    answers; the chair and HR, who prepare the applications, hold them all
    but others' sift sheets only once submitted.
    """
    prepares = actor.may(Right.MANAGE_APPLICATIONS)
    sheets = tuple(s for s in full.sift_sheets if s.member_id == actor.id or (prepares and s.submitted))
    if prepares:
        return replace(full, sift_sheets=sheets)
    return replace(
        full,
        sift_sheets=sheets,
        applicants=tuple(
            Applicant(id=a.id, code=a.code, name=a.code, candidate_id=a.candidate_id, position=a.position, created_at=a.created_at)
            for a in full.applicants
        ),
        applications=tuple(Application(applicant_id=a.applicant_id, answers=a.answers) for a in full.applications),
    )


# Preparing the applications (chair, HR) ------------------------------------------


@dataclass(frozen=True)
class ImportedApplications:
    count: int
    codes: list[str]
    new_questions: list[str]
    """Texts of the sift questions made from the file's answer columns (proposed: the panel agrees them)."""
    unchanged_questions: list[str] = field(default_factory=list)
    """Answer columns matched to sift questions already in the session."""

    def sentence(self) -> str:
        who = "1 application" if self.count == 1 else f"{self.count} applications"
        said = f"Imported {who}"
        if self.codes:
            said += f" ({self.codes[0]} to {self.codes[-1]})" if len(self.codes) > 1 else f" ({self.codes[0]})"
        said += "."
        if self.new_questions:
            n = len(self.new_questions)
            said += (
                f" {n} new sift question{'s' if n != 1 else ''} made from the answer columns: "
                "the panel improves and agrees them before the sift."
            )
        return said


@dataclass(frozen=True)
class ApplicationRow:
    applicant_id: str
    code: str
    name: str
    found: int
    """Identifying details found in the answers (as reviewers will read them) still to redact."""
    redacted: bool
    """The chair or HR has changed at least one answer."""
    email: str = ""
    phone: str = ""
    candidate_id: str | None = None


@dataclass(frozen=True)
class ApplicationsView:
    rows: list[ApplicationRow]
    sift_open: bool
    questions: list[Question]
    """The sift questions applications answer (proposed and agreed), in order."""

    @property
    def found(self) -> int:
        """Identifying details found across every application and not yet redacted."""
        return sum(r.found for r in self.rows)

    def open_sentence(self) -> str:
        """What the chair reads before opening the sift."""
        if not self.found:
            return "No names, email addresses or phone numbers were found in the answers."
        with_some = sum(1 for r in self.rows if r.found)
        return (
            f"{self.found} possible name{'s' if self.found != 1 else ''}, email addresses or phone numbers are still in "
            f"the answers of {with_some} applicant{'s' if with_some != 1 else ''}. Redact them before opening the sift."
        )


HIDDEN_FROM_REVIEWERS = "(hidden: you sift too)"
"""What a chair who also sifts reads in place of a name or contact detail on the applications list."""


def applications_view(state: SessionState, actor: Actor) -> ApplicationsView:
    """Applications as the chair or HR prepare them: by code; names and contact details for HR only.

    A chair who also sifts must stay as blind as the other reviewers: they
    read codes, and only the details the redaction aid finds in the answers.
    """
    actor.require(Right.MANAGE_APPLICATIONS)
    sifts = actor.may(Right.SIFT)
    finder = name_finder(state)
    by_id = {a.applicant_id: a for a in state.applications}
    rows = []
    for applicant in applicants_in_order(state):
        application = by_id.get(applicant.id)
        found = len(details_in(application, applicant, finder)) if application is not None else 0
        name, email, phone = (
            (HIDDEN_FROM_REVIEWERS, "", "") if sifts else (applicant.name, applicant.email, applicant.phone)
        )
        rows.append(
            ApplicationRow(
                applicant.id, applicant.code, name, found,
                bool(application and application.original), email, phone, applicant.candidate_id,
            )
        )
    return ApplicationsView(rows, state.session.sift_opened_at is not None, all_sift_questions(state))


def identifying_details(state: SessionState, actor: Actor, applicant_id: str) -> list[FoundDetail]:
    actor.require(Right.MANAGE_APPLICATIONS)
    applicant = applicant_of(state, applicant_id)
    application = application_of(state, applicant_id)
    if application is None:
        return []
    return details_in(application, applicant, name_finder(state))


# Sifting (a reviewer) ------------------------------------------------------------------


@dataclass(frozen=True)
class SiftQuestionRow:
    question_id: str
    text: str
    scored: int
    total: int
    submitted: bool


@dataclass(frozen=True)
class SiftOverview:
    open: bool
    questions: list[SiftQuestionRow]

    @property
    def all_submitted(self) -> bool:
        return bool(self.questions) and all(q.submitted for q in self.questions)


def sift_overview(state: SessionState, actor: Actor) -> SiftOverview:
    actor.require(Right.SIFT)
    total = len(state.applications)
    applicant_ids = {a.applicant_id for a in state.applications}
    rows = []
    for question in sift_questions(state):
        sheet = sift_sheet_of(state, actor.id, question.id)
        scored = sum(1 for a in sheet.scores if a in applicant_ids) if sheet else 0
        rows.append(SiftQuestionRow(question.id, question.text, scored, total, bool(sheet and sheet.submitted)))
    return SiftOverview(state.session.sift_opened_at is not None, rows)


@dataclass(frozen=True)
class SiftItem:
    applicant_id: str
    code: str
    answer: str
    """The answer as redacted: never the answer as sent."""
    score: int | None
    note: str


@dataclass(frozen=True)
class SiftQueue:
    question: Question
    scale: Scale
    items: list[SiftItem]
    """In this reviewer's own stable order."""
    submitted: bool

    @property
    def scored(self) -> int:
        return sum(1 for item in self.items if item.score is not None)

    def next_unscored(self, after: int = -1) -> int | None:
        """The index of the next item without a score after `after` (round to the start), or None."""
        count = len(self.items)
        for step in range(1, count + 1):
            index = (after + step) % count
            if self.items[index].score is None:
                return index
        return None


def sift_queue(state: SessionState, actor: Actor, question_id: str) -> SiftQueue:
    actor.require(Right.SIFT)
    check_sift_open(state.session)
    question = sift_question(state, question_id)
    sheet = sift_sheet_of(state, actor.id, question_id)
    scores = sheet.scores if sheet else {}
    notes = sheet.notes if sheet else {}
    applications = {a.applicant_id: a for a in state.applications}
    codes = {a.id: a.code for a in state.applicants}
    items = [
        SiftItem(applicant_id, codes.get(applicant_id, "?"), applications[applicant_id].answers.get(question_id, ""),
                 scores.get(applicant_id), notes.get(applicant_id, ""))
        for applicant_id in own_order(state, actor.id, question_id)
    ]
    return SiftQueue(question, state.session.scale, items, bool(sheet and sheet.submitted))


# The chair: progress and the shortlist -----------------------------------------------------


@dataclass(frozen=True)
class SiftCell:
    scored: int
    total: int
    submitted: bool


@dataclass(frozen=True)
class ReviewerProgress:
    member_id: str
    name: str
    group: str
    """The group's label in this session."""
    cells: dict[str, SiftCell]
    """Sift question id -> how far they are: counts and whether submitted, never a score."""

    @property
    def submitted_all(self) -> bool:
        return bool(self.cells) and all(c.submitted for c in self.cells.values())


@dataclass(frozen=True)
class SiftProgress:
    open: bool
    questions: list[Question]
    reviewers: list[ReviewerProgress]
    total: int
    """Applicants each reviewer scores on each question."""

    def submitted(self, question_id: str) -> int:
        return sum(1 for r in self.reviewers if (c := r.cells.get(question_id)) is not None and c.submitted)


def sift_progress(state: SessionState, actor: Actor) -> SiftProgress:
    actor.require(Right.SHORTLIST)
    questions = sift_questions(state)
    applicant_ids = {a.applicant_id for a in state.applications}
    total = len(applicant_ids)
    sheets = {s.id: s for s in state.sift_sheets}
    reviewers = []
    for member in state.scorers:
        cells = {}
        for question in questions:
            sheet = sheets.get(sift_sheet_id(member.id, question.id))
            scored = sum(1 for a in sheet.scores if a in applicant_ids) if sheet else 0
            cells[question.id] = SiftCell(scored, total, bool(sheet and sheet.submitted))
        reviewers.append(ReviewerProgress(member.id, member.name, state.group_label(member.group), cells))
    return SiftProgress(state.session.sift_opened_at is not None, questions, reviewers, total)


@dataclass(frozen=True)
class ReviewerScore:
    member_id: str
    name: str
    group: str
    score: int
    note: str = ""


@dataclass(frozen=True)
class ShortlistRow:
    applicant_id: str
    code: str
    total: float | None
    spread: int | None
    flagged: bool
    decision: SiftDecision | None
    rank: int | None = None
    tied_with: tuple[str, ...] = ()
    """Codes of the applicants with the same total: a tie is named, never broken."""
    scores: dict[str, tuple[ReviewerScore, ...]] = field(default_factory=dict)
    """Sift question id -> the scores of reviewers whose sift of that question is submitted."""
    flagged_questions: tuple[str, ...] = ()
    candidate_id: str | None = None
    """The interview candidate made from this applicant, once shortlisted and made."""

    @property
    def tied(self) -> bool:
        return bool(self.tied_with)


@dataclass(frozen=True)
class ShortlistView:
    rows: list[ShortlistRow]
    """Ranked by total, highest first; applicants without a total last."""
    questions: list[Question]
    withheld: list[str] = field(default_factory=list)
    """Sift questions whose scores are not shown to this chair: their own sift of it is started and not submitted."""
    submitted: dict[str, int] = field(default_factory=dict)
    """Sift question id -> how many reviewers have submitted it."""
    threshold: int = 2

    @property
    def decided(self) -> int:
        return sum(1 for r in self.rows if r.decision is not None)

    @property
    def shortlisted(self) -> int:
        return sum(1 for r in self.rows if r.decision is not None and r.decision.shortlisted)

    def withheld_sentence(self) -> str:
        if not self.withheld:
            return ""
        n = len(self.withheld)
        return f"Submit your own sift of {n} question{'s' if n != 1 else ''} to see the panel's scores for {'them' if n != 1 else 'it'}."


def shortlist_view(state: SessionState, actor: Actor) -> ShortlistView:
    actor.require(Right.SHORTLIST)
    check_sift_open(state.session)
    questions = sift_questions(state)
    submitted_sheets = [s for s in state.sift_sheets if s.submitted]
    withheld = []
    if not actor.is_tool and actor.role is Role.CHAIR:
        for question in questions:
            own = sift_sheet_of(state, actor.id, question.id)
            if own is not None and not own.submitted:
                withheld.append(question.id)
    members = {m.id: m for m in state.members}
    shown = [q for q in questions if q.id not in withheld]
    by_question: dict[str, list[SiftSheet]] = {q.id: [] for q in shown}
    for sheet in submitted_sheets:
        if sheet.question_id in by_question:
            by_question[sheet.question_id].append(sheet)
    threshold = state.session.divergence_threshold
    draft_rows = []
    for applicant in sifted_applicants(state):
        scores: dict[str, tuple[ReviewerScore, ...]] = {}
        for question in shown:
            given = []
            for sheet in sorted(by_question[question.id], key=lambda s: s.member_id):
                value = sheet.scores.get(applicant.id)
                if value is None:
                    continue
                member = members.get(sheet.member_id)
                given.append(
                    ReviewerScore(
                        sheet.member_id,
                        member.name if member else "a former panel member",
                        state.group_label(member.group) if member else "",
                        value,
                        sheet.notes.get(applicant.id, ""),
                    )
                )
            scores[question.id] = tuple(given)
        figures = sift_total({q: [s.score for s in given] for q, given in scores.items()}, threshold)
        draft_rows.append((applicant, figures, scores))
    placed = ranks([figures.total for _, figures, _ in draft_rows])
    rows = []
    for (applicant, figures, scores), (rank, tied) in zip(draft_rows, placed, strict=True):
        tied_with: tuple[str, ...] = ()
        if tied:
            key = round(figures.total or 0.0, 9)
            tied_with = tuple(
                other.code for other, f, _ in draft_rows
                if other.id != applicant.id and f.total is not None and round(f.total, 9) == key
            )
        rows.append(
            ShortlistRow(
                applicant.id, applicant.code, figures.total, figures.spread, figures.flagged,
                decision_of(state, applicant.id), rank, tied_with, scores, figures.flagged_questions, applicant.candidate_id,
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0))
    submitted = {q.id: sum(1 for s in submitted_sheets if s.question_id == q.id) for q in questions}
    return ShortlistView(rows, questions, withheld, submitted, threshold)


def candidates_made(state: SessionState) -> list[Candidate]:
    """The interview candidates made from shortlisted applicants, in the applicants' order."""
    made = {a.candidate_id for a in applicants_in_order(state) if a.candidate_id}
    return [c for c in state.candidates_in_order if c.id in made]


def codes_of(applicants: Iterable[Applicant]) -> str:
    """'A03, A07 and 5 more': codes for a sentence."""
    codes = [a.code for a in applicants]
    if len(codes) > 6:
        return f"{', '.join(codes[:6])} and {len(codes) - 6} more"
    return ", ".join(codes)


# What an export may hold of the sift --------------------------------------------------------


def sift_for_export(full: SessionState, options: ExportOptions) -> dict[str, tuple[Any, ...]]:
    """The sift's records as HR's export may hold them (for `views.export_content`).

    - blind scoring: only submitted sift sheets leave the session (a draft,
      even the chair's own, never does); notes only with `options.notes`;
    - codes only: applicants by code, with no contact or other details and
      no answer as sent (the answers as redacted stay);
    - a subject access export (`options.candidate`): only what is held about
      the applicant who became that candidate (or the applicant with that
      code, when the sift did not shortlist them): their details, their
      application, their scores and notes on each submitted sift sheet, and
      the panel's decision. Nothing about any other applicant.
    """
    sheets = [s for s in full.sift_sheets if s.submitted]
    if not options.notes:
        sheets = [s.model_copy(update={"notes": {}}) if s.notes else s for s in sheets]
    applicants = list(full.applicants)
    applications = list(full.applications)
    decisions = list(full.sift_decisions)
    if options.candidate is not None:
        wanted = options.candidate.strip().casefold()
        candidate_ids = {c.id for c in full.candidates if c.code.casefold() == wanted}
        applicants = [
            a for a in applicants
            if (a.candidate_id is not None and a.candidate_id in candidate_ids)
            or (a.candidate_id is None and a.code.casefold() == wanted)  # an applicant the sift did not shortlist
        ]
        ids = {a.id for a in applicants}
        applications = [a for a in applications if a.applicant_id in ids]
        decisions = [d for d in decisions if d.applicant_id in ids]
        sheets = [
            s.model_copy(update={
                "scores": {k: v for k, v in s.scores.items() if k in ids},
                "notes": {k: v for k, v in s.notes.items() if k in ids},
            })
            for s in sheets if any(k in ids for k in s.scores) or any(k in ids for k in s.notes)
        ]
    if options.codes_only:
        applicants = [
            a.model_copy(update={"name": a.code, "email": "", "phone": "", "other_details": {}}) for a in applicants
        ]
        applications = [a.model_copy(update={"original": {}}) if a.original else a for a in applications]
    return {
        "sift_sheets": tuple(sheets),
        "applicants": tuple(applicants),
        "applications": tuple(applications),
        "sift_decisions": tuple(decisions),
    }
