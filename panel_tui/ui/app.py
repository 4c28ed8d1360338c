"""The panel-tui Textual app: screens, themes, help and the command palette.

The app itself holds little: which session is open, who is signed in, the
save queue every change runs through, and the one watcher of the session
file. Each screen owns its behaviour and acts through the application layer.

The event loop never takes the session's lock and never waits on a thread
that holds it: opening a file, signing in with a PIN and every change run in
the save queue or a thread worker, and report back by message.

Hub mode (issue 12): `served` means this process serves one browser tab of
`panel-tui serve`, so every session is opened with PINs required; `member`
(an SSH ForceCommand login) means only that person can sign in. When the hub
asks for it, `hub_status` tells the hub who is signed in on this tab. After
signing in, a member who had started a sheet is taken back to it, and one
who asked for plain mode or large print is told how to get it
(`format_advice`).
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TypeVar

from textual import messages, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .. import __version__
from ..domain.errors import PanelError
from ..domain.models import AccessProfile, Format
from ..domain.scoring import needs_briefing
from ..services import OpenedSession, PanelService, ResumePoint, explain_problem, resume_point
from ..settings import Settings, load_settings, save_settings
from .hub_status import HubStatus
from .messages import (
    CannotOpen,
    OpenSession,
    SavesDone,
    SessionChanged,
    SessionOpened,
    SessionUnreadable,
    SignedIn,
)
from .save_queue import SaveQueue
from .screens.base import Attempts
from .screens.briefing import BriefingScreen
from .screens.candidate_picker import CandidatePickerScreen
from .screens.help import HelpScreen
from .screens.overview import OverviewScreen
from .screens.scoring import ScoringScreen
from .screens.session_list import SessionListScreen
from .screens.sign_in import SignInScreen
from .themes import OLD_NAMES, PLAIN_NAMES, THEME_CYCLE, THEMES
from .watcher import watch_session

SWITCH_INTERVAL = 0.001
"""Seconds a thread may keep Python's GIL while another waits (Python's default is 0.005).

