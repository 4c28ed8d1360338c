"""Sifting written applications in plain lines: one sift question, every answer to it, one at a time.

What a reviewer reads comes from the sift's read models alone
(`sift_overview`, `sift_queue`): codes and the answers as redacted, in the
reviewer's own order, and their own scores; never a name, an email address
or an answer as it was sent. Each score, note and the submitting are one
service call, saved before the next line is read, and the services keep the
rules (the scale, nothing changed after submitting, every answer scored
first). The keys are the interview sheet's (`scoring`): a number scores,
Enter alone moves on, p goes to the previous answer, b goes back to the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.models import AccessProfile, Scale, Wording
from ..services import PanelService
from ..services.sift_views import SiftItem, SiftQueue
from .prompts import Lines, and_list, looks_like_a_number, parse_command, parse_number, plural
from .scoring import OFFERED, go_to, scale_lines, score_words, step_back, switch_wording, wording_lines

CHOICES = (
    "Other choices: press Enter alone for the next answer; n to write a note; p for the previous answer; "
    "g to go to an answer (for example g 3); x to clear your score; r to read the answer again; "
    "w for another wording of the question, where it has one; "
    "s to submit your scores for this question; b to go back to the sift questions; q to stop."
)
READ_ONLY_CHOICES = (
    "Press Enter alone for the next answer. Or: p for the previous answer; g to go to an answer (for example g 3); "
    "b to go back to the sift questions; q to stop."
)
NO_ANSWER = "(No answer was given.)"
EVERY_ANSWER = "Every answer has a score. Type s to submit your scores for this question."


@dataclass
class Place:
    """Where the reviewer is in their own order of answers, and how they like to read."""

    index: int
    wanted: Wording
    auto_advance: bool
    told_choices: bool = False


def _profile(service: PanelService) -> AccessProfile:
    you = service.view().you
    return you.profile if you is not None else AccessProfile()


def _sent_words(scored: int, total: int, submitted: bool) -> str:
    return f"Scored {scored} of {total}. " + ("Sent: your scores are submitted." if submitted else "Not sent yet.")


def sift(lines: Lines, service: PanelService) -> None:
    """The sift questions with how far this reviewer is; then one question's answers, until they go back."""
    while True:
        overview = lines.attempt(service.sift_overview, path=service.path)
        if overview is None:
            return
        if not overview.open:
            lines.say("The sift has not been opened yet. The chair opens it once the applications are ready.")
            return
        if not overview.questions:
            lines.say("There are no agreed sift questions, so there is nothing to sift.")
            return
        rows = overview.questions
        lines.gap()
        done = sum(1 for q in rows if q.submitted)
        if overview.all_submitted:
            heading = "You have sent your scores for every sift question. Thank you. You can still read them."
        else:
            heading = (
                f"Sift the written applications. You have sent {done} of {plural(len(rows), 'question')}. "
                "Each answer comes on its own, in your own order, with a code instead of a name. "
                "Which question will you sift?"
            )
        index = lines.choose(
            heading,
            [f"{q.text} {_sent_words(q.scored, q.total, q.submitted)}" for q in rows],
            "a question",
        )
        if index is None:
            return
        sift_answers(lines, service, rows[index].question_id, index + 1, len(rows))


def sift_answers(lines: Lines, service: PanelService, question_id: str, number: int, count: int) -> None:
    """Every answer to one sift question, one at a time, until the reviewer goes back (b)."""
    queue = lines.attempt(lambda: service.sift_queue(question_id), path=service.path)
    if queue is None:
        return
    if not queue.items:
        lines.say("There are no applications to read for this question.")
        return
    profile = lines.attempt(lambda: _profile(service), path=service.path) or AccessProfile()
    first = queue.next_unscored()
    at = Place(first if first is not None and not queue.submitted else 0, profile.wording, profile.auto_advance)
    lines.gap()
    lines.say(f"Sift question {number} of {count}. {_sent_words(queue.scored, len(queue.items), queue.submitted)}")
    _say_question(lines, queue, at)
    if queue.submitted:
        lines.say("You have submitted this question: you can read your scores, but they cannot change.")
    elif queue.scored:
        lines.say(f"Going on from the first answer without a score: answer {at.index + 1}.")
    show = True
    while True:
        fresh = lines.attempt(lambda: service.sift_queue(question_id), path=service.path)
        if fresh is None:
            return
        if fresh.submitted and not queue.submitted:
            lines.say("This question has been submitted, so your scores cannot change now.")
        queue = fresh
        if show:
            _say_answer(lines, queue, at)
        show = True
        outcome = _one_line(lines, service, queue, at)
        if outcome == "back":
            return
        if outcome == "same":
            show = False


