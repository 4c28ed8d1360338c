"""Scoring: one score, one note, one submission, each saved at once.

Rule 1 (blind until submitted) is enforced here, in `visible_sheets`, for
every screen and export that asks; the screens never filter on their own.
"""

from __future__ import annotations

from ..domain import scoring
from ..domain.errors import NotAllowed
from ..domain.models import Briefing, Conflict, ConflictKind, ScoreSheet
from ..domain.state import SessionState
from ..store import Transaction
from .base import ServiceBase, snapshot


class ScoringActions(ServiceBase):
    def _sheet(self, tx: Transaction, member_id: str, candidate_id: str) -> tuple[SessionState, ScoreSheet]:
        state = tx.state
        member = state.member(member_id)
        state.candidate(candidate_id)
        on_behalf = member_id != self.actor.id
        if on_behalf and not self.actor.may_set_up:
            raise NotAllowed("You can only score on your own sheet.")
        scoring.check_may_score(state, member, candidate_id)
        sheet = state.sheet(member_id, candidate_id)
        if sheet is None:
            sheet = scoring.empty_sheet(member_id, candidate_id, self.actor.name if on_behalf else None)
        return state, sheet

    def _what(self, sheet: ScoreSheet, action: str) -> str:
        return f"{action} from paper" if sheet.entered_by else action

    def _where(self, state: SessionState, sheet: ScoreSheet, question_id: str | None = None) -> str:
        """A target HR can read in the audit trail: 'Dee Morgan, C02, question 3'."""
        where = f"{state.member(sheet.member_id).name}, {state.candidate(sheet.candidate_id).code}"
        if question_id is None:
            return where
        numbers = {q.id: n for n, q in enumerate(state.agreed_questions, start=1)}
        return f"{where}, question {numbers.get(question_id, '?')}"

    def record_score(self, member_id: str, candidate_id: str, question_id: str, value: object) -> ScoreSheet:
        with self.change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.scores.get(question_id)
            after = scoring.with_score(state, sheet, question_id, value)
            tx.put(after)
            self.audit(tx, self._what(after, "saved a score"), self._where(state, after, question_id), before, after.scores[question_id])
        return after

    def clear_score(self, member_id: str, candidate_id: str, question_id: str) -> ScoreSheet:
        with self.change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.scores.get(question_id)
            after = scoring.without_score(state, sheet, question_id)
            tx.put(after)
            self.audit(tx, self._what(after, "cleared a score"), self._where(state, after, question_id), before, None)
        return after

    def set_note(self, member_id: str, candidate_id: str, question_id: str, note: str) -> ScoreSheet:
        with self.change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            before = sheet.notes.get(question_id, "")
            if before == note:
                return sheet
            after = scoring.with_note(state, sheet, question_id, note)
            tx.put(after)
            self.audit(tx, self._what(after, "saved a note"), self._where(state, after, question_id), before, note)
        return after

    def submit_sheet(self, member_id: str, candidate_id: str) -> ScoreSheet:
        with self.change() as tx:
            state, sheet = self._sheet(tx, member_id, candidate_id)
            after = scoring.submitted(sheet)
            tx.put(after)
            self.audit(tx, self._what(after, "submitted a score sheet"), self._where(state, after), sheet.status.value, after.status.value)
        return after

    def declare_conflict(self, candidate_id: str, kind: ConflictKind | str, relation: str, detail: str = "") -> Conflict:
        """A member's own declaration, before scoring; a hard one stops them scoring this candidate."""
        if self.actor.role is None:
            raise NotAllowed("Only a panel member can declare a conflict of interest.")
        with self.change() as tx:
            state = tx.state
            state.candidate(candidate_id)
            sheet = state.sheet(self.actor.id, candidate_id)
            kind = ConflictKind(kind)
            if kind is ConflictKind.HARD and sheet is not None and sheet.scores:
                raise NotAllowed(
                    "You have already scored this candidate. Tell the chair: a hard conflict "
                    "must be declared before scoring."
                )
            before = state.conflict(self.actor.id, candidate_id)
            conflict = Conflict(member_id=self.actor.id, candidate_id=candidate_id, kind=kind, relation=relation, detail=detail)
            tx.put(conflict)
            self.audit(tx, f"declared a {kind.value} conflict", state.candidate(candidate_id).code, snapshot(before), snapshot(conflict))
        return conflict

    def confirm_briefing(self) -> Briefing:
        if self.actor.role is None:
            raise NotAllowed("Only a panel member confirms the confidentiality statement.")
        with self.change() as tx:
            state = tx.state
            existing = next((b for b in state.briefings if b.member_id == self.actor.id), None)
            if existing is not None:
                return existing
            briefing = Briefing(member_id=self.actor.id, statement=state.session.confidentiality)
            tx.put(briefing)
            self.audit(tx, "confirmed the confidentiality statement", self.actor.name, None, snapshot(briefing))
        return briefing

    def visible_sheets(self, candidate_id: str) -> list[ScoreSheet]:
        """Rule 1: the sheets this actor may read for a candidate.

        Members see others' submitted sheets once their own is submitted; the
        chair and HR see them once the chair has opened agreement for the
        candidate. A script acting as a tool follows the chair's rule.
        """
        state = self.state
        opened = state.reconciliation(candidate_id) is not None
        if self.actor.role is None:
            return [s for s in state.sheets_for_candidate(candidate_id) if s.submitted] if opened else []
        viewer = state.member(self.actor.id)
        return scoring.visible_sheets(state, viewer, candidate_id, opened)
