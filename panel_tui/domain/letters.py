"""Feedback letters to candidates: drafted from the agreed scores and reasons, edited by the chair, marked sent.

A letter names no panel member and compares with no other candidate. Its text
is kept in the session, in the audit trail and in that candidate's subject
access export.

`draft_letter` writes the first draft, question by question: what each
question looks at (its criterion and what a good answer shows), the score
the panel agreed and the reason they gave, the outcome, in plain warm words.
Any text typed by people (questions, reasons, feedback) goes through
`without_names` first, so a panel member named in a reason ("Dee felt...")
reads "a panel member felt...", and another candidate's name or code reads
"another candidate". Nothing in the letter ranks or compares candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from pydantic import Field

from .models import Decision, Model, Scale, Text, now

if TYPE_CHECKING:
    from .state import SessionState


class FeedbackLetter(Model):
    """One candidate's feedback letter (one per candidate)."""

    candidate_id: str
    text: Text
    drafted_by: str
    """The panel member id of the chair who drafted it."""
    drafted_at: datetime = Field(default_factory=now)
    edited_by: str | None = None
    edited_at: datetime | None = None
    sent_on: date | None = None
    sent_by: str | None = None

    @property
    def id(self) -> str:
        return self.candidate_id


PANEL_MEMBER = "a panel member"
"""What a panel member's name becomes in a letter."""
OTHER_CANDIDATE = "another candidate"
"""What another candidate's name or code becomes in a letter."""

_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*)$")
_ONE = r"[Aa] panel member(?!\w)"
_MANY_MEMBERS = re.compile(rf"(?<!\w){_ONE}(?:\s*,\s*{_ONE})*\s*,?\s+and\s+{_ONE}")
"""'a panel member and a panel member' reads as 'panel members'."""


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"\s+", name.strip()) if w]


def _name_pattern(words: Sequence[str]) -> str:
    return r"\s+".join(re.escape(w) for w in words)


def without_names(
    text: str, names: Iterable[str], replacement: str = PANEL_MEMBER, keep: Iterable[str] = ()
) -> str:
    """`text` with each of `names` replaced by `replacement`: the whole name, then each of its words alone.

    Whole names match in any case ("dee morgan"); a single word of a name
    ("Dee", "Morgan") matches as written, with its capital, so "hope" in a
    sentence is not taken for a panel member called Hope. Words in `keep`
    (the candidate's own name, which the letter is about) are never
    replaced on their own. A replacement at the start of a sentence gets a
    capital letter.
    """
    kept = {w.casefold() for name in keep for w in _words(name)}
    whole: set[str] = set()
    parts: set[str] = set()
    for name in names:
        words = _words(name)
        if not words:
            continue
        whole.add(_name_pattern(words))
        for word in words:
            if len(word) >= 2 and word.casefold() not in kept:
                parts.add(re.escape(word))
    if not whole:
        return text
    edge_before, edge_after = r"(?<![\w])", r"(?![\w])"
    result = text
    for patterns, flags in ((whole, re.IGNORECASE), (parts, 0)):
        if not patterns:
            continue
        ordered = sorted(patterns, key=len, reverse=True)
        pattern = re.compile(edge_before + "(?:" + "|".join(ordered) + ")" + edge_after, flags)

        def swap(match: re.Match[str]) -> str:
            before = match.string[: match.start()]
            return replacement[:1].upper() + replacement[1:] if _SENTENCE_START.search(before) else replacement

        result = pattern.sub(swap, result)
    if replacement == PANEL_MEMBER:
        result = _MANY_MEMBERS.sub(lambda m: "Panel members" if m.group().startswith("A") else "panel members", result)
    return result


def names_in(text: str, names: Iterable[str]) -> list[str]:
    """The whole names from `names` that `text` holds (any case, as whole words): for a warning before sending."""
    found = []
    for name in names:
        words = _words(name)
        if words and re.search(r"(?<![\w])" + _name_pattern(words) + r"(?![\w])", text, re.IGNORECASE):
            found.append(name.strip())
    return found


@dataclass(frozen=True)
class LetterQuestion:
    """One agreed question as the letter tells it."""

    number: int
    text: str
    criterion: str
    guidance: tuple[str, ...]
    score: int | None
    """The agreed score; None when the panel agreed none."""
    reason: str


