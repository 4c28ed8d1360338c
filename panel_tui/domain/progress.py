"""Who has submitted what: counts only, never score values (rule 1)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Candidate, PanelMember, SheetStatus
from .state import SessionState


@dataclass(frozen=True)
class SheetProgress:
    """A member's sheet for a candidate: 'not started', 'draft 3/8' or 'submitted'."""

    status: str
    scored: int
    total: int
    paper: bool = False
    """Typed in from a paper sheet by the chair or HR: shown as such everywhere."""

    @property
    def label(self) -> str:
        paper = " (paper)" if self.paper else ""
        if self.status == SheetStatus.SUBMITTED:
            return f"✓ submitted{paper}"
        if self.status == SheetStatus.DRAFT:
            return f"… {self.scored}/{self.total} scored{paper}"
        return "· not started"

    @property
    def short_label(self) -> str:
        """For the progress grid, where five panel members must fit in 80 columns."""
        paper = " P" if self.paper else ""
        if self.status == SheetStatus.SUBMITTED:
            return f"✓ done{paper}"
        if self.status == SheetStatus.DRAFT:
            return f"… {self.scored}/{self.total}{paper}"
        return "·"


def sheet_progress(state: SessionState, member: PanelMember, candidate: Candidate) -> SheetProgress:
    agreed = state.agreed_question_ids
    total = len(agreed)
    sheet = state.sheet(member.id, candidate.id)
    if sheet is None:
        return SheetProgress("none", 0, total)
    scored = sum(1 for q in sheet.scores if q in agreed)
    return SheetProgress(sheet.status, scored, total, paper=sheet.entered_by is not None)


def session_progress(state: SessionState) -> tuple[int, int]:
    """(submitted sheets, sheets expected) across the session."""
    expected = len(state.scorers) * len(state.candidates)
    done = sum(1 for s in state.sheets if s.submitted)
    return done, expected
