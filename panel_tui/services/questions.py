"""Questions: propose, agree or withdraw, order, and lock the agreed set.

Issue 3 grows this into full co-writing (revisions, comments, support);
these are the actions the rest of the tool already relies on.
"""

from __future__ import annotations

from ..domain.errors import InvalidValue, NotAllowed
from ..domain.models import Question, QuestionStatus, revise
from .base import ServiceBase, snapshot


class QuestionActions(ServiceBase):
    def propose_question(
        self,
        text: str,
        plain_text: str = "",
        guidance: list[str] | None = None,
        criterion: str = "",
        follow_ups: list[str] | None = None,
        anchors: dict[int, str] | None = None,
    ) -> Question:
        with self.change() as tx:
            state = tx.state
            if state.session.questions_locked:
                raise NotAllowed("The question set is locked for the interviews.")
            anchors = anchors or {}
            outside = [p for p in anchors if p not in state.session.scale.points]
            if outside:
                raise InvalidValue(f"{outside[0]} is not on the scale. {state.session.scale.describe()}")
            position = max((q.position for q in state.questions), default=0) + 1
            authors = [self.actor.id] if self.actor.role is not None else []
            question = Question(
                text=text,
                plain_text=plain_text,
                guidance=guidance or [],
                criterion=criterion,
                follow_ups=follow_ups or [],
                anchors=anchors,
                authors=authors,
                position=position,
            )
            tx.put(question)
            self.audit(tx, "proposed question", question.text, None, snapshot(question))
        return question

    def set_question_status(self, question_id: str, status: QuestionStatus | str) -> Question:
        self._require_chair()
        with self.change() as tx:
            if tx.state.session.questions_locked:
                raise NotAllowed("The question set is locked. Unlock it first.")
            before = tx.state.question(question_id)
            after = revise(before, status=QuestionStatus(status))
            tx.put(after)
            self.audit(tx, f"marked question {after.status.value}", after.text, before.status.value, after.status.value)
        return after

    def lock_questions(self) -> None:
        self._require_chair()
        with self.change() as tx:
            session = tx.state.session
            if session.questions_locked:
                return
            if not tx.state.agreed_questions:
                raise NotAllowed("Agree at least one question before locking the set.")
            tx.put(revise(session, questions_locked=True))
            self.audit(tx, "locked the question set", session.vacancy, None, [q.id for q in tx.state.agreed_questions])
