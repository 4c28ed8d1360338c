"""The sift: each reviewer scores one sift question across every applicant, blind; then the shortlist.

A reviewer's scores for one sift question live on their own `SiftSheet`,
saved one score at a time and never changed once submitted. The chair sees
who has submitted (`sift_progress`), and the values only on the shortlist,
from submitted sheets (`shortlist_view`); records each decision with a
reason; and makes the shortlisted applicants the interview candidates of
this session, keeping their codes (`make_candidates`).

Audit entries of sift scores and notes are written as "saved a score in the
sift" and "saved a note in the sift": the audit trail treats their values as
private (a score or note whose sheet it cannot name is withheld from every
reader and every export).
"""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import InvalidValue, NotAllowed, SheetSubmitted
from ..domain.models import Candidate, SheetStatus, now, revise
from ..domain.panel import check_code_free
from ..domain.scoring import check_score
from ..domain.sift import SiftDecision, SiftSheet
from ..domain.state import SessionState
from ..store import Transaction
from .base import ServiceBase, snapshot
from .rights import Right
from .sift_views import (
    ShortlistView,
    SiftOverview,
    SiftProgress,
    SiftQueue,
    applicant_of,
    applicants_in_order,
    check_sift_open,
    codes_of,
    decision_of,
    shortlist_view,
    sift_overview,
    sift_progress,
    sift_question,
    sift_queue,
    sift_sheet_of,
    sifted_applicants,
)
from .views import EXPORTED_SIFT

MAX_NOTE = 2_000


