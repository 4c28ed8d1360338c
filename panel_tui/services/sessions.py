"""Finding, creating, opening and checking session files, and signing in."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, replace
from datetime import datetime
from math import ceil
from pathlib import Path

from ..domain.errors import NotAllowed, PanelError, WrongPin
from ..domain.models import (
    ROLE_LABELS,
    STAGE_LABELS,
    AuditEvent,
    Group,
    PanelMember,
    PinAttempts,
    Role,
    Session,
    now,
)
from ..domain.pins import after_wrong_pin, verify_pin, wait_left
from ..domain.progress import session_progress
from ..domain.retention import retention_of
from ..domain.state import SessionState
from ..domain.text import one_line
from ..export import read_export
from ..locations import free_session_path, session_files
from ..store import (
    Backup,
    Restored,
    SessionDamaged,
    SessionFile,
    SessionMissing,
    StoreError,
    list_backups,
    newest_good_backup,
    restore_backup,
)
from ..store.lock import LOCK_TIMEOUT
from ..store.repository import audit_events_of, peek
from .actor import TOOL_ID, Actor
from .base import plain_validation, snapshot
from .panel import PanelService


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
) -> tuple[OpenedSession, PanelMember | None]:
    """Create a session file; the person creating it joins the panel as chair when named."""
    with plain_validation():
        session = Session(vacancy=vacancy, organisation=organisation)
        chair = PanelMember(name=chair_name, group=Group(chair_group), role=Role.CHAIR) if chair_name.strip() else None
    target = path or free_session_path(folder, vacancy)
    actor_name = chair.name if chair else (by or "set-up")
    event = AuditEvent(
        actor_id=chair.id if chair else TOOL_ID, actor_name=actor_name, action="created the session",
        target=session.vacancy, after=snapshot(session), record="session",
    )
    session_file = SessionFile.create(target, session, event)
    if chair:
        with session_file.transaction() as tx:
            tx.put(chair)
            tx.record(AuditEvent(
                actor_id=chair.id, actor_name=chair.name, action="added panel member", target=chair.name,
                after=snapshot(chair), record=f"members:{chair.id}", member_id=chair.id,
            ))
    return OpenedSession(session_file), chair


def check_session(path: Path) -> str:
    """A plain report of a sound file, then its retention date and any legal hold; raises a StoreError naming what is wrong."""
    state: SessionState = peek(path)
    events = audit_events_of(path)
    done, expected = session_progress(state)
    retention = retention_of(state)
    retention = replace(retention, legal_hold=one_line(retention.legal_hold).strip().rstrip("."))
    return (
        f"{path} is sound: '{state.session.vacancy}', {len(state.members)} panel members, "
        f"{len(state.candidates)} candidates, {len(state.questions)} questions, "
        f"{done} of {expected} sheets submitted, {len(events)} audit events.\n"
        f"{retention.sentence()}"
    )


@dataclass(frozen=True)
class Person:
    """One name on 'Who are you?': enough to choose, never a PIN hash."""

    id: str
    name: str
    group_label: str
    role_label: str
    has_pin: bool


@dataclass(frozen=True)
class WhoAreYou:
    """The read model of the sign-in list."""

    vacancy: str
    people: tuple[Person, ...]
    """In alphabetical order: the chair is not first, so a careless Enter does not sign in as the chair."""
    organiser_allowed: bool
    """'I am setting up this session': only in a terminal, while the session has no chair and nobody has a PIN."""
    pins_required: bool = False
    """Served to a browser: nobody signs in without their own PIN, so people without one are marked."""
    only: str | None = None
    """Opened for one named person (an SSH ForceCommand login): `people` holds only them, or nobody."""


NEED_A_PIN = "You need a PIN to sign in here. Ask the chair to set one in Set-up."
"""Why a person without a PIN cannot sign in to a served session."""


def _same_name(name: str) -> str:
    """A name as typed for comparing: case and runs of spaces do not matter."""
    return " ".join(name.split()).casefold()


class OpenedSession:
    """A session file opened for work: who is on it, signing in, and a service for whoever signs in.

    The UI and the CLI reach the store only through this and `PanelService`.

    `pins_required` (the session served to browsers by the hub): nobody signs
    in without their own PIN and nobody sets up as the organiser, whatever the
    screen shows. `member` (a login that may act only as one person, such as
    SSH with ForceCommand): only the people of that name are listed or may
    sign in, compared without regard to case or spacing.
    """

    def __init__(self, session_file: SessionFile, *, pins_required: bool = False, member: str | None = None) -> None:
        self._file = session_file
        self.pins_required = pins_required
        self.member = member.strip() if member is not None else None

    @classmethod
    def open(
        cls, path: str | Path, lock_timeout: float = LOCK_TIMEOUT, *, pins_required: bool = False,
        member: str | None = None,
    ) -> OpenedSession:
        return cls(SessionFile.open(path, lock_timeout), pins_required=pins_required, member=member)

    def _may_be(self, member: PanelMember) -> bool:
        return self.member is None or _same_name(member.name) == _same_name(self.member)

    @property
    def path(self) -> Path:
        return self._file.path

    def stamp(self) -> object:
        """Which version of the file is on disk (a stat): the app's watcher compares these."""
        return self._file.stamp()

    def watched_paths(self) -> tuple[Path, ...]:
        """The files whose change is a new version of the session (the app's watcher watches these)."""
        return self._file.watched_paths()

    def reload(self) -> None:
        """Read and check the file now if it changed (a worker calls this, off the event loop)."""
        self._file.snapshot()

    def who_are_you(self) -> WhoAreYou:
        state = self._file.state()
        session = state.session
        people = tuple(
            Person(m.id, m.name, session.group_label(m.group), ROLE_LABELS[m.role], m.pin_hash is not None)
            for m in sorted(state.members, key=lambda m: (m.name.casefold(), m.id))
            if self._may_be(m)
        )
        organiser = (
            not self.pins_required and self.member is None
            and not any(m.role is Role.CHAIR for m in state.members) and not any(m.pin_hash for m in state.members)
        )
        return WhoAreYou(session.vacancy, people, organiser, self.pins_required, self.member)

    def as_tool(self, name: str) -> PanelService:
        """A script or a CLI command: the chair's rights, the chair's reading rule, its own name in the audit."""
        return PanelService(self._file, Actor.tool(name))

    def as_organiser(self) -> PanelService:
        if self.pins_required:
            raise NotAllowed("Here everyone signs in as themselves, with their own PIN. Please choose your own name.")
        if self.member is not None:
            raise NotAllowed(f"Here you can only sign in as {self.member}.")
        if not self.who_are_you().organiser_allowed:
            raise NotAllowed("This session has a chair, or uses PINs, so please choose your own name.")
        return PanelService(self._file, Actor.tool("Organiser"))

    def needs_pin(self, member_id: str) -> bool:
        return self._file.state().member(member_id).pin_hash is not None

    def sign_in(self, member_id: str, pin: str = "", at: datetime | None = None) -> PanelService:
        """Check the PIN (wrong tries counted in the session, so every terminal continues the count).

        Slow on purpose (scrypt) and it may write: call it from a worker, never the event loop.
        """
        at = at or now()
        state = self._file.state()
        member = state.member(member_id)
        if not self._may_be(member):
            raise NotAllowed(f"Here you can only sign in as {self.member}.")
        if member.pin_hash is None and self.pins_required:
            raise WrongPin(NEED_A_PIN)
        if member.pin_hash is None:
            if member.role is Role.CHAIR and any(m.pin_hash for m in state.members):
                raise WrongPin("This session uses PINs and the chair has none yet. HR can set one in Set-up.")
            return PanelService(self._file, Actor.of(member))
        wait = wait_left(state.pin_attempts_of(member_id), at)
        if wait > 0:
            raise WrongPin(f"Too many wrong tries. Please wait {ceil(wait)} seconds and try again.")
        if not verify_pin(pin, member.pin_hash):
            attempts = self._count_wrong_pin(member, at)
            left = wait_left(attempts, at)
            if left > 0:
                raise WrongPin(f"That PIN is not right. Please wait {ceil(left)} seconds before trying again.")
            raise WrongPin("That PIN is not right. Please try again.")
        if state.pin_attempts_of(member_id) is not None:
            self._forget_wrong_pins(member)
        return PanelService(self._file, Actor.of(member))

    def _count_wrong_pin(self, member: PanelMember, at: datetime) -> PinAttempts:
        with self._file.transaction() as tx:
            attempts = after_wrong_pin(tx.state.pin_attempts_of(member.id), member.id, at)
            tx.put(attempts)
            tx.record(AuditEvent(
                actor_id=TOOL_ID, actor_name="sign-in", action="a wrong PIN was typed", target=member.name,
                record=f"pin_attempts:{member.id}", member_id=member.id,
                after={"failures": attempts.failures, "waits": attempts.waits},
            ))
        return attempts

    def _forget_wrong_pins(self, member: PanelMember) -> None:
        with self._file.transaction() as tx:
            attempts = tx.state.pin_attempts_of(member.id)
            if attempts is not None:
                tx.remove(attempts)
                tx.record(AuditEvent(
                    actor_id=member.id, actor_name=member.name, action="signed in after wrong PINs",
                    target=member.name, record=f"pin_attempts:{member.id}", member_id=member.id,
                ))


