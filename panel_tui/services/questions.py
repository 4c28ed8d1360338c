"""Writing the questions together: propose, improve, comment, support; the chair agrees,
orders, locks and (with a reason, before any score) unlocks the set.

Every change writes exactly one audit event in the same transaction; asking
for what is already so (support given twice, the same status, a move past the
top) changes nothing and writes nothing. Proposing, improving, supporting and
ordering stop once the set is locked; comments stay open, since they change
nothing the interviews use.
"""

from __future__ import annotations

from typing import Any

from ..domain import questions as rules
from ..domain.errors import NotAllowed
from ..domain.models import Question, QuestionStatus, revise
from ..domain.state import SessionState
from ..store import Transaction
from .base import ServiceBase, snapshot
from .rights import Right


class QuestionActions(ServiceBase):
    def propose_question(
        self,
        text: str,
        plain_text: str = "",
        guidance: list[str] | None = None,
        criterion: str = "",
        follow_ups: list[str] | None = None,
        anchors: dict[int, str] | None = None,
        easy_read: str = "",
        sift: bool = False,
    ) -> Question:
        """`sift=True`: a sift question, asked of the written applications (see `_check_open_for`)."""
        self._require(Right.PROPOSE_QUESTION)
        with self._change() as tx:
            state = tx.state
            _check_open_for(state, sift)
            anchors = anchors or {}
            rules.check_anchors(state.session.scale, anchors)
            position = max((q.position for q in state.questions), default=0) + 1
            authors = [] if self.actor.is_tool else [self.actor.id]
            question = Question(
                text=text,
                plain_text=plain_text,
                easy_read=easy_read,
                guidance=guidance or [],
                criterion=criterion,
                follow_ups=follow_ups or [],
                anchors=anchors,
                authors=authors,
                position=position,
                sift=sift,
            )
            tx.put(question)
            self._audit(tx, "proposed question", question.text, None, snapshot(question), about=question)
        return question

    def set_question_status(self, question_id: str, status: QuestionStatus | str) -> Question:
        self._require(Right.DECIDE_QUESTIONS)
        with self._change() as tx:
            before = tx.state.question(question_id)
            _check_open_for(tx.state, before.sift, "The question set is locked. Unlock it first.")
            after = revise(before, status=QuestionStatus(status))
            if after.status is before.status:
                return before
            tx.put(after)
            self._audit(tx, f"marked question {after.status.value}", after.text, before.status.value, after.status.value, about=after)
        return after

    def lock_questions(self) -> None:
        self._require(Right.DECIDE_QUESTIONS)
        with self._change() as tx:
            session = tx.state.session
            if session.questions_locked:
                return
            rules.check_may_lock(tx.state)
            locked = revise(session, questions_locked=True)
            tx.put(locked)
            self._audit(tx, "locked the question set", session.vacancy, None, [q.id for q in tx.state.agreed_questions], about=locked)

    # Co-writing ------------------------------------------------------------

    def _open_question(self, tx: Transaction, question_id: str) -> tuple[SessionState, Question]:
        state = tx.state
        question = state.question(question_id)
        _check_open_for(state, question.sift)
        return state, question

    def improve_question(self, question_id: str, *, version: str | None = None, **changes: Any) -> Question:
        """Any panel member may improve a proposed question; they become a co-author.

        `changes` are `rules.revised`'s keywords (text, plain_text, guidance,
        criterion, follow_ups, anchors) and `easy_read`; None or an unchanged
        value leaves a part as it was. The audit event keeps only the parts
        that changed. A new Easy Read version makes its writer a co-author,
        as a change of guidance does, and no `Revision` (those hold the
        question's text and plain words only: see `rules.revision_parts`).
        `version` is the question's `version_of` when the form opened: an
        improvement saved meanwhile by someone else is not silently undone.
        """
        self._require(Right.CO_WRITE)
        with self._change() as tx:
            state, before = self._open_question(tx, question_id)
            self._check_version(before, version)
            if before.status is not QuestionStatus.PROPOSED:
                raise NotAllowed(f"Only proposed questions can be improved. This one is {before.status.value}.")
            easy_read = changes.pop("easy_read", None)
            after = rules.revised(before, self.actor.id, scale=state.session.scale, **changes)
            if easy_read is not None:
                after = _with_easy_read(after, self.actor.id, easy_read)
            if after == before:
                return before
            tx.put(after)
            self._audit(tx, "improved question", after.text, *_changed_parts(before, after), about=after)
        return after

    def comment_on_question(self, question_id: str, text: str) -> Question:
        self._require(Right.CO_WRITE)
        with self._change() as tx:
            question = tx.state.question(question_id)
            after = rules.commented(question, self.actor.id, text)
            tx.put(after)
            self._audit(tx, "commented on question", question.text, None, text, about=after)
        return after

    def support_question(self, question_id: str) -> Question:
        self._require(Right.CO_WRITE)
        with self._change() as tx:
            state, question = self._open_question(tx, question_id)
            after = rules.supported(question, self.actor.id)
            if after != question:
                tx.put(after)
                self._audit(tx, "supported question", question.text, len(question.supporters), len(after.supporters), about=after)
        return after

    def withdraw_support(self, question_id: str) -> Question:
        self._require(Right.CO_WRITE)
        with self._change() as tx:
            state, question = self._open_question(tx, question_id)
            after = rules.unsupported(question, self.actor.id)
            if after != question:
                tx.put(after)
                self._audit(tx, "took back support for question", question.text, len(question.supporters), len(after.supporters), about=after)
        return after

    def move_question(self, question_id: str, offset: int) -> list[Question]:
        self._require(Right.DECIDE_QUESTIONS)
        with self._change() as tx:
            state = tx.state
            if state.session.questions_locked:
                raise NotAllowed("The question set is locked. Unlock it first.")
            before = [q.id for q in state.agreed_questions]
            ordered = rules.reorder(state.agreed_questions, question_id, offset)
            after = [q.id for q in ordered]
            if after == before:
                return state.agreed_questions
            for question in ordered:
                tx.put(question)
            self._audit(tx, "changed the order of the agreed questions", state.question(question_id).text, before, after, about=state.question(question_id))
        return ordered

    def unlock_questions(self, reason: str) -> None:
        """Explicit and audited; refused once anyone has scored a question of the locked set."""
        self._require(Right.DECIDE_QUESTIONS)
        with self._change() as tx:
            state = tx.state
            if not state.session.questions_locked:
                return
            reason = rules.check_may_unlock(state, reason)
            unlocked = revise(state.session, questions_locked=False)
            tx.put(unlocked)
            self._audit(tx, "unlocked the question set", state.session.vacancy, None, reason, about=unlocked)


def _check_open_for(state: SessionState, sift: bool, locked: str = "The question set is locked for the interviews.") -> None:
    """Interview questions stop changing when the set is locked; sift questions when the sift opens.

    The lock is about the interviews (`lock_questions` locks the agreed
    interview questions only), so the panel may still write and agree sift
    questions while the interview set is locked, until the chair opens the sift.
    """
    if sift:
        if state.session.sift_opened_at is not None:
            raise NotAllowed("The sift has opened, so its questions cannot change now.")
    elif state.session.questions_locked:
        raise NotAllowed(locked)


def _with_easy_read(question: Question, by: str, easy_read: str) -> Question:
    """The question with new Easy Read words; `by` becomes a co-author. The same question when unchanged."""
    if easy_read.strip() == question.easy_read:
        return question
    authors = question.authors if by in question.authors else [*question.authors, by]
    return revise(question, easy_read=easy_read, authors=authors)


def _changed_parts(before: Question, after: Question) -> tuple[dict[str, Any], dict[str, Any]]:
    """`rules.changed_parts`, and the Easy Read words when they changed."""
    old, new = rules.changed_parts(before, after)
    if before.easy_read != after.easy_read:
        old["easy_read"], new["easy_read"] = before.easy_read, after.easy_read
    return old, new