def _say_question(lines: Lines, queue: SiftQueue, at: Place) -> None:
    """Once, on opening a question: its wording, what a good answer shows, and the scale with what each point means."""
    q = queue.question
    lines.say(*wording_lines(q, at.wanted))
    if len(q.wordings) > 1:
        lines.say(f"Type w to hear this question {OFFERED[q.next_wording(q.shown_wording(at.wanted))]}.")
    if q.guidance:
        lines.say("What a good answer shows:", *q.guidance)
    lines.say(*scale_lines(queue.scale, q))


def _scale_line(scale: Scale) -> str:
    return "The scale: " + "; ".join(f"{p} {scale.label(p)}" for p in scale.points) + "."


def _say_answer(lines: Lines, queue: SiftQueue, at: Place) -> None:
    item = queue.items[at.index]
    lines.gap()
    lines.say(*wording_lines(queue.question, at.wanted))
    lines.say(f"Answer {at.index + 1} of {len(queue.items)}, applicant {item.code}.")
    lines.say(item.answer if item.answer.strip() else NO_ANSWER)
    lines.say(_scale_line(queue.scale))
    lines.say(f"Your score: {score_words(queue.scale, item.score)}.")
    if item.note:
        lines.say(f"Your note: {item.note}")


def _prompt(queue: SiftQueue, at: Place) -> str:
    if queue.submitted:
        return READ_ONLY_CHOICES
    prompt = f"Type a score from {queue.scale.low} to {queue.scale.high}, then press Enter."
    if at.told_choices:
        return prompt + " Or type h to hear the other choices."
    at.told_choices = True
    return f"{prompt} {CHOICES}"


def _one_line(lines: Lines, service: PanelService, queue: SiftQueue, at: Place) -> str:
    """Read one line on the current answer and act on it: "next" (say the answer now current), "same" or "back"."""
    item = queue.items[at.index]
    answer = lines.ask_command(_prompt(queue, at))
    number = parse_number(answer)
    command, rest = parse_command(answer)
    if number is not None or looks_like_a_number(answer):
        if queue.submitted:
            lines.say("You have submitted this question. Submitted scores cannot be changed.")
            return "same"
        return _score(lines, service, queue, at, number if number is not None else answer.strip())
    if command == "":
        return _move_on(lines, queue, at)
    if command in ("p", "previous"):
        return step_back(lines, at, "This is the first answer.")
    if command in ("g", "go"):
        return go_to(lines, at, len(queue.items), rest, "answer")
    if command in ("b", "back"):
        return "back"
    if command in ("r", "read", "again"):
        return "next"
    if command in ("w", "l"):
        return switch_wording(lines, queue.question, at)
    if queue.submitted:
        if command in ("h", "help", "?"):
            return "same"
        lines.say(f'"{answer.strip()}" is not one of the choices.')
        return "same"
    if command in ("n", "note"):
        _note(lines, service, queue, item)
        return "same"
    if command in ("x", "clear"):
        _clear(lines, service, queue, item)
        return "same"
    if command in ("s", "submit", "v"):
        return submit(lines, service, queue, at)
    if command in ("h", "help", "?"):
        lines.say(CHOICES)
        return "same"
    lines.say(f'"{answer.strip()}" is not a score or one of the choices. {CHOICES}')
    return "same"


def _unscored(queue: SiftQueue) -> list[SiftItem]:
    return [item for item in queue.items if item.score is None]


def _move_on(lines: Lines, queue: SiftQueue, at: Place) -> str:
    """Enter alone: the next answer; after the last one, the first still without a score, or what to do now."""
    if at.index + 1 < len(queue.items):
        at.index += 1
        return "next"
    lines.say("That was the last answer.")
    if queue.submitted:
        return "same"
    missing = queue.next_unscored(at.index)
    if missing is None:
        lines.say(EVERY_ANSWER)
        return "same"
    lines.say(f"Answer {missing + 1}, applicant {queue.items[missing].code}, has no score yet. Here it is.")
    at.index = missing
    return "next"


