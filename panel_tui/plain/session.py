"""Choosing a session, opening it, and 'Who are you?' with the PIN, in plain lines.

The list of people, who needs a PIN, the count of wrong tries and the waits
all come from the services (`OpenedSession.who_are_you` and `sign_in`), as
on the full screen's sign-in.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..domain.text import one_line
from ..services import OpenedSession, PanelService, Person, list_sessions, problem_report
from .prompts import Lines, plural


def choose_session(lines: Lines, folder: Path) -> Path | None:
    """The session file the person chooses from the sessions folder, or None when there is none to choose."""
    sessions = list_sessions(folder)
    if not sessions:
        lines.say(
            f"There are no sessions in {folder} yet.",
            "The chair makes one with: panel-tui new. To try panel-tui, run: panel-tui --plain demo",
        )
        return None
    items = []
    for summary in sessions:
        if summary.problem:
            items.append(f"The file {summary.path.name} is damaged and cannot be opened.")
        else:
            items.append(f"{summary.vacancy}. {summary.stage}. {summary.progress}. File: {summary.path.name}")
    while True:
        index = lines.choose(
            f"Sessions in {folder} ({plural(len(sessions), 'session')}):", items, "a session", back=None
        )
        assert index is not None  # no 'back' offered
        chosen = sessions[index].path
        problem = problem_report(chosen)
        if not problem:
            return chosen
        lines.say(problem)
        lines.gap()


def open_session(lines: Lines, path: Path, *, pins_required: bool, member: str | None) -> OpenedSession | None:
    """The session opened for signing in, or None (the problem said in plain words) when it cannot be opened."""
    return lines.attempt(lambda: OpenedSession.open(path, pins_required=pins_required, member=member), path=path)


def _person_line(person: Person, pins_required: bool) -> str:
    line = f"{person.name} ({person.group_label}, {person.role_label})."
    if person.has_pin:
        line += " Has a PIN."
    elif pins_required:
        line += " No PIN yet."
    return line


def sign_in(lines: Lines, opened: OpenedSession, *, back: bool) -> PanelService | None:
    """Sign one person in: their name, then their PIN if they have one. None when they go back (offered with `back`)."""
    while True:
        listing = lines.attempt(opened.who_are_you, path=opened.path)
        if listing is None:
            return None
        lines.gap()
        lines.say(f"Session: {listing.vacancy}.")
        if listing.only is not None and not listing.people:
            lines.say(
                f"Nobody called {listing.only} is on this panel, so nobody can sign in here. "
                "Ask the chair to check how your name is written in Set-up."
            )
            return None
        if not listing.people:
            lines.say("Nobody is on the panel yet. The chair adds the panel in Set-up, on the full screen.")
            return None
        people = list(listing.people)
        index = lines.choose(
            "Who are you? Please choose only your own name: your scores are recorded as yours.",
            [_person_line(p, listing.pins_required) for p in people],
            "your name",
            back="go back to the list of sessions" if back else None,
        )
        if index is None:
            return None
        service = _with_pin(lines, opened, people[index])
        if service is not None:
            return service


def _with_pin(lines: Lines, opened: OpenedSession, person: Person) -> PanelService | None:
    """Signed in, or None to choose the name again (the services said why)."""
    if not person.has_pin:
        return lines.attempt(lambda: opened.sign_in(person.id), path=opened.path)
    while True:
        pin = lines.ask_secret(
            f"PIN for {one_line(person.name)}: type your PIN, then press Enter. "
            "Or press Enter alone to go back to the list of names."
        )
        if not pin.strip():
            return None
        lines.say("Checking your PIN.")
        service = lines.attempt(partial(opened.sign_in, person.id, pin), path=opened.path)
        if service is not None:
            return service
