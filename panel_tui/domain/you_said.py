""""You said, we did": what happened to what one panel member gave, once outcomes are final.

Pure: the comparison of one member's own scores with the agreed scores, as
distance only ("1 point lower than agreed", "the same as agreed"), and the
shape of the page the services fill in and the screen and the printout show.
Nothing here holds anybody else's scores or names: only the member's own
sheets and the agreed scores go in, and only distances come out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .models import Decision, Question, ScoreSheet

OUTCOME_WORDS: dict[Decision, str] = {
    Decision.APPOINT: "Offered the role",
    Decision.RESERVE: "Held in reserve",
    Decision.NOT_APPOINTED: "Not offered the role",
    Decision.WITHDREW: "Withdrew",
}
"""Each outcome in a few plain words."""


def distance_words(difference: int) -> str:
    """`difference` is the member's score minus the agreed score: "the same as agreed", "1 point lower than agreed"."""
    if difference == 0:
        return "the same as agreed"
    points = "1 point" if abs(difference) == 1 else f"{abs(difference)} points"
    return f"{points} {'higher' if difference > 0 else 'lower'} than agreed"


@dataclass(frozen=True)
class QuestionDistance:
    """How one of the member's scores sat beside the agreed score for one question: a distance, never a value."""

    number: int
    """The question's place in the agreed set, from 1."""
    question_id: str
    difference: int | None
    """The member's score minus the agreed score; None when either is missing."""

    @property
    def words(self) -> str:
        if self.difference is None:
            return "no score to compare"
        return distance_words(self.difference)


def compare_with_agreed(
    questions: Sequence[Question], sheet: ScoreSheet | None, agreed: Mapping[str, int]
) -> tuple[QuestionDistance, ...]:
    """Question by question: the member's own submitted score beside the agreed one (question id -> score).

    A draft sheet counts as no sheet: only what the member submitted was part of the round.
    """
    own = sheet.scores if sheet is not None and sheet.submitted else {}
    lines = []
    for number, question in enumerate(questions, start=1):
        mine, theirs = own.get(question.id), agreed.get(question.id)
        difference = None if mine is None or theirs is None else mine - theirs
        lines.append(QuestionDistance(number, question.id, difference))
    return tuple(lines)


def closeness_sentence(lines: Sequence[QuestionDistance]) -> str:
    """'Your score was the same as agreed on 5 of 7 questions, and 1 point away on 2.'"""
    compared = [line.difference for line in lines if line.difference is not None]
    if not compared:
        return "There are no scores of yours to compare."
    same = sum(1 for d in compared if d == 0)
    near = sum(1 for d in compared if abs(d) == 1)
    far = len(compared) - same - near
    said = f"Your score was the same as agreed on {same} of {len(compared)} questions"
    if near:
        said += f", 1 point away on {near}"
    if far:
        said += f", 2 or more points away on {far}"
    return said + "."


@dataclass(frozen=True)
class QuestionGiven:
    """A question the member wrote or improved, and whether the panel used it."""

    text: str
    wrote: bool
    improved: bool
    used: bool
    """Agreed for the round."""
    sift: bool = False
    """A question for the sift of written applications, not the interviews."""

    @property
    def words(self) -> str:
        did = "You wrote this question" if self.wrote else "You improved this question"
        if self.wrote and self.improved:
            did = "You wrote and improved this question"
        if not self.used:
            return f"{did}. It was not used this time."
        return f"{did}. It was used {'in the sift of written applications' if self.sift else 'in the interviews'}."


@dataclass(frozen=True)
class CandidateComparison:
    """One candidate: their outcome, and how the member's scores sat beside the agreed ones."""

    label: str
    """"C01", or "C01 Jordan Ellis" where the reader may see names."""
    code: str
    outcome: str
    """The outcome in plain words (`OUTCOME_WORDS`)."""
    scored: bool
    """The member submitted a sheet for this candidate."""
    why_not_scored: str
    """When not scored: why, in plain words ("You had a conflict of interest")."""
    lines: tuple[QuestionDistance, ...]

    @property
    def sentence(self) -> str:
        return closeness_sentence(self.lines) if self.scored else self.why_not_scored


@dataclass(frozen=True)
class YouSaid:
    """One panel member's "you said, we did": only their own part, and the panel's outcome."""

    name: str
    """The member's own name (it is their page)."""
    vacancy: str
    organisation: str
    ready: bool
    """Every candidate has a final outcome."""
    waiting: str
    """When not ready: why, in plain words."""
    questions: tuple[QuestionGiven, ...] = ()
    candidates: tuple[CandidateComparison, ...] = ()
    question_texts: tuple[str, ...] = ()
    """The agreed interview questions in order, so "question 3" can be read in full."""
    panel_difference: str = ""
    """The chair's own words on what changed because of the panel ("" until written)."""
    names_shown: bool = True
    """Candidates are shown with their names (False: by code only)."""
