"""Candidates' feedback letters: drafted from the agreed scores and reasons, edited by the chair, marked sent.

Only the chair (`Right.WRITE_FEEDBACK`) drafts, edits, sends and prints
letters. A letter is drafted only once the candidate has an outcome. Every
change is audited with the letter's whole text (before and after), and each
event names the candidate, so the text is in the audit trail and in that
candidate's subject access export. Once marked sent, the letter's text is the
record of what was sent and no longer changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..domain.errors import InvalidValue, NotAllowed
from ..domain.letters import FeedbackLetter, draft_letter, names_in
from ..domain.models import Decision, now, revise
from ..domain.state import SessionState
from ..export.letters import PrintedLetter, write_letter
from ..locations import default_export_folder, exports_dir
from .base import ServiceBase, snapshot, version_of
from .rights import Right

DRAFTED = "drafted a feedback letter"
EDITED = "edited a feedback letter"
SENT = "marked a feedback letter sent"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class LetterLine:
    """One candidate on the chair's letters screen."""

    candidate_id: str
    code: str
    label: str
    """"C01 Jordan Ellis": the chair may see names."""
    outcome: Decision | None
    outcome_final: bool
    letter: FeedbackLetter | None
    version: str
    """The letter's version (`version_of`), for a form that edits or sends it."""
    names_panel_members: tuple[str, ...]
    """Panel members' names found in the letter's text: a letter should name none."""

    @property
    def status(self) -> str:
        """'No letter yet', 'Draft', 'Sent on 3 March 2025'."""
        if self.letter is None:
            return "No letter yet" if self.outcome is not None else "No outcome yet"
        if self.letter.sent_on is not None:
            return f"Sent on {long_date(self.letter.sent_on)}"
        return "Draft"


def _no_outcome(code: str) -> NotAllowed:
    return NotAllowed(f"{code} has no outcome yet. Record the outcome first, then draft the letter.")


def _not_after_sent(letter: FeedbackLetter, code: str) -> None:
    if letter.sent_on is not None:
        raise NotAllowed(
            f"The letter to {code} was marked sent on {long_date(letter.sent_on)}, so it cannot change. "
            "Its text is the record of what was sent."
        )


class LetterActions(ServiceBase):
    """The chair's feedback letters to candidates."""

    # Reading -----------------------------------------------------------------

    def _letter_line(self, state: SessionState, candidate_id: str) -> LetterLine:
        candidate = state.candidate(candidate_id)
        outcome = state.outcome(candidate_id)
        letter = next((f for f in state.letters if f.candidate_id == candidate_id), None)
        members = [m.name for m in state.members if m.name.casefold() != candidate.name.casefold()]
        return LetterLine(
            candidate_id=candidate.id,
            code=candidate.code,
            label=candidate.code if candidate.name == candidate.code else f"{candidate.code} {candidate.name}",
            outcome=outcome.decision if outcome else None,
            outcome_final=bool(outcome and outcome.final),
            letter=letter,
            version=version_of(letter),
            names_panel_members=tuple(names_in(letter.text, members)) if letter else (),
        )

    def feedback_letters(self) -> tuple[LetterLine, ...]:
        """Every candidate, in order, with their letter's status: for the chair."""
        self._require(Right.WRITE_FEEDBACK)
        state = self.state
        return tuple(self._letter_line(state, c.id) for c in state.candidates_in_order)

    def feedback_letter(self, candidate_id: str) -> LetterLine:
        self._require(Right.WRITE_FEEDBACK)
        return self._letter_line(self.state, candidate_id)

    # Changing ----------------------------------------------------------------

    def draft_feedback_letter(
        self, candidate_id: str, *, replace: bool = False, version: str | None = None
    ) -> FeedbackLetter:
        """A first draft from the agreed scores, the agreed reasons and the outcome (`domain.letters.draft_letter`).

        Refused without an outcome. A letter already drafted is replaced only
        with `replace=True` (the screen asks first; the old text stays in the
        audit trail); a letter marked sent is never replaced.
        """
        self._require(Right.WRITE_FEEDBACK)
        with self._change() as tx:
            state = tx.state
            candidate = state.candidate(candidate_id)
            if state.outcome(candidate_id) is None:
                raise _no_outcome(candidate.code)
            before = next((f for f in state.letters if f.candidate_id == candidate_id), None)
            self._check_version(before, version)
            if before is not None:
                _not_after_sent(before, candidate.code)
                if not replace:
                    raise NotAllowed(
                        f"{candidate.code} already has a letter. Edit it, or choose to start again from a new draft."
                    )
            letter = FeedbackLetter(candidate_id=candidate_id, text=draft_letter(state, candidate_id), drafted_by=self.actor.id)
            tx.put(letter)
            self._audit(tx, DRAFTED, candidate.code, snapshot(before), snapshot(letter), about=letter)
        return letter

    def edit_feedback_letter(self, candidate_id: str, text: str, *, version: str | None = None) -> FeedbackLetter:
        """The chair's own words for the letter. Refused once it is marked sent, or when empty."""
        self._require(Right.WRITE_FEEDBACK)
        if not text.strip():
            raise InvalidValue("The letter is empty. Write the letter, or press Escape to leave it as it was.")
        with self._change() as tx:
            state = tx.state
            candidate = state.candidate(candidate_id)
            before = next((f for f in state.letters if f.candidate_id == candidate_id), None)
            if before is None:
                raise NotAllowed(f"{candidate.code} has no letter yet. Draft it first.")
            self._check_version(before, version)
            _not_after_sent(before, candidate.code)
            if before.text == text.strip():
                return before
            after = revise(before, text=text, edited_by=self.actor.id, edited_at=now())
            tx.put(after)
            self._audit(tx, EDITED, candidate.code, snapshot(before), snapshot(after), about=after)
        return after

    def mark_letter_sent(
        self, candidate_id: str, sent_on: date | None = None, *, version: str | None = None
    ) -> FeedbackLetter:
        """Record that the letter was sent (today unless `sent_on` says), and by whom. Done once."""
        self._require(Right.WRITE_FEEDBACK)
        day = sent_on or date.today()
        if day > date.today():
            raise InvalidValue("The date sent cannot be in the future.")
        with self._change() as tx:
            state = tx.state
            candidate = state.candidate(candidate_id)
            before = next((f for f in state.letters if f.candidate_id == candidate_id), None)
            if before is None:
                raise NotAllowed(f"{candidate.code} has no letter yet. Draft it first.")
            self._check_version(before, version)
            _not_after_sent(before, candidate.code)
            after = revise(before, sent_on=day, sent_by=self.actor.id)
            tx.put(after)
            self._audit(tx, SENT, candidate.code, snapshot(before), snapshot(after), about=after)
        return after

    def print_feedback_letter(self, candidate_id: str, folder: str | Path | None = None) -> PrintedLetter:
        """Write the letter as it is saved, as a printable page and as plain text, into the session's export folder.

        No lock is taken: the files are written from one reading of the session.
        """
        self._require(Right.WRITE_FEEDBACK)
        state = self.state
        candidate = state.candidate(candidate_id)
        letter = next((f for f in state.letters if f.candidate_id == candidate_id), None)
        if letter is None:
            raise NotAllowed(f"{candidate.code} has no letter yet. Draft it first.")
        out = Path(folder) if folder is not None else default_export_folder(self.path)
        return write_letter(letter.text, candidate.code, state.session.vacancy, out, exports_dir(self.path))