def restore_session(
    export: str | Path, folder: str | Path, *, path: str | Path | None = None, by: str = "panel-tui import"
) -> OpenedSession:
    """A new session file from a whole-session session.json: the same records and audit trail.

    Refuses a path that exists (a session is never overwritten) and creates
    nothing when the file is damaged. One event is added at the end of the
    restored trail: that it was restored, from which file, by whom.
    """
    export = Path(export)
    imported = read_export(export)
    target = Path(path) if path else free_session_path(Path(folder), imported.state.session.vacancy)
    event = AuditEvent(
        actor_id=TOOL_ID,
        actor_name=by,
        action="restored the session from an export",
        target=imported.state.session.vacancy,
        after={"file": export.name, "exported_at": imported.exported_at, "options": imported.options},
        record="",
    )
    return OpenedSession(SessionFile.restore(target, imported.state, [*imported.events, event]))


# Damaged files: the newest good backup, and putting it back ---------------------


def moment_in_words(moment: datetime) -> str:
    """'3 December 2025 at 14:02', in local time."""
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def session_backups(path: str | Path) -> list[Backup]:
    """The backups beside a session file, newest first, each checked as opening would check it."""
    return list_backups(Path(path))


def restore_command(path: str | Path, number: int) -> str:
    """The exact command that puts backup `number` back (the full path, quoted for the shell)."""
    return f"panel-tui restore {shlex.quote(str(Path(path).absolute()))} --from {number}"


