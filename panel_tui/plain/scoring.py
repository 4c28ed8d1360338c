"""Scoring one candidate in plain lines: a question, its scale, a score, a note, and on.

The person's access profile chooses the wording read first and whether a
score moves on to the next question, as on the full screen. Each score and
each note is one service call, saved before the next line is read, so
stopping at any point (q, Ctrl+D, a closed window) loses nothing that was
entered. What the sheet holds is read again from the read model
(`sheet_for_scoring`) before each question, so a change made in another
terminal (a sheet submitted there) is seen here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..domain.easy_read import easy_read_lines
from ..domain.models import Question, Scale, Wording
from ..services import PanelService, SheetForScoring, sheet_for_scoring
from .prompts import Lines, looks_like_a_number, parse_command, parse_number, tidy
from .sheet import review_sheet

CHOICES = (
    "Other choices: press Enter alone for the next question; n to write a note; "
    "w for another wording (as written, plain words or Easy Read); "
    "p for the previous question; g to go to a question (for example g 3); x to clear your score; "
    "r to read the question again; v to read your whole sheet and submit it; "
    "b to go back to the candidates; q to stop."
)


def scale_lines(scale: Scale, question: Question) -> list[str]:
    """Each point of the scale with its label, and what an answer at that point looks like when the question says."""
    lines = [f"The scale goes from {scale.low} to {scale.high}:"]
    for point in scale.points:
        anchor = question.anchors.get(point, "")
        lines.append(f"{point}: {scale.label(point)}." + (f" {anchor}" if anchor else ""))
    return lines


def score_words(scale: Scale, score: int | None) -> str:
    return "none yet" if score is None else f"{score}, {scale.label(score)}"


OFFERED = {
    Wording.AS_WRITTEN: "as it was written",
    Wording.PLAIN: "in plain words",
    Wording.EASY_READ: "in Easy Read",
}
"""How w offers each version: "Type w to hear this question in Easy Read."."""


@dataclass
class Reading:
    """Where the person is on the sheet, and which wording they chose to read."""

    index: int
    wanted: Wording
    told_choices: bool = False

    @property
    def plain(self) -> bool:
        """For the whole sheet read aloud: plain words (where a question has them) unless they chose the words as written."""
        return self.wanted is not Wording.AS_WRITTEN


def wording_lines(question: Question, wanted: Wording) -> list[str]:
    """The question in the version the person chose (or the nearest one it has), saying which one it is."""
    shown = question.shown_wording(wanted)
    if shown is Wording.EASY_READ:
        return ["In Easy Read:", *easy_read_lines(question.easy_read)]
    if shown is Wording.PLAIN:
        return [f"In plain words: {question.plain_text}"]
    return [f"As written: {question.text}" if len(question.wordings) > 1 else question.text]


def _read(lines: Lines, service: PanelService, member_id: str, candidate_id: str) -> SheetForScoring | None:
    view = lines.attempt(service.view, path=service.path)
    if view is None:
        return None
    return lines.attempt(lambda: sheet_for_scoring(view, member_id, candidate_id), path=service.path)


def show_question(lines: Lines, sheet: SheetForScoring, at: Reading) -> None:
    q = sheet.questions[at.index]
    lines.gap()
    lines.say(f"{sheet.candidate_label}. Question {at.index + 1} of {len(sheet.questions)}.")
    lines.say(*wording_lines(q, at.wanted))
    if len(q.wordings) > 1:
        other = OFFERED[q.next_wording(q.shown_wording(at.wanted))]
        lines.say(f"Type w to hear this question {other}.")
    if q.guidance:
        lines.say("What a good answer shows:", *q.guidance)
    lines.say(*scale_lines(sheet.scale, q))
    lines.say(f"Your score: {score_words(sheet.scale, sheet.scores.get(q.id))}.")
    note = sheet.notes.get(q.id, "")
    if note:
        lines.say(f"Your note: {note}")


def score_sheet(
    lines: Lines, service: PanelService, member_id: str, candidate_id: str, *, start_at: str | None = None
) -> None:
    """Question by question until the person goes back (b), or reviews and submits the sheet."""
    sheet = _read(lines, service, member_id, candidate_id)
    if sheet is None:
        return
    if not sheet.questions:
        lines.say("There are no agreed questions yet. The chair agrees and locks the questions first.")
        return
    if sheet.submitted:
        review_sheet(lines, service, member_id, candidate_id, plain=sheet.profile.wording is not Wording.AS_WRITTEN)
        return
    ids = [q.id for q in sheet.questions]
    first = start_at if start_at in ids else next((q for q in ids if q not in sheet.scores), ids[0])
    at = Reading(ids.index(first), sheet.profile.wording)
    show = True
    while True:
        sheet = _read(lines, service, member_id, candidate_id)
        if sheet is None:
            return
        if sheet.submitted:
            lines.say("This sheet is submitted, so it cannot change.")
            review_sheet(lines, service, member_id, candidate_id, plain=at.plain)
            return
        if show:
            show_question(lines, sheet, at)
        show = True
        outcome = _one_answer(lines, service, sheet, at)
        if outcome == "back":
            return
        if outcome == "review":
            result = review_sheet(lines, service, member_id, candidate_id, plain=at.plain, scoring=True)
            if result == "submitted":
                return
            if isinstance(result, int):
                at.index = result
            lines.say("Back to scoring.")
        if outcome == "same":
            show = False


def _prompt(scale: Scale, at: Reading) -> str:
    prompt = f"Type a score from {scale.low} to {scale.high}, then press Enter."
    if at.told_choices:
        return prompt + " Or type h to hear the other choices."
    at.told_choices = True
    return f"{prompt} {CHOICES}"


def _one_answer(lines: Lines, service: PanelService, sheet: SheetForScoring, at: Reading) -> str:
    """Read one line on the current question and act on it.

    Returns "next" (show the question now current), "same" (ask again
    without reading the question again), "review" or "back".
    """
    q = sheet.questions[at.index]
    last = at.index == len(sheet.questions) - 1
    answer = lines.ask_command(_prompt(sheet.scale, at))
    number = parse_number(answer)
    if number is not None or looks_like_a_number(answer):
        return _score(lines, service, sheet, at, number if number is not None else answer.strip())
    command, rest = parse_command(answer)
    if command == "":
        if last:
            lines.say("That was the last question.")
            return "review"
        at.index += 1
        return "next"
    if command in ("n", "note"):
        _note(lines, service, sheet, q, at.index)
        return "same"
    if command in ("w", "l"):
        return switch_wording(lines, q, at)
    if command in ("p", "previous"):
        return step_back(lines, at, "This is the first question.")
    if command in ("g", "go"):
        return go_to(lines, at, len(sheet.questions), rest)
    if command in ("x", "clear"):
        return _clear(lines, service, sheet, q, at.index)
    if command in ("r", "read", "again"):
        return "next"
    if command in ("v", "s", "review", "submit"):
        return "review"
    if command in ("b", "back"):
        return "back"
    if command in ("h", "help", "?"):
        lines.say(CHOICES)
        return "same"
    lines.say(f'"{answer.strip()}" is not a score or one of the choices. {CHOICES}')
    return "same"


class Place(Protocol):
    """Where a person is in a list read one item at a time, and the wording they chose: a sheet or a sift."""

    index: int
    wanted: Wording


def switch_wording(lines: Lines, question: Question, at: Place) -> str:
    """w: the next version of the question (as written, plain words, Easy Read) this person reads."""
    if len(question.wordings) < 2:
        lines.say("This question has only one wording.")
        return "same"
    at.wanted = question.next_wording(question.shown_wording(at.wanted))
    return "next"


def step_back(lines: Lines, at: Place, first: str) -> str:
    """p: the previous item, or `first` said when there is none."""
    if at.index == 0:
        lines.say(first)
        return "same"
    at.index -= 1
    return "next"


def _score(lines: Lines, service: PanelService, sheet: SheetForScoring, at: Reading, value: object) -> str:
    q = sheet.questions[at.index]
    number = at.index + 1
    saved = lines.attempt(
        lambda: service.record_score(sheet.member.id, sheet.candidate.id, q.id, value),
        path=service.path, after="Your score was not changed.",
    )
    if saved is None:
        return "same"
    score = saved.scores[q.id]
    lines.say(f"Saved: question {number}, score {score}, {sheet.scale.label(score)}.")
    _note(lines, service, sheet, q, at.index)
    if not sheet.profile.auto_advance:  # their profile: stay on the question until they move on
        lines.say("Press Enter alone for the next question.")
        return "same"
    if at.index + 1 < len(sheet.questions):
        at.index += 1
        return "next"
    lines.say("That was the last question.")
    return "review"


def _note(lines: Lines, service: PanelService, sheet: SheetForScoring, q: Question, index: int) -> None:
    number = index + 1
    current = sheet.notes.get(q.id, "")
    if current:
        typed = lines.ask(
            f"Your note for question {number} is: {current} "
            "Type a new note to replace it, or a dash (-) to remove it. Or press Enter alone to keep it."
        )
    else:
        typed = lines.ask(
            f"Add a note for question {number}? Type your note and press Enter. Or press Enter alone for no note."
        )
    if not typed.strip():
        return
    if parse_number(typed) in sheet.scale.points and not lines.confirm(
        f'"{typed.strip()}" looks like a score. Save it as your note for question {number}?'
    ):
        lines.say(f"Your note for question {number} was not changed.")
        return
    text = "" if typed.strip() == "-" else typed.strip()
    if text == current or (not text and not current):
        return
    saved = lines.attempt(
        lambda: service.set_note(sheet.member.id, sheet.candidate.id, q.id, text),
        path=service.path, after="Your note was not changed.",
    )
    if saved is not None:
        lines.say(f"Saved: note for question {number}." if text else f"Removed: the note for question {number}.")


def go_to(lines: Lines, at: Place, total: int, rest: str, what: str = "question") -> str:
    """g 3: straight to item 3 of `total` ("question" or "answer"), asking which when not typed."""
    typed = rest or lines.ask_command(f"Which {what}? Type a number from 1 to {total}, then press Enter. Or type q to stop.")
    number = parse_number(typed)
    if number is None or not 1 <= number <= total:
        lines.say(f"There is no {what} {tidy(typed) or 'with that number'}. The {what}s go from 1 to {total}.")
        return "same"
    at.index = number - 1
    return "next"


def _clear(lines: Lines, service: PanelService, sheet: SheetForScoring, q: Question, index: int) -> str:
    if q.id not in sheet.scores:
        lines.say(f"Question {index + 1} has no score to clear.")
        return "same"
    saved = lines.attempt(
        lambda: service.clear_score(sheet.member.id, sheet.candidate.id, q.id),
        path=service.path, after="Your score was not changed.",
    )
    if saved is not None:
        lines.say(f"Cleared: question {index + 1} has no score now.")
    return "same"
