""""You said, we did" in plain lines: what happened to what the signed-in person gave to the round.

The page is the services' (`PanelService.you_said`), as the full screen
shows it: the chair's own words on what changed because of the panel, the
questions this person wrote or improved and whether they were used, and for
each candidate the outcome and how far this person's own scores sat from the
agreed ones, question by question (distance only). It holds nobody else's
scores or names, so nothing here has to leave anything out.
"""

from __future__ import annotations

from ..domain.you_said import YouSaid
from ..services import PanelService
from .prompts import Lines


def page_lines(page: YouSaid) -> list[str]:
    """The page as plain lines: a heading line, then short lines under it; an empty string is a gap."""
    if not page.ready:
        return [page.waiting]
    out = [f"You said, we did: {page.name}. {page.vacancy}."]
    out += ["", "What changed because of the panel, in the chair's own words:"]
    out.append(page.panel_difference if page.panel_difference.strip() else "The chair has not written this yet.")
    out += ["", "Your questions:"]
    if not page.questions:
        out.append("You did not write or improve a question this time.")
    for question in page.questions:
        out.append(f"{question.text} {question.words}")
    if page.question_texts:
        out += ["", "The interview questions, by number (your scores below use these numbers):"]
        out += [f"Question {number}: {words}" for number, words in enumerate(page.question_texts, start=1)]
    out += ["", "Your scores and the agreed scores: how far your score was from the score the panel agreed. "
            "Distance only: nobody else's scores."]
    for candidate in page.candidates:
        out.append(f"{candidate.label}: {candidate.outcome}. {candidate.sentence}")
        out += [f"Question {line.number}: {line.words}." for line in candidate.lines]
    return out


def you_said(lines: Lines, service: PanelService) -> None:
    """Say the person's own page, then wait for Enter before the menu comes back."""
    page = lines.attempt(service.you_said, path=service.path)
    if page is None:
        return
    lines.gap()
    for line in page_lines(page):
        if line:
            lines.say(line)
        else:
            lines.gap()
    lines.gap()
    lines.ask_command("That is the end of your page. Press Enter to go back. Or type q to stop.")
