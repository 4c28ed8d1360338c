"""The rules of independent scoring.

Pure functions over models: record a score, keep a note, submit a sheet, and
decide who may see which scores (rule 1 of DESIGN.md). The service calls
these inside one locked write, so a rule checked here holds for every
terminal.
"""

from __future__ import annotations

from datetime import datetime

from .errors import NotAllowed, ScoreOutOfScale, SheetSubmitted, UnknownQuestion
from .models import (
    ConflictKind,
    PanelMember,
    Question,
    Role,
    Scale,
    ScoreSheet,
    SheetStatus,
    now,
    revise,
)
from .state import SessionState


def check_score(scale: Scale, value: object) -> int:
    """A whole number on the session's scale, or a plain message."""
    if isinstance(value, bool):
        raise ScoreOutOfScale(scale.describe())
    if isinstance(value, str):
        value = value.strip()
        if not value.removeprefix("-").isdecimal():
            raise ScoreOutOfScale(f"A score is a whole number. {scale.describe()}")
        value = int(value)
    if not isinstance(value, int):
        raise ScoreOutOfScale(f"A score is a whole number. {scale.describe()}")
    if value not in scale.points:
        raise ScoreOutOfScale(f"{value} is not on the scale. {scale.describe()}")
    return value


def empty_sheet(member_id: str, candidate_id: str, entered_by: str | None = None) -> ScoreSheet:
    return ScoreSheet(member_id=member_id, candidate_id=candidate_id, entered_by=entered_by)


def _editable(sheet: ScoreSheet) -> None:
    if sheet.submitted:
        raise SheetSubmitted("This sheet is submitted. Submitted scores cannot be changed.")


def _scoring_question(state: SessionState, question_id: str) -> Question:
    question = state.question(question_id)
    if state.session.questions_locked and question not in state.agreed_questions:
        raise UnknownQuestion("That question is not in the agreed set for these interviews.")
    return question


def check_may_score(state: SessionState, member: PanelMember, candidate_id: str) -> None:
    if not member.scores:
        raise NotAllowed(f"{member.name} is an observer and does not score.")
    if state.has_hard_conflict(member.id, candidate_id):
        code = state.candidate(candidate_id).code
        raise NotAllowed(f"{member.name} declared a conflict with {code}, so cannot score this candidate.")


def check_not_paper(sheet: ScoreSheet) -> None:
    """A paper sheet being typed in is the chair's or HR's to finish; the member does not score over it."""
    if sheet.entered_by is not None and not sheet.submitted:
        raise NotAllowed(
            f"Your paper sheet for this candidate is being typed in by {sheet.entered_by}. "
            "Ask them if something on it needs changing."
        )


def check_may_declare(state: SessionState, member_id: str, candidate_id: str, kind: ConflictKind) -> None:
    """A hard conflict must come before scoring: scores already given stay on record."""
    sheet = state.sheet(member_id, candidate_id)
    if kind is ConflictKind.HARD and sheet is not None and sheet.scores:
        raise NotAllowed(
            "You have already scored this candidate. Tell the chair: a hard conflict "
            "must be declared before scoring."
        )


def needs_briefing(state: SessionState, member: PanelMember) -> bool:
    """The first time a member scores in a session, they confirm the confidentiality statement."""
    return member.scores and not state.briefed(member.id)


def with_score(state: SessionState, sheet: ScoreSheet, question_id: str, value: object, at: datetime | None = None) -> ScoreSheet:
    _editable(sheet)
    question = _scoring_question(state, question_id)
    score = check_score(state.session.scale, value)
    scores = dict(sheet.scores)
    scores[question.id] = score
    return revise(sheet, scores=scores, updated_at=at or now())


def without_score(state: SessionState, sheet: ScoreSheet, question_id: str) -> ScoreSheet:
    _editable(sheet)
    scores = {k: v for k, v in sheet.scores.items() if k != question_id}
    return revise(sheet, scores=scores, updated_at=now())


def with_note(state: SessionState, sheet: ScoreSheet, question_id: str, note: str) -> ScoreSheet:
    _editable(sheet)
    question = _scoring_question(state, question_id)
    notes = dict(sheet.notes)
    if note.strip():
        notes[question.id] = note
    else:
        notes.pop(question.id, None)
    return revise(sheet, notes=notes, updated_at=now())


def questions_for_scoring(state: SessionState) -> list[Question]:
    """Exactly the locked, agreed set once locked (rule 5); the agreed ones before."""
    return state.agreed_questions


def unscored(state: SessionState, sheet: ScoreSheet) -> list[Question]:
    return [q for q in questions_for_scoring(state) if q.id not in sheet.scores]


def submitted(sheet: ScoreSheet) -> ScoreSheet:
    _editable(sheet)
    stamp = now()
    return revise(sheet, status=SheetStatus.SUBMITTED, submitted_at=stamp, updated_at=stamp)


def may_read_sheet(
    state: SessionState, viewer_id: str, viewer_role: Role | None, enters_paper: bool, sheet: ScoreSheet
) -> bool:
    """Rule 1: may this viewer read this sheet's scores and notes?

    - your own sheet, always (a draft is your own working);
    - a paper sheet still being typed in, by the chair or HR who types it;
    - otherwise only submitted sheets: a panel member once their own sheet
      for that candidate is submitted; the chair, HR and tools (`viewer_role`
      None) once the chair has opened agreement for the candidate. The chair's
      own submitted sheet does not open the others' values to them: they lead
      the discussion, so they see everyone's at once, when it opens.
    """
    if sheet.member_id == viewer_id:
        return True
    if not sheet.submitted:
        return enters_paper and sheet.entered_by is not None
    if viewer_role in (Role.CHAIR, Role.OBSERVER, None):
        return state.reconciliation(sheet.candidate_id) is not None
    own = state.sheet(viewer_id, sheet.candidate_id)
    return own is not None and own.submitted
