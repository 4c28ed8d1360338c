"""A whole sheet read aloud in plain lines: each question, score, label and note; then submitting it.

After a sheet is submitted, and only then, the other panel members'
submitted scores for that candidate are read with it: the services decide
who may see them (rule 1, `visible_sheets`), exactly as on the full screen.
"""

from __future__ import annotations

from ..domain.models import ScoreSheet
from ..services import PanelService, SessionView, SheetForScoring, sheet_for_scoring
from .prompts import Lines, and_list, parse_command, parse_number, plural


def _others_line(view: SessionView, others: list[ScoreSheet], question_id: str) -> str:
    state = view.state
    parts = []
    for other in sorted(others, key=lambda s: state.member(s.member_id).name.casefold()):
        person = state.member(other.member_id)
        given = other.scores.get(question_id)
        parts.append(f"{person.name} ({state.group_label(person.group)}) {'no score' if given is None else given}")
    return "Other panel members: " + "; ".join(parts) + "."


def read_sheet(lines: Lines, service: PanelService, view: SessionView, sheet: SheetForScoring, *, plain: bool) -> list[int]:
    """Say the whole sheet; return the numbers of the questions with no score."""
    saved = view.state.sheet(sheet.member.id, sheet.candidate.id)
    paper = f" It was typed in from paper by {saved.entered_by}." if saved and saved.entered_by else ""
    status = "Submitted: it cannot change." if sheet.submitted else "Not submitted yet."
    lines.gap()
    lines.say(f"Your sheet for {sheet.candidate_label}. {status}{paper}")
    others = []
    if sheet.submitted:
        others = [s for s in service.visible_sheets(sheet.candidate.id) if s.member_id != sheet.member.id and s.submitted]
    missing = []
    for number, q in enumerate(sheet.questions, start=1):
        lines.say(f"Question {number}: {q.plain_text if plain and q.plain_text else q.text}")
        score = sheet.scores.get(q.id)
        if score is None:
            missing.append(number)
            lines.say("Score: none.")
        else:
            lines.say(f"Score: {score}, {sheet.scale.label(score)}.")
        note = sheet.notes.get(q.id, "")
        if note:
            lines.say(f"Note: {note}")
        if others:
            lines.say(_others_line(view, others, q.id))
    if not sheet.submitted:
        if missing:
            lines.say(f"{_questions(missing)} {'has' if len(missing) == 1 else 'have'} no score yet.")
        else:
            lines.say(f"Every question has a score ({plural(len(sheet.questions), 'question')}).")
    return missing


def _questions(numbers: list[int]) -> str:
    return f"Question {numbers[0]}" if len(numbers) == 1 else f"Questions {and_list([str(n) for n in numbers])}"


def review_sheet(
    lines: Lines, service: PanelService, member_id: str, candidate_id: str, *, plain: bool, scoring: bool = False
) -> str | int:
    """Read the sheet; from scoring, offer to submit it.

    Returns "submitted", "back", or the index of a question to go back to.
    """
    view = lines.attempt(service.view, path=service.path)
    if view is None:
        return "back"
    sheet = lines.attempt(lambda: sheet_for_scoring(view, member_id, candidate_id), path=service.path)
    if sheet is None:
        return "back"
    missing = read_sheet(lines, service, view, sheet, plain=plain)
    if sheet.submitted or not scoring:
        lines.ask_command("Press Enter to go back. Or type q to stop.")
        return "back"
    total = len(sheet.questions)
    while True:
        answer = lines.ask_command(
            f"Type s to submit this sheet, or a question number from 1 to {total} to go back to it. "
            "Or type b to go back to scoring, or q to stop."
        )
        number = parse_number(answer)
        if number is not None and 1 <= number <= total:
            return number - 1
        command, _ = parse_command(answer)
        if command in ("s", "submit"):
            if submit(lines, service, sheet, missing):
                return "submitted"
            return "back"
        if command in ("b", "back", ""):
            return "back"
        lines.say(f'"{answer.strip()}" is not one of the choices.')


def submit(lines: Lines, service: PanelService, sheet: SheetForScoring, missing: list[int]) -> bool:
    """Ask first (saying which questions have no score); then one service call. True when submitted."""
    if missing:
        question = f"{_questions(missing)} {'has' if len(missing) == 1 else 'have'} no score. Submit anyway? A submitted sheet cannot change."
    else:
        question = f"Submit your sheet for {sheet.candidate_label}? A submitted sheet cannot change."
    if not lines.confirm(question):
        lines.say("Not submitted. Your scores are saved as a draft.")
        return False
    done = lines.attempt(
        lambda: service.submit_sheet(sheet.member.id, sheet.candidate.id), path=service.path, after="It was not submitted."
    )
    if done is None:
        return False
    lines.say(f"Submitted: your sheet for {sheet.candidate_label}. It cannot change now. Thank you.")
    return True
