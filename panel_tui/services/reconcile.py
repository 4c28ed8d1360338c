"""Reconciliation: the chair opens agreement, sets agreed scores, signs off, records outcomes.

Agreed scores sit beside the independent scores; nothing here ever writes a
score sheet. Every change is audited from -> to.
"""

from __future__ import annotations

from ..domain import reconcile
from ..domain.errors import InvalidValue, NotAllowed
from ..domain.models import (
    AgreedScore,
    Decision,
    Outcome,
    Reconciliation,
    SignOff,
    now,
    revise,
)
from ..domain.scoring import check_score
from ..domain.state import SessionState
from .base import ServiceBase, snapshot
from .rights import Right


class ReconcileActions(ServiceBase):
    @staticmethod
    def _number(state: SessionState, question_id: str) -> str:
        numbers = {q.id: n for n, q in enumerate(state.agreed_questions, start=1)}
        return str(numbers.get(question_id, "?"))

    def _require_open(self, state: SessionState, candidate_id: str) -> Reconciliation:
        state.candidate(candidate_id)
        opened = state.reconciliation(candidate_id)
        if opened is None:
            raise NotAllowed("Agreeing scores for this candidate has not been opened yet.")
        return opened

    def _require_not_final(self, state: SessionState, candidate_id: str) -> None:
        outcome = state.outcome(candidate_id)
        if outcome is not None and outcome.final:
            raise NotAllowed("The outcome for this candidate is final, so the agreed scores cannot change.")

    def open_reconciliation(self, candidate_id: str, missing_reasons: dict[str, str] | None = None) -> Reconciliation:
        """Opens when everyone without a hard conflict has submitted, or with a reason for each missing sheet."""
        self._require(Right.RECONCILE)
        reasons = {k: v.strip() for k, v in (missing_reasons or {}).items() if v.strip()}
        with self._change() as tx:
            state = tx.state
            candidate = state.candidate(candidate_id)
            existing = state.reconciliation(candidate_id)
            if existing is not None:
                return existing
            reconcile.may_open(state, candidate_id, reasons)
            missing = {m.id for m in reconcile.missing_sheets(state, candidate_id)}
            opened = Reconciliation(
                candidate_id=candidate_id,
                opened_by=self.actor.id,
                missing_reasons={k: v for k, v in reasons.items() if k in missing},
            )
            tx.put(opened)
            self._audit(tx, "opened agreement of scores", candidate.code, None, snapshot(opened), about=opened)
        return opened

    def set_agreed_score(
        self, candidate_id: str, question_id: str, score: object, reason: str = "", *, version: str | None = None
    ) -> AgreedScore:
        self._require(Right.RECONCILE)
        with self._change() as tx:
            state = tx.state
            self._require_open(state, candidate_id)
            self._require_not_final(state, candidate_id)
            question = state.question(question_id)
            if question not in state.agreed_questions:
                raise InvalidValue("That question is not in the agreed set.")
            value = check_score(state.session.scale, score)
            independent = [
                s.scores[question_id]
                for s in state.sheets_for_candidate(candidate_id)
                if s.submitted and question_id in s.scores
            ]
            if independent and reconcile.reason_required(value, independent) and not reason.strip():
                raise InvalidValue(
                    "Please give a reason: this agreed score is outside the panel's scores "
                    "or at least 1 away from the middle (median) score."
                )
            before = state.agreed_score(candidate_id, question_id)
            self._check_version(before, version)
            agreed = AgreedScore(
                candidate_id=candidate_id, question_id=question_id, score=value, reason=reason, by=self.actor.id
            )
            if before is not None and before.score == agreed.score and before.reason == agreed.reason:
                return before
            tx.put(agreed)
            self._audit(
                tx, "set an agreed score", f"{state.candidate(candidate_id).code}, question {self._number(state, question_id)}",
                snapshot(before), snapshot(agreed), about=agreed,
            )
        return agreed

    def agree_unflagged_at_median(self, candidate_id: str) -> list[AgreedScore]:
        """The easy part in one step: every question not yet agreed where the panel does not differ, at its middle score.

        Flagged questions (the panel differs) still need the chair and the panel,
        one by one. Each agreed score is audited as if set by hand; none needs a
        reason, since each is the middle of the panel's own scores.
        """
        self._require(Right.RECONCILE)
        agreed: list[AgreedScore] = []
        with self._change() as tx:
            state = tx.state
            self._require_open(state, candidate_id)
            self._require_not_final(state, candidate_id)
            code = state.candidate(candidate_id).code
            for number, row in enumerate(reconcile.grid(state, candidate_id), start=1):
                if row.agreed is not None or row.divergent or row.prefill is None:
                    continue
                score = AgreedScore(candidate_id=candidate_id, question_id=row.question.id, score=row.prefill, by=self.actor.id)
                tx.put(score)
                self._audit(tx, "set an agreed score", f"{code}, question {number}", None, snapshot(score), about=score)
                agreed.append(score)
        return agreed

    def sign_off(self, candidate_id: str, mode: SignOff | str, dissent: list[str] | None = None, note: str = "") -> Reconciliation:
        self._require(Right.RECONCILE)
        with self._change() as tx:
            state = tx.state
            opened = self._require_open(state, candidate_id)
            self._require_not_final(state, candidate_id)
            missing = [q for q in state.agreed_questions if state.agreed_score(candidate_id, q.id) is None]
            if missing:
                raise NotAllowed(f"{len(missing)} question(s) have no agreed score yet. Agree every question first.")
            mode = SignOff(mode)
            dissent = list(dissent or [])
            for member_id in dissent:
                state.member(member_id)
            if mode is SignOff.CONSENSUS and dissent:
                raise InvalidValue("A panel consensus has no dissent. Choose 'chair's decision, dissent noted'.")
            signed = revise(opened, sign_off=mode, dissent=dissent, dissent_note=note, signed_off_at=now())
            tx.put(signed)
            self._audit(tx, "signed off the agreed scores", state.candidate(candidate_id).code, snapshot(opened), snapshot(signed), about=signed)
        return signed

    def record_outcome(
        self, candidate_id: str, decision: Decision | str, feedback: str = "", final: bool = False,
        *, version: str | None = None,
    ) -> Outcome:
        self._require(Right.RECONCILE)
        with self._change() as tx:
            state = tx.state
            candidate = state.candidate(candidate_id)
            self._require_open(state, candidate_id)
            before = state.outcome(candidate_id)
            self._check_version(before, version)
            if before is not None and before.final:
                raise NotAllowed("This outcome is final and cannot change.")
            outcome = Outcome(candidate_id=candidate_id, decision=Decision(decision), feedback=feedback, final=final, by=self.actor.id)
            tx.put(outcome)
            self._audit(tx, "recorded an outcome", candidate.code, snapshot(before), snapshot(outcome), about=outcome)
        return outcome
