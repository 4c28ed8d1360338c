"""Scoring: one score, one note, one submission, each saved at once."""

from __future__ import annotations

from ..domain import scoring
from ..domain.errors import NotAllowed
from ..domain.models import ScoreSheet
from ..domain.state import SessionState
from ..store import Transaction
from .base import ServiceBase


class ScoringActions(ServiceBase):
    def _sheet(self, tx: Transaction, member_id: str, candidate_id: str) -> tuple[SessionState, ScoreSheet]:
        state = tx.state
        member = state.member(member_id)
        state.candidate(candidate_id)
        if member_id != self.actor.id and not self.actor.may_set_up:
            raise NotAllowed("You can only score on your own sheet.")
        scoring.check_may_score(state, member)
        sheet = state.sheet(member_id, candidate_id)
        if sheet is None:
            entered_by = None if member_id == self.actor.id else self.actor.name
            sheet = scoring.empty_sheet(member_id, candidate_id, entered_by)
        return state, sheet

    def record_score(self, member_id: str, candidate_id: str, question_id: str, value: object) -> ScoreSheet:
        with self.change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.scores.get(question_id)
            after = scoring.with_score(state, sheet, question_id, value)
            tx.put(after)
            self.audit(tx, "saved a score", f"{after.id}/{question_id}", before, after.scores[question_id])
        return after

    def clear_score(self, member_id: str, candidate_id: str, question_id: str) -> ScoreSheet:
        with self.change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.scores.get(question_id)
            after = scoring.without_score(state, sheet, question_id)
            tx.put(after)
            self.audit(tx, "cleared a score", f"{after.id}/{question_id}", before, None)
        return after

    def set_note(self, member_id: str, candidate_id: str, question_id: str, note: str) -> ScoreSheet:
        with self.change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.notes.get(question_id, "")
            if before == note:
                return sheet
            after = scoring.with_note(state, sheet, question_id, note)
            tx.put(after)
            self.audit(tx, "saved a note", f"{after.id}/{question_id}", before, note)
        return after

    def submit_sheet(self, member_id: str, candidate_id: str) -> ScoreSheet:
        with self.change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            after = scoring.submitted(sheet)
            tx.put(after)
            self.audit(tx, "submitted a score sheet", after.id, sheet.status.value, after.status.value)
        return after

    def visible_sheets(self, candidate_id: str) -> list[ScoreSheet]:
        """Rule 1, enforced here for every screen and export that asks."""
        state = self.state
        if self.actor.role is None:
            return state.sheets_for_candidate(candidate_id)
        viewer = state.member(self.actor.id)
        return scoring.visible_sheets(state, viewer, candidate_id)