def recovery_advice(path: str | Path) -> str:
    """What to do about a session file that cannot be opened: the newest good backup and the command to put it back."""
    path = Path(path)
    good = newest_good_backup(path)
    if good is None:
        return (
            "There is no good backup of it to put back. Keep the file as it is and ask for help. "
            "If the session was exported, 'panel-tui import' can make a new session from its session.json."
        )
    return (
        f"Backup {good.number}, from {moment_in_words(good.taken_at)}, is the newest good one; "
        f"changes saved after that are not in it. To put it back, run:\n"
        f"  {restore_command(path, good.number)}"
    )


def explain_problem(error: PanelError, session: str | Path) -> str:
    """A problem with a session file in plain words; for a damaged or missing file, the backup to put back."""
    session = Path(session)
    if isinstance(error, SessionDamaged):
        first = f"The session file {session} is damaged: {error.reason}. It has not been changed."
    elif isinstance(error, SessionMissing) and error.path == session and list_backups(session):
        first = str(error)
    else:
        return str(error)
    return f"{first}\n{recovery_advice(session)}"


def problem_report(path: str | Path) -> str:
    """Why a session file cannot be opened, with the backup to put back; empty when it opens."""
    path = Path(path)
    try:
        peek(path)
    except StoreError as error:
        return explain_problem(error, path)
    return ""


def restore_from_backup(
    path: str | Path,
    number: int | None = None,
    *,
    force: bool = False,
    by: str = "panel-tui restore",
    lock_timeout: float = LOCK_TIMEOUT,
) -> Restored:
    """Put a backup (default: the newest good one) back in place of a damaged session file.

    A file that is not damaged is refused unless `force`: putting a backup
    back loses everything saved since it was taken. The replaced file is kept
    aside, never deleted, and the restore is the last event of the audit
    trail, written with the restored file in one atomic step.
    """

    def record(plan: Restored) -> AuditEvent:
        return AuditEvent(
            actor_id=TOOL_ID,
            actor_name=by,
            action="restored the session from a backup",
            target=plan.state.session.vacancy,
            before={
                "problem": plan.replaced_problem or "none (the file was not damaged; the restore was forced)",
                "kept_aside": plan.kept_aside.name if plan.kept_aside else None,
            },
            after={
                "backup": plan.backup.number,
                "taken_at": plan.backup.taken_at.isoformat(timespec="seconds"),
                "entries_after_backup": plan.later_entries,
                **({"trail_kept_aside": plan.trail_kept_aside.name} if plan.trail_kept_aside else {}),
            },
            record="",
        )

    return restore_backup(Path(path), number, record=record, replace_sound=force, lock_timeout=lock_timeout)