The app has three kinds of thread: the event loop (keys, drawing), the saver
(which holds the session's lock while it parses and writes the file) and the
watcher's re-reads. With the default, each hand-over of the GIL could cost 5 ms,
so a save held the lock (and every other terminal waited) while this process
drew, and a key waited while a file was parsed. Measured with 4 other processes
saving flat out: the saver's time holding the lock p95 32.6 ms at 5 ms, 15.6 ms
at 1 ms; key to screen p95 50.6 ms, 35.4 ms."""
T = TypeVar("T")
UI_LOCK_TIMEOUT = 5.0
"""A save from a screen waits this long for another terminal, then says 'not saved yet' and tries again."""


class PanelApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "panel-tui"
    SUB_TITLE = "interview panels, fairly"
    BINDINGS = [
        Binding("f1", "help", "Help", id="help", tooltip="What this screen is for, in plain words"),
        Binding("question_mark", "help", "Help", show=False, id="help-alt"),
        Binding("ctrl+t", "next_theme", "Colours", id="theme", tooltip="Change colours; one choice is high contrast"),
    ]

    def __init__(
        self,
        sessions_dir: Path,
        session_path: Path | None = None,
        settings_file: Path | None = None,
        *,
        served: bool = False,
        member: str | None = None,
        require_pins: bool = False,
    ) -> None:
        super().__init__()
        self.sessions_dir = sessions_dir
        self.start_path = session_path
        self.settings_file = settings_file
        self.served = served
        """This process serves one browser tab of the hub: nobody signs in without their own PIN."""
        self.require_pins = served or require_pins
        """Nobody signs in without their own PIN: a hub's tab, or a login several people share (`--require-pins`)."""
        self.member = member
        """Only this person (by name, any case) is listed and may sign in: an SSH ForceCommand login."""
        self.hub_status: HubStatus | None = HubStatus.from_environment()
        """This tab's status file for the hub, when the hub asked for one (see `hub_status`)."""
        self.settings: Settings = load_settings(settings_file)
        self.opened: OpenedSession | None = None
        self.service: PanelService | None = None
        self.saves = SaveQueue()
        """Every change, in the order asked for, off the event loop."""
        self.unreadable: str | None = None
        """Why the open session file cannot be read just now, if it cannot."""
        self._stop_watching: asyncio.Event | None = None

    # Start-up ---------------------------------------------------------------

    def on_mount(self) -> None:
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._exit_on_hangup()
        for theme in THEMES:
            self.register_theme(theme)
        remembered = OLD_NAMES.get(self.settings.theme, self.settings.theme)
        self.theme = remembered if remembered in THEME_CYCLE else THEME_CYCLE[0]
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(SessionListScreen(self.sessions_dir))
        if self.start_path is not None:
            self.post_message(OpenSession(self.start_path))

    # Opening a session, signing in ----------------------------------------------

    @on(OpenSession)
    def _open_session(self, message: OpenSession) -> None:
        self._open_file(message.path)

    @work(thread=True, exit_on_error=False, group="open")
    def _open_file(self, path: Path) -> None:
        """Opening takes the session's lock (it tidies after crashes and may migrate): never on the event loop."""
        try:
            opened = OpenedSession.open(path, lock_timeout=UI_LOCK_TIMEOUT, pins_required=self.require_pins, member=self.member)
        except PanelError as error:
            self.post_message(CannotOpen(explain_problem(error, path)))  # reads the backups: here, off the event loop
            return
        self.post_message(SessionOpened(opened))

    def on_cannot_open(self, message: CannotOpen) -> None:
        self.notify(message.reason, title="Cannot open", severity="error", markup=False, timeout=30)

    @on(SessionOpened)
    def _session_opened(self, message: SessionOpened) -> None:
        self.opened = message.opened
        self.unreadable = None
        self._watch(message.opened)
        self.push_screen(SignInScreen(message.opened))

    @on(SignedIn)
    def _signed_in(self, message: SignedIn) -> None:
        service = self.service = message.service
        self._tell_hub(service)
        self.push_screen(OverviewScreen(service))
        point = self._attempt_quietly(lambda: resume_point(service.view()))
        if point is not None:
            self._resume(service, point)
        you = self._attempt_quietly(lambda: service.view().you)
        advice = format_advice(you.profile, in_browser=self.served) if you is not None else None
        if advice is not None:
            self.notify(advice, title="Working with me", markup=False, timeout=30)

    def _resume(self, service: PanelService, point: ResumePoint) -> None:
        """Back where they were: the list of candidates, then the sheet at the question they were on."""
        member = self._attempt_quietly(lambda: service.view().you)
        if member is None:
            return

        def open_sheet(agreed: bool | None = True) -> None:
            if not agreed:
                return  # they went back from the confidentiality statement: the list of candidates, as usual
            scoring = self._attempt_quietly(lambda: ScoringScreen(service, member.id, point.candidate_id))
            if scoring is None:
                return
            scoring.set_reactive(ScoringScreen.index, point.number - 1)
            self.push_screen(scoring)
            self.notify(point.sentence, markup=False, timeout=8)

        self.push_screen(CandidatePickerScreen(service))
        if needs_briefing(service.state, member):  # a sheet typed in by a script: the statement comes first
            self.push_screen(BriefingScreen(service), open_sheet)
        else:
            open_sheet()

    @staticmethod
    def _attempt_quietly(read: Callable[[], T]) -> T | None:
        """A read that may find the file changed or unreadable: then there is simply nowhere to go back to."""
        try:
            return read()
        except PanelError:
            return None

    @on(SignInScreen.Showing)
    def _nobody_signed_in(self) -> None:
        """'Who are you?' is showing: first, or after someone signed out."""
        self.service = None
        self._tell_hub(None)

    def _tell_hub(self, service: PanelService | None) -> None:
        hub = self.hub_status
        if hub is None:
            return
        if service is None:
            opened = self.opened
            listing = self._attempt_quietly(opened.who_are_you) if opened is not None else None
            hub.show(None, None, listing.vacancy if listing is not None else None)
            return
        view = self._attempt_quietly(service.view)
        vacancy = view.state.session.vacancy if view is not None else None
        hub.show(service.actor.name, service.actor.role, vacancy)

    # The one watcher ------------------------------------------------------------

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def _watch(self, opened: OpenedSession) -> None:
        if self._stop_watching is not None:
            self._stop_watching.set()
        stop = self._stop_watching = asyncio.Event()
        try:
            await watch_session(opened, self.post_message, stop)
        except (OSError, RuntimeError) as error:  # no inotify here: say so; saving still works
            self.notify(f"This screen will not update by itself ({error}). Press Escape and come back to refresh.",
                        severity="warning", markup=False, timeout=10)

    def on_session_changed(self, message: SessionChanged) -> None:
        if self.unreadable is not None:
            self.unreadable = None
            self.notify("The session file can be read again.", markup=False, timeout=6)
        if self.screen_stack:  # the watcher may speak once more while the app is closing its screens
            self.screen.post_message(SessionChanged())

    def on_session_unreadable(self, message: SessionUnreadable) -> None:
        if self.unreadable != message.reason:
            self.notify(
                f"{message.reason}\nNothing more will be saved to it. What you type stays on screen.",
                title="The session file cannot be read", severity="error", markup=False, timeout=30,
            )
        self.unreadable = message.reason

    # App-wide actions ---------------------------------------------------------

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        text = screen.HELP if isinstance(screen, Attempts) else ""
        title = getattr(screen, "BINDING_GROUP_TITLE", None) or "panel-tui"
        keys: list[tuple[str, str]] = []
        described: set[str] = set()
        ours = _own_actions(screen) | _own_actions(self)
        for active in screen.active_bindings.values():
            binding = active.binding
            mine = active.node in (screen, self) and binding.action in ours
            if not mine or not binding.description or not active.enabled:
                continue  # only panel-tui's own keys: not the framework's ("Focus Next", "Copy selected text")
            if binding.description in described:
                continue  # the digits of the scale are one line: "0-4 Score"
            described.add(binding.description)
            keys.append((self.get_key_display(binding), binding.description))
        self.push_screen(HelpScreen(title, getattr(screen, "help_text", None) or text or "", keys))

    def _flush_screens(self) -> None:
        """Every screen saves what is typed and not saved yet (a note in its pause before saving)."""
        for screen in self.screen_stack:
            flush = getattr(screen, "flush", None)
            if callable(flush):
                flush()

    async def action_quit(self) -> None:
        """Save what is typed, let every queued save finish (off the event loop), then quit: nothing is lost."""
        self._flush_screens()
        if not self.saves.pending:
            self.exit()
            return
        self.notify("Saving what you typed, then closing…", markup=False, timeout=5)
        self._finish_saves_then_exit()

    @work(thread=True, exit_on_error=False, group="quit")
    def _finish_saves_then_exit(self) -> None:
        self.saves.close()
        self.post_message(SavesDone())

    def on_saves_done(self, message: SavesDone) -> None:
        self.exit()

    def _exit_on_hangup(self) -> None:
        """A dropped SSH line (SIGHUP) or a stop (SIGTERM) exits as a closed browser tab does: saving first.

        Python's default ends the process at once, losing a note in its pause
        before saving; Textual's terminal driver handles neither signal (its web
        driver already turns SIGTERM into an exit). Not in tests (headless).
        """
        if self.is_headless or sys.platform == "win32":
            return
        loop = asyncio.get_running_loop()
        wanted = [signal.SIGHUP] if self.is_web else [signal.SIGHUP, signal.SIGTERM]
        for number in wanted:
            try:
                loop.add_signal_handler(number, lambda: self.post_message(messages.ExitApp()))
            except (RuntimeError, ValueError):  # no loop for signals here (a thread), or not a signal this system has
                pass

    def on_exit_app(self, message: messages.ExitApp) -> None:
        """Told to exit without Ctrl+Q (a browser tab closed, the hub stopped, SIGTERM): save what is typed first.

        The screens are taken down before `on_unmount`, so this is the last
        moment a note in its pause before saving can still be read; the save
        queue then finishes it in `on_unmount`.
        """
        self._flush_screens()

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching.set()
        self.saves.close(timeout=10)
        if self.hub_status is not None:
            self.hub_status.close()

    def action_next_theme(self) -> None:
        current = self.theme if self.theme in THEME_CYCLE else THEME_CYCLE[-1]
        self.theme = THEME_CYCLE[(THEME_CYCLE.index(current) + 1) % len(THEME_CYCLE)]
        self.notify(f"Colours: {PLAIN_NAMES.get(self.theme, self.theme)}", markup=False, timeout=3)

    def _remember_theme(self, theme: object) -> None:
        self.settings = self.settings.model_copy(update={"theme": self.theme})
        save_settings(self.settings, self.settings_file)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key shown in the footer is also a command in the palette (Ctrl+P)."""
        yield from super().get_system_commands(screen)
        seen: set[str] = {"Theme", "Quit", "Keys", "Screenshot", "Maximize", "Minimize"}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled or binding.description in seen:
                continue
            seen.add(binding.description)
            key = self.get_key_display(binding)
            help_text = f"{binding.tooltip or binding.description} (key: {key})"
            yield SystemCommand(binding.description, help_text, partial(self._run_binding, active.node, binding.action))

    def _run_binding(self, node: object, action: str) -> None:
        self.call_later(self.run_action, action, node)


def format_advice(profile: AccessProfile, *, in_browser: bool) -> str | None:
    """After signing in: one line on how to get the format their profile asks for, if this screen is not it."""
    if profile.format is Format.PLAIN:
        if in_browser:
            return (
                "You asked for plain mode: use 'Screen reader mode' at the top of the page, "
                "or ask the chair for a terminal with 'panel-tui --plain'."
            )
        return "You asked for plain mode: quit with Ctrl+Q and start 'panel-tui --plain'."
    if profile.format is Format.LARGE_PRINT:
        if in_browser:
            return "You asked for large print: use 'Larger text' at the top of the page."
        return "You asked for large print: make the terminal's text bigger (Ctrl and + in most terminals)."
    return None


def _own_actions(node: object) -> set[str]:
    """The actions of the keys panel-tui itself binds on this node's classes (not Textual's own)."""
    return {
        binding.action
        for cls in type(node).__mro__
        if cls.__module__.startswith("panel_tui")
        for binding in cls.__dict__.get("BINDINGS", [])
        if isinstance(binding, Binding)
    }


def make_app(
    sessions_dir: Path,
    session_path: Path | None = None,
    settings_file: Path | None = None,
    *,
    served: bool = False,
    member: str | None = None,
    require_pins: bool = False,
) -> PanelApp:
    """The one way to build the app, for the CLI, the hub and the tests (see `PanelApp` for the keywords)."""
    return PanelApp(
        sessions_dir=sessions_dir, session_path=session_path, settings_file=settings_file, served=served, member=member,
        require_pins=require_pins,
    )


__all__ = ["PanelApp", "make_app", "__version__"]
