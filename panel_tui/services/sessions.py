"""Finding, creating, opening and checking session files, and signing in."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import WrongPin
from ..domain.models import STAGE_LABELS, AuditEvent, Group, PanelMember, Role, Session
from ..domain.pins import PinGuard, verify_pin
from ..domain.progress import session_progress
from ..domain.state import SessionState
from ..locations import free_session_path, session_files
from ..store import SessionFile, StoreError
from ..store.repository import audit_events_of, peek
from .actor import Actor
from .base import plain_validation, snapshot


@dataclass(frozen=True)
class SessionSummary:
    """One line of the session list: readable sessions and damaged ones alike."""

    path: Path
    vacancy: str = ""
    stage: str = ""
    submitted: int = 0
    expected: int = 0
    problem: str = ""

    @property
    def progress(self) -> str:
        if self.problem:
            return ""
        return f"{self.submitted} of {self.expected} sheets submitted"


def summarise(path: Path) -> SessionSummary:
    try:
        state = peek(path)
    except StoreError as error:
        return SessionSummary(path, problem=str(error))
    done, expected = session_progress(state)
    return SessionSummary(path, state.session.vacancy, STAGE_LABELS[state.session.stage], done, expected)


def list_sessions(folder: Path) -> list[SessionSummary]:
    return [summarise(p) for p in session_files(folder)]


def new_session(
    folder: Path,
    vacancy: str,
    *,
    organisation: str = "",
    chair_name: str = "",
    chair_group: Group | str = Group.STAFF,
    path: Path | None = None,
    by: str = "",
) -> tuple[SessionFile, PanelMember | None]:
    """Create a session file; the person creating it joins the panel as chair when named."""
    with plain_validation():
        session = Session(vacancy=vacancy, organisation=organisation)
        chair = PanelMember(name=chair_name, group=Group(chair_group), role=Role.CHAIR) if chair_name.strip() else None
    target = path or free_session_path(folder, vacancy)
    actor_name = chair.name if chair else (by or "set-up")
    event = AuditEvent(actor_id=chair.id if chair else "tool", actor_name=actor_name, action="created the session", target=session.vacancy, after=snapshot(session))
    session_file = SessionFile.create(target, session, event)
    if chair:
        with session_file.transaction() as tx:
            tx.put(chair)
            tx.record(AuditEvent(actor_id=chair.id, actor_name=chair.name, action="added panel member", target=chair.name, after=snapshot(chair)))
    return session_file, chair


def check_session(path: Path) -> str:
    """A plain report of a sound file; raises a StoreError naming what is wrong."""
    state: SessionState = peek(path)
    events = audit_events_of(path)
    done, expected = session_progress(state)
    return (
        f"{path} is sound: '{state.session.vacancy}', {len(state.members)} panel members, "
        f"{len(state.candidates)} candidates, {len(state.questions)} questions, "
        f"{done} of {expected} sheets submitted, {len(events)} audit events."
    )


class SignIn:
    """'Who are you?': checks a PIN, with a short wait after three wrong tries."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._guard = PinGuard()
        self._clock = clock

    def needs_pin(self, member: PanelMember) -> bool:
        return member.pin_hash is not None

    def sign_in(self, member: PanelMember, pin: str = "") -> Actor:
        if member.pin_hash is None:
            return Actor.of(member)
        wait = self._guard.wait_left(member.id, self._clock())
        if wait > 0:
            raise WrongPin(f"Too many wrong tries. Please wait {int(wait) + 1} seconds and try again.")
        if not verify_pin(pin, member.pin_hash):
            self._guard.failed(member.id, self._clock())
            if self._guard.wait_left(member.id, self._clock()) > 0:
                raise WrongPin(f"That PIN is not right. Please wait {int(PinGuard.WAIT_SECONDS)} seconds before trying again.")
            raise WrongPin("That PIN is not right. Please try again.")
        self._guard.succeeded(member.id)
        return Actor.of(member)
