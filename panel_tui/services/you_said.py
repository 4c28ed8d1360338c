""""You said, we did": what happened to what each panel member gave, once outcomes are final.

Each person reads only their own (`you_said`): the questions they wrote or
improved and whether the panel used them; how their own submitted scores sat
beside the agreed scores, question by question, as distance only; each
candidate's outcome; and the chair's own words on what changed because of the
panel (`Session.panel_difference`). Nobody else's scores or names are in it.

The chair writes those words (`set_panel_difference`, `Right.WRITE_FEEDBACK`:
they are the chair's own feedback to the panel, as letters are to candidates).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..domain.errors import NotAllowed
from ..domain.models import ConflictKind, QuestionStatus, Session, revise
from ..domain.you_said import (
    OUTCOME_WORDS,
    CandidateComparison,
    QuestionGiven,
    YouSaid,
    compare_with_agreed,
)
from ..export.you_said import write_you_said
from ..locations import default_export_folder, exports_dir
from .base import ServiceBase
from .records import list_in_words, outcomes_not_final
from .rights import Right
from .views import SessionView

PANEL_DIFFERENCE_FIELDS = ("panel_difference",)
"""What the chair's "what changed because of the panel" form owns: its version covers this field alone."""
WROTE_PANEL_DIFFERENCE = "wrote what changed because of the panel"


def _waiting(codes: list[str], total: int) -> str:
    if total == 0:
        return "Not yet: this session has no candidates."
    final = total - len(codes)
    return (
        f"Not yet. Outcomes are final for {final} of {total} candidates. "
        f"Still to come: {list_in_words(codes)}. "
        "Your page is ready once every candidate has a final outcome."
    )


def you_said_for(view: SessionView) -> YouSaid:
    """The signed-in person's own "you said, we did", from what their view holds.

    Built from their own sheets and the agreed scores only; never anyone
    else's score or name. Until every candidate has a final outcome, it says
    so and holds nothing else.
    """
    actor = view.actor
    you = view.you
    if you is None:
        raise NotAllowed("Sign in as yourself to read your own 'you said, we did'.")
    state = view.state
    session = state.session
    waiting = outcomes_not_final(state)
    base = YouSaid(
        name=you.name, vacancy=session.vacancy, organisation=session.organisation,
        ready=not waiting and bool(state.candidates), waiting="", names_shown=view.shows_candidate_names,
    )
    if waiting or not state.candidates:
        return replace(base, waiting=_waiting(waiting, len(state.candidates)))
    given = []
    ordered = sorted(
        (q for q in state.questions if actor.id in q.authors or any(r.by == actor.id for r in q.revisions)),
        key=lambda q: (q.sift, q.position, q.created_at),
    )
    for question in ordered:
        wrote = bool(question.authors) and question.authors[0] == actor.id
        improved = any(r.by == actor.id for r in question.revisions) or (actor.id in question.authors and not wrote)
        given.append(
            QuestionGiven(
                text=question.text, wrote=wrote, improved=improved,
                used=question.status is QuestionStatus.AGREED, sift=question.sift,
            )
        )
    questions = state.agreed_questions
    compared = []
    for candidate in state.candidates_in_order:
        outcome = state.outcome(candidate.id)
        assert outcome is not None  # every outcome is final here
        sheet = state.sheet(actor.id, candidate.id)
        agreed = {q.id: a.score for q in questions if (a := state.agreed_score(candidate.id, q.id)) is not None}
        scored = sheet is not None and sheet.submitted
        conflict = state.conflict(actor.id, candidate.id)
        if scored:
            why = ""
        elif conflict is not None and conflict.kind is ConflictKind.HARD:
            why = "You did not score this candidate: you had a conflict of interest."
        elif not you.scores:
            why = "You did not score: HR and observers do not score."
        else:
            why = "You did not score this candidate."
        label = candidate.code
        if view.shows_candidate_names and candidate.name != candidate.code:
            label = f"{candidate.code} {candidate.name}"
        compared.append(
            CandidateComparison(
                label=label, code=candidate.code, outcome=OUTCOME_WORDS[outcome.decision], scored=scored,
                why_not_scored=why, lines=compare_with_agreed(questions, sheet, agreed) if scored else (),
            )
        )
    return replace(
        base,
        questions=tuple(given),
        candidates=tuple(compared),
        question_texts=tuple(q.text for q in questions),
        panel_difference=session.panel_difference,
    )


class YouSaidActions(ServiceBase):
    """Each panel member's own "you said, we did"; the chair's words on what changed because of the panel."""

    def you_said(self) -> YouSaid:
        """The signed-in person's own page (see `you_said_for`)."""
        return you_said_for(self.view())

    def set_panel_difference(self, text: str, *, version: str | None = None) -> Session:
        """The chair's own words on what changed because of the panel: shown in everyone's "you said, we did"."""
        self._require(Right.WRITE_FEEDBACK)
        with self._change() as tx:
            before = tx.state.session
            self._check_version(before, version, PANEL_DIFFERENCE_FIELDS)
            after = revise(before, panel_difference=text)
            if after == before:
                return before
            tx.put(after)
            self._audit(
                tx, WROTE_PANEL_DIFFERENCE, before.vacancy, before.panel_difference, after.panel_difference, about=after
            )
        return after

    def print_you_said(self, folder: str | Path | None = None) -> Path:
        """Write the signed-in person's own page as printable HTML in the session's export folder; say where.

        The printed page shows candidates by code only, whatever the screen
        shows: a page can leave the room.
        """
        page = self.you_said()
        if not page.ready:
            raise NotAllowed(page.waiting)
        out = Path(folder) if folder is not None else default_export_folder(self.path)
        return write_you_said(page, self.actor.id, out, exports_dir(self.path))