OPENING: dict[Decision, str] = {
    Decision.APPOINT: "We are pleased to offer you the role.",
    Decision.RESERVE: (
        "We have not offered you the role this time. We would like to keep you in mind, "
        "and we may offer it to you if it becomes free again."
    ),
    Decision.NOT_APPOINTED: "We are sorry to tell you that we have not offered you the role this time.",
    Decision.WITHDREW: "You told us you did not wish to go on with your application. Thank you for letting us know.",
}
"""The outcome, said first and plainly."""

CLOSING: dict[Decision, str] = {
    Decision.APPOINT: "We look forward to working with you.",
    Decision.RESERVE: "We hope this feedback is useful. We will be in touch if the role becomes free.",
    Decision.NOT_APPOINTED: "We hope this feedback is useful to you. Please do apply again in the future.",
    Decision.WITHDREW: "We hope this feedback is useful to you. You are welcome to apply again in the future.",
}


def _score_sentence(score: int, scale: Scale) -> str:
    said = f"The panel agreed a score of {score} out of {scale.high} ({scale.label(score)})."
    span = scale.high - scale.low
    if score - scale.low >= 0.75 * span:
        return f"{said} This was a strength."
    if score - scale.low <= 0.5 * span:
        return f"{said} This is something to build on."
    return said


def _question_part(q: LetterQuestion, scale: Scale) -> str:
    lines = [f"Question {q.number}: {q.text}"]
    if q.criterion:
        lines.append(f"What this question looks at: {q.criterion}")
    if q.guidance:
        lines.append("A good answer shows:")
        lines.extend(f"  - {g}" for g in q.guidance)
    if q.score is None:
        lines.append("The panel did not agree a score for this answer.")
    else:
        lines.append(_score_sentence(q.score, scale))
    if q.reason:
        lines.append(f"Why: {q.reason}")
    return "\n".join(lines)


def compose_letter(
    *,
    candidate_name: str,
    vacancy: str,
    organisation: str,
    decision: Decision,
    feedback: str,
    questions: Sequence[LetterQuestion],
    scale: Scale,
) -> str:
    """The letter's words, from parts already cleared of names (see `draft_letter`)."""
    at = f" at {organisation}" if organisation else ""
    parts = [
        f"Dear {candidate_name},",
        f"Thank you for coming to interview for the role of {vacancy}{at}. "
        "We are grateful for the time and care you gave us.",
        OPENING[decision],
    ]
    if questions:
        parts.append(
            "Below is what the panel agreed about each of your answers. "
            f"The panel scored each answer from {scale.low} ({scale.label(scale.low)}) "
            f"to {scale.high} ({scale.label(scale.high)})."
        )
        parts.extend(_question_part(q, scale) for q in questions)
    if feedback:
        parts.append(f"A note from the panel:\n{feedback}")
    parts.append(f"{CLOSING[decision]} If you would like to talk about this letter, please get in touch with us.")
    parts.append("With best wishes,\n\nThe interview panel" + (f"\n{organisation}" if organisation else ""))
    return "\n\n".join(parts) + "\n"


def draft_letter(state: SessionState, candidate_id: str) -> str:
    """The first draft of one candidate's letter, from the agreed scores and reasons and the outcome.

    Names no panel member and no other candidate; shows no rank, total or
    comparison. Raises `ValueError` when the candidate has no outcome (the
    services say so in plain words before they call this).
    """
    candidate = state.candidate(candidate_id)
    outcome = state.outcome(candidate_id)
    if outcome is None:
        raise ValueError("a letter needs the candidate's outcome")
    members = [m.name for m in state.members]
    others = [c.name for c in state.candidates if c.id != candidate_id and c.name != c.code]
    codes = [c.code for c in state.candidates if c.id != candidate_id]
    keep = [candidate.name]

    def clean(text: str) -> str:
        text = without_names(text, members, PANEL_MEMBER, keep)
        return without_names(text, [*others, *codes], OTHER_CANDIDATE, keep)

    questions = []
    for number, question in enumerate(state.agreed_questions, start=1):
        agreed = state.agreed_score(candidate_id, question.id)
        questions.append(
            LetterQuestion(
                number=number,
                text=clean(question.text),
                criterion=clean(question.criterion),
                guidance=tuple(clean(g) for g in question.guidance),
                score=agreed.score if agreed else None,
                reason=clean(agreed.reason) if agreed else "",
            )
        )
    session = state.session
    return compose_letter(
        candidate_name=candidate.name,
        vacancy=session.vacancy,
        organisation=session.organisation,
        decision=outcome.decision,
        feedback=clean(outcome.feedback),
        questions=questions,
        scale=session.scale,
    )