def _score(lines: Lines, service: PanelService, queue: SiftQueue, at: Place, value: object) -> str:
    item = queue.items[at.index]
    saved = lines.attempt(
        lambda: service.sift_score(queue.question.id, item.applicant_id, value),
        path=service.path, after="Your score was not changed.",
    )
    if saved is None:
        return "same"
    score = saved.scores[item.applicant_id]
    scored = sum(1 for i in queue.items if i.score is not None or i.applicant_id == item.applicant_id)
    lines.say(f"Saved: {item.code}, score {score}, {queue.scale.label(score)}. {scored} of {len(queue.items)} scored.")
    everything = scored == len(queue.items)
    if not at.auto_advance:  # their profile: stay on the answer until they move on
        lines.say(EVERY_ANSWER if everything else "Press Enter alone for the next answer.")
        return "same"
    if at.index + 1 < len(queue.items):
        if everything:
            lines.say(EVERY_ANSWER)
        at.index += 1
        return "next"
    if not everything:
        return _move_on(lines, queue, at)
    lines.say("That was the last answer.", EVERY_ANSWER)
    return "same"


def _note(lines: Lines, service: PanelService, queue: SiftQueue, item: SiftItem) -> None:
    if item.note:
        typed = lines.ask(
            f"Your note about {item.code} is: {item.note} "
            "Type a new note to replace it, or a dash (-) to remove it. Or press Enter alone to keep it."
        )
    else:
        typed = lines.ask(f"Your note about {item.code}: type it and press Enter. Or press Enter alone for no note.")
    if not typed.strip():
        lines.say("Your note was not changed.")
        return
    text = "" if typed.strip() == "-" else typed.strip()
    if text == item.note:
        return
    saved = lines.attempt(
        lambda: service.sift_note(queue.question.id, item.applicant_id, text),
        path=service.path, after="Your note was not changed.",
    )
    if saved is not None:
        lines.say(f"Saved: note about {item.code}." if text else f"Removed: the note about {item.code}.")


def _clear(lines: Lines, service: PanelService, queue: SiftQueue, item: SiftItem) -> None:
    if item.score is None:
        lines.say(f"{item.code} has no score to clear.")
        return
    saved = lines.attempt(
        lambda: service.sift_clear(queue.question.id, item.applicant_id),
        path=service.path, after="Your score was not changed.",
    )
    if saved is not None:
        lines.say(f"Cleared: {item.code} has no score now.")


def _codes(items: list[SiftItem], most: int = 8) -> str:
    """'A03, A07 and A12', or 'A01, A02, ... and 12 more' when there are many."""
    codes = [i.code for i in items]
    if len(codes) > most:
        return f"{', '.join(codes[:most])} and {len(codes) - most} more"
    return and_list(codes)


def submit(lines: Lines, service: PanelService, queue: SiftQueue, at: Place) -> str:
    """Ask first. With answers still unscored, name their codes and go to the first (the services refuse until all are scored).

    Returns "back" once submitted, "next" when it moved to an answer without a score, else "same".
    """
    missing = _unscored(queue)
    if missing:
        first = queue.items.index(missing[0])
        lines.say(
            f"Not ready to submit: {plural(len(missing), 'answer')} {'has' if len(missing) == 1 else 'have'} "
            f"no score yet: {_codes(missing)}. Every answer needs a score first."
        )
        if queue.items[at.index].score is None:  # they are on one already
            lines.say(f"This answer, {queue.items[at.index].code}, has no score yet.")
            return "same"
        if lines.confirm(f"Go to answer {first + 1}, applicant {missing[0].code}, now?"):
            at.index = first
            return "next"
        return "same"
    if not lines.confirm(
        f"Submit your {plural(len(queue.items), 'score')} for this question? After that they cannot change. "
        "The chair sees them only once you have submitted."
    ):
        lines.say("Not submitted. Your scores are saved as they are.")
        return "same"
    done = lines.attempt(
        lambda: service.submit_sift(queue.question.id), path=service.path, after="It was not submitted."
    )
    if done is None:
        return "same"
    lines.say("Submitted: your scores for this question. They cannot change now. Thank you.")
    return "back"