class SiftActions(ServiceBase):
    """The actions of this part of the round, on behalf of the service's actor."""

    # Reading ----------------------------------------------------------------

    def _sift_state(self) -> SessionState:
        """The whole session: the read models below apply the sift's rules for this actor."""
        return self._file.snapshot().state

    def sift_overview(self) -> SiftOverview:
        return sift_overview(self._sift_state(), self.actor)

    def sift_queue(self, question_id: str) -> SiftQueue:
        return sift_queue(self._sift_state(), self.actor, question_id)

    def sift_progress(self) -> SiftProgress:
        return sift_progress(self._sift_state(), self.actor)

    def shortlist_view(self) -> ShortlistView:
        return shortlist_view(self._sift_state(), self.actor)

    # Scoring (a reviewer, on their own sheet) ---------------------------------

    def _own_sheet(self, tx: Transaction, question_id: str, applicant_id: str | None = None) -> tuple[SessionState, SiftSheet, str]:
        """This reviewer's sheet for the question (new if none), refused once submitted; and the applicant's code."""
        self._require(Right.SIFT)
        state = tx.state
        check_sift_open(state.session)
        sift_question(state, question_id)
        code = ""
        if applicant_id is not None:
            applicant = applicant_of(state, applicant_id)
            if not any(a.applicant_id == applicant_id for a in state.applications):
                raise NotAllowed(f"{applicant.code} has no application to sift.")
            code = applicant.code
        sheet = sift_sheet_of(state, self.actor.id, question_id)
        if sheet is None:
            sheet = SiftSheet(member_id=self.actor.id, question_id=question_id)
        if sheet.submitted:
            raise SheetSubmitted("You have submitted your sift of this question. Submitted scores cannot be changed.")
        return state, sheet, code

    def _sift_where(self, state: SessionState, question_id: str, code: str = "") -> str:
        from .sift_views import sift_questions

        numbers = {q.id: n for n, q in enumerate(sift_questions(state), start=1)}
        where = f"{self.actor.name}, sift question {numbers.get(question_id, '?')}"
        return f"{where}, {code}" if code else where

    def sift_score(self, question_id: str, applicant_id: str, value: object) -> SiftSheet:
        with self._change() as tx:
            state, sheet, code = self._own_sheet(tx, question_id, applicant_id)
            score = check_score(state.session.scale, value)
            before = sheet.scores.get(applicant_id)
            if before == score and sheet.id in {s.id for s in state.sift_sheets}:
                return sheet
            after = _revised(sheet, scores={**sheet.scores, applicant_id: score})
            tx.put(after)
            self._audit(tx, "saved a score in the sift", self._sift_where(state, question_id, code), before, score,
                        about=after, question_id=question_id)
        return after

    def sift_clear(self, question_id: str, applicant_id: str) -> SiftSheet:
        with self._change() as tx:
            state, sheet, code = self._own_sheet(tx, question_id, applicant_id)
            if applicant_id not in sheet.scores:
                return sheet
            before = sheet.scores[applicant_id]
            after = _revised(sheet, scores={k: v for k, v in sheet.scores.items() if k != applicant_id})
            tx.put(after)
            self._audit(tx, "cleared a score in the sift", self._sift_where(state, question_id, code), before, None,
                        about=after, question_id=question_id)
        return after

    def sift_note(self, question_id: str, applicant_id: str, note: str) -> SiftSheet:
        if len(note) > MAX_NOTE:
            raise InvalidValue(f"A note can be at most {MAX_NOTE:,} characters.")
        with self._change() as tx:
            state, sheet, code = self._own_sheet(tx, question_id, applicant_id)
            before = sheet.notes.get(applicant_id, "")
            if before == note.strip():
                return sheet
            notes = dict(sheet.notes)
            if note.strip():
                notes[applicant_id] = note.strip()
            else:
                notes.pop(applicant_id, None)
            after = _revised(sheet, notes=notes)
            tx.put(after)
            self._audit(tx, "saved a note in the sift", self._sift_where(state, question_id, code), before, note.strip(),
                        about=after, question_id=question_id)
        return after

    def submit_sift(self, question_id: str) -> SiftSheet:
        """Refused, naming the codes, while any applicant is unscored; never changed after."""
        with self._change() as tx:
            state, sheet, _ = self._own_sheet(tx, question_id)
            missing = [a for a in sifted_applicants(state) if a.id not in sheet.scores]
            if missing:
                raise NotAllowed(f"Score every applicant before submitting. Still to score: {codes_of(missing)}.")
            stamp = now()
            after = revise(sheet, status=SheetStatus.SUBMITTED, submitted_at=stamp, updated_at=stamp)
            tx.put(after)
            self._audit(tx, "submitted a sift", self._sift_where(state, question_id), sheet.status.value, after.status.value,
                        about=after, question_id=question_id)
        return after

    # The shortlist (the chair) -------------------------------------------------

    def decide_applicant(self, applicant_id: str, shortlisted: bool, reason: str) -> SiftDecision:
        """What the panel agreed for one applicant, with the reason (required either way)."""
        self._require(Right.SHORTLIST)
        reason = reason.strip()
        if not reason:
            raise InvalidValue("Give the reason the panel agreed, so the applicant can be told.")
        with self._change() as tx:
            state = tx.state
            check_sift_open(state.session)
            applicant = applicant_of(state, applicant_id)
            if applicant.candidate_id is not None:
                raise NotAllowed(f"{applicant.code} is already an interview candidate, so this decision stays as it is.")
            before = decision_of(state, applicant_id)
            if before is not None and before.shortlisted == shortlisted and before.reason == reason:
                return before
            decision = SiftDecision(applicant_id=applicant_id, shortlisted=shortlisted, reason=reason, by=self.actor.id)
            tx.put(decision)
            self._audit(
                tx, "shortlisted an applicant" if shortlisted else "did not shortlist an applicant", applicant.code,
                snapshot(before), snapshot(decision), about=decision,
            )
        return decision

    def make_candidates(self) -> list[Candidate]:
        """Every shortlisted applicant becomes an interview candidate of this session, keeping their code.

        Refused while any applicant has no decision. Idempotent: an
        applicant already made a candidate is not made again. The others
        keep their decision, with its reason, as their outcome. Returns the
        candidates made from shortlisted applicants (old and new), in order.
        """
        self._require(Right.SHORTLIST)
        with self._change() as tx:
            state = tx.state
            check_sift_open(state.session)
            applicants = sifted_applicants(state)
            undecided = [a for a in applicants if decision_of(state, a.id) is None]
            if undecided:
                raise NotAllowed(f"Record the panel's decision for every applicant first. Still to decide: {codes_of(undecided)}.")
            chosen = [a for a in applicants if (d := decision_of(state, a.id)) is not None and d.shortlisted]
            if not chosen:
                raise NotAllowed("Nobody is shortlisted yet, so there is nobody to interview.")
            made = []
            for applicant in chosen:
                current = tx.state
                if applicant.candidate_id is not None and any(c.id == applicant.candidate_id for c in current.candidates):
                    continue
                check_code_free(applicant.code, current.candidates)
                position = max((c.position for c in current.candidates), default=0) + 1
                candidate = Candidate(name=applicant.name, code=applicant.code, position=position)
                tx.put(candidate)
                tx.put(revise(applicant, candidate_id=candidate.id))
                self._audit(tx, "made a shortlisted applicant a candidate", candidate.code, None, snapshot(candidate), about=candidate)
                made.append(candidate.code)
            if made:
                self._audit(tx, "made the shortlist the interview candidates", state.session.vacancy, None, made)
            final = tx.state
        ids = {a.candidate_id for a in applicants_in_order(final) if a.candidate_id}
        return [c for c in final.candidates_in_order if c.id in ids]

    # Exports ---------------------------------------------------------------------

    def export_sift(self, out: str | Path, *, force: bool = False) -> Path:
        """HR's sift CSV (codes only; submitted scores; decisions and reasons), written atomically into `out`."""
        from ..export.files import Output, write_outputs
        from ..export.sift import SIFT_CSV_NAME, sift_csv

        self._require(Right.EXPORT)
        state = self._sift_state()
        payload = sift_csv(state)
        written = write_outputs(Path(out), [Output(SIFT_CSV_NAME, payload)], force=force)
        with self._change() as tx:
            self._audit(tx, EXPORTED_SIFT, str(written.files[0].name), None, None)
        return written.files[0]


def _revised(sheet: SiftSheet, **changes: object) -> SiftSheet:
    """A sift sheet changed: `model_copy` with the dictionaries already checked here, so a save stays cheap.

    `revise` would dump and validate all 300 scores of a sheet on every key
    press; the changes come from `check_score` and plain strings, so the copy
    is as valid as the sheet was.
    """
    return sheet.model_copy(update={**changes, "updated_at": now()})
