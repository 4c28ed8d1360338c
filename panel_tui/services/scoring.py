"""Scoring: one score, one note, one submission, each saved at once.

Rule 1 (blind until submitted) is applied by the read models in `views`;
here, a person changes only their own sheet, and the chair or HR only a
paper sheet they are typing in, never a member's own.
"""

from __future__ import annotations

from ..domain import scoring
from ..domain.models import Briefing, Conflict, ConflictKind, ScoreSheet
from ..domain.state import SessionState
from ..store import Transaction
from .base import ServiceBase, snapshot
from .rights import Right
from .views import check_paper_entry


class ScoringActions(ServiceBase):
    def _sheet(self, tx: Transaction, member_id: str, candidate_id: str) -> tuple[SessionState, ScoreSheet]:
        """The sheet this actor may change: their own, or a paper sheet they type in for someone."""
        state = tx.state
        member = state.member(member_id)
        state.candidate(candidate_id)
        on_behalf = member_id != self.actor.id
        if on_behalf:
            self._require(Right.ENTER_PAPER)
            check_paper_entry(state, member, candidate_id)
        else:
            self._require(Right.SCORE_OWN)
        scoring.check_may_score(state, member, candidate_id)
        sheet = state.sheet(member_id, candidate_id)
        if sheet is None:
            return state, scoring.empty_sheet(member_id, candidate_id, self.actor.name if on_behalf else None)
        if not on_behalf:
            scoring.check_not_paper(sheet)
        return state, sheet

    def _what(self, sheet: ScoreSheet, action: str) -> str:
        return f"{action} from paper" if sheet.entered_by else action

    def _where(self, state: SessionState, sheet: ScoreSheet, question_id: str | None = None) -> str:
        """A target HR can read in the audit trail: 'Dee Morgan, C02, question 3' (the ids say it for certain)."""
        where = f"{state.member(sheet.member_id).name}, {state.candidate(sheet.candidate_id).code}"
        if question_id is None:
            return where
        numbers = {q.id: n for n, q in enumerate(state.agreed_questions, start=1)}
        return f"{where}, question {numbers.get(question_id, '?')}"

    def record_score(self, member_id: str, candidate_id: str, question_id: str, value: object) -> ScoreSheet:
        with self._change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.scores.get(question_id)
            after = scoring.with_score(state, sheet, question_id, value)
            tx.put(after)
            self._audit(
                tx, self._what(after, "saved a score"), self._where(state, after, question_id),
                before, after.scores[question_id], about=after, question_id=question_id,
            )
        return after

    def clear_score(self, member_id: str, candidate_id: str, question_id: str) -> ScoreSheet:
        with self._change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.scores.get(question_id)
            after = scoring.without_score(state, sheet, question_id)
            tx.put(after)
            self._audit(
                tx, self._what(after, "cleared a score"), self._where(state, after, question_id),
                before, None, about=after, question_id=question_id,
            )
        return after

    def set_note(self, member_id: str, candidate_id: str, question_id: str, note: str) -> ScoreSheet:
        with self._change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.notes.get(question_id, "")
            if before == note:
                return sheet
            after = scoring.with_note(state, sheet, question_id, note)
            tx.put(after)
            self._audit(
                tx, self._what(after, "saved a note"), self._where(state, after, question_id),
                before, note, about=after, question_id=question_id,
            )
        return after

    def submit_sheet(self, member_id: str, candidate_id: str) -> ScoreSheet:
        with self._change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            after = scoring.submitted(sheet)
            tx.put(after)
            self._audit(
                tx, self._what(after, "submitted a score sheet"), self._where(state, after),
                sheet.status.value, after.status.value, about=after,
            )
        return after

    def declare_conflict(self, candidate_id: str, kind: ConflictKind | str, relation: str, detail: str = "") -> Conflict:
        """A member's own declaration, before scoring; a hard one stops them scoring this candidate."""
        self._require(Right.DECLARE_CONFLICT)
        with self._change() as tx:
            state = tx.state
            candidate = state.candidate(candidate_id)
            kind = ConflictKind(kind)
            scoring.check_may_declare(state, self.actor.id, candidate_id, kind)
            before = state.conflict(self.actor.id, candidate_id)
            conflict = Conflict(member_id=self.actor.id, candidate_id=candidate_id, kind=kind, relation=relation, detail=detail)
            tx.put(conflict)
            self._audit(tx, f"declared a {kind.value} conflict", candidate.code, snapshot(before), snapshot(conflict), about=conflict)
        return conflict

    def confirm_briefing(self) -> Briefing:
        self._require(Right.CONFIRM_BRIEFING)
        with self._change() as tx:
            state = tx.state
            existing = next((b for b in state.briefings if b.member_id == self.actor.id), None)
            if existing is not None:
                return existing
            briefing = Briefing(member_id=self.actor.id, statement=state.session.confidentiality)
            tx.put(briefing)
            self._audit(
                tx, "confirmed the confidentiality statement", self.actor.name, None, snapshot(briefing),
                about=briefing,
            )
        return briefing
